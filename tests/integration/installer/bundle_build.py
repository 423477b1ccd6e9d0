"""Where the installer tests find the checkout, and what the package build gives them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class Packages:
    bundle: Path  # the PyInstaller one-folder bundle
    deb: Path
    tarball: Path
