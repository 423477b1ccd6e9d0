"""The BER layer: primitive values, headers, the two error kinds, and every hardening limit."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.cti import ber
from tandem.cti.ber import (
    APPLICATION,
    CONTEXT,
    PRIVATE,
    BitString,
    Limits,
    MalformedPDU,
    NeedMoreData,
    Tlv,
)
from tandem.cti.pdu import decode_pdu


@pytest.mark.parametrize(
    ("value", "content"),
    [
        (0, "00"),
        (1, "01"),
        (127, "7f"),
        (128, "0080"),
        (211, "00d3"),
        (256, "0100"),
        (-1, "ff"),
        (-128, "80"),
        (-129, "ff7f"),
        (32767, "7fff"),
        (65535, "00ffff"),
    ],
)
def test_integers_are_signed_and_minimal(value: int, content: str) -> None:
    assert ber.encode_int(value).hex() == content
    raw = bytes.fromhex(content)
    assert ber.decode_int(raw, 0, len(raw)) == value


def test_empty_integer_is_malformed_at_its_offset() -> None:
    with pytest.raises(MalformedPDU) as err:
        ber.decode_int(b"\x02\x00", 2, 2)
    assert err.value.offset == 2


@pytest.mark.parametrize(
    ("cls", "constructed", "number", "octets"),
    [
        (CONTEXT, True, 1, "a1"),
        (APPLICATION, False, 21, "55"),
        (CONTEXT, False, 31, "9f1f"),
        (PRIVATE, True, 200, "ff8148"),
        (APPLICATION, True, 16383, "7fff7f"),
    ],
)
def test_tags_low_and_high_number_forms(cls: int, constructed: bool, number: int, octets: str) -> None:
    key = ber.tag_key(cls, constructed, number)
    assert ber.tag_bytes(key).hex() == octets
    raw = bytes.fromhex(octets) + b"\x00"
    assert ber.read_tag(raw, 0, len(raw)) == (key, len(octets) // 2)
    assert ber.is_constructed(key) == constructed


def test_long_form_lengths_round_trip() -> None:
    for size in (0, 127, 128, 255, 256, 40000):
        encoded = ber.tlv(0x04, b"x" * size)
        tag, start, length = ber.read_header(encoded, 0, len(encoded))
        assert (tag, length, start + length) == (0x04, size, len(encoded))
    assert ber.length_bytes(200).hex() == "81c8"
    assert ber.length_bytes(0x1234).hex() == "821234"


def test_indefinite_length_is_malformed() -> None:
    with pytest.raises(MalformedPDU, match="indefinite"):
        ber.read_header(b"\x30\x80\x00\x00", 0, 4)


@pytest.mark.parametrize(
    ("prefix", "needed"),
    [
        ("", 1),
        ("a1", 1),
        ("a1 82", 2),
        ("a1 82 01", 1),
        ("9f", 1),
    ],
)
def test_cut_headers_need_more_data(prefix: str, needed: int) -> None:
    raw = bytes.fromhex(prefix)
    with pytest.raises(NeedMoreData) as err:
        ber.read_header(raw, 0, len(raw))
    assert err.value.needed == needed


def test_incomplete_pdu_says_how_many_bytes_are_missing() -> None:
    whole = bytes.fromhex("a10c02010102020 0d33003 0a0102".replace(" ", ""))
    with pytest.raises(NeedMoreData) as err:
        decode_pdu(whole[:9])
    assert err.value.needed == len(whole) - 9
    assert ber.tlv_size(whole + b"\xa1") == len(whole)


def test_malformed_error_names_offset_and_field_path() -> None:
    # monitorStart whose DeviceID uses an unknown identifier alternative [9]
    raw = bytes.fromhex("a10f020102020147300730058903313030")
    with pytest.raises(MalformedPDU) as err:
        decode_pdu(raw)
    assert err.value.offset == 14  # the content of the offending [9] element
    assert err.value.path == "monitorStart.argument.monitor_object.device_identifier"
    assert "byte 14" in str(err.value) and "monitor_object" in str(err.value)


def test_child_running_past_its_parent_is_malformed_not_incomplete() -> None:
    raw = bytes.fromhex("a10602010102 0547".replace(" ", ""))
    with pytest.raises(MalformedPDU) as err:
        decode_pdu(raw)
    assert err.value.offset == 5


def test_trailing_bytes_after_a_pdu_are_malformed() -> None:
    with pytest.raises(MalformedPDU, match="after the end"):
        decode_pdu(bytes.fromhex("a4060201148101010000"))


# --- hardening limits ---------------------------------------------------------------------------------


def test_limit_max_pdu_size() -> None:
    limits = Limits(max_pdu_size=100)
    big = ber.tlv(0xA1, b"\x02\x01\x01\x02\x01\x33" + ber.tlv(0x04, b"x" * 120))
    with pytest.raises(MalformedPDU, match="exceeds the limit of 100"):
        ber.tlv_size(big, limits)
    with pytest.raises(MalformedPDU, match="exceeds the limit of 100"):
        decode_pdu(big, limits)
    # the declared size alone is enough to refuse: no need to buffer 100 bytes first
    with pytest.raises(MalformedPDU):
        ber.tlv_size(big[:4], limits)


def test_limit_max_length_octets() -> None:
    raw = bytes.fromhex("a1 83 000005 020101".replace(" ", ""))
    assert ber.read_header(raw, 0, len(raw))[2] == 5
    with pytest.raises(MalformedPDU, match="limit of 2"):
        ber.read_header(raw, 0, len(raw), Limits(max_length_octets=2))
    with pytest.raises(MalformedPDU, match="limit of 4"):
        ber.read_header(bytes.fromhex("a18500000000050201"), 0, 9)


def test_limit_max_depth() -> None:
    nested = b"\x05\x00"
    for _ in range(40):
        nested = ber.tlv(0x30, nested)
    assert len(ber.parse_tree(nested, 0, len(nested), limits=Limits(max_depth=64))) == 1
    with pytest.raises(MalformedPDU, match="deeper than 32"):
        ber.parse_tree(nested, 0, len(nested))


def test_limit_max_tag_octets() -> None:
    tag = bytes.fromhex("bf8181818101")  # high tag number in 5 octets
    with pytest.raises(MalformedPDU, match="longer than 4"):
        ber.read_tag(tag, 0, len(tag))
    assert ber.read_tag(tag, 0, len(tag), Limits(max_tag_octets=5))[1] == 6


# --- primitive values -----------------------------------------------------------------------------------


def test_oid_of_the_csta_application_context() -> None:
    assert ber.encode_oid("1.3.12.0.218").hex() == "2b0c00815a"
    raw = bytes.fromhex("2b0c00815a")
    assert ber.decode_oid(raw, 0, len(raw)) == "1.3.12.0.218"
    with pytest.raises(MalformedPDU):
        ber.decode_oid(b"\x2b\x81", 0, 2)


def test_generalized_time_as_hipath_sends_it() -> None:
    raw = b"20121207193401"
    assert ber.decode_time(raw, 0, len(raw)) == dt.datetime(2012, 12, 7, 19, 34, 1)
    assert ber.encode_time(dt.datetime(2012, 12, 7, 19, 34, 1)) == raw
    zoned = b"20121207193401.5+0100"
    value = ber.decode_time(zoned, 0, len(zoned))
    assert value.utcoffset() == dt.timedelta(hours=1) and value.microsecond == 500000
    assert ber.encode_time(value) == zoned
    with pytest.raises(MalformedPDU, match="not a valid time"):
        ber.decode_time(b"2012120719xx01", 0, 14)


def test_bit_strings_use_asn1_bit_numbering() -> None:
    version_four = BitString.of(frozenset({3}), size=16)
    assert ber.encode_bits(version_four).hex() == "001000"
    assert version_four.bits == frozenset({3})
    auth = BitString(b"\x80", 6)
    assert auth.bits == frozenset({0}) and 0 in auth
    with pytest.raises(MalformedPDU):
        ber.decode_bits(b"\x08\x00", 0, 2)


def test_boolean_and_null_sizes_are_checked() -> None:
    assert ber.decode_bool(b"\xff", 0, 1) is True
    with pytest.raises(MalformedPDU):
        ber.decode_bool(b"\x01\x01", 0, 2)
    with pytest.raises(MalformedPDU):
        ber.decode_null(b"\x00", 0, 1)


def test_raw_tlv_re_encodes_and_lists_its_children() -> None:
    raw = Tlv(0xA1, bytes.fromhex("0201050500"))
    assert raw.encode().hex() == "a1050201050500"
    assert raw.children() == (Tlv(0x02, b"\x05"), Tlv(0x05, b""))
    assert raw.constructed
