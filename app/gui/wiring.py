"""Builds a session's engines from its settings: the composition root of the window.

Each engine is set up only when its section is enabled in the settings; a missing password is not
an error here (the engine reports the login failure as a status sentence the user can act on).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from zoneinfo import ZoneInfo

from tandem.config.settings import Settings
from tandem.core.errors import ConfigurationError, EnvironmentProblem
from tandem.core.presence import PresenceModel
from tandem.core.ucpresence import UcPresence
from tandem.gui.deskphone import DeskPhoneLine
from tandem.gui.memory import trim_native_heap
from tandem.gui.session import Session
from tandem.net.cdr_collector import CdrCollector, CdrEndpoint, FetchResult
from tandem.net.csta_link import CstaClient, CstaClientConfig, LinkPhase
from tandem.net.wsi_client import WsiClient, WsiEndpoint, run_presence_feed
from tandem.wsi.errors import WsiError

log = logging.getLogger(__name__)
TEST_TIMEOUT = 8.0


def wire(session: Session) -> None:
    """Attach every enabled engine to `session` (called once, before `session.start()`)."""
    settings = session.settings
    session.testers["csta"] = check_csta_login
    session.testers["journal"] = lambda settings, passwords: check_journal(session, settings, passwords)
    if settings.csta.enabled:
        password = session.credentials.get("csta", settings.csta.login_name)
        client = CstaClient(CstaClientConfig.from_settings(settings.csta), password, session.presence)
        own = settings.csta.own_extension
        if own:
            line = DeskPhoneLine(client, session.board, own, session.status, names=session.names,
                                 finished=session.call_finished)
            session.lines.append(line)
            session.deskphone = line
            session.engines.append(line)
        else:
            session.engines.append(_LinkOnly(client, session))
    if settings.sip.enabled and settings.sip.registrar and settings.sip.user:
        from tandem.gui.softphone import SoftphoneLine

        password = session.credentials.get("sip", settings.sip.auth_user or settings.sip.user) or ""
        phone = SoftphoneLine(settings.sip, password, settings.audio, session.board, session.status,
                              names=session.names, finished=session.call_finished)
        session.lines.insert(0, phone)
        session.engines.append(phone)
    if settings.cdr.enabled and settings.cdr.host and settings.cdr.user:
        cdr = settings.cdr
        download = CdrEndpoint(host=cdr.host, user=cdr.user, port=cdr.port, pin_sha256=cdr.tls_pin_sha256,
                               password=session.credentials.get("cdr", cdr.user) or "")
        session.engines.append(CdrCollection(session, download, float(cdr.interval_seconds)))
    if settings.wsi.enabled and settings.wsi.user:
        password = session.credentials.get("wsi", settings.wsi.user) or ""
        try:
            endpoint = WsiEndpoint.from_settings(settings.wsi)
        except ConfigurationError as exc:
            session.status("wsi", "error", f"UC presence: {exc}")
        else:
            wsi_client = WsiClient(endpoint, settings.wsi.user, password)
            session.engines.append(UcPresenceFeed(wsi_client, session, feed_calls=not settings.csta.enabled))


class CdrCollection:
    """This desktop as the office's CDR collector (Settings › Journal): download, commit, delete."""

    def __init__(self, session: Session, endpoint: CdrEndpoint, interval: float) -> None:
        self.session = session
        self.endpoint = endpoint
        self.interval = interval
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        store = self.session.journal
        if store is None:
            self.session.status("journal", "error", "CDR collection needs the journal, which did not open")
            return
        timezone = self.session.settings.journal.pbx_timezone
        collector = CdrCollector(self.endpoint, store, self.session.paths.data_dir / "cdr-spool",
                                 tz=ZoneInfo(timezone) if timezone else None)
        self._task = asyncio.ensure_future(self._run(collector))

    async def _run(self, collector: CdrCollector) -> None:
        try:
            await collector.collect(self.interval, self._stop, self._result)
        except EnvironmentProblem as exc:
            self.session.status("journal", "error", f"CDR collection stopped: {exc}")

    def _result(self, outcome: FetchResult | Exception) -> None:
        if isinstance(outcome, Exception):
            self.session.status("journal", "error", f"CDR download from {self.endpoint.where}: {outcome}")
            return
        if outcome.report is not None:
            self.session.status("journal", "ok", f"Journal: {outcome.report.summary()}")
            self.session.journal_changed.emit()
            trim_native_heap()  # an import's buffers are freed now; give the memory back

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(self._task, 10)


