"""The Linux packages, built once per test session from this checkout (PyInstaller takes a while),
and the .deb installed into a scratch root with dpkg, for the installer tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.installer.bundle_build import REPO, Packages

BUILD_TIMEOUT = 900.0


def _require(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"{', '.join(missing)} missing: run installer/debian-deps.sh test")


@pytest.fixture(scope="session")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Packages]:
    """installer/build.sh --fast: the bundle, the .deb and the .tar.gz (some 400 MB, removed after)."""
    _require("dpkg-deb", "readelf", "gzip", "tar")
    out = tmp_path_factory.mktemp("packages")
    proc = subprocess.run([str(REPO / "installer" / "build.sh"), str(out), "--fast"],
                          env={**os.environ, "PYTHON": sys.executable}, capture_output=True, text=True,
                          timeout=BUILD_TIMEOUT, check=False)
    assert proc.returncode == 0, f"installer/build.sh failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}"
    debs = list(out.glob("tandem_*.deb"))
    tarballs = list(out.glob("tandem-*-linux-*.tar.gz"))
    assert len(debs) == 1 and len(tarballs) == 1, sorted(p.name for p in out.iterdir())
    yield Packages(bundle=out / "bundle" / "tandem", deb=debs[0], tarball=tarballs[0])
    shutil.rmtree(out, ignore_errors=True)


@pytest.fixture(scope="session")
def installed_root(packages: Packages, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A scratch root with its own dpkg database, the .deb installed into it by dpkg.

    --force-depends: the scratch root has no libraries; the programs in it run against this
    machine's, which is what the Depends line promises.
    """
    _require("dpkg")
    root = tmp_path_factory.mktemp("root")
    admin = root / "var" / "lib" / "dpkg"
    for folder in ("info", "updates", "triggers"):
        (admin / folder).mkdir(parents=True)
    (admin / "status").touch()
    proc = subprocess.run(["dpkg", f"--root={root}", "--force-depends", "--force-not-root", "-i",
                           str(packages.deb)], capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, f"dpkg could not install {packages.deb.name}:\n{proc.stderr[-4000:]}"
    yield root
    shutil.rmtree(root, ignore_errors=True)
