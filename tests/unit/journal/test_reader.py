"""The import's line reader (CdrReader) against the reference parser (parse_lines): for any lines,
cut into chunks anywhere, it accepts and rejects exactly the same lines, with the same reasons,
and its facts are those of the parsed records."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tandem.journal import parse_hipath
from tandem.journal.clock import PbxClock
from tandem.journal.parse import CdrReader, line_text, parse_lines
from tandem.journal.reading import _texts
from tandem.journal.records import CdrFacts, CdrLine, CdrRecord, HeaderLine, RejectedLine

BERLIN = ZoneInfo("Europe/Berlin")
# Field texts, valid and not, so that lines take the reader's fast path, its slow path and both
# parsers' every rejection. The date and time pools include the end of summer time in Berlin.
# '\u00b2' and its kind are digits to str.isdigit (Latin-1 bytes 0xB2, 0xB3, 0xB9), not to int().
DATES = ["03.11.25", "26.10.25", "31.12.2025", "29.02.24", "29.02.25", "32.01.25", "3.11.25", "",
         "0\u00b3.11.25"]
TIMES = ["09:14:52", "02:30:00", "23:59:59", "00:00:00", "24:00:00", "9:14:52", "00:60:00", "",
         "09:14:5\u00b2"]
RINGS = ["", "00:07", "99:59", "00:60", "7", "ab:cd", "00:0\u00b9"]
DURATIONS = ["", "00:02:41", "99:59:59", "00:00:00", "00:61:00", "2:41", "00:02:4\u00b2"]
NUMBERS = ["", "08912345678", "0891234????", "+49#*", "08x", "\u00e41", "089\u00b2"]
INFOS = [*map(str, range(10)), "51", "59", "10", "60", "99", "x", "", "\u00b9"]
FREE = ["", "1", "120", "4711", "12\u00e40", " "]



def field(texts: list[str], valid: int) -> st.SearchStrategy[str]:
    """One of `texts`, mostly one of the first `valid` (valid lines share dates and times, which
    is what sends a line down the reader's fast path)."""
    return st.sampled_from(texts[:valid]) | st.sampled_from(texts[:valid]) | st.sampled_from(texts)


osbiz_lines = st.builds(
    lambda head, more, trailing: "|".join([*head, *more]) + ("|" if trailing else ""),
    st.tuples(field(DATES, 2), field(TIMES, 2), field(FREE, 3), field(FREE, 3), field(RINGS, 2),
              field(DURATIONS, 3), field(NUMBERS, 2), field(FREE, 2), field(INFOS, 3)),
    st.lists(st.sampled_from(FREE + NUMBERS), max_size=10),
    st.booleans(),
)
hipath_lines = st.builds(
    lambda moment, ring, number, info: parse_hipath.format_line(
        CdrRecord(moment, "1", "120", ring, None, number, "", info)),
    st.datetimes(datetime(2024, 1, 1), datetime(2026, 12, 31)).map(lambda d: d.replace(microsecond=0)),
    st.none() | st.integers(0, 5999), st.sampled_from(NUMBERS[:3]), st.sampled_from([0, 1, 2, 51]),
) | st.sampled_from(["x" * 113, "kaputt", "32.01.25"])
other_lines = st.sampled_from(["", "   ", "Datum|Uhrzeit|Lt|Tln|Ruf|Dauer|Rufnummer|Betrag|I|"])
line_ends = st.sampled_from(["\r\n", "\n", ""])


def expected(lines: list[bytes], extra_number: bool | None) -> tuple[list[object], str]:
    clock = PbxClock(BERLIN)
    out: list[object] = []
    header = ""
    for parsed in parse_lines(lines, "cdr.txt", extra_number=extra_number):
        if isinstance(parsed, HeaderLine):
            header = parsed.raw
        elif isinstance(parsed, CdrLine):
            r = parsed.record
            out.append(CdrFacts(parsed.line_no, parsed.raw, r.trunk, r.extension, r.ring_seconds,
                                r.duration_seconds, r.number, r.info_code, clock.to_epoch(r.ended_at)))
        else:
            out.append(parsed)
    return out, header


def read_in_chunks(reader: CdrReader, lines: list[bytes], cuts: list[int]) -> list[object]:
    """What `reader` reads of `lines` cut into chunks at `cuts`, facts and rejects in line order."""
    got: list[object] = []
    start = 0
    for cut in [*sorted(cuts), len(lines)]:
        columns, rejected = reader.read(lines[start:max(start, cut)])
        # Within a chunk the reader returns facts and rejects apart; merge them back by line.
        got.extend(sorted([*columns.facts(), *rejected], key=lambda item: item.line_no))
        start = max(start, cut)
    return got


GOOD = "03.11.25|09:14:52|1|120|00:07|00:02:41|08912345678||1|"
# A good line primes the reader's caches, so that each bad field below meets the fast path.
BAD = [
    "03.11.25|09:14:52|1|120|00:07|00:02:41|08x||1|",  # number
    "03.11.25|09:14:52|1|120|00:60|00:02:41|0891||1|",  # ring time
    "03.11.25|09:14:52|1|120|00:07|00:61:41|0891||1|",  # duration
    "03.11.25|09:14:52|1|120|00:07|00:02:41|0891||10|",  # information code
    "03.11.25|24:14:52|1|120|00:07|00:02:41|0891||1|",  # time
    "03.11.25|09:14:52|1|120|00:07|00:02:41|0891||1|||||x|",  # field count
    "03.11.25|09:14:52|1|120|00:07|00:02:41|0891||1|||||||||08x|",  # extra number
]


@settings(max_examples=300, deadline=None)
@example(texts=[(GOOD, "\r\n"), *((bad, "\r\n") for bad in BAD), (GOOD, "\n")], cuts=[], extra_number=None)
@example(texts=[(GOOD, "\r\n"), *((bad, "\r\n") for bad in BAD)], cuts=[1, 3], extra_number=True)
@given(
    texts=st.lists(st.tuples(osbiz_lines | osbiz_lines | hipath_lines | other_lines, line_ends), max_size=30),
    cuts=st.lists(st.integers(0, 30), max_size=4),
    extra_number=st.sampled_from([None, True, False]),
)
def test_reader_reads_what_the_parser_reads(texts: list[tuple[str, str]], cuts: list[int],
                                            extra_number: bool | None) -> None:
    lines = [(text + end).encode("latin-1") for text, end in texts]
    reader = CdrReader("cdr.txt", PbxClock(BERLIN), extra_number)
    got = read_in_chunks(reader, lines, cuts)
    want, header = expected(lines, extra_number)
    assert got == want
    assert reader.header == header
    assert all(isinstance(item, CdrFacts | RejectedLine) for item in got)


BYTES = [b"a", b"|", b"\r", b"\n", b"\r\n", b"\x85", b"\x0b"]  # \x85 and \x0b: line breaks to str.splitlines


@settings(max_examples=1000, deadline=None)
@given(data=st.lists(st.sampled_from(BYTES), max_size=12).map(b"".join), first=st.integers(1, 50_000),
       picks=st.lists(st.integers(0, 11), max_size=6))
def test_the_importer_reads_back_the_texts_the_reader_process_read(data: bytes, first: int,
                                                                  picks: list[int]) -> None:
    """A chunk comes from the reader process as bytes; the importer cuts the planned lines' texts
    out of them again (reading._texts). They are the texts CdrReader read, stray CR and LF,
    Latin-1 bytes that str.splitlines would split at, and a last line without its end included."""
    read = [line_text(line) for line in io.BytesIO(data)]  # the lines as a file iterator cuts them
    wanted = [first + pick for pick in picks if pick < len(read)]
    assert _texts(data, wanted, first) == [read[line_no - first] for line_no in wanted]


@st.composite
def uniform_lines(draw: st.DrawFn) -> list[str]:
    """Lines of one shape, as a PBX writes them: 9, 13, 14 or 16 fields, with or without the extra
    number and the trailing `|`."""
    fields = draw(st.sampled_from([9, 13, 14, 16]))
    extra, trailing = draw(st.booleans()), draw(st.booleans())
    head = st.tuples(field(DATES, 2), field(TIMES, 4), field(FREE, 3), field(FREE, 3), field(RINGS, 2),
                     field(DURATIONS, 3), field(NUMBERS, 4), field(FREE, 2), field(INFOS, 3))
    more = st.lists(st.sampled_from(FREE[:3]), min_size=fields - 9, max_size=fields - 9)
    extras = st.lists(field(NUMBERS, 2), min_size=int(extra), max_size=int(extra))
    line = st.builds(lambda h, m, x: "|".join([*h, *m, *x]) + ("|" if trailing else ""), head, more, extras)
    return draw(st.lists(line, min_size=1, max_size=40))


@settings(max_examples=300, deadline=None)
@example(texts=["03.11.25|09:14:52|1|120|00:07|00:02:41|0891||1|||||0891|",
                "03.11.25|09:14:53|1|120|00:07|00:02:41|0892||1|||||08x|"], cuts=[1], extra_number=True)
@example(texts=["03.11.25|09:14:52|1|120|00:07|00:02:41|0891||1||0891|",
                "03.11.25|09:14:53|1|120|00:07|00:02:41|0892||1||089\u00b2|"], cuts=[1], extra_number=None)
@given(texts=uniform_lines(), cuts=st.lists(st.integers(0, 40), max_size=3),
       extra_number=st.sampled_from([None, True, False]))
def test_lines_of_one_shape_read_column_by_column_are_what_the_parser_reads(
        texts: list[str], cuts: list[int], extra_number: bool | None) -> None:
    lines = [(GOOD + "\r\n").encode("latin-1"), *((text + "\r\n").encode("latin-1") for text in texts)]
    reader = CdrReader("cdr.txt", PbxClock(BERLIN), extra_number)
    assert read_in_chunks(reader, lines, cuts) == expected(lines, extra_number)[0]


def test_a_chunk_of_known_lines_is_read_by_columns_and_one_bad_field_sends_it_line_by_line() -> None:
    reader = CdrReader("cdr.txt", PbxClock(BERLIN))
    reader.read([GOOD.encode() + b"\r\n"])  # decides the format
    good = [f"03.11.25|09:14:{s:02}|1|120|00:07|00:02:41|0891{s}||1|".encode() + b"\n" for s in range(50)]
    columns = reader._read_columns(good)
    assert columns is not None and columns.number[7] == "08917" and columns.line_no[0] == 2
    assert reader._read_columns([*good, BAD[2].encode()]) is None  # ring time 00:60
    read, rejected = reader.read([*good, BAD[2].encode()])
    assert len(read.raw) == 50 and [r.line_no for r in rejected] == [52]