class UcPresenceFeed:
    """Colleagues' UC presence ("in a meeting until 14:00") from the Web Services Interface.

    Call events from the WSI feed the presence model only when there is no CSTA link: both describe
    the same calls, and CSTA is the PBX's own account of them.
    """

    def __init__(self, client: WsiClient, session: Session, feed_calls: bool) -> None:
        self.client = client
        self.session = session
        self.model = session.presence if feed_calls else PresenceModel()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        where = self.client.endpoint.describe()
        try:
            await self.client.login()
            await self.client.monitor(*sorted(self.session.presence.watched))
        except WsiError as exc:
            self.session.status("wsi", "error", f"UC presence: {exc}")
            return
        self.session.status("wsi", "ok", f"UC presence: {where}")
        await run_presence_feed(self.client, self.model, self._presence, self._problem)

    def _problem(self, sentence: str) -> None:
        self.session.status("wsi", "error", f"UC presence: {sentence}")

    def _presence(self, user: str, presence: UcPresence) -> None:
        self.session.uc_presence_changed.emit(user, presence)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        await self.client.close()


class _LinkOnly:
    """The CSTA link for colleagues' presence only, when no own desk phone is configured."""

    def __init__(self, client: CstaClient, session: Session) -> None:
        self.client = client
        self.session = session

    async def start(self) -> None:
        await self.client.monitor(sorted(self.session.presence.watched))
        await self.client.start()

    async def stop(self) -> None:
        await self.client.stop()


async def check_csta_login(settings: Settings, passwords: dict[str, str]) -> str:
    """Settings dialog "Test connection": log in once with what is typed and say what happened."""
    csta = settings.csta
    password = passwords.get("cstaPassword") or None
    client = CstaClient(CstaClientConfig.from_settings(csta), password, PresenceModel())
    outcome: list[str] = []

    def watch(status: object) -> None:
        error = getattr(status, "error", None)
        if error and not outcome:
            outcome.append(str(error))

    client.on_status(watch)
    await client.start()
    try:
        deadline = asyncio.get_running_loop().time() + TEST_TIMEOUT
        while not outcome and client.status.phase is not LinkPhase.READY:
            if asyncio.get_running_loop().time() > deadline:
                outcome.append(f"no answer from {csta.host}:{csta.port} within {TEST_TIMEOUT:.0f} s")
                break
            await asyncio.sleep(0.05)
    finally:
        await client.stop()
    if outcome:
        return f"Not connected: {outcome[0]}"
    return f"Connected to {csta.host}:{csta.port}; the PBX accepted the login {csta.login_name!r}."


async def check_journal(session: Session, settings: Settings, passwords: dict[str, str]) -> str:
    """Settings dialog "Test journal": open the journal as configured and say how many calls it holds."""
    from tandem.journal.store import JournalStore

    journal = settings.journal
    try:
        if journal.backend == "postgresql":
            password = passwords.get("journalPostgresPassword") or session.credentials.get(
                "journal", journal.postgresql_dsn)
            store = await asyncio.to_thread(JournalStore.open_postgres, journal.postgresql_dsn, password)
            where = "the shared journal"
        else:
            path = journal.sqlite_path or str(session.paths.journal_db)
            store = await asyncio.to_thread(JournalStore.open_sqlite, path)
            where = path
    except EnvironmentProblem as exc:
        return f"Not opened: {exc}"
    try:
        calls = await asyncio.to_thread(store.count, "calls")
    finally:
        await asyncio.to_thread(store.close)
    return f"Opened {where}: {calls} calls in the journal."
