"""The CSTA data types every service and event shares (ECMA-285 tagging): device and connection
identifiers, the common enumerations, CSTACommonArguments, MonitorFilter, ConnectionList, and
their codecs.
"""

from __future__ import annotations

import datetime as _dt
import enum
from dataclasses import dataclass
from typing import Generic, TypeVar

from tandem.cti.ber import (
    NULL,
    SEQUENCE,
    BitString,
    MalformedPDU,
    Tlv,
    children,
    decode_int,
    decode_null,
    describe_tag,
    encode_int,
    encode_text,
    tlv,
)
from tandem.cti.codec import (
    BITS,
    INT,
    OCTETS,
    TIME,
    Codec,
    Explicit,
    Primitive,
    Raw,
    RawTlvs,
    Sequence,
    SequenceOf,
    enumerated,
)

T = TypeVar("T")


class _Memo(Generic[T]):
    """Decoded identifiers by their content octets. A busy PBX repeats the same few device and
    connection ids in every event; the values are immutable, so sharing them is safe. Bounded."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self.values: dict[bytes, T] = {}

    def put(self, key: bytes, value: T) -> T:
        if len(self.values) >= self.size:
            self.values.clear()
        self.values[key] = value
        return value


# --- enumerations (member names are the ASN.1 names: they are what `tandem csta decode` prints) ---


class LocalConnectionState(enum.IntEnum):
    null = 0
    initiated = 1
    alerting = 2
    connected = 3
    hold = 4
    queued = 5
    fail = 6


class EventCause(enum.IntEnum):
    activeParticipation = 1
    alternate = 2
    busy = 3
    callBack = 4
    callCancelled = 5
    callForwardImmediate = 6
    callForwardBusy = 7
    callForwardNoAnswer = 8
    callForward = 9
    callNotAnswered = 10
    callPickup = 11
    campOn = 12
    destNotObtainable = 13
    doNotDisturb = 14
    incompatibleDestination = 15
    invalidAccountCode = 16
    keyOperation = 17
    lockout = 18
    maintenance = 19
    networkCongestion = 20
    networkNotObtainable = 21
    newCall = 22
    noAvailableAgents = 23
    override = 24
    park = 25
    overflow = 26
    recall = 27
    redirected = 28
    reorderTone = 29
    resourcesNotAvailable = 30
    silentParticipation = 31
    transfer = 32
    trunksBusy = 33
    voiceUnitInitiator = 34
    blocked = 35
    characterCountReached = 36
    consultation = 37
    distributed = 38
    dTMFDigitDetected = 39
    durationExceeded = 40
    endOfMessageDetected = 41
    enteringDistribution = 42
    forcedPause = 43
    makeCall = 44
    messageSizeExceeded = 45
    networkSignal = 46
    nextMessage = 47
    normalClearing = 48
    noSpeechDetected = 49
    numberChanged = 50
    singleStepConference = 51
    singleStepTransfer = 52
    speechDetected = 53
    switchingFunctionTerminated = 54
    terminationCharacterReceived = 55
    timeout = 56
    aCDBusy = 57
    aCDForward = 58
    aCDSaturated = 59
    alertTimeExpired = 60
    autoWork = 61
    campOnTrunks = 62
    conference = 63
    destDetected = 64
    destOutOfOrder = 65
    distributionDelay = 66
    forcedTransition = 67
    intrude = 68
    invalidNumberFormat = 69
    joinCall = 70
    keyOperationInUse = 71
    makePredictiveCall = 72
    messageDurationExceeded = 73
    multipleAlerting = 74
    multipleQueuing = 75
    networkDialling = 76
    networkOutOfOrder = 77
    normal = 78
    notAvailableBearerService = 79
    notSupportedBearerService = 80
    numberUnallocated = 81
    queueCleared = 82
    remainsInQueue = 83
    reserved = 84
    selectedTrunkBusy = 85
    suspend = 86
    unauthorisedBearerService = 87


class SystemStatus(enum.IntEnum):
    initializing = 0
    enabled = 1
    normal = 2
    messagesLost = 3
    disabled = 4
    overloadImminent = 5
    overloadReached = 6
    overloadRelieved = 7
    partiallyDisabled = 8


class ForwardingType(enum.IntEnum):
    forwardImmediate = 0
    forwardBusy = 1
    forwardNoAns = 2
    forwardBusyInt = 3
    forwardBusyExt = 4
    forwardNoAnsInt = 5
    forwardNoAnsExt = 6
    forwardImmInt = 7
    forwardImmExt = 8
    forwardDND = 9
    forwardDNDInt = 10
    forwardDNDExt = 11


class ForwardDefault(enum.IntEnum):
    """Which forwarding a device falls back to by default."""

    forwardingTypeDefault = 0
    forwardingDNDefault = 1


class NumberingPlan(enum.IntEnum):
    """The alternative of DeviceID's deviceIdentifier CHOICE (its context tag number)."""

    dialingNumber = 0
    deviceNumber = 1
    implicitPublic = 2
    explicitPublic = 3
    implicitPrivate = 4
    explicitPrivate = 5
    other = 6


