"""Golden bytes: the worked encodings of docs/csta.md and one PDU of every kind, both directions."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.cti.acse import AARE, AARQ, ABRT, RLRE, RLRQ, VERSION_FIVE, AbortSource, AssociateResult
from tandem.cti.ber import Tlv
from tandem.cti.events import (
    ConferencedEvent,
    ConnectionClearedEvent,
    DeliveredEvent,
    DoNotDisturbEvent,
    EstablishedEvent,
    EventReport,
    TransferredEvent,
    UnknownEvent,
)
from tandem.cti.pdu import Pdu, decode_pdu, encode_pdu
from tandem.cti.rose import (
    MISTYPED_PDU,
    UNRECOGNIZED_OPERATION,
    ErrorCategory,
    Invoke,
    Reject,
    ReturnError,
    ReturnResult,
    UniversalFailure,
)
from tandem.cti.services import (
    MAKE_CALL,
    MONITOR_START,
    SNAPSHOT_DEVICE,
    SYSTEM_STATUS,
    MakeCallArgument,
    MonitorStartArgument,
    MonitorStartResult,
    NoData,
    SnapshotDeviceResponseInfo,
    SnapshotDeviceResult,
    SystemStatusArgument,
)
from tandem.cti.types import (
    CommonArguments,
    ConnectionId,
    DeviceAbsence,
    DeviceId,
    EventCause,
    LocalConnectionState,
    SecurityData,
    SystemStatus,
)


def T(tag: str, *parts: str) -> str:
    """A TLV in hex, built by hand (short-form lengths) so the goldens do not depend on the encoder."""
    body = "".join(p.replace(" ", "") for p in parts)
    length = len(body) // 2
    assert length < 128
    return tag + f"{length:02x}" + body


def ia5(text: str) -> str:
    return text.encode().hex()


def dev(number: str) -> str:
    return T("30", T("80", ia5(number)))


def both(call_id: str, number: str) -> str:
    return T("6b", T("30", T("80", call_id), T("a1", dev(number))))


TIMESTAMP = T("7e", T("a0", T("18", ia5("20121207193401"))))
HIPATH_EXTENSIONS = CommonArguments(security=SecurityData(timestamp=dt.datetime(2012, 12, 7, 19, 34, 1)))


def event_report(invoke_id: str, category: str, event: str) -> str:
    return T("a1", T("02", invoke_id), "020115", T("30", T("55", "0001"), T(category, event)))


def conn(call_id: bytes, number: str) -> ConnectionId:
    return ConnectionId(call_id=call_id, device_id=DeviceId(number=number))


GOLDEN: list[tuple[str, str, Pdu]] = [
    # docs/csta.md §7, verbatim
    (
        "monitorStart invoke",
        "a1 0f 02 01 02 02 01 47 30 07 30 05 80 03 31 30 30",
        Invoke(
            invoke_id=2,
            opcode=MONITOR_START,
            argument=MonitorStartArgument(monitor_object=DeviceId(number="100")),
        ),
    ),
    (
        "monitorStart result",
        "a2 0e 02 01 02 30 09 02 01 47 30 04 55 02 00 01",
        ReturnResult(
            invoke_id=2, opcode=MONITOR_START, result=MonitorStartResult(cross_ref_identifier=b"\0\1")
        ),
    ),
    (
        "PBX systemStatus invoke",
        "a1 0c 02 01 01 02 02 00 d3 30 03 0a 01 02",
        Invoke(
            invoke_id=1,
            opcode=SYSTEM_STATUS,
            argument=SystemStatusArgument(system_status=SystemStatus.normal),
        ),
    ),
    (
        "systemStatus result",
        "a2 0b 02 01 01 30 06 02 02 00 d3 05 00",
        ReturnResult(invoke_id=1, opcode=SYSTEM_STATUS, result=NoData()),
    ),
    (
        "makeCall invoke",
        "a1 16 02 01 03 02 01 0a 30 0e 30 05 80 03 31 30 30 30 05 80 03 32 30 30",
        Invoke(
            invoke_id=3,
            opcode=MAKE_CALL,
            argument=MakeCallArgument(
                calling_device=DeviceId(number="100"), called_directory_number=DeviceId(number="200")
            ),
        ),
    ),
    (
        "reject unrecognizedOperation",
        "a4 06 02 01 14 81 01 01",
        Reject(invoke_id=20, problem=UNRECOGNIZED_OPERATION),
    ),
    # one of every other kind
    (
        "AARQ Siemens",
        T(
            "60",
            T("a1", "06 05 2b 0c 00 81 5a"),
            "8a 02 06 80",
            T("ac", T("a2", T("a0", T("04", ia5("AMHOST")), T("04", ia5("77777"))))),
            "be 0b 28 09 a0 07 a0 05 03 03 00 10 00",
        ),
        AARQ(auth_name=b"AMHOST", password=b"77777"),
    ),
    (
        "AARQ Panasonic",
        T(
            "60",
            T("a1", "06 05 2b 0c 00 81 5a"),
            T("be", T("28", T("06", "2b 0c 00 82 1d 81 48"), "a0 07 a0 05 03 03 00 08 00")),
        ),
        AARQ(csta_version=VERSION_FIVE, user_information_oid="1.3.12.0.285.200"),
    ),
    ("AARE accepted", "61 15 a1 07 06 05 2b 0c 00 81 5a a2 03 02 01 00 a3 05 a1 03 02 01 00", AARE()),
    (
        "AARE authentication failure",
        "61 15 a1 07 06 05 2b 0c 00 81 5a a2 03 02 01 01 a3 05 a1 03 02 01 0d",
        AARE(result=AssociateResult.rejectedPermanent, diagnostic=13),
    ),
    ("RLRQ", "62 03 80 01 00", RLRQ(reason=0)),
    ("RLRE", "63 03 80 01 00", RLRE(reason=0)),
    ("ABRT", "64 06 80 01 01 81 01 01", ABRT(source=AbortSource.serviceProvider, diagnostic=1)),
    ("returnResult without result", "a2 03 02 01 07", ReturnResult(invoke_id=7)),
    (
        "universalFailure invalidDeviceID",
        "a3 09 02 01 05 02 01 01 80 01 0c",
        ReturnError(invoke_id=5, parameter=UniversalFailure(category=ErrorCategory.operation, value=12)),
    ),
    (
        "universalFailure noCallToAnswer",
        "a3 09 02 01 06 02 01 01 82 01 08",
        ReturnError(
            invoke_id=6,
            parameter=UniversalFailure.named(ErrorCategory.stateIncompatibility, "noCallToAnswer"),
        ),
    ),
    ("reject without invoke id", "a4 05 05 00 80 01 01", Reject(invoke_id=None, problem=MISTYPED_PDU)),
    (
        "HiPath delivered",
        event_report(
            "01 2c",
            "a0",
            T(
                "a4",
                both("001a", "548"),
                T("63", dev("548")),
                T("61", dev("01761234")),
                T("62", dev("548")),
                "64 02 88 00",
                "4e 01 02",
                "0a 01 16",
                TIMESTAMP,
            ),
        ),
        Invoke(
            invoke_id=300,
            opcode=21,
            argument=EventReport(
                cross_ref_identifier=b"\0\1",
                event=DeliveredEvent(
                    connection=conn(b"\0\x1a", "548"),
                    alerting_device=DeviceId(number="548"),
                    calling_device=DeviceId(number="01761234"),
                    called_device=DeviceId(number="548"),
                    last_redirection_device=DeviceAbsence.restricted,
                    local_connection_info=LocalConnectionState.alerting,
                    cause=EventCause.newCall,
                    extensions=HIPATH_EXTENSIONS,
                ),
            ),
        ),
    ),
    (
        "HiPath established",
        event_report(
            "01 2d",
            "a0",
            T(
                "a7",
                both("001a", "548"),
                T("63", dev("548")),
                T("61", dev("01761234")),
                T("62", dev("548")),
                "64 02 87 00",
                "4e 01 03",
                "0a 01 16",
                TIMESTAMP,
            ),
        ),
        Invoke(
            invoke_id=301,
            opcode=21,
            argument=EventReport(
                cross_ref_identifier=b"\0\1",
                event=EstablishedEvent(
                    established_connection=conn(b"\0\x1a", "548"),
                    answering_device=DeviceId(number="548"),
                    calling_device=DeviceId(number="01761234"),
                    called_device=DeviceId(number="548"),
                    last_redirection_device=DeviceAbsence.notKnown,
                    local_connection_info=LocalConnectionState.connected,
                    cause=EventCause.newCall,
                    extensions=HIPATH_EXTENSIONS,
                ),
            ),
        ),
    ),
    (
        "HiPath connectionCleared",
        event_report(
            "01 2e",
            "a0",
            T("a3", both("001a", "01761234"), T("63", dev("01761234")), "4e 01 00", "0a 01 30", TIMESTAMP),
        ),
        Invoke(
            invoke_id=302,
            opcode=21,
            argument=EventReport(
                cross_ref_identifier=b"\0\1",
                event=ConnectionClearedEvent(
                    dropped_connection=conn(b"\0\x1a", "01761234"),
                    releasing_device=DeviceId(number="01761234"),
                    local_connection_info=LocalConnectionState.null,
                    cause=EventCause.normalClearing,
                    extensions=HIPATH_EXTENSIONS,
                ),
            ),
        ),
    ),
    (
        "doNotDisturb event",
        event_report("05", "a4", T("ab", T("63", dev("100")), "01 01 ff")),
        Invoke(
            invoke_id=5,
            opcode=21,
            argument=EventReport(
                cross_ref_identifier=b"\0\1",
                event=DoNotDisturbEvent(device=DeviceId(number="100"), do_not_disturb_on=True),
            ),
        ),
    ),
    (
        "unknown event kept raw",
        event_report("06", "a2", T("a1", "05 00")),
        Invoke(
            invoke_id=6,
            opcode=21,
            argument=EventReport(
                cross_ref_identifier=b"\0\1",
                event=UnknownEvent(category=2, number=1, value=Tlv(0xA1, b"\x05\x00")),
            ),
        ),
    ),
    (
        "snapshotDevice result",
        T(
            "a2",
            "02 01 09",
            T("30", "02 01 4a", T("30", T("76", T("30", both("0021", "100"), T("a0", "4e 01 03"))))),
        ),
        ReturnResult(
            invoke_id=9,
            opcode=SNAPSHOT_DEVICE,
            result=SnapshotDeviceResult(
                snapshot_data=(
                    SnapshotDeviceResponseInfo(
                        connection_identifier=conn(b"\0\x21", "100"),
                        local_call_state=(LocalConnectionState.connected,),
                    ),
                )
            ),
        ),
    ),
]


@pytest.mark.parametrize(("name", "hex_bytes", "pdu"), GOLDEN, ids=[g[0] for g in GOLDEN])
def test_golden_bytes_decode_and_encode_identically(name: str, hex_bytes: str, pdu: Pdu) -> None:
    raw = bytes.fromhex(hex_bytes.replace(" ", ""))
    assert decode_pdu(raw) == pdu
    assert encode_pdu(pdu).hex() == raw.hex()


def test_every_pdu_kind_has_a_golden() -> None:
    kinds = {type(g[2]) for g in GOLDEN}
    assert kinds == {Invoke, ReturnResult, ReturnError, Reject, AARQ, AARE, RLRQ, RLRE, ABRT}


def test_unknown_fields_and_private_data_are_kept_not_fatal() -> None:
    # delivered with an unknown [PRIVATE 5] element and a private-data [1] in the extensions
    raw = bytes.fromhex(
        event_report(
            "07",
            "a0",
            T(
                "a4",
                both("001a", "548"),
                T("63", dev("548")),
                T("61", dev("200")),
                T("62", dev("548")),
                "64 02 88 00",
                "0a 01 16",
                "c5 02 ab cd",
                T("7e", T("a1", "04 03 01 02 03")),
            ),
        )
    )
    pdu = decode_pdu(raw)
    assert isinstance(pdu, Invoke) and isinstance(pdu.argument, EventReport)
    event = pdu.argument.event
    assert isinstance(event, DeliveredEvent)
    assert [(t.tag, t.value) for t in event.unknown] == [(0xC5, b"\xab\xcd")]
    assert event.extensions is not None and event.extensions.private_data is not None
    assert event.extensions.private_data.value == bytes.fromhex("0403010203")
    # unknown elements are re-encoded after the known ones: same value, elements reordered
    assert decode_pdu(encode_pdu(pdu)) == pdu


def test_transferred_and_conferenced_as_hipath_shapes_them() -> None:
    a, b = both("001a", "548"), both("001b", "200")
    old = T("a0", T("30", T("80", "001b"), T("a1", dev("200"))))  # secondaryOldCall [0] IMPLICIT
    item = T("30", T("a0", a), T("a1", b), T("a2", dev("300")))
    transferred = event_report(
        "08", "a0", T("b1", a, old, T("63", dev("548")), T("63", dev("300")), T("a1", item), "0a 01 20")
    )
    pdu = decode_pdu(bytes.fromhex(transferred.replace(" ", "")))
    assert isinstance(pdu, Invoke) and isinstance(pdu.argument, EventReport)
    event = pdu.argument.event
    assert isinstance(event, TransferredEvent)
    assert event.secondary_old_call == conn(b"\0\x1b", "200")
    assert event.transferred_connections[0].endpoint == DeviceId(number="300")
    assert event.cause == EventCause.transfer
    assert encode_pdu(pdu).hex() == transferred.replace(" ", "")
    # conferenced with its extensions under [5] (docs/csta.md) is read as the extensions
    conferenced = event_report(
        "09",
        "a0",
        T(
            "a2",
            a,
            T("63", dev("548")),
            T("63", dev("300")),
            T("30", item),
            "0a 01 3f",
            T("a5", T("a0", T("18", ia5("20121207193401")))),
        ),
    )
    pdu = decode_pdu(bytes.fromhex(conferenced.replace(" ", "")))
    assert isinstance(pdu, Invoke) and isinstance(pdu.argument, EventReport)
    assert isinstance(pdu.argument.event, ConferencedEvent)
    assert pdu.argument.event.extensions == HIPATH_EXTENSIONS
    assert pdu.argument.event.cause == EventCause.conference
