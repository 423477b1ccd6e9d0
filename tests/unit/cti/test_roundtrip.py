"""Property tests: every argument, result and event type (and the ACSE PDUs) survives encode → decode.

Values are generated from the schemas themselves (each field's codec and type), so a new field or
type is covered without touching this file; unknown elements use tags no schema knows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import types
import typing
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.cti import acse, events, services
from tandem.cti.ber import PRIVATE, BitString, Tlv, tag_key
from tandem.cti.codec import Codec, Explicit, Primitive, Raw, Sequence, SequenceOf
from tandem.cti.events import EventReport
from tandem.cti.pdu import decode_pdu, encode_pdu
from tandem.cti.rose import ErrorCategory, Invoke, ReturnError, ReturnResult, UniversalFailure
from tandem.cti.types import (
    DEVICE_ID,
    ConnectionId,
    ConnectionIdCodec,
    DeviceAbsence,
    DeviceId,
    DynamicDeviceId,
    NumberingPlan,
    WrappedDevice,
)

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

UNKNOWN_TAGS = [tag_key(PRIVATE, False, 77), tag_key(PRIVATE, True, 78)]
unknown_tlvs = st.lists(st.builds(Tlv, st.sampled_from(UNKNOWN_TAGS), st.binary(max_size=4)), max_size=1).map(
    tuple
)
text = st.text(st.characters(max_codepoint=255), max_size=8)
octets = st.binary(max_size=6)
bit_strings = st.builds(BitString.of, st.frozensets(st.integers(0, 23), max_size=4), st.integers(0, 24))
times = st.one_of(
    st.datetimes(min_value=dt.datetime(1000, 1, 1), max_value=dt.datetime(9999, 12, 31)),
    st.datetimes(
        min_value=dt.datetime(1000, 1, 2),
        max_value=dt.datetime(9999, 12, 30),
        timezones=st.just(dt.timezone.utc),
    ),
)

device_ids = st.one_of(
    st.builds(lambda n, u: DeviceId(number=n, unknown=u), st.text("0123456789*#", max_size=12), unknown_tlvs),
    st.builds(
        lambda n, p: DeviceId(number=n, plan=p),
        text,
        st.sampled_from([NumberingPlan.implicitPublic, NumberingPlan.implicitPrivate, NumberingPlan.other]),
    ),
    st.builds(lambda n: DeviceId(number=str(n), plan=NumberingPlan.deviceNumber), st.integers(-999, 10**12)),
    st.builds(
        lambda n, p, t: DeviceId(number=n, plan=p, type_of_number=t),
        text,
        st.sampled_from([NumberingPlan.explicitPublic, NumberingPlan.explicitPrivate]),
        st.integers(0, 6),
    ),
)
extended_devices = st.one_of(device_ids, st.sampled_from(DeviceAbsence))
local_devices = st.one_of(device_ids, st.builds(DynamicDeviceId, value=octets))
connection_ids = st.one_of(
    st.builds(ConnectionId, call_id=octets),
    st.builds(ConnectionId, device_id=local_devices),
    st.builds(ConnectionId, call_id=octets, device_id=local_devices),
)


def _non_none(hint: Any) -> list[Any]:
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return [a for a in typing.get_args(hint) if a is not type(None)]
    return [hint]


def _for_primitive(hint: Any) -> st.SearchStrategy[Any]:
    args = _non_none(hint)
    enums = [a for a in args if isinstance(a, type) and issubclass(a, enum.Enum)]
    if enums:
        return st.one_of(st.sampled_from(enums[0]), st.integers(0, 300))
    kind = args[0]
    table: dict[Any, st.SearchStrategy[Any]] = {
        bool: st.booleans(),
        int: st.integers(-(2**40), 2**40),
        str: text,
        bytes: octets,
        dt.datetime: times,
        BitString: bit_strings,
    }
    return table[kind]


def _snapshot_infos() -> st.SearchStrategy[Any]:
    def build(
        conn: ConnectionId,
        states: tuple[Any, ...],
        simple: int | None,
        services_permitted: Any,
        media: Any,
        unknown: tuple[Tlv, ...],
    ) -> services.SnapshotDeviceResponseInfo:
        return services.SnapshotDeviceResponseInfo(
            connection_identifier=conn,
            local_call_state=() if simple is not None else states,
            simple_call_state=simple,
            services_permitted=services_permitted,
            media_service_info_list=media,
            unknown=unknown,
        )

    lcs = st.one_of(st.sampled_from(services.LocalConnectionState), st.integers(0, 100))
    return st.builds(
        build,
        connection_ids,
        st.lists(lcs, max_size=3).map(tuple),
        st.none() | st.integers(0, 255),
        st.none() | st.builds(Tlv, st.just(0xA3), octets),
        st.none() | st.builds(Tlv, st.just(0xA4), octets),
        unknown_tlvs,
    )


def for_codec(codec: Codec[Any], hint: Any) -> st.SearchStrategy[Any]:
    """A strategy for values that `codec` encodes, guided by the field's type hint."""
    if isinstance(codec, Raw):
        return st.builds(Tlv, st.sampled_from(sorted(codec.tags)), octets)
    if isinstance(codec, Sequence):
        return for_dataclass(codec)
    if isinstance(codec, SequenceOf):
        inner_hint = typing.get_args(_non_none(hint)[0])[0]
        return st.lists(for_codec(codec.inner, inner_hint), max_size=2).map(tuple)
    if isinstance(codec, Explicit):
        return for_codec(codec.inner, hint)
    if codec is DEVICE_ID:
        return device_ids
    if isinstance(codec, WrappedDevice):
        return extended_devices
    if isinstance(codec, ConnectionIdCodec):
        return connection_ids
    name = type(codec).__name__
    if name == "_EndpointCodec":
        return st.one_of(device_ids, st.just(DeviceAbsence.notKnown))
    if name == "MonitorObjectCodec":
        return st.one_of(device_ids, connection_ids)
    if name == "_SnapshotDeviceResponseInfoCodec":
        return _snapshot_infos()
    if codec is services.NO_DATA:
        return st.builds(services.NoData, extensions=st.none() | for_codec(services.COMMON_ARGUMENTS, None))
    assert isinstance(codec, Primitive), f"no strategy for {codec!r}"
    return _for_primitive(hint)


