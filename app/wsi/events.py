"""GetEvents: the WSI's JSON event list, turned into typed, validated domain events.

`{"events":[{"type":"DeliveredEvent","deviceID":"120","callID":"7",…},…]}` becomes a list of
`WsiCallEvent`, `WsiPresenceEvent`, `WsiDeviceEvent` or `WsiOtherEvent`, in the order the PBX sent
them. Field values arrive as strings or numbers depending on the PBX build, so both are accepted.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass

from tandem.core.callevents import (
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
from tandem.core.ucpresence import UcPresence
from tandem.wsi.errors import WsiError, WsiMalformedReply
from tandem.wsi.protocol import DEFAULT_PTIME_FORMAT, limit_items, parse_json_object, presence_from_wire

COMMAND = "GetEvents"


class CallEventKind(enum.Enum):
    """The call events of the WSI; the names are the CSTA event names the PBX sends (typo included)."""

    SERVICE_INITIATED = "ServiceInitiatedEvent"  # off hook
    ORIGINATED = "OriginatedEvent"
    DELIVERED = "DeliveredEvent"  # ringing
    ESTABLISHED = "EstablishedEvent"  # talking
    HELD = "HeldEvent"
    RETRIEVED = "RetrievedEvent"
    QUEUED = "QueuedEvent"
    DIVERTED = "DivertedEvent"
    TRANSFERRED = "TransferedEvent"
    CONFERENCED = "ConferencedEvent"
    CONNECTION_CLEARED = "ConnectionClearedEvent"  # free again


_CALL_KINDS = {kind.value: kind for kind in CallEventKind}
_DEVICE_EVENT_TYPES = frozenset({"DevStateChange", "AgentState", "HookEvent"})


@dataclass(frozen=True)
class WsiCallEvent:
    """A call event on a monitored device. `calling`/`called` are empty when the PBX leaves them out."""

    kind: CallEventKind
    device: str
    call_id: str = ""
    calling: str = ""
    called: str = ""
    cause: str = ""

    def __post_init__(self) -> None:
        if not self.device:
            raise ValueError("a call event needs the device it happened on")


@dataclass(frozen=True)
class WsiPresenceEvent:
    """A user's UC presence changed (PresenceEvent)."""

    user: str
    presence: UcPresence

    def __post_init__(self) -> None:
        if not self.user:
            raise ValueError("a presence event needs the user it is about")


@dataclass(frozen=True)
class WsiDeviceEvent:
    """DevStateChange, AgentState or HookEvent: a device-level state, passed on as the PBX words it."""

    type: str
    device: str
    state: str


@dataclass(frozen=True)
class WsiOtherEvent:
    """An event type Tandem does not interpret; kept so diagnostics can show it."""

    type: str
    fields: tuple[tuple[str, str], ...]


WsiEvent = WsiCallEvent | WsiPresenceEvent | WsiDeviceEvent | WsiOtherEvent


@dataclass(frozen=True)
class WsiSessionRenewed:
    """Not a PBX event: the feed logged in again after the session expired. Events of the gap are
    lost, so a consumer re-reads presence (GetPresenceXML) and device states now."""

    logins: int


@dataclass(frozen=True)
class WsiFeedProblem:
    """Not a PBX event: a poll failed with `error`; the feed tries again in `retry_in` seconds."""

    error: WsiError
    retry_in: float

    @property
    def message(self) -> str:
        return str(self.error)


WsiFeedItem = WsiEvent | WsiSessionRenewed | WsiFeedProblem


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(f"{value!r} is not text or a number")
    return str(value).strip()


def _field(raw: dict[str, object], *names: str) -> str:
    for name in names:
        if name in raw:
            return _text(raw[name])
    return ""


def event_from_json(raw: dict[str, object], ptime_format: str = DEFAULT_PTIME_FORMAT) -> WsiEvent:
    """One event object; raises ValueError naming what is wrong with it."""
    event_type = _field(raw, "type")
    if not event_type:
        raise ValueError("the event has no type")
    kind = _CALL_KINDS.get(event_type)
    if kind is not None:
        return WsiCallEvent(
            kind=kind,
            device=_field(raw, "deviceID", "device"),
            call_id=_field(raw, "callID"),
            calling=_field(raw, "callingDevice"),
            called=_field(raw, "calledDevice"),
            cause=_field(raw, "cause"),
        )
    if event_type == "PresenceEvent":
        presence = presence_from_wire(COMMAND, _field(raw, "presence", "status"), _field(raw, "ptime"),
                                      _field(raw, "callMe"), ptime_format)
        return WsiPresenceEvent(_field(raw, "user", "deviceID"), presence)
    if event_type in _DEVICE_EVENT_TYPES:
        return WsiDeviceEvent(event_type, _field(raw, "deviceID", "device", "user"), _field(raw, "state"))
    fields = tuple(sorted((str(k), _text(v)) for k, v in raw.items() if k != "type"))
    return WsiOtherEvent(event_type, fields)


def parse_events(body: str, ptime_format: str = DEFAULT_PTIME_FORMAT) -> list[WsiEvent]:
    """The events of one GetEvents reply, in order. A bad event rejects the whole reply, by position."""
    document = parse_json_object(COMMAND, body)
    raw_events = document.get("events", [])
    if not isinstance(raw_events, list):
        raise WsiMalformedReply("the PBX's reply to GetEvents has an \"events\" value that is not a list",
                                COMMAND)
    events: list[WsiEvent] = []
    for index, raw in enumerate(limit_items(COMMAND, raw_events)):
        if not isinstance(raw, dict):
            raise WsiMalformedReply(f"event {index + 1} of the PBX's GetEvents reply is not an object",
                                    COMMAND)
        try:
            events.append(event_from_json(raw, ptime_format))
        except ValueError as exc:
            raise WsiMalformedReply(f"event {index + 1} of the PBX's GetEvents reply is unusable: {exc}",
                                    COMMAND) from None
    return events


_Mapped = (ServiceInitiated | Originated | Delivered | Established | Held | Retrieved | Diverted
           | ConnectionCleared)


def to_telephony_event(event: WsiCallEvent) -> TelephonyEvent | None:
    """The core call event the CSTA link would report for the same change, so one presence model
    takes both feeds; None where a flat WSI event carries too little (queued, transfer, conference:
    the consumer re-reads the device instead) or names no call.
    """
    if not event.call_id:
        return None
    connection = Connection(event.call_id.lower(), event.device)
    calling = event.calling or None
    called = event.called or None
    kind = event.kind
    mapped: _Mapped | None = None
    if kind is CallEventKind.SERVICE_INITIATED:
        mapped = ServiceInitiated(connection)
    elif kind is CallEventKind.ORIGINATED and called is not None:
        mapped = Originated(connection, calling or event.device, called)
    elif kind is CallEventKind.DELIVERED:
        mapped = Delivered(connection, calling, called)
    elif kind is CallEventKind.ESTABLISHED:
        mapped = Established(connection, calling, called)
    elif kind is CallEventKind.HELD:
        mapped = Held(connection)
    elif kind is CallEventKind.RETRIEVED:
        mapped = Retrieved(connection)
    elif kind is CallEventKind.DIVERTED:
        mapped = Diverted(connection, called)
    elif kind is CallEventKind.CONNECTION_CLEARED:
        mapped = ConnectionCleared(connection)
    if mapped is not None and event.cause:
        mapped = dataclasses.replace(mapped, cause=event.cause)
    return mapped
