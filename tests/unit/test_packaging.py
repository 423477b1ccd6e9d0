"""The package as installed: every folder of app/ is shipped, and the entry points answer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import tandem

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]


def test_every_app_package_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(("tandem", *p.parent.relative_to(ROOT / "app").parts))
        for p in (ROOT / "app").rglob("__init__.py")
    }
    assert on_disk == listed


def test_version_from_both_entry_points() -> None:
    for argv in (["tandem", "--version"], [sys.executable, "-m", "tandem", "--version"]):
        exe = str(Path(sys.executable).with_name("tandem")) if argv[0] == "tandem" else argv[0]
        out = subprocess.run([exe, *argv[1:]], capture_output=True, text=True, check=True, timeout=60)
        assert out.stdout.strip() == f"tandem {tandem.__version__}"


def test_help_lists_doctor() -> None:
    out = subprocess.run([sys.executable, "-m", "tandem", "--help"], capture_output=True, text=True,
                         check=True, timeout=60)
    assert "doctor" in out.stdout


def test_import_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "broken" not in proc.stdout.lower() or " 0 broken" in proc.stdout
