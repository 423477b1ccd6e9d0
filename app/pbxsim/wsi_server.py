"""The simulator's OSBiz Web Services Interface: `/cgi-bin/gadgetapi` on HTTP and HTTPS.

`WsiOffice` is the office as the WSI sees it (users with UC passwords and presence, each user's
journal, one event queue per session); `WsiServer` serves it over aiohttp with the commands Tandem
uses (Login, Logout, SetPresence, SetCallMe, GetPresenceXML, EventStart, GetEvents, JournalRead,
MakeCall) and the faults tests need (`WsiFaults`: expired sessions, slow and malformed replies).

The call model's hooks: `connect_call_model(office, pbx)` ties the office to the simulator's switching
function (tandem.pbxsim.callmodel.Pbx): every core event it emits goes to `office.publish(devices,
event)`, which queues the WSI form for each session monitoring one of `devices` (so WSI and CSTA
clients see the same calls); a party's leg ending becomes an entry in that user's UC journal
(`office.add_journal_entry`, also callable directly); and MakeCall dials through `pbx.make_call`.
A WSI event's `deviceID` is the device whose connection changed; it reaches every monitor of a
party in the call, as CSTA events do. Everything runs on the server's event loop: call these
methods from that loop.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import secrets
import socket
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from xml.etree.ElementTree import Element, SubElement, tostring

from aiohttp import web

from tandem.core.callevents import (
    CallCleared,
    Connection,
    ConnectionCleared,
    Delivered,
    Diverted,
    Established,
    Held,
    Originated,
    Retrieved,
    ServiceInitiated,
    TelephonyEvent,
)
from tandem.core.ucpresence import UcPresence, UcPresenceStatus
from tandem.pbxsim.callmodel import CstaFailure, Pbx
from tandem.pbxsim.certs import ServerCertificate, server_ssl_context
from tandem.wsi.journal import JournalDirection, UcJournalEntry
from tandem.wsi.protocol import DEFAULT_PTIME_FORMAT, NOT_LOGGED_IN, PATH

log = logging.getLogger(__name__)

MAX_EVENTS_PER_REPLY = 100
MAX_QUEUED_EVENTS = 1000  # a session nobody polls does not grow without bound


class MakeCallRefused(Exception):
    """Raised by an `on_make_call` hook; its text becomes the ERROR/REASON of the reply."""


@dataclass
class OfficeUser:
    extension: str
    name: str
    uc_password: str
    presence: UcPresence = field(default_factory=UcPresence.office)
    journal: list[UcJournalEntry] = field(default_factory=list)


@dataclass
class SimSession:
    """One logged-in WSI client: its user, the devices it monitors, and its undelivered events."""

    session_id: str
    user: str
    monitored: set[str] = field(default_factory=set)
    queue: deque[dict[str, str]] = field(default_factory=lambda: deque(maxlen=MAX_QUEUED_EVENTS))
    wakeup: asyncio.Event = field(default_factory=asyncio.Event)
    ended: bool = False

    def push(self, event: dict[str, str]) -> None:
        self.queue.append(event)
        self.wakeup.set()

    def end(self) -> None:
        self.ended = True
        self.wakeup.set()  # a held GetEvents answers NOT_LOGGED_IN at once


@dataclass
class WsiFaults:
    """Misbehaviour on demand. `delay` maps a command (or "*") to seconds of silence before the reply;
    `malformed` holds commands whose next reply is broken (XML cut short, or JSON that is not)."""

    delay: dict[str, float] = field(default_factory=dict)
    malformed: set[str] = field(default_factory=set)

    def delay_for(self, command: str) -> float:
        return self.delay.get(command, self.delay.get("*", 0.0))

    def take_malformed(self, command: str) -> bool:
        if command in self.malformed:
            self.malformed.discard(command)
            return True
        return False


class WsiOffice:
    """The office behind the simulated WSI. `clock` gives the PBX's wall-clock time."""

    def __init__(self, clock: Callable[[], datetime] = datetime.now,
                 ptime_format: str = DEFAULT_PTIME_FORMAT) -> None:
        self.clock = clock
        self.ptime_format = ptime_format
        self.users: dict[str, OfficeUser] = {}
        self.sessions: dict[str, SimSession] = {}
        self.faults = WsiFaults()
        self.on_make_call: Callable[[str, str], str] | None = None
        self.logins = 0  # successful logins, for tests of automatic re-login
        self._journal_ids = itertools.count(1)
        self._journal = _JournalRecorder(self)
        self._parties: dict[str, set[str]] = {}  # call id -> devices with a leg in it

    # --- users and sessions ------------------------------------------------------------------

    def add_user(self, extension: str, name: str, uc_password: str) -> OfficeUser:
        user = OfficeUser(extension, name, uc_password)
        self.users[extension] = user
        return user

    def login(self, extension: str, password: str) -> SimSession | str:
        """A new session, or the reason the login is refused."""
        user = self.users.get(extension)
        if user is None:
            return "UNKNOWN_USER"
        if not secrets.compare_digest(user.uc_password.encode(), password.encode()):
            return "INVALID_PASSWORD"
        session = SimSession(secrets.token_hex(4), extension)
        self.sessions[session.session_id] = session
        self.logins += 1
        return session

    def logout(self, session_id: str) -> None:
        session = self.sessions.pop(session_id, None)
        if session is not None:
            session.end()

    def expire_sessions(self, user: str | None = None) -> int:
        """Fault: end every session (of `user`); their next request gets NOT_LOGGED_IN."""
        ended = [s for s in self.sessions.values() if user is None or s.user == user]
        for session in ended:
            self.logout(session.session_id)
        return len(ended)

    # --- presence --------------------------------------------------------------------------------

    def presence_of(self, extension: str) -> UcPresence:
        """The user's presence; a return time that has passed resets it to Office, as the PBX does."""
        user = self.users[extension]
        if user.presence.until is not None and user.presence.until <= self.clock():
            self.set_presence(extension, UcPresence.office())
        return user.presence

    def set_presence(self, extension: str, presence: UcPresence) -> None:
        self.users[extension].presence = presence
        event = {"type": "PresenceEvent", "user": extension, **self.presence_fields(presence)}
        for session in self.sessions.values():
            session.push(dict(event))

    def presence_fields(self, presence: UcPresence) -> dict[str, str]:
        status = presence.status
        return {
            "presence": str(status.code) if status.code is not None else "CallMe",
            "ptime": presence.until.strftime(self.ptime_format) if presence.until else "",
            "callMe": presence.call_me_number,
        }

    # --- calls and the journal (the call model's hooks) ------------------------------------------

    def call_event(self, event_type: str, device: str, call_id: str, *, calling: str = "", called: str = "",
                   cause: str = "", notify: Iterable[str] = ()) -> None:
        """Queue a WSI call event (`DeliveredEvent`, …) about `device`'s connection for every session
        monitoring `device` or one of `notify`."""
        event = {"type": event_type, "deviceID": device, "callID": call_id}
        for key, value in (("callingDevice", calling), ("calledDevice", called), ("cause", cause)):
            if value:
                event[key] = value
        audience = {device, *notify}
        for session in self.sessions.values():
            if session.monitored & audience:
                session.push(dict(event))

    def publish(self, devices: Iterable[str], event: TelephonyEvent) -> None:
        """A core call event from the call model, for the monitors of `devices` (the call model's
        listener signature). Events without a WSI form are not sent; every leg that ends is journaled.

        The WSI knows no CallCleared: each party still in the call gets a ConnectionCleared instead."""
        devices = frozenset(devices)
        if isinstance(event, CallCleared):
            for device in sorted(self._parties.pop(event.call_id, set())):
                self.publish(devices, ConnectionCleared(Connection(event.call_id, device), event.cause))
            return
        self._track_parties(event)
        self._journal.observe(event)
        wire = WSI_EVENT_NAMES.get(type(event))
        connection = getattr(event, "connection", None)
        if wire is None or connection is None:
            return
        calling = getattr(event, "calling", None) or ""
        called = getattr(event, "called", None) or getattr(event, "new_destination", None) or ""
        self.call_event(wire, connection.device, connection.call_id, calling=calling, called=called,
                        cause=getattr(event, "cause", ""), notify=devices)

    def _track_parties(self, event: TelephonyEvent) -> None:
        connection = getattr(event, "connection", None)
        if connection is not None:
            parties = self._parties.setdefault(connection.call_id, set())
            if isinstance(event, ConnectionCleared):
                parties.discard(connection.device)
            else:
                parties.add(connection.device)
            if not parties:
                del self._parties[connection.call_id]
        for moved in getattr(event, "connections", ()):
            if moved.old is not None:
                self._parties.get(moved.old.call_id, set()).discard(moved.old.device)
            self._parties.setdefault(moved.new.call_id, set()).add(moved.new.device)

    def add_journal_entry(self, user: str, *, direction: JournalDirection, answered: bool, number: str,
                          name: str = "", start: datetime | None = None, duration_seconds: int = 0,
                          call_id: str = "") -> UcJournalEntry:
        """Record a call in `user`'s UC journal (newest last) and return the entry."""
        entry = UcJournalEntry(entry_id=str(next(self._journal_ids)), user=user, direction=direction,
                               answered=answered, number=number, name=name,
                               start=(start or self.clock()).replace(microsecond=0),
                               duration_seconds=duration_seconds, call_id=call_id)
        self.users[user].journal.append(entry)
        return entry

    def make_call(self, calling: str, called: str) -> str:
        if self.on_make_call is None:
            raise MakeCallRefused("NO_CALL_MODEL")
        return self.on_make_call(calling, called)


