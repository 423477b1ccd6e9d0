"""Between the wire and the domain: tandem.cti values <-> tandem.core device ids, connections, states.

Device ids become their dialling-number strings, call ids lowercase hex; the client uses the
`*_to_core` direction, the simulator's server the `*_to_cti` one, so both sides agree by construction.
"""

from __future__ import annotations

from tandem.core.callevents import (
    BackInService,
    CallCleared,
    Conferenced,
    Connection,
    ConnectionCleared,
    ConnectionState,
    Delivered,
    Diverted,
    DoNotDisturbChanged,
    Established,
    Failed,
    ForwardingChanged,
    ForwardingType,
    Held,
    MovedConnection,
    Originated,
    OutOfService,
    Retrieved,
    ServiceInitiated,
    TelephonyEvent,
    Transferred,
)
from tandem.cti.events import (
    BackInServiceEvent,
    CallClearedEvent,
    ConferencedEvent,
    ConnectionClearedEvent,
    DeliveredEvent,
    DivertedEvent,
    DoNotDisturbEvent,
    EstablishedEvent,
    Event,
    FailedEvent,
    ForwardingEvent,
    HeldEvent,
    OriginatedEvent,
    OutOfServiceEvent,
    RetrievedEvent,
    ServiceInitiatedEvent,
    TransferredEvent,
)
from tandem.cti.types import (
    CommonArguments,
    ConnectionId,
    ConnectionListItem,
    DeviceAbsence,
    DeviceId,
    EventCause,
    ExtendedDevice,
    LocalConnectionState,
)
from tandem.cti.types import ForwardingType as CtiForwardingType

_STATES_TO_CORE = {s: ConnectionState(s.name) for s in LocalConnectionState}
_STATES_TO_CTI = {v: k for k, v in _STATES_TO_CORE.items()}
_FORWARDING_TO_CORE = {CtiForwardingType[f.value]: f for f in ForwardingType}
_FORWARDING_TO_CTI = {v: k for k, v in _FORWARDING_TO_CORE.items()}


class MappingError(ValueError):
    """A value from the wire that the domain cannot represent (e.g. a connection without a call id)."""


def device_to_cti(device: str) -> DeviceId:
    return DeviceId(number=device)


def device_to_core(device: object) -> str | None:
    """A DeviceID (or wrapped device) as its number; None for notKnown/restricted/absent."""
    if isinstance(device, DeviceId):
        return device.number or None
    if device is None or isinstance(device, DeviceAbsence):
        return None
    raise MappingError(f"{type(device).__name__} is not a device id")


def connection_to_cti(connection: Connection) -> ConnectionId:
    return ConnectionId(
        call_id=bytes.fromhex(connection.call_id), device_id=DeviceId(number=connection.device)
    )


def call_id_to_core(call_id: bytes | None) -> str:
    if call_id is None:
        raise MappingError("the PBX sent a connection without a call id")
    return call_id.hex() if call_id else "00"


def connection_to_core(connection: ConnectionId | None, device: str | None = None) -> Connection:
    """A ConnectionID as a Connection; `device` fills in a connection that names only the call."""
    if connection is None:
        raise MappingError("the PBX sent an event without its connection")
    number = device_to_core(connection.device_id) if isinstance(connection.device_id, DeviceId) else None
    number = number or device
    if number is None:
        raise MappingError(f"connection {call_id_to_core(connection.call_id)} names no device")
    return Connection(call_id_to_core(connection.call_id), number)


def state_to_core(state: LocalConnectionState | int | None) -> ConnectionState:
    if state is None:
        return ConnectionState.NULL
    try:
        return _STATES_TO_CORE[LocalConnectionState(state)]
    except ValueError:
        raise MappingError(f"{state} is not a LocalConnectionState") from None


def state_to_cti(state: ConnectionState) -> LocalConnectionState:
    return _STATES_TO_CTI[state]


def forwarding_to_core(kind: CtiForwardingType | int | None) -> ForwardingType:
    if kind is None:
        return ForwardingType.IMMEDIATE
    try:
        return _FORWARDING_TO_CORE[CtiForwardingType(kind)]
    except ValueError:
        raise MappingError(f"{kind} is not a ForwardingType") from None


def forwarding_to_cti(kind: ForwardingType) -> CtiForwardingType:
    return _FORWARDING_TO_CTI[kind]


# --- events ----------------------------------------------------------------------------------------


def _ext(device: str | None) -> ExtendedDevice:
    return DeviceId(number=device) if device else DeviceAbsence.notKnown


def _cause(name: str) -> EventCause:
    try:
        return EventCause[name]
    except KeyError:
        raise MappingError(f"{name!r} is not an EventCause name") from None


def _cause_name(cause: EventCause | int | None, default: str) -> str:
    if cause is None:
        return default
    try:
        return EventCause(cause).name
    except ValueError:
        return f"cause{int(cause)}"


