"""Starting the Tandem window: Qt application, asyncio on the Qt loop (qasync), one instance per user."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import logging
import os
import signal
import sys
import time
from collections.abc import Callable

import qasync
from PySide6.QtCore import QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from tandem import __version__
from tandem.config.credentials import CredentialStore
from tandem.config.paths import Paths
from tandem.config.settings import Settings, SettingsStore
from tandem.gui.incoming import IncomingCalls
from tandem.gui.main_window import MainWindow
from tandem.gui.memory import limit_malloc_arenas, trim_native_heap
from tandem.gui.session import Session
from tandem.gui.single_instance import SingleInstance, send_to_running
from tandem.gui.theme import apply_theme
from tandem.gui.tray import Tray

log = logging.getLogger(__name__)
TRANSLATIONS = ":/translations"
READY_TIMEOUT_S = 60.0
STARTED = time.monotonic()  # import of the window's code: close to process start

# Builds the engines of a session (CSTA link, softphone, WSI) from its settings; the composition
# root passes the real one, tests pass theirs.
Wiring = Callable[[Session], None]


def application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    limit_malloc_arenas()  # before Qt starts its threads
    app = QApplication(argv or sys.argv[:1])
    app.setApplicationName("Tandem")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Tandem")
    app.setDesktopFileName("tandem")
    # Tandem decides when it ends (the window's Quit, or closing it without a tray), never Qt:
    # a closing notification window must not end the event loop the engines run on.
    app.setQuitOnLastWindowClosed(False)
    return app


def install_translator(app: QApplication, language: str) -> QTranslator | None:
    from tandem.gui.forms import rc_tandem  # noqa: F401 - registers the :/ resources

    locale = QLocale() if language == "system" else QLocale(language)
    translator = QTranslator(app)
    if translator.load(locale, "tandem", "_", TRANSLATIONS):
        app.installTranslator(translator)
        return translator
    return None


class TandemApp:
    """The window, tray and notifications around one Session."""

    def __init__(self, session: Session, wiring: Wiring | None = None) -> None:
        self.session = session
        self.wiring = wiring
        self._restart: asyncio.Task[None] | None = None
        self.window = MainWindow(session)
        self.window.close_to_tray = session.settings.ui.close_to_tray
        self.tray = Tray(self.window, session.board)
        self.window.close_to_tray = self.window.close_to_tray and self.tray.available
        self.incoming = IncomingCalls(session.board, session.history_count, self.window.answer_call,
                                      self.window.reject_call)
        self.window.ui.actionSettings.triggered.connect(self.open_settings)

    def handle_request(self, request: dict[str, str]) -> None:
        """A request from a second start: show the window, and dial what was clicked."""
        self.tray.show_window()
        target = request.get("dial")
        if target:
            self.window.ui.dialField.setText(target)
            self.window.dial_from_field()

    def open_settings(self) -> None:
        from tandem.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.session.settings, self.session.settings_store, self.session.credentials,
                                audio_devices=self.session.audio_devices(), testers=self.session.testers,
                                parent=self.window)
        dialog.setObjectName("SettingsDialog")
        dialog.finished.connect(lambda _r: self._settings_closed(dialog))
        dialog.open()

    def _settings_closed(self, dialog: object) -> None:
        saved = getattr(dialog, "saved", None)
        if not isinstance(saved, Settings):
            return
        apply_theme(QApplication.instance(), saved.ui.theme)  # type: ignore[arg-type]
        self.window.close_to_tray = saved.ui.close_to_tray and self.tray.available
        if self.wiring is None:
            self.session.settings = saved
            self.window.show_status("action", "info", "Settings saved; they apply when Tandem starts again")
            return
        self.window.show_status("action", "info", "Settings saved; reconnecting with them…")
        self._restart = asyncio.ensure_future(self.session.restart(saved, self.wiring))

    def show(self) -> None:
        self.tray.show()
        if self.session.settings.ui.start_minimised and self.tray.available:
            return
        self.window.show()

    def close(self) -> None:
        self.incoming.close()
        self.tray.icon.hide()


def _quit_on_signals(loop: asyncio.AbstractEventLoop, window: MainWindow) -> None:
    """Ctrl+C or a TERM signal ends Tandem as its Quit does: engines stopped, links released."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signum, window.quit)
            continue
        # qasync (or Windows) without loop signal handlers: a Python handler, run by the interpreter
        # between bytecodes, which the timer below makes sure happens while Qt waits.
        signal.signal(signum, lambda *_: loop.call_soon_threadsafe(window.quit))
    heartbeat = QTimer(window)
    heartbeat.timeout.connect(lambda: None)
    heartbeat.start(250)


def no_display() -> str | None:
    """Why no window can open here (Linux without a desktop session), or None. Qt itself would
    abort the process with a generic message instead."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("there is no display to open the Tandem window on (neither DISPLAY nor WAYLAND_DISPLAY is "
            "set): start it from a desktop session, or run it under Xvfb with `xvfb-run tandem …`")


def run(args: argparse.Namespace, wiring: Wiring | None = None,
        credentials: CredentialStore | None = None) -> int:
    """`tandem` without a subcommand: the window (with `--demo`, against a simulated office)."""
    missing = no_display()
    if missing is not None:
        print(f"tandem: {missing}", file=sys.stderr)
        return 2
    if getattr(args, "demo", False) and wiring is None:
        from tandem.gui.demo import run_demo

        return run_demo(args)
    app = application()
    dial = getattr(args, "dial", None)
    if send_to_running({"dial": dial} if dial else {"show": "1"}):
        return 0
    paths = Paths.from_env()
    paths.ensure()
    settings, problem = SettingsStore(paths.settings_file).load_or_defaults()
    apply_theme(app, settings.ui.theme)
    install_translator(app, settings.ui.language)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    session = Session(settings, paths, credentials or CredentialStore())
    if wiring is None:
        from tandem.gui.wiring import wire

        wiring = wire
    wiring(session)
    tandem = TandemApp(session, wiring)
    instance = SingleInstance(tandem.handle_request)
    if problem is not None:
        tandem.window.show_status("action", "warn", str(problem))
    closed = asyncio.Event()
    tandem.window.closed.connect(closed.set)
    _quit_on_signals(loop, tandem.window)

    async def main() -> None:
        tandem.show()
        await session.start()
        if await session.wait_ready(READY_TIMEOUT_S):
            # QA scripts and tests/bench/gui_startup.py wait for this line.
            log.info("Tandem ready: window shown, %d colleague(s) in view, %.2f s after start",
                     len(session.presence.watched), time.monotonic() - STARTED)
        # What start-up built lives as long as the window: keep it out of the full collections, whose
        # pauses would otherwise show as loop lag during event bursts.
        gc.freeze()
        trim_native_heap()
        if dial:
            tandem.handle_request({"dial": dial})
        await closed.wait()
        tandem.close()
        instance.close()
        await session.stop()

    with loop:
        loop.run_until_complete(main())
    return 0