class DeviceAbsence(enum.IntEnum):
    """Why a wrapped device id carries no device: the alternatives `[7]`, `[8]` and `[9]` IMPLICIT NULL."""

    notKnown = 7
    restricted = 8
    notSpecified = 9


# --- device and connection identifiers -----------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class DeviceId:
    """DeviceID: a number under a numbering plan. HiPath/OSBiz send dialingNumber with plain digits."""

    number: str
    plan: NumberingPlan = NumberingPlan.dialingNumber
    type_of_number: int | None = None
    """For explicitPublic/explicitPrivate: the PublicTON/PrivateTON alternative (unknown 0, …)."""
    unknown: RawTlvs = ()

    def __post_init__(self) -> None:
        digits = self.number.lstrip("-")
        if self.plan == NumberingPlan.deviceNumber and not (digits.isdigit() and digits.isascii()):
            raise ValueError(f"deviceNumber {self.number!r} is not an integer")
        if (self.type_of_number is None) != (self.plan not in _EXPLICIT_PLANS):
            raise ValueError(f"type_of_number goes with the explicit plans only, not {self.plan.name}")

    def __str__(self) -> str:
        return self.number


_EXPLICIT_PLANS = (NumberingPlan.explicitPublic, NumberingPlan.explicitPrivate)
_TEXT_PLAN_TAGS = {
    0x80: NumberingPlan.dialingNumber,
    0x82: NumberingPlan.implicitPublic,
    0x84: NumberingPlan.implicitPrivate,
    0x86: NumberingPlan.other,
}
_EXPLICIT_PLAN_TAGS = {0xA3: NumberingPlan.explicitPublic, 0xA5: NumberingPlan.explicitPrivate}


def _device_identifier(buf: bytes, tag: int, start: int, end: int) -> tuple[str, NumberingPlan, int | None]:
    """The deviceIdentifier CHOICE alternative at buf[start:end] as (number, plan, type of number)."""
    plan = _TEXT_PLAN_TAGS.get(tag)
    if plan is not None:
        return buf[start:end].decode("latin-1"), plan, None
    if tag == 0x81:
        return str(decode_int(buf, start, end)), NumberingPlan.deviceNumber, None
    plan = _EXPLICIT_PLAN_TAGS.get(tag)
    if plan is not None:
        kids = children(buf, start, end)
        if len(kids) != 1 or not 0x80 <= kids[0][0] <= 0x86:
            raise MalformedPDU("type of number is not one IMPLICIT string alternative", start)
        ton, s, e = kids[0]
        return buf[s:e].decode("latin-1"), plan, ton & 0x1F
    raise MalformedPDU(f"unknown deviceIdentifier alternative {describe_tag(tag)}", start)


def _device_identifier_tlv(device: DeviceId) -> bytes:
    if device.plan == NumberingPlan.deviceNumber:
        return tlv(0x81, encode_int(int(device.number)))
    text = encode_text(device.number)
    if device.type_of_number is not None:
        return tlv(0xA0 | device.plan, tlv(0x80 | device.type_of_number, text))
    return tlv(0x80 | device.plan, text)


