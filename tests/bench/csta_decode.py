"""Benchmark: CSTA event decoding throughput, against pyasn1 decoding the same bytes in the same run.

The stream is what a busy OSBiz sends: delivered / established / connectionCleared event reports with
HiPath-style `both` connection ids, a private-data timestamp in every event, siemens framing.
Prints events/s for `tandem.cti` (PDU decode, and the whole client link: framing + decode + events)
and for pyasn1 with an equivalent hand-written schema, and the ratio. Targets: >= 30,000 events/s
and >= 5x pyasn1.

    .venv/bin/python tests/bench/csta_decode.py [--quick] [--events N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections.abc import Callable

from pyasn1.codec.ber import decoder as pyasn1_decoder
from pyasn1.type import char, namedtype, tag, univ, useful

from tandem.cti.acse import AARE
from tandem.cti.events import ConnectionClearedEvent, DeliveredEvent, EstablishedEvent, EventReport
from tandem.cti.framing import FrameReader, Framing, frame
from tandem.cti.link import CstaLink, EventReceived, Role
from tandem.cti.pdu import decode_pdu, encode_pdu
from tandem.cti.rose import Invoke
from tandem.cti.types import (
    CommonArguments,
    ConnectionId,
    DeviceAbsence,
    DeviceId,
    EventCause,
    LocalConnectionState,
    SecurityData,
)

# --- the stream ---------------------------------------------------------------------------------------


def build_stream(count: int, seed: int = 1) -> list[bytes]:
    """`count` event-report PDUs (unframed), three per call leg, HiPath style."""
    rng = random.Random(seed)
    pdus: list[bytes] = []
    invoke_id = 1
    start = dt.datetime(2012, 12, 7, 8, 0, 0)
    while len(pdus) < count:
        call_id = rng.randrange(1, 65536).to_bytes(2, "big")
        internal = str(rng.randrange(100, 600))
        external = "0" + str(rng.randrange(10**9, 10**10))
        leg = ConnectionId(call_id=call_id, device_id=DeviceId(number=internal))
        far = ConnectionId(call_id=call_id, device_id=DeviceId(number=external))
        stamp = CommonArguments(security=SecurityData(timestamp=start + dt.timedelta(seconds=len(pdus))))
        events = [
            DeliveredEvent(
                connection=leg,
                alerting_device=DeviceId(number=internal),
                calling_device=DeviceId(number=external),
                called_device=DeviceId(number=internal),
                last_redirection_device=DeviceAbsence.restricted,
                local_connection_info=LocalConnectionState.alerting,
                cause=EventCause.newCall,
                extensions=stamp,
            ),
            EstablishedEvent(
                established_connection=leg,
                answering_device=DeviceId(number=internal),
                calling_device=DeviceId(number=external),
                called_device=DeviceId(number=internal),
                last_redirection_device=DeviceAbsence.restricted,
                local_connection_info=LocalConnectionState.connected,
                cause=EventCause.newCall,
                extensions=stamp,
            ),
            ConnectionClearedEvent(
                dropped_connection=far,
                releasing_device=DeviceId(number=external),
                local_connection_info=LocalConnectionState.null,
                cause=EventCause.normalClearing,
                extensions=stamp,
            ),
        ]
        for event in events:
            report = EventReport(cross_ref_identifier=b"\x00\x01", event=event)
            pdus.append(encode_pdu(Invoke(invoke_id=invoke_id, opcode=21, argument=report)))
            invoke_id = invoke_id % 32767 + 1
    return pdus[:count]


# --- the same schema in pyasn1 ----------------------------------------------------------------------------


def _ctx(number: int, constructed: bool = False) -> tag.Tag:
    return tag.Tag(
        tag.tagClassContext, tag.tagFormatConstructed if constructed else tag.tagFormatSimple, number
    )


def _app(number: int, constructed: bool = False) -> tag.Tag:
    return tag.Tag(
        tag.tagClassApplication, tag.tagFormatConstructed if constructed else tag.tagFormatSimple, number
    )


class DeviceIdentifier(univ.Choice):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("dialingNumber", char.IA5String().subtype(implicitTag=_ctx(0))),
        namedtype.NamedType("deviceNumber", univ.Integer().subtype(implicitTag=_ctx(1))),
    )


class DeviceID(univ.Sequence):
    componentType = namedtype.NamedTypes(namedtype.NamedType("deviceIdentifier", DeviceIdentifier()))


class ExtendedDeviceID(univ.Choice):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("deviceIdentifier", DeviceID()),
        namedtype.NamedType("notKnown", univ.Null().subtype(implicitTag=_ctx(7))),
        namedtype.NamedType("restricted", univ.Null().subtype(implicitTag=_ctx(8))),
    )


def _wrapped(number: int) -> ExtendedDeviceID:
    return ExtendedDeviceID().subtype(explicitTag=_app(number, True))


class LocalDeviceID(univ.Choice):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("staticID", DeviceID()),
        namedtype.NamedType("dynamicID", univ.OctetString().subtype(implicitTag=_ctx(3))),
    )


class BothIDs(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("callID", univ.OctetString().subtype(implicitTag=_ctx(0))),
        namedtype.NamedType("deviceID", LocalDeviceID().subtype(explicitTag=_ctx(1, True))),
    )


class ConnectionIDChoice(univ.Choice):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("callID", univ.OctetString().subtype(implicitTag=_ctx(0))),
        namedtype.NamedType("deviceID", LocalDeviceID().subtype(explicitTag=_ctx(1, True))),
        namedtype.NamedType("both", BothIDs()),
    )


def _connection_id() -> ConnectionIDChoice:
    return ConnectionIDChoice().subtype(explicitTag=_app(11, True))


def _local_connection_state() -> univ.Enumerated:
    return univ.Enumerated().subtype(implicitTag=_app(14))


class SecurityDataSeq(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.OptionalNamedType("messageSequenceNumber", univ.Integer().subtype(implicitTag=_ctx(0))),
        namedtype.OptionalNamedType("timestamp", useful.GeneralizedTime()),
    )


class CommonArgumentsSeq(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.OptionalNamedType("security", SecurityDataSeq().subtype(implicitTag=_ctx(0, True))),
        namedtype.OptionalNamedType("privateData", univ.OctetString().subtype(implicitTag=_ctx(1))),
    )


def _extensions() -> CommonArgumentsSeq:
    return CommonArgumentsSeq().subtype(implicitTag=_app(30, True))


def _party_event(connection: str, subject: str) -> type[univ.Sequence]:
    class PartyEvent(univ.Sequence):
        componentType = namedtype.NamedTypes(
            namedtype.NamedType(connection, _connection_id()),
            namedtype.NamedType(subject, _wrapped(3)),
            namedtype.NamedType("callingDevice", _wrapped(1)),
            namedtype.NamedType("calledDevice", _wrapped(2)),
            namedtype.NamedType("lastRedirectionDevice", _wrapped(4)),
            namedtype.OptionalNamedType("localConnectionInfo", _local_connection_state()),
            namedtype.NamedType("cause", univ.Enumerated()),
            namedtype.OptionalNamedType("extensions", _extensions()),
        )

    return PartyEvent


DeliveredSeq = _party_event("connection", "alertingDevice")
EstablishedSeq = _party_event("establishedConnection", "answeringDevice")


class ConnectionClearedSeq(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("droppedConnection", _connection_id()),
        namedtype.NamedType("releasingDevice", _wrapped(3)),
        namedtype.OptionalNamedType("localConnectionInfo", _local_connection_state()),
        namedtype.NamedType("cause", univ.Enumerated()),
        namedtype.OptionalNamedType("extensions", _extensions()),
    )


class CallControlEvents(univ.Choice):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("connectionCleared", ConnectionClearedSeq().subtype(implicitTag=_ctx(3, True))),
        namedtype.NamedType("delivered", DeliveredSeq().subtype(implicitTag=_ctx(4, True))),
        namedtype.NamedType("established", EstablishedSeq().subtype(implicitTag=_ctx(7, True))),
    )


class EventSpecificInfo(univ.Choice):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("callControlEvents", CallControlEvents().subtype(explicitTag=_ctx(0, True))),
    )


class EventReportArgument(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("crossRefIdentifier", univ.OctetString().subtype(implicitTag=_app(21))),
        namedtype.NamedType("eventSpecificInfo", EventSpecificInfo()),
    )


class InvokePDU(univ.Sequence):
    tagSet = univ.Sequence.tagSet.tagImplicitly(_ctx(1, True))
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("invokeId", univ.Integer()),
        namedtype.NamedType("opcode", univ.Integer()),
        namedtype.NamedType("argument", EventReportArgument()),
    )


# --- measuring -----------------------------------------------------------------------------------------


def tandem_decode(pdus: list[bytes]) -> int:
    count = 0
    for pdu in pdus:
        decoded = decode_pdu(pdu)
        count += isinstance(decoded, Invoke)
    return count


def tandem_link(stream: bytes) -> int:
    """The whole client path: framing, decode, link state machine, events out."""
    link = CstaLink(Role.CLIENT, framing=Framing.SIEMENS)
    link.associate(0.0)
    link.receive_data(frame(encode_pdu(AARE()), Framing.SIEMENS), 0.0)
    count = 0
    for pos in range(0, len(stream), 4096):  # as read from a socket
        link.receive_data(stream[pos : pos + 4096], 0.0)
        while (event := link.next_event()) is not None:
            count += isinstance(event, EventReceived)
    return count


def pyasn1_decode(pdus: list[bytes]) -> int:
    spec = InvokePDU()
    count = 0
    for pdu in pdus:
        _value, rest = pyasn1_decoder.decode(pdu, asn1Spec=spec)
        count += not rest
    return count


def rate(name: str, events: int, run: Callable[[], int], min_seconds: float) -> float:
    """Events per CPU second of this process (one core), so that a busy machine skews both sides less."""
    run()  # warm-up
    rounds, start, wall = 0, time.process_time(), time.perf_counter()
    while True:
        assert run() == events, f"{name} decoded a different number of events"
        rounds += 1
        took = time.process_time() - start
        if took >= min_seconds:
            break
    per_second = events * rounds / took
    wall_rate = events * rounds / (time.perf_counter() - wall)
    print(
        f"{name:<44} {per_second:>10,.0f} events/s CPU  {wall_rate:>10,.0f} events/s wall  "
        f"({events * rounds} events)"
    )
    return per_second


def check_equivalence(pdus: list[bytes]) -> None:
    """pyasn1 must read the same values, or the comparison is meaningless."""
    for pdu in pdus[:30]:
        ours = decode_pdu(pdu)
        assert isinstance(ours, Invoke) and isinstance(ours.argument, EventReport)
        theirs, _ = pyasn1_decoder.decode(pdu, asn1Spec=InvokePDU())
        events = theirs["argument"]["eventSpecificInfo"]["callControlEvents"]
        name = events.getName()
        assert int(events[name]["cause"]) == int(ours.argument.event.cause)  # type: ignore[union-attr]
        assert int(theirs["invokeId"]) == ours.invoke_id


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tiny run for smoke tests")
    parser.add_argument("--events", type=int, default=0, help="events in the stream (default 3000)")
    args = parser.parse_args()
    count = args.events or (300 if args.quick else 3000)
    min_seconds = 0.2 if args.quick else 3.0
    pdus = build_stream(count)
    stream = b"".join(frame(p, Framing.SIEMENS) for p in pdus)
    reader = FrameReader(Framing.SIEMENS)
    reader.feed(stream)
    assert sum(1 for _ in iter(reader.next_frame, None)) == count
    check_equivalence(pdus)
    print(
        f"stream: {count} event reports, {len(stream)} bytes ({len(stream) / count:.0f} bytes/event), "
        f"siemens framing, HiPath-style both connection ids and timestamps"
    )
    ours = rate("tandem.cti decode_pdu", count, lambda: tandem_decode(pdus), min_seconds)
    link = rate(
        "tandem.cti CstaLink (framing+decode+events)", count, lambda: tandem_link(stream), min_seconds
    )
    baseline = rate("pyasn1 (same schema, same bytes)", count, lambda: pyasn1_decode(pdus), min_seconds / 3)
    print(f"ratio decode_pdu / pyasn1: {ours / baseline:.1f}x   ratio link / pyasn1: {link / baseline:.1f}x")
    print(
        f"targets: >= 30,000 events/s ({'met' if ours >= 30_000 else 'NOT met'}), "
        f">= 5x pyasn1 ({'met' if ours / baseline >= 5 else 'NOT met'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
