"""The CSTA link as a sans-IO state machine, for both ends: the client (Tandem) and the server (the
simulated PBX). Bytes in (`receive_data`), typed events out (`next_event`); calls in (`associate`,
`invoke`, `reply`, …), bytes out (`data_to_send`). Time is whatever the caller passes as `now`
(monotonic seconds): the link never reads a clock, it reports due timers as events from `tick`.

The link answers on its own what the protocol requires: every systemStatus invoke (echoing the
peer's invokeId), requestSystemStatus, RLRQ, and invokes whose argument does not decode (reject
mistypedArgument). Everything else is the application's decision.
"""

from __future__ import annotations

import enum
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tandem.core.errors import TandemError
from tandem.cti.acse import AARE, AARQ, ABRT, RLRE, RLRQ, AbortSource, AssociateResult, DiagnosticSource
from tandem.cti.ber import DEFAULT_LIMITS, BitString, CstaDecodeError, Limits, MalformedPDU
from tandem.cti.events import Event, EventReport
from tandem.cti.framing import FrameReader, Framing, frame
from tandem.cti.pdu import Pdu, decode_pdu, encode_pdu, pdu_kind
from tandem.cti.rose import (
    DUPLICATE_INVOCATION,
    MISTYPED_ARGUMENT,
    Invoke,
    MalformedRose,
    Reject,
    RejectProblem,
    ReturnError,
    ReturnResult,
    UniversalFailure,
)
from tandem.cti.services import (
    CSTA_EVENT_REPORT,
    REQUEST_SYSTEM_STATUS,
    SYSTEM_STATUS,
    NoData,
    RequestSystemStatusResult,
    SystemStatusArgument,
    operation_for,
)
from tandem.cti.types import SystemStatus


class LocalProtocolError(TandemError):
    """Tandem asked the link for something the protocol does not allow now (a bug in the caller)."""


class RemoteProtocolError(TandemError):
    """The peer broke the protocol (a PDU illegal in the current state, or an unreadable stream)."""


class Role(enum.Enum):
    CLIENT = "client"
    SERVER = "server"


class LinkState(enum.Enum):
    IDLE = "idle"
    """Client before `associate()`."""
    AWAITING_AARE = "awaiting-aare"
    AWAITING_AARQ = "awaiting-aarq"
    """Server before the client's AARQ."""
    ASSOCIATION_REQUESTED = "association-requested"
    """Server holding an AARQ: call `accept()` or `refuse()`."""
    ASSOCIATED = "associated"
    RELEASING = "releasing"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class LinkTimers:
    """Deadlines, in seconds. None switches a timer off."""

    invoke_timeout: float = 10.0
    association_timeout: float = 15.0
    handshake_grace: float = 5.0
    """Client: how long after the AARE to wait for the PBX's systemStatus before `Ready` anyway."""
    heartbeat_interval: float | None = 60.0
    """Our own systemStatus/requestSystemStatus; `HeartbeatDue` fires this long after the last one."""
    peer_silence_limit: float | None = 300.0
    """`PeerSilent` fires when nothing at all came from the peer for this long (a dead link). The
    peer's systemStatus invokes and the answers to our heartbeats keep a healthy link alive."""


# --- events -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AssociationRequested:
    """Server: the client's AARQ arrived; answer with `accept()` or `refuse()`."""

    aarq: AARQ


@dataclass(frozen=True, slots=True)
class Associated:
    """Client: the PBX accepted the association (the systemStatus handshake may still follow)."""

    aare: AARE


@dataclass(frozen=True, slots=True)
class AssociationRejected:
    """Client: the PBX refused the association; `aare.diagnostic_name` says why."""

    aare: AARE


@dataclass(frozen=True, slots=True)
class Ready:
    """Client: the link may be used (monitors, services). `handshake` False: no systemStatus came."""

    handshake: bool


