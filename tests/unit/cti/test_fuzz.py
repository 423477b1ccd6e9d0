"""Bounded fuzzing: mutated PDUs may only ever raise the decoder's own error (CstaDecodeError).

CI runs 200,000 mutated PDUs through `decode_pdu` and 20,000 mutated framed streams through a client
link. The longer run (e.g. 2,000,000) is this file as a script:

    .venv/bin/python tests/unit/cti/test_fuzz.py --count 2000000 [--seed N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time

from tandem.cti.acse import AARE, AARQ, ABRT, RLRQ, VERSION_FIVE
from tandem.cti.ber import BitString, CstaDecodeError, Tlv
from tandem.cti.events import (
    ConferencedEvent,
    ConnectionClearedEvent,
    DeliveredEvent,
    EstablishedEvent,
    EventReport,
    ForwardingEvent,
    TransferredEvent,
)
from tandem.cti.framing import Framing, frame
from tandem.cti.link import CstaLink, RemoteProtocolError, Role
from tandem.cti.pdu import decode_pdu, encode_pdu
from tandem.cti.rose import (
    UNRECOGNIZED_OPERATION,
    ErrorCategory,
    Invoke,
    Reject,
    ReturnError,
    ReturnResult,
    UniversalFailure,
)
from tandem.cti.services import (
    MONITOR_START,
    SNAPSHOT_DEVICE,
    MakeCallArgument,
    MonitorFilter,
    MonitorStartArgument,
    MonitorStartResult,
    SetForwardingArgument,
    SnapshotDeviceResponseInfo,
    SnapshotDeviceResult,
)
from tandem.cti.types import (
    CommonArguments,
    ConnectionId,
    ConnectionListItem,
    DeviceAbsence,
    DeviceId,
    DynamicDeviceId,
    EventCause,
    ForwardingType,
    LocalConnectionState,
    SecurityData,
)

STAMP = CommonArguments(
    security=SecurityData(timestamp=dt.datetime(2012, 12, 7, 19, 34, 1)),
    private_data=Tlv(0xA1, b"\x04\x02\x01\x02"),
)


def _conn(call: bytes, number: str) -> ConnectionId:
    return ConnectionId(call_id=call, device_id=DeviceId(number=number))


def seed_pdus() -> list[bytes]:
    """A spread of valid PDUs of every layer, as the mutation starting points."""
    a, b = _conn(b"\0\x1a", "548"), _conn(b"\0\x1b", "01761234")
    report = [
        DeliveredEvent(
            connection=a,
            alerting_device=DeviceId(number="548"),
            calling_device=DeviceId(number="0176"),
            called_device=DeviceId(number="548"),
            last_redirection_device=DeviceAbsence.restricted,
            local_connection_info=LocalConnectionState.alerting,
            cause=EventCause.newCall,
            extensions=STAMP,
        ),
        EstablishedEvent(
            established_connection=a,
            answering_device=DeviceId(number="548"),
            calling_device=DeviceAbsence.notKnown,
            called_device=DeviceId(number="548"),
            last_redirection_device=DeviceAbsence.notKnown,
            cause=EventCause.newCall,
            extensions=STAMP,
        ),
        ConnectionClearedEvent(
            dropped_connection=b, releasing_device=DeviceId(number="0176"), cause=EventCause.normalClearing
        ),
        TransferredEvent(
            primary_old_call=a,
            secondary_old_call=b,
            transferring_device=DeviceId(number="548"),
            transferred_to_device=DeviceId(number="200"),
            transferred_connections=(
                ConnectionListItem(new_connection=a, old_connection=b, endpoint=DeviceAbsence.notKnown),
            ),
            cause=EventCause.transfer,
        ),
        ConferencedEvent(
            primary_old_call=a,
            conferencing_device=DeviceId(number="548"),
            added_party=DeviceId(number="300"),
            conference_connections=(),
            cause=EventCause.conference,
        ),
        ForwardingEvent(
            device=DeviceId(number="548"),
            forwarding_type=ForwardingType.forwardBusy,
            forward_status=True,
            forward_to=DeviceId(number="999"),
        ),
    ]
    pdus: list[object] = [
        Invoke(invoke_id=300 + i, opcode=21, argument=EventReport(cross_ref_identifier=b"\0\1", event=e))
        for i, e in enumerate(report)
    ]
    pdus += [
        AARQ(auth_name=b"AMHOST", password=b"77777"),
        AARQ(csta_version=VERSION_FIVE, user_information_oid="1.3.12.0.285.200"),
        AARE(),
        AARE(result=1, diagnostic=13),
        RLRQ(reason=0),
        ABRT(diagnostic=1),
        Invoke(
            invoke_id=2,
            opcode=MONITOR_START,
            argument=MonitorStartArgument(
                monitor_object=DeviceId(number="100"),
                requested_monitor_filter=MonitorFilter(call_control=BitString.of(frozenset({1, 5}), 32)),
            ),
        ),
        Invoke(
            invoke_id=3,
            opcode=10,
            argument=MakeCallArgument(
                calling_device=DeviceId(number="100"),
                called_directory_number=DeviceId(number="0176"),
                correlator_data=b"\1\2",
            ),
        ),
        Invoke(
            invoke_id=4,
            opcode=317,
            argument=SetForwardingArgument(
                device=DeviceId(number="100"),
                forwarding_type=ForwardingType.forwardImmediate,
                activate_forward=True,
                forward_dn=DeviceId(number="200"),
            ),
        ),
        ReturnResult(
            invoke_id=2, opcode=MONITOR_START, result=MonitorStartResult(cross_ref_identifier=b"\0\1")
        ),
        ReturnResult(
            invoke_id=9,
            opcode=SNAPSHOT_DEVICE,
            result=SnapshotDeviceResult(
                snapshot_data=(
                    SnapshotDeviceResponseInfo(
                        connection_identifier=a, local_call_state=(LocalConnectionState.hold,)
                    ),
                    SnapshotDeviceResponseInfo(
                        connection_identifier=ConnectionId(device_id=DynamicDeviceId(value=b"\7")),
                        simple_call_state=3,
                    ),
                )
            ),
        ),
        ReturnError(invoke_id=5, parameter=UniversalFailure(category=ErrorCategory.operation, value=12)),
        Reject(invoke_id=20, problem=UNRECOGNIZED_OPERATION),
    ]
    return [encode_pdu(p) for p in pdus]  # type: ignore[arg-type]


def mutate(rng: random.Random, data: bytes, seeds: list[bytes]) -> bytes:
    """One to three random byte-level edits: flips, inserts, deletes, truncations, splices."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(7)
        pos = rng.randrange(len(buf)) if buf else 0
        if kind == 0 and buf:
            buf[pos] ^= 1 << rng.randrange(8)
        elif kind == 1 and buf:
            buf[pos] = rng.choice((0x00, 0x7F, 0x80, 0x81, 0x82, 0xFF, 0x1F, 0x30, 0xA0, rng.randrange(256)))
        elif kind == 2:
            buf.insert(pos, rng.randrange(256))
        elif kind == 3 and buf:
            del buf[pos : pos + rng.randint(1, 4)]
        elif kind == 4:
            del buf[pos:]
        elif kind == 5:
            other = rng.choice(seeds)
            cut = rng.randrange(len(other))
            buf[pos:] = other[cut:]
        elif buf:
            end = min(len(buf), pos + rng.randint(1, 8))
            buf[pos:pos] = buf[pos:end]
    return bytes(buf)


