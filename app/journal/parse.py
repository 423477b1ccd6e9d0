"""Read a CDR file or download line by line, whatever its format: OSBiz pipe-separated (with or
without a header line) or HiPath 3000 fixed width, CR LF or LF line ends.

Two readers share the format rules. `parse_lines` hands back every line as exactly one of CdrLine,
HeaderLine or RejectedLine (blank lines carry nothing and are skipped; they stay in the archived
raw batch). `CdrReader` is the import's reader: chunk by chunk, it hands back only what the journal
stores of a line (`CdrFacts`), without building a record for it. Lines are streamed, never all held.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import repeat
from typing import Any

from tandem.journal import parse_hipath, parse_osbiz
from tandem.journal.clock import PbxClock
from tandem.journal.records import (
    KNOWN_CLOCKS,
    KNOWN_DURATIONS,
    KNOWN_INFO_CODES,
    KNOWN_RINGS,
    CdrFacts,
    CdrLine,
    CdrRecord,
    FactColumns,
    FieldError,
    HeaderLine,
    RejectedLine,
    ascii_digits,
    read_clock,
    read_date,
    read_duration,
    read_info_code,
    read_number,
    read_ring,
)

ParsedLine = CdrLine | HeaderLine | RejectedLine
_SLICE_LINES = 1000  # see CdrReader.read
_new_facts = tuple.__new__  # CdrFacts(...) without the Python-level __new__ of a NamedTuple


def _known(texts: list[str], known: dict[str, Any], reader: Callable[[str], object]) -> list[Any] | None:
    """The values `known` (a reader's cache) has for a column's texts; texts it lacks are read
    first (the reader remembers them). None if the reader refuses one of them."""
    for _ in range(2):  # once more if the cache was emptied meanwhile (it holds _CACHE_LIMIT texts)
        try:
            return list(map(known.__getitem__, texts))
        except KeyError:
            try:
                for text in set(texts).difference(known):
                    reader(text)
            except FieldError:
                return None
    return None


def _numbers(texts: list[str]) -> bool:
    """Whether every text of a column is a number `read_number` accepts."""
    joined = "".join(texts)
    if not joined or ascii_digits(joined):
        return True
    try:
        for text in {text for text in set(texts) if text and not ascii_digits(text)}:
            read_number(text)
    except FieldError:
        return False
    return True


class _Format:
    """Which format a payload is in, decided by its first non-blank line (and whether that line
    is an OSBiz header)."""

    def __init__(self) -> None:
        self.osbiz: bool | None = None

    def first_line_is_header(self, raw: str) -> bool:
        """Decide the format on the payload's first non-blank line; True if it is a header."""
        self.osbiz = parse_osbiz.looks_like_osbiz(raw)
        return self.osbiz and parse_osbiz.is_header(raw)


def parse_lines(
    lines: Iterable[bytes], source: str, *, extra_number: bool | None = None
) -> Iterator[ParsedLine]:
    """Parse the lines of one file or download; `source` names it in every rejection.

    Lines are read with `line_text`.
    """
    fmt = _Format()
    line_no = 0
    for raw_bytes in lines:
        line_no += 1
        raw = line_text(raw_bytes)
        if not raw or raw.isspace():
            continue
        if fmt.osbiz is None and fmt.first_line_is_header(raw):
            yield HeaderLine(line_no, raw)
            continue
        try:
            record = _parse(raw, fmt.osbiz, extra_number)
        except FieldError as exc:
            yield RejectedLine(source, line_no, raw, str(exc))
            continue
        yield CdrLine(line_no, raw, record)


def _parse(raw: str, osbiz: bool | None, extra_number: bool | None) -> CdrRecord:
    return parse_osbiz.parse_line(raw, extra_number) if osbiz else parse_hipath.parse_line(raw)


def line_text(line: bytes) -> str:
    """A line's text without its line end. The PBX writes 8-bit ASCII; decoding as Latin-1 maps
    every byte, so no line is ever lost to a decoding error."""
    return line.rstrip(b"\r\n").decode("latin-1")


class CdrReader:
    """The import's reader of one payload: `read(chunk)` takes the next lines (line ends kept) and
    returns the facts of their records and their rejected lines; `header` is the header line seen.

    It accepts and rejects exactly what `parse_lines` does, with the same reasons: an OSBiz field
    is looked up in the field readers' caches, which hold only texts a reader has checked, and any
    other text goes to the readers; a line with anything wrong is parsed again by `parse_lines`'
    parser for its reason. What it saves is a record object, a datetime and a function call per
    field on every line, most of the time of a million-line import.
    """

    def __init__(self, source: str, clock: PbxClock, extra_number: bool | None = None) -> None:
        self.source = source
        self.clock = clock
        self.extra_number = extra_number
        self.header = ""
        self._format = _Format()
        self._line_no = 0
        self._days: dict[str, list[int]] = {}  # date text → UTC epoch of each of its local hours
        self._shapes: dict[int, tuple[int, bool]] = {}  # see _shape

    def read(self, chunk: Sequence[bytes]) -> tuple[FactColumns, list[RejectedLine]]:
        """The facts of the chunk's records, and its rejected lines."""
        parts: list[FactColumns] = []
        rejected: list[RejectedLine] = []
        # A slice of a thousand lines at a time: their columns stay in the processor's caches
        # (measured on a million lines: 1.7 s in slices of 1,000 lines, 3.9 s in one of 20,000).
        for start in range(0, len(chunk), _SLICE_LINES):
            lines = chunk[start:start + _SLICE_LINES]
            columns = self._read_columns(lines) if self._format.osbiz else None
            if columns is not None:
                self._line_no += len(lines)
            else:
                facts, more = self._read_lines(lines)
                columns = FactColumns.of(facts)
                rejected += more
            parts.append(columns)
        if len(parts) == 1:
            return parts[0], rejected
        if not parts:
            return FactColumns.of(()), rejected
        joined: list[list[Any]] = [list(itertools.chain.from_iterable(column))
                                   for column in zip(*parts, strict=True)]
        return FactColumns(*joined), rejected

    def _read_columns(self, chunk: Sequence[bytes]) -> FactColumns | None:
        """An OSBiz chunk read column by column, if every line has the same shape and only fields
        the readers accept (None otherwise: then it is read line by line, which gives each
        rejected line its reason). A PBX writes one shape, so nearly every chunk is read so."""
        texts = [line.rstrip(b"\r\n").decode("latin-1") for line in chunk]  # line_text, without the call
        if not texts:
            return FactColumns.of(())
        pipes = texts[0].count("|")
        if not pipes or list(map(str.count, texts, repeat("|"))).count(pipes) != len(texts):
            return None
        width = pipes + 1
        values = "|".join(texts).split("|")  # `width` values per line: column i is values[i::width]
        last = values[pipes::width]
        last_empty = not any(last)
        if not last_empty and "" in last:
            return None
        fields, has_extra = self._shapes.get(width * 2 + last_empty) or self._shape_of(width, last_empty)
        if not fields or (has_extra and not _numbers(values[fields::width])):
            return None
        dates, clocks, trunk, extension, rings, durations, number = (values[i::width] for i in range(7))
        ring = _known(rings, KNOWN_RINGS, read_ring)
        duration = _known(durations, KNOWN_DURATIONS, read_duration)
        info = _known(values[8::width], KNOWN_INFO_CODES, read_info_code)
        hours = _known(dates, self._days, self._learn_date)
        times = _known(clocks, KNOWN_CLOCKS, read_clock)
        if (ring is None or duration is None or info is None or hours is None or times is None
                or not _numbers(number)):
            return None
        return FactColumns(
            list(range(self._line_no + 1, self._line_no + 1 + len(texts))), texts, trunk, extension, ring,
            duration, number, info, [day[hour] + minute * 60 + second  # PbxClock.to_epoch, inline
                                     for day, (hour, minute, second) in zip(hours, times, strict=True)])

    def _learn_date(self, text: str) -> None:
        if text not in self._days:
            self._days[text] = self.clock.hour_starts(*read_date(text))

    def _read_lines(self, chunk: Sequence[bytes]) -> tuple[list[CdrFacts], list[RejectedLine]]:
        facts: list[CdrFacts] = []
        rejected: list[RejectedLine] = []
        fmt = self._format
        # The loop below runs for every line of a large import: what it uses is held in locals,
        # and the OSBiz line of known texts (nearly all of them) is read without a call.
        shapes, days, new_facts, append = self._shapes, self._days, _new_facts, facts.append
        clocks, info_codes, rings, durations = KNOWN_CLOCKS, KNOWN_INFO_CODES, KNOWN_RINGS, KNOWN_DURATIONS
        for line_no, raw_bytes in enumerate(chunk, self._line_no + 1):
            raw = raw_bytes.rstrip(b"\r\n").decode("latin-1")  # line_text(raw_bytes), without the call
            shaped: list[str] | None = None  # an OSBiz line's fields, if it has an OSBiz shape
            if fmt.osbiz:
                parts = raw.split("|")
                shape = shapes.get(len(parts) * 2 + (parts[-1] == "")) or self._shape(parts)
                fields, has_extra = shape
                if fields and (not has_extra or not parts[fields] or ascii_digits(parts[fields])):
                    shaped = parts
                    clock = clocks.get(parts[1])
                    hours = days.get(parts[0])
                    info = info_codes.get(parts[8])
                    number, ring_text, duration_text = parts[6], parts[4], parts[5]
                    ring = rings.get(ring_text) if ring_text else None
                    duration = durations.get(duration_text) if duration_text else None
                    if (clock is not None and hours is not None and info is not None
                            and (not number or (number.isdigit() and number.isascii()))
                            and (ring is not None or not ring_text)
                            and (duration is not None or not duration_text)):
                        append(new_facts(CdrFacts, (line_no, raw, parts[2], parts[3], ring, duration, number,
                                                    info, hours[clock[0]] + clock[1] * 60 + clock[2])))
                        continue
            if not raw or raw.isspace():
                continue
            if fmt.osbiz is None and fmt.first_line_is_header(raw):
                self.header = raw
                continue
            try:
                if shaped is not None:  # a field not known yet: read them all through the readers
                    fact = self._osbiz_slowly(line_no, raw, shaped)
                else:
                    fact = self._from_record(line_no, raw, _parse(raw, fmt.osbiz, self.extra_number))
            except FieldError as exc:
                rejected.append(RejectedLine(self.source, line_no, raw, str(exc)))
                continue
            append(fact)
        self._line_no += len(chunk)
        return facts, rejected

    def _shape(self, parts: list[str]) -> tuple[int, bool]:
        """parse_osbiz.line_shape of a line split at its `|`s, (0, False) for none, remembered."""
        return self._shape_of(len(parts), parts[-1] == "")

    def _shape_of(self, count: int, last_empty: bool) -> tuple[int, bool]:
        shape = parse_osbiz.line_shape(count, last_empty, self.extra_number) or (0, False)
        self._shapes[count * 2 + last_empty] = shape
        return shape

    def _osbiz_slowly(self, line_no: int, raw: str, parts: list[str]) -> CdrFacts:
        """Read the fields through the readers (which check them and remember them for the next
        lines). Raises FieldError, with the full parser's reason, if anything is wrong."""
        try:
            ymd = read_date(parts[0])
            hours = self._days.get(parts[0]) or self._days.setdefault(parts[0], self.clock.hour_starts(*ymd))
            hour, minute, second = read_clock(parts[1])
            read_number(parts[6])
            return CdrFacts(line_no, raw, parts[2], parts[3], read_ring(parts[4]), read_duration(parts[5]),
                            parts[6], read_info_code(parts[8]), hours[hour] + minute * 60 + second)
        except FieldError:
            parse_osbiz.parse_line(raw, self.extra_number)  # raises with the reason it gives
            raise

    def _from_record(self, line_no: int, raw: str, record: CdrRecord) -> CdrFacts:
        return CdrFacts(line_no, raw, record.trunk, record.extension, record.ring_seconds,
                        record.duration_seconds, record.number, record.info_code,
                        self.clock.to_epoch(record.ended_at))