def _call_only(call_id: str) -> ConnectionId:
    return ConnectionId(call_id=bytes.fromhex(call_id))


def _moved_to_cti(entry: MovedConnection) -> ConnectionListItem:
    return ConnectionListItem(
        new_connection=connection_to_cti(entry.new),
        old_connection=connection_to_cti(entry.old) if entry.old is not None else None,
        endpoint=DeviceId(number=entry.new.device),
    )


def _moved_to_core(item: ConnectionListItem) -> MovedConnection:
    endpoint = device_to_core(item.endpoint)
    new = connection_to_core(item.new_connection, endpoint)
    old = connection_to_core(item.old_connection, new.device) if item.old_connection is not None else None
    return MovedConnection(new, old)


def _call_id_of(connection: ConnectionId | None) -> str | None:
    return call_id_to_core(connection.call_id) if connection is not None else None


def event_to_cti(event: TelephonyEvent, extensions: CommonArguments | None = None) -> Event:
    """The ECMA-285 event a switching function sends for a domain event (the simulator's side)."""
    x = extensions
    if isinstance(event, ServiceInitiated):
        return ServiceInitiatedEvent(
            initiated_connection=connection_to_cti(event.connection),
            initiating_device=_ext(event.connection.device),
            local_connection_info=LocalConnectionState.initiated,
            cause=_cause(event.cause),
            extensions=x,
        )
    if isinstance(event, Originated):
        return OriginatedEvent(
            originated_connection=connection_to_cti(event.connection),
            calling_device=_ext(event.calling),
            called_device=_ext(event.called),
            local_connection_info=LocalConnectionState.connected,
            cause=_cause(event.cause),
            extensions=x,
        )
    if isinstance(event, Delivered):
        return DeliveredEvent(
            connection=connection_to_cti(event.connection),
            alerting_device=_ext(event.connection.device),
            calling_device=_ext(event.calling),
            called_device=_ext(event.called),
            last_redirection_device=_ext(event.redirected_from),
            cause=_cause(event.cause),
            extensions=x,
        )
    if isinstance(event, Established):
        return EstablishedEvent(
            established_connection=connection_to_cti(event.connection),
            answering_device=_ext(event.connection.device),
            calling_device=_ext(event.calling),
            called_device=_ext(event.called),
            last_redirection_device=_ext(event.redirected_from),
            cause=_cause(event.cause),
            extensions=x,
        )
    if isinstance(event, ConnectionCleared):
        return ConnectionClearedEvent(
            dropped_connection=connection_to_cti(event.connection),
            releasing_device=_ext(event.connection.device),
            cause=_cause(event.cause),
            extensions=x,
        )
    if isinstance(event, CallCleared):
        return CallClearedEvent(
            cleared_call=_call_only(event.call_id), cause=_cause(event.cause), extensions=x
        )
    if isinstance(event, Held):
        return HeldEvent(
            held_connection=connection_to_cti(event.connection),
            holding_device=_ext(event.connection.device),
            cause=_cause(event.cause),
            extensions=x,
        )
    if isinstance(event, Retrieved):
        return RetrievedEvent(
            retrieved_connection=connection_to_cti(event.connection),
            retrieving_device=_ext(event.connection.device),
            cause=_cause(event.cause),
            extensions=x,
        )
    if isinstance(event, Diverted):
        return DivertedEvent(
            connection=connection_to_cti(event.connection),
            diverting_device=_ext(event.connection.device),
            new_destination=_ext(event.new_destination),
            cause=_cause(event.cause),
            extensions=x,
        )
    if isinstance(event, Failed):
        return FailedEvent(
            failed_connection=connection_to_cti(event.connection),
            failing_device=_ext(event.failing),
            calling_device=_ext(event.calling),
            called_device=_ext(event.called),
            last_redirection_device=DeviceAbsence.notKnown,
            local_connection_info=LocalConnectionState.fail,
            cause=_cause(event.cause),
            extensions=x,
        )
    if isinstance(event, Transferred):
        return TransferredEvent(
            primary_old_call=_call_only(event.primary_old),
            secondary_old_call=_call_only(event.secondary_old) if event.secondary_old else None,
            transferring_device=_ext(event.transferring),
            transferred_to_device=_ext(event.transferred_to),
            transferred_connections=tuple(_moved_to_cti(m) for m in event.connections),
            cause=_cause(event.cause),
            extensions=x,
        )
    if isinstance(event, Conferenced):
        return ConferencedEvent(
            primary_old_call=_call_only(event.primary_old),
            secondary_old_call=_call_only(event.secondary_old) if event.secondary_old else None,
            conferencing_device=_ext(event.conferencing),
            added_party=_ext(event.added),
            conference_connections=tuple(_moved_to_cti(m) for m in event.connections),
            cause=_cause(event.cause),
            extensions=x,
        )
    if isinstance(event, DoNotDisturbChanged):
        return DoNotDisturbEvent(device=_ext(event.device), do_not_disturb_on=event.on, extensions=x)
    if isinstance(event, ForwardingChanged):
        return ForwardingEvent(
            device=_ext(event.device),
            forwarding_type=forwarding_to_cti(event.forwarding_type),
            forward_status=event.on,
            forward_to=DeviceId(number=event.target) if event.target else None,
            extensions=x,
        )
    if isinstance(event, OutOfService):
        return OutOfServiceEvent(device=DeviceId(number=event.device), extensions=x)
    if isinstance(event, BackInService):
        return BackInServiceEvent(device=DeviceId(number=event.device), extensions=x)
    raise MappingError(f"{type(event).__name__} is not reported as a CSTA event")


