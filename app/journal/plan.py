"""A chunk of new CDR lines grouped into calls among themselves, as columns ready for the journal.

This is the part of an import that needs no database: for a large file it runs in the reader
process (see reading.py) while the store writes the previous chunk. The store then only decides
which of these calls meet something it already holds (a stored line of the same trunk and number,
a live call of the same time) and writes every other one as planned.

Columns, not rows: a plan crosses a process boundary, and columns pickle and unpickle several times
faster than as many small tuples (whole numbers travel as arrays: one block of bytes each); the
store zips them into rows as it inserts. Call ids in a plan are relative (a call's position); the
store adds the first free id.
"""

from __future__ import annotations

import functools
import operator
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, MutableSequence
from dataclasses import dataclass, field
from itertools import compress
from typing import Any

from tandem.journal.grouping import (
    MAX_CALL_S,
    StoredCall,
    cluster_line,
    facts_segment,
    line_outcome,
    pair_calls,
    summarise,
)
from tandem.journal.records import CdrFacts, FactColumns, start_offsets

# What the rows of a plan hold (the store adds the journal's own columns); -1 stands for NULL.
CALL_ROW_COLUMNS = ("id", "started_at", "ended_at", "direction", "number", "trunk", "extension", "extensions",
                    "answered", "ring_seconds", "duration_seconds")
LINE_ROW_COLUMNS = ("call_id", "line_no", "ended_at", "raw")
# A call of one line keeps that line in its own row (see schema v6): no row in the cdr table.
LONE_LINE_COLUMNS = ("line_no", "line_raw")
NULL_COLUMNS = ("ring_seconds", "duration_seconds")

# A call of several lines: as the calls table keeps it, its extensions after the first, its lines.
PlannedCall = tuple[StoredCall, tuple[str, ...], list[CdrFacts]]


def _integers(values: Iterable[int] = ()) -> array[int]:
    return array("q", values)


_NONE = -1  # NULL in the columns NULL_COLUMNS

_NONE_FOR_NULL = {None: _NONE}  # .get(value, value): -1 for None, else the value


@functools.lru_cache(maxsize=4096)
def _stored_outcome(info_code: int, duration_seconds: int | None) -> tuple[str, int, int]:
    """`line_outcome` as the calls table keeps it: direction, answered (0/1), duration (-1: none)."""
    direction, answered, duration = line_outcome(info_code, duration_seconds)
    return direction.value, int(answered), _NONE if duration is None else duration


