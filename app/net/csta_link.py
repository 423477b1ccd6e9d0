"""The CSTA link to the PBX over TCP: asyncio around the sans-IO tandem.cti link in the client role.

`CstaClient` connects, logs in (AARQ with name and password), answers the PBX's heartbeats and sends
its own, monitors the wanted devices (pipelined, bounded in flight), initialises their state from
snapshots into a PresenceModel, offers every CSTA service as an awaitable, and reconnects with
exponential backoff and jitter, re-monitoring and resynchronising after every reconnect. Its
`status` says what the link is doing and, when it is not working, why, as a sentence.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import enum
import logging
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from tandem.config.settings import CstaSettings
from tandem.core.callevents import (
    CallSnapshot,
    Connection,
    ConnectionState,
    DeviceSnapshot,
    DoNotDisturbChanged,
    ForwardingType,
    TelephonyEvent,
)
from tandem.core.errors import EnvironmentProblem
from tandem.core.presence import PresenceModel
from tandem.cti import services as sv
from tandem.cti.ber import MalformedPDU
from tandem.cti.events import Event
from tandem.cti.framing import Framing
from tandem.cti.link import (
    Aborted,
    AssociationRejected,
    AssociationTimedOut,
    CstaLink,
    ErrorReceived,
    EventReceived,
    HeartbeatDue,
    InvokeTimedOut,
    LateReply,
    LinkTimers,
    PeerSilent,
    ProtocolViolation,
    Ready,
    RejectReceived,
    Released,
    RemoteProtocolError,
    ResultReceived,
    Role,
    UndecodablePdu,
)
from tandem.cti.types import ConnectionId
from tandem.net.csta_mapping import (
    MappingError,
    connection_to_core,
    connection_to_cti,
    device_to_core,
    device_to_cti,
    event_to_core,
    forwarding_to_core,
    forwarding_to_cti,
    state_to_core,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

_HEARTBEAT_OPCODES = (
    sv.OPERATIONS_BY_NAME["systemStatus"].opcode,
    sv.OPERATIONS_BY_NAME["requestSystemStatus"].opcode,
)


_SLICE = 4096  # bytes of input handled per loop iteration (about 40 events)
_BACKLOG_HIGH = 1 << 20  # stop reading from the socket above this much unhandled input


class LinkPhase(enum.Enum):
    DISCONNECTED = "disconnected"
    CONNECTING = "connecting"
    ASSOCIATING = "associating"
    READY = "ready"
    BACKING_OFF = "backing off"
    STOPPED = "stopped"


@dataclass(frozen=True)
class LinkStatus:
    """What the link is doing; `error` is the last failure as a sentence a person can act on."""

    phase: LinkPhase
    error: str | None = None
    retry_in: float | None = None
    failures: int = 0  # consecutive failed attempts

    def __str__(self) -> str:
        text = self.phase.value
        if self.retry_in is not None:
            text += f" (next try in {self.retry_in:.1f} s)"
        return f"{text}: {self.error}" if self.error else text


@dataclass(frozen=True)
class CstaClientConfig:
    """Everything the link needs except the password, which is passed separately."""

    host: str
    port: int = 8800
    framing: Framing = Framing.SIEMENS
    login_name: str = "AMHOST"
    connect_timeout: float = 5.0
    association_timeout: float = 10.0
    handshake_grace: float = 5.0
    request_timeout: float = 10.0
    heartbeat_interval: float | None = 60.0
    peer_silence_limit: float | None = 300.0
    backoff_initial: float = 1.0
    backoff_max: float = 60.0
    backoff_factor: float = 2.0
    backoff_jitter: float = 0.25
    login_retry_delay: float = 60.0  # after a rejected login: retrying fast cannot help
    max_in_flight: int = 32
    query_features: bool = True  # read DND and forwarding of each monitored device on (re)sync

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    @classmethod
    def from_settings(cls, settings: CstaSettings, **overrides: Any) -> CstaClientConfig:
        """The link as the user configured it (`auto` framing means siemens: a client speaks first)."""
        framing = Framing.SIEMENS if settings.framing == "auto" else Framing(settings.framing)
        config = cls(
            host=settings.host,
            port=settings.port,
            framing=framing,
            login_name=settings.login_name,
            heartbeat_interval=settings.heartbeat_interval,
        )
        return dataclasses.replace(config, **overrides)


class CstaError(EnvironmentProblem):
    """A CSTA request failed: the PBX refused it, rejected it, or did not answer."""

    def __init__(self, message: str, *, category: str | None = None, value: str | None = None) -> None:
        super().__init__(message)
        self.category = category
        self.value = value


class CstaLinkDown(CstaError):
    """The link is not ready (or was lost while the request was outstanding)."""


@dataclass
class _Pending:
    future: asyncio.Future[Any]
    operation: str
    on_result: Callable[[Any], Any] | None = None


class _Protocol(asyncio.Protocol):
    def __init__(self, client: CstaClient, generation: int) -> None:
        self.client = client
        self.generation = generation
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.client._on_data(self.generation, data)

    def connection_lost(self, exc: Exception | None) -> None:
        self.client._on_lost(self.generation, exc)


def _failure_sentence(error: ErrorReceived | RejectReceived, operation: str) -> CstaError:
    if isinstance(error, RejectReceived):
        return CstaError(f"the PBX rejected {operation} ({error.problem})")
    failure = error.failure
    if failure is None:
        return CstaError(f"the PBX refused {operation} (error code {error.error.errcode})")
    category = getattr(failure.category, "name", str(failure.category))
    return CstaError(f"the PBX refused {operation}: {failure}", category=category, value=failure.value_name)


class CstaClient:
    """One CSTA link with automatic reconnect; feeds `presence` with everything it monitors."""

    def __init__(
        self,
        config: CstaClientConfig,
        password: str | None,
        presence: PresenceModel | None = None,
    ) -> None:
        self.config = config
        self._password = password
        self.presence = presence if presence is not None else PresenceModel()
        self._status = LinkStatus(LinkPhase.DISCONNECTED)
        self._status_listeners: list[Callable[[LinkStatus], None]] = []
        self._event_listeners: list[Callable[[str, Event, TelephonyEvent | None], None]] = []
        self._wanted: set[str] = set()
        self._xref_device: dict[bytes, str] = {}
        self._device_xref: dict[str, bytes] = {}
        self._monitoring: set[str] = set()  # started (or starting) on the current connection
        self._pending: dict[int, _Pending] = {}
        self._link: CstaLink | None = None
        self._protocol: _Protocol | None = None
        self._generation = 0
        self._lost: asyncio.Future[tuple[str, bool]] | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._runner: asyncio.Task[None] | None = None
        self._sync_task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._ready = asyncio.Event()
        self._synced = asyncio.Event()
        self._in_flight = asyncio.Semaphore(config.max_in_flight)
        self._flush_pending = False
        self._backlog = bytearray()
        self._backlog_scheduled = False
        self._reading_paused = False
        self._closed_with: str | None = None
        self.connects = 0  # TCP connections made (tests check there is no retry storm)
        self.resyncs = 0  # completed resynchronisations after (re)connects
        self.events_received = 0
        self.undecodable = 0

    # -- observing ---------------------------------------------------------------------------

    @property
    def status(self) -> LinkStatus:
        return self._status

    @property
    def ready(self) -> bool:
        return self._status.phase is LinkPhase.READY

    @property
    def synced(self) -> bool:
        """Ready, and every wanted device monitored and snapshotted on this connection."""
        return self.ready and self._synced.is_set()

    def on_status(self, listener: Callable[[LinkStatus], None]) -> Callable[[], None]:
        self._status_listeners.append(listener)
        return lambda: self._status_listeners.remove(listener)

    def on_event(self, listener: Callable[[str, Event, TelephonyEvent | None], None]) -> Callable[[], None]:
        """`listener(device, wire_event, domain_event_or_None)` for every event of a monitored device."""
        self._event_listeners.append(listener)
        return lambda: self._event_listeners.remove(listener)

    def cross_refs(self) -> dict[str, bytes]:
        return dict(self._device_xref)

    async def wait_ready(self, timeout: float) -> None:
        await asyncio.wait_for(self._ready.wait(), timeout)

    async def wait_synced(self, timeout: float) -> None:
        async def both() -> None:
            while not self.synced:
                await self._synced.wait()
                if not self.ready:
                    await self._ready.wait()

        await asyncio.wait_for(both(), timeout)

    def _set_status(
        self,
        phase: LinkPhase,
        error: str | None = None,
        retry_in: float | None = None,
        failures: int | None = None,
    ) -> None:
        status = LinkStatus(phase, error, retry_in, self._status.failures if failures is None else failures)
        if status == self._status:
            return
        self._status = status
        if phase is LinkPhase.READY:
            self._ready.set()
        else:
            self._ready.clear()
            self._synced.clear()
        for listener in list(self._status_listeners):
            listener(status)

    # -- life cycle --------------------------------------------------------------------------

    async def start(self) -> None:
        if self._runner is None:
            self._stopping.clear()
            self._runner = asyncio.create_task(self._run(), name=f"csta-link {self.config.address}")

    async def stop(self) -> None:
        """Release the association (when up), close the connection and stop reconnecting."""
        self._stopping.set()
        link, protocol = self._link, self._protocol
        if link is not None and protocol is not None and protocol.transport is not None and self.ready:
            with contextlib.suppress(Exception):
                link.release(time.monotonic())
                self._flush()
        if protocol is not None and protocol.transport is not None:
            protocol.transport.close()
        if self._lost is not None and not self._lost.done():
            self._lost.set_result(("the link was stopped", False))
        runner, self._runner = self._runner, None
        if runner is not None:
            runner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await runner
        self._set_status(LinkPhase.STOPPED)

    async def __aenter__(self) -> CstaClient:
        await self.start()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.stop()

    async def _run(self) -> None:
        failures = 0
        try:
            while not self._stopping.is_set():
                sentence, login_refused, was_ready = await self._session()
                if self._stopping.is_set():
                    break
                failures = 1 if was_ready else failures + 1
                delay = self._backoff(failures, login_refused)
                # The status carries the sentence for the user; the log keeps the history.
                log.info("CSTA link: %s; retrying in %.1f s", sentence, delay)
                self._set_status(LinkPhase.BACKING_OFF, sentence, round(delay, 3), failures)
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), delay)
        finally:
            self._teardown(CstaLinkDown(f"the CSTA link to {self.config.address} was stopped"))

    def _backoff(self, failures: int, login_refused: bool) -> float:
        cfg = self.config
        delay = min(cfg.backoff_max, cfg.backoff_initial * cfg.backoff_factor ** max(0, failures - 1))
        if login_refused:
            delay = max(delay, cfg.login_retry_delay)
        return max(0.0, delay * (1.0 + random.uniform(-cfg.backoff_jitter, cfg.backoff_jitter)))

    async def _session(self) -> tuple[str, bool, bool]:
        """One connection from connect to loss: (why it ended, login refused?, was it ready?)."""
        cfg = self.config
        loop = asyncio.get_running_loop()
        self._generation += 1
        generation = self._generation
        self._set_status(LinkPhase.CONNECTING, self._status.error)
        try:
            _transport, protocol = await asyncio.wait_for(
                loop.create_connection(lambda: _Protocol(self, generation), cfg.host, cfg.port),
                cfg.connect_timeout,
            )
        except ConnectionRefusedError:
            return (
                f"{cfg.address} refused the connection: is the PBX's CSTA link enabled on that port?",
                False,
                False,
            )
        except asyncio.TimeoutError:
            return f"{cfg.address} did not answer within {cfg.connect_timeout:g} s", False, False
        except OSError as exc:
            return f"cannot reach {cfg.address}: {exc.strerror or exc}", False, False
        self.connects += 1
        self._protocol = protocol
        self._lost = loop.create_future()
        timers = LinkTimers(
            invoke_timeout=cfg.request_timeout,
            association_timeout=cfg.association_timeout,
            handshake_grace=cfg.handshake_grace,
            heartbeat_interval=cfg.heartbeat_interval,
            peer_silence_limit=cfg.peer_silence_limit,
        )
        self._link = CstaLink(Role.CLIENT, framing=cfg.framing, timers=timers, strict=False)
        self._set_status(LinkPhase.ASSOCIATING, self._status.error)
        password = self._password.encode() if self._password is not None else None
        self._link.associate(
            time.monotonic(),
            auth_name=cfg.login_name.encode() if password is not None else None,
            password=password,
        )
        self._flush()
        self._arm_timer()
        was_ready = False

        def note_ready(status: LinkStatus) -> None:
            nonlocal was_ready
            was_ready = was_ready or status.phase is LinkPhase.READY

        unsubscribe = self.on_status(note_ready)
        try:
            sentence, login_refused = await self._lost
        finally:
            unsubscribe()
            if protocol.transport is not None:
                protocol.transport.abort()
            self._teardown(CstaLinkDown(f"the CSTA link to {cfg.address} was lost"))
        return sentence, login_refused, was_ready

    def _teardown(self, error: CstaError) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._sync_task is not None:
            self._sync_task.cancel()
            self._sync_task = None
        pending, self._pending = self._pending, {}
        for entry in pending.values():
            if not entry.future.done():
                entry.future.set_exception(error)
                entry.future.exception()  # retrieved: nobody may be waiting any more
        self._xref_device.clear()
        self._device_xref.clear()
        self._monitoring.clear()
        self._link = None
        self._protocol = None
        self._backlog.clear()
        self._reading_paused = False
        self._closed_with = None
        self._in_flight = asyncio.Semaphore(self.config.max_in_flight)

    def _fail(self, sentence: str, login_refused: bool = False) -> None:
        """The current connection is over; `_session` reports why and the runner backs off."""
        if self._lost is not None and not self._lost.done():
            self._lost.set_result((sentence, login_refused))

    # -- bytes in, events out ------------------------------------------------------------------

    def _on_lost(self, generation: int, exc: Exception | None) -> None:
        if generation != self._generation:
            return
        reason = f": {exc}" if exc else ""
        sentence = f"{self.config.address} closed the CSTA connection{reason}"
        if self._backlog and self._link is not None:
            self._closed_with = sentence  # reported once what arrived before the close is handled
        else:
            self._fail(sentence)

    def _on_data(self, generation: int, data: bytes) -> None:
        if generation != self._generation or self._link is None:
            return
        # Bytes are queued and handled a slice per loop iteration: a burst of thousands of events
        # in one read must not hold the loop (and the GUI on it) for longer than a slice takes.
        self._backlog += data
        protocol = self._protocol
        if len(self._backlog) > _BACKLOG_HIGH and protocol is not None and protocol.transport is not None:
            protocol.transport.pause_reading()
            self._reading_paused = True
        if not self._backlog_scheduled:
            self._backlog_scheduled = True
            asyncio.get_running_loop().call_soon(self._process_backlog, generation)

    def _process_backlog(self, generation: int) -> None:
        self._backlog_scheduled = False
        link = self._link
        if generation != self._generation or link is None:
            return
        chunk = bytes(self._backlog[:_SLICE])
        del self._backlog[:_SLICE]
        if self._backlog:
            self._backlog_scheduled = True
            asyncio.get_running_loop().call_soon(self._process_backlog, generation)
        elif self._closed_with is not None:
            asyncio.get_running_loop().call_soon(self._fail, self._closed_with)
        if self._reading_paused and len(self._backlog) < _BACKLOG_HIGH // 4:
            self._reading_paused = False
            protocol = self._protocol
            if protocol is not None and protocol.transport is not None:
                protocol.transport.resume_reading()
        now = time.monotonic()
        try:
            link.receive_data(chunk, now)
        except RemoteProtocolError as err:
            cause = err.__cause__
            if isinstance(cause, MalformedPDU):
                self._fail(
                    f"protocol error from {self.config.address} at byte {cause.offset} of the stream "
                    f"({cause.reason}); reconnecting"
                )
            else:
                self._fail(f"protocol error from {self.config.address}: {err}")
            return
        self._drain(link, now)

    def _drain(self, link: CstaLink, now: float) -> None:
        while (event := link.next_event()) is not None:
            if isinstance(event, EventReceived):
                self._on_event(event)
            elif isinstance(event, ResultReceived):
                self._complete(event.invoke_id, event.result)
            elif isinstance(event, ErrorReceived | RejectReceived):
                self._refused(event)
            else:
                self._on_link_event(event, link, now)
        self._flush()
        self._arm_timer()

    def _on_link_event(self, event: object, link: CstaLink, now: float) -> None:
        cfg = self.config
        if isinstance(event, Ready):
            log.info("CSTA link %s ready (systemStatus handshake: %s)", cfg.address, event.handshake)
            self._set_status(LinkPhase.READY, None, failures=0)
            self._sync_task = asyncio.get_running_loop().create_task(self._resync())
        elif isinstance(event, AssociationRejected):
            why = event.aare.diagnostic_name
            self._fail(
                f"{cfg.address} refused the CSTA login as {cfg.login_name!r} ({why}): wrong name or "
                "password?",
                login_refused=True,
            )
        elif isinstance(event, AssociationTimedOut):
            self._fail(f"{cfg.address} did not answer the CSTA login within {cfg.association_timeout:g} s")
        elif isinstance(event, HeartbeatDue):
            link.send_heartbeat(now)
        elif isinstance(event, InvokeTimedOut):
            entry = self._pending.pop(event.invoke_id, None)
            if entry is not None:
                entry.future.set_exception(
                    CstaError(
                        f"{cfg.address} did not answer {entry.operation} within {cfg.request_timeout:g} s"
                    )
                )
            elif event.opcode in _HEARTBEAT_OPCODES:
                self._fail(f"{cfg.address} stopped answering heartbeats (timed out)")
        elif isinstance(event, PeerSilent):
            self._fail(f"{cfg.address} sent no heartbeat for {event.seconds:g} s (timed out)")
        elif isinstance(event, UndecodablePdu):
            self.undecodable += 1
            log.warning("CSTA link %s: undecodable PDU skipped: %s", cfg.address, event.error)
            if event.invoke_id is not None:
                entry = self._pending.pop(event.invoke_id, None)
                if entry is not None:
                    entry.future.set_exception(
                        CstaError(f"the answer to {entry.operation} could not be read: {event.error}")
                    )
        elif isinstance(event, Aborted):
            self._fail(f"{cfg.address} aborted the CSTA association")
        elif isinstance(event, Released):
            self._fail(f"{cfg.address} released the CSTA association")
        elif isinstance(event, ProtocolViolation):
            log.warning("CSTA link %s: %s (ignored)", cfg.address, event.message)
        elif isinstance(event, LateReply):
            log.info("CSTA link %s: late answer to invoke %d dropped", cfg.address, event.invoke_id)

    def _on_event(self, event: EventReceived) -> None:
        self.events_received += 1
        device = self._xref_device.get(event.cross_ref)
        if device is None:
            return  # a monitor we no longer hold (stopped, or from before a reconnect)
        wire = event.event
        try:
            domain = event_to_core(wire, device)
        except (MappingError, ValueError) as exc:
            log.warning("CSTA event for %s not understood: %s", device, exc)
            domain = None
        if domain is not None:
            self.presence.apply(domain)
        for listener in list(self._event_listeners):
            listener(device, wire, domain)

    def _complete(self, invoke_id: int, result: Any) -> None:
        entry = self._pending.pop(invoke_id, None)
        if entry is None or entry.future.done():
            return
        try:
            # Applied here, in the order the PBX sent it, so an event after this answer wins.
            value = entry.on_result(result) if entry.on_result is not None else result
        except (MappingError, ValueError) as exc:
            entry.future.set_exception(
                CstaError(f"the answer to {entry.operation} did not make sense: {exc}")
            )
            return
        entry.future.set_result(value)

    def _refused(self, event: ErrorReceived | RejectReceived) -> None:
        if event.invoke_id is None:
            log.warning("CSTA link %s: the PBX rejected a PDU (%s)", self.config.address, event.problem)
            return
        entry = self._pending.pop(event.invoke_id, None)
        if entry is not None and not entry.future.done():
            entry.future.set_exception(_failure_sentence(event, entry.operation))

    # -- bytes out and timers --------------------------------------------------------------------

    def _flush(self) -> None:
        self._flush_pending = False
        link, protocol = self._link, self._protocol
        if link is None or protocol is None or protocol.transport is None:
            return
        data = link.data_to_send()
        if data:
            protocol.transport.write(data)

    def _arm_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        link = self._link
        deadline = link.next_deadline() if link is not None else None
        if deadline is not None:
            delay = max(0.0, deadline - time.monotonic())
            self._timer = asyncio.get_running_loop().call_later(delay, self._on_timer, self._generation)

    def _on_timer(self, generation: int) -> None:
        self._timer = None
        link = self._link
        if link is None or generation != self._generation:
            return
        now = time.monotonic()
        link.tick(now)
        self._drain(link, now)

    # -- requests ------------------------------------------------------------------------------

    async def request(
        self, argument: Any, on_result: Callable[[Any], T] | None = None, opcode: int | None = None
    ) -> T:
        """Send one request and wait for its answer; raises CstaError (CstaLinkDown when not ready)."""
        async with self._in_flight:
            link = self._link
            if link is None or not self.ready:
                raise CstaLinkDown(f"the CSTA link to {self.config.address} is not ready ({self._status})")
            future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
            invoke_id = link.invoke(argument, time.monotonic(), opcode=opcode)
            name = sv.operation_name(opcode if opcode is not None else sv.operation_for(argument).opcode)
            self._pending[invoke_id] = _Pending(future, name, on_result)
            if not self._flush_pending:
                # Coalesce the writes of requests issued in the same loop iteration (pipelining).
                self._flush_pending = True
                asyncio.get_running_loop().call_soon(self._flush)
                asyncio.get_running_loop().call_soon(self._arm_timer)
            return await future

    # -- monitoring and resynchronisation --------------------------------------------------------

    async def monitor(self, devices: Iterable[str]) -> dict[str, CstaError]:
        """Watch these devices (now and after every reconnect); returns the ones the PBX refused."""
        new = [d for d in dict.fromkeys(devices) if d not in self._wanted]
        self._wanted.update(new)
        self.presence.watch(new)
        if not self.ready:
            return {}
        return await self._monitor_all(new)

    async def unmonitor(self, devices: Iterable[str]) -> None:
        gone = [d for d in devices if d in self._wanted]
        self._wanted.difference_update(gone)
        self.presence.unwatch(gone)
        for device in gone:
            await self._stop_monitor(device)

    async def _stop_monitor(self, device: str) -> None:
        self._monitoring.discard(device)
        xref = self._device_xref.pop(device, None)
        if xref is not None:
            self._xref_device.pop(xref, None)
            with contextlib.suppress(CstaError):
                await self.request(sv.MonitorStopArgument(cross_ref_identifier=xref))

    @property
    def monitored(self) -> frozenset[str]:
        return frozenset(self._wanted)

    async def _resync(self) -> None:
        failures = await self._monitor_all(sorted(self._wanted))
        for device, error in sorted(failures.items()):
            log.warning("CSTA link %s: cannot monitor %s: %s", self.config.address, device, error)
        # What we believed about a device the PBX no longer lets us watch is not the truth any more.
        self.presence.mark_unknown(d for d, e in failures.items() if not isinstance(e, CstaLinkDown))
        self.resyncs += 1
        self._synced.set()

    async def _monitor_all(self, devices: list[str]) -> dict[str, CstaError]:
        todo = [d for d in devices if d not in self._monitoring]
        self._monitoring.update(todo)
        snapshotted_calls: set[str] = set()
        results = await asyncio.gather(
            *(self._monitor_one(d, snapshotted_calls) for d in todo), return_exceptions=True
        )
        failures: dict[str, CstaError] = {}
        for device, outcome in zip(todo, results, strict=True):
            if isinstance(outcome, CstaError):
                failures[device] = outcome
                if not isinstance(outcome, CstaLinkDown):
                    self._monitoring.discard(device)
            elif isinstance(outcome, BaseException):
                raise outcome
        return failures

    async def _monitor_one(self, device: str, snapshotted_calls: set[str]) -> None:
        generation = self._generation

        def started(result: sv.MonitorStartResult) -> None:
            if generation == self._generation:
                self._xref_device[result.cross_ref_identifier] = device
                self._device_xref[device] = result.cross_ref_identifier

        await self.request(sv.MonitorStartArgument(monitor_object=device_to_cti(device)), started)
        if device not in self._wanted:
            # unmonitor() ran while this monitor was being started: do not leave it on the PBX.
            await self._stop_monitor(device)
            return
        calls = await self.snapshot_device(device, apply=True)
        for call_id, _state in calls:
            if call_id not in snapshotted_calls:
                snapshotted_calls.add(call_id)
                with contextlib.suppress(CstaError):  # the call may have ended meanwhile
                    await self.snapshot_call(call_id, apply=True)
        if self.config.query_features:
            await self.get_do_not_disturb(device, apply=True)
            await self.get_forwarding(device, apply=True)

    # -- services --------------------------------------------------------------------------------

    async def make_call(self, calling: str, called: str) -> Connection:
        arg = sv.MakeCallArgument(
            calling_device=device_to_cti(calling), called_directory_number=device_to_cti(called)
        )
        return await self.request(arg, lambda r: connection_to_core(r.calling_device, calling))

    async def answer_call(self, connection: Connection) -> None:
        await self._no_data(sv.AnswerCallArgument(call_to_be_answered=connection_to_cti(connection)))

    async def clear_connection(self, connection: Connection) -> None:
        await self._no_data(
            sv.ClearConnectionArgument(connection_to_be_cleared=connection_to_cti(connection))
        )

    async def clear_call(self, call_id: str) -> None:
        await self._no_data(
            sv.ClearCallArgument(call_to_be_cleared=ConnectionId(call_id=bytes.fromhex(call_id)))
        )

    async def hold_call(self, connection: Connection) -> None:
        await self._no_data(sv.HoldCallArgument(call_to_be_held=connection_to_cti(connection)))

    async def retrieve_call(self, connection: Connection) -> None:
        await self._no_data(sv.RetrieveCallArgument(call_to_be_retrieved=connection_to_cti(connection)))

    async def consultation_call(self, existing: Connection, consulted: str) -> Connection:
        arg = sv.ConsultationCallArgument(
            existing_call=connection_to_cti(existing), consulted_device=device_to_cti(consulted)
        )
        return await self.request(arg, lambda r: connection_to_core(r.initiated_call, existing.device))

    async def reconnect_call(self, held: Connection, active: Connection) -> None:
        await self._no_data(
            sv.ReconnectCallArgument(held_call=connection_to_cti(held), active_call=connection_to_cti(active))
        )

    async def transfer_call(self, held: Connection, active: Connection) -> Connection:
        arg = sv.TransferCallArgument(
            held_call=connection_to_cti(held), active_call=connection_to_cti(active)
        )
        return await self.request(arg, lambda r: connection_to_core(r.transferred_call))

    async def conference_call(self, held: Connection, active: Connection) -> Connection:
        arg = sv.ConferenceCallArgument(
            held_call=connection_to_cti(held), active_call=connection_to_cti(active)
        )
        return await self.request(arg, lambda r: connection_to_core(r.conference_call, held.device))

    async def deflect_call(self, connection: Connection, new_destination: str) -> None:
        await self._no_data(
            sv.DeflectCallArgument(
                call_to_be_diverted=connection_to_cti(connection),
                new_destination=device_to_cti(new_destination),
            )
        )

    async def single_step_transfer(self, active: Connection, transferred_to: str) -> Connection:
        arg = sv.SingleStepTransferCallArgument(
            active_call=connection_to_cti(active), transferred_to=device_to_cti(transferred_to)
        )
        return await self.request(arg, lambda r: connection_to_core(r.transferred_call))

    async def set_do_not_disturb(self, device: str, on: bool) -> None:
        await self._no_data(sv.SetDoNotDisturbArgument(device=device_to_cti(device), do_not_disturb_on=on))

    async def get_do_not_disturb(self, device: str, apply: bool = False) -> bool:
        def result(r: sv.GetDoNotDisturbResult) -> bool:
            if apply:
                self.presence.apply(DoNotDisturbChanged(device, r.do_not_disturb_on))
            return r.do_not_disturb_on

        return await self.request(sv.GetDoNotDisturbArgument(device=device_to_cti(device)), result)

    async def set_forwarding(
        self, device: str, kind: ForwardingType, on: bool, target: str | None = None
    ) -> None:
        await self._no_data(
            sv.SetForwardingArgument(
                device=device_to_cti(device),
                forwarding_type=forwarding_to_cti(kind),
                activate_forward=on,
                forward_dn=device_to_cti(target) if target else None,
            )
        )

    async def get_forwarding(self, device: str, apply: bool = False) -> dict[ForwardingType, str | None]:
        def result(r: sv.GetForwardingResult) -> dict[ForwardingType, str | None]:
            table = {
                forwarding_to_core(e.forwarding_type): device_to_core(e.forward_dn)
                for e in r.forwarding_list or ()
                if e.forward_status
            }
            if apply:
                self.presence.apply(DeviceSnapshot(device, calls=None, forwarding=tuple(table.items())))
            return table

        return await self.request(sv.GetForwardingArgument(device=device_to_cti(device)), result)

    async def snapshot_device(self, device: str, apply: bool = False) -> list[tuple[str, ConnectionState]]:
        """The device's calls and its local state in each; `apply` puts them into the presence model."""

        def result(r: sv.SnapshotDeviceResult) -> list[tuple[str, ConnectionState]]:
            calls = []
            for info in r.snapshot_data or ():
                leg = connection_to_core(info.connection_identifier, device)
                states = info.local_call_state
                calls.append((leg.call_id, state_to_core(states[0] if states else None)))
            if apply:
                self.presence.apply(DeviceSnapshot(device, calls=tuple(calls)))
            return calls

        return await self.request(sv.SnapshotDeviceArgument(snapshot_object=device_to_cti(device)), result)

    async def snapshot_call(self, call_id: str, apply: bool = False) -> list[tuple[str, ConnectionState]]:
        """Every party of the call and its state; `apply` puts them into the presence model."""

        def result(r: sv.SnapshotCallResult) -> list[tuple[str, ConnectionState]]:
            parties = [
                (number, state_to_core(info.local_connection_state))
                for info in r.snapshot_data or ()
                if (number := device_to_core(info.device_on_call))
            ]
            if apply:
                self.presence.apply(CallSnapshot(call_id, tuple(parties)))
            return parties

        arg = sv.SnapshotCallArgument(snapshot_object=ConnectionId(call_id=bytes.fromhex(call_id)))
        return await self.request(arg, result)

    async def request_system_status(self) -> str:
        result: sv.RequestSystemStatusResult = await self.request(sv.NoData(), opcode=_HEARTBEAT_OPCODES[1])
        return getattr(result.system_status, "name", str(result.system_status))

    async def _no_data(self, argument: Any) -> None:
        await self.request(argument)


async def wait_for_condition(condition: Callable[[], bool], timeout: float, interval: float = 0.01) -> None:
    """Poll `condition` until true; raises TimeoutError. For tools and tests waiting on the link."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"condition not met within {timeout:g} s")
        await asyncio.sleep(interval)