class _DeviceIdCodec(Codec[DeviceId]):
    tags = frozenset((SEQUENCE,))

    def __init__(self) -> None:
        self._memo: _Memo[DeviceId] = _Memo()

    def decode(self, buf: bytes, tag: int, start: int, end: int) -> DeviceId:
        key = bytes(buf[start:end])
        hit = self._memo.values.get(key)
        if hit is not None:
            return hit
        return self._memo.put(key, self._decode(buf, start, end))

    def _decode(self, buf: bytes, start: int, end: int) -> DeviceId:
        kids = children(buf, start, end)
        if not kids:
            raise MalformedPDU("DeviceID without a deviceIdentifier", start)
        itag, s, e = kids[0]
        try:
            number, plan, ton = _device_identifier(buf, itag, s, e)
        except MalformedPDU as err:
            raise err.within("device_identifier") from None
        if len(kids) == 1:
            return DeviceId(number=number, plan=plan, type_of_number=ton)
        unknown = tuple(Tlv(t, bytes(buf[a:b])) for t, a, b in kids[1:])
        return DeviceId(number=number, plan=plan, type_of_number=ton, unknown=unknown)

    def encode(self, value: DeviceId) -> bytes:
        body = _device_identifier_tlv(value)
        if value.unknown:
            body += b"".join(t.encode() for t in value.unknown)
        return tlv(SEQUENCE, body)


DEVICE_ID: Codec[DeviceId] = _DeviceIdCodec()

ExtendedDevice = DeviceId | DeviceAbsence
"""A wrapped device id (CallingDeviceID, SubjectDeviceID, …): a device, or why there is none."""


class WrappedDevice(Codec[ExtendedDevice]):
    """`[APPLICATION n] CHOICE { deviceIdentifier DeviceID, (bare ExtendedDeviceID alternatives),
    notKnown [7] IMPLICIT NULL, restricted [8] IMPLICIT NULL, notSpecified [9] IMPLICIT NULL }`."""

    def __init__(self, tag: int) -> None:
        self.tag = tag
        self.tags = frozenset((tag,))
        self._memo: _Memo[ExtendedDevice] = _Memo()

    def decode(self, buf: bytes, tag: int, start: int, end: int) -> ExtendedDevice:
        key = bytes(buf[start:end])
        hit = self._memo.values.get(key)
        if hit is not None:
            return hit
        return self._memo.put(key, self._decode(buf, start, end))

    def _decode(self, buf: bytes, start: int, end: int) -> ExtendedDevice:
        kids = children(buf, start, end)
        if len(kids) != 1:
            raise MalformedPDU(f"device id holds {len(kids)} elements (must be 1)", start)
        itag, s, e = kids[0]
        if itag == SEQUENCE:
            return DEVICE_ID.decode(buf, itag, s, e)
        if 0x87 <= itag <= 0x89:
            decode_null(buf, s, e)
            return DeviceAbsence(itag & 0x1F)
        number, plan, ton = _device_identifier(buf, itag, s, e)
        return DeviceId(number=number, plan=plan, type_of_number=ton)

    def encode(self, value: ExtendedDevice) -> bytes:
        if isinstance(value, DeviceAbsence):
            return tlv(self.tag, bytes((0x80 | value, 0)))
        return tlv(self.tag, DEVICE_ID.encode(value))


CALLING_DEVICE = WrappedDevice(0x61)
CALLED_DEVICE = WrappedDevice(0x62)
SUBJECT_DEVICE = WrappedDevice(0x63)
REDIRECTION_DEVICE = WrappedDevice(0x64)
ASSOCIATED_CALLING_DEVICE = WrappedDevice(0x65)
ASSOCIATED_CALLED_DEVICE = WrappedDevice(0x66)
NETWORK_CALLING_DEVICE = WrappedDevice(0x67)
NETWORK_CALLED_DEVICE = WrappedDevice(0x68)


@dataclass(frozen=True, slots=True, kw_only=True)
class DynamicDeviceId:
    """LocalDeviceID's dynamicID alternative: an opaque switch-assigned id."""

    value: bytes


LocalDeviceId = DeviceId | DynamicDeviceId


