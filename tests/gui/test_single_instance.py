"""One Tandem per user: a second start, or a clicked tel:/sip: link (`tandem dial URI`, which the
desktop file runs), hands its request to the running instance and ends."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
import qasync

from tandem.gui.single_instance import SingleInstance, server_name
from tests.fixtures.qt import run_async, wait_for


def test_a_clicked_link_goes_to_the_running_instance(qloop: qasync.QEventLoop, tandem_home: Path) -> None:
    requests: list[dict[str, str]] = []
    instance = SingleInstance(requests.append)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TANDEM_HOME": str(tandem_home)}

    async def body() -> tuple[int, int]:
        dial = subprocess.Popen([sys.executable, "-m", "tandem", "dial", "tel:+49 89 1234-567"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        await wait_for(lambda: dial.poll() is not None, 60, "the second start to end")
        plain = subprocess.Popen([sys.executable, "-m", "tandem"], env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        await wait_for(lambda: plain.poll() is not None, 60, "a plain second start to end")
        await asyncio.sleep(0)
        return dial.returncode, plain.returncode

    try:
        codes = run_async(qloop, body(), timeout=120)
    finally:
        instance.close()
    assert codes == (0, 0)
    assert requests == [{"dial": "tel:+49 89 1234-567"}, {"show": "1"}]


def test_profiles_do_not_share_an_instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TANDEM_HOME", str(tmp_path / "a"))
    first = server_name()
    monkeypatch.setenv("TANDEM_HOME", str(tmp_path / "b"))
    assert server_name() != first  # the demo's throw-away profile never meets the real instance
