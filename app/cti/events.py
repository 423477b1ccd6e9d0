"""Typed CSTA events (the argument of cSTAEventReport, opcode 21) and their codecs.

`EventReport` is `CSTAEventReportArgument ::= SEQUENCE { crossRefIdentifier, eventSpecificInfo }`;
its `event` is one of the event dataclasses below, or `UnknownEvent` (kept raw) for an event Tandem
does not model. Every event keeps elements its schema does not know in `unknown`, and the vendor's
private data in `extensions`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Final

from tandem.cti.ber import BitString, MalformedPDU, Tlv, children, describe_tag, tlv
from tandem.cti.codec import (
    BITS,
    BOOL,
    INT,
    OCTETS,
    Codec,
    Explicit,
    Raw,
    RawTlvs,
    Sequence,
    SequenceOf,
    enumerated,
)
from tandem.cti.types import (
    ASSOCIATED_CALLED_DEVICE,
    ASSOCIATED_CALLING_DEVICE,
    CALLED_DEVICE,
    CALLING_DEVICE,
    COMMON_ARGUMENTS,
    CONNECTION_ID,
    CONNECTION_LIST,
    DEVICE_ID,
    EVENT_CAUSE,
    FORWARD_DEFAULT,
    FORWARDING_TYPE,
    LOCAL_CONNECTION_STATE,
    MONITOR_CROSS_REF,
    NETWORK_CALLED_DEVICE,
    NETWORK_CALLING_DEVICE,
    REDIRECTION_DEVICE,
    SUBJECT_DEVICE,
    CommonArguments,
    ConnectionId,
    ConnectionIdCodec,
    ConnectionListItem,
    DeviceId,
    EventCause,
    ExtendedDevice,
    ForwardDefault,
    ForwardingType,
    LocalConnectionState,
)

# eventSpecificInfo categories (the explicit CHOICE tag numbers).
CALL_CONTROL: Final = 0
CALL_ASSOCIATED: Final = 1
MEDIA_ATTACHMENT: Final = 2
PHYSICAL_DEVICE_FEATURE: Final = 3
LOGICAL_DEVICE_FEATURE: Final = 4
DEVICE_MAINTENANCE: Final = 5
VOICE_UNIT: Final = 6
VENDOR_SPECIFIC: Final = 7

CATEGORY_NAMES: Final = {
    CALL_CONTROL: "callControlEvents",
    CALL_ASSOCIATED: "callAssociatedEvents",
    MEDIA_ATTACHMENT: "mediaAttachmentEvents",
    PHYSICAL_DEVICE_FEATURE: "physicalDeviceFeatureEvents",
    LOGICAL_DEVICE_FEATURE: "logicalDeviceFeatureEvents",
    DEVICE_MAINTENANCE: "deviceMaintenanceEvents",
    VOICE_UNIT: "voiceUnitEvents",
    VENDOR_SPECIFIC: "vendorSpecEvents",
}


# --- call control events ---------------------------------------------------------------------------
# Optional fields Tandem does not interpret (correlator data, user data, services permitted, media and
# call characteristics, call linkage data, …) travel as raw TLVs.


@dataclass(frozen=True, slots=True, kw_only=True)
class BridgedEvent:
    bridged_connection: ConnectionId
    bridged_appearance: ExtendedDevice
    calling_device: ExtendedDevice
    called_device: ExtendedDevice
    last_redirection_device: ExtendedDevice
    local_connection_info: LocalConnectionState | int | None = None
    correlator_data: Tlv | None = None
    user_data: Tlv | None = None
    cause: EventCause | int
    services_permitted: Tlv | None = None
    network_calling_device: ExtendedDevice | None = None
    network_called_device: ExtendedDevice | None = None
    associated_calling_device: ExtendedDevice | None = None
    associated_called_device: ExtendedDevice | None = None
    media_call_characteristics: Tlv | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class CallClearedEvent:
    cleared_call: ConnectionId
    correlator_data: Tlv | None = None
    user_data: Tlv | None = None
    cause: EventCause | int
    services_permitted: Tlv | None = None
    media_call_characteristics: Tlv | None = None
    call_characteristics: Tlv | None = None
    call_linkage_data: Tlv | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ConferencedEvent:
    primary_old_call: ConnectionId
    secondary_old_call: ConnectionId | None = None
    conferencing_device: ExtendedDevice
    added_party: ExtendedDevice
    conference_connections: tuple[ConnectionListItem, ...]
    local_connection_info: LocalConnectionState | int | None = None
    correlator_data: Tlv | None = None
    user_data: Tlv | None = None
    cause: EventCause | int
    services_permitted: Tlv | None = None
    media_call_characteristics: Tlv | None = None
    call_characteristics: Tlv | None = None
    call_linkage_data_list: Tlv | None = None
    language_preferences: Tlv | None = None
    device_history: Tlv | None = None
    location_info: Tlv | None = None
    extensions: CommonArguments | None = None
    """CSTACommonArguments; accepted with tag [5] too, as docs/csta.md records for conferenced."""
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ConnectionClearedEvent:
    dropped_connection: ConnectionId
    releasing_device: ExtendedDevice
    local_connection_info: LocalConnectionState | int | None = None
    correlator_data: Tlv | None = None
    user_data: Tlv | None = None
    charging_info: Tlv | None = None
    cause: EventCause | int
    services_permitted: Tlv | None = None
    media_call_characteristics: Tlv | None = None
    call_characteristics: Tlv | None = None
    dropped_connection_info: Tlv | None = None
    call_linkage_data: Tlv | None = None
    language_preferences: Tlv | None = None
    device_history: Tlv | None = None
    location_info: Tlv | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DeliveredEvent:
    connection: ConnectionId
    alerting_device: ExtendedDevice
    calling_device: ExtendedDevice
    called_device: ExtendedDevice
    last_redirection_device: ExtendedDevice
    originating_nid_connection: ConnectionId | None = None
    local_connection_info: LocalConnectionState | int | None = None
    correlator_data: Tlv | None = None
    user_data: Tlv | None = None
    cause: EventCause | int
    services_permitted: Tlv | None = None
    network_calling_device: ExtendedDevice | None = None
    network_called_device: ExtendedDevice | None = None
    associated_calling_device: ExtendedDevice | None = None
    associated_called_device: ExtendedDevice | None = None
    media_call_characteristics: Tlv | None = None
    call_characteristics: Tlv | None = None
    connection_info: Tlv | None = None
    call_linkage_data: Tlv | None = None
    subject_of_call: Tlv | None = None
    message_info: Tlv | None = None
    language_preferences: Tlv | None = None
    device_history: Tlv | None = None
    location_info: Tlv | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DigitsDialedEvent:
    dialing_connection: ConnectionId
    dialing_device: ExtendedDevice
    dialing_sequence: DeviceId
    local_connection_info: LocalConnectionState | int | None = None
    correlator_data: Tlv | None = None
    cause: EventCause | int
    services_permitted: Tlv | None = None
    network_calling_device: ExtendedDevice | None = None
    network_called_device: ExtendedDevice | None = None
    associated_calling_device: ExtendedDevice | None = None
    associated_called_device: ExtendedDevice | None = None
    call_linkage_data: Tlv | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DivertedEvent:
    connection: ConnectionId
    diverting_device: ExtendedDevice
    new_destination: ExtendedDevice
    calling_device: ExtendedDevice | None = None
    called_device: ExtendedDevice | None = None
    last_redirection_device: ExtendedDevice | None = None
    local_connection_info: LocalConnectionState | int | None = None
    correlator_data: Tlv | None = None
    user_data: Tlv | None = None
    cause: EventCause | int
    services_permitted: Tlv | None = None
    network_calling_device: ExtendedDevice | None = None
    network_called_device: ExtendedDevice | None = None
    associated_calling_device: ExtendedDevice | None = None
    associated_called_device: ExtendedDevice | None = None
    media_call_characteristics: Tlv | None = None
    call_linkage_data: Tlv | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class EstablishedEvent:
    established_connection: ConnectionId
    answering_device: ExtendedDevice
    calling_device: ExtendedDevice
    called_device: ExtendedDevice
    last_redirection_device: ExtendedDevice
    originating_nid_connection: ConnectionId | None = None
    local_connection_info: LocalConnectionState | int | None = None
    correlator_data: Tlv | None = None
    user_data: Tlv | None = None
    cause: EventCause | int
    services_permitted: Tlv | None = None
    network_calling_device: ExtendedDevice | None = None
    network_called_device: ExtendedDevice | None = None
    associated_calling_device: ExtendedDevice | None = None
    associated_called_device: ExtendedDevice | None = None
    media_call_characteristics: Tlv | None = None
    call_characteristics: Tlv | None = None
    established_connection_info: Tlv | None = None
    call_linkage_data: Tlv | None = None
    subject_of_call: Tlv | None = None
    message_info: Tlv | None = None
    language_preferences: Tlv | None = None
    device_history: Tlv | None = None
    location_info: Tlv | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class FailedEvent:
    failed_connection: ConnectionId
    failing_device: ExtendedDevice
    calling_device: ExtendedDevice
    called_device: ExtendedDevice
    last_redirection_device: ExtendedDevice
    originating_nid_connection: ConnectionId | None = None
    local_connection_info: LocalConnectionState | int | None = None
    correlator_data: Tlv | None = None
    user_data: Tlv | None = None
    cause: EventCause | int
    services_permitted: Tlv | None = None
    network_calling_device: ExtendedDevice | None = None
    network_called_device: ExtendedDevice | None = None
    associated_calling_device: ExtendedDevice | None = None
    associated_called_device: ExtendedDevice | None = None
    media_call_characteristics: Tlv | None = None
    call_characteristics: Tlv | None = None
    call_linkage_data: Tlv | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class HeldEvent:
    held_connection: ConnectionId
    holding_device: ExtendedDevice
    local_connection_info: LocalConnectionState | int | None = None
    correlator_data: Tlv | None = None
    cause: EventCause | int
    services_permitted: Tlv | None = None
    media_call_characteristics: Tlv | None = None
    call_characteristics: Tlv | None = None
    held_connection_info: Tlv | None = None
    call_linkage_data: Tlv | None = None
    language_preferences: Tlv | None = None
    location_info: Tlv | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class NetworkCapabilitiesChangedEvent:
    outbound_connection: ConnectionId
    network_interface_used: ExtendedDevice
    called_device: ExtendedDevice
    progress_indicator: Tlv
    local_connection_info: LocalConnectionState | int | None = None
    network_capability: Tlv | None = None
    cause: EventCause | int
    services_permitted: Tlv | None = None
    media_call_characteristics: Tlv | None = None
    call_linkage_data: Tlv | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class NetworkReachedEvent:
    outbound_connection: ConnectionId
    network_interface_used: ExtendedDevice
    calling_device: ExtendedDevice
    called_device: ExtendedDevice
    last_redirection_device: ExtendedDevice
    originating_nid_connection: ConnectionId | None = None
    local_connection_info: LocalConnectionState | int | None = None
    correlator_data: Tlv | None = None
    user_data: Tlv | None = None
    cause: EventCause | int
    services_permitted: Tlv | None = None
    network_calling_device: ExtendedDevice | None = None
    network_called_device: ExtendedDevice | None = None
    associated_calling_device: ExtendedDevice | None = None
    associated_called_device: ExtendedDevice | None = None
    media_call_characteristics: Tlv | None = None
    call_characteristics: Tlv | None = None
    call_linkage_data: Tlv | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class OfferedEvent:
    offered_connection: ConnectionId
    offered_device: ExtendedDevice
    calling_device: ExtendedDevice
    called_device: ExtendedDevice
    last_redirection_device: ExtendedDevice
    originating_nid_connection: ConnectionId | None = None
    local_connection_info: LocalConnectionState | int | None = None
    correlator_data: Tlv | None = None
    user_data: Tlv | None = None
    cause: EventCause | int
    services_permitted: Tlv | None = None
    network_calling_device: ExtendedDevice | None = None
    network_called_device: ExtendedDevice | None = None
    associated_calling_device: ExtendedDevice | None = None
    associated_called_device: ExtendedDevice | None = None
    media_call_characteristics: Tlv | None = None
    call_characteristics: Tlv | None = None
    call_linkage_data: Tlv | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class OriginatedEvent:
    originated_connection: ConnectionId
    calling_device: ExtendedDevice
    called_device: ExtendedDevice
    originating_device: DeviceId | None = None
    local_connection_info: LocalConnectionState | int | None = None
    correlator_data: Tlv | None = None
    user_data: Tlv | None = None
    cause: EventCause | int
    services_permitted: Tlv | None = None
    network_calling_device: ExtendedDevice | None = None
    network_called_device: ExtendedDevice | None = None
    media_call_characteristics: Tlv | None = None
    call_characteristics: Tlv | None = None
    call_linkage_data: Tlv | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class QueuedEvent:
    queued_connection: ConnectionId
    queue: ExtendedDevice
    calling_device: ExtendedDevice
    called_device: ExtendedDevice
    last_redirection_device: ExtendedDevice
    number_queued: int | None = None
    calls_in_front: int | None = None
    local_connection_info: LocalConnectionState | int | None = None
    correlator_data: Tlv | None = None
    user_data: Tlv | None = None
    cause: EventCause | int
    services_permitted: Tlv | None = None
    network_calling_device: ExtendedDevice | None = None
    network_called_device: ExtendedDevice | None = None
    associated_calling_device: ExtendedDevice | None = None
    associated_called_device: ExtendedDevice | None = None
    media_call_characteristics: Tlv | None = None
    call_characteristics: Tlv | None = None
    call_linkage_data: Tlv | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class RetrievedEvent:
    retrieved_connection: ConnectionId
    retrieving_device: ExtendedDevice
    local_connection_info: LocalConnectionState | int | None = None
    correlator_data: Tlv | None = None
    cause: EventCause | int
    services_permitted: Tlv | None = None
    media_call_characteristics: Tlv | None = None
    call_characteristics: Tlv | None = None
    retrieved_connection_info: Tlv | None = None
    call_linkage_data: Tlv | None = None
    language_preferences: Tlv | None = None
    location_info: Tlv | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceInitiatedEvent:
    initiated_connection: ConnectionId
    initiating_device: ExtendedDevice
    local_connection_info: LocalConnectionState | int | None = None
    correlator_data: Tlv | None = None
    cause: EventCause | int
    services_permitted: Tlv | None = None
    network_calling_device: ExtendedDevice | None = None
    network_called_device: ExtendedDevice | None = None
    media_call_characteristics: Tlv | None = None
    call_characteristics: Tlv | None = None
    call_linkage_data: Tlv | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class TransferredEvent:
    primary_old_call: ConnectionId
    secondary_old_call: ConnectionId | None = None
    transferring_device: ExtendedDevice
    transferred_to_device: ExtendedDevice
    transferred_connections: tuple[ConnectionListItem, ...]
    local_connection_info: LocalConnectionState | int | None = None
    correlator_data: Tlv | None = None
    user_data: Tlv | None = None
    charging_info: Tlv | None = None
    cause: EventCause | int
    services_permitted: Tlv | None = None
    media_call_characteristics: Tlv | None = None
    call_characteristics: Tlv | None = None
    call_linkage_data_list: Tlv | None = None
    language_preferences: Tlv | None = None
    device_history: Tlv | None = None
    location_info: Tlv | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


# --- device feature and maintenance events ------------------------------------------------------------


class HookswitchType(enum.IntEnum):
    handset = 0
    headset = 1
    speaker = 2
    other = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class HookswitchEvent:
    device: ExtendedDevice
    hookswitch: bytes
    hookswitch_type: HookswitchType | int
    hookswitch_on_hook: bool
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageWaitingEvent:
    target_device: ExtendedDevice
    device_for_message: DeviceId | None = None
    message_waiting_on: bool
    message_info: Tlv | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DoNotDisturbEvent:
    device: ExtendedDevice
    do_not_disturb_on: bool
    call_origination: BitString | None = None
    calling_device_list: tuple[DeviceId, ...] | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ForwardingEvent:
    device: ExtendedDevice
    forwarding_type: ForwardingType | int | None = None
    forward_status: bool
    forward_to: DeviceId | None = None
    forward_default: ForwardDefault | int | None = None
    ring_count: int | None = None
    ring_duration: int | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class BackInServiceEvent:
    device: DeviceId
    cause: EventCause | int | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class OutOfServiceEvent:
    device: DeviceId
    cause: EventCause | int | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class UnknownEvent:
    """An event Tandem does not model, kept raw: its category and number, and its TLV."""

    category: int
    number: int
    value: Tlv


Event = (
    BridgedEvent
    | CallClearedEvent
    | ConferencedEvent
    | ConnectionClearedEvent
    | DeliveredEvent
    | DigitsDialedEvent
    | DivertedEvent
    | EstablishedEvent
    | FailedEvent
    | HeldEvent
    | NetworkCapabilitiesChangedEvent
    | NetworkReachedEvent
    | OfferedEvent
    | OriginatedEvent
    | QueuedEvent
    | RetrievedEvent
    | ServiceInitiatedEvent
    | TransferredEvent
    | HookswitchEvent
    | MessageWaitingEvent
    | DoNotDisturbEvent
    | ForwardingEvent
    | BackInServiceEvent
    | OutOfServiceEvent
    | UnknownEvent
)


@dataclass(frozen=True, slots=True, kw_only=True)
class EventReport:
    """CSTAEventReportArgument: which monitor (cross-ref id) and what happened."""

    cross_ref_identifier: bytes
    event: Event
    unknown: RawTlvs = ()


# --- schemas ---------------------------------------------------------------------------------------

_EXT = ("extensions", COMMON_ARGUMENTS)
_LCI = ("local_connection_info", LOCAL_CONNECTION_STATE)
_CAUSE = ("cause", EVENT_CAUSE)
_USER = ("user_data", Raw(0x7D))
_NET = (("network_calling_device", NETWORK_CALLING_DEVICE), ("network_called_device", NETWORK_CALLED_DEVICE))
_ASSOC = (
    ("associated_calling_device", ASSOCIATED_CALLING_DEVICE),
    ("associated_called_device", ASSOCIATED_CALLED_DEVICE),
)
_PARTIES = (
    ("calling_device", CALLING_DEVICE),
    ("called_device", CALLED_DEVICE),
    ("last_redirection_device", REDIRECTION_DEVICE),
)


_CONFERENCED_EXTENSIONS = COMMON_ARGUMENTS.implicit(0x7E)
_CONFERENCED_EXTENSIONS.tags = frozenset((0x7E, 0xA5))


def _ctx(n: int) -> Raw:
    """A raw `[n]` field, primitive or constructed."""
    return Raw(0x80 | n, 0xA0 | n)


def _numbered(first: int, *names: str) -> list[tuple[str, Codec[Any]]]:
    """Raw `[n] IMPLICIT` fields numbered from `first` on, in order."""
    return [(name, _ctx(first + i)) for i, name in enumerate(names)]


def _party_event(cls: type[Any], connection: str, subject: str, first: int = 0) -> Sequence[Any]:
    """The shape shared by delivered, established, failed, network reached and offered; their
    context-tagged fields are numbered from `first` (0 for delivered, 1 for established)."""
    tail = [
        name
        for name in (
            "connection_info",
            "established_connection_info",
            "subject_of_call",
            "message_info",
            "language_preferences",
            "device_history",
            "location_info",
        )
        if name in cls.__dataclass_fields__
    ]
    info = [name for name in tail if name.endswith("connection_info")]
    rest = [name for name in tail if not name.endswith("connection_info")]
    fields: list[tuple[str, Codec[Any]]] = [
        (connection, CONNECTION_ID),
        (subject, SUBJECT_DEVICE),
        *_PARTIES,
        ("originating_nid_connection", CONNECTION_ID),
        _LCI,
        ("correlator_data", _ctx(first)),
        _USER,
        _CAUSE,
        ("services_permitted", _ctx(first + 1)),
        *_NET,
        *_ASSOC,
        *_numbered(
            first + 2, "media_call_characteristics", "call_characteristics", *info, "call_linkage_data", *rest
        ),
        _EXT,
    ]
    return Sequence(cls, fields)


_CALL_CONTROL: dict[int, tuple[str, type[Any], Sequence[Any]]] = {
    0: (
        "bridged",
        BridgedEvent,
        Sequence(
            BridgedEvent,
            [
                ("bridged_connection", CONNECTION_ID),
                ("bridged_appearance", SUBJECT_DEVICE),
                *_PARTIES,
                _LCI,
                ("correlator_data", _ctx(0)),
                _USER,
                _CAUSE,
                ("services_permitted", _ctx(1)),
                *_NET,
                *_ASSOC,
                ("media_call_characteristics", _ctx(2)),
                _EXT,
            ],
        ),
    ),
    1: (
        "callCleared",
        CallClearedEvent,
        Sequence(
            CallClearedEvent,
            [
                ("cleared_call", CONNECTION_ID),
                ("correlator_data", _ctx(0)),
                _USER,
                _CAUSE,
                ("services_permitted", _ctx(1)),
                ("media_call_characteristics", _ctx(2)),
                ("call_characteristics", _ctx(3)),
                ("call_linkage_data", _ctx(4)),
                _EXT,
            ],
        ),
    ),
    2: (
        "conferenced",
        ConferencedEvent,
        Sequence(
            ConferencedEvent,
            [
                ("primary_old_call", CONNECTION_ID),
                ("secondary_old_call", CONNECTION_ID),
                ("conferencing_device", SUBJECT_DEVICE),
                ("added_party", SUBJECT_DEVICE),
                ("conference_connections", CONNECTION_LIST),
                _LCI,
                ("correlator_data", _ctx(1)),
                _USER,
                _CAUSE,
                *_numbered(2, "services_permitted", "media_call_characteristics", "call_characteristics"),
                *_numbered(
                    6, "call_linkage_data_list", "language_preferences", "device_history", "location_info"
                ),
                ("extensions", _CONFERENCED_EXTENSIONS),
            ],
        ),
    ),
    3: (
        "connectionCleared",
        ConnectionClearedEvent,
        Sequence(
            ConnectionClearedEvent,
            [
                ("dropped_connection", CONNECTION_ID),
                ("releasing_device", SUBJECT_DEVICE),
                _LCI,
                ("correlator_data", _ctx(0)),
                _USER,
                ("charging_info", _ctx(1)),
                _CAUSE,
                *_numbered(
                    2,
                    "services_permitted",
                    "media_call_characteristics",
                    "call_characteristics",
                    "dropped_connection_info",
                    "call_linkage_data",
                    "language_preferences",
                    "device_history",
                    "location_info",
                ),
                _EXT,
            ],
        ),
    ),
    4: ("delivered", DeliveredEvent, _party_event(DeliveredEvent, "connection", "alerting_device")),
    5: (
        "digitsDialed",
        DigitsDialedEvent,
        Sequence(
            DigitsDialedEvent,
            [
                ("dialing_connection", CONNECTION_ID),
                ("dialing_device", SUBJECT_DEVICE),
                ("dialing_sequence", DEVICE_ID),
                _LCI,
                ("correlator_data", _ctx(0)),
                _CAUSE,
                ("services_permitted", _ctx(1)),
                *_NET,
                *_ASSOC,
                ("call_linkage_data", _ctx(2)),
                _EXT,
            ],
        ),
    ),
    6: (
        "diverted",
        DivertedEvent,
        Sequence(
            DivertedEvent,
            [
                ("connection", CONNECTION_ID),
                ("diverting_device", SUBJECT_DEVICE),
                ("new_destination", SUBJECT_DEVICE),
                *_PARTIES,
                _LCI,
                ("correlator_data", _ctx(0)),
                _USER,
                _CAUSE,
                ("services_permitted", _ctx(1)),
                *_NET,
                *_ASSOC,
                ("media_call_characteristics", _ctx(2)),
                ("call_linkage_data", _ctx(3)),
                _EXT,
            ],
        ),
    ),
    7: (
        "established",
        EstablishedEvent,
        _party_event(EstablishedEvent, "established_connection", "answering_device", first=1),
    ),
    8: ("failed", FailedEvent, _party_event(FailedEvent, "failed_connection", "failing_device")),
    9: (
        "held",
        HeldEvent,
        Sequence(
            HeldEvent,
            [
                ("held_connection", CONNECTION_ID),
                ("holding_device", SUBJECT_DEVICE),
                _LCI,
                ("correlator_data", _ctx(0)),
                _CAUSE,
                *_numbered(
                    1,
                    "services_permitted",
                    "media_call_characteristics",
                    "call_characteristics",
                    "held_connection_info",
                    "call_linkage_data",
                    "language_preferences",
                    "location_info",
                ),
                _EXT,
            ],
        ),
    ),
    10: (
        "networkCapabilitiesChanged",
        NetworkCapabilitiesChangedEvent,
        Sequence(
            NetworkCapabilitiesChangedEvent,
            [
                ("outbound_connection", CONNECTION_ID),
                ("network_interface_used", SUBJECT_DEVICE),
                ("called_device", CALLED_DEVICE),
                ("progress_indicator", Raw(0x30)),
                _LCI,
                ("network_capability", _ctx(0)),
                _CAUSE,
                ("services_permitted", _ctx(1)),
                ("media_call_characteristics", _ctx(2)),
                ("call_linkage_data", _ctx(3)),
                _EXT,
            ],
        ),
    ),
    11: (
        "networkReached",
        NetworkReachedEvent,
        _party_event(NetworkReachedEvent, "outbound_connection", "network_interface_used"),
    ),
    12: ("offered", OfferedEvent, _party_event(OfferedEvent, "offered_connection", "offered_device")),
    13: (
        "originated",
        OriginatedEvent,
        Sequence(
            OriginatedEvent,
            [
                ("originated_connection", CONNECTION_ID),
                ("calling_device", SUBJECT_DEVICE),
                ("called_device", CALLED_DEVICE),
                ("originating_device", Explicit(0xA0, DEVICE_ID)),
                _LCI,
                ("correlator_data", _ctx(1)),
                _USER,
                _CAUSE,
                ("services_permitted", _ctx(2)),
                *_NET,
                ("media_call_characteristics", _ctx(3)),
                ("call_characteristics", _ctx(4)),
                ("call_linkage_data", _ctx(5)),
                _EXT,
            ],
        ),
    ),
    14: (
        "queued",
        QueuedEvent,
        Sequence(
            QueuedEvent,
            [
                ("queued_connection", CONNECTION_ID),
                ("queue", SUBJECT_DEVICE),
                *_PARTIES,
                ("number_queued", INT.implicit(0x80)),
                ("calls_in_front", INT.implicit(0x81)),
                _LCI,
                ("correlator_data", _ctx(2)),
                _USER,
                _CAUSE,
                ("services_permitted", _ctx(3)),
                *_NET,
                *_ASSOC,
                ("media_call_characteristics", _ctx(4)),
                ("call_characteristics", _ctx(5)),
                ("call_linkage_data", _ctx(6)),
                _EXT,
            ],
        ),
    ),
    15: (
        "retrieved",
        RetrievedEvent,
        Sequence(
            RetrievedEvent,
            [
                ("retrieved_connection", CONNECTION_ID),
                ("retrieving_device", SUBJECT_DEVICE),
                _LCI,
                ("correlator_data", _ctx(0)),
                _CAUSE,
                *_numbered(
                    1,
                    "services_permitted",
                    "media_call_characteristics",
                    "call_characteristics",
                    "retrieved_connection_info",
                    "call_linkage_data",
                    "language_preferences",
                    "location_info",
                ),
                _EXT,
            ],
        ),
    ),
    16: (
        "serviceInitiated",
        ServiceInitiatedEvent,
        Sequence(
            ServiceInitiatedEvent,
            [
                ("initiated_connection", CONNECTION_ID),
                ("initiating_device", SUBJECT_DEVICE),
                _LCI,
                ("correlator_data", _ctx(0)),
                _CAUSE,
                ("services_permitted", _ctx(1)),
                *_NET,
                ("media_call_characteristics", _ctx(2)),
                ("call_characteristics", _ctx(3)),
                ("call_linkage_data", _ctx(4)),
                _EXT,
            ],
        ),
    ),
    17: (
        "transferred",
        TransferredEvent,
        Sequence(
            TransferredEvent,
            [
                ("primary_old_call", CONNECTION_ID),
                ("secondary_old_call", ConnectionIdCodec(0xA0)),
                ("transferring_device", SUBJECT_DEVICE),
                ("transferred_to_device", SUBJECT_DEVICE),
                ("transferred_connections", SequenceOf(CONNECTION_LIST.inner, 0xA1)),
                _LCI,
                ("correlator_data", _ctx(2)),
                _USER,
                ("charging_info", _ctx(3)),
                _CAUSE,
                *_numbered(
                    4,
                    "services_permitted",
                    "media_call_characteristics",
                    "call_characteristics",
                    "call_linkage_data_list",
                    "language_preferences",
                    "device_history",
                    "location_info",
                ),
                _EXT,
            ],
        ),
    ),
}

_PHYSICAL: dict[int, tuple[str, type[Any], Sequence[Any]]] = {
    3: (
        "hookswitch",
        HookswitchEvent,
        Sequence(
            HookswitchEvent,
            [
                ("device", SUBJECT_DEVICE),
                ("hookswitch", OCTETS),
                ("hookswitch_type", enumerated(HookswitchType)),
                ("hookswitch_on_hook", BOOL),
                _EXT,
            ],
        ),
    ),
    5: (
        "messageWaiting",
        MessageWaitingEvent,
        Sequence(
            MessageWaitingEvent,
            [
                ("target_device", SUBJECT_DEVICE),
                ("device_for_message", Explicit(0xA0, DEVICE_ID)),
                ("message_waiting_on", BOOL),
                ("message_info", _ctx(1)),
                _EXT,
            ],
        ),
    ),
}

_LOGICAL: dict[int, tuple[str, type[Any], Sequence[Any]]] = {
    11: (
        "doNotDisturb",
        DoNotDisturbEvent,
        Sequence(
            DoNotDisturbEvent,
            [
                ("device", SUBJECT_DEVICE),
                ("do_not_disturb_on", BOOL),
                ("call_origination", BITS),
                ("calling_device_list", SequenceOf(DEVICE_ID)),
                _EXT,
            ],
        ),
    ),
    12: (
        "forwarding",
        ForwardingEvent,
        Sequence(
            ForwardingEvent,
            [
                ("device", SUBJECT_DEVICE),
                ("forwarding_type", FORWARDING_TYPE),
                ("forward_status", BOOL),
                ("forward_to", DEVICE_ID),
                ("forward_default", FORWARD_DEFAULT),
                ("ring_count", INT),
                ("ring_duration", INT.implicit(0x84)),
                _EXT,
            ],
        ),
    ),
}

_MAINTENANCE: dict[int, tuple[str, type[Any], Sequence[Any]]] = {
    0: (
        "backInService",
        BackInServiceEvent,
        Sequence(BackInServiceEvent, [("device", DEVICE_ID), _CAUSE, _EXT]),
    ),
    2: (
        "outOfService",
        OutOfServiceEvent,
        Sequence(OutOfServiceEvent, [("device", DEVICE_ID), _CAUSE, _EXT]),
    ),
}

_CATEGORIES: dict[int, dict[int, tuple[str, type[Any], Sequence[Any]]]] = {
    CALL_CONTROL: _CALL_CONTROL,
    PHYSICAL_DEVICE_FEATURE: _PHYSICAL,
    LOGICAL_DEVICE_FEATURE: _LOGICAL,
    DEVICE_MAINTENANCE: _MAINTENANCE,
}

# Decoder table: the tag of the event's TLV inside its category → (name, codec). Events are
# `[n] IMPLICIT SEQUENCE`, so the tag is the constructed context tag n (high form above 30).
_DECODERS: dict[int, dict[int, tuple[str, Sequence[Any]]]] = {
    category: {0xA0 | n: (name, codec.implicit(0xA0 | n)) for n, (name, _cls, codec) in table.items()}
    for category, table in _CATEGORIES.items()
}
_ENCODERS: dict[type[Any], tuple[int, str, Sequence[Any]]] = {
    cls: (category, name, codec.implicit(0xA0 | n))
    for category, table in _CATEGORIES.items()
    for n, (name, cls, codec) in table.items()
}


def event_name(event: Event) -> str:
    """The ASN.1 name of an event (`delivered`), or `category/number` for an unknown one."""
    if isinstance(event, UnknownEvent):
        return f"{CATEGORY_NAMES.get(event.category, event.category)}/{event.number}"
    return _ENCODERS[type(event)][1]


EVENT_TYPES: Final[dict[str, type[Any]]] = {
    name: cls for table in _CATEGORIES.values() for name, cls, _codec in table.values()
}


def _decode_event(buf: bytes, ctag: int, cs: int, ce: int) -> Event:
    """eventSpecificInfo: `[category] CHOICE { [number] IMPLICIT SEQUENCE … }`."""
    if not 0xA0 <= ctag <= 0xBE:
        raise MalformedPDU(f"unexpected event category tag {describe_tag(ctag)}", cs)
    category = ctag & 0x1F
    inner = children(buf, cs, ce)
    if len(inner) != 1:
        raise MalformedPDU(f"event category holds {len(inner)} elements (must be 1)", cs)
    etag, es, ee = inner[0]
    entry = _DECODERS.get(category, {}).get(etag)
    if entry is None:
        number = etag & 0xFFFFFFFF if etag > 0xFF else etag & 0x1F
        return UnknownEvent(category=category, number=number, value=Tlv(etag, bytes(buf[es:ee])))
    name, codec = entry
    try:
        event: Event = codec.decode(buf, etag, es, ee)
    except MalformedPDU as err:
        raise err.within(name) from None
    return event


def _encode_event(event: Event) -> bytes:
    if isinstance(event, UnknownEvent):
        return tlv(0xA0 | event.category, event.value.encode())
    category, _name, codec = _ENCODERS[type(event)]
    return tlv(0xA0 | category, codec.encode(event))


class _EventReportCodec(Codec[EventReport]):
    tags = frozenset((0x30,))

    def decode(self, buf: bytes, tag: int, start: int, end: int) -> EventReport:
        kids = children(buf, start, end)
        if len(kids) < 2:
            raise MalformedPDU("event report needs a cross-ref id and the event", start)
        (rtag, rs, re), (etag, es, ee) = kids[0], kids[1]
        if rtag != 0x55:
            raise MalformedPDU(f"unexpected tag {describe_tag(rtag)}", rs).within("cross_ref_identifier")
        cross_ref = MONITOR_CROSS_REF.decode(buf, rtag, rs, re)
        try:
            event = _decode_event(buf, etag, es, ee)
        except MalformedPDU as err:
            raise err.within("event") from None
        if len(kids) == 2:
            return EventReport(cross_ref_identifier=cross_ref, event=event)
        unknown = tuple(Tlv(t, bytes(buf[s:e])) for t, s, e in kids[2:])
        return EventReport(cross_ref_identifier=cross_ref, event=event, unknown=unknown)

    def encode(self, value: EventReport) -> bytes:
        body = MONITOR_CROSS_REF.encode(value.cross_ref_identifier) + _encode_event(value.event)
        if value.unknown:
            body += b"".join(t.encode() for t in value.unknown)
        return tlv(0x30, body)


EVENT_REPORT: Final[Codec[EventReport]] = _EventReportCodec()
