"""Call data records as the PBX writes them: the record type, the information code, and the
field readers and writers that both CDR formats (OSBiz pipe, HiPath fixed width) share.

Times in a record are the PBX's wall clock, exactly as written (naive datetimes); the store turns
them into UTC with the PBX time zone it is given.
"""

from __future__ import annotations

import enum
import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple


class InfoCode(enum.IntEnum):
    """Field 9 of a CDR line without the DISA offset (see `CdrRecord.disa`)."""

    RINGING = 0  # written when an incoming call starts ringing, one line per called extension
    INCOMING = 1
    OUTGOING = 2
    INCOMING_OTHER_SERVICE = 3
    OUTGOING_OTHER_SERVICE = 4
    INCOMING_TRANSFERRED = 5
    OUTGOING_TRANSFERRED = 6
    CONFERENCE_INCOMING = 7
    CONFERENCE_OUTGOING = 8
    OUTGOING_VIA_FORWARDING = 9


DISA_OFFSET = 50
_INCOMING_CODES = frozenset({InfoCode.RINGING, InfoCode.INCOMING, InfoCode.INCOMING_OTHER_SERVICE,
                             InfoCode.INCOMING_TRANSFERRED, InfoCode.CONFERENCE_INCOMING})
_SEGMENT_CODES = frozenset({InfoCode.INCOMING_TRANSFERRED, InfoCode.OUTGOING_TRANSFERRED,
                            InfoCode.CONFERENCE_INCOMING, InfoCode.CONFERENCE_OUTGOING,
                            InfoCode.OUTGOING_VIA_FORWARDING})


class Direction(str, enum.Enum):
    INCOMING = "in"
    OUTGOING = "out"
    INTERNAL = "internal"


class CdrRecord(NamedTuple):
    """One CDR line. Empty text fields are "", absent times are None, `number` keeps privacy `?`s.

    A NamedTuple rather than a frozen dataclass: imports build a million of them, and a frozen
    dataclass takes ten times as long to construct.
    """

    ended_at: datetime  # end of the call (info 0: start of ringing), PBX wall clock
    trunk: str
    extension: str
    ring_seconds: int | None
    duration_seconds: int | None
    number: str
    charge: str
    info_code: int  # as written, DISA offset included
    account_code: str = ""
    msn: str = ""
    seizure_code: str = ""
    lcr_route: str = ""
    pri_nodal_service: str = ""
    wats_band: str = ""
    carrier_id: str = ""
    extra_number: str = ""  # LCR number sent (outgoing) or number first dialled (incoming)

    @property
    def info(self) -> InfoCode:
        return InfoCode(self.info_code % DISA_OFFSET)

    @property
    def disa(self) -> bool:
        return self.info_code >= DISA_OFFSET

    @property
    def direction(self) -> Direction:
        return Direction.INCOMING if self.info in _INCOMING_CODES else Direction.OUTGOING

    @property
    def is_segment_of_longer_call(self) -> bool:
        """Transfer, forwarding or conference: other lines of the same call are to be expected."""
        return self.info in _SEGMENT_CODES

    @property
    def started_at(self) -> datetime:
        """When the call (or this segment of it) started: end − duration, or end − ring time
        for an unanswered call. Ring time is not subtracted from an answered call: it is kept apart."""
        return self.ended_at - timedelta(seconds=start_offset(self.ring_seconds, self.duration_seconds))


def start_offset(ring_seconds: int | None, duration_seconds: int | None) -> int:
    """Seconds from start to end of a segment, per `CdrRecord.started_at`."""
    if duration_seconds is not None:
        return duration_seconds
    return ring_seconds or 0


def start_offsets(ring_seconds: Iterable[int | None], duration_seconds: Iterable[int | None]) -> list[int]:
    """`start_offset` of each pair: the same rule, as one loop (a large import runs it for
    hundreds of thousands of lines; a call per line costs several times more)."""
    return [duration if duration is not None else ring or 0
            for ring, duration in zip(ring_seconds, duration_seconds, strict=True)]


class FieldError(ValueError):
    """A field could not be read; the message names the field and the offending text."""


# --- readers -------------------------------------------------------------------------------------
_NUMBER = re.compile(r"[0-9?*#+]*")


