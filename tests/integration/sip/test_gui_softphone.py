"""The softphone through the real window: registered at kamailio, calling baresip and called by it.

The SIP engine runs inside this test process on the Qt loop (qasync), as it does in the app.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import qasync
from PySide6.QtCore import Qt

from tandem.config.credentials import CredentialStore
from tandem.config.paths import Paths
from tandem.config.settings import Settings, SipSettings, UiSettings
from tandem.core.activecalls import CallPhase, LineKind
from tandem.gui.app import TandemApp
from tandem.gui.session import Session
from tandem.gui.softphone import SoftphoneLine
from tandem.journal.records import Direction
from tandem.sip.endpoint import EngineOptions
from tests.fixtures.qt import run_async, wait_for

# Its own block below the ephemeral range, apart from conftest's rtp_range() blocks (10000-32000).
RTP_PORT = 32100


def test_softphone_calls_and_is_called_through_the_window(
        qloop: qasync.QEventLoop, qtbot: object, kamailio_factory: Callable[..., object],
        baresip: Callable[..., object], tone_wav: Callable[..., Path], tandem_home: Path) -> None:
    far = baresip(f"aufile,{tone_wav(440, seconds=60)}")
    kam = kamailio_factory(static={"far": f"sip:far@127.0.0.1:{far.sip_port}"})  # type: ignore[attr-defined]
    settings = Settings(sip=SipSettings(enabled=True, registrar=kam.address, user="201"),  # type: ignore[attr-defined]
                        ui=UiSettings(call_with="softphone", close_to_tray=False))
    credentials = CredentialStore.memory_only("test")
    credentials.set("sip", "201", "pw201")
    session = Session(settings, Paths.from_env(), credentials)
    phone = SoftphoneLine(settings.sip, "pw201", settings.audio, session.board, session.status,
                          names=session.names, finished=session.call_finished,
                          options=EngineOptions(bind_address="127.0.0.1", rtp_port=RTP_PORT,
                                                transports=("udp",)))
    session.lines.append(phone)
    session.engines.append(phone)
    app = TandemApp(session)
    window = app.window
    ui = window.ui

    done: list[tuple[str, bool]] = []
    window.action_finished.connect(lambda what, ok: done.append((what, ok)))

    def phases() -> list[CallPhase]:
        return [c.phase for c in session.board]

    async def body() -> None:
        window.show()
        await session.start()
        try:
            sip_label = window.status_labels["sip"]
            await wait_for(lambda: "registered at" in sip_label.text() and "not" not in sip_label.text(), 20,
                           "the registration")
            assert ui.callWithCombo.currentText() == "This computer"
            # Out: baresip answers by itself.
            ui.dialField.setText(f"sip:far@{kam.address}")  # type: ignore[attr-defined]
            qtbot.mouseClick(ui.dialButton, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
            await wait_for(lambda: phases() == [CallPhase.TALKING], 20, "the call to connect")
            (call,) = session.board
            assert call.line is LineKind.SOFTPHONE and call.remote == "far"
            ui.callsView.setCurrentIndex(window.calls.index(0))
            qtbot.mouseClick(ui.holdButton, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
            await wait_for(lambda: phases() == [CallPhase.HELD], 20, "hold")
            qtbot.mouseClick(ui.retrieveButton, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
            await wait_for(lambda: phases() == [CallPhase.TALKING], 20, "retrieve")
            ui.muteButton.setChecked(True)
            await wait_for(lambda: next(iter(session.board)).muted, 10, "mute")
            assert "muted" in window.calls.call_at(0).describe
            qtbot.mouseClick(ui.hangUpButton, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
            await wait_for(lambda: not phases(), 20, "the hang-up")
            # In: baresip calls 201 through kamailio; the notification answers it.
            far.command("dial", f"sip:201@{kam.address}")  # type: ignore[attr-defined]
            await wait_for(lambda: app.incoming.windows, 20, "the incoming-call window")
            (popup,) = app.incoming.windows.values()
            assert "this computer" in popup.ui.callLine.text()
            qtbot.mouseClick(popup.ui.incomingAnswer, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
            await wait_for(lambda: phases() == [CallPhase.TALKING], 20, "the answered call")
            assert not app.incoming.windows
            window.hang_up()
            await wait_for(lambda: not phases(), 20, "the second hang-up")
            assert all(ok for _what, ok in done), done
            # Both calls are in the journal, seen live by the softphone.
            store = session.journal
            assert store is not None
            await wait_for(lambda: len(store.calls()) == 2, 20, "the journal entries")
            calls = {c.direction: c.number for c in store.calls()}
            assert calls == {Direction.OUTGOING: "far", Direction.INCOMING: "far"}
        finally:
            await session.stop()
            app.close()
            window.quit()

    run_async(qloop, body(), timeout=150)
