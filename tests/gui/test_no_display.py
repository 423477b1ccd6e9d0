"""Without any display, `tandem` says so and how to fix it instead of Qt's abort."""

from __future__ import annotations

import os
import subprocess
import sys


def test_no_display_gives_a_sentence_with_a_fix() -> None:
    hidden = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    env = {k: v for k, v in os.environ.items() if k not in hidden}
    for argv in (["--demo"], ["dial", "tel:+4989123"], []):
        proc = subprocess.run([sys.executable, "-m", "tandem", *argv], env=env, capture_output=True,
                              text=True, timeout=60, check=False)
        assert proc.returncode == 2, proc.stderr
        assert "no display" in proc.stderr and "xvfb-run" in proc.stderr