@dataclass(frozen=True, slots=True, kw_only=True)
class ConnectionId:
    """ConnectionID: a call id, a device id, or both (HiPath sends both, with 2-byte call ids)."""

    call_id: bytes | None = None
    device_id: LocalDeviceId | None = None

    def __post_init__(self) -> None:
        if self.call_id is None and self.device_id is None:
            raise ValueError("a ConnectionID needs a call id, a device id or both")


def _local_device(buf: bytes, start: int, end: int) -> LocalDeviceId:
    kids = children(buf, start, end)
    if len(kids) != 1:
        raise MalformedPDU(f"LocalDeviceID holds {len(kids)} elements (must be 1)", start)
    tag, s, e = kids[0]
    if tag == SEQUENCE:
        return DEVICE_ID.decode(buf, tag, s, e)
    if tag == 0x83:
        return DynamicDeviceId(value=bytes(buf[s:e]))
    raise MalformedPDU(f"unknown LocalDeviceID alternative {describe_tag(tag)}", s)


def _local_device_tlv(device: LocalDeviceId) -> bytes:
    if isinstance(device, DynamicDeviceId):
        return tlv(0xA1, tlv(0x83, device.value))
    return tlv(0xA1, DEVICE_ID.encode(device))


class ConnectionIdCodec(Codec[ConnectionId]):
    """`[APPLICATION 11] CHOICE { callID [0], deviceID [1], both SEQUENCE {…} }` (or re-tagged)."""

    def __init__(self, tag: int = 0x6B) -> None:
        self.tag = tag
        self.tags = frozenset((tag,))
        self._memo: _Memo[ConnectionId] = _Memo()

    def decode(self, buf: bytes, tag: int, start: int, end: int) -> ConnectionId:
        key = bytes(buf[start:end])
        hit = self._memo.values.get(key)
        if hit is not None:
            return hit
        return self._memo.put(key, self._decode(buf, start, end))

    def _decode(self, buf: bytes, start: int, end: int) -> ConnectionId:
        kids = children(buf, start, end)
        if len(kids) != 1:
            raise MalformedPDU(f"ConnectionID holds {len(kids)} elements (must be 1)", start)
        itag, s, e = kids[0]
        if itag == SEQUENCE:
            call_id: bytes | None = None
            device: LocalDeviceId | None = None
            for t, a, b in children(buf, s, e):
                if t == 0x80 and call_id is None:
                    call_id = bytes(buf[a:b])
                elif t == 0xA1 and device is None:
                    try:
                        device = _local_device(buf, a, b)
                    except MalformedPDU as err:
                        raise err.within("device_id") from None
                else:
                    raise MalformedPDU(f"unexpected tag {describe_tag(t)} in ConnectionID both", a)
            if call_id is None or device is None:
                raise MalformedPDU("ConnectionID both without its call id and device id", s)
            return ConnectionId(call_id=call_id, device_id=device)
        if itag == 0x80:
            return ConnectionId(call_id=bytes(buf[s:e]))
        if itag == 0xA1:
            try:
                return ConnectionId(device_id=_local_device(buf, s, e))
            except MalformedPDU as err:
                raise err.within("device_id") from None
        raise MalformedPDU(f"unknown ConnectionID alternative {describe_tag(itag)}", s)

    def encode(self, value: ConnectionId) -> bytes:
        if value.device_id is None:
            assert value.call_id is not None
            return tlv(self.tag, tlv(0x80, value.call_id))
        device = _local_device_tlv(value.device_id)
        if value.call_id is None:
            return tlv(self.tag, device)
        return tlv(self.tag, tlv(SEQUENCE, tlv(0x80, value.call_id) + device))


CONNECTION_ID = ConnectionIdCodec()

MONITOR_CROSS_REF: Primitive[bytes] = OCTETS.implicit(0x55)
"""MonitorCrossRefID ::= [APPLICATION 21] IMPLICIT OCTET STRING (opaque; 00 00 occurs)."""

LOCAL_CONNECTION_STATE = enumerated(LocalConnectionState, 0x4E)
EVENT_CAUSE = enumerated(EventCause)
SYSTEM_STATUS_VALUE = enumerated(SystemStatus)
FORWARDING_TYPE = enumerated(ForwardingType)
FORWARD_DEFAULT = enumerated(ForwardDefault)


