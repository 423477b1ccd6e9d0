"""The BER TLV layer (X.690, definite lengths only): tags, lengths, primitive values, raw TLVs.

Tags are plain ints so that decoders compare them cheaply: a low-number tag (0..30) is its identifier
octet (class and constructed bits included, e.g. 0xa1 for a constructed `[1]`); a high-number tag is
`(first_octet << 32) | number`, which can never collide with a one-octet tag.

Two decode errors: `NeedMoreData` (the bytes so far are a valid prefix; it says how many more are
needed at least) and `MalformedPDU` (the bytes can never decode; it names the byte offset and the
field path). Both derive from `CstaDecodeError`, the only exception the decoders raise.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Final, TypeVar

from tandem.core.errors import TandemError

# Classes of tags, as they sit in the identifier octet.
UNIVERSAL: Final = 0x00
APPLICATION: Final = 0x40
CONTEXT: Final = 0x80
PRIVATE: Final = 0xC0
CONSTRUCTED: Final = 0x20

# Universal tags (primitive unless noted).
BOOLEAN: Final = 0x01
INTEGER: Final = 0x02
BIT_STRING: Final = 0x03
OCTET_STRING: Final = 0x04
NULL: Final = 0x05
OID: Final = 0x06
EXTERNAL: Final = 0x28  # constructed
ENUMERATED: Final = 0x0A
SEQUENCE: Final = 0x30  # constructed
SET: Final = 0x31  # constructed
IA5STRING: Final = 0x16
GENERALIZED_TIME: Final = 0x18


class CstaDecodeError(TandemError):
    """Bytes from a CSTA peer that do not decode; the only exception the decoders raise."""


class NeedMoreData(CstaDecodeError):
    """The bytes so far are the valid start of a PDU; at least `needed` more bytes must arrive."""

    def __init__(self, needed: int) -> None:
        super().__init__(f"incomplete CSTA data: at least {needed} more byte(s) needed")
        self.needed = needed


_M = TypeVar("_M", bound="MalformedPDU")


class MalformedPDU(CstaDecodeError):
    """Bytes that can never decode. `offset` is the byte offset in the input (of the offending header,
    or of the first content octet of the offending value), `path` the field path (dotted names)."""

    def __init__(self, reason: str, offset: int, path: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.offset = offset
        self.path = path

    def within(self: _M, field: str) -> _M:
        """Prefix the path with the enclosing field's name (decoders call this while unwinding)."""
        self.path = f"{field}.{self.path}" if self.path else field
        return self

    def shifted(self: _M, delta: int) -> _M:
        """Move the offset by `delta` (a framing header or an earlier PDU in the same input)."""
        self.offset += delta
        return self

    def __str__(self) -> str:
        where = f" in {self.path}" if self.path else ""
        return f"malformed CSTA data at byte {self.offset}{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Limits:
    """Hardening limits: what a peer may make the decoder accept before it calls the data malformed."""

    max_pdu_size: int = 64 * 1024
    """Largest PDU (tag, length and value) accepted; HiPath's framing caps a segment at 32767 bytes."""
    max_length_octets: int = 4
    """Most octets in a long-form length (4 covers every length up to 4 GiB)."""
    max_depth: int = 32
    """Deepest nesting walked where Tandem has no schema (`parse_tree`: raw TLVs in the JSON view).
    Schema-driven decoding is bounded by the schema itself; CSTA PDUs stay well below 16 levels."""
    max_tag_octets: int = 4
    """Most octets in a high-number tag (after the first identifier octet)."""


DEFAULT_LIMITS: Final = Limits()


def tag_key(cls: int, constructed: bool, number: int) -> int:
    """The int this module uses for the tag `[cls number]`, e.g. tag_key(CONTEXT, True, 1) == 0xa1."""
    first = cls | (CONSTRUCTED if constructed else 0)
    if number < 31:
        return first | number
    return ((first | 0x1F) << 32) | number


def is_constructed(tag: int) -> bool:
    first = tag >> 32 if tag > 0xFF else tag
    return bool(first & CONSTRUCTED)


def describe_tag(tag: int) -> str:
    """`[APPLICATION 11]`-style name of a tag, for messages and the raw JSON view."""
    first = tag >> 32 if tag > 0xFF else tag
    number = tag & 0xFFFFFFFF if tag > 0xFF else tag & 0x1F
    cls = {UNIVERSAL: "UNIVERSAL ", APPLICATION: "APPLICATION ", CONTEXT: "", PRIVATE: "PRIVATE "}[
        first & 0xC0
    ]
    form = "c" if first & CONSTRUCTED else "p"
    return f"[{cls}{number}]{form}"


