"""The Qt binding keeps Python's reference counts straight (PySide6 6.12.0 did not: every call of a
void method dropped a reference to None, and the interpreter aborted once it ran out)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QCheckBox, QLabel


def test_void_methods_leave_none_true_and_false_alone(qapp: object) -> None:
    box, label = QCheckBox("x"), QLabel("y")
    calls = 2000
    before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    for i in range(calls):
        box.setChecked(i % 2 == 0)
        label.setText("a")
        label.setVisible(True)
    after = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    drift = [a - b for a, b in zip(after, before, strict=True)]
    # A little noise from caches is fine; a leak or a double release is one per call.
    assert all(abs(d) < calls // 10 for d in drift), drift
