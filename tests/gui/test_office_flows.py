"""Flows through the real window against the simulated PBX: desk phone over a real CSTA TCP link, UC
presence over the real Web Services Interface (HTTP), the journal in a real SQLite file.

The simulator runs on the same qasync loop as the window; every check reads either the widgets or
the simulator's own call model (the PBX's truth), never the engine's internals.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import dataclasses
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import qasync
from PySide6.QtCore import QMimeData, Qt

from tandem.config.credentials import CredentialStore
from tandem.config.paths import Paths
from tandem.config.settings import (
    CstaSettings,
    JournalSettings,
    Settings,
    SettingsStore,
    UiSettings,
    WsiSettings,
)
from tandem.core.activecalls import CallPhase
from tandem.core.callevents import Connection, ConnectionState
from tandem.core.presence import PresenceModel
from tandem.core.ucpresence import UcPresence, UcPresenceStatus
from tandem.cti.framing import Framing
from tandem.gui.app import TandemApp
from tandem.gui.colleagues import CALL_MIME, ColleaguesModel
from tandem.gui.session import Session
from tandem.gui.settings_dialog import SettingsDialog
from tandem.gui.wiring import check_csta_login, wire
from tandem.journal.live import LiveCall, LiveSource
from tandem.journal.records import Direction
from tandem.net.csta_link import CstaClient, CstaClientConfig
from tandem.net.wsi_client import WsiClient, WsiEndpoint
from tandem.pbxsim.callmodel import Pbx, parse_extension_range
from tandem.pbxsim.csta_server import CstaServer, CstaServerSettings
from tandem.pbxsim.wsi_server import WsiOffice, WsiServer, connect_call_model
from tests.fixtures.qt import run_async, wait_for
from tests.fixtures.secret_service import SecretServiceSession

OWN = "120"
NAMES = {"120": "Me Myself", "121": "Anna Becker", "122": "Ben Kraus", "123": "Cora Lang"}


@dataclasses.dataclass
class Office:
    loop: qasync.QEventLoop
    pbx: Pbx
    server: CstaServer
    session: Session
    app: TandemApp
    wsi: WsiServer

    @property
    def ui(self):  # type: ignore[no-untyped-def]
        return self.app.window.ui

    def call_of(self, device: str) -> str | None:
        legs = self.pbx.legs(device)
        return next(iter(legs), None)


def _settings(port: int, wsi_port: int = 0) -> Settings:
    return Settings(
        wsi=WsiSettings(enabled=bool(wsi_port), host="127.0.0.1", port=wsi_port or 8802, https=False,
                        user=OWN),
        csta=CstaSettings(enabled=True, host="127.0.0.1", port=port, framing="siemens", login_name="AMHOST",
                          own_extension=OWN, monitored=tuple(parse_extension_range("120-129")),
                          heartbeat_interval=5.0),
        journal=JournalSettings(backend="sqlite"),
        ui=UiSettings(call_with="deskphone", close_to_tray=False),
    )


@contextlib.asynccontextmanager
async def open_office() -> AsyncIterator[Office]:
    """The simulator, a session wired to it and the window, all inside the running loop.

    Opened and closed within one test's coroutine: pytest-qt processes Qt events between test
    phases, where no asyncio loop runs, so no connection may stay open across them.
    """
    pbx = Pbx(parse_extension_range("120-129"), trunks=4, names=NAMES)
    server = CstaServer(pbx, CstaServerSettings(port=0, framing=Framing.AUTO, heartbeat_interval=5.0))
    await server.start()
    wsi_office = WsiOffice()
    connect_call_model(wsi_office, pbx, uc_password)
    wsi = WsiServer(wsi_office)
    await wsi.start(http_port=0)
    assert wsi.http_port is not None
    CredentialStore().set("csta", "AMHOST", "77777")
    CredentialStore().set("wsi", OWN, uc_password(OWN))
    session = Session(_settings(server.port, wsi.http_port), Paths.from_env(), CredentialStore())
    session.set_names(NAMES)
    wire(session)
    app = TandemApp(session)
    app.window.show()
    office = Office(asyncio.get_running_loop(), pbx, server, session, app, wsi)  # type: ignore[arg-type]
    try:
        await session.start()
        cti_label = app.window.status_labels["cti"]
        await wait_for(lambda: "connected" in cti_label.text(), what="the desk phone link")
        await wait_for(lambda: all(session.presence.device(d).state.value == "idle"
                                   for d in ("120", "121", "122")), what="colleagues' states")
        yield office
    finally:
        app.close()
        app.window.quit()
        await session.stop()
        await server.stop()
        await wsi.close()


Runner = Callable[[Callable[[Office], Awaitable[None]]], None]


@pytest.fixture
def desk(qloop: qasync.QEventLoop, secret_service: SecretServiceSession) -> Runner:
    """Runs a test coroutine with an open office: `desk(body)` where `body(office)`."""
    def run(test: Callable[[Office], Awaitable[None]]) -> None:
        async def body() -> None:
            async with open_office() as office:
                await test(office)

        run_async(qloop, body(), timeout=120)

    return run


def uc_password(extension: str) -> str:
    return f"uc-{extension}"


def _calls_text(office: Office) -> list[str]:
    model = office.app.window.calls
    return [model.call_at(r).describe for r in range(model.rowCount())]


def test_call_from_the_dial_field_on_the_desk_phone(desk: Runner, qtbot: object) -> None:
    async def body(office: Office) -> None:
        ui = office.ui
        assert ui.callWithCombo.currentText() == f"My desk phone {OWN}"
        ui.dialField.setText("Anna Becker")  # by name: the directory turns it into 121
        qtbot.mouseClick(ui.dialButton, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        await wait_for(lambda: office.pbx.legs("121"), what="121 to ring")
        call_id = office.call_of("121")
        assert call_id is not None
        assert office.pbx.legs("121")[call_id] is ConnectionState.ALERTING
        await wait_for(lambda: any("ringing" in t for t in _calls_text(office)),
                                        what="the calls panel to show ringing")
        tile = office.app.window.colleagues
        await wait_for(lambda: "ringing: 120" in tile.tile_text("121"), what="121's tile")
        office.pbx.answer_call(Connection(call_id, "121"))
        await wait_for(lambda: any("connected" in t for t in _calls_text(office)),
                                        what="the call to connect")
        assert "busy with 120" in tile.tile_text("121")
        ui.callsView.setCurrentIndex(office.app.window.calls.index(0))
        qtbot.mouseClick(ui.hangUpButton, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        await wait_for(lambda: not office.pbx.legs("120"), what="the PBX to clear the call")
        await wait_for(lambda: office.app.window.calls.rowCount() == 0,
                                        what="the panel to empty")

    desk(body)


def test_answer_an_incoming_external_call_from_the_notification(desk: Runner, qtbot: object) -> None:
    async def body(office: Office) -> None:
        office.pbx.incoming_call("08912345678", OWN)
        windows = office.app.incoming.windows
        await wait_for(lambda: windows, what="the notification")
        (notification,) = windows.values()
        assert notification.ui.callerName.text() == "08912345678"
        assert "desk phone" in notification.ui.callLine.text()
        await wait_for(lambda: "journal" in notification.ui.callerHistory.text()
                                        or "First call" in notification.ui.callerHistory.text(),
                                        what="the history line")
        qtbot.mouseClick(notification.ui.incomingAnswer, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        await wait_for(lambda: ConnectionState.CONNECTED in office.pbx.legs(OWN).values(),
                                        what="the PBX to connect 120")
        await wait_for(lambda: not windows, what="the notification to close")
        assert office.app.window.calls.call_at(0).phase is CallPhase.TALKING

    desk(body)


def test_dnd_toggle_is_seen_on_another_clients_tile(desk: Runner) -> None:
    async def second_client(office: Office) -> None:
        config = CstaClientConfig(host="127.0.0.1", port=office.server.port, framing=Framing.RAW)
        other = CstaClient(config, "77777", PresenceModel())
        tiles = ColleaguesModel(other.presence, NAMES)
        await other.monitor([OWN])
        await other.start()
        try:
            await other.wait_synced(20)
            office.ui.dndToggle.click()
            await wait_for(lambda: office.pbx.get_dnd(OWN), what="the PBX to switch DND on")
            await wait_for(lambda: "do not disturb" in tiles.tile_text(OWN), what="the other client's tile")
            await wait_for(lambda: office.ui.dndToggle.isChecked(), what="our toggle to stay on")
            office.ui.dndToggle.click()
            await wait_for(lambda: "free" in tiles.tile_text(OWN), what="DND off on the other tile")
        finally:
            tiles.close()
            await other.stop()
        assert not office.pbx.get_dnd(OWN)

    desk(second_client)


def test_attended_transfer_by_dropping_the_call_on_a_tile(desk: Runner, qtbot: object) -> None:
    async def body(office: Office) -> None:
        window = office.app.window
        office.pbx.incoming_call("0301234567", OWN)
        await wait_for(lambda: office.session.board.ringing(), what="the call to ring")
        window.answer()
        await wait_for(lambda: any(c.phase is CallPhase.TALKING for c in office.session.board),
                                        what="the call to connect")
        call = next(iter(office.session.board))
        data = QMimeData()
        data.setData(CALL_MIME, call.key.encode())
        target = window.colleagues.index(window.colleagues.row_of("122"))
        assert window.ui.colleaguesView.model().dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, target)
        await wait_for(lambda: ConnectionState.ALERTING in office.pbx.legs("122").values(),
                                        what="the consultation call to ring at 122")
        consult_id = office.call_of("122")
        assert consult_id is not None
        office.pbx.answer_call(Connection(consult_id, "122"))
        await wait_for(lambda: len(office.session.board) == 2 and window.ui
                                        .completeTransferButton.isEnabled(), what="two calls on the panel")
        qtbot.mouseClick(window.ui.completeTransferButton, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        await wait_for(lambda: not office.pbx.legs(OWN), what="120 to leave both calls")
        (joined,) = office.pbx.legs("122").keys()
        assert set(office.pbx.calls[joined].legs) == {"122", "0301234567"}
        await wait_for(lambda: len(office.session.board) == 0, what="the panel to empty")

    desk(body)


def test_call_back_from_the_missed_list(desk: Runner, qtbot: object) -> None:
    async def body(office: Office) -> None:
        store = office.session.journal
        assert store is not None
        start = datetime.now(timezone.utc) - timedelta(hours=1)
        store.add_live(LiveCall(LiveSource.CSTA, "missed-1", Direction.INCOMING, OWN, "0891112222", "Dr. Who",
                                start, None, start + timedelta(seconds=20)))
        window = office.app.window
        ui = window.ui
        ui.mainTabs.setCurrentWidget(ui.journalTab)
        ui.journalKindCombo.setCurrentIndex(ui.journalKindCombo.findData("missed"))
        await wait_for(lambda: window.journal.rowCount() == 1, what="the missed call")
        assert window.journal.call_at(0).number == "0891112222"
        ui.journalView.selectRow(0)
        assert "Dr. Who" in ui.journalDetails.text()
        qtbot.mouseClick(ui.callBackButton, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        await wait_for(lambda: office.pbx.legs(OWN), what="the call back to start")
        call_id = office.call_of(OWN)
        assert call_id is not None
        assert office.pbx.calls[call_id].called == "0891112222"
        # The filtered list exports as `tandem journal export` writes it.
        exported = Path(os.environ["TANDEM_HOME"]) / "missed.csv"
        assert await window.export_csv(exported) == 1
        with exported.open(encoding="utf-8") as text:
            rows = list(csv.DictReader(text))
        assert [(r["number"], r["name"], r["missed"]) for r in rows] == [("0891112222", "Dr. Who", "True")]

    desk(body)


def test_test_connection_against_a_stopped_simulator(qloop: qasync.QEventLoop, qtbot: object) -> None:
    async def stopped_port() -> int:
        server = CstaServer(Pbx(["100"]), CstaServerSettings(port=0))
        await server.start()
        port = server.port
        await server.stop()
        return port

    port = run_async(qloop, stopped_port())
    store = SettingsStore(Paths.from_env().settings_file)
    settings = _settings(port)
    dialog = SettingsDialog(settings, store, CredentialStore(), testers={"csta": check_csta_login})
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    task = dialog.test("csta")
    assert task is not None
    run_async(qloop, task)
    text = dialog.ui.cstaTestResult.text()
    assert text.startswith("Not connected")
    assert "refused" in text.lower()
    assert f"127.0.0.1:{port}" in text


def test_uc_presence_set_elsewhere_shows_on_the_tile(desk: Runner) -> None:
    async def body(office: Office) -> None:
        await wait_for(lambda: "UC presence: " in office.app.window.status_labels["wsi"].text()
                       and "off" not in office.app.window.status_labels["wsi"].text(), what="the WSI login")
        assert office.wsi.http_port is not None
        endpoint = WsiEndpoint("127.0.0.1", office.wsi.http_port, https=False)
        until = datetime.now().replace(hour=14, minute=0, second=0, microsecond=0)
        async with WsiClient(endpoint, "121", uc_password("121")) as anna:
            await anna.set_presence(UcPresence(UcPresenceStatus.MEETING, until))
        tiles = office.app.window.colleagues
        await wait_for(lambda: "in a meeting until 14:00" in tiles.tile_text("121"), what="Anna's tile")
        assert "121 · free" in tiles.tile_text("121")  # the phone itself is still free (CSTA)

    desk(body)


def test_a_missed_desk_phone_call_lands_in_the_journal_with_a_badge(desk: Runner) -> None:
    async def body(office: Office) -> None:
        window = office.app.window
        window.ui.mainTabs.setCurrentWidget(window.ui.colleaguesTab)
        connection = office.pbx.incoming_call("0401234567", OWN)
        assert connection is not None
        await wait_for(lambda: office.session.board.ringing(), what="the call to ring")
        office.pbx.external_hang_up(connection.call_id)  # the caller gives up
        await wait_for(lambda: window.unseen_missed == 1, what="the missed-call badge")
        tabs = window.ui.mainTabs
        assert tabs.tabText(tabs.indexOf(window.ui.journalTab)).endswith("(1)")
        window.ui.journalKindCombo.setCurrentIndex(window.ui.journalKindCombo.findData("missed"))
        tabs.setCurrentWidget(window.ui.journalTab)
        await wait_for(lambda: window.journal.rowCount() == 1, what="the missed call in the journal")
        assert window.journal.call_at(0).number == "0401234567"
        assert window.journal.call_at(0).missed
        assert window.unseen_missed == 0

    desk(body)


def test_new_settings_rebuild_the_lines_without_a_restart(desk: Runner) -> None:
    async def body(office: Office) -> None:
        window = office.app.window
        settings = office.session.settings
        moved = dataclasses.replace(settings, csta=dataclasses.replace(settings.csta, own_extension="121"))
        await office.session.restart(moved, wire)
        assert window.ui.callWithCombo.currentText() == "My desk phone 121"
        assert window.ui.ownExtensionBox.title().endswith("121")
        await wait_for(lambda: "Desk phone 121: connected" in window.status_labels["cti"].text(), 20,
                       "the new desk phone link")
        window.dial("122")
        await wait_for(lambda: ConnectionState.ALERTING in office.pbx.legs("122").values(), 20,
                       "121's call to ring at 122")
        call_id = office.call_of("122")
        assert call_id is not None and office.pbx.calls[call_id].calling == "121"

    desk(body)
