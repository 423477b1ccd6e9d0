"""Typed arguments and results of the CSTA services Tandem uses, and the operation table (opcodes).

Every argument and result is a keyword-only frozen dataclass with `extensions` (CSTACommonArguments)
and `unknown` (elements the schema does not know, kept raw). `OPERATIONS` maps an opcode to its name
and codecs; `operation_for(argument)` finds the operation of an argument value.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Final

from tandem.cti.ber import NULL, BitString, MalformedPDU, Tlv, children, decode_null, tlv
from tandem.cti.codec import (
    BITS,
    BOOL,
    IA5,
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
    CALLED_DEVICE,
    CALLING_DEVICE,
    COMMON_ARGUMENTS,
    CONNECTION_ID,
    CONNECTION_LIST,
    DEVICE_ID,
    FORWARD_DEFAULT,
    FORWARDING_TYPE,
    LOCAL_CONNECTION_STATE,
    MONITOR_CROSS_REF,
    MONITOR_FILTER,
    SUBJECT_DEVICE,
    SYSTEM_STATUS_VALUE,
    CommonArguments,
    ConnectionId,
    ConnectionIdCodec,
    ConnectionListItem,
    DeviceId,
    ExtendedDevice,
    ForwardDefault,
    ForwardingType,
    LocalConnectionState,
    MonitorFilter,
    SystemStatus,
    WrappedDevice,
)

_EXT = ("extensions", COMMON_ARGUMENTS)


# --- results without data ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class NoData:
    """The result (or argument) `CHOICE { extensions CSTACommonArguments, noData NULL }`."""

    extensions: CommonArguments | None = None


class _NoDataCodec(Codec[NoData]):
    tags = frozenset((NULL, 0x7E))

    def decode(self, buf: bytes, tag: int, start: int, end: int) -> NoData:
        if tag == NULL:
            decode_null(buf, start, end)
            return NoData()
        return NoData(extensions=COMMON_ARGUMENTS.decode(buf, tag, start, end))

    def encode(self, value: NoData) -> bytes:
        if value.extensions is None:
            return b"\x05\x00"
        return COMMON_ARGUMENTS.encode(value.extensions)


NO_DATA: Final = _NoDataCodec()


# --- call control ---------------------------------------------------------------------------------


class AutoOriginate(enum.IntEnum):
    prompt = 0
    doNotPrompt = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class MakeCallArgument:
    calling_device: DeviceId
    called_directory_number: DeviceId
    account_code: str | None = None
    auth_code: str | None = None
    correlator_data: bytes | None = None
    auto_originate: AutoOriginate | int | None = None
    """DEFAULT prompt when absent."""
    user_data: Tlv | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class MakeCallResult:
    calling_device: ConnectionId
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class AnswerCallArgument:
    call_to_be_answered: ConnectionId
    correlator_data: Tlv | None = None
    user_data: Tlv | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ClearConnectionArgument:
    connection_to_be_cleared: ConnectionId
    correlator_data: Tlv | None = None
    user_data: Tlv | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ClearCallArgument:
    call_to_be_cleared: ConnectionId
    correlator_data: Tlv | None = None
    user_data: Tlv | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class HoldCallArgument:
    call_to_be_held: ConnectionId
    reservation: bool | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class RetrieveCallArgument:
    call_to_be_retrieved: ConnectionId
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsultationCallArgument:
    existing_call: ConnectionId
    consulted_device: DeviceId
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsultationCallResult:
    initiated_call: ConnectionId
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class AlternateCallArgument:
    held_call: ConnectionId
    active_call: ConnectionId
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ReconnectCallArgument:
    held_call: ConnectionId
    active_call: ConnectionId
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class TransferCallArgument:
    held_call: ConnectionId
    active_call: ConnectionId
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class TransferCallResult:
    transferred_call: ConnectionId
    connections: tuple[ConnectionListItem, ...] | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ConferenceCallArgument:
    held_call: ConnectionId
    active_call: ConnectionId
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ConferenceCallResult:
    conference_call: ConnectionId
    connections: tuple[ConnectionListItem, ...] | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DeflectCallArgument:
    call_to_be_diverted: ConnectionId
    new_destination: ExtendedDevice
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SingleStepTransferCallArgument:
    active_call: ConnectionId
    transferred_to: ExtendedDevice
    account_code: str | None = None
    auth_code: str | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SingleStepTransferCallResult:
    transferred_call: ConnectionId
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class GenerateDigitsArgument:
    connection_to_send_digits: ConnectionId
    characters_to_send: str
    tone_duration: int | None = None
    pulse_duration: int | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


# --- monitoring and snapshots -------------------------------------------------------------------------


class MonitorType(enum.IntEnum):
    call = 0
    device = 1


class MonitorObjectCodec(Codec["DeviceId | ConnectionId"]):
    """CSTAObject: `CHOICE { deviceObject DeviceID, callObject ConnectionID }`."""

    tags = frozenset((0x30, 0x6B))

    def decode(self, buf: bytes, tag: int, start: int, end: int) -> DeviceId | ConnectionId:
        if tag == 0x6B:
            return CONNECTION_ID.decode(buf, tag, start, end)
        return DEVICE_ID.decode(buf, tag, start, end)

    def encode(self, value: DeviceId | ConnectionId) -> bytes:
        if isinstance(value, ConnectionId):
            return CONNECTION_ID.encode(value)
        return DEVICE_ID.encode(value)


@dataclass(frozen=True, slots=True, kw_only=True)
class MonitorStartArgument:
    monitor_object: DeviceId | ConnectionId
    requested_monitor_filter: MonitorFilter | None = None
    monitor_type: MonitorType | int | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class MonitorStartResult:
    cross_ref_identifier: bytes
    actual_monitor_filter: MonitorFilter | None = None
    monitor_existing_calls: bool | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class MonitorStopArgument:
    cross_ref_identifier: bytes
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeMonitorFilterArgument:
    monitor_cross_ref_id: bytes
    requested_monitor_filter: MonitorFilter
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeMonitorFilterResult:
    actual_monitor_filter: MonitorFilter | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SnapshotDeviceArgument:
    snapshot_object: DeviceId
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SnapshotDeviceResponseInfo:
    """One call at the device: its connection and the local connection state(s) of the call."""

    connection_identifier: ConnectionId
    local_call_state: tuple[LocalConnectionState | int, ...] = ()
    """compoundCallState; empty when the switch sent `unknown` or a simple call state."""
    simple_call_state: int | None = None
    services_permitted: Tlv | None = None
    media_service_info_list: Tlv | None = None
    unknown: RawTlvs = ()


class _CallStateCodec(Codec["tuple[LocalConnectionState | int, ...] | int"]):
    """CallState: `CHOICE { compoundCallState [0] IMPLICIT SEQUENCE OF LocalConnectionState,
    simpleCallState [1] IMPLICIT ENUMERATED, unknown [2] IMPLICIT NULL }`."""

    tags = frozenset((0xA0, 0x81, 0x82))
    _compound = SequenceOf(LOCAL_CONNECTION_STATE, 0xA0)

    def decode(
        self, buf: bytes, tag: int, start: int, end: int
    ) -> tuple[LocalConnectionState | int, ...] | int:
        if tag == 0xA0:
            return self._compound.decode(buf, tag, start, end)
        if tag == 0x81:
            return INT.decode(buf, tag, start, end)
        decode_null(buf, start, end)
        return ()

    def encode(self, value: tuple[LocalConnectionState | int, ...] | int) -> bytes:
        if isinstance(value, int):
            return INT.implicit(0x81).encode(value)
        if not value:
            return b"\x82\x00"
        return self._compound.encode(value)


class _SnapshotDeviceResponseInfoCodec(Codec[SnapshotDeviceResponseInfo]):
    """Hand-written because one CHOICE fills two attributes (compound or simple call state)."""

    tags = frozenset((0x30,))
    _state = _CallStateCodec()

    def decode(self, buf: bytes, tag: int, start: int, end: int) -> SnapshotDeviceResponseInfo:
        connection: ConnectionId | None = None
        compound: tuple[LocalConnectionState | int, ...] = ()
        simple: int | None = None
        services = media = None
        unknown: list[Tlv] = []
        for t, s, e in children(buf, start, end):
            try:
                if t == 0x6B and connection is None:
                    connection = CONNECTION_ID.decode(buf, t, s, e)
                elif t in self._state.tags:
                    state = self._state.decode(buf, t, s, e)
                    if isinstance(state, int):
                        simple = state
                    else:
                        compound = state
                elif t == 0xA3 and services is None:
                    services = Tlv(t, bytes(buf[s:e]))
                elif t == 0xA4 and media is None:
                    media = Tlv(t, bytes(buf[s:e]))
                else:
                    unknown.append(Tlv(t, bytes(buf[s:e])))
            except MalformedPDU as err:
                raise err.within("connection_identifier" if t == 0x6B else "local_call_state") from None
        if connection is None:
            raise MalformedPDU("mandatory field connection_identifier is missing", start)
        return SnapshotDeviceResponseInfo(
            connection_identifier=connection,
            local_call_state=compound,
            simple_call_state=simple,
            services_permitted=services,
            media_service_info_list=media,
            unknown=tuple(unknown),
        )

    def encode(self, value: SnapshotDeviceResponseInfo) -> bytes:
        parts = [CONNECTION_ID.encode(value.connection_identifier)]
        state: tuple[LocalConnectionState | int, ...] | int = (
            value.simple_call_state if value.simple_call_state is not None else value.local_call_state
        )
        parts.append(self._state.encode(state))
        for raw in (value.services_permitted, value.media_service_info_list):
            if raw is not None:
                parts.append(raw.encode())
        parts.extend(t.encode() for t in value.unknown)
        return tlv(0x30, b"".join(parts))


SNAPSHOT_DEVICE_DATA: Final = SequenceOf(_SnapshotDeviceResponseInfoCodec(), 0x76)
"""SnapshotDeviceData ::= [APPLICATION 22] IMPLICIT SEQUENCE OF SnapshotDeviceResponseInfo."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SnapshotDeviceResult:
    """Either the snapshot data (the calls at the device) or a cross-ref for snapshot events."""

    snapshot_data: tuple[SnapshotDeviceResponseInfo, ...] | None = None
    service_cross_ref_id: bytes | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SnapshotCallArgument:
    snapshot_object: ConnectionId
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SnapshotCallResponseInfo:
    device_on_call: ExtendedDevice
    call_identifier: ConnectionId | None = None
    local_connection_state: LocalConnectionState | int | None = None
    services_permitted: Tlv | None = None
    media_service_info_list: Tlv | None = None
    unknown: RawTlvs = ()


