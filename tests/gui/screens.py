"""Renders every screen and dialog of Tandem to PNG files, for QA and as CI artifacts.

    python tests/gui/screens.py OUTDIR [--theme light|dark] [--language en|de]

Run on a real display server (the test starts Xvfb); the window shows a small office: colleagues
in every state, a call on each line, a journal with missed, answered and outgoing calls.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import qasync
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QWidget

from tandem.config.credentials import CredentialStore
from tandem.config.paths import Paths
from tandem.config.settings import CstaSettings, Settings, SipSettings, UiSettings
from tandem.core.activecalls import ActiveCall, CallDirection, CallPhase, LineKind
from tandem.core.callevents import (
    Connection,
    Delivered,
    DeviceSnapshot,
    DoNotDisturbChanged,
    Established,
    ForwardingChanged,
    ForwardingType,
    Originated,
)
from tandem.core.ucpresence import UcPresenceStatus
from tandem.gui.app import TandemApp, application, install_translator
from tandem.gui.incoming import IncomingCallWindow
from tandem.gui.session import Session
from tandem.gui.settings_dialog import SettingsDialog
from tandem.gui.theme import apply_theme
from tandem.journal.live import LiveCall, LiveSource
from tandem.journal.records import Direction

NAMES = {"120": "Me Myself", "121": "Anna Becker", "122": "Ben Kraus", "123": "Cora Lang",
         "124": "Dirk Maier", "125": "Eva Novak", "126": "Finn Ott", "127": "Gina Pohl"}


def office_session(theme: str, language: str) -> Session:
    settings = Settings(
        sip=SipSettings(enabled=True, registrar="192.168.1.2", user="120"),
        csta=CstaSettings(enabled=True, own_extension="120", monitored=tuple(NAMES)),
        ui=UiSettings(theme=theme, language=language, favourites=("121", "122")),  # type: ignore[arg-type]
    )
    session = Session(settings, Paths.from_env(), CredentialStore())
    session.set_names(NAMES)
    p = session.presence
    for device in NAMES:
        p.apply(DeviceSnapshot(device, calls=()))
    a, b = Connection("0a01", "121"), Connection("0a01", "122")
    p.apply(Originated(a, "121", "122"))
    p.apply(Established(b, "121", "122"))
    p.apply(Delivered(Connection("0a02", "123"), "08912345678", "123"))
    p.apply(DoNotDisturbChanged("124", True))
    p.apply(ForwardingChanged("125", ForwardingType.IMMEDIATE, True, "0172555666"))
    now = datetime.now(timezone.utc)
    session.board.update(ActiveCall("softphone:1", LineKind.SOFTPHONE, "1", CallDirection.INCOMING,
                                    "0301234567", CallPhase.TALKING, now, remote_name="Müller GmbH"))
    session.board.update(ActiveCall("deskphone:0b01", LineKind.DESKPHONE, "0b01", CallDirection.INCOMING,
                                    "0891112222", CallPhase.RINGING_IN, now))
    return session


async def fill_journal(session: Session) -> None:
    await session.open_journal()
    store = session.journal
    assert store is not None
    start = datetime.now(timezone.utc) - timedelta(hours=5)
    rows = [("0891112222", "Dr. Who", Direction.INCOMING, None), ("0301234567", "Müller GmbH",
            Direction.INCOMING, 95), ("121", "Anna Becker", Direction.INTERNAL, 40),
            ("004930987654", "", Direction.OUTGOING, 300)]
    for i, (number, name, direction, talked) in enumerate(rows):
        begin = start + timedelta(minutes=37 * i)
        answered = begin + timedelta(seconds=8) if talked else None
        end = (answered + timedelta(seconds=talked)) if answered and talked else begin + timedelta(seconds=25)
        store.add_live(LiveCall(LiveSource.CSTA, f"shot-{i}", direction, "120", number, name, begin,
                                answered, end))


def grab(widget: QWidget, path: Path) -> None:
    widget.show()
    QApplication.processEvents()
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")


async def render(out: Path, theme: str, language: str) -> list[Path]:
    suffix = f"{theme}-{language}"
    session = office_session(theme, language)
    await fill_journal(session)
    app = TandemApp(session)
    window = app.window
    window.resize(1100, 720)
    window.colleagues.set_uc_presence("126", UcPresenceStatus.MEETING,
                                      datetime.now().replace(hour=14, minute=0))
    shots: list[Path] = []

    async def shot(widget: QWidget, name: str) -> None:
        await asyncio.sleep(0.2)  # let pages load and layouts settle
        path = out / f"{name}-{suffix}.png"
        grab(widget, path)
        shots.append(path)

    window.show()
    await shot(window, "main-colleagues")
    window.ui.mainTabs.setCurrentWidget(window.ui.journalTab)
    await shot(window, "main-journal")
    window.ui.dtmfButton.setEnabled(True)
    window.ui.dtmfButton.setChecked(True)
    await shot(window, "main-keypad")
    dialog = SettingsDialog(session.settings, session.settings_store, session.credentials,
                            audio_devices=["USB Headset", "Built-in speakers"], parent=window)
    for i in range(dialog.ui.settingsTabs.count()):
        dialog.ui.settingsTabs.setCurrentIndex(i)
        await shot(dialog, f"settings-{dialog.ui.settingsTabs.widget(i).objectName()}")
    dialog.ui.sipEnabled.setChecked(True)
    dialog.ui.sipRegistrar.setText("not a host!")
    dialog.collect()
    await shot(dialog, "settings-validation")
    dialog.close()
    ringing = session.board.ringing()[0]
    incoming = IncomingCallWindow(ringing, lambda _k: None, lambda _k: None)
    incoming.set_history(3)
    await shot(incoming, "incoming-call")
    incoming.close()
    app.close()
    window.quit()
    await session.stop()
    return shots


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--theme", default="light", choices=["light", "dark"])
    parser.add_argument("--language", default="en", choices=["en", "de"])
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    QLocale.setDefault(QLocale(args.language))
    app = application()
    apply_theme(app, args.theme)
    install_translator(app, args.language)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        shots = loop.run_until_complete(render(args.out, args.theme, args.language))
    for path in shots:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
