"""installer/windows/tandem.nsi compiles with Debian's makensis (warnings as errors) against a stand-in
payload, so that a syntax or logic error in the Windows installer cannot land unnoticed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.integration.installer.bundle_build import REPO

SCRIPT = REPO / "installer" / "windows" / "tandem.nsi"


def _makensis(bundle: Path, out: Path) -> subprocess.CompletedProcess[str]:
    if shutil.which("makensis") is None:
        pytest.fail("makensis missing: run installer/debian-deps.sh test (Debian package nsis)")
    return subprocess.run(["makensis", "-WX", "-V2", "-DVERSION=0.1.0", f"-DBUNDLE={bundle}",
                           f"-DSRCROOT={REPO}", f"-DOUTFILE={out}", str(SCRIPT)],
                          capture_output=True, text=True, timeout=120, check=False)


def _stand_in_payload(folder: Path) -> Path:
    """The shape of the PyInstaller bundle on Windows, with dummy contents."""
    bundle = folder / "tandem"
    (bundle / "_internal" / "PySide6").mkdir(parents=True)
    (bundle / "tandem.exe").write_bytes(b"MZ stand-in for the windowed executable")
    (bundle / "tandem-cli.exe").write_bytes(b"MZ stand-in for the console executable")
    (bundle / "_internal" / "python312.dll").write_bytes(b"stand-in")
    (bundle / "_internal" / "PySide6" / "Qt6Core.dll").write_bytes(b"stand-in")
    return bundle


def test_installer_script_compiles_against_a_stand_in_payload(tmp_path: Path) -> None:
    out = tmp_path / "Tandem-0.1.0-setup.exe"
    proc = _makensis(_stand_in_payload(tmp_path), out)
    assert proc.returncode == 0, f"{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    assert out.read_bytes()[:2] == b"MZ"  # a Windows program


def test_compiling_without_the_bundle_fails_naming_it(tmp_path: Path) -> None:
    out = tmp_path / "setup.exe"
    proc = _makensis(tmp_path / "no-such-bundle", out)
    assert proc.returncode != 0
    assert "no-such-bundle" in proc.stdout + proc.stderr
    assert not out.exists()
