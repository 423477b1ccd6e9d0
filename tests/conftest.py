"""Fixtures for the whole suite. Every test runs with TANDEM_HOME in a temp folder, so no test ever
reads or writes the real user's settings, journal or log."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["tests.fixtures.secret_service", "tests.fixtures.qt", "tests.fixtures.xvfb"]


@pytest.fixture(autouse=True)
def tandem_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "tandem-home"
    monkeypatch.setenv("TANDEM_HOME", str(home))
    return home
