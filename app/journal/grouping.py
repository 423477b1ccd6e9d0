"""Which CDR lines belong to one call, what that call looks like, and which live entry is the same
call as a CDR call. Pure functions over plain values; the store feeds them and writes the result.

Rules (PBX times are whole seconds, so a small tolerance absorbs rounding):
* Lines of one call share trunk and external number and their time spans touch. A span runs from
  the start of ringing to the end of the line. Two spans only join when one line is a ringing
  notice (info 0) or a transfer/forward/conference segment: two ordinary calls on one trunk that
  merely follow each other stay two calls.
* A live entry is the same call as a CDR call when direction agrees, the extension took part, the
  numbers agree on their last digits (`?` matches any digit) and the times overlap.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from tandem.journal.records import DISA_OFFSET, CdrFacts, CdrRecord, Direction, InfoCode, start_offset

TOLERANCE_S = 5
LIVE_TOLERANCE_S = 60
MAX_CALL_S = 12 * 3600  # longest call whose segments are still grouped across chunks
_JOINING_CODES = frozenset({0, 5, 6, 7, 8, 9})
_INCOMING = frozenset({0, 1, 3, 5, 7})
_RINGING = int(InfoCode.RINGING)
# The line's text breaks ties: a call summarised from its lines in any order of arrival (one file,
# several downloads) comes out the same.
_BY_START = operator.attrgetter("started_at", "ended_at", "key")


def _by_span(seg: Segment) -> tuple[int, int, bool, str]:
    # Of lines spanning the same seconds, the ones that join (a ringing notice) come first, so
    # that the lines they join follow them whichever arrived first.
    return seg.span_start, seg.ended_at, not seg.joins, seg.key



@dataclass(slots=True)
class Segment:
    """One CDR line as grouping needs it; `call_id` is None until the line belongs to a call."""

    key: str  # the line's text without trailing blanks: the same line, the same key
    call_id: int | None
    trunk: str
    number: str
    extension: str
    span_start: int  # epoch seconds: start of ringing
    started_at: int  # epoch seconds: end − duration (or − ring time when unanswered)
    ended_at: int
    ring_seconds: int | None
    duration_seconds: int | None
    info_code: int

    @property
    def joins(self) -> bool:
        return self.info_code % DISA_OFFSET in _JOINING_CODES


# A call as the calls table keeps it (see CallSummary.stored).
StoredCall = tuple[int, int, str, str, str, str, str, int, int | None, int | None]


class CallSummary(NamedTuple):
    """A call as the journal lists it, summarised from its segments."""

    started_at: int
    ended_at: int
    direction: Direction
    number: str
    trunk: str
    extension: str  # the first extension that took part
    extensions: tuple[str, ...]
    answered: bool
    ring_seconds: int | None
    duration_seconds: int | None

    def stored(self) -> StoredCall:
        """The summary as the calls table keeps it: started_at, ended_at, direction, number,
        trunk, extension, extensions (comma-separated), answered (0/1), ring_seconds,
        duration_seconds."""
        return (self.started_at, self.ended_at, self.direction.value, self.number, self.trunk,
                self.extension, ",".join(self.extensions), int(self.answered), self.ring_seconds,
                self.duration_seconds)


def segment_of(record: CdrRecord, key: str, call_id: int | None, ended_at: int) -> Segment:
    """The Segment of `record`, whose end is `ended_at` in UTC epoch seconds."""
    started, span_start = _span(ended_at, record.ring_seconds, record.duration_seconds)
    return Segment(key, call_id, record.trunk, record.number, record.extension, span_start, started,
                   ended_at, record.ring_seconds, record.duration_seconds, record.info_code)


def facts_segment(facts: CdrFacts, key: str) -> Segment:
    """The Segment of a new line (in no call yet) read by the import."""
    started, span_start = _span(facts.ended_at, facts.ring_seconds, facts.duration_seconds)
    return Segment(key, None, facts.trunk, facts.number, facts.extension, span_start, started,
                   facts.ended_at, facts.ring_seconds, facts.duration_seconds, facts.info_code)


def _span(ended_at: int, ring_seconds: int | None, duration_seconds: int | None) -> tuple[int, int]:
    """(start, start of ringing) of a line that ended at `ended_at`."""
    started = ended_at - start_offset(ring_seconds, duration_seconds)
    return started, started if duration_seconds is None else started - (ring_seconds or 0)


def cluster(segments: Iterable[Segment]) -> list[list[Segment]]:
    """Split segments into calls. Segments already in one call stay together."""
    by_line: dict[tuple[str, str], list[Segment]] = defaultdict(list)
    for seg in segments:
        by_line[(seg.trunk, seg.number)].append(seg)
    calls: list[list[Segment]] = []
    for line_segments in by_line.values():
        calls.extend(cluster_line(line_segments))
    return calls


def cluster_line(line_segments: list[Segment]) -> list[list[Segment]]:
    """`cluster` of segments that all share trunk and number (sorts `line_segments`)."""
    if len(line_segments) == 1 or not any(s.joins or s.call_id is not None for s in line_segments):
        return [[seg] for seg in line_segments]  # nothing here can join: one call each
    calls: list[list[Segment]] = []
    line_segments.sort(key=_by_span)
    current: list[Segment] = []
    current_end = 0
    current_joins = False
    for seg in line_segments:
        touches = seg.span_start <= current_end + TOLERANCE_S
        same_call = seg.call_id is not None and any(s.call_id == seg.call_id for s in current)
        if current and (same_call or (touches and (current_joins or seg.joins))):
            current.append(seg)
            current_end = max(current_end, seg.ended_at)
            current_joins = current_joins or seg.joins
        else:
            if current:
                calls.append(current)
            current, current_end, current_joins = [seg], seg.ended_at, seg.joins
    if current:
        calls.append(current)
    return calls


def summarise(segments: Sequence[Segment]) -> CallSummary:
    if len(segments) == 1:
        return _summarise_one(segments[0])
    # Written for speed (a large import summarises a call of several lines ten thousand times a
    # second): one pass per value, C-level sort key, plain ints instead of enum members.
    ordered = sorted(segments, key=_BY_START)
    codes = [s.info_code % DISA_OFFSET for s in ordered]
    incoming = not _INCOMING.isdisjoint(codes)
    talking = [s for s, code in zip(ordered, codes, strict=True) if code != _RINGING]
    durations = [s.duration_seconds for s in talking if s.duration_seconds is not None]
    # Incoming: answered once any segment was talked at all; outgoing: for more than 0 seconds.
    answered = bool(durations) if incoming else any(duration > 0 for duration in durations)
    extensions = tuple(dict.fromkeys(s.extension for s in ordered if s.extension))
    ring = next((s.ring_seconds for s in ordered if s.ring_seconds is not None), None)
    first = ordered[0]
    return CallSummary(first.started_at, max(s.ended_at for s in ordered),
                       Direction.INCOMING if incoming else Direction.OUTGOING, first.number, first.trunk,
                       extensions[0] if extensions else "", extensions, answered, ring,
                       sum(durations) if durations else None)


def _summarise_one(s: Segment) -> CallSummary:
    """`summarise` of a call with one line, the common case, without the general machinery."""
    direction, answered, duration = line_outcome(s.info_code, s.duration_seconds)
    return CallSummary(s.started_at, s.ended_at, direction, s.number, s.trunk, s.extension,
                       (s.extension,) if s.extension else (), answered, s.ring_seconds, duration)


_INCOMING_VALUE, _OUTGOING_VALUE = Direction.INCOMING.value, Direction.OUTGOING.value


def pair_calls(a: CdrFacts, b: CdrFacts) -> list[tuple[StoredCall, tuple[str, ...], list[CdrFacts]]] | None:
    """`cluster_line` and `summarise` of two new lines of one trunk and number, `a` arrived first,
    as (`CallSummary.stored()`, the extensions after the first, the call's lines) per call; None
    when the two lines are the same line (the general path counts the repeat).

    Most calls of several lines have two (a ringing notice and its record, two transfer segments):
    a large import groups a hundred thousand such pairs, and this does it without building a
    Segment or a CallSummary. The same results as the general path (tests/unit/journal/test_plan.py).
    """
    # The lines' fields as locals (a NamedTuple's attribute is a call each).
    _, raw_a, _, ext_a, ring_a, duration_a, _, info_a, ended_a = a
    _, raw_b, _, ext_b, ring_b, duration_b, _, info_b, ended_b = b
    key_a, key_b = raw_a.rstrip(), raw_b.rstrip()
    if key_a == key_b:
        return None
    code_a, code_b = info_a % DISA_OFFSET, info_b % DISA_OFFSET
    joins_a, joins_b = code_a in _JOINING_CODES, code_b in _JOINING_CODES
    if not (joins_a or joins_b):
        return [_one_line_call(a), _one_line_call(b)]  # neither can join: arrival order
    started_a, span_a = _span(ended_a, ring_a, duration_a)
    started_b, span_b = _span(ended_b, ring_b, duration_b)
    first_a = (span_a, ended_a, not joins_a, key_a) <= (span_b, ended_b, not joins_b, key_b)
    if span_b > ended_a + TOLERANCE_S if first_a else span_a > ended_b + TOLERANCE_S:
        return [_one_line_call(a), _one_line_call(b)] if first_a else [_one_line_call(b), _one_line_call(a)]
    members = [a, b] if first_a else [b, a]  # in span order
    if (started_b, ended_b, key_b) < (started_a, ended_a, key_a):  # summarise's order
        a, ext_a, ring_a, duration_a, code_a, started_a, ext_b, ring_b, duration_b, code_b = (
            b, ext_b, ring_b, duration_b, code_b, started_b, ext_a, ring_a, duration_a, code_a)
    incoming = code_a in _INCOMING or code_b in _INCOMING
    talked_a = duration_a if code_a != _RINGING else None  # a ringing notice is no talk
    talked_b = duration_b if code_b != _RINGING else None
    talked = None if talked_a is None and talked_b is None else (talked_a or 0) + (talked_b or 0)
    # Incoming: answered once any segment was talked at all; outgoing: for more than 0 seconds.
    answered = talked is not None if incoming else bool(talked_a) or bool(talked_b)
    if ext_a and ext_b and ext_a != ext_b:
        extensions: tuple[str, ...] = (ext_a, ext_b)
    else:
        extensions = (ext_a or ext_b,) if ext_a or ext_b else ()
    stored: StoredCall = (started_a, max(ended_a, ended_b),
                          _INCOMING_VALUE if incoming else _OUTGOING_VALUE, a.number, a.trunk,
                          extensions[0] if extensions else "", ",".join(extensions), int(answered),
                          ring_a if ring_a is not None else ring_b, talked)
    return [(stored, extensions[1:], members)]


def _one_line_call(f: CdrFacts) -> tuple[StoredCall, tuple[str, ...], list[CdrFacts]]:
    # Two lines that stay two calls are rare: the general summary will do.
    return _summarise_one(facts_segment(f, f.raw.rstrip())).stored(), (), [f]


def line_outcome(info_code: int, duration_seconds: int | None) -> tuple[Direction, bool, int | None]:
    """(direction, answered, duration) of a call of one line."""
    code = info_code % DISA_OFFSET
    direction = Direction.INCOMING if code in _INCOMING else Direction.OUTGOING
    if code == InfoCode.RINGING:
        return direction, False, None
    if direction is Direction.INCOMING:
        return direction, duration_seconds is not None, duration_seconds
    return direction, (duration_seconds or 0) > 0, duration_seconds


def numbers_match(a: str, b: str) -> bool:
    """Whether two renderings of one phone number agree (`+49 89 1234` vs `0891234`, privacy `?`).

    Compares the last digits (up to 8, at least 3); a `?` in either matches any digit.
    """
    da = "".join(ch for ch in a if ch.isdigit() or ch == "?")
    db = "".join(ch for ch in b if ch.isdigit() or ch == "?")
    if not da or not db:
        return not da and not db
    width = min(len(da), len(db), 8)
    if width < 3 and len(da) != len(db):
        return False
    return all(x == y or "?" in (x, y) for x, y in zip(da[-width:], db[-width:], strict=True))


@dataclass(frozen=True, slots=True)
class CallCandidate:
    """A stored call a live entry may be the same call as."""

    call_id: int
    direction: Direction
    number: str
    extensions: tuple[str, ...]
    started_at: int
    ended_at: int


def best_live_match(
    direction: Direction, extensions: Sequence[str], number: str, *, started_at: int, ended_at: int,
    candidates: Iterable[CallCandidate],
) -> CallCandidate | None:
    """The candidate that is the same call, preferring the closest end time; None if none is."""
    best: CallCandidate | None = None
    best_gap = 0
    for cand in candidates:
        if cand.direction != direction or direction == Direction.INTERNAL:
            continue
        if extensions and cand.extensions and not set(extensions) & set(cand.extensions):
            continue
        if not numbers_match(number, cand.number):
            continue
        if cand.started_at > ended_at + LIVE_TOLERANCE_S or started_at > cand.ended_at + LIVE_TOLERANCE_S:
            continue
        gap = abs(cand.ended_at - ended_at)
        if best is None or gap < best_gap:
            best, best_gap = cand, gap
    return best


class LiveWindows:
    """Whether a call's span comes near enough to any of some calls' spans for `best_live_match`
    to consider them (a quick test for many calls against a few live ones)."""

    def __init__(self, candidates: Iterable[CallCandidate]) -> None:
        spans = sorted((c.started_at, c.ended_at) for c in candidates)
        self._starts = [start for start, _ in spans]
        self._reach = list(itertools.accumulate((end for _, end in spans), max))  # latest end so far

    def overlaps(self, started_at: int, ended_at: int) -> bool:
        """False only if `best_live_match` would skip every candidate for time alone."""
        count = bisect.bisect_right(self._starts, ended_at + LIVE_TOLERANCE_S)
        return count > 0 and self._reach[count - 1] >= started_at - LIVE_TOLERANCE_S
