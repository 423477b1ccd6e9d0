"""Every screen and dialog on a real X server (Xvfb, xcb), light and dark, English and German.

The PNGs land in tests/artifacts/screenshots/ for QA and as CI artifacts; the test checks that each
screen rendered (not blank), that dark differs from light, and that German differs from English.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.fixtures.xvfb import Xvfb

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts" / "screenshots"
SCREENS = ["main-colleagues", "main-journal", "main-keypad", "settings-sipTab", "settings-cstaTab",
           "settings-journalTab", "settings-audioTab", "settings-appearanceTab", "settings-validation",
           "incoming-call"]


def _mean_brightness(image: QImage) -> float:
    step = max(1, image.width() // 64)
    values = [image.pixelColor(x, y).lightness() for x in range(0, image.width(), step)
              for y in range(0, image.height(), step)]
    return sum(values) / len(values)


def _distinct_colours(image: QImage) -> int:
    step = max(1, image.width() // 64)
    return len({image.pixel(x, y) for x in range(0, image.width(), step)
                for y in range(0, image.height(), step)})


@pytest.fixture(scope="module")
def rendered(xvfb: Xvfb, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Renders the four variants once (a process each, as the app would run) into ARTIFACTS."""
    home = tmp_path_factory.mktemp("screens-home")
    out: dict[tuple[str, str], Path] = {}
    for theme in ("light", "dark"):
        for language in ("en", "de"):
            env = {**os.environ, "DISPLAY": xvfb.display, "QT_QPA_PLATFORM": "xcb",
                   "TANDEM_HOME": str(home / f"{theme}-{language}")}
            env.pop("WAYLAND_DISPLAY", None)
            proc = subprocess.run([sys.executable, str(ROOT / "tests" / "gui" / "screens.py"), str(ARTIFACTS),
                                   "--theme", theme, "--language", language], env=env, capture_output=True,
                                  text=True, timeout=180, check=False, cwd=ROOT)
            assert proc.returncode == 0, proc.stdout + proc.stderr
            out[(theme, language)] = ARTIFACTS
    return out


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_screens_render(theme: str, language: str, rendered: dict[tuple[str, str], Path]) -> None:
    folder = rendered[(theme, language)]
    for screen in SCREENS:
        path = folder / f"{screen}-{theme}-{language}.png"
        assert path.exists(), f"{path.name} was not rendered"
        image = QImage(str(path))
        assert image.width() > 200 and image.height() > 100
        assert _distinct_colours(image) > 8, f"{path.name} looks blank"
        brightness = _mean_brightness(image)
        if theme == "dark":
            assert brightness < 110, f"{path.name} is not dark ({brightness:.0f})"
        else:
            assert brightness > 150, f"{path.name} is not light ({brightness:.0f})"


def test_german_screens_differ_from_english(rendered: dict[tuple[str, str], Path]) -> None:
    folder = rendered[("light", "en")]
    pairs = [(folder / f"{s}-light-en.png", folder / f"{s}-light-de.png") for s in SCREENS]
    different = [a.name for a, b in pairs if QImage(str(a)) != QImage(str(b))]
    assert len(different) == len(SCREENS), f"identical in both languages: {set(SCREENS) - set(different)}"
