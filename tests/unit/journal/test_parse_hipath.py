"""Golden tests of the HiPath 3000 fixed-width format (docs/cdr.md §4)."""

from datetime import datetime

import pytest

from tandem.journal.parse import parse_lines
from tandem.journal.parse_hipath import LINE_WIDTH, format_line, parse_line
from tandem.journal.records import CdrLine, CdrRecord, FieldError, RejectedLine


def fixed(**cols: str) -> str:
    """A line built column by column (1-based, inclusive), as the documentation lists them."""
    line = [" "] * LINE_WIDTH
    spans = {"date": 1, "time": 9, "trunk": 17, "station": 20, "ring": 26, "duration": 31, "number": 39,
             "charge": 64, "info": 75, "account": 77, "msn": 88, "seizure": 99, "lcr": 104, "us": 106}
    for name, text in cols.items():
        start = spans[name] - 1
        line[start : start + len(text)] = list(text)
    return "".join(line)


GOLDEN = fixed(date="03.11.25", time="09:14:52", trunk="  1", station="120", ring="00:07",
               duration="00:02:41", number="08912345678", charge="         12", info=" 1",
               account="4711", msn="3", seizure="0", lcr="2", us="PWCARR1")


def test_golden_line() -> None:
    rec = parse_line(GOLDEN)
    assert rec == CdrRecord(datetime(2025, 11, 3, 9, 14, 52), "1", "120", 7, 161, "08912345678", "12", 1,
                            "4711", "3", "0", "2", "P", "W", "CARR1")


def test_format_writes_the_same_columns() -> None:
    assert format_line(parse_line(GOLDEN)) == GOLDEN


def test_stripped_blank_fill_and_crlf_are_accepted() -> None:
    data = (GOLDEN.rstrip() + "\r\n" + GOLDEN + "\n").encode()
    out = list(parse_lines(data.splitlines(keepends=True), "hipath.txt"))
    assert [type(o) for o in out] == [CdrLine, CdrLine]
    assert out[0].record == out[1].record  # type: ignore[union-attr]


def test_unanswered_incoming_and_ring_information() -> None:
    rec = parse_line(fixed(date="03.11.25", time="09:31:40", trunk="  1", station="120", ring="00:21",
                           number="08912345678", info=" 1"))
    assert rec.duration_seconds is None and rec.ring_seconds == 21
    ring = parse_line(fixed(date="03.11.25", time="09:31:19", trunk="  1", station="121", number="0891????",
                            info=" 0"))
    assert ring.info_code == 0 and ring.number == "0891????"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (GOLDEN + "X", "113 characters"),
        (fixed(date="03.13.25", time="09:14:52", info=" 1"), "date '03.13.25' does not exist"),
        (fixed(date="03.11.25", time="09:14", info=" 1"), "time '09:14' is not hh:mm:ss"),
        (fixed(date="03.11.25", time="09:14:52", info="99"), "information code 99 is unknown"),
    ],
)
def test_malformed_fixed_width_lines(line: str, reason: str) -> None:
    with pytest.raises(FieldError, match=reason.replace("(", r"\(")):
        parse_line(line)
    out = list(parse_lines([GOLDEN.encode() + b"\r\n", line.encode() + b"\r\n"], "h.txt"))
    assert isinstance(out[1], RejectedLine) and out[1].line_no == 2 and reason in out[1].reason


def test_too_wide_values_cannot_be_written() -> None:
    rec = parse_line(GOLDEN)._replace(number="1" * 26)
    with pytest.raises(FieldError, match="number"):
        format_line(rec)
