"""Domain events of the softphone engine: what the GUI, the journal and the headless commands consume.

Every event is a plain frozen dataclass (no Qt, no pjsua2 types), published on the thread that pumps
the engine (the asyncio/Qt loop thread) through `EventBus`. The events, in the order a call sees them:

- `RegistrationChanged(account, state, code, reason, expires)`: an account's registration moved to
  `RegistrationState`; `reason` is a sentence a person understands ("wrong password", "unknown
  user", "no answer from the registrar", "DNS lookup failed", "TLS failure …").
- `IncomingCall(call_id, account, caller, waiting)`: a new call rings; `waiting` is True when
  another call is already up (call waiting). `caller` is a `Party` taken from
  P-Asserted-Identity, else Remote-Party-ID, else From (`Party.source` says which).
- `CallStateChanged(call_id, state, code, reason, sip_reason)`: a call moved to `CallState`;
  `code`/`reason` are the last SIP status and phrase, `sip_reason` the peer's Reason header
  (e.g. `Q.850;cause=17;text="User busy"`) when it sent one.
- `CallMediaChanged(call_id, codec, clock_rate, srtp, hold, early)`: the audio stream was
  (re)negotiated: codec name, SRTP on/off, `HoldState`, and whether this is early media.
- `DtmfReceived(call_id, digit, method)`: a DTMF digit arrived by RFC 2833 or SIP INFO.
- `TransferRequested(call_id, target)`: the peer asked us to transfer (an incoming REFER).
- `TransferProgress(call_id, code, reason, final)`: NOTIFY progress of a transfer we started.
- `CallEnded(call_id, direction, remote, code, reason, sip_reason, setup_ms, connected_s)`:
  the call is gone; this is the journal's record of it.
- `AudioDevicesChanged(capture, playback, ringer, problem)`: the devices in use changed (hot-plug,
  a switch, or none left: `problem` says what the user can do).
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable
from dataclasses import dataclass


class RegistrationState(enum.Enum):
    UNREGISTERED = "unregistered"
    REGISTERING = "registering"
    REGISTERED = "registered"
    FAILED = "failed"


class CallState(enum.Enum):
    CALLING = "calling"  # we sent the INVITE
    INCOMING = "incoming"  # the peer's INVITE arrived, nothing answered yet
    EARLY = "early"  # ringing (180/183, maybe with early media)
    CONNECTING = "connecting"  # 200 OK sent or received, waiting for the ACK
    CONFIRMED = "confirmed"  # talking
    DISCONNECTED = "disconnected"


class HoldState(enum.Enum):
    NONE = "none"
    LOCAL = "local"  # we put the call on hold
    REMOTE = "remote"  # the peer put us on hold
    BOTH = "both"


class Direction(enum.Enum):
    OUTGOING = "outgoing"
    INCOMING = "incoming"


@dataclass(frozen=True)
class Party:
    """Who is on the other end, as the signalling told us."""

    uri: str
    display_name: str = ""
    source: str = "From"  # "P-Asserted-Identity", "Remote-Party-ID" or "From"

    @property
    def number(self) -> str:
        """The user part of the URI (`sip:201@pbx` -> `201`), or the whole URI when it has none."""
        rest = self.uri.split(":", 1)[1] if ":" in self.uri else self.uri
        user = rest.split("@", 1)[0] if "@" in rest else rest
        return user.split(";", 1)[0]


@dataclass(frozen=True)
class StreamStats:
    """What the RTP stack saw of a call's audio stream: packets, network loss, the jitter buffer.

    A gap the far end's packets leave (sent late, lost on the way) is concealed or heard as a cut
    before any audio reaches the speaker; these tell such gaps from the softphone's own."""

    rx_packets: int
    rx_lost: int  # sequence numbers that never arrived
    rx_discarded: int  # arrived too late or out of place for the jitter buffer
    rx_jitter_max_ms: float
    jbuf_empty: int  # frames the jitter buffer had nothing for (prefetching at the start included)
    jbuf_lost: int  # frames it concealed as lost
    jbuf_discarded: int  # frames it dropped to keep its delay
    jbuf_delay_max_ms: int
    tx_packets: int


@dataclass(frozen=True)
class RegistrationChanged:
    account: str
    state: RegistrationState
    code: int
    reason: str
    expires: int = 0


@dataclass(frozen=True)
class IncomingCall:
    call_id: int
    account: str
    caller: Party
    waiting: bool = False


@dataclass(frozen=True)
class CallStateChanged:
    call_id: int
    state: CallState
    code: int = 0
    reason: str = ""
    sip_reason: str = ""


@dataclass(frozen=True)
class CallMediaChanged:
    call_id: int
    codec: str
    clock_rate: int
    srtp: bool
    hold: HoldState = HoldState.NONE
    early: bool = False


@dataclass(frozen=True)
class DtmfReceived:
    call_id: int
    digit: str
    method: str  # "rfc2833" or "info"


@dataclass(frozen=True)
class TransferRequested:
    call_id: int
    target: str


@dataclass(frozen=True)
class TransferProgress:
    call_id: int
    code: int
    reason: str
    final: bool


@dataclass(frozen=True)
class CallEnded:
    call_id: int
    direction: Direction
    remote: Party
    code: int
    reason: str
    sip_reason: str = ""
    setup_ms: float | None = None  # INVITE sent/received -> CONFIRMED; None if never connected
    connected_s: float = 0.0


@dataclass(frozen=True)
class AudioDevicesChanged:
    capture: str | None
    playback: str | None
    ringer: str | None
    problem: str = ""


SipEvent = (RegistrationChanged | IncomingCall | CallStateChanged | CallMediaChanged | DtmfReceived
            | TransferRequested | TransferProgress | CallEnded | AudioDevicesChanged)
Listener = Callable[[SipEvent], None]


class EventBus:
    """Synchronous publish/subscribe for engine events.

    Listeners run on the publishing thread (the engine's pump thread) in subscription order. A
    listener that raises is reported through `on_error` and does not stop the others: the engine's
    state must never depend on a GUI slot behaving.
    """

    def __init__(self, on_error: Callable[[BaseException], None] | None = None) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()
        self._on_error = on_error

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Add a listener; returns a function that removes it again."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def publish(self, event: SipEvent) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception as exc:
                if self._on_error is None:
                    raise
                self._on_error(exc)
