"""Compiled forms, translations and resources are exactly what their sources produce (`make forms`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _body(text: str) -> list[str]:
    # The header names the generator's version; everything else must match to the letter.
    return [line for line in text.splitlines() if not line.startswith(("## Created by", "# Created by"))]


@pytest.mark.parametrize("form", sorted(p.stem for p in (ROOT / "ui").glob("*.ui")))
def test_compiled_form_is_fresh(form: str, tmp_path: Path) -> None:
    out = tmp_path / f"ui_{form}.py"
    subprocess.run([BIN / "pyside6-uic", "--from-imports", ROOT / "ui" / f"{form}.ui", "-o", out], check=True)
    committed = ROOT / "app" / "gui" / "forms" / f"ui_{form}.py"
    assert committed.exists(), f"run `make forms`: {committed} is missing"
    assert _body(committed.read_text()) == _body(out.read_text()), f"run `make forms`: {committed} is stale"


def test_translations_are_complete_and_compiled(tmp_path: Path) -> None:
    for ts in (ROOT / "resources" / "translations").glob("*.ts"):
        text = ts.read_text(encoding="utf-8")
        assert 'type="unfinished"' not in text, f"{ts.name} has untranslated text"
        qm = tmp_path / ts.with_suffix(".qm").name
        subprocess.run([BIN / "pyside6-lrelease", "-silent", ts, "-qm", qm], check=True)
        assert qm.read_bytes() == ts.with_suffix(".qm").read_bytes(), f"run `make forms`: {ts.name}"


def test_resource_module_is_fresh(tmp_path: Path) -> None:
    out = tmp_path / "rc.py"
    # Format 1 carries no file times, so a fresh clone compiles to the same bytes.
    rcc = [BIN / "pyside6-rcc", "--format-version", "1"]
    subprocess.run([*rcc, ROOT / "resources" / "tandem.qrc", "-o", out], check=True)
    committed = ROOT / "app" / "gui" / "forms" / "rc_tandem.py"
    assert _body(committed.read_text()) == _body(out.read_text()), "run `make forms`: rc_tandem.py is stale"
