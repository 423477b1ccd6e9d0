"""The running Tandem behind the window: settings, the engines, and the models the window shows.

A Session owns the presence model (fed by the CSTA link and WSI), the call board (fed by the softphone
and the desk-phone line), the journal store, and the phone lines. It has no widgets; its Qt signals
carry status sentences and changes to the window on the GUI thread.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from tandem.config.credentials import CredentialStore
from tandem.config.paths import Paths
from tandem.config.settings import Settings, SettingsStore
from tandem.core.activecalls import ActiveCall, CallBoard, CallDirection, LineKind, PhoneLine
from tandem.core.errors import TandemError
from tandem.core.presence import PresenceModel
from tandem.journal.live import LiveCall, LiveSource
from tandem.journal.records import Direction
from tandem.journal.store import JournalCall, JournalQuery, JournalStore, QueryKind

log = logging.getLogger(__name__)

Pager = Callable[[JournalCall | None, int], Awaitable[list[JournalCall]]]


class DeskPhoneFeatures(Protocol):
    """What the CSTA link offers for the user's own extension beyond calls."""

    async def set_dnd(self, on: bool) -> None: ...
    async def set_forwarding(self, target: str | None) -> None: ...


class Engine(Protocol):
    """A part that runs while the session runs (CSTA link, softphone, WSI poller, …)."""

    async def start(self) -> None: ...
    async def stop(self) -> None: ...


