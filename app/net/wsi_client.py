"""The WSI client over aiohttp: one user's login to an OSBiz, kept alive, and the GetEvents feed.

The protocol decisions are tandem.wsi.session's; this module sends its requests over HTTP (8801) or
HTTPS (8802, certificate verified or pinned through tandem.net.tls), logs in again when the PBX
says NOT_LOGGED_IN (and restarts the event monitors), logs out on exit, and turns every network
failure into a WsiError whose text a person can act on. `uc_entry_as_live_call` hands the user's
UC journal to the journal store. Usage::

    async with WsiClient(WsiEndpoint("pbx", 8802), "120", password) as wsi:
        await wsi.set_presence(UcPresence(UcPresenceStatus.MEETING, until))
        await wsi.monitor("121", "122")
        async for item in wsi.feed(): ...
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from types import TracebackType
from typing import TypeVar

import aiohttp

from tandem.config.settings import WsiSettings
from tandem.core.errors import ConfigurationError
from tandem.core.presence import PresenceModel
from tandem.core.ucpresence import UcPresence
from tandem.journal.clock import PbxClock
from tandem.journal.live import LiveCall, LiveSource
from tandem.journal.records import Direction
from tandem.net.tls import ClientTrust, client_tls, explain_tls_failure
from tandem.wsi.errors import WsiError, WsiLoginRefused, WsiSessionExpired, WsiUnreachable
from tandem.wsi.events import (
    WsiCallEvent,
    WsiEvent,
    WsiFeedItem,
    WsiFeedProblem,
    WsiPresenceEvent,
    WsiSessionRenewed,
    parse_events,
    to_telephony_event,
)
from tandem.wsi.journal import JournalDirection, UcJournalEntry, parse_journal
from tandem.wsi.protocol import (
    DEFAULT_PTIME_FORMAT,
    MAX_REPLY_BYTES,
    ColleaguePresence,
    LoginResult,
    WsiRequest,
    parse_ack,
    parse_call_id,
    parse_presence_list,
)
from tandem.wsi.session import SessionState, WsiSession

log = logging.getLogger(__name__)
R = TypeVar("R")


@dataclass(frozen=True)
class WsiEndpoint:
    """Where the WSI answers. HTTPS trusts the system CAs (or `cafile`) unless a fingerprint is pinned."""

    host: str
    port: int = 8802
    https: bool = True
    pin_sha256: str = ""
    cafile: str | None = None

    @classmethod
    def from_settings(cls, settings: WsiSettings) -> WsiEndpoint:
        if not settings.host:
            raise ConfigurationError("wsi.host: no PBX address is set for the Web Services Interface",
                                     "wsi.host")
        return cls(settings.host, settings.port, settings.https, settings.tls_pin_sha256)

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'https' if self.https else 'http'}://{host}:{self.port}"

    def describe(self) -> str:
        return f"PBX {self.host}:{self.port}"


@dataclass(frozen=True)
class PollPolicy:
    """How the event feed polls. A server that holds GetEvents answers after up to its hold time (keep
    `poll_timeout` above it); one that answers at once is asked again after `min_interval`."""

    poll_timeout: float = 40.0
    min_interval: float = 1.0
    backoff_initial: float = 1.0
    backoff_max: float = 30.0


class WsiClient:
    """One user's WSI session. `timeout` bounds every ordinary request (seconds)."""

    def __init__(self, endpoint: WsiEndpoint, user: str, password: str, *, timeout: float = 10.0,
                 poll: PollPolicy | None = None, ptime_format: str = DEFAULT_PTIME_FORMAT) -> None:
        self.endpoint = endpoint
        self.session = WsiSession(user, endpoint.describe(), ptime_format)
        self.timeout = timeout
        self.poll = poll or PollPolicy()
        self._password = password
        self._trust: ClientTrust | None = None
        if endpoint.https:
            self._trust = client_tls(endpoint.pin_sha256, cafile=endpoint.cafile)
        self._http: aiohttp.ClientSession | None = None
        self._closed = False
        self._login_lock = asyncio.Lock()

    @property
    def user(self) -> str:
        return self.session.user

    @property
    def closed(self) -> bool:
        """Logged out for good (close() ran, or is running)."""
        return self.session.state is SessionState.CLOSED

    async def __aenter__(self) -> WsiClient:
        try:
            await self.login()
        except BaseException:
            await self.close()
            raise
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.close()

    # --- login and logout ----------------------------------------------------------------------

    async def login(self) -> LoginResult:
        """Log in (again). Raises WsiLoginRefused with the PBX's reason, or WsiUnreachable."""
        async with self._login_lock:
            return await self._login_locked()

    async def _login_locked(self) -> LoginResult:
        request = self.session.login_request(self._password)
        try:
            body = await self._get(request, self.timeout)
        except BaseException:
            self.session.login_failed()
            raise
        result = self.session.receive_login(body)
        log.info("WSI: %s logged in to %s (%s %s)", self.user, self.endpoint.describe(), result.application,
                 result.version)
        for resubscribe in self.session.resubscribe_requests():
            await self._send(resubscribe, parse_ack_for(resubscribe), self.timeout)
        return result

    async def close(self) -> None:
        """Log out (best effort: a PBX that is gone ends the session itself) and release the connection."""
        target = self.session.logout_target()
        if target is not None and self._http is not None:
            try:
                await self._fetch(WsiRequest.of("Logout"), target, min(self.timeout, 5.0))
            except WsiError as exc:
                log.info("WSI: logout of %s failed, the PBX will end the session itself: %s", self.user, exc)
        self._closed = True
        if self._http is not None:
            await self._http.close()
            self._http = None

    # --- the commands -------------------------------------------------------------------------

    async def presence(self, users: tuple[str, ...] = ()) -> list[ColleaguePresence]:
        """The UC presence of every user the PBX reports, or only of `users`, in the PBX's order."""
        request = self.session.get_presence()
        rows = await self._call(request, lambda body: parse_presence_list(body, self.session.ptime_format))
        return [row for row in rows if not users or row.user in users]

    async def set_presence(self, presence: UcPresence) -> None:
        """Set the user's own presence (and return time); CallMe goes through SetCallMe."""
        request = self.session.set_presence(presence)
        await self._call(request, parse_ack_for(request))

    async def journal(self, count: int = 50, kind: str = "") -> list[UcJournalEntry]:
        """The newest `count` entries of the user's UC journal (`kind`: "", missed, incoming, outgoing)."""
        return await self._call(self.session.journal_read(count, kind), lambda b: parse_journal(b, self.user))

    async def make_call(self, called: str, calling: str | None = None) -> str:
        """Dial `called` from the user's phone (MakeCall, synchronous); the PBX's call id, if it gives one."""
        return await self._call(self.session.make_call(calling or self.user, called), parse_call_id)

    async def monitor(self, *devices: str) -> None:
        """EventStart for each device: its call events appear in the feed (and again after a re-login)."""
        for device in devices:
            if device not in self.session.monitored:
                request = self.session.event_start(device)
                await self._call(request, parse_ack_for(request))

    async def poll_events(self) -> list[WsiEvent]:
        """One GetEvents: what the PBX queued since the last one (it may hold the request a while)."""
        return await self._call(self.session.get_events(),
                                lambda body: parse_events(body, self.session.ptime_format),
                                self.poll.poll_timeout)

    async def feed(self) -> AsyncGenerator[WsiFeedItem, None]:
        """Events in the PBX's order, forever, with session renewals and problems in between.

        After a failed poll the feed waits (1, 2, 4 … up to `backoff_max` seconds, with jitter) and
        tries again; a WsiFeedProblem says so, so a consumer can show it or give up. A refused
        re-login ends the feed with WsiLoginRefused (retrying a wrong password could lock the
        account), and closing the client ends it quietly.
        """
        loop = asyncio.get_running_loop()
        backoff = self.poll.backoff_initial
        logins = self.session.logins
        while not self.closed:
            started = loop.time()
            try:
                batch = await self._poll_or_renew()
            except WsiLoginRefused:
                raise
            except WsiError as exc:
                if self.closed:
                    return
                delay = backoff * random.uniform(0.8, 1.2)
                backoff = min(backoff * 2, self.poll.backoff_max)
                log.warning("WSI: %s (retrying in %.0f s)", exc, delay)
                yield WsiFeedProblem(exc, delay)
                await asyncio.sleep(delay)
                continue
            backoff = self.poll.backoff_initial
            renewed = self.session.logins != logins
            if renewed:
                logins = self.session.logins
                yield WsiSessionRenewed(logins)
            for event in batch:
                yield event
            idle = self.poll.min_interval - (loop.time() - started)
            if not batch and not renewed and idle > 0:
                await asyncio.sleep(idle)  # the server did not hold the request: do not hammer it

    async def _poll_or_renew(self) -> list[WsiEvent]:
        """One GetEvents; after NOT_LOGGED_IN, log in again and return no events (not re-polling at
        once, so that the feed reports the renewal before the next poll may be held a long while)."""
        if self.session.state is not SessionState.LOGGED_IN:
            await self._relogin(None)
            return []
        sent_with = self.session.session_id
        try:
            return await self._send(self.session.get_events(),
                                    lambda body: parse_events(body, self.session.ptime_format),
                                    self.poll.poll_timeout)
        except WsiSessionExpired:
            log.info("WSI: the session of %s expired during GetEvents; logging in again", self.user)
        await self._relogin(sent_with)
        return []

    # --- sending --------------------------------------------------------------------------------

    async def _call(self, request: WsiRequest, parse: Callable[[str], R], timeout: float | None = None) -> R:
        """Send `request` logged in; after NOT_LOGGED_IN log in again once and resend it."""
        if self.session.state is not SessionState.LOGGED_IN:
            await self._relogin(None)
        sent_with = self.session.session_id
        try:
            return await self._send(request, parse, timeout or self.timeout)
        except WsiSessionExpired:
            log.info("WSI: the session of %s expired; logging in again", self.user)
        await self._relogin(sent_with)
        return await self._send(request, parse, timeout or self.timeout)

    async def _relogin(self, expired_id: str | None) -> None:
        async with self._login_lock:
            # A concurrent request may have logged in already while this one waited for the lock.
            if self.session.state is SessionState.LOGGED_IN and self.session.session_id != expired_id:
                return
            if self.session.state is SessionState.CLOSED:
                raise WsiError(f"the WSI session of {self.user} was closed; Tandem cannot send more requests")
            self.session.expired(expired_id)
            await self._login_locked()

    async def _send(self, request: WsiRequest, parse: Callable[[str], R], timeout: float) -> R:
        sent_with = self.session.session_id
        body = await self._get(request, timeout)
        return self.session.receive(request, body, parse, sent_with)

    async def _get(self, request: WsiRequest, timeout: float) -> str:
        return await self._fetch(request, self.session.target(request), timeout)

    async def _fetch(self, request: WsiRequest, target: str, timeout: float) -> str:
        """GET `target` and return the body; every failure becomes a WsiError sentence.

        The target of a Login holds the password, so neither it nor aiohttp's exception text
        (which can quote the URL) goes into a message or a log; `request.describe()` does.
        """
        where = self.endpoint.describe()
        if self._closed:
            raise WsiError(f"the WSI connection of {self.user} to {where} is closed")
        if self._http is None:
            self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None))
        command = request.command
        url = self.endpoint.base_url + target
        log.debug("WSI: %s to %s", request.describe(), where)
        try:
            async with self._http.get(url, ssl=self._trust if self._trust is not None else True,
                                      timeout=aiohttp.ClientTimeout(total=timeout),
                                      allow_redirects=False) as response:
                if response.status != 200:
                    raise WsiError(f"{where} answered {command} with HTTP {response.status} "
                                   f"{response.reason}: is this the WSI port of an OpenScape Business "
                                   "(8801 for HTTP, 8802 for HTTPS)?")
                raw = await _read_limited(response, command, where)
                charset = response.charset or "utf-8"
        except asyncio.TimeoutError:
            raise WsiUnreachable(f"{where} did not answer {command} within {timeout:g} s: is the PBX "
                                 "overloaded or the network slow?") from None
        except aiohttp.ClientError as exc:
            raise WsiUnreachable(_explain_client_error(exc, self.endpoint, command)) from None
        try:
            return raw.decode(charset)
        except (UnicodeDecodeError, LookupError):
            return raw.decode("latin-1")  # XML parsing reports what is wrong with it in context