@dataclass(slots=True)
class ChunkPlan:
    """The new lines of a chunk (lines repeated within the chunk left out) and their calls.

    The first `lone` calls have one line each, line i of call i, and keep it in their calls row
    (the journal's rule for a call of one line that lasted at most MAX_CALL_S); the lines of the
    other calls follow, in rows of the cdr table."""

    lone: int = 0
    duplicates: int = 0  # lines that repeat an earlier line of the same chunk
    earliest: int = 0  # UTC epoch seconds: where the first line's span starts (its ringing)
    latest: int = 0  # when the last line ended
    # One entry per new line, in the order they are written; `call` is the line's call.
    line_no: array[int] = field(default_factory=_integers)
    ended_at: array[int] = field(default_factory=_integers)
    raw: list[str] = field(default_factory=list)
    call: array[int] = field(default_factory=_integers)
    # One entry per call (a call's relative id is its position).
    call_started_at: array[int] = field(default_factory=_integers)
    call_ended_at: array[int] = field(default_factory=_integers)
    direction: list[str] = field(default_factory=list)
    number: list[str] = field(default_factory=list)
    trunk: list[str] = field(default_factory=list)
    extension: list[str] = field(default_factory=list)  # the first extension that took part
    extensions: list[str] = field(default_factory=list)  # all of them, comma-separated
    answered: array[int] = field(default_factory=_integers)
    ring_seconds: array[int] = field(default_factory=_integers)  # -1: none
    duration_seconds: array[int] = field(default_factory=_integers)  # -1: none
    # One entry per (call, extension that took part after the first).
    member_extension: list[str] = field(default_factory=list)
    member_started_at: array[int] = field(default_factory=_integers)
    member_call: array[int] = field(default_factory=_integers)
    numbers: list[str] = field(default_factory=list)  # the distinct numbers of the calls

    def lone_call_rows(self, keep: list[bool] | None = None) -> Iterator[tuple[Any, ...]]:
        """Rows of the calls table for the calls of one line (values of CALL_ROW_COLUMNS and
        LONE_LINE_COLUMNS, relative ids, -1 for NULL), optionally only where `keep` (by call)."""
        n = self.lone
        rows = zip(range(n), self.call_started_at[:n], self.call_ended_at[:n], self.direction[:n],
                   self.number[:n], self.trunk[:n], self.extension[:n], self.extensions[:n],
                   self.answered[:n], self.ring_seconds[:n], self.duration_seconds[:n],
                   self.line_no[:n], self.raw[:n], strict=True)
        return rows if keep is None else compress(rows, keep[:n])

    def call_rows(self, keep: list[bool] | None = None) -> Iterator[tuple[Any, ...]]:
        """Rows of the calls table for the other calls (values of CALL_ROW_COLUMNS), likewise."""
        n = self.lone
        rows = zip(range(n, len(self.call_started_at)), self.call_started_at[n:], self.call_ended_at[n:],
                   self.direction[n:], self.number[n:], self.trunk[n:], self.extension[n:],
                   self.extensions[n:], self.answered[n:], self.ring_seconds[n:], self.duration_seconds[n:],
                   strict=True)
        return rows if keep is None else compress(rows, keep[n:])

    def extension_rows(self, keep: list[bool] | None = None) -> Iterator[tuple[str, int, int]]:
        """Rows of call_extensions (relative ids), optionally only those of the calls `keep` keeps."""
        rows = zip(self.member_extension, self.member_started_at, self.member_call, strict=True)
        return rows if keep is None else compress(rows, [keep[c] for c in self.member_call])

    def line_rows(self, keep: list[bool] | None = None) -> Iterator[tuple[Any, ...]]:
        """Rows of the cdr table: the lines of the calls after the first `lone` (values of
        LINE_ROW_COLUMNS, relative ids), optionally only those of the calls `keep` keeps."""
        n = self.lone
        rows = zip(self.call[n:], self.line_no[n:], self.ended_at[n:], self.raw[n:], strict=True)
        return rows if keep is None else compress(rows, [keep[c] for c in self.call[n:]])


def plan_chunk(facts: FactColumns) -> ChunkPlan:
    """Group a chunk's lines into calls the way the store groups lines it has never seen before.

    Only lines sharing trunk and external number can be one call (see grouping.py); a line whose
    text repeats an earlier line of the chunk is counted and left out.
    """
    plan = ChunkPlan()
    if not facts.raw:
        return plan
    lines = list(zip(facts.trunk, facts.number, strict=True))
    shared = Counter(lines)
    alone = list(map((1).__eq__, map(shared.__getitem__, lines)))  # C loops, no bytecode per line
    singles = facts if all(alone) else facts.select(alone)
    offsets = start_offsets(singles.ring_seconds, singles.duration_seconds)
    longer = list(map(MAX_CALL_S.__lt__, offsets))
    if any(longer):  # alone on their trunk and number, but their lines go to the cdr table (rare)
        shorter = list(map(operator.not_, longer))
        alone = [single and not long for single, long in zip(alone, _spread(longer, alone), strict=True)]
        singles, offsets = singles.select(shorter), list(compress(offsets, shorter))
    _plan_single_line_calls(plan, singles, offsets)
    by_line: dict[tuple[str, str], list[CdrFacts]] = {}
    for fact, line in zip(facts.facts(map(operator.not_, alone)), compress(lines, map(operator.not_, alone)),
                          strict=True):
        by_line.setdefault(line, []).append(fact)
    calls: list[PlannedCall] = []
    for group in by_line.values():
        pair = pair_calls(*group) if len(group) == 2 else None
        if pair is not None:
            calls += pair
        else:
            plan.duplicates += _group_calls(group, calls)
    if calls:
        _plan_calls(plan, calls)
    plan.numbers = list(dict.fromkeys(plan.number))
    # A lower bound of where the first line's span starts (its start less its ringing) will do.
    plan.earliest = min(plan.call_started_at) - max(filter(None, facts.ring_seconds), default=0)
    plan.latest = max(plan.ended_at)
    return plan