class _JournalRecorder:
    """Turns the call model's events into UC journal entries: one per office user's leg, written
    when the leg ends. Transfers and conferences move legs to new calls; those legs are not
    journaled (a limitation of the simulator, not of the WSI)."""

    @dataclass
    class _Leg:
        direction: JournalDirection
        other: str
        started: datetime
        answered: datetime | None = None

    def __init__(self, office: WsiOffice) -> None:
        self._office = office
        self._legs: dict[tuple[str, str], _JournalRecorder._Leg] = {}

    def observe(self, event: TelephonyEvent) -> None:
        connection = getattr(event, "connection", None)
        if connection is None:
            return
        key = (connection.call_id, connection.device)
        now = self._office.clock()
        if isinstance(event, Established):
            # The answering leg is answered, and so is the caller's: Established names only the
            # answering device, which may be an outside party.
            for (call_id, device), leg in self._legs.items():
                if call_id == connection.call_id and leg.answered is None and (
                        device == connection.device or leg.direction is JournalDirection.OUTGOING):
                    leg.answered = now
        elif connection.device not in self._office.users:
            return
        elif isinstance(event, Originated):
            self._legs[key] = self._Leg(JournalDirection.OUTGOING, event.called, now)
        elif isinstance(event, Delivered) and key not in self._legs:
            self._legs[key] = self._Leg(JournalDirection.INCOMING, event.calling or "", now)
        elif isinstance(event, ConnectionCleared) and key in self._legs:
            leg = self._legs.pop(key)
            talk = int((now - leg.answered).total_seconds()) if leg.answered else 0
            other = self._office.users.get(leg.other)
            self._office.add_journal_entry(
                connection.device, direction=leg.direction, answered=leg.answered is not None,
                number=leg.other, name=other.name if other else "", start=leg.started,
                duration_seconds=max(talk, 0), call_id=connection.call_id)