async def _read_limited(response: aiohttp.ClientResponse, command: str, where: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > MAX_REPLY_BYTES:
            raise WsiError(f"{where} sent more than {MAX_REPLY_BYTES} bytes in reply to {command}; Tandem "
                           "stopped reading: is this really an OpenScape Business WSI?")
        chunks.append(chunk)
    return b"".join(chunks)


def _explain_client_error(exc: aiohttp.ClientError, endpoint: WsiEndpoint, command: str) -> str:
    where = endpoint.describe()
    tls = explain_tls_failure(exc, endpoint.host, endpoint.port)
    if tls is not None:
        return tls
    if isinstance(exc, aiohttp.ClientConnectorError):
        # errno's own words ("Connection refused"); aiohttp's strerror wraps it in "Connect call failed".
        code = exc.os_error.errno
        reason = os.strerror(code) if code else exc.os_error.strerror or type(exc.os_error).__name__
        return (f"cannot reach {where} for {command} ({reason}): is the address right and the Web Services "
                f"Interface enabled on port {endpoint.port}?")
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        hint = " (does that port expect HTTPS?)" if not endpoint.https else ""
        return f"{where} closed the connection during {command} without a reply{hint}"
    return f"the connection to {where} failed during {command} ({type(exc).__name__})"


def parse_ack_for(request: WsiRequest) -> Callable[[str], None]:
    """The parser for a command whose reply only says "done"."""
    return lambda body: parse_ack(request.command, body)




# --- feeding the core models ------------------------------------------------------------------

async def run_presence_feed(client: WsiClient, model: PresenceModel,
                            on_presence: Callable[[str, UcPresence], None],
                            on_problem: Callable[[str], None] | None = None) -> None:
    """Keep `model` (the same presence model the CSTA link feeds) and the UC presences current from
    the WSI until cancelled: call events go to `model.apply`, presence to `on_presence(user, …)`.

    Everyone's presence is read first and again after a session renewal (events of the gap are
    lost); failures are passed to `on_problem` as sentences while the feed keeps trying.
    """
    async def read_all() -> None:
        try:
            rows = await client.presence()
        except WsiError as exc:
            if on_problem is not None:
                on_problem(str(exc))
            return
        for row in rows:
            on_presence(row.user, row.presence)

    await read_all()
    async for item in client.feed():
        if isinstance(item, WsiCallEvent):
            mapped = to_telephony_event(item)
            if mapped is not None:
                model.apply(mapped)
        elif isinstance(item, WsiPresenceEvent):
            on_presence(item.user, item.presence)
        elif isinstance(item, WsiSessionRenewed):
            await read_all()
        elif isinstance(item, WsiFeedProblem) and on_problem is not None:
            on_problem(item.message)


# --- the user's UC journal into the journal store -----------------------------------------------

def _looks_external(number: str) -> bool:
    """OSBiz journals write outside numbers with the trunk access code (0…) or in + form."""
    return number.startswith(("0", "+"))


def uc_entry_as_live_call(entry: UcJournalEntry, *, source: LiveSource, tz: tzinfo | None,
                          is_external: Callable[[str], bool] = _looks_external) -> LiveCall:
    """A UC journal entry as the journal store's live call, so `JournalStore.add_live` links it to the
    CDR or softphone record of the same call instead of adding it again.

    `tz` is the PBX's time zone (None: this computer's); the entry's id makes the reference, so
    merging the same journal twice adds nothing. The UC journal gives no ring time: an answered
    call counts as answered when it started.
    """
    start = datetime.fromtimestamp(PbxClock(tz).to_epoch(entry.start), timezone.utc)
    end = start + timedelta(seconds=entry.duration_seconds)
    if not is_external(entry.number):
        direction = Direction.INTERNAL
    elif entry.direction is JournalDirection.INCOMING:
        direction = Direction.INCOMING
    else:
        direction = Direction.OUTGOING
    return LiveCall(source=source, ref=f"uc-journal/{entry.user}/{entry.entry_id}", direction=direction,
                    extension=entry.user, number=entry.number, name=entry.name, started_at=start,
                    answered_at=start if entry.answered else None, ended_at=end)