def for_dataclass(codec: Sequence[Any]) -> st.SearchStrategy[Any]:
    cls = codec.cls
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    kwargs: dict[str, st.SearchStrategy[Any]] = {"unknown": unknown_tlvs}
    for name, field_codec in zip(codec._names, codec._codecs, strict=True):
        strategy = st.deferred(lambda c=field_codec, h=hints[name]: for_codec(c, h))
        optional = fields[name].default is None
        kwargs[name] = st.none() | strategy if optional else strategy
    return st.builds(cls, **kwargs)


ARGUMENT_TYPES = sorted(services.ARGUMENT_CODECS, key=lambda c: c.__name__)
RESULT_TYPES = sorted(services.RESULT_CODECS, key=lambda c: c.__name__)
EVENT_TYPES = sorted(events.EVENT_TYPES.items())
_OPCODE_BY_ARGUMENT = {op.argument: op.opcode for op in services.OPERATIONS.values() if op.argument}
_OPCODE_BY_RESULT = {op.result: op.opcode for op in services.OPERATIONS.values() if op.result}


def _round_trip(pdu: Any) -> None:
    encoded = encode_pdu(pdu)
    decoded = decode_pdu(encoded)
    assert decoded == pdu
    assert encode_pdu(decoded) == encoded


@pytest.mark.parametrize("cls", ARGUMENT_TYPES, ids=lambda c: c.__name__)
@SETTINGS
@given(data=st.data(), invoke_id=st.integers(-32768, 32767))
def test_arguments_round_trip(cls: type[Any], data: st.DataObject, invoke_id: int) -> None:
    argument = data.draw(for_codec(services.ARGUMENT_CODECS[cls], cls))
    _round_trip(Invoke(invoke_id=invoke_id, opcode=_OPCODE_BY_ARGUMENT[cls], argument=argument))


@pytest.mark.parametrize("cls", RESULT_TYPES, ids=lambda c: c.__name__)
@SETTINGS
@given(data=st.data(), invoke_id=st.integers(0, 32767))
def test_results_round_trip(cls: type[Any], data: st.DataObject, invoke_id: int) -> None:
    result = data.draw(for_codec(services.RESULT_CODECS[cls], cls))
    _round_trip(ReturnResult(invoke_id=invoke_id, opcode=_OPCODE_BY_RESULT[cls], result=result))


@pytest.mark.parametrize(("name", "cls"), EVENT_TYPES, ids=[n for n, _ in EVENT_TYPES])
@SETTINGS
@given(data=st.data(), cross_ref=octets)
def test_events_round_trip(name: str, cls: type[Any], data: st.DataObject, cross_ref: bytes) -> None:
    codec = events._ENCODERS[cls][2]
    event = data.draw(for_dataclass(codec))
    report = EventReport(cross_ref_identifier=cross_ref, event=event, unknown=data.draw(unknown_tlvs))
    _round_trip(Invoke(invoke_id=1, opcode=services.CSTA_EVENT_REPORT, argument=report))
    assert events.event_name(event) == name


@SETTINGS
@given(category=st.sampled_from(ErrorCategory), value=st.integers(0, 300), invoke_id=st.integers(0, 32767))
def test_universal_failures_round_trip(category: ErrorCategory, value: int, invoke_id: int) -> None:
    failure = UniversalFailure(category=category, value=value)
    _round_trip(ReturnError(invoke_id=invoke_id, parameter=failure))


acse_pdus = st.one_of(
    st.builds(
        lambda auth, version, oid, unknown: acse.AARQ(
            auth_name=auth[0] if auth else None,
            password=auth[1] if auth else None,
            csta_version=version,
            user_information_oid=oid if version else None,
            unknown=unknown,
        ),
        st.none() | st.tuples(octets, octets),
        st.none() | bit_strings,
        st.none() | st.just("1.3.12.0.285.200"),
        unknown_tlvs,
    ),
    st.builds(
        lambda result, source, diag, version, unknown: acse.AARE(
            result=result, diagnostic_source=source, diagnostic=diag, csta_version=version, unknown=unknown
        ),
        st.sampled_from(acse.AssociateResult),
        st.sampled_from(acse.DiagnosticSource),
        st.integers(0, 20),
        st.none() | bit_strings,
        unknown_tlvs,
    ),
    st.builds(acse.RLRQ, reason=st.none() | st.integers(0, 30), unknown=unknown_tlvs),
    st.builds(acse.RLRE, reason=st.none() | st.integers(0, 30), unknown=unknown_tlvs),
    st.builds(
        acse.ABRT,
        source=st.sampled_from(acse.AbortSource),
        diagnostic=st.none() | st.integers(0, 6),
        unknown=unknown_tlvs,
    ),
)


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(pdu=acse_pdus)
def test_acse_pdus_round_trip(pdu: Any) -> None:
    _round_trip(pdu)
