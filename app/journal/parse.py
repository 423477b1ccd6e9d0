"""Read a CDR file or download line by line, whatever its format: OSBiz pipe-separated (with or
without a header line) or HiPath 3000 fixed width, CR LF or LF line ends.

Every line comes back as exactly one of CdrLine, HeaderLine or RejectedLine (blank lines carry
nothing and are skipped; they stay in the archived raw batch). Lines are streamed, never all held.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tandem.journal import parse_hipath, parse_osbiz
from tandem.journal.records import CdrLine, FieldError, HeaderLine, RejectedLine

ParsedLine = CdrLine | HeaderLine | RejectedLine


def parse_lines(
    lines: Iterable[bytes], source: str, *, extra_number: bool | None = None
) -> Iterator[ParsedLine]:
    """Parse the lines of one file or download; `source` names it in every rejection.

    The PBX writes 8-bit ASCII; decoding as Latin-1 maps every byte, so no line is ever lost to
    a decoding error.
    """
    osbiz: bool | None = None  # decided by the first non-blank line
    seen_data = False
    read_osbiz, read_hipath = parse_osbiz.parse_line, parse_hipath.parse_line
    line_no = 0
    for raw_bytes in lines:
        line_no += 1
        raw = raw_bytes.rstrip(b"\r\n").decode("latin-1")
        if not raw or raw.isspace():
            continue
        if not seen_data:
            seen_data = True
            osbiz = parse_osbiz.looks_like_osbiz(raw)
            if osbiz and parse_osbiz.is_header(raw):
                yield HeaderLine(line_no, raw)
                continue
        try:
            record = read_osbiz(raw, extra_number) if osbiz else read_hipath(raw)
        except FieldError as exc:
            yield RejectedLine(source, line_no, raw, str(exc))
            continue
        yield CdrLine(line_no, raw, record)