@dataclass(frozen=True, slots=True)
class SystemStatusReceived:
    """The peer's systemStatus invoke (already answered with its invokeId)."""

    invoke_id: int
    status: SystemStatus | int


@dataclass(frozen=True, slots=True)
class InvokeReceived:
    """An invoke the application must answer with `reply`, `reply_error` or `reject`."""

    invoke: Invoke

    @property
    def invoke_id(self) -> int:
        return self.invoke.invoke_id

    @property
    def argument(self) -> Any:
        return self.invoke.argument


@dataclass(frozen=True, slots=True)
class EventReceived:
    """A cSTAEventReport: `event` happened at the monitor `cross_ref`."""

    invoke_id: int
    report: EventReport

    @property
    def cross_ref(self) -> bytes:
        return self.report.cross_ref_identifier

    @property
    def event(self) -> Event:
        return self.report.event


@dataclass(frozen=True, slots=True)
class ResultReceived:
    invoke_id: int
    opcode: int
    result: Any
    """The typed result, or None when the peer sent a returnResult without a result part."""


@dataclass(frozen=True, slots=True)
class ErrorReceived:
    invoke_id: int
    opcode: int
    error: ReturnError

    @property
    def failure(self) -> UniversalFailure | None:
        return self.error.parameter if isinstance(self.error.parameter, UniversalFailure) else None


@dataclass(frozen=True, slots=True)
class RejectReceived:
    invoke_id: int | None
    opcode: int | None
    problem: RejectProblem


@dataclass(frozen=True, slots=True)
class InvokeTimedOut:
    invoke_id: int
    opcode: int


@dataclass(frozen=True, slots=True)
class LateReply:
    """An answer to an invoke that had already timed out (dropped)."""

    invoke_id: int
    pdu: Pdu


@dataclass(frozen=True, slots=True)
class AssociationTimedOut:
    """No AARE (or, when releasing, no RLRE) within `association_timeout`: close the connection."""


@dataclass(frozen=True, slots=True)
class HeartbeatDue:
    """Time to call `send_heartbeat(now)`."""


@dataclass(frozen=True, slots=True)
class PeerSilent:
    """Nothing from the peer for `seconds`: treat the link as lost."""

    seconds: float


@dataclass(frozen=True, slots=True)
class UndecodablePdu:
    """A framed PDU that did not decode (error offsets count from the start of the stream); the
    link carries on. `invoke_id` set: that invoke is over
    (an undecodable answer completes the invoke it answers; an undecodable invoke was rejected)."""

    error: MalformedPDU
    data: bytes
    invoke_id: int | None = None


@dataclass(frozen=True, slots=True)
class ProtocolViolation:
    """Lenient mode only: a PDU illegal in the current state, ignored."""

    message: str
    pdu: Pdu


@dataclass(frozen=True, slots=True)
class Released:
    """The association ended in order (RLRQ/RLRE)."""


@dataclass(frozen=True, slots=True)
class Aborted:
    abrt: ABRT


LinkEvent = (
    AssociationRequested
    | Associated
    | AssociationRejected
    | Ready
    | SystemStatusReceived
    | InvokeReceived
    | EventReceived
    | ResultReceived
    | ErrorReceived
    | RejectReceived
    | InvokeTimedOut
    | LateReply
    | AssociationTimedOut
    | HeartbeatDue
    | PeerSilent
    | UndecodablePdu
    | ProtocolViolation
    | Released
    | Aborted
)


# --- the state machine ------------------------------------------------------------------------------

_LATE_MEMORY = 256  # timed-out invoke ids remembered so a late answer is not a protocol violation