def fuzz_decode(count: int, seed: int) -> int:
    """Decode `count` mutated PDUs; return how many decoded (the rest raised CstaDecodeError)."""
    rng = random.Random(seed)
    seeds = seed_pdus()
    decoded = 0
    for _ in range(count):
        data = mutate(rng, rng.choice(seeds), seeds)
        try:
            decode_pdu(data)
            decoded += 1
        except CstaDecodeError:
            pass
        except Exception as err:
            raise AssertionError(f"decode_pdu({data.hex()}) raised {err!r}") from err
    return decoded


def fuzz_link(count: int, seed: int) -> None:
    """Feed mutated siemens streams (in random chunks) to lenient client links."""
    rng = random.Random(seed)
    seeds = seed_pdus()
    aare = frame(encode_pdu(AARE()), Framing.SIEMENS)
    for _ in range(count):
        link = CstaLink(Role.CLIENT, framing=Framing.SIEMENS, strict=False)
        link.associate(0.0)
        stream = aare + b"".join(
            frame(mutate(rng, rng.choice(seeds), seeds), Framing.SIEMENS) for _ in range(3)
        )
        if rng.random() < 0.3:
            stream = mutate(rng, stream, seeds)
        try:
            pos = 0
            while pos < len(stream):
                step = rng.randint(1, 40)
                link.receive_data(stream[pos : pos + step], 1.0)
                pos += step
                while link.next_event() is not None:
                    pass
        except (RemoteProtocolError, CstaDecodeError):
            pass
        except Exception as err:
            raise AssertionError(f"link fed {stream.hex()} raised {err!r}") from err


def test_fuzz_decode_accepts_only_the_decode_error() -> None:
    decoded = fuzz_decode(200_000, seed=20121207)
    assert 0 < decoded < 200_000  # the mutations reach both outcomes


def test_fuzz_link_accepts_only_protocol_errors() -> None:
    fuzz_link(20_000, seed=548)


def main() -> int:
    parser = argparse.ArgumentParser(description="Fuzz the CSTA decoder with mutated PDUs.")
    parser.add_argument("--count", type=int, default=2_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    start = time.perf_counter()
    decoded = fuzz_decode(args.count, args.seed)
    took = time.perf_counter() - start
    print(
        f"{args.count} mutated PDUs (seed {args.seed}) in {took:.1f} s: {decoded} decoded, "
        f"{args.count - decoded} rejected with CstaDecodeError, no other exception"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
