"""`tandem csta decode`: decode CSTA PDUs given as hex (from a trace or a log) into JSON, one object a PDU."""

from __future__ import annotations

import argparse
import re
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tandem.commands import CommandRegistry

_SEPARATORS = re.compile(r"[\s:,\-]+")


def register(registry: CommandRegistry) -> None:
    group = registry.group("csta", "CSTA link tools")
    parser = group.add_parser(
        "decode",
        help="decode CSTA PDUs from hex into JSON",
        description="Decode CSTA Phase III PDUs (framed or bare) given as hex; spaces and colons are "
        "allowed. Prints one JSON object per PDU. Exit status 2 on input that does not decode.",
    )
    parser.add_argument("hex", nargs="+", metavar="HEX", help="the bytes, e.g. 26 80 0e a1 0c 02 01 01 …")
    parser.add_argument(
        "--framing",
        choices=["auto", "siemens", "len2", "raw"],
        default="auto",
        help="how the PDUs are framed (default: tell from the first byte)",
    )
    parser.add_argument("--pretty", action="store_true", help="indented, easier-to-read JSON")
    parser.set_defaults(handler=_decode)


def _decode(args: argparse.Namespace) -> int:
    import json

    from tandem.cti.ber import CstaDecodeError, MalformedPDU, NeedMoreData
    from tandem.cti.framing import FrameReader, Framing
    from tandem.cti.json_view import pdu_to_json
    from tandem.cti.pdu import decode_pdu

    text = _SEPARATORS.sub("", "".join(args.hex)).lower().replace("0x", "")
    bad = re.search(r"[^0-9a-f]", text)
    if bad or len(text) % 2:
        what = f"{bad.group()!r} is not a hex digit" if bad else "an odd number of hex digits"
        print(f"tandem csta decode: the input is not hex bytes: {what}", file=sys.stderr)
        return 2
    data = bytes.fromhex(text)
    if not data:
        print("tandem csta decode: no bytes given", file=sys.stderr)
        return 2
    reader = FrameReader(Framing(args.framing), max_buffer=len(data) + 16)
    indent = 2 if args.pretty else None
    try:
        try:
            reader.feed(data)
        except MalformedPDU as broken:
            stream_error: MalformedPDU | None = broken  # the PDUs before the break still print
        else:
            stream_error = None
        while (item := reader.next_frame()) is not None:
            try:
                pdu = decode_pdu(item.pdu)
            except MalformedPDU as err:
                raise err.shifted(item.offset) from None
            except NeedMoreData as err:
                raise MalformedPDU(
                    f"frame ends {err.needed} byte(s) before the end of its PDU", item.offset + len(item.pdu)
                ) from None
            print(json.dumps(pdu_to_json(pdu), indent=indent, ensure_ascii=False))
        if stream_error is not None:
            raise stream_error
        missing = reader.needed()
        if missing or reader.buffered:
            start = len(data) - reader.buffered
            print(
                f"tandem csta decode: incomplete input at byte {start} in pdu: the last PDU needs at "
                f"least {max(missing, 1)} more byte(s)",
                file=sys.stderr,
            )
            return 2
    except MalformedPDU as err:
        path = err.path or "pdu"
        print(
            f"tandem csta decode: malformed input at byte {err.offset} in {path}: {err.reason}",
            file=sys.stderr,
        )
        return 2
    except CstaDecodeError as err:
        print(f"tandem csta decode: {err}", file=sys.stderr)
        return 2
    return 0