# --- CSTACommonArguments: security (HiPath's timestamp) and private data ---------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class SecurityData:
    """CSTASecurityData; HiPath sends only the timestamp (a zone-less GeneralizedTime)."""

    message_sequence_number: int | None = None
    timestamp: _dt.datetime | None = None
    security_info: Tlv | None = None
    unknown: RawTlvs = ()


SECURITY_DATA: Sequence[SecurityData] = Sequence(
    SecurityData,
    [
        ("message_sequence_number", INT.implicit(0x80)),
        ("timestamp", TIME),
        ("security_info", Raw(0x30)),
    ],
    tag=0xA0,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class CommonArguments:
    """CSTACommonArguments `[APPLICATION 30]`: the `extensions` of every argument, result and event."""

    security: SecurityData | None = None
    private_data: Tlv | None = None
    """CSTAPrivateData `[1]`, kept raw: it is the vendor's own encoding."""
    unknown: RawTlvs = ()


COMMON_ARGUMENTS: Sequence[CommonArguments] = Sequence(
    CommonArguments,
    [
        ("security", SECURITY_DATA),
        ("private_data", Raw(0xA1, 0x81)),
    ],
    tag=0x7E,
)


# --- monitor filter --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class MonitorFilter:
    """MonitorFilter: per category, a BIT STRING whose set bits SUPPRESS events. Empty = all events."""

    call_control: BitString | None = None
    call_associated: BitString | None = None
    media_attachment: BitString | None = None
    physical_device_feature: BitString | None = None
    logical_device_feature: BitString | None = None
    maintenance: BitString | None = None
    voice_unit: BitString | None = None
    private: BitString | None = None
    unknown: RawTlvs = ()


MONITOR_FILTER: Sequence[MonitorFilter] = Sequence(
    MonitorFilter,
    [
        ("call_control", BITS.implicit(0x80)),
        ("call_associated", BITS.implicit(0x86)),
        ("media_attachment", BITS.implicit(0x87)),
        ("physical_device_feature", BITS.implicit(0x88)),
        ("logical_device_feature", BITS.implicit(0x89)),
        ("maintenance", BITS.implicit(0x83)),
        ("voice_unit", BITS.implicit(0x85)),
        ("private", BITS.implicit(0x84)),
    ],
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ConnectionListItem:
    """One entry of a ConnectionList (transferred/conferenced events, transfer/conference results)."""

    new_connection: ConnectionId | None = None
    old_connection: ConnectionId | None = None
    endpoint: ExtendedDevice | None = None
    associated_nid: Tlv | None = None
    resulting_nid: Tlv | None = None
    unknown: RawTlvs = ()


class _EndpointCodec(Codec[ExtendedDevice]):
    """`endpoint [2] CHOICE { deviceID DeviceID, notKnown NULL }`."""

    tags = frozenset((0xA2,))

    def decode(self, buf: bytes, tag: int, start: int, end: int) -> ExtendedDevice:
        kids = children(buf, start, end)
        if len(kids) == 1 and kids[0][0] == NULL:
            decode_null(buf, kids[0][1], kids[0][2])
            return DeviceAbsence.notKnown
        if len(kids) == 1 and kids[0][0] == SEQUENCE:
            return DEVICE_ID.decode(buf, SEQUENCE, kids[0][1], kids[0][2])
        raise MalformedPDU("endpoint is neither a DeviceID nor NULL", start)

    def encode(self, value: ExtendedDevice) -> bytes:
        if isinstance(value, DeviceAbsence):
            return tlv(0xA2, b"\x05\x00")
        return tlv(0xA2, DEVICE_ID.encode(value))


CONNECTION_LIST_ITEM: Sequence[ConnectionListItem] = Sequence(
    ConnectionListItem,
    [
        ("new_connection", Explicit(0xA0, CONNECTION_ID)),
        ("old_connection", Explicit(0xA1, CONNECTION_ID)),
        ("endpoint", _EndpointCodec()),
        ("associated_nid", Raw(0xA3)),
        ("resulting_nid", Raw(0xA4)),
    ],
)
CONNECTION_LIST: SequenceOf[ConnectionListItem] = SequenceOf(CONNECTION_LIST_ITEM)
