"""Schema-driven BER codecs: a `Codec` turns one TLV into a Python value and back.

`Sequence` maps an ASN.1 SEQUENCE onto a keyword-only frozen dataclass: fields are matched in order by
tag, absent optional fields are None, and any element the schema does not know is kept on the value's
`unknown` tuple as a raw `Tlv` (and re-encoded after the known fields), so vendor extensions never
make a PDU undecodable. `Primitive`, `Raw`, `Explicit`, `SequenceOf` and `enumerated` cover the rest.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
from collections.abc import Callable
from collections.abc import Sequence as Seq
from typing import Any, Generic, TypeVar

from tandem.cti.ber import (
    BOOLEAN,
    ENUMERATED,
    GENERALIZED_TIME,
    IA5STRING,
    INTEGER,
    NULL,
    OCTET_STRING,
    SEQUENCE,
    BitString,
    MalformedPDU,
    Tlv,
    children,
    decode_bits,
    decode_bool,
    decode_int,
    decode_null,
    decode_text,
    decode_time,
    describe_tag,
    encode_bits,
    encode_bool,
    encode_int,
    encode_text,
    encode_time,
    tlv,
)

T = TypeVar("T")
E = TypeVar("E", bound=enum.IntEnum)


class Codec(Generic[T]):
    """Decodes one TLV (whose tag is one of `tags`) into a value, and encodes a value into one TLV."""

    tags: frozenset[int]

    def decode(self, buf: bytes, tag: int, start: int, end: int) -> T:
        raise NotImplementedError

    def encode(self, value: T) -> bytes:
        raise NotImplementedError


class Primitive(Codec[T]):
    """A value whose content octets `dec`/`enc` handle; `implicit(tag)` gives the re-tagged codec."""

    def __init__(self, tag: int, dec: Callable[[bytes, int, int], T], enc: Callable[[T], bytes]) -> None:
        self.tag = tag
        self.tags = frozenset((tag,))
        self._dec = dec
        self._enc = enc

    def decode(self, buf: bytes, tag: int, start: int, end: int) -> T:
        return self._dec(buf, start, end)

    def encode(self, value: T) -> bytes:
        return tlv(self.tag, self._enc(value))

    def implicit(self, tag: int) -> Primitive[T]:
        return Primitive(tag, self._dec, self._enc)


def _bytes(buf: bytes, start: int, end: int) -> bytes:
    return bytes(buf[start:end])


def _same(value: bytes) -> bytes:
    return value


INT: Primitive[int] = Primitive(INTEGER, decode_int, encode_int)
BOOL: Primitive[bool] = Primitive(BOOLEAN, decode_bool, encode_bool)
OCTETS: Primitive[bytes] = Primitive(OCTET_STRING, _bytes, _same)
IA5: Primitive[str] = Primitive(IA5STRING, decode_text, encode_text)
BITS: Primitive[BitString] = Primitive(0x03, decode_bits, encode_bits)
TIME: Primitive[_dt.datetime] = Primitive(GENERALIZED_TIME, decode_time, encode_time)


def _null_value(buf: bytes, start: int, end: int) -> bool:
    decode_null(buf, start, end)
    return True


def _null_content(_value: bool) -> bytes:
    return b""


NULL_FLAG: Primitive[bool] = Primitive(NULL, _null_value, _null_content)
"""A NULL as the flag True (an absent optional NULL is None)."""


def enumerated(enum_cls: type[E], tag: int = ENUMERATED) -> Primitive[E | int]:
    """An ENUMERATED with its names; a value the enum does not know stays a plain int."""
    lookup: dict[int, E | int] = {int(m): m for m in enum_cls}

    def dec(buf: bytes, start: int, end: int) -> E | int:
        value = decode_int(buf, start, end)
        return lookup.get(value, value)

    def enc(value: E | int) -> bytes:
        return encode_int(int(value))

    return Primitive(tag, dec, enc)


class Raw(Codec[Tlv]):
    """A field we carry but do not interpret (correlator data, media characteristics, private data)."""

    def __init__(self, *tags: int) -> None:
        self.tags = frozenset(tags)

    def decode(self, buf: bytes, tag: int, start: int, end: int) -> Tlv:
        return Tlv(tag, bytes(buf[start:end]))

    def encode(self, value: Tlv) -> bytes:
        return value.encode()


class Explicit(Codec[T]):
    """`[tag] Inner` with EXPLICIT tagging: a constructed wrapper holding exactly one inner TLV."""

    def __init__(self, tag: int, inner: Codec[T]) -> None:
        self.tag = tag
        self.tags = frozenset((tag,))
        self.inner = inner

    def decode(self, buf: bytes, tag: int, start: int, end: int) -> T:
        kids = children(buf, start, end)
        if len(kids) != 1:
            raise MalformedPDU(
                f"explicit tag {describe_tag(tag)} holds {len(kids)} elements (must be 1)", start
            )
        itag, s, e = kids[0]
        if itag not in self.inner.tags:
            raise MalformedPDU(f"unexpected tag {describe_tag(itag)}", start)
        return self.inner.decode(buf, itag, s, e)

    def encode(self, value: T) -> bytes:
        return tlv(self.tag, self.inner.encode(value))


class SequenceOf(Codec[tuple[T, ...]]):
    """SEQUENCE OF Inner (or an implicitly tagged one): a tuple."""

    def __init__(self, inner: Codec[T], tag: int = SEQUENCE) -> None:
        self.tag = tag
        self.tags = frozenset((tag,))
        self.inner = inner

    def decode(self, buf: bytes, tag: int, start: int, end: int) -> tuple[T, ...]:
        inner = self.inner
        out = []
        for index, (itag, s, e) in enumerate(children(buf, start, end)):
            if itag not in inner.tags:
                raise MalformedPDU(f"unexpected tag {describe_tag(itag)}", s).within(f"[{index}]")
            try:
                out.append(inner.decode(buf, itag, s, e))
            except MalformedPDU as err:
                raise err.within(f"[{index}]") from None
        return tuple(out)

    def encode(self, value: tuple[T, ...]) -> bytes:
        encode = self.inner.encode
        return tlv(self.tag, b"".join(encode(v) for v in value))


class Sequence(Codec[T]):
    """A SEQUENCE mapped onto a keyword-only frozen dataclass with an `unknown: tuple[Tlv, ...]` field.

    `fields` lists (attribute, codec) in ASN.1 order; an attribute is optional when its dataclass field
    has a default. Elements are matched in order by tag; elements that match no remaining field are
    kept as raw TLVs in `unknown`.
    """

    def __init__(self, cls: type[T], fields: Seq[tuple[str, Codec[Any]]], tag: int = SEQUENCE) -> None:
        self.cls = cls
        self.tag = tag
        self.tags = frozenset((tag,))
        known = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        names = [name for name, _ in fields]
        if set(names) | {"unknown"} != set(known):
            raise TypeError(
                f"schema of {cls.__name__} does not match its fields: {sorted(set(known) ^ set(names))}"
            )
        self._names = tuple(names)
        self._codecs = tuple(codec for _, codec in fields)
        required = [
            known[name].default is dataclasses.MISSING and known[name].default_factory is dataclasses.MISSING
            for name in names
        ]
        self._required = tuple(name for name, req in zip(names, required, strict=True) if req)
        # Precomputed matching: from field position i, a tag goes to the first field j >= i that takes
        # it. One dict lookup per element instead of a scan over the remaining fields.
        self._next: tuple[dict[int, tuple[int, str, Any, bool]], ...] = tuple(
            {
                t: (j, names[j], fields[j][1].decode, required[j])
                for j in reversed(range(i, len(names)))
                for t in fields[j][1].tags
            }
            for i in range(len(names) + 1)
        )

    def decode(self, buf: bytes, tag: int, start: int, end: int) -> T:
        nexts = self._next
        values: dict[str, Any] = {}
        unknown: list[Tlv] = []
        i = 0
        found = 0
        name = ""
        try:
            for ctag, s, e in children(buf, start, end):
                hit = nexts[i].get(ctag)
                if hit is None:
                    unknown.append(Tlv(ctag, bytes(buf[s:e])))
                    continue
                j, name, decode, required = hit
                values[name] = decode(buf, ctag, s, e)
                found += required
                i = j + 1
        except MalformedPDU as err:
            raise err.within(name) if name else err from None
        if found < len(self._required):
            missing = next(req for req in self._required if req not in values)
            raise MalformedPDU(f"mandatory field {missing} is missing", start)
        if unknown:
            values["unknown"] = tuple(unknown)
        try:
            return self.cls(**values)
        except (ValueError, TypeError) as err:
            raise MalformedPDU(str(err), start) from None

    def encode(self, value: T) -> bytes:
        parts = []
        for name, codec in zip(self._names, self._codecs, strict=True):
            v = getattr(value, name)
            if v is not None:
                parts.append(codec.encode(v))
        parts.extend(t.encode() for t in value.unknown)  # type: ignore[attr-defined]
        return tlv(self.tag, b"".join(parts))

    def implicit(self, tag: int) -> Sequence[T]:
        return Sequence(self.cls, list(zip(self._names, self._codecs, strict=True)), tag)


RawTlvs = tuple[Tlv, ...]
"""Elements of a SEQUENCE that its schema does not know, in the order received."""