def ascii_digits(text: str) -> bool:
    """Whether `text` is ASCII digits only. str.isdigit alone also takes other digits ('²', '³'
    and '¹' among the Latin-1 bytes a line is decoded from), which int() then refuses."""
    return text.isdigit() and text.isascii()


# The readers below are called for every line of million-line files; the same few thousand
# date, time and duration texts recur, so each keeps a bounded cache of what it has read. Only a
# reader puts a text in its cache, after checking it: a hit is a valid field, which lets the
# import's line reader (parse.CdrReader) look texts up without calling the readers.
_CACHE_LIMIT = 200_000
KNOWN_DATES: dict[str, tuple[int, int, int]] = {}
KNOWN_CLOCKS: dict[str, tuple[int, int, int]] = {}
# An empty ring or duration field is a valid text too: none.
KNOWN_DURATIONS: dict[str, int | None] = {"": None}
KNOWN_RINGS: dict[str, int | None] = {"": None}


def _remember(cache: dict[str, Any], key: str, value: Any) -> None:
    if len(cache) >= _CACHE_LIMIT:
        kept = {"": cache[""]} if "" in cache else {}
        cache.clear()
        cache.update(kept)
    cache[key] = value


def read_date(text: str) -> tuple[int, int, int]:
    """`DD.MM.YY` or `DD.MM.YYYY` → (year, month, day); two-digit years are 20YY."""
    hit = KNOWN_DATES.get(text)
    if hit is not None:
        return hit
    if len(text) not in (8, 10) or text[2] != "." or text[5] != "." or not ascii_digits(
            text[0:2] + text[3:5] + text[6:]):
        raise FieldError(f"date {text!r} is not DD.MM.YY")
    day, month, year = int(text[0:2]), int(text[3:5]), int(text[6:])
    if len(text) == 8:
        year += 2000
    try:
        date(year, month, day)
    except ValueError:
        raise FieldError(f"date {text!r} does not exist") from None
    _remember(KNOWN_DATES, text, (year, month, day))
    return year, month, day


def read_clock(text: str) -> tuple[int, int, int]:
    """`hh:mm:ss` → (hours, minutes, seconds) of a time of day."""
    hit = KNOWN_CLOCKS.get(text)
    if hit is not None:
        return hit
    hms = _read_hms(text, "time")
    if hms[0] > 23:
        raise FieldError(f"time {text!r} is not a time of day")
    _learn_hour(hms[0])
    return hms


def _learn_hour(hour: int) -> None:
    """Put every time of day of `hour` into KNOWN_CLOCKS (each one is valid: a time is always
    written hh:mm:ss). A large import meets all 86,400 times of day; read one at a time, each
    would first go the long way through the readers."""
    if len(KNOWN_CLOCKS) > _CACHE_LIMIT - 3600:
        KNOWN_CLOCKS.clear()
    KNOWN_CLOCKS.update({f"{hour:02}:{minute:02}:{second:02}": (hour, minute, second)
                         for minute in range(60) for second in range(60)})


def read_datetime(date_text: str, time_text: str) -> datetime:
    return datetime(*read_date(date_text), *read_clock(time_text))


def read_ring(text: str) -> int | None:
    """Ring time `mm:ss` → seconds; empty → None."""
    if not text:
        return None
    hit = KNOWN_RINGS.get(text)
    if hit is not None:
        return hit
    if len(text) != 5 or text[2] != ":" or not ascii_digits(text[:2] + text[3:]) or int(text[3:]) > 59:
        raise FieldError(f"ring time {text!r} is not mm:ss")
    value = int(text[:2]) * 60 + int(text[3:])
    _remember(KNOWN_RINGS, text, value)
    return value


def read_duration(text: str) -> int | None:
    """Call duration `hh:mm:ss` → seconds; empty → None."""
    if not text:
        return None
    hit = KNOWN_DURATIONS.get(text)
    if hit is not None:
        return hit
    hours, minutes, seconds = _read_hms(text, "call duration")
    value = hours * 3600 + minutes * 60 + seconds
    _remember(KNOWN_DURATIONS, text, value)
    return value