# --- reading headers ---------------------------------------------------------------------------


def read_tag(buf: bytes | bytearray, pos: int, end: int, limits: Limits = DEFAULT_LIMITS) -> tuple[int, int]:
    """Decode the identifier octets at `pos`: (tag, position after them). Raises NeedMoreData at `end`."""
    if pos >= end:
        raise NeedMoreData(1)
    first = buf[pos]
    if first & 0x1F != 0x1F:
        return first, pos + 1
    number = 0
    p = pos + 1
    while True:
        if p >= end:
            raise NeedMoreData(1)
        octet = buf[p]
        if p == pos + 1 and octet == 0x80:
            raise MalformedPDU("high tag number with a leading zero octet", p)
        number = (number << 7) | (octet & 0x7F)
        p += 1
        if not octet & 0x80:
            break
        if p - pos - 1 >= limits.max_tag_octets:
            raise MalformedPDU(f"tag number longer than {limits.max_tag_octets} octets (limit)", pos)
    if number < 31:
        raise MalformedPDU(f"tag number {number} in the high-number form", pos)
    return ((first) << 32) | number, p


def read_header(
    buf: bytes | bytearray, pos: int, end: int, limits: Limits = DEFAULT_LIMITS
) -> tuple[int, int, int]:
    """Decode tag and length at `pos`: (tag, value start, value length).

    Raises NeedMoreData when the header itself is cut short by `end`, MalformedPDU when it is invalid
    (indefinite length, too many length octets). The value may extend beyond `end`.
    """
    tag, p = read_tag(buf, pos, end, limits)
    if p >= end:
        raise NeedMoreData(1)
    length = buf[p]
    p += 1
    if length & 0x80:
        count = length & 0x7F
        if count == 0:
            raise MalformedPDU("indefinite length (BER 0x80) is not allowed in CSTA", p - 1)
        if count == 0x7F:
            raise MalformedPDU("reserved length octet 0xff", p - 1)
        if count > limits.max_length_octets:
            raise MalformedPDU(
                f"length in {count} octets exceeds the limit of {limits.max_length_octets}", p - 1
            )
        if p + count > end:
            raise NeedMoreData(p + count - end)
        length = int.from_bytes(buf[p : p + count], "big")
        p += count
    return tag, p, length


def tlv_size(buf: bytes, limits: Limits = DEFAULT_LIMITS) -> int:
    """Total size of the TLV at the start of `buf` once complete; NeedMoreData if `buf` is shorter.

    This is how a `raw`-framed stream is cut into PDUs; the PDU size limit applies here.
    """
    _tag, vstart, length = read_header(buf, 0, len(buf), limits)
    total = vstart + length
    if total > limits.max_pdu_size:
        raise MalformedPDU(f"PDU of {total} bytes exceeds the limit of {limits.max_pdu_size} bytes", 0)
    if total > len(buf):
        raise NeedMoreData(total - len(buf))
    return total


def children(buf: bytes, start: int, end: int) -> list[tuple[int, int, int]]:
    """The TLVs inside buf[start:end] as (tag, value start, value end), in order.

    The hot path of every decoder: header parsing is inlined for one-octet tags and short lengths.
    Inside a complete PDU, running past `end` is malformed, never "need more data".
    """
    out: list[tuple[int, int, int]] = []
    append = out.append
    pos = start
    while pos < end:
        tag = buf[pos]
        p = pos + 1
        if tag & 0x1F == 0x1F:
            try:
                tag, p = read_tag(buf, pos, end)
            except NeedMoreData:
                raise MalformedPDU("tag cut short by the end of its enclosing value", pos) from None
        if p >= end:
            raise MalformedPDU("length missing at the end of the enclosing value", pos)
        length = buf[p]
        p += 1
        if length & 0x80:
            try:
                tag, p, length = read_header(buf, pos, end)
            except NeedMoreData:
                raise MalformedPDU("length cut short by the end of its enclosing value", pos) from None
        vend = p + length
        if vend > end:
            raise MalformedPDU(f"length {length} runs {vend - end} byte(s) past its enclosing value", pos)
        append((tag, p, vend))
        pos = vend
    return out


# --- writing -----------------------------------------------------------------------------------

_TAG_BYTES: dict[int, bytes] = {}