class CstaLink:
    """One end of a CSTA link. See the module docstring and `tandem.cti` for a usage example."""

    def __init__(
        self,
        role: Role,
        *,
        framing: Framing = Framing.SIEMENS,
        limits: Limits = DEFAULT_LIMITS,
        timers: LinkTimers | None = None,
        strict: bool = True,
        max_invoke_id: int = 32767,
        heartbeat_operation: int = SYSTEM_STATUS,
    ) -> None:
        if role is Role.CLIENT and framing is Framing.AUTO:
            raise LocalProtocolError("a CSTA client speaks first: give it siemens, len2 or raw framing")
        if heartbeat_operation not in (SYSTEM_STATUS, REQUEST_SYSTEM_STATUS):
            raise LocalProtocolError("the heartbeat is systemStatus (211) or requestSystemStatus (210)")
        self.role = role
        self.state = LinkState.IDLE if role is Role.CLIENT else LinkState.AWAITING_AARQ
        self.timers = timers or LinkTimers()
        self.strict = strict
        self.system_status: SystemStatus = SystemStatus.normal
        """What this end reports when asked with requestSystemStatus."""
        self.ready = False
        self._reader = FrameReader(framing, limits)
        self._limits = limits
        self._max_invoke_id = max_invoke_id
        self._heartbeat_operation = heartbeat_operation
        self._next_id = 1
        self._outstanding: dict[int, tuple[int, float | None]] = {}  # id → (opcode, deadline)
        self._expired: deque[int] = deque(maxlen=_LATE_MEMORY)
        self._unanswered: dict[int, int] = {}  # peer's invoke id → opcode, awaiting our answer
        self._events: deque[LinkEvent] = deque()
        self._out = bytearray()
        self._association_deadline: float | None = None
        self._ready_deadline: float | None = None
        self._heartbeat_due: float | None = None
        self._peer_deadline: float | None = None

    # --- introspection ---

    @property
    def framing(self) -> Framing:
        """The framing in use (AUTO until the first bytes from the peer decided it)."""
        return self._reader.framing

    @property
    def outstanding(self) -> dict[int, int]:
        """Our invokes awaiting an answer: invoke id → opcode."""
        return {invoke_id: opcode for invoke_id, (opcode, _) in self._outstanding.items()}

    # --- output ---

    def data_to_send(self) -> bytes:
        """Bytes to write to the peer (everything queued since the last call)."""
        out = bytes(self._out)
        self._out.clear()
        return out

    def _send(self, pdu: Pdu) -> None:
        if self._reader.framing is Framing.AUTO:
            raise LocalProtocolError("the framing is not known before the peer has sent its first bytes")
        try:
            data = frame(encode_pdu(pdu), self._reader.framing)
        except ValueError as err:  # a value the protocol cannot carry (text, a PDU too big for len2)
            raise LocalProtocolError(f"cannot send this {pdu_kind(pdu)}: {err}") from err
        self._out += data

    def _require(self, *states: LinkState, what: str) -> None:
        if self.state not in states:
            raise LocalProtocolError(f"cannot {what} in state {self.state.value}")

    # --- association ---

    def associate(
        self,
        now: float,
        *,
        auth_name: bytes | None = None,
        password: bytes | None = None,
        csta_version: BitString | None = None,
        aarq: AARQ | None = None,
    ) -> None:
        """Client: send the AARQ (pass `aarq` for full control over its fields)."""
        if self.role is not Role.CLIENT:
            raise LocalProtocolError("only the client sends an AARQ")
        self._require(LinkState.IDLE, what="associate")
        if aarq is None:
            aarq = (
                AARQ(auth_name=auth_name, password=password)
                if csta_version is None
                else AARQ(auth_name=auth_name, password=password, csta_version=csta_version)
            )
        self._send(aarq)
        self.state = LinkState.AWAITING_AARE
        self._association_deadline = now + self.timers.association_timeout

    def accept(self, now: float, *, csta_version: BitString | None = None) -> None:
        """Server: accept the requested association."""
        self._require(LinkState.ASSOCIATION_REQUESTED, what="accept an association")
        self._send(AARE(csta_version=csta_version))
        self._enter_associated(now)

    def refuse(self, diagnostic: int = 13, *, transient: bool = False) -> None:
        """Server: refuse the association (13 authenticationFailure, 14 authenticationRequired, …)."""
        self._require(LinkState.ASSOCIATION_REQUESTED, what="refuse an association")
        result = AssociateResult.rejectedTransient if transient else AssociateResult.rejectedPermanent
        self._send(AARE(result=result, diagnostic_source=DiagnosticSource.serviceUser, diagnostic=diagnostic))
        self.state = LinkState.CLOSED

    def release(self, now: float) -> None:
        """Ask the peer to end the association in order (RLRQ); `Released` follows."""
        self._require(LinkState.ASSOCIATED, what="release")
        self._send(RLRQ(reason=0))
        self.state = LinkState.RELEASING
        self._association_deadline = now + self.timers.association_timeout

    def abort(self, diagnostic: int | None = None) -> None:
        """End the association at once (ABRT). Allowed in every state; the link is closed after."""
        if self._reader.framing is not Framing.AUTO:
            self._send(ABRT(source=AbortSource.serviceUser, diagnostic=diagnostic))
        self.state = LinkState.CLOSED

    def _enter_associated(self, now: float) -> None:
        self.state = LinkState.ASSOCIATED
        self._association_deadline = None
        timers = self.timers
        if timers.heartbeat_interval is not None:
            self._heartbeat_due = now + timers.heartbeat_interval
        if timers.peer_silence_limit is not None:
            self._peer_deadline = now + timers.peer_silence_limit
        if self.role is Role.CLIENT:
            self._ready_deadline = now + timers.handshake_grace

    # --- services ---

    def invoke(
        self, argument: Any, now: float, *, opcode: int | None = None, timeout: float | None = None
    ) -> int:
        """Send an invoke and return its invokeId; its answer arrives as Result/Error/RejectReceived."""
        self._require(LinkState.ASSOCIATED, what="invoke an operation")
        if opcode is None:
            try:
                opcode = operation_for(argument).opcode
            except ValueError as err:
                raise LocalProtocolError(str(err)) from err
        if opcode == CSTA_EVENT_REPORT:
            raise LocalProtocolError("event reports are sent with send_event(), they are never answered")
        invoke_id = self._allocate_id()
        self._send(Invoke(invoke_id=invoke_id, opcode=opcode, argument=argument))
        wait = self.timers.invoke_timeout if timeout is None else timeout
        self._outstanding[invoke_id] = (opcode, now + wait)
        return invoke_id

    def send_event(self, cross_ref: bytes, event: Event) -> int:
        """Server: send a cSTAEventReport for the monitor `cross_ref` (no answer is expected)."""
        if self.role is not Role.SERVER:
            raise LocalProtocolError("only the switch (server role) sends event reports")
        self._require(LinkState.ASSOCIATED, what="send an event")
        invoke_id = self._allocate_id()
        report = EventReport(cross_ref_identifier=cross_ref, event=event)
        self._send(Invoke(invoke_id=invoke_id, opcode=CSTA_EVENT_REPORT, argument=report))
        return invoke_id

    def send_heartbeat(self, now: float) -> int:
        """Send our systemStatus (or requestSystemStatus) heartbeat; its answer resets nothing
        but a missing one surfaces as InvokeTimedOut."""
        if self._heartbeat_operation == SYSTEM_STATUS:
            argument: Any = SystemStatusArgument(system_status=self.system_status)
        else:
            argument = NoData()
        invoke_id = self.invoke(argument, now, opcode=self._heartbeat_operation)
        if self.timers.heartbeat_interval is not None:
            self._heartbeat_due = now + self.timers.heartbeat_interval
        return invoke_id

    def reply(self, invoke_id: int, result: Any = None) -> None:
        """Answer the peer's invoke with a returnResult (`result` None: no result part)."""
        opcode = self._answering(invoke_id)
        if result is None:
            self._send(ReturnResult(invoke_id=invoke_id))
        else:
            self._send(ReturnResult(invoke_id=invoke_id, opcode=opcode, result=result))

    def reply_error(self, invoke_id: int, failure: UniversalFailure) -> None:
        """Answer the peer's invoke with a returnError universalFailure."""
        self._answering(invoke_id)
        self._send(ReturnError(invoke_id=invoke_id, parameter=failure))

    def reject(self, invoke_id: int, problem: RejectProblem) -> None:
        """Reject the peer's invoke (e.g. rose.UNRECOGNIZED_OPERATION)."""
        self._answering(invoke_id)
        self._send(Reject(invoke_id=invoke_id, problem=problem))

    def _answering(self, invoke_id: int) -> int:
        self._require(LinkState.ASSOCIATED, LinkState.RELEASING, what="answer an invoke")
        opcode = self._unanswered.pop(invoke_id, None)
        if opcode is None:
            raise LocalProtocolError(f"there is no unanswered invoke {invoke_id} from the peer")
        return opcode

    def _allocate_id(self) -> int:
        # Wraps around and never hands out an outstanding id, so an answer cannot match the wrong
        # invoke. Ids that timed out recently are avoided too (their answer may still come), unless
        # nothing else is free.
        for avoid_expired in (True, False):
            for _ in range(self._max_invoke_id):
                candidate = self._next_id
                self._next_id = 1 if candidate >= self._max_invoke_id else candidate + 1
                if candidate in self._outstanding or (avoid_expired and candidate in self._expired):
                    continue
                if candidate in self._expired:
                    self._expired.remove(candidate)
                return candidate
        raise LocalProtocolError(f"all {self._max_invoke_id} invoke ids are outstanding")

    # --- input ---

    def next_event(self) -> LinkEvent | None:
        return self._events.popleft() if self._events else None

    def receive_data(self, data: bytes, now: float) -> None:
        """Feed bytes from the peer (any split) and turn every whole PDU into events.

        Raises RemoteProtocolError when the stream cannot be read any more (broken framing: the link
        closes, after the PDUs before the break were handled) or, in strict mode, for a PDU illegal
        in the current state (the link state is unchanged and later PDUs stay queued: call
        `receive_data(b"", now)` to go on, or `abort()`).
        """
        if self.state is LinkState.CLOSED:
            if data:
                raise RemoteProtocolError(f"the CSTA peer sent {len(data)} byte(s) after the link was closed")
            return
        broken: CstaDecodeError | None = None
        try:
            self._reader.feed(data)
        except CstaDecodeError as err:
            broken = err
        while self._open():
            item = self._reader.next_frame()
            if item is None:
                break
            try:
                pdu = decode_pdu(item.pdu, self._limits)
            except MalformedRose as err:
                self._undecodable_rose(err.shifted(item.offset), item.pdu)
                continue
            except MalformedPDU as err:
                self._events.append(UndecodablePdu(err.shifted(item.offset), item.pdu))
                continue
            except CstaDecodeError as err:  # a frame shorter than its PDU claims
                error = MalformedPDU(str(err), item.offset + len(item.pdu))
                self._events.append(UndecodablePdu(error, item.pdu))
                continue
            self._handle(pdu, now)
        if broken is not None:
            self.state = LinkState.CLOSED
            raise RemoteProtocolError(f"the CSTA stream cannot be read any more: {broken}") from broken

    def _open(self) -> bool:
        return self.state is not LinkState.CLOSED

    def _undecodable_rose(self, err: MalformedRose, data: bytes) -> None:
        if err.kind == "invoke":
            if self.state is LinkState.ASSOCIATED and err.opcode != CSTA_EVENT_REPORT:
                self._send(Reject(invoke_id=err.invoke_id, problem=MISTYPED_ARGUMENT))
            self._events.append(UndecodablePdu(err, data, err.invoke_id))
            return
        self._outstanding.pop(err.invoke_id, None)
        self._events.append(UndecodablePdu(err, data, err.invoke_id))

    def _illegal(self, pdu: Pdu, message: str) -> None:
        if self.strict:
            raise RemoteProtocolError(message)
        self._events.append(ProtocolViolation(message, pdu))

    def _handle(self, pdu: Pdu, now: float) -> None:
        if self.state is LinkState.ASSOCIATED:
            self._peer_alive(now)  # any PDU from the peer shows the link is alive
        handler = _TRANSITIONS.get((self.state, type(pdu)))
        if handler is None:
            self._illegal(pdu, self._illegal_message(pdu))
            return
        handler(self, pdu, now)

    def _on_abrt(self, pdu: ABRT, now: float) -> None:
        self.state = LinkState.CLOSED
        self._events.append(Aborted(pdu))

    def _on_aare(self, pdu: AARE, now: float) -> None:
        if pdu.accepted:
            self._enter_associated(now)
            self._events.append(Associated(pdu))
        else:
            self.state = LinkState.CLOSED
            self._events.append(AssociationRejected(pdu))

    def _on_aarq(self, pdu: AARQ, now: float) -> None:
        self.state = LinkState.ASSOCIATION_REQUESTED
        self._events.append(AssociationRequested(pdu))

    def _on_rlrq(self, pdu: RLRQ, now: float) -> None:
        self._send(RLRE(reason=0))
        self.state = LinkState.CLOSED
        self._events.append(Released())

    def _on_rlre(self, pdu: RLRE, now: float) -> None:
        self.state = LinkState.CLOSED
        self._association_deadline = None
        self._events.append(Released())

    def _illegal_message(self, pdu: Pdu) -> str:
        kind = pdu_kind(pdu)
        if self.state is LinkState.AWAITING_AARE:
            return f"the CSTA peer sent {kind} before its AARE (association answer)"
        if self.state in (LinkState.AWAITING_AARQ, LinkState.ASSOCIATION_REQUESTED):
            return f"the CSTA peer sent {kind} before the association was set up"
        if self.state is LinkState.IDLE:
            return f"the CSTA peer sent {kind} before we asked for an association"
        return f"the CSTA peer sent {kind}, which is not allowed in state {self.state.value}"

    def _on_invoke(self, pdu: Invoke, now: float) -> None:
        opcode = pdu.opcode
        if opcode == CSTA_EVENT_REPORT and isinstance(pdu.argument, EventReport):
            self._events.append(EventReceived(pdu.invoke_id, pdu.argument))
            return
        if opcode == SYSTEM_STATUS:
            self._send(ReturnResult(invoke_id=pdu.invoke_id, opcode=SYSTEM_STATUS, result=NoData()))
            status = pdu.argument.system_status if isinstance(pdu.argument, SystemStatusArgument) else -1
            self._events.append(SystemStatusReceived(pdu.invoke_id, status))
            if self.role is Role.CLIENT and not self.ready:
                self._become_ready(handshake=True)
            return
        if opcode == REQUEST_SYSTEM_STATUS:
            self._send(
                ReturnResult(
                    invoke_id=pdu.invoke_id,
                    opcode=REQUEST_SYSTEM_STATUS,
                    result=RequestSystemStatusResult(system_status=self.system_status),
                )
            )
            return
        if pdu.invoke_id in self._unanswered:
            self._send(Reject(invoke_id=pdu.invoke_id, problem=DUPLICATE_INVOCATION))
            return
        self._unanswered[pdu.invoke_id] = opcode
        self._events.append(InvokeReceived(pdu))

    def _on_answer(self, pdu: ReturnResult | ReturnError | Reject, now: float) -> None:
        invoke_id = pdu.invoke_id
        if invoke_id is None:  # a reject of something the peer could not even parse
            assert isinstance(pdu, Reject)
            self._events.append(RejectReceived(None, None, pdu.problem))
            return
        entry = self._outstanding.pop(invoke_id, None)
        if entry is None:
            if invoke_id in self._expired:
                self._events.append(LateReply(invoke_id, pdu))
                return
            self._illegal(
                pdu, f"the CSTA peer sent {pdu_kind(pdu)} for invoke id {invoke_id}, which is not outstanding"
            )
            return
        opcode = entry[0]
        if isinstance(pdu, ReturnResult):
            self._events.append(ResultReceived(invoke_id, opcode, pdu.result))
        elif isinstance(pdu, ReturnError):
            self._events.append(ErrorReceived(invoke_id, opcode, pdu))
        else:
            self._events.append(RejectReceived(invoke_id, opcode, pdu.problem))

    def _peer_alive(self, now: float) -> None:
        if self.timers.peer_silence_limit is not None:
            self._peer_deadline = now + self.timers.peer_silence_limit

    def _become_ready(self, *, handshake: bool) -> None:
        self.ready = True
        self._ready_deadline = None
        self._events.append(Ready(handshake))

    # --- time ---

    def next_deadline(self) -> float | None:
        """The earliest time at which `tick` has something to report (None: nothing pending)."""
        if self.state is LinkState.CLOSED:
            return None
        deadlines = [d for _, d in self._outstanding.values() if d is not None]
        if self._association_deadline is not None:
            deadlines.append(self._association_deadline)
        if self.state is LinkState.ASSOCIATED:
            for timer in (self._ready_deadline, self._heartbeat_due, self._peer_deadline):
                if timer is not None:
                    deadlines.append(timer)
        return min(deadlines) if deadlines else None

    def tick(self, now: float) -> None:
        """Report every timer due at `now` as an event (timeouts, heartbeat, peer silence)."""
        if self.state is LinkState.CLOSED:
            return
        if self._association_deadline is not None and now >= self._association_deadline:
            self._association_deadline = None
            self._events.append(AssociationTimedOut())
        for invoke_id, (opcode, deadline) in list(self._outstanding.items()):
            if deadline is not None and now >= deadline:
                del self._outstanding[invoke_id]
                self._expired.append(invoke_id)
                self._events.append(InvokeTimedOut(invoke_id, opcode))
        if self.state is not LinkState.ASSOCIATED:
            return  # the association timers below only run on an established link
        if self._ready_deadline is not None and now >= self._ready_deadline and not self.ready:
            self._become_ready(handshake=False)
        if self._heartbeat_due is not None and now >= self._heartbeat_due:
            assert self.timers.heartbeat_interval is not None
            self._heartbeat_due = now + self.timers.heartbeat_interval
            self._events.append(HeartbeatDue())
        if self._peer_deadline is not None and now >= self._peer_deadline:
            limit = self.timers.peer_silence_limit or 0.0
            self._peer_deadline = None  # once; re-armed by the next PDU from the peer
            self._events.append(PeerSilent(limit))


_Handler = Callable[[CstaLink, Any, float], None]
_S = LinkState
_ANSWERS = (ReturnResult, ReturnError, Reject)

# The state machine in one table: (state, PDU received) → handler. A pair that is not listed is a
# PDU illegal in that state. ABRT is legal in every state.
_TRANSITIONS: dict[tuple[LinkState, type], _Handler] = {
    **{(state, ABRT): CstaLink._on_abrt for state in LinkState},
    (_S.AWAITING_AARE, AARE): CstaLink._on_aare,
    (_S.AWAITING_AARQ, AARQ): CstaLink._on_aarq,
    (_S.ASSOCIATED, Invoke): CstaLink._on_invoke,
    (_S.RELEASING, Invoke): CstaLink._on_invoke,
    **{(state, kind): CstaLink._on_answer for state in (_S.ASSOCIATED, _S.RELEASING) for kind in _ANSWERS},
    (_S.ASSOCIATED, RLRQ): CstaLink._on_rlrq,
    (_S.RELEASING, RLRQ): CstaLink._on_rlrq,
    (_S.RELEASING, RLRE): CstaLink._on_rlre,
}