def event_to_core(event: Event, monitored: str | None = None) -> TelephonyEvent | None:
    """The domain event of an ECMA-285 event; None for events presence does not depend on.

    `monitored` (the device of the monitor that reported it) fills in connections that carry only
    a call id. Raises MappingError for an event whose mandatory parts are missing.
    """
    if isinstance(event, DeliveredEvent):
        alerting = device_to_core(event.alerting_device)
        return Delivered(
            connection_to_core(event.connection, alerting),
            device_to_core(event.calling_device),
            device_to_core(event.called_device),
            device_to_core(event.last_redirection_device),
            _cause_name(event.cause, "newCall"),
        )
    if isinstance(event, EstablishedEvent):
        answering = device_to_core(event.answering_device)
        return Established(
            connection_to_core(event.established_connection, answering),
            device_to_core(event.calling_device),
            device_to_core(event.called_device),
            device_to_core(event.last_redirection_device),
            _cause_name(event.cause, "newCall"),
        )
    if isinstance(event, ConnectionClearedEvent):
        return ConnectionCleared(
            connection_to_core(event.dropped_connection, device_to_core(event.releasing_device)),
            _cause_name(event.cause, "normalClearing"),
        )
    if isinstance(event, ServiceInitiatedEvent):
        return ServiceInitiated(
            connection_to_core(
                event.initiated_connection, device_to_core(event.initiating_device) or monitored
            ),
            _cause_name(event.cause, "newCall"),
        )
    if isinstance(event, OriginatedEvent):
        calling = device_to_core(event.calling_device)
        return Originated(
            connection_to_core(event.originated_connection, calling or monitored),
            calling or monitored or "",
            device_to_core(event.called_device) or "",
            _cause_name(event.cause, "newCall"),
        )
    if isinstance(event, HeldEvent):
        return Held(
            connection_to_core(event.held_connection, device_to_core(event.holding_device)),
            _cause_name(event.cause, "normal"),
        )
    if isinstance(event, RetrievedEvent):
        return Retrieved(
            connection_to_core(event.retrieved_connection, device_to_core(event.retrieving_device)),
            _cause_name(event.cause, "normal"),
        )
    if isinstance(event, CallClearedEvent):
        return CallCleared(
            call_id_to_core(event.cleared_call.call_id), _cause_name(event.cause, "normalClearing")
        )
    if isinstance(event, DivertedEvent):
        return Diverted(
            connection_to_core(event.connection, device_to_core(event.diverting_device)),
            device_to_core(event.new_destination),
            _cause_name(event.cause, "redirected"),
        )
    if isinstance(event, FailedEvent):
        return Failed(
            connection_to_core(event.failed_connection, monitored),
            device_to_core(event.failing_device),
            device_to_core(event.calling_device),
            device_to_core(event.called_device),
            _cause_name(event.cause, "busy"),
        )
    if isinstance(event, TransferredEvent):
        return Transferred(
            call_id_to_core(event.primary_old_call.call_id),
            _call_id_of(event.secondary_old_call),
            device_to_core(event.transferring_device) or "",
            device_to_core(event.transferred_to_device),
            tuple(_moved_to_core(i) for i in event.transferred_connections),
            _cause_name(event.cause, "transfer"),
        )
    if isinstance(event, ConferencedEvent):
        return Conferenced(
            call_id_to_core(event.primary_old_call.call_id),
            _call_id_of(event.secondary_old_call),
            device_to_core(event.conferencing_device) or "",
            device_to_core(event.added_party),
            tuple(_moved_to_core(i) for i in event.conference_connections),
            _cause_name(event.cause, "conference"),
        )
    if isinstance(event, DoNotDisturbEvent):
        device = device_to_core(event.device) or monitored
        return DoNotDisturbChanged(device, event.do_not_disturb_on) if device else None
    if isinstance(event, ForwardingEvent):
        device = device_to_core(event.device) or monitored
        if device is None:
            return None
        return ForwardingChanged(
            device,
            forwarding_to_core(event.forwarding_type),
            event.forward_status,
            device_to_core(event.forward_to),
        )
    if isinstance(event, OutOfServiceEvent):
        return OutOfService(event.device.number)
    if isinstance(event, BackInServiceEvent):
        return BackInService(event.device.number)
    return None