def connect_call_model(office: WsiOffice, pbx: Pbx, uc_password: Callable[[str], str]) -> None:
    """Serve `pbx`'s extensions over the WSI: each becomes a user (UC password from `uc_password`),
    its call events reach GetEvents, its finished calls the UC journal, and MakeCall dials through it."""
    for number, extension in pbx.extensions.items():
        if number not in office.users:
            office.add_user(number, extension.name, uc_password(number))
    pbx.listeners.append(office.publish)

    def make_call(calling: str, called: str) -> str:
        try:
            return pbx.make_call(calling, called).call_id
        except CstaFailure as failure:
            raise MakeCallRefused(failure.value) from None

    office.on_make_call = make_call


# The core call events that have a WSI form, and its name.
WSI_EVENT_NAMES: dict[type, str] = {
    ServiceInitiated: "ServiceInitiatedEvent",
    Originated: "OriginatedEvent",
    Delivered: "DeliveredEvent",
    Established: "EstablishedEvent",
    Held: "HeldEvent",
    Retrieved: "RetrievedEvent",
    Diverted: "DivertedEvent",
    ConnectionCleared: "ConnectionClearedEvent",
}


_JOURNAL_FILTERS: dict[str, Callable[[UcJournalEntry], bool]] = {
    "": lambda e: True,
    "missed": lambda e: e.direction is JournalDirection.INCOMING and not e.answered,
    "incoming": lambda e: e.direction is JournalDirection.INCOMING,
    "outgoing": lambda e: e.direction is JournalDirection.OUTGOING,
}