def tag_bytes(tag: int) -> bytes:
    cached = _TAG_BYTES.get(tag)
    if cached is not None:
        return cached
    if tag <= 0xFF:
        out = bytes((tag,))
    else:
        number = tag & 0xFFFFFFFF
        groups = [number & 0x7F]
        number >>= 7
        while number:
            groups.append(0x80 | (number & 0x7F))
            number >>= 7
        out = bytes((tag >> 32,)) + bytes(reversed(groups))
    _TAG_BYTES[tag] = out
    return out


def length_bytes(length: int) -> bytes:
    if length < 0x80:
        return bytes((length,))
    body = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes((0x80 | len(body),)) + body


def tlv(tag: int, value: bytes) -> bytes:
    """Encode one TLV with the shortest definite length."""
    n = len(value)
    if n < 0x80 and tag <= 0xFF:
        return bytes((tag, n)) + value
    return tag_bytes(tag) + length_bytes(n) + value


@dataclass(frozen=True, slots=True)
class Tlv:
    """A TLV kept undecoded: unknown fields, private data, vendor extensions. Re-encodes as received."""

    tag: int
    value: bytes

    def encode(self) -> bytes:
        return tlv(self.tag, self.value)

    @property
    def constructed(self) -> bool:
        return is_constructed(self.tag)

    def children(self) -> tuple[Tlv, ...]:
        """The TLVs inside a constructed value (MalformedPDU if the value is not a TLV sequence)."""
        value = self.value
        return tuple(Tlv(t, value[s:e]) for t, s, e in children(value, 0, len(value)))


TreeNode = tuple[int, int, int, list["TreeNode"]]
"""(tag, value start, value end, the nodes inside a constructed value)."""


def parse_tree(
    buf: bytes, start: int, end: int, depth: int = 0, limits: Limits = DEFAULT_LIMITS
) -> list[TreeNode]:
    """Every TLV in buf[start:end], recursively, within `max_depth` (for BER without a schema)."""
    if depth > limits.max_depth:
        raise MalformedPDU(f"nesting deeper than {limits.max_depth} levels (limit)", start)
    out: list[TreeNode] = []
    for tag, s, e in children(buf, start, end):
        kids = parse_tree(buf, s, e, depth + 1, limits) if is_constructed(tag) else []
        out.append((tag, s, e, kids))
    return out


# --- primitive values ---------------------------------------------------------------------------


def decode_int(buf: bytes, start: int, end: int) -> int:
    if start == end:
        raise MalformedPDU("INTEGER with no content octets", start)
    return int.from_bytes(buf[start:end], "big", signed=True)


