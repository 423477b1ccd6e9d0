"""The simulator's CSTA server: asyncio TCP on the tandem.cti link in the server role.

Each TCP connection is a `Session` holding one sans-IO `CstaLink`. Requests go to the ServiceDesk
(call model + monitor table); every change of the call model goes, as an ECMA-285 event report, to
every monitor of every device involved, with a HiPath-like timestamp in its private data. Faults for
tests and QA: drop the links, stall, send garbage, answer slowly, reject the AARQ, restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from tandem.core.callevents import Delivered, ForwardingType, TelephonyEvent
from tandem.cti.events import Event
from tandem.cti.framing import Framing
from tandem.cti.link import (
    Aborted,
    AssociationRequested,
    CstaLink,
    HeartbeatDue,
    InvokeReceived,
    InvokeTimedOut,
    LinkState,
    LinkTimers,
    ProtocolViolation,
    Released,
    RemoteProtocolError,
    Role,
)
from tandem.cti.rose import ErrorCategory, UniversalFailure
from tandem.cti.services import SystemStatusArgument
from tandem.cti.types import CommonArguments, SecurityData, SystemStatus
from tandem.net.csta_mapping import event_to_cti
from tandem.pbxsim.callmodel import CstaFailure, Pbx
from tandem.pbxsim.csta_services import MonitorTable, ServiceDesk
from tandem.pbxsim.scenario import Scenario, Step, run_telephony_step

log = logging.getLogger(__name__)

AUTHENTICATION_FAILURE = 13
AUTHENTICATION_REQUIRED = 14


@dataclass(frozen=True)
class CstaServerSettings:
    """How the simulated PBX behaves on its CSTA port.

    `password` is the simulator's own login (HiPath's well-known default), not anyone's secret.
    """

    host: str = "127.0.0.1"
    port: int = 8800
    framing: Framing = Framing.AUTO
    strict: bool = False  # strict: a PDU before the association gets ABRT + close
    login_name: str = "AMHOST"
    password: str = "77777"  # noqa: S105
    require_login: bool = True
    heartbeat_interval: float | None = 60.0
    heartbeat_timeout: float = 10.0
    timestamps: bool = True
    no_answer_seconds: float = 15.0


@dataclass
class Faults:
    """Fault injection switches that stay on until turned off (one-shot faults are methods)."""

    reject_aarq: bool = False
    answer_delay: float = 0.0


def garbage_for(framing: Framing) -> bytes:
    """Bytes that break the stream for a reader of `framing` (it cannot resynchronise after them)."""
    if framing is Framing.SIEMENS:
        return b"\x99\x42\x13\x37garbage"
    if framing is Framing.LEN2:
        return b"\xff\xff" + b"\x00" * 8
    return b"\x30\x84\x7f\xff\xff\xff garbage"


class Session(asyncio.Protocol):
    """One CSTA client connection."""

    def __init__(self, server: CstaServer, session_id: int) -> None:
        self.server = server
        self.id = session_id
        settings = server.settings
        timers = LinkTimers(
            invoke_timeout=settings.heartbeat_timeout,
            association_timeout=60.0,
            heartbeat_interval=settings.heartbeat_interval,
            peer_silence_limit=None,
        )
        self.link = CstaLink(Role.SERVER, framing=settings.framing, timers=timers, strict=settings.strict)
        self.transport: asyncio.Transport | None = None
        self.peer = "?"
        self._timer: asyncio.TimerHandle | None = None
        self._flush_pending = False
        self._stalled: list[bytes] | None = None
        self.events_sent = 0

    # -- asyncio.Protocol --

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        peer = transport.get_extra_info("peername")
        self.peer = f"{peer[0]}:{peer[1]}" if peer else "?"
        log.info("CSTA client %s connected (session %d)", self.peer, self.id)

    def data_received(self, data: bytes) -> None:
        if self._stalled is not None:
            self._stalled.append(data)
            return
        self._receive(data)

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None
        if self._timer is not None:
            self._timer.cancel()
        self.server.session_closed(self)
        log.info("CSTA client %s disconnected (session %d)", self.peer, self.id)

    # -- link plumbing --

    @property
    def associated(self) -> bool:
        return self.link.state is LinkState.ASSOCIATED

    def _receive(self, data: bytes) -> None:
        now = time.monotonic()
        try:
            self.link.receive_data(data, now)
        except RemoteProtocolError as err:
            log.warning("CSTA client %s broke the protocol: %s", self.peer, err)
            self.link.abort()
            self.flush()
            self.close()
            return
        self._drain(now)

    def _drain(self, now: float) -> None:
        while (event := self.link.next_event()) is not None:
            self._handle(event, now)
        self.flush()
        self._arm_timer()

    def _handle(self, event: object, now: float) -> None:
        if isinstance(event, AssociationRequested):
            self._associate(event, now)
        elif isinstance(event, InvokeReceived):
            self._serve(event, now)
        elif isinstance(event, HeartbeatDue):
            self.link.send_heartbeat(now)
        elif isinstance(event, InvokeTimedOut):
            log.warning("CSTA client %s stopped answering (%d); closing the link", self.peer, event.opcode)
            self.close()
        elif isinstance(event, Released | Aborted):
            self.flush()
            self.close()
        elif isinstance(event, ProtocolViolation):
            log.info("CSTA client %s: %s (ignored, lenient mode)", self.peer, event.message)

    def _associate(self, event: AssociationRequested, now: float) -> None:
        settings = self.server.settings
        aarq = event.aarq
        if self.server.faults.reject_aarq:
            self.link.refuse(AUTHENTICATION_FAILURE)
        elif settings.require_login and aarq.password is None:
            self.link.refuse(AUTHENTICATION_REQUIRED)
        elif settings.require_login and (
            aarq.auth_name != settings.login_name.encode() or aarq.password != settings.password.encode()
        ):
            log.info("CSTA client %s: login %r refused", self.peer, aarq.auth_name)
            self.link.refuse(AUTHENTICATION_FAILURE)
        else:
            self.link.accept(now, csta_version=aarq.csta_version)
            self.link.invoke(SystemStatusArgument(system_status=SystemStatus.normal), now)
            self.server.session_associated(self)
            return
        self.flush()
        self.close()

    def _serve(self, event: InvokeReceived, now: float) -> None:
        invoke = event.invoke
        answer: Callable[[], None]
        try:
            result = self.server.desk.handle(self.id, invoke.opcode, invoke.argument)
        except CstaFailure as failure:
            error = UniversalFailure.named(ErrorCategory[failure.category], failure.value)
            answer = functools.partial(self.link.reply_error, invoke.invoke_id, error)
        else:
            answer = functools.partial(self.link.reply, invoke.invoke_id, result)
        delay = self.server.faults.answer_delay
        if delay > 0:
            asyncio.get_running_loop().call_later(delay, self._late_answer, answer)
        else:
            answer()

    def _late_answer(self, answer: Callable[[], None]) -> None:
        if self.transport is not None and self.associated:
            answer()
            self.flush()

    def send_event(self, cross_ref: bytes, event: Event) -> None:
        if self.associated:
            self.link.send_event(cross_ref, event)
            self.events_sent += 1
            if not self._flush_pending:
                self._flush_pending = True
                asyncio.get_running_loop().call_soon(self.flush)

    def flush(self) -> None:
        self._flush_pending = False
        if self._stalled is not None or self.transport is None:
            return  # a stalled PBX writes nothing; the link keeps the bytes until the stall ends
        data = self.link.data_to_send()
        if data:
            self.transport.write(data)

    def _arm_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        deadline = self.link.next_deadline()
        if deadline is not None and self.transport is not None:
            loop = asyncio.get_running_loop()
            self._timer = loop.call_later(max(0.0, deadline - time.monotonic()), self._on_timer)

    def _on_timer(self) -> None:
        self._timer = None
        if self._stalled is not None:
            return
        now = time.monotonic()
        self.link.tick(now)
        self._drain(now)

    # -- faults --

    def stall(self, seconds: float) -> None:
        """Stop reading and writing (a hung PBX process); resume after `seconds`."""
        if self._stalled is None:
            self._stalled = []
            asyncio.get_running_loop().call_later(seconds, self._resume)

    def _resume(self) -> None:
        held, self._stalled = self._stalled or [], None
        for data in held:
            if self.transport is None:
                return
            self._receive(data)
        self.flush()
        self._arm_timer()

    def write_raw(self, data: bytes) -> None:
        if self.transport is not None:
            self.flush()
            self.transport.write(data)

    def close(self) -> None:
        if self.transport is not None:
            self.transport.abort()


class CstaServer:
    """The simulated PBX's CSTA port: sessions, the shared call model and monitor table, faults."""

    def __init__(self, pbx: Pbx, settings: CstaServerSettings | None = None) -> None:
        self.pbx = pbx
        self.settings = settings or CstaServerSettings()
        self.faults = Faults()
        self.monitors = MonitorTable()
        self.desk = ServiceDesk(pbx, self.monitors)
        self.sessions: dict[int, Session] = {}
        self.associations = 0  # accepted associations since start (tests count reconnects)
        self.connections = 0  # TCP connections since start (tests count retry storms)
        self._server: asyncio.Server | None = None
        self._next_session = 1
        self._port = self.settings.port
        pbx.listeners.append(self._on_pbx_event)

    @property
    def port(self) -> int:
        return self._port

    @property
    def running(self) -> bool:
        return self._server is not None

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            self._new_session, self.settings.host, self._port, reuse_address=True
        )
        self._port = self._server.sockets[0].getsockname()[1]
        log.info("simulated PBX: CSTA on %s:%d", self.settings.host, self._port)

    async def stop(self) -> None:
        """Stop listening and drop every link (the call model stays as it is)."""
        server, self._server = self._server, None
        if server is not None:
            server.close()
        for session in list(self.sessions.values()):
            session.close()
        if server is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(server.wait_closed(), 5.0)
        self.monitors.clear()

    async def restart(self, keep_calls: bool = False) -> None:
        """A PBX restart: links dropped, monitors gone, calls gone (unless `keep_calls`), port back up."""
        await self.stop()
        if not keep_calls:
            self.pbx.reset()
        await self.start()

    def drop_links(self) -> None:
        for session in list(self.sessions.values()):
            session.close()

    def send_garbage(self, data: bytes | None = None) -> None:
        for session in list(self.sessions.values()):
            session.write_raw(data if data is not None else garbage_for(session.link.framing))

    def stall(self, seconds: float) -> None:
        for session in list(self.sessions.values()):
            session.stall(seconds)

    # -- the session table --

    def _new_session(self) -> Session:
        session = Session(self, self._next_session)
        self._next_session += 1
        self.sessions[session.id] = session
        self.connections += 1
        return session

    def session_associated(self, session: Session) -> None:
        self.associations += 1

    def session_closed(self, session: Session) -> None:
        self.sessions.pop(session.id, None)
        self.monitors.drop_session(session.id)

    def monitor_counts(self) -> dict[str, int]:
        """Monitors per device across all sessions (a client that leaks monitors shows here)."""
        return {device: len(monitors) for device, monitors in self.monitors.by_device.items()}

    # -- events from the call model --

    def _on_pbx_event(self, devices: frozenset[str], event: TelephonyEvent) -> None:
        targets = [m for d in devices for m in self.monitors.by_device.get(d, ())]
        if targets:
            extensions = None
            if self.settings.timestamps:
                stamp = dt.datetime.now().replace(microsecond=0)
                extensions = CommonArguments(security=SecurityData(timestamp=stamp))
            wire = event_to_cti(event, extensions)
            for monitor in targets:
                session = self.sessions.get(monitor.session)
                if session is not None:
                    session.send_event(monitor.cross_ref, wire)
        if isinstance(event, Delivered):
            self._arm_no_answer(event)

    def _arm_no_answer(self, event: Delivered) -> None:
        device = event.connection.device
        ext = self.pbx.extensions.get(device)
        if ext is not None and ForwardingType.NO_ANSWER in ext.forwarding:
            with contextlib.suppress(RuntimeError):  # no running loop: a pure unit test
                asyncio.get_running_loop().call_later(
                    self.settings.no_answer_seconds, self.pbx.no_answer, event.connection.call_id, device
                )

    # -- scenarios --

    async def run_scenario(self, scenario: Scenario) -> None:
        """Play the scenario's steps at their times (forever when it repeats)."""
        loop = asyncio.get_running_loop()
        while True:
            start = loop.time()
            for step in scenario.steps:
                await asyncio.sleep(max(0.0, start + step.at - loop.time()))
                await self.run_step(step)
            if not scenario.repeat or not scenario.steps:
                return
            await asyncio.sleep(1.0)

    async def run_step(self, step: Step) -> None:
        if not step.is_fault:
            try:
                run_telephony_step(self.pbx, step)
            except CstaFailure as failure:
                log.info("scenario line %d (%s): %s", step.line, step.action, failure)
            return
        action, args = step.action, step.args
        if action == "drop-link":
            self.drop_links()
        elif action == "stall":
            self.stall(float(args[0]))
        elif action == "garbage":
            self.send_garbage(args[0].encode() if args else None)
        elif action == "slow":
            self.faults.answer_delay = float(args[0])
        elif action == "reject-aarq":
            self.faults.reject_aarq = args[0] == "on"
        elif action == "restart":
            await self.restart()