# --- replies -------------------------------------------------------------------------------------

def _xml(root: Element) -> web.Response:
    return web.Response(body=tostring(root, encoding="utf-8"), content_type="text/xml", charset="utf-8")


def _error(reason: str) -> web.Response:
    root = Element("ERROR")
    SubElement(root, "REASON").text = reason
    return _xml(root)


def _element(tag: str, **children: str) -> Element:
    root = Element(tag)
    for name, text in children.items():
        SubElement(root, name).text = text
    return root


class WsiServer:
    """Serves `office` at /cgi-bin/gadgetapi. `hold_seconds` > 0 makes GetEvents wait that long for an
    event before answering with an empty list (long poll); 0 answers at once (plain poll)."""

    def __init__(self, office: WsiOffice, hold_seconds: float = 0.0) -> None:
        self.office = office
        self.hold_seconds = hold_seconds
        self.http_port: int | None = None
        self.https_port: int | None = None
        self.requests: list[str] = []  # command names in arrival order, for tests
        self.held_polls = 0  # GetEvents requests waiting for an event right now
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None

    async def start(self, host: str = "127.0.0.1", http_port: int | None = 0, https_port: int | None = None,
                    certificate: ServerCertificate | None = None) -> None:
        """Listen on HTTP (`http_port`, 0 for any free port, None for none) and, with a certificate,
        on HTTPS (`https_port`, 0 for any)."""
        app = web.Application()
        app.router.add_get(PATH, self._handle)
        # No access log: the Login URL carries the UC password as a query parameter.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        if http_port is not None:
            sock = _listening_socket(host, http_port)
            self.http_port = sock.getsockname()[1]
            await web.SockSite(self._runner, sock).start()
        if certificate is not None:
            sock = _listening_socket(host, https_port or 0)
            self.https_port = sock.getsockname()[1]
            await web.SockSite(self._runner, sock, ssl_context=server_ssl_context(certificate)).start()

    async def close(self) -> None:
        self._closing.set()
        for session in list(self.office.sessions.values()):
            session.wakeup.set()  # let held GetEvents finish
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        query = {key: request.query[key] for key in request.query}
        command = query.get("cmd", "")
        self.requests.append(command)
        delay = self.office.faults.delay_for(command)
        if delay > 0:
            try:  # a slow reply, cut short when the server closes
                await asyncio.wait_for(self._closing.wait(), delay)
            except asyncio.TimeoutError:
                pass
        if self.office.faults.take_malformed(command):
            broken = '{"events": [{"type": "Deliv' if command == "GetEvents" else f"<{command}><USER><ID>1"
            return web.Response(text=broken, content_type="text/plain")
        if command == "Login":
            return self._login(query)
        session = self.office.sessions.get(query.get("gsSession", ""))
        if session is None:
            return _error(NOT_LOGGED_IN)
        if command == "GetEvents":
            return await self._get_events(session)
        handler = getattr(self, f"_cmd_{command}", None)
        if handler is None:
            return _error("UNKNOWN_COMMAND")
        response: web.Response = handler(session, query)
        return response

    def _login(self, query: dict[str, str]) -> web.Response:
        result = self.office.login(query.get("gsUser", ""), query.get("gsPass", ""))
        if isinstance(result, str):
            return _xml(_element("LOGIN", ID="0", ERROR=result))
        root = _element("LOGIN", ID=result.session_id, CNT="1")
        las = SubElement(root, "LASVERSION")
        SubElement(las, "APPLICATION").text = "UCSUITE"
        SubElement(las, "VERSION").text = "V3R1 (Tandem simulator)"
        return _xml(root)

    def _cmd_Logout(self, session: SimSession, _query: dict[str, str]) -> web.Response:
        self.office.logout(session.session_id)
        return _xml(Element("LOGOUT"))

    def _own_user(self, session: SimSession, query: dict[str, str]) -> str | None:
        user = query.get("user", session.user)
        return user if user == session.user else None

    def _cmd_SetPresence(self, session: SimSession, query: dict[str, str]) -> web.Response:
        user = self._own_user(session, query)
        if user is None:
            return _error("NOT_ALLOWED")
        try:
            status = UcPresenceStatus.from_code(int(query.get("presence", "")))
        except ValueError:
            return _error("INVALID_PRESENCE")
        try:
            presence = UcPresence(status, self._until(status, query.get("ptime", "")))
        except ValueError:
            return _error("INVALID_PTIME")
        self.office.set_presence(user, presence)
        return _xml(Element("SetPresence"))

    def _cmd_SetCallMe(self, session: SimSession, query: dict[str, str]) -> web.Response:
        user = self._own_user(session, query)
        destination = query.get("destination", "")
        if user is None:
            return _error("NOT_ALLOWED")
        if not destination:
            return _error("NO_DESTINATION")
        try:
            until = self._until(UcPresenceStatus.CALL_ME, query.get("ptime", ""))
        except ValueError:
            return _error("INVALID_PTIME")
        self.office.set_presence(user, UcPresence(UcPresenceStatus.CALL_ME, until, destination))
        return _xml(Element("SetCallMe"))

    def _until(self, status: UcPresenceStatus, ptime: str) -> datetime | None:
        if not ptime or not status.takes_return_time:
            return None
        return datetime.strptime(ptime, self.office.ptime_format)

    def _cmd_GetPresenceXML(self, _session: SimSession, _query: dict[str, str]) -> web.Response:
        root = Element("GetPresenceXML")
        for extension, user in sorted(self.office.users.items()):
            fields = self.office.presence_fields(self.office.presence_of(extension))
            row = _element("USER", ID=extension, NAME=user.name, STATUS=fields["presence"],
                           PTIME=fields["ptime"])
            if fields["callMe"]:
                SubElement(row, "CALLME").text = fields["callMe"]
            root.append(row)
        return _xml(root)

    def _cmd_EventStart(self, session: SimSession, query: dict[str, str]) -> web.Response:
        device = query.get("deviceObject", "")
        if device not in self.office.users:
            return _error("INVALID_DEVICE")
        session.monitored.add(device)
        return _xml(Element("EventStart"))

    def _cmd_EventStop(self, session: SimSession, query: dict[str, str]) -> web.Response:
        session.monitored.discard(query.get("deviceObject", ""))
        return _xml(Element("EventStop"))

    async def _get_events(self, session: SimSession) -> web.Response:
        if not session.queue and self.hold_seconds > 0 and not session.ended:
            session.wakeup.clear()
            self.held_polls += 1
            try:
                await asyncio.wait_for(session.wakeup.wait(), self.hold_seconds)
            except asyncio.TimeoutError:
                pass
            finally:
                self.held_polls -= 1
        if session.ended:
            return _error(NOT_LOGGED_IN)
        batch = [session.queue.popleft() for _ in range(min(len(session.queue), MAX_EVENTS_PER_REPLY))]
        if not session.queue:
            session.wakeup.clear()
        return web.Response(text=json.dumps({"events": batch}), content_type="application/json")

    def _cmd_JournalRead(self, session: SimSession, query: dict[str, str]) -> web.Response:
        user = self._own_user(session, query)
        if user is None:
            return _error("NOT_ALLOWED")
        try:
            count = int(query.get("count", "50"))
        except ValueError:
            return _error("INVALID_COUNT")
        wanted = _JOURNAL_FILTERS.get(query.get("type", ""))
        if wanted is None:
            return _error("INVALID_TYPE")
        root = Element("JournalRead")
        entries = [e for e in reversed(self.office.users[user].journal) if wanted(e)][:max(count, 0)]
        for entry in entries:
            root.append(_element(
                "ENTRY", ID=entry.entry_id, DIRECTION=entry.direction.value,
                ANSWERED="1" if entry.answered else "0",
                NUMBER=entry.number, NAME=entry.name, START=entry.start.isoformat(sep=" "),
                DURATION=str(entry.duration_seconds), CALLID=entry.call_id,
            ))
        return _xml(root)

    def _cmd_MakeCall(self, session: SimSession, query: dict[str, str]) -> web.Response:
        calling = query.get("callingDevice", "")
        called = query.get("calledDirectoryNumber", "")
        if calling != session.user:
            return _error("NOT_ALLOWED")
        if not called:
            return _error("NO_DESTINATION")
        try:
            call_id = self.office.make_call(calling, called)
        except MakeCallRefused as exc:
            return _error(str(exc) or "REFUSED")
        return _xml(_element("MakeCall", CALLID=call_id))


def _listening_socket(host: str, port: int) -> socket.socket:
    """A bound socket, so the port the OS picked for port 0 is known before the site starts."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock
