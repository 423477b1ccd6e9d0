"""Framing of BER PDUs on the TCP stream: `siemens` (0x26 + 15-bit length + complete flag), `len2`
(2-byte big-endian length), `raw` (back to back, cut by their BER length), and autodetection.

`FrameReader` takes bytes as they arrive (split or coalesced anyhow) and hands out whole PDUs; its
buffer is bounded. `frame()` wraps one PDU for sending.
"""

from __future__ import annotations

import enum
from collections import deque
from dataclasses import dataclass

from tandem.cti.ber import DEFAULT_LIMITS, CstaDecodeError, Limits, MalformedPDU, NeedMoreData, read_header

SIEMENS_MARK = 0x26
SIEMENS_COMPLETE = 0x8000
SIEMENS_MAX_SEGMENT = 0x7FFF


class Framing(enum.Enum):
    SIEMENS = "siemens"
    LEN2 = "len2"
    RAW = "raw"
    AUTO = "auto"
    """Receive only: decided by the first byte of the stream."""


class ReceiveBufferFull(CstaDecodeError):
    """More undelivered bytes than the bounded receive buffer holds: the reader was not drained."""


def detect_framing(first_byte: int) -> Framing:
    """The framing a stream uses, from its first byte (0x26 siemens, ACSE/ROSE tag raw, small len2)."""
    if first_byte == SIEMENS_MARK:
        return Framing.SIEMENS
    if 0x60 <= first_byte <= 0x64 or 0xA1 <= first_byte <= 0xA4:
        return Framing.RAW
    if first_byte < SIEMENS_MARK:
        return Framing.LEN2
    raise MalformedPDU(
        f"cannot tell the framing from first byte 0x{first_byte:02x} "
        "(expected 0x26 siemens, a length for len2, or an ACSE/ROSE tag for raw)",
        0,
    )


def frame(pdu: bytes, framing: Framing) -> bytes:
    """`pdu` with the framing header(s) of `framing` (siemens splits PDUs above 32767 bytes)."""
    if framing is Framing.SIEMENS:
        if len(pdu) <= SIEMENS_MAX_SEGMENT:
            return bytes((SIEMENS_MARK,)) + (SIEMENS_COMPLETE | len(pdu)).to_bytes(2, "big") + pdu
        out = bytearray()
        for pos in range(0, len(pdu), SIEMENS_MAX_SEGMENT):
            segment = pdu[pos : pos + SIEMENS_MAX_SEGMENT]
            last = pos + SIEMENS_MAX_SEGMENT >= len(pdu)
            word = len(segment) | (SIEMENS_COMPLETE if last else 0)
            out += bytes((SIEMENS_MARK,)) + word.to_bytes(2, "big") + segment
        return bytes(out)
    if framing is Framing.LEN2:
        if len(pdu) > 0xFFFF:
            raise ValueError(f"a PDU of {len(pdu)} bytes does not fit len2 framing")
        return len(pdu).to_bytes(2, "big") + pdu
    if framing is Framing.RAW:
        return pdu
    raise ValueError("AUTO framing only applies to receiving; choose siemens, len2 or raw to send")


@dataclass(frozen=True, slots=True)
class Frame:
    """One whole PDU and the stream offset of its first byte (for error messages)."""

    pdu: bytes
    offset: int


class FrameReader:
    """Cuts a byte stream into PDUs. Feed with `feed()`, drain with `next_frame()` until None.

    Errors (MalformedPDU with the stream offset) are final: the stream cannot be resynchronised.
    """

    def __init__(
        self, framing: Framing = Framing.AUTO, limits: Limits = DEFAULT_LIMITS, max_buffer: int | None = None
    ) -> None:
        self.framing = framing
        self.limits = limits
        self.max_buffer = max_buffer if max_buffer is not None else 2 * limits.max_pdu_size + 16
        self._buf = bytearray()
        self._base = 0  # stream offset of self._buf[0]
        self._segments = bytearray()  # siemens: payload of segments without the complete flag
        self._segments_offset = 0
        self._ready: deque[Frame] = deque()

    @property
    def buffered(self) -> int:
        """Bytes received but not yet handed out as whole PDUs."""
        return len(self._buf) + len(self._segments)

    def feed(self, data: bytes) -> None:
        """Add received bytes and cut every whole PDU they complete (then drain with next_frame)."""
        self._buf += data
        self._cut()
        # Lengths are checked against the PDU limit before waiting for a value, so only a
        # misconfigured max_buffer (below one PDU) can trip this.
        if self.buffered > self.max_buffer:
            raise ReceiveBufferFull(
                f"receive buffer over its limit of {self.max_buffer} bytes without a whole PDU"
            )

    def next_frame(self) -> Frame | None:
        return self._ready.popleft() if self._ready else None

    def needed(self) -> int:
        """How many more bytes the PDU in progress needs at least (0 if none is in progress)."""
        try:
            self._cut_one(dry_run=True)
        except NeedMoreData as more:
            return more.needed
        return 0

    def _cut(self) -> None:
        while self._buf and self._cut_one(dry_run=False):
            pass

    def _cut_one(self, *, dry_run: bool) -> bool:
        buf = self._buf
        if not buf:
            if self._segments:
                raise NeedMoreData(3)
            return False
        if self.framing is Framing.AUTO:
            try:
                self.framing = detect_framing(buf[0])
            except MalformedPDU as err:
                raise err.shifted(self._base) from None
        if self.framing is Framing.SIEMENS:
            return self._cut_siemens(dry_run)
        if self.framing is Framing.LEN2:
            if len(buf) < 2:
                if dry_run:
                    raise NeedMoreData(2 - len(buf))
                return False
            length = int.from_bytes(buf[:2], "big")
            if length > self.limits.max_pdu_size:
                raise MalformedPDU(
                    f"len2 frame of {length} bytes exceeds the PDU limit of {self.limits.max_pdu_size} bytes",
                    self._base,
                )
            if length == 0:
                raise MalformedPDU("empty len2 frame", self._base)
            return self._take(2, length, dry_run)
        try:
            _tag, vstart, length = read_header(buf, 0, len(buf), self.limits)
        except NeedMoreData:
            if dry_run:
                raise
            return False
        except MalformedPDU as err:
            raise err.shifted(self._base) from None
        total = vstart + length
        if total > self.limits.max_pdu_size:
            raise MalformedPDU(
                f"PDU of {total} bytes exceeds the limit of {self.limits.max_pdu_size} bytes", self._base
            )
        return self._take(0, total, dry_run)

    def _take(self, header: int, length: int, dry_run: bool) -> bool:
        buf = self._buf
        if len(buf) < header + length:
            if dry_run:
                raise NeedMoreData(header + length - len(buf))
            return False
        if dry_run:
            return True
        pdu = bytes(buf[header : header + length])
        self._ready.append(Frame(pdu, self._base + header))
        del buf[: header + length]
        self._base += header + length
        return True

    def _cut_siemens(self, dry_run: bool) -> bool:
        buf = self._buf
        if buf[0] != SIEMENS_MARK:
            raise MalformedPDU(f"siemens frame starts with 0x{buf[0]:02x}, not 0x26", self._base)
        if len(buf) < 3:
            if dry_run:
                raise NeedMoreData(3 - len(buf))
            return False
        word = int.from_bytes(buf[1:3], "big")
        length = word & SIEMENS_MAX_SEGMENT
        if length == 0:
            raise MalformedPDU("empty siemens frame", self._base)
        if len(self._segments) + length > self.limits.max_pdu_size:
            what = "siemens segments add up to" if self._segments else "siemens frame declares"
            raise MalformedPDU(
                f"{what} {len(self._segments) + length} bytes, over the PDU limit of "
                f"{self.limits.max_pdu_size} bytes",
                self._base,
            )
        if len(buf) < 3 + length:
            if dry_run:
                raise NeedMoreData(3 + length - len(buf))
            return False
        if dry_run:
            if not word & SIEMENS_COMPLETE:
                raise NeedMoreData(3)
            return True
        if not self._segments:
            self._segments_offset = self._base + 3
        self._segments += buf[3 : 3 + length]
        del buf[: 3 + length]
        self._base += 3 + length
        if word & SIEMENS_COMPLETE:
            self._ready.append(Frame(bytes(self._segments), self._segments_offset))
            self._segments.clear()
        return True