def _spread(values: list[bool], where: list[bool]) -> list[bool]:
    """`values` (one per True of `where`) at the places of `where`'s Trues, False elsewhere."""
    given = iter(values)
    return [next(given) if selected else False for selected in where]


def _plan_single_line_calls(plan: ChunkPlan, singles: FactColumns, offsets: list[int]) -> None:
    """Calls of one line each (most of a large import, and no line of theirs can repeat another:
    a repeat has the same trunk and number), column by column; `offsets` are the lines'
    start_offset, none above MAX_CALL_S (longer lines stay in the cdr table, where look-ups by
    time find them: see JournalStore._stored_near)."""
    if not singles.raw:
        return
    line_no, raw, trunk, extension, ring, duration, number, info, ended = singles
    # The same texts recur line after line; one object per text pickles once per chunk.
    texts: dict[str, str] = {}
    trunk = list(map(texts.setdefault, trunk, trunk))
    extension = list(map(texts.setdefault, extension, extension))
    number = list(map(texts.setdefault, number, number))
    outcomes = list(zip(*map(_stored_outcome, info, duration), strict=True))
    started = list(map(operator.sub, ended, offsets))
    plan.lone = len(raw)
    plan.line_no, plan.ended_at, plan.raw = _integers(line_no), _integers(ended), raw
    plan.call = _integers(range(len(raw)))
    plan.call_started_at, plan.call_ended_at = _integers(started), _integers(ended)
    plan.direction, plan.answered, plan.duration_seconds = list(outcomes[0]), *map(_integers, outcomes[1:])
    plan.number, plan.trunk, plan.extension, plan.extensions = number, trunk, extension, list(extension)
    plan.ring_seconds = _integers([_NONE if seconds is None else seconds for seconds in ring])


def _group_calls(group: list[CdrFacts], calls: list[PlannedCall]) -> int:
    """Add to `calls` those the lines of one trunk and number make up; return how many lines
    repeat another."""
    by_key: dict[str, CdrFacts] = {}
    for fact in group:
        by_key.setdefault(fact.raw.rstrip(), fact)
    for members in cluster_line([facts_segment(f, key) for key, f in by_key.items()]):
        summary = summarise(members)
        calls.append((summary.stored(), summary.extensions[1:], [by_key[seg.key] for seg in members]))
    return len(group) - len(by_key)


def _plan_calls(plan: ChunkPlan, calls: list[PlannedCall]) -> None:
    """Append calls of several lines (after those of one line) to the plan's columns."""
    base = len(plan.call_started_at)
    columns: tuple[MutableSequence[Any], ...] = (  # in the order of CallSummary.stored
        plan.call_started_at, plan.call_ended_at, plan.direction, plan.number, plan.trunk, plan.extension,
        plan.extensions, plan.answered, plan.ring_seconds, plan.duration_seconds)
    for column, values in zip(columns, zip(*(stored for stored, _, _ in calls), strict=True), strict=True):
        column.extend(map(_NONE_FOR_NULL.get, values, values) if isinstance(column, array) else values)
    for call_id, (stored, further, _) in enumerate(calls, base):
        for ext in further:  # the first is the call's own `extension`
            plan.member_extension.append(ext)
            plan.member_started_at.append(stored[0])
            plan.member_call.append(call_id)
    lines = [fact for _, _, members in calls for fact in members]
    line_no, raw, *_, ended_at = zip(*lines, strict=True)  # CdrFacts' columns, a C loop
    plan.line_no.extend(line_no)
    plan.ended_at.extend(ended_at)
    plan.raw.extend(raw)
    plan.call.extend([call_id for call_id, (_, _, members) in enumerate(calls, base) for _ in members])