SNAPSHOT_CALL_DATA: Final = SequenceOf(
    Sequence(
        SnapshotCallResponseInfo,
        [
            ("device_on_call", SUBJECT_DEVICE),
            ("call_identifier", CONNECTION_ID),
            ("local_connection_state", LOCAL_CONNECTION_STATE),
            ("services_permitted", Raw(0xA0, 0x80)),
            ("media_service_info_list", Raw(0xA1)),
        ],
    ),
    0x77,
)
"""SnapshotCallData ::= [APPLICATION 23] IMPLICIT SEQUENCE OF SnapshotCallResponseInfo."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SnapshotCallResult:
    snapshot_data: tuple[SnapshotCallResponseInfo, ...] | None = None
    service_cross_ref_id: bytes | None = None
    calling_device: ExtendedDevice | None = None
    called_device: ExtendedDevice | None = None
    associated_calling_device: ExtendedDevice | None = None
    associated_called_device: ExtendedDevice | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


# --- system services -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class SystemStatusArgument:
    system_status: SystemStatus | int
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestSystemStatusResult:
    system_status: SystemStatus | int
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestTypes:
    system_status: bool | None = None
    switching_function_caps_changed: bool | None = None
    switching_function_devices_changed: bool | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SystemRegisterArgument:
    request_types: RequestTypes
    requested_status_filter: BitString | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SystemRegisterResult:
    sys_stat_register_id: bytes
    actual_status_filter: BitString | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


class DeviceCategory(enum.IntEnum):
    acd = 0
    conference = 1
    generic = 2
    group = 3
    networkInterface = 4
    park = 5
    routeingDevice = 6
    station = 7
    voiceUnit = 8
    other = 9


@dataclass(frozen=True, slots=True, kw_only=True)
class GetSwitchingFunctionDevicesArgument:
    requested_device_id: DeviceId | None = None
    requested_device_category: DeviceCategory | int | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class GetSwitchingFunctionDevicesResult:
    """The devices themselves follow in switchingFunctionDevices invokes tagged with this cross-ref."""

    service_cross_ref_id: bytes
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


# --- device features -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class SetForwardingArgument:
    device: DeviceId
    forwarding_type: ForwardingType | int | None = None
    activate_forward: bool
    forward_dn: DeviceId | None = None
    ring_count: int | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class GetForwardingArgument:
    device: DeviceId
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ForwardListEntry:
    forwarding_type: ForwardingType | int
    forward_status: bool
    forward_dn: DeviceId | None = None
    ring_count: int | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class GetForwardingResult:
    forwarding_list: tuple[ForwardListEntry, ...] | None = None
    forward_default: ForwardDefault | int | None = None
    ring_count: int | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SetDoNotDisturbArgument:
    device: DeviceId
    do_not_disturb_on: bool
    call_origination: BitString | None = None
    calling_device_list: tuple[DeviceId, ...] | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class GetDoNotDisturbArgument:
    device: DeviceId
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class GetDoNotDisturbResult:
    do_not_disturb_on: bool
    call_origination: BitString | None = None
    calling_device_list: tuple[DeviceId, ...] | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SetDisplayArgument:
    device: DeviceId
    logical_row_number: int | None = None
    logical_column_number: int | None = None
    contents_of_display: str
    physical_row_number: int | None = None
    physical_column_number: int | None = None
    extensions: CommonArguments | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class EscapeArgument:
    """Escape carries vendor-private data only; it is kept raw (security `[0]`, private data)."""

    security: Tlv | None = None
    private_data: Tlv | None = None
    unknown: RawTlvs = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class EscapeResult:
    security: Tlv | None = None
    private_data: Tlv | None = None
    unknown: RawTlvs = ()


# --- codecs -----------------------------------------------------------------------------------------------


def _seq(cls: type[Any], *fields: tuple[str, Codec[Any]], tag: int = 0x30) -> Sequence[Any]:
    return Sequence(cls, [*fields, _EXT] if "extensions" in cls.__dataclass_fields__ else list(fields), tag)


_CONN = CONNECTION_ID
_TWO_CALLS = (("held_call", _CONN), ("active_call", _CONN))
_RAW_CORRELATOR = Raw(0x59, 0x82, 0xA2)
_RAW_USER_DATA = Raw(0x7D)
_CALLING_DEVICE_LIST = SequenceOf(DEVICE_ID)
_FORWARD_LIST = SequenceOf(
    Sequence(
        ForwardListEntry,
        [
            ("forwarding_type", FORWARDING_TYPE),
            ("forward_status", BOOL),
            ("forward_dn", DEVICE_ID),
            ("ring_count", INT),
        ],
    )
)


def _snapshot_result(cls: type[Any], data: SequenceOf[Any], *rest: tuple[str, Codec[Any]]) -> Sequence[Any]:
    # The CHOICE's two alternatives have distinct tags, so two optional fields model it exactly.
    return _seq(cls, ("snapshot_data", data), ("service_cross_ref_id", OCTETS), *rest)


ARGUMENT_CODECS: dict[type[Any], Codec[Any]] = {
    MakeCallArgument: _seq(
        MakeCallArgument,
        ("calling_device", DEVICE_ID),
        ("called_directory_number", DEVICE_ID),
        ("account_code", IA5.implicit(0x80)),
        ("auth_code", IA5.implicit(0x81)),
        ("correlator_data", OCTETS.implicit(0x82)),
        ("auto_originate", enumerated(AutoOriginate, 0x83)),
        ("user_data", _RAW_USER_DATA),
    ),
    AnswerCallArgument: _seq(
        AnswerCallArgument,
        ("call_to_be_answered", _CONN),
        ("correlator_data", _RAW_CORRELATOR),
        ("user_data", _RAW_USER_DATA),
    ),
    ClearConnectionArgument: _seq(
        ClearConnectionArgument,
        ("connection_to_be_cleared", _CONN),
        ("correlator_data", _RAW_CORRELATOR),
        ("user_data", _RAW_USER_DATA),
    ),
    ClearCallArgument: _seq(
        ClearCallArgument,
        ("call_to_be_cleared", _CONN),
        ("correlator_data", _RAW_CORRELATOR),
        ("user_data", _RAW_USER_DATA),
    ),
    HoldCallArgument: _seq(HoldCallArgument, ("call_to_be_held", _CONN), ("reservation", BOOL)),
    RetrieveCallArgument: _seq(RetrieveCallArgument, ("call_to_be_retrieved", _CONN)),
    ConsultationCallArgument: _seq(
        ConsultationCallArgument,
        ("existing_call", ConnectionIdCodec(0xA0)),
        ("consulted_device", Explicit(0xA1, DEVICE_ID)),
    ),
    AlternateCallArgument: _seq(AlternateCallArgument, *_TWO_CALLS),
    ReconnectCallArgument: _seq(ReconnectCallArgument, *_TWO_CALLS),
    TransferCallArgument: _seq(TransferCallArgument, *_TWO_CALLS),
    ConferenceCallArgument: _seq(ConferenceCallArgument, *_TWO_CALLS),
    DeflectCallArgument: _seq(
        DeflectCallArgument, ("call_to_be_diverted", _CONN), ("new_destination", CALLED_DEVICE)
    ),
    SingleStepTransferCallArgument: _seq(
        SingleStepTransferCallArgument,
        ("active_call", _CONN),
        ("transferred_to", CALLED_DEVICE),
        ("account_code", IA5.implicit(0x80)),
        ("auth_code", IA5.implicit(0x81)),
    ),
    GenerateDigitsArgument: _seq(
        GenerateDigitsArgument,
        ("connection_to_send_digits", _CONN),
        ("characters_to_send", IA5),
        ("tone_duration", INT.implicit(0x80)),
        ("pulse_duration", INT.implicit(0x81)),
    ),
    MonitorStartArgument: _seq(
        MonitorStartArgument,
        ("monitor_object", MonitorObjectCodec()),
        ("requested_monitor_filter", MONITOR_FILTER.implicit(0xA0)),
        ("monitor_type", enumerated(MonitorType)),
    ),
    MonitorStopArgument: _seq(MonitorStopArgument, ("cross_ref_identifier", MONITOR_CROSS_REF)),
    ChangeMonitorFilterArgument: _seq(
        ChangeMonitorFilterArgument,
        ("monitor_cross_ref_id", MONITOR_CROSS_REF),
        ("requested_monitor_filter", MONITOR_FILTER.implicit(0xA0)),
    ),
    SnapshotDeviceArgument: _seq(SnapshotDeviceArgument, ("snapshot_object", DEVICE_ID)),
    SnapshotCallArgument: _seq(SnapshotCallArgument, ("snapshot_object", _CONN)),
    SystemStatusArgument: _seq(SystemStatusArgument, ("system_status", SYSTEM_STATUS_VALUE)),
    NoData: NO_DATA,
    SystemRegisterArgument: _seq(
        SystemRegisterArgument,
        (
            "request_types",
            Sequence(
                RequestTypes,
                [
                    ("system_status", BOOL.implicit(0x80)),
                    ("switching_function_caps_changed", BOOL.implicit(0x81)),
                    ("switching_function_devices_changed", BOOL.implicit(0x82)),
                ],
            ),
        ),
        ("requested_status_filter", BITS.implicit(0x80)),
    ),
    GetSwitchingFunctionDevicesArgument: _seq(
        GetSwitchingFunctionDevicesArgument,
        ("requested_device_id", DEVICE_ID),
        ("requested_device_category", enumerated(DeviceCategory)),
    ),
    SetForwardingArgument: _seq(
        SetForwardingArgument,
        ("device", DEVICE_ID),
        ("forwarding_type", FORWARDING_TYPE),
        ("activate_forward", BOOL),
        ("forward_dn", DEVICE_ID),
        ("ring_count", INT),
    ),
    GetForwardingArgument: _seq(GetForwardingArgument, ("device", DEVICE_ID)),
    SetDoNotDisturbArgument: _seq(
        SetDoNotDisturbArgument,
        ("device", DEVICE_ID),
        ("do_not_disturb_on", BOOL),
        ("call_origination", BITS),  # CallOrigination ::= BIT STRING { internal (0), external (1) }
        ("calling_device_list", _CALLING_DEVICE_LIST),
    ),
    GetDoNotDisturbArgument: _seq(GetDoNotDisturbArgument, ("device", DEVICE_ID)),
    SetDisplayArgument: _seq(
        SetDisplayArgument,
        ("device", DEVICE_ID),
        ("logical_row_number", INT.implicit(0x80)),
        ("logical_column_number", INT.implicit(0x81)),
        ("contents_of_display", IA5),
        ("physical_row_number", INT.implicit(0x82)),
        ("physical_column_number", INT.implicit(0x83)),
    ),
    EscapeArgument: _seq(EscapeArgument, ("security", Raw(0xA0)), ("private_data", Raw(0xA1, 0x81))),
}

RESULT_CODECS: dict[type[Any], Codec[Any]] = {
    NoData: NO_DATA,
    MakeCallResult: _seq(MakeCallResult, ("calling_device", _CONN)),
    ConsultationCallResult: _seq(ConsultationCallResult, ("initiated_call", _CONN)),
    TransferCallResult: _seq(
        TransferCallResult, ("transferred_call", _CONN), ("connections", CONNECTION_LIST)
    ),
    ConferenceCallResult: _seq(
        ConferenceCallResult, ("conference_call", _CONN), ("connections", CONNECTION_LIST)
    ),
    SingleStepTransferCallResult: _seq(SingleStepTransferCallResult, ("transferred_call", _CONN)),
    MonitorStartResult: _seq(
        MonitorStartResult,
        ("cross_ref_identifier", MONITOR_CROSS_REF),
        ("actual_monitor_filter", MONITOR_FILTER.implicit(0xA0)),
        ("monitor_existing_calls", BOOL),
    ),
    ChangeMonitorFilterResult: _seq(
        ChangeMonitorFilterResult, ("actual_monitor_filter", MONITOR_FILTER.implicit(0xA0))
    ),
    SnapshotDeviceResult: _snapshot_result(SnapshotDeviceResult, SNAPSHOT_DEVICE_DATA),
    SnapshotCallResult: _snapshot_result(
        SnapshotCallResult,
        SNAPSHOT_CALL_DATA,
        ("calling_device", CALLING_DEVICE),
        ("called_device", CALLED_DEVICE),
        ("associated_calling_device", WrappedDevice(0x65)),
        ("associated_called_device", WrappedDevice(0x66)),
    ),
    RequestSystemStatusResult: _seq(RequestSystemStatusResult, ("system_status", SYSTEM_STATUS_VALUE)),
    SystemRegisterResult: _seq(
        SystemRegisterResult, ("sys_stat_register_id", OCTETS), ("actual_status_filter", BITS.implicit(0x80))
    ),
    GetSwitchingFunctionDevicesResult: _seq(
        GetSwitchingFunctionDevicesResult, ("service_cross_ref_id", OCTETS)
    ),
    GetForwardingResult: _seq(
        GetForwardingResult,
        ("forwarding_list", _FORWARD_LIST),
        ("forward_default", FORWARD_DEFAULT),
        ("ring_count", INT),
    ),
    GetDoNotDisturbResult: _seq(
        GetDoNotDisturbResult,
        ("do_not_disturb_on", BOOL),
        ("call_origination", BITS),  # CallOrigination ::= BIT STRING { internal (0), external (1) }
        ("calling_device_list", _CALLING_DEVICE_LIST),
    ),
    EscapeResult: _seq(EscapeResult, ("security", Raw(0xA0)), ("private_data", Raw(0xA1, 0x81))),
}


# --- the operation table ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Operation:
    """One CSTA operation: local opcode, ASN.1 name, and the types of its argument and result.

    `argument`/`result` None means Tandem does not interpret them (they travel as raw TLVs).
    """

    opcode: int
    name: str
    argument: type[Any] | None = None
    result: type[Any] | None = None


ALTERNATE_CALL: Final = 1
ANSWER_CALL: Final = 2
CLEAR_CALL: Final = 4
CLEAR_CONNECTION: Final = 5
CONFERENCE_CALL: Final = 6
CONSULTATION_CALL: Final = 7
HOLD_CALL: Final = 9
MAKE_CALL: Final = 10
RECONNECT_CALL: Final = 13
RETRIEVE_CALL: Final = 14
TRANSFER_CALL: Final = 16
CSTA_EVENT_REPORT: Final = 21
SINGLE_STEP_TRANSFER_CALL: Final = 50
ESCAPE: Final = 51
MONITOR_START: Final = 71
CHANGE_MONITOR_FILTER: Final = 72
MONITOR_STOP: Final = 73
SNAPSHOT_DEVICE: Final = 74
SNAPSHOT_CALL: Final = 75
GET_SWITCHING_FUNCTION_CAPABILITIES: Final = 203
GET_SWITCHING_FUNCTION_DEVICES: Final = 204
SWITCHING_FUNCTION_DEVICES: Final = 205
SYSTEM_REGISTER: Final = 207
REQUEST_SYSTEM_STATUS: Final = 210
SYSTEM_STATUS: Final = 211
DEFLECT_CALL: Final = 218
GENERATE_DIGITS: Final = 232
SET_DISPLAY: Final = 274
GET_DO_NOT_DISTURB: Final = 308
GET_FORWARDING: Final = 309
SET_DO_NOT_DISTURB: Final = 316
SET_FORWARDING: Final = 317

OPERATIONS: Final[dict[int, Operation]] = {
    op.opcode: op
    for op in (
        Operation(ALTERNATE_CALL, "alternateCall", AlternateCallArgument, NoData),
        Operation(ANSWER_CALL, "answerCall", AnswerCallArgument, NoData),
        Operation(CLEAR_CALL, "clearCall", ClearCallArgument, NoData),
        Operation(CLEAR_CONNECTION, "clearConnection", ClearConnectionArgument, NoData),
        Operation(CONFERENCE_CALL, "conferenceCall", ConferenceCallArgument, ConferenceCallResult),
        Operation(CONSULTATION_CALL, "consultationCall", ConsultationCallArgument, ConsultationCallResult),
        Operation(HOLD_CALL, "holdCall", HoldCallArgument, NoData),
        Operation(MAKE_CALL, "makeCall", MakeCallArgument, MakeCallResult),
        Operation(RECONNECT_CALL, "reconnectCall", ReconnectCallArgument, NoData),
        Operation(RETRIEVE_CALL, "retrieveCall", RetrieveCallArgument, NoData),
        Operation(TRANSFER_CALL, "transferCall", TransferCallArgument, TransferCallResult),
        Operation(CSTA_EVENT_REPORT, "cSTAEventReport"),  # argument decoded by tandem.cti.events
        Operation(
            SINGLE_STEP_TRANSFER_CALL,
            "singleStepTransferCall",
            SingleStepTransferCallArgument,
            SingleStepTransferCallResult,
        ),
        Operation(ESCAPE, "escape", EscapeArgument, EscapeResult),
        Operation(MONITOR_START, "monitorStart", MonitorStartArgument, MonitorStartResult),
        Operation(
            CHANGE_MONITOR_FILTER,
            "changeMonitorFilter",
            ChangeMonitorFilterArgument,
            ChangeMonitorFilterResult,
        ),
        Operation(MONITOR_STOP, "monitorStop", MonitorStopArgument, NoData),
        Operation(SNAPSHOT_DEVICE, "snapshotDevice", SnapshotDeviceArgument, SnapshotDeviceResult),
        Operation(SNAPSHOT_CALL, "snapshotCall", SnapshotCallArgument, SnapshotCallResult),
        Operation(GET_SWITCHING_FUNCTION_CAPABILITIES, "getSwitchingFunctionCapabilities"),
        Operation(
            GET_SWITCHING_FUNCTION_DEVICES,
            "getSwitchingFunctionDevices",
            GetSwitchingFunctionDevicesArgument,
            GetSwitchingFunctionDevicesResult,
        ),
        Operation(SWITCHING_FUNCTION_DEVICES, "switchingFunctionDevices"),
        Operation(SYSTEM_REGISTER, "systemRegister", SystemRegisterArgument, SystemRegisterResult),
        Operation(REQUEST_SYSTEM_STATUS, "requestSystemStatus", NoData, RequestSystemStatusResult),
        Operation(SYSTEM_STATUS, "systemStatus", SystemStatusArgument, NoData),
        Operation(DEFLECT_CALL, "deflectCall", DeflectCallArgument, NoData),
        Operation(GENERATE_DIGITS, "generateDigits", GenerateDigitsArgument, NoData),
        Operation(SET_DISPLAY, "setDisplay", SetDisplayArgument, NoData),
        Operation(GET_DO_NOT_DISTURB, "getDoNotDisturb", GetDoNotDisturbArgument, GetDoNotDisturbResult),
        Operation(GET_FORWARDING, "getForwarding", GetForwardingArgument, GetForwardingResult),
        Operation(SET_DO_NOT_DISTURB, "setDoNotDisturb", SetDoNotDisturbArgument, NoData),
        Operation(SET_FORWARDING, "setForwarding", SetForwardingArgument, NoData),
    )
}

OPERATIONS_BY_NAME: Final[dict[str, Operation]] = {op.name: op for op in OPERATIONS.values()}

_BY_ARGUMENT: dict[type[Any], Operation] = {
    op.argument: op for op in OPERATIONS.values() if op.argument is not None and op.argument is not NoData
}


def operation_for(argument: object) -> Operation:
    """The operation whose argument type `argument` is (NoData is ambiguous: pass the opcode)."""
    op = _BY_ARGUMENT.get(type(argument))
    if op is None:
        raise ValueError(
            f"{type(argument).__name__} is not the argument of one CSTA operation; give the opcode"
        )
    return op


def operation_name(opcode: int) -> str:
    op = OPERATIONS.get(opcode)
    return op.name if op else f"operation{opcode}"
