"""One PDU of the CSTA link, whichever layer it belongs to: ACSE (0x60-0x64) or ROSE (0xa1-0xa4)."""

from __future__ import annotations

from tandem.cti.acse import AARE, AARQ, ABRT, RLRE, RLRQ, AcsePdu, decode_acse, encode_acse
from tandem.cti.ber import DEFAULT_LIMITS, Limits, MalformedPDU, NeedMoreData, describe_tag, read_header
from tandem.cti.rose import Invoke, Reject, ReturnError, ReturnResult, RosePdu, decode_rose, encode_rose

Pdu = AcsePdu | RosePdu

_ACSE_TAGS = frozenset((0x60, 0x61, 0x62, 0x63, 0x64))
_ROSE_TAGS = frozenset((0xA1, 0xA2, 0xA3, 0xA4))


def decode_pdu(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Pdu:
    """Decode exactly one complete PDU (no framing header).

    Raises NeedMoreData if `data` is a valid but incomplete PDU, MalformedPDU (offsets relative to
    `data`) if it is invalid or has bytes after the PDU.
    """
    if len(data) > limits.max_pdu_size:
        raise MalformedPDU(f"PDU of {len(data)} bytes exceeds the limit of {limits.max_pdu_size} bytes", 0)
    tag, start, length = read_header(data, 0, len(data), limits)
    end = start + length
    if end > len(data):
        raise NeedMoreData(end - len(data))
    if end < len(data):
        raise MalformedPDU(f"{len(data) - end} byte(s) after the end of the PDU", end)
    if tag in _ROSE_TAGS:
        return decode_rose(data, tag, start, end)
    if tag in _ACSE_TAGS:
        return decode_acse(data, tag, start, end)
    raise MalformedPDU(f"{describe_tag(tag)} is neither an ACSE nor a ROSE PDU", 0)


def encode_pdu(pdu: Pdu) -> bytes:
    """The BER bytes of a PDU (no framing header)."""
    if isinstance(pdu, Invoke | ReturnResult | ReturnError | Reject):
        return encode_rose(pdu)
    return encode_acse(pdu)


def pdu_kind(pdu: Pdu) -> str:
    """`invoke`, `returnResult`, …, `aarq`, `aare`, …: the name `tandem csta decode` prints."""
    return _KINDS[type(pdu)]


_KINDS: dict[type, str] = {
    Invoke: "invoke",
    ReturnResult: "returnResult",
    ReturnError: "returnError",
    Reject: "reject",
    AARQ: "aarq",
    AARE: "aare",
    RLRQ: "rlrq",
    RLRE: "rlre",
    ABRT: "abrt",
}
