"""Framing: every strategy fed whole, one byte at a time, and coalesced with the next PDU; segments,
autodetection and the limits of the receive buffer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.cti.ber import Limits, MalformedPDU
from tandem.cti.framing import Frame, FrameReader, Framing, ReceiveBufferFull, detect_framing, frame

PDUS = [
    bytes.fromhex(h)
    for h in (
        "610e a1 07 06052b0c00815a a2 03 020100".replace(" ", ""),
        "a10c020101020200d330030a0102",
        "a40602011481 0101".replace(" ", ""),
        "a2030201 07".replace(" ", ""),
    )
]
CONCRETE = [Framing.SIEMENS, Framing.LEN2, Framing.RAW]


def _stream(framing: Framing) -> bytes:
    return b"".join(frame(p, framing) for p in PDUS)


def _drain(reader: FrameReader) -> list[Frame]:
    out = []
    while (item := reader.next_frame()) is not None:
        out.append(item)
    return out


def _chunkings(data: bytes) -> dict[str, list[bytes]]:
    cuts = {
        "whole": [data],
        "one byte at a time": [data[i : i + 1] for i in range(len(data))],
        "in threes": [data[i : i + 3] for i in range(0, len(data), 3)],
    }
    return cuts


@pytest.mark.parametrize("framing", [*CONCRETE, Framing.AUTO], ids=lambda f: f.value)
@pytest.mark.parametrize("chunking", ["whole", "one byte at a time", "in threes"])
def test_every_chunking_yields_the_same_pdus(framing: Framing, chunking: str) -> None:
    for sent_with in CONCRETE if framing is Framing.AUTO else [framing]:
        reader = FrameReader(framing)
        got: list[bytes] = []
        for chunk in _chunkings(_stream(sent_with))[chunking]:
            reader.feed(chunk)
            got += [f.pdu for f in _drain(reader)]
        assert got == PDUS
        assert reader.buffered == 0
        assert reader.framing is sent_with


@pytest.mark.parametrize("framing", CONCRETE, ids=lambda f: f.value)
def test_a_pdu_coalesced_with_the_start_of_the_next(framing: Framing) -> None:
    first, second = frame(PDUS[0], framing), frame(PDUS[1], framing)
    reader = FrameReader(framing)
    reader.feed(first + second[:3])
    assert [f.pdu for f in _drain(reader)] == [PDUS[0]]
    assert reader.needed() == len(second) - 3
    reader.feed(second[3:])
    assert [f.pdu for f in _drain(reader)] == [PDUS[1]]


def test_frame_offsets_point_at_the_pdu_in_the_stream() -> None:
    reader = FrameReader(Framing.SIEMENS)
    reader.feed(_stream(Framing.SIEMENS))
    offsets = [f.offset for f in _drain(reader)]
    expected, pos = [], 0
    for pdu in PDUS:
        expected.append(pos + 3)
        pos += 3 + len(pdu)
    assert offsets == expected


def test_siemens_header_of_the_worked_example() -> None:
    assert frame(bytes(0x11), Framing.SIEMENS)[:3].hex() == "268011"


def test_siemens_segments_without_the_complete_flag_are_reassembled() -> None:
    pdu = PDUS[1]
    first = bytes((0x26, 0x00, 5)) + pdu[:5]  # bit 15 clear: more to come
    last = bytes((0x26, 0x80, len(pdu) - 5)) + pdu[5:]
    for chunking in _chunkings(first + last + frame(PDUS[2], Framing.SIEMENS)).values():
        reader = FrameReader(Framing.SIEMENS)
        got = []
        for chunk in chunking:
            reader.feed(chunk)
            got += [f.pdu for f in _drain(reader)]
        assert got == [pdu, PDUS[2]]


def test_large_pdus_are_sent_in_siemens_segments_and_reassembled() -> None:
    pdu = bytes(range(256)) * 200  # 51200 bytes: two segments
    wire = frame(pdu, Framing.SIEMENS)
    assert wire[1] & 0x80 == 0 and len(wire) == len(pdu) + 6
    reader = FrameReader(Framing.SIEMENS)
    reader.feed(wire)
    assert [f.pdu for f in _drain(reader)] == [pdu]


@pytest.mark.parametrize(
    ("first", "framing"),
    [
        (0x26, Framing.SIEMENS),
        (0x00, Framing.LEN2),
        (0x01, Framing.LEN2),
        (0x61, Framing.RAW),
        (0x60, Framing.RAW),
        (0xA1, Framing.RAW),
        (0xA4, Framing.RAW),
    ],
)
def test_autodetection_from_the_first_byte(first: int, framing: Framing) -> None:
    assert detect_framing(first) is framing


def test_autodetection_refuses_a_byte_it_cannot_place() -> None:
    reader = FrameReader(Framing.AUTO)
    with pytest.raises(MalformedPDU, match="cannot tell the framing"):
        reader.feed(b"\x30\x00")


@pytest.mark.parametrize("framing", CONCRETE, ids=lambda f: f.value)
def test_declared_length_over_the_pdu_limit_is_refused_before_buffering(framing: Framing) -> None:
    limits = Limits(max_pdu_size=64)
    header = {Framing.SIEMENS: b"\x26\x80\x50", Framing.LEN2: b"\x00\x50", Framing.RAW: b"\xa1\x50"}[framing]
    reader = FrameReader(framing, limits)
    reader.feed(frame(PDUS[1], framing))
    with pytest.raises(MalformedPDU, match="limit of 64") as err:
        reader.feed(header)
    assert err.value.offset == len(frame(PDUS[1], framing))
    assert [f.pdu for f in _drain(reader)] == [PDUS[1]]  # what came before is not lost


def test_siemens_segments_may_not_add_up_past_the_limit() -> None:
    reader = FrameReader(Framing.SIEMENS, Limits(max_pdu_size=40))
    reader.feed(b"\x26\x00\x1e" + bytes(30))
    with pytest.raises(MalformedPDU, match="segments add up to 60 bytes"):
        reader.feed(b"\x26\x80\x1e" + bytes(30))


def test_receive_buffer_is_bounded() -> None:
    reader = FrameReader(Framing.LEN2, Limits(max_pdu_size=1000), max_buffer=100)
    with pytest.raises(ReceiveBufferFull, match="limit of 100"):
        reader.feed(b"\x03\x00" + bytes(200))


def test_broken_siemens_mark_is_malformed_at_its_offset() -> None:
    reader = FrameReader(Framing.SIEMENS)
    with pytest.raises(MalformedPDU, match="not 0x26") as err:
        reader.feed(frame(PDUS[3], Framing.SIEMENS) + b"\x27\x80\x01\x00")
    assert err.value.offset == 3 + len(PDUS[3])


def test_auto_cannot_send() -> None:
    with pytest.raises(ValueError, match="only applies to receiving"):
        frame(PDUS[0], Framing.AUTO)


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(framing=st.sampled_from(CONCRETE), cuts=st.lists(st.integers(0, 200), max_size=12))
def test_any_split_of_the_stream_yields_the_same_pdus(framing: Framing, cuts: list[int]) -> None:
    stream = _stream(framing)
    points = sorted({min(c, len(stream)) for c in cuts})
    chunks = [stream[a:b] for a, b in zip([0, *points], [*points, len(stream)], strict=True)]
    reader = FrameReader(Framing.AUTO)
    got: list[bytes] = []
    for chunk in chunks:
        reader.feed(chunk)
        got += [f.pdu for f in _drain(reader)]
    assert got == PDUS