class Session(QObject):
    status_changed = Signal(str, str, str)  # component (sip, cti, journal, wsi), level, sentence
    names_changed = Signal()
    missed_call = Signal()
    uc_presence_changed = Signal(str, object)  # user (extension), tandem.core.ucpresence.UcPresence
    journal_changed = Signal()  # a call was added to the journal
    lines_changed = Signal()  # the phone lines were built anew (settings changed)
    unseen_missed_changed = Signal(int)

    def __init__(self, settings: Settings, paths: Paths, credentials: CredentialStore) -> None:
        super().__init__()
        self.settings = settings
        self.paths = paths
        self.credentials = credentials
        self.settings_store = SettingsStore(paths.settings_file)
        self.presence = PresenceModel(settings.csta.monitored)
        self.board = CallBoard()
        self.lines: list[PhoneLine] = []
        self.names: dict[str, str] = {}
        self.journal: JournalStore | None = None
        self.deskphone: DeskPhoneFeatures | None = None
        self.engines: list[Engine] = []
        self.testers: dict[str, Callable[[Settings, dict[str, str]], Awaitable[str]]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    # -- identity ---------------------------------------------------------------------------------

    @property
    def own_extension(self) -> str:
        return self.settings.csta.own_extension or self.settings.sip.user

    @property
    def has_deskphone(self) -> bool:
        return self.deskphone is not None

    def set_names(self, names: dict[str, str]) -> None:
        self.names.update(names)
        self.names_changed.emit()

    def status(self, component: str, level: str, sentence: str) -> None:
        log.log(logging.WARNING if level == "error" else logging.INFO, "%s: %s", component, sentence)
        self.status_changed.emit(component, level, sentence)

    # -- life cycle -------------------------------------------------------------------------------

    async def open_journal(self) -> None:
        journal = self.settings.journal
        try:
            if journal.backend == "postgresql":
                password = self.credentials.get("journal", journal.postgresql_dsn)
                self.journal = await asyncio.to_thread(JournalStore.open_postgres, journal.postgresql_dsn,
                                                       password)
                where = "the shared journal"
            else:
                path = journal.sqlite_path or str(self.paths.journal_db)
                self.journal = await asyncio.to_thread(JournalStore.open_sqlite, path)
                where = "the journal on this computer"
        except TandemError as exc:
            self.status("journal", "error", f"Journal unavailable: {exc}")
            return
        self.status("journal", "ok", f"Journal: {where}")

    async def start(self) -> None:
        await self.open_journal()
        for engine in self.engines:
            await engine.start()

    async def wait_ready(self, timeout: float) -> bool:
        """Until every engine that can tell is ready (e.g. the desk phone link synced); False on timeout."""
        waits = [engine.wait_ready(timeout) for engine in self.engines if hasattr(engine, "wait_ready")]
        try:
            await asyncio.wait_for(asyncio.gather(*waits), timeout)
        except asyncio.TimeoutError:
            return False
        return True

    async def stop(self) -> None:
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._stop_engines()
        if self.journal is not None:
            await asyncio.to_thread(self.journal.close)
            self.journal = None

    async def _stop_engines(self) -> None:
        for engine in reversed(self.engines):
            try:
                await engine.stop()
            except Exception:
                log.exception("stopping %s failed", type(engine).__name__)

    async def restart(self, settings: Settings, wiring: Callable[[Session], None]) -> None:
        """Apply new settings: every engine stops, is built again from them and starts (the journal
        is opened anew when its place changed). Calls in progress on the softphone end."""
        await self._stop_engines()
        journal_moved = settings.journal != self.settings.journal
        self.settings = settings
        self.lines.clear()
        self.engines.clear()
        self.deskphone = None
        self.presence.watch(settings.csta.monitored)
        if journal_moved and self.journal is not None:
            await asyncio.to_thread(self.journal.close)
            self.journal = None
        if self.journal is None:
            await self.open_journal()
        wiring(self)
        for engine in self.engines:
            await engine.start()
        self.lines_changed.emit()

    # -- calls seen live ----------------------------------------------------------------------------

    def call_finished(self, call: ActiveCall, started: datetime, answered: datetime | None,
                      ended: datetime) -> None:
        """A call on either line is over: into the journal, and a missed-call notice if it was one."""
        internal = call.remote.isdigit() and not call.remote.startswith("0") and len(call.remote) <= 6
        direction = (Direction.INTERNAL if internal else
                     Direction.INCOMING if call.direction is CallDirection.INCOMING else Direction.OUTGOING)
        source = LiveSource.SOFTPHONE if call.line is LineKind.SOFTPHONE else LiveSource.CSTA
        ref = f"{call.engine_id}@{int(started.timestamp())}"
        live = LiveCall(source=source, ref=ref, direction=direction,
                        extension=self.own_extension, number=call.remote,
                        name=call.remote_name or self.names.get(call.remote, ""), started_at=started,
                        answered_at=answered, ended_at=max(ended, started))
        if call.direction is CallDirection.INCOMING and answered is None:
            self.missed_call.emit()
        if self.journal is not None:
            task = asyncio.ensure_future(self._record(live))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _record(self, live: LiveCall) -> None:
        store = self.journal
        if store is None:
            return
        try:
            await asyncio.to_thread(store.add_live, live)
        except TandemError as exc:
            self.status("journal", "error", f"The call with {live.number} could not be saved: {exc}")
            return
        self.journal_changed.emit()

    # -- the desk phone's own features -------------------------------------------------------------

    async def set_dnd(self, on: bool) -> None:
        if self.deskphone is None:
            raise TandemError("do not disturb needs the desk phone link (CSTA): set it up in Settings")
        await self.deskphone.set_dnd(on)

    async def set_forwarding(self, target: str | None) -> None:
        if self.deskphone is None:
            raise TandemError("forwarding needs the desk phone link (CSTA): set it up in Settings")
        await self.deskphone.set_forwarding(target)

    # -- journal ----------------------------------------------------------------------------------

    def journal_pager(self, kind: QueryKind, text: str = "") -> Pager | None:
        """Pages of the journal list for `kind` (and a search text), newest first; None without a journal."""
        store = self.journal
        if store is None:
            return None
        extension = self.own_extension or None
        text = text.strip()

        async def page(last: JournalCall | None, limit: int) -> list[JournalCall]:
            before = (last.started_at, last.call_id) if last is not None else None
            if text:
                return await asyncio.to_thread(store.search, text, missed_only=kind is QueryKind.MISSED,
                                               extension=extension, limit=limit, before=before)
            query = JournalQuery(kind=kind, extension=extension, limit=limit, before=before)
            return await asyncio.to_thread(store.calls, query)

        return page

    async def history_count(self, number: str) -> int:
        """How many calls with `number` the journal holds (for the incoming-call window)."""
        if self.journal is None or not number:
            return 0
        calls = await asyncio.to_thread(self.journal.search, number, limit=100)
        return sum(1 for c in calls if c.number == number)

    # -- audio ------------------------------------------------------------------------------------

    def audio_devices(self) -> list[str]:
        from PySide6.QtMultimedia import QMediaDevices

        names = [d.description() for d in QMediaDevices.audioOutputs()]
        return list(dict.fromkeys(names))

    def select_playback(self, device: str) -> None:
        """Use this speaker or headset from now on (mid-call too), and remember it."""
        for line in self.lines:
            bridge = getattr(line, "bridge", None)
            if bridge is not None:
                bridge.select(playback=device)
        audio = dataclasses.replace(self.settings.audio, playback_device=device)
        self.save_settings(dataclasses.replace(self.settings, audio=audio))

    def save_settings(self, settings: Settings) -> None:
        self.settings = settings
        self.settings_store.save(settings)


__all__ = ["DeskPhoneFeatures", "Engine", "Pager", "Session"]
