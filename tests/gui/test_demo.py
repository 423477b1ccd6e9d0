"""`tandem --demo`: the simulated office starts, Tandem connects to all of it, a scenario plays through
the real widgets, and nothing is left behind: no process, no profile, nothing in the real settings or
keyring."""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import qasync
from PySide6.QtCore import Qt

from tandem.config.paths import Paths
from tandem.config.settings import SettingsStore
from tandem.core.activecalls import CallPhase, LineKind
from tandem.core.presence import DeviceState
from tandem.gui.app import TandemApp
from tandem.gui.demo import (
    demo_credentials,
    demo_root,
    demo_settings,
    demo_wiring,
    free_sip_port,
    start_office,
)
from tandem.gui.session import Session
from tests.fixtures.qt import run_async, wait_for
from tests.fixtures.secret_service import SecretServiceSession

ROOT = Path(__file__).resolve().parents[2]
CONNECTED = ("Desk phone 120: connected", "UC presence: PBX", "records added", "Softphone 220")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for our purpose (its parent has not reaped it yet).
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "State:\tZ" in status.read_text())


class DemoProcess:
    """`tandem --demo` as a user starts it, with a "real" profile of its own to prove untouched."""

    def __init__(self, real_home: Path, secret_service: SecretServiceSession, *args: str) -> None:
        self.real_config = real_home / "config"
        env = {**secret_service.env, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(self.real_config),
               "XDG_DATA_HOME": str(real_home / "data"), "XDG_STATE_HOME": str(real_home / "state")}
        env.pop("TANDEM_HOME", None)
        self.started = time.monotonic()
        self.proc = subprocess.Popen([sys.executable, "-m", "tandem", "-v", "--demo", *args], env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
        self.log = ""

    def wait_for_log(self, *needles: str, timeout: float = 60.0) -> float:
        assert self.proc.stderr is not None
        deadline = time.monotonic() + timeout
        while not all(n in self.log for n in needles):
            if self.proc.poll() is not None:
                raise AssertionError(f"tandem --demo ended ({self.proc.returncode}):\n{self.log[-3000:]}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no {needles} within {timeout} s:\n{self.log[-3000:]}")
            ready, _, _ = select.select([self.proc.stderr], [], [], 0.2)
            if ready:
                self.log += os.read(self.proc.stderr.fileno(), 65536).decode(errors="replace")
        return time.monotonic() - self.started

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stderr is not None:
            self.proc.stderr.close()

    @property
    def simulator_pid(self) -> int:
        match = re.search(r"demo office (\d+) up", self.log)
        assert match, self.log
        return int(match.group(1))

    @property
    def profile(self) -> Path:
        return demo_root() / str(self.proc.pid)


def _wait_gone(pid: int, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while _alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _tandem_entries(secret_service: SecretServiceSession) -> str:
    out = subprocess.run(["secret-tool", "search", "--all", "service", "Tandem"], env=secret_service.env,
                         capture_output=True, text=True, check=False)
    return out.stdout + out.stderr


def test_demo_connects_everything_and_quits_cleanly(tmp_path: Path,
                                                    secret_service: SecretServiceSession) -> None:
    real_settings = tmp_path / "config" / "Tandem" / "settings.json"
    real_settings.parent.mkdir(parents=True)
    real_settings.write_text('{"version": 1, "csta": {"host": "10.0.0.9"}}')
    before_keyring = _tandem_entries(secret_service)
    demo = DemoProcess(tmp_path, secret_service)
    try:
        seconds = demo.wait_for_log(*CONNECTED)
        assert seconds < 45, f"the demo office took {seconds:.1f} s to connect"
        simulator = demo.simulator_pid
        assert _alive(simulator)
        assert demo.profile.is_dir()
        demo.proc.send_signal(signal.SIGINT)
        assert demo.proc.wait(timeout=30) == 0
    finally:
        demo.close()
    assert _wait_gone(simulator), "the simulator outlived Tandem"
    assert not demo.profile.exists(), "the throw-away profile was left behind"
    assert real_settings.read_text() == '{"version": 1, "csta": {"host": "10.0.0.9"}}'
    assert sorted(p.name for p in real_settings.parent.iterdir()) == ["settings.json"]
    assert _tandem_entries(secret_service) == before_keyring


def test_a_killed_demo_leaves_no_process_and_the_next_one_cleans_up(
        tmp_path: Path, secret_service: SecretServiceSession) -> None:
    demo = DemoProcess(tmp_path, secret_service)
    try:
        demo.wait_for_log("Desk phone 120: connected")
        simulator = demo.simulator_pid
        stale = demo.profile
        demo.proc.kill()  # no chance to clean up
        demo.proc.wait(timeout=10)
    finally:
        demo.close()
    assert _wait_gone(simulator), "the simulator outlived a killed Tandem"
    assert stale.exists()
    again = DemoProcess(tmp_path, secret_service)
    try:
        again.wait_for_log("Desk phone 120: connected")
        assert not stale.exists(), "the next demo removes a killed demo's profile"
        again.proc.send_signal(signal.SIGTERM)
        assert again.proc.wait(timeout=30) == 0
    finally:
        again.close()


def test_scripted_morning_through_the_widgets(qloop: qasync.QEventLoop, tandem_home: Path) -> None:
    """resources/scenarios/morning.txt, step by step, as the colleagues board and journal show it."""
    office = start_office(str(ROOT / "resources" / "scenarios" / "morning.txt"))
    settings = demo_settings(office.info)
    SettingsStore(Paths.from_env().settings_file).save(settings)
    session = Session(settings, Paths.from_env(), demo_credentials(office.info))
    demo_wiring(office)(session)
    app = TandemApp(session)

    async def morning() -> None:
        window = app.window
        tiles = window.colleagues
        window.show()
        await session.start()
        try:
            def tile(ext: str) -> str:
                return tiles.tile_text(ext)

            await wait_for(lambda: "busy with 08912345678" in tile("122"), 30, "the office to open with Ben "
                           "on a call")
            await wait_for(lambda: "ringing: 121" in tile("126"), 30, "Finn's tile to ring")
            await wait_for(lambda: "busy with 121" in tile("126") and "busy with 126" in tile("121"), 15,
                           "Anna and Finn talking")
            await wait_for(lambda: "free" in tile("126") and "free" in tile("121"), 15, "both free again")
            await wait_for(lambda: app.incoming.windows, 15, "the customer's call to pop up")
            (popup,) = app.incoming.windows.values()
            assert "04098765432" in (popup.ui.callerNumber.text(), popup.ui.callerName.text())
            await wait_for(lambda: not app.incoming.windows, 15, "the customer to give up")
            await wait_for(lambda: window.unseen_missed == 1, 15, "a missed call")
            await wait_for(lambda: session.presence.device("123").state is DeviceState.DO_NOT_DISTURB, 15,
                           "Cora's DND")
            assert "do not disturb" in tile("123")
            await wait_for(lambda: "free" in tile("123"), 15, "Cora back")
            await wait_for(lambda: "forwarded to 130" in tile("126"), 15, "Finn forwarded")
            await wait_for(lambda: "free" in tile("126"), 15, "Finn's forwarding off")
            window.ui.journalKindCombo.setCurrentIndex(window.ui.journalKindCombo.findData("missed"))
            window.ui.mainTabs.setCurrentWidget(window.ui.journalTab)
            await wait_for(lambda: window.journal.rowCount() >= 1, 15, "the missed call in the journal")
            assert window.journal.call_at(0).number == "04098765432"
        finally:
            await session.stop()
            app.close()
            window.quit()

    try:
        run_async(qloop, morning(), timeout=150)
    finally:
        office.stop()
    assert office.process.returncode == 0



def test_the_softphone_calls_a_colleague_through_the_window(qloop: qasync.QEventLoop, qtbot: object,
                                                            tandem_home: Path, tmp_path: Path) -> None:
    """Tandem's own softphone (extension 220, in this process) calls Anna in the demo office: her tile,
    the softphone's tile and the call board agree (also on hold and through a transfer), the desk
    phone stays out of it, and the journal keeps the call."""
    quiet = tmp_path / "quiet.txt"
    quiet.write_text("# no office life: only what this test does\n")
    office = start_office(str(quiet), softphone_port=free_sip_port())
    settings = demo_settings(office.info)
    assert settings.sip.enabled and not settings.sip.register and settings.sip.user == "220"
    assert settings.ui.call_with == "softphone" and "220" in settings.csta.monitored
    SettingsStore(Paths.from_env().settings_file).save(settings)
    session = Session(settings, Paths.from_env(), demo_credentials(office.info))
    demo_wiring(office)(session)
    app = TandemApp(session)

    async def call_anna() -> None:
        window = app.window
        ui = window.ui
        window.show()
        await session.start()
        try:
            def tile(ext: str) -> str:
                return window.colleagues.tile_text(ext)

            await wait_for(lambda: "free" in tile("121") and "free" in tile("220"), 30, "the office")
            assert "Alex Demo (PC)" in tile("220")
            assert ui.callWithCombo.currentText() == "This computer"
            ui.dialField.setText("121")
            qtbot.mouseClick(ui.dialButton, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
            await wait_for(lambda: "ringing: 220" in tile("121"), 20, "Anna's phone to ring")
            await wait_for(lambda: [c.phase for c in session.board] == [CallPhase.TALKING], 20,
                           "Anna to answer")
            (call,) = session.board
            assert call.line is LineKind.SOFTPHONE
            assert (call.remote, call.remote_name) == ("121", "Anna Becker")
            await wait_for(lambda: "busy with 220" in tile("121") and "busy with 121" in tile("220"), 10,
                           "both tiles busy")
            assert "free" in tile("120"), "the desk phone is not in the softphone's call"
            ui.callsView.setCurrentIndex(window.calls.index(0))
            qtbot.mouseClick(ui.holdButton, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
            await wait_for(lambda: "holding 121" in tile("220"), 20, "the office to see the softphone hold")
            await wait_for(lambda: [c.phase for c in session.board] == [CallPhase.HELD], 20, "the held call")
            qtbot.mouseClick(ui.retrieveButton, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
            await wait_for(lambda: "busy with 121" in tile("220"), 20, "the office to see it retrieve")
            # A blind transfer (REFER) to Cora: Anna now calls her, the softphone is out of it.
            window.blind_transfer(f"sip:123@{settings.sip.registrar}")
            await wait_for(lambda: "ringing: 121" in tile("123"), 20, "Anna transferred to Cora")
            await wait_for(lambda: not list(session.board), 20, "the softphone's call to end")
            await wait_for(lambda: "free" in tile("220"), 20, "the softphone free again")
            store = session.journal
            assert store is not None
            await wait_for(lambda: len(store.calls()) == 1, 20, "the call in the journal")
            assert store.calls()[0].number == "121"
        finally:
            await session.stop()
            app.close()
            window.quit()

    try:
        run_async(qloop, call_anna(), timeout=120)
    finally:
        office.stop()
    assert office.process.returncode == 0