def encode_int(value: int) -> bytes:
    bits = (value if value >= 0 else ~value).bit_length() + 1
    return value.to_bytes((bits + 7) // 8, "big", signed=True)


def decode_bool(buf: bytes, start: int, end: int) -> bool:
    if end - start != 1:
        raise MalformedPDU(f"BOOLEAN of {end - start} octets (must be 1)", start)
    return buf[start] != 0


def encode_bool(value: bool) -> bytes:
    return b"\xff" if value else b"\x00"


def decode_null(buf: bytes, start: int, end: int) -> None:
    if end != start:
        raise MalformedPDU(f"NULL with {end - start} content octets", start)


def decode_text(buf: bytes, start: int, end: int) -> str:
    # Latin-1 never fails and round-trips every byte: a PBX that puts an umlaut into an IA5String
    # must not cost the whole event.
    return buf[start:end].decode("latin-1")


def encode_text(value: str) -> bytes:
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError as err:
        raise ValueError(f"{value!r} has characters that cannot be sent in an IA5String") from err


@dataclass(frozen=True, slots=True)
class BitString:
    """A BIT STRING as sent: the content octets and the number of unused bits in the last one.

    Bit 0 is the most significant bit of the first octet (ASN.1 named-bit numbering).
    """

    data: bytes = b""
    unused: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.unused <= 7 or (self.unused and not self.data):
            raise ValueError(f"a BIT STRING cannot have {self.unused} unused bits in {len(self.data)} octets")

    @classmethod
    def of(cls, bits: set[int] | frozenset[int], size: int = 0) -> BitString:
        """The bit string with exactly `bits` set, at least `size` bits long."""
        nbits = max(size, max(bits, default=-1) + 1)
        nbytes = (nbits + 7) // 8
        value = 0
        for bit in bits:
            value |= 1 << (nbytes * 8 - 1 - bit)
        return cls(value.to_bytes(nbytes, "big"), nbytes * 8 - nbits)

    @property
    def bits(self) -> frozenset[int]:
        total = len(self.data) * 8 - self.unused
        value = int.from_bytes(self.data, "big")
        width = len(self.data) * 8
        return frozenset(i for i in range(total) if value >> (width - 1 - i) & 1)

    def __contains__(self, bit: object) -> bool:
        return bit in self.bits


def decode_bits(buf: bytes, start: int, end: int) -> BitString:
    if start == end:
        raise MalformedPDU("BIT STRING with no content octets", start)
    unused = buf[start]
    if unused > 7 or (unused and end - start == 1):
        raise MalformedPDU(f"BIT STRING with {unused} unused bits", start)
    return BitString(bytes(buf[start + 1 : end]), unused)


def encode_bits(value: BitString) -> bytes:
    return bytes((value.unused,)) + value.data


def decode_oid(buf: bytes, start: int, end: int) -> str:
    if start == end:
        raise MalformedPDU("OBJECT IDENTIFIER with no content octets", start)
    if buf[end - 1] & 0x80:
        raise MalformedPDU("OBJECT IDENTIFIER ends inside a sub-identifier", end - 1)
    arcs: list[int] = []
    value = 0
    fresh = True
    for i in range(start, end):
        octet = buf[i]
        if fresh and octet == 0x80:
            raise MalformedPDU("OBJECT IDENTIFIER sub-identifier with a leading zero octet", i)
        value = (value << 7) | (octet & 0x7F)
        fresh = not octet & 0x80
        if fresh:
            arcs.append(value)
            value = 0
    first = arcs[0]
    head = [min(first // 40, 2), first - 40 * min(first // 40, 2)]
    return ".".join(str(a) for a in head + arcs[1:])


def encode_oid(value: str) -> bytes:
    try:
        arcs = [int(a) for a in value.split(".")]
    except ValueError:
        raise ValueError(f"{value!r} is not a dotted object identifier") from None
    if len(arcs) < 2 or arcs[0] > 2 or (arcs[0] < 2 and arcs[1] >= 40) or min(arcs) < 0:
        raise ValueError(f"{value!r} is not a valid object identifier")
    out = bytearray()
    for arc in [arcs[0] * 40 + arcs[1], *arcs[2:]]:
        rest = arc
        groups = [rest & 0x7F]
        rest >>= 7
        while rest:
            groups.append(0x80 | (rest & 0x7F))
            rest >>= 7
        out += bytes(reversed(groups))
    return bytes(out)


def decode_time(buf: bytes, start: int, end: int) -> _dt.datetime:
    """GeneralizedTime: YYYYMMDDHHMMSS[.fff][Z|±hhmm]; no zone gives a naive (PBX local) time."""
    text = buf[start:end].decode("latin-1")
    try:
        zone: _dt.tzinfo | None = None
        body = text
        if body.endswith("Z"):
            zone, body = _dt.timezone.utc, body[:-1]
        elif len(body) > 5 and body[-5] in "+-":
            sign = 1 if body[-5] == "+" else -1
            hours, minutes = int(body[-4:-2]), int(body[-2:])
            zone = _dt.timezone(sign * _dt.timedelta(hours=hours, minutes=minutes))
            body = body[:-5]
        fraction = 0
        if "." in body or "," in body:
            body, frac = body.replace(",", ".").split(".", 1)
            if not frac.isdigit():
                raise ValueError
            fraction = int((frac + "000000")[:6])
        if not body.isdigit() or len(body) not in (10, 12, 14):
            raise ValueError
        return _dt.datetime(
            int(body[0:4]),
            int(body[4:6]),
            int(body[6:8]),
            int(body[8:10]),
            int(body[10:12] or 0),
            int(body[12:14] or 0),
            fraction,
            tzinfo=zone,
        )
    except ValueError:
        raise MalformedPDU(f"GeneralizedTime {text!r} is not a valid time", start) from None


def encode_time(value: _dt.datetime) -> bytes:
    text = (
        f"{value.year:04d}{value.month:02d}{value.day:02d}"
        f"{value.hour:02d}{value.minute:02d}{value.second:02d}"
    )
    if value.microsecond:
        text += "." + f"{value.microsecond:06d}".rstrip("0")
    offset = value.utcoffset()
    if offset is not None:
        if offset == _dt.timedelta(0):
            text += "Z"
        else:
            minutes = int(offset.total_seconds()) // 60
            sign = "+" if minutes >= 0 else "-"
            text += f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
    return text.encode("ascii")