def _read_hms(text: str, what: str) -> tuple[int, int, int]:
    if len(text) != 8 or text[2] != ":" or text[5] != ":":
        raise FieldError(f"{what} {text!r} is not hh:mm:ss")
    if not ascii_digits(text[0:2] + text[3:5] + text[6:8]):
        raise FieldError(f"{what} {text!r} is not hh:mm:ss")
    hours, minutes, seconds = int(text[0:2]), int(text[3:5]), int(text[6:8])
    if minutes > 59 or seconds > 59:
        raise FieldError(f"{what} {text!r} is not hh:mm:ss")
    return hours, minutes, seconds


KNOWN_INFO_CODES: dict[str, int] = {
    str(code): code for code in (*range(10), *range(DISA_OFFSET, DISA_OFFSET + 10))
}


def read_info_code(text: str) -> int:
    code = KNOWN_INFO_CODES.get(text)
    if code is not None:
        return code
    if not ascii_digits(text):
        raise FieldError(f"information code {text!r} is not a number")
    code = int(text)
    if code % DISA_OFFSET > 9 or code >= 2 * DISA_OFFSET:
        raise FieldError(f"information code {code} is unknown (0-9, or 50-59 for DISA)")
    return code


def read_number(text: str, what: str = "number") -> str:
    if not text or ascii_digits(text):
        return text
    if not _NUMBER.fullmatch(text):
        raise FieldError(f"{what} {text!r} has characters other than digits, ?, *, # and +")
    return text


# --- writers (the simulator and the round-trip tests write what the parsers read) ---------------
def write_date(moment: datetime, four_digit_year: bool = False) -> str:
    return moment.strftime("%d.%m.%Y" if four_digit_year else "%d.%m.%y")


def write_clock(moment: datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"


def write_ring(seconds: int | None) -> str:
    return "" if seconds is None else f"{seconds // 60:02d}:{seconds % 60:02d}"


def write_duration(seconds: int | None) -> str:
    if seconds is None:
        return ""
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


# --- what a parser hands back for each line ------------------------------------------------------
class CdrLine(NamedTuple):
    """A line that was read as a record. `raw` is the line without its line end."""

    line_no: int
    raw: str
    record: CdrRecord


class CdrFacts(NamedTuple):
    """What the journal keeps of a CDR line: the line itself and the fields grouping reads."""

    line_no: int
    raw: str  # without the line end
    trunk: str
    extension: str
    ring_seconds: int | None
    duration_seconds: int | None
    number: str
    info_code: int
    ended_at: int  # UTC epoch seconds


_as_facts = functools.partial(tuple.__new__, CdrFacts)  # CdrFacts of a tuple, without Python-level code


class FactColumns(NamedTuple):
    """The CdrFacts of a chunk's lines column by column, one list per field in CdrFacts' order:
    the import reads and plans a chunk column by column (C loops over a column instead of
    bytecode per line)."""

    line_no: list[int]
    raw: list[str]
    trunk: list[str]
    extension: list[str]
    ring_seconds: list[int | None]
    duration_seconds: list[int | None]
    number: list[str]
    info_code: list[int]
    ended_at: list[int]

    @classmethod
    def of(cls, facts: Iterable[CdrFacts]) -> FactColumns:
        columns: list[list[Any]] = [list(column) for column in zip(*facts, strict=True)]
        return cls(*columns) if columns else cls([], [], [], [], [], [], [], [], [])

    def facts(self, which: Iterable[bool] | None = None) -> list[CdrFacts]:
        """The lines as CdrFacts (those `which` selects, if given)."""
        rows = zip(*self, strict=True)
        return list(map(_as_facts, rows if which is None else itertools.compress(rows, which)))

    def select(self, which: list[bool]) -> FactColumns:
        """The lines `which` selects."""
        columns: list[list[Any]] = [list(itertools.compress(column, which)) for column in self]
        return FactColumns(*columns)


@dataclass(frozen=True, slots=True)
class RejectedLine:
    """A line that is not a record. It is kept (archived and listed), never silently dropped."""

    source: str
    line_no: int
    raw: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}, line {self.line_no}: {self.reason}"


@dataclass(frozen=True, slots=True)
class HeaderLine:
    """The field-name line an "uncompressed" OSBiz file starts with, in the PBX's language."""

    line_no: int
    raw: str
