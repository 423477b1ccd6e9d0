"""The journal store: CDR lines, the calls they make up, live calls, rejects and raw batches, on
SQLite or PostgreSQL through the same code (see backend.py and schema.py).

Writing: `begin_batch` / `commit_chunk` / `complete_batch` (driven by importer.py) and `add_live`.
Every chunk is one transaction holding its raw bytes, its records and its rejects, so a crash
leaves whole chunks; re-importing skips what is there (a line is identified by the PBX name and
its text; the same line always has the same end time, so the time index finds its twin).
Reading: `calls()` for the All / Missed / Incoming / Outgoing / Internal lists
and `search()` for number and name fragments.
"""

from __future__ import annotations

import enum
import hashlib
import operator
import zlib
from collections.abc import Container, Iterator, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import compress
from pathlib import Path
from typing import Any

from tandem.journal import parse_hipath, parse_osbiz
from tandem.journal.backend import Backend, PostgresBackend, Row, SqliteBackend, Tx
from tandem.journal.grouping import (
    LIVE_TOLERANCE_S,
    MAX_CALL_S,
    TOLERANCE_S,
    CallCandidate,
    CallSummary,
    LiveWindows,
    Segment,
    best_live_match,
    cluster,
    segment_of,
    summarise,
)
from tandem.journal.live import LiveCall
from tandem.journal.plan import CALL_ROW_COLUMNS, LINE_ROW_COLUMNS, LONE_LINE_COLUMNS, NULL_COLUMNS, ChunkPlan
from tandem.journal.records import CdrRecord, Direction, RejectedLine
from tandem.journal.schema import ensure_search, migrate, set_search_aside

BULK_IMPORT_LINES = 100_000  # see JournalStore.bulk_import
_FEW_NUMBERS = 200  # search: up to this many matching numbers, look their calls up by number
_LISTED_NUMBERS = 10_000  # PostgreSQL search: up to this many, pass the matching numbers as an array
EXTENSION_COLUMNS = ("extension", "started_at", "call_id")
_CALL_COLUMNS = (
    "id", "pbx", "started_at", "ended_at", "direction", "number", "name", "trunk", "extension",
    "extensions", "answered", "ring_seconds", "duration_seconds", "has_cdr",
)
_SEGMENT_SELECT = "SELECT call_id, ended_at, raw FROM cdr"
# The lines calls of one line keep in their own row (schema v6), as rows like _SEGMENT_SELECT's.
_LONE_SELECT = "SELECT id, ended_at, line_raw FROM calls"


def line_key(raw: str) -> bytes:
    """The identity of a rejected line (the key of the rejects): a hash of its text without
    trailing blanks. A stored CDR line is identified by that text itself (see `_segment`)."""
    return hashlib.blake2b(raw.rstrip().encode("latin-1"), digest_size=16).digest()


class QueryKind(str, enum.Enum):
    ALL = "all"
    MISSED = "missed"
    INCOMING = "incoming"
    OUTGOING = "outgoing"
    INTERNAL = "internal"


@dataclass(frozen=True)
class JournalQuery:
    """A journal list: which calls, whose (extension), when (aware datetimes, `until` exclusive).

    `before` pages through a long list: the (started_at, call_id) of the last row already shown;
    the next page holds the rows after it in the list's order (keyset paging, no OFFSET).
    """

    kind: QueryKind = QueryKind.ALL
    extension: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 200
    before: tuple[datetime, int] | None = None


@dataclass(frozen=True)
class JournalCall:
    """One row of the journal: a call, however many CDR lines and live reports it came from."""

    call_id: int
    started_at: datetime  # UTC
    ended_at: datetime
    direction: Direction
    number: str
    name: str
    extension: str
    extensions: tuple[str, ...]
    answered: bool
    ring_seconds: int | None
    duration_seconds: int | None
    from_cdr: bool
    trunk: str

    @property
    def missed(self) -> bool:
        return self.direction == Direction.INCOMING and not self.answered


@dataclass(frozen=True)
class BatchState:
    batch_id: int
    complete: bool
    chunk_lines: int


@dataclass
class ChunkResult:
    added: int = 0
    duplicates: int = 0
    rejected: int = 0


class JournalStore:
    """The journal of one PBX (`pbx` names it, so that one database may hold several)."""

    def __init__(self, backend: Backend, *, pbx: str = "pbx") -> None:
        self.backend = backend
        self.pbx = pbx
        migrate(backend)
        ensure_search(backend)

    @classmethod
    def open_sqlite(cls, path: Path | str, *, pbx: str = "pbx") -> JournalStore:
        return cls(SqliteBackend(path), pbx=pbx)

    @classmethod
    def open_postgres(cls, dsn: str, password: str | None = None, *, pbx: str = "pbx") -> JournalStore:
        return cls(PostgresBackend(dsn, password), pbx=pbx)

    def close(self) -> None:
        self.backend.close()

    # --- batches ---------------------------------------------------------------------------------
    def begin_batch(self, source: str, payload_sha256: str, *, chunk_lines: int,
                    extra_number: bool | None = None) -> BatchState:
        """The batch row for a payload: a new one, or the existing one for the same bytes
        (complete: nothing to do; incomplete: an import that was interrupted, to be resumed with
        the chunk size it started with, so that the archived chunks fit together)."""
        with self.backend.write() as tx:
            rows = tx.query("SELECT id, completed_at, chunk_lines FROM batches "
                            "WHERE pbx = ? AND payload_sha256 = ?", (self.pbx, payload_sha256))
            if rows:
                return BatchState(int(rows[0][0]), rows[0][1] is not None, int(rows[0][2]))
            batch_id = _next_id(tx, "batches")
            tx.execute(
                "INSERT INTO batches (id, pbx, source, payload_sha256, received_at, extra_number, "
                "chunk_lines) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (batch_id, self.pbx, source, payload_sha256, _now(),
                 None if extra_number is None else int(extra_number), chunk_lines),
            )
            return BatchState(batch_id, False, chunk_lines)

    @contextmanager
    def bulk_import(self, lines: int) -> Iterator[None]:
        """Around an import of about `lines` CDR lines. On SQLite, an import that is large by
        itself and next to the journal sets aside the search structures (the index of calls by
        number, the triggers keeping the parties' trigram index in step) and builds them again at
        the end: building them once costs a fraction of keeping them in step line by line (a
        million lines into an empty journal: about 1 s against 3.5 s). Meanwhile searches are
        slower and may miss the import's new numbers; an import cut off leaves the rebuilding to
        the next opening of the journal (schema.ensure_search)."""
        if self.backend.dialect != "sqlite" or lines < BULK_IMPORT_LINES:
            yield
            return
        with self.backend.write() as tx:
            calls = int(tx.query("SELECT COALESCE(MAX(id), 0) FROM calls")[0][0])
            aside = lines >= calls // 2
            if aside:
                set_search_aside(tx)
        if not aside:
            yield
            return
        # The chunks' commits need not reach the disk one by one either: a power cut may undo the
        # last of them (a crash of the program does not), and the importer's next commit, made
        # durable again, makes all of them durable (the batch is complete only with that one).
        self.backend.sync_every_commit(False)
        try:
            yield
        finally:
            self.backend.sync_every_commit(True)
            ensure_search(self.backend)

    def refresh_statistics(self) -> None:
        """Let the database re-learn its tables' shape after a large import: query plans (search
        above all) depend on it, and PostgreSQL plans badly for tables it has never analysed."""
        with self.backend.write() as tx:
            if self.backend.dialect == "postgresql":
                for table in ("calls", "call_extensions", "parties", "cdr"):
                    tx.execute(f"ANALYZE {table}")
            else:
                tx.execute("PRAGMA analysis_limit = 1000")  # sampled: fast on a big journal
                tx.execute("PRAGMA optimize")

    def complete_batch(self, batch_id: int, header: str = "") -> None:
        with self.backend.write() as tx:
            tx.execute("UPDATE batches SET completed_at = ?, header = ? WHERE id = ?",
                       (_now(), header, batch_id))

    def batch_raw(self, batch_id: int) -> Iterator[bytes]:
        """The archived bytes of a batch, chunk by chunk, exactly as received."""
        with self.backend.read() as tx:
            seqs = [int(r[0]) for r in tx.query(
                "SELECT seq FROM batch_chunks WHERE batch_id = ? ORDER BY seq", (batch_id,))]
        for seq in seqs:
            with self.backend.read() as tx:
                data = tx.query("SELECT data FROM batch_chunks WHERE batch_id = ? AND seq = ?",
                                (batch_id, seq))[0][0]
            yield zlib.decompress(bytes(data))

    def batches(self) -> list[Row]:
        """(id, source, payload_sha256, completed, records, duplicates, rejected) of every batch."""
        with self.backend.read() as tx:
            return tx.query(
                "SELECT id, source, payload_sha256, completed_at IS NOT NULL, records, duplicates, "
                "rejected FROM batches WHERE pbx = ? ORDER BY id", (self.pbx,))

    # --- importing -------------------------------------------------------------------------------
    def commit_chunk(self, batch_id: int, seq: int, archive: bytes, *, plan: ChunkPlan,
                     rejected: Sequence[RejectedLine], known_numbers: AbstractSet[str] = frozenset()
                     ) -> ChunkResult:
        """Store one chunk of a batch in one transaction: its raw bytes (`archive`: compressed with
        zlib), its new records (`plan`, see plan.py; merged with stored lines and live calls of
        the same call) and its rejects. Already stored lines are counted as duplicates and left alone.
        `known_numbers` are numbers the journal is known to hold a party row for (an import's
        earlier chunks wrote them): their rows are not looked up again."""
        result = ChunkResult(duplicates=plan.duplicates)
        with self.backend.write() as tx:
            tx.execute(_on_conflict_nothing("INSERT INTO batch_chunks (batch_id, seq, data) "
                                            "VALUES (?, ?, ?)", "batch_id, seq"),
                       (batch_id, seq, archive))
            if rejected:
                before = _count(tx, "rejects", self.pbx)
                tx.execute_many(
                    _on_conflict_nothing("INSERT INTO rejects (pbx, line_key, batch_id, source, line_no, "
                                         "raw, reason) VALUES (?, ?, ?, ?, ?, ?, ?)", "pbx, line_key"),
                    [(self.pbx, line_key(r.raw), batch_id, r.source, r.line_no, r.raw, r.reason)
                     for r in rejected])
                result.rejected = _count(tx, "rejects", self.pbx) - before
            if plan.raw:
                self._store_plan(tx, batch_id, plan, result, known_numbers)
            tx.execute("UPDATE batches SET records = records + ?, duplicates = duplicates + ?, "
                       "rejected = rejected + ? WHERE id = ?",
                       (result.added, result.duplicates, result.rejected, batch_id))
        return result

    def _store_plan(self, tx: Tx, batch_id: int, plan: ChunkPlan, result: ChunkResult,
                    known_numbers: AbstractSet[str]) -> None:
        """Write the calls of `plan` that meet nothing stored as planned; regroup the others.

        A planned call meets the journal when a stored line has its trunk and number near its
        time (the stored line may be its twin, or another segment of it) or a live call may be
        the same call. Every call of such a trunk and number goes through `_regroup`, which
        groups as the plan does, but together with the stored calls."""
        low = plan.earliest - TOLERANCE_S
        high = plan.latest + TOLERANCE_S + MAX_CALL_S
        existing: dict[tuple[str, str], list[Segment]] = {}
        for seg in self._stored_near(tx, low, high):
            existing.setdefault((seg.trunk, seg.number), []).append(seg)
        live_only = self._live_candidates(tx, low - LIVE_TOLERANCE_S, high + LIVE_TOLERANCE_S)
        keep: list[bool] | None = None  # by call: written as planned
        if live_only:
            lines = list(zip(plan.trunk, plan.number, strict=True))  # each planned call's trunk and number
            meeting = existing.keys() & set(lines)
            near_live = LiveWindows(live_only.values())
            spans = zip(lines, plan.call_started_at, plan.call_ended_at, strict=True)
            meeting.update(line for line, started, ended in spans if near_live.overlaps(started, ended))
            if meeting:
                keep = [line not in meeting for line in lines]
        elif existing:
            # The stored lines near a chunk are few: find the planned calls of their numbers first
            # (a C loop), then compare trunks for those only.
            numbers = {number for _, number in existing}
            maybe = compress(range(len(plan.number)), map(numbers.__contains__, plan.number))
            meets = [call for call in maybe if (plan.trunk[call], plan.number[call]) in existing]
            if meets:
                keep = [True] * len(plan.number)
                for call in meets:
                    keep[call] = False
        base = _next_id(tx, "calls")
        # The plan's relative call ids become real ones in the database (see Tx.insert_many).
        shift = {"call_id": base}
        cdr_call: dict[str, str | int] = {"pbx": self.pbx, "name": "", "has_cdr": 1}
        tx.insert_many("calls", (*CALL_ROW_COLUMNS, *LONE_LINE_COLUMNS), plan.lone_call_rows(keep),
                       add={"id": base}, fixed={**cdr_call, "line_batch": batch_id},
                       null_as_minus_one=NULL_COLUMNS)
        tx.insert_many("calls", CALL_ROW_COLUMNS, plan.call_rows(keep), add={"id": base}, fixed=cdr_call,
                       null_as_minus_one=NULL_COLUMNS)
        tx.insert_many("call_extensions", EXTENSION_COLUMNS, plan.extension_rows(keep), add=shift)
        lines_of_batch: dict[str, str | int] = {"pbx": self.pbx, "batch_id": batch_id}
        tx.insert_many("cdr", LINE_ROW_COLUMNS, plan.line_rows(keep), add=shift, fixed=lines_of_batch)
        if keep is None:
            result.added += len(plan.raw)
        else:
            kept_lines = list(map(keep.__getitem__, plan.call))
            result.added += sum(kept_lines)
            rows = _NewRows(self.pbx, base + len(keep))
            fresh = list(compress(zip(plan.line_no, plan.ended_at, plan.raw, strict=True),
                                  map(operator.not_, kept_lines)))
            self._regroup(tx, fresh, existing=existing, live_only=live_only, rows=rows, result=result)
            tx.insert_many("calls", _CALL_COLUMNS, rows.calls)
            tx.insert_many("call_extensions", EXTENSION_COLUMNS, rows.extensions)
            tx.insert_many("cdr", LINE_ROW_COLUMNS, rows.cdr, fixed=lines_of_batch)
            result.added += len(rows.cdr)
        tx.execute_many(_on_conflict_nothing("INSERT INTO parties (number) VALUES (?)", "number"),
                        zip(set(plan.numbers).difference(known_numbers)))

    def _stored_near(self, tx: Tx, low: int, high: int) -> list[Segment]:
        """The stored lines that ended between `low` and `high`, with every other line of their
        calls: whether a new line joins a call depends on all of the call's lines (a ringing
        notice that ended before `low` makes its call one that joins), as when they arrived
        together."""
        near = [_segment(row) for row in tx.query(
            f"{_SEGMENT_SELECT} WHERE pbx = ? AND ended_at BETWEEN ? AND ?", (self.pbx, low, high))]
        # A call of one line that keeps it in its row is complete as it is: no other lines to look
        # up. It lasted at most MAX_CALL_S (longer lines are in the cdr table), so the index of
        # calls by start finds it.
        lone = [_segment(row) for row in tx.query(
            f"{_LONE_SELECT} WHERE pbx = ? AND started_at BETWEEN ? AND ? AND ended_at BETWEEN ? AND ? "
            "AND line_raw IS NOT NULL", (self.pbx, low - MAX_CALL_S, high, low, high))]
        seen = {seg.key for seg in near}
        for call_id in sorted({seg.call_id for seg in near if seg.call_id is not None}):
            for seg in self._call_lines(tx, call_id):
                if seg.key not in seen:
                    seen.add(seg.key)
                    near.append(seg)
        return near + lone

    def _regroup(self, tx: Tx, fresh_lines: list[tuple[int, int, str]], *,
                 existing: dict[tuple[str, str], list[Segment]], live_only: dict[int, CallCandidate],
                 rows: _NewRows, result: ChunkResult) -> None:
        """Group new lines (line number, end, text) together with the stored lines of their trunk
        and number and with live calls: a line already stored is a duplicate; a new line joins a
        stored call, is the CDR side of a live call, or starts a new call (added to `rows`)."""
        seen = {seg.key for segments in existing.values() for seg in segments}
        by_line: dict[tuple[str, str], dict[str, tuple[Segment, int, str]]] = {}
        for line_no, ended_at, raw in fresh_lines:
            seg = _new_segment(raw, ended_at)
            if seg.key in seen:
                result.duplicates += 1
                continue
            seen.add(seg.key)
            by_line.setdefault((seg.trunk, seg.number), {})[seg.key] = (seg, line_no, raw)
        for line, fresh in by_line.items():
            for members in cluster([*existing.get(line, ()), *(seg for seg, _, _ in fresh.values())]):
                if any(seg.key in fresh for seg in members):
                    target = self._place_call(tx, members, fresh, live_only, rows)
                    for seg in members:
                        seg.call_id = target
                        if seg.key in fresh:
                            _, line_no, raw = fresh[seg.key]
                            rows.cdr.append((target, line_no, seg.ended_at, raw))  # LINE_ROW_COLUMNS

    def _place_call(self, tx: Tx, members: list[Segment], fresh: Container[str],
                    live_only: dict[int, CallCandidate], rows: _NewRows) -> int:
        """The call the segments `members` (some of them new) make up: a stored call they join
        (rewritten), a live call of the same call, or a new call (added to `rows`)."""
        summary = summarise(members)
        known = sorted({seg.call_id for seg in members if seg.call_id is not None})
        if not known:
            match = best_live_match(summary.direction, summary.extensions, summary.number,
                                    started_at=summary.started_at, ended_at=summary.ended_at,
                                    candidates=live_only.values())
            if match is None:
                return rows.add_call(summary)
            known = [match.call_id]
            del live_only[match.call_id]
        target = known[0]
        # The window may hold only some lines of a long call: summarise all of them.
        stored = [seg for call_id in known for seg in self._call_lines(tx, call_id)]
        for call_id in known:  # the call has several lines now
            self._release_line(tx, call_id)
        self._absorb(tx, target, known[1:])
        self._rewrite_call(tx, target, summarise([*stored, *(seg for seg in members if seg.key in fresh)]))
        # A live call's name now belongs to the number the CDR gives the call.
        tx.execute("INSERT INTO parties (number, name) SELECT number, name FROM calls "
                   "WHERE id = ? AND name <> '' "
                   "ON CONFLICT (number) DO UPDATE SET name = excluded.name", (target,))
        return target

    def _live_candidates(self, tx: Tx, low: int, high: int, exclude_source: str | None = None
                         ) -> dict[int, CallCandidate]:
        sql = ("SELECT id, direction, number, extensions, started_at, ended_at FROM calls c "
               "WHERE started_at BETWEEN ? AND ? AND ended_at BETWEEN ? AND ? AND pbx = ? "
               "AND direction <> 'internal'")
        params: list[Any] = [low - MAX_CALL_S, high, low, high, self.pbx]
        if exclude_source is None:
            sql += " AND has_cdr = 0"
        else:
            sql += " AND NOT EXISTS (SELECT 1 FROM live_calls l WHERE l.call_id = c.id AND l.source = ?)"
            params.append(exclude_source)
        return {
            int(r[0]): CallCandidate(int(r[0]), Direction(r[1]), r[2], _split(r[3]), int(r[4]), int(r[5]))
            for r in tx.query(sql, params)
        }

    def _call_span(self, tx: Tx, call_id: int) -> tuple[int, int] | None:
        rows = tx.query("SELECT started_at, ended_at FROM calls WHERE id = ?", (call_id,))
        return (int(rows[0][0]), int(rows[0][1])) if rows else None

    def _call_lines(self, tx: Tx, call_id: int) -> list[Segment]:
        """The stored CDR lines of a call: the one it keeps in its row, or its rows of the cdr
        table. Each of those ended within the call's span (a call starts with its first line and
        ends with its last), so the time index finds them: an index by call would cost every
        import more than these rare look-ups save."""
        rows = tx.query("SELECT id, ended_at, line_raw, started_at FROM calls WHERE id = ?", (call_id,))
        if not rows:
            return []
        if rows[0][2] is not None:
            return [_segment(rows[0])]
        return [_segment(r) for r in tx.query(
            f"{_SEGMENT_SELECT} WHERE pbx = ? AND ended_at BETWEEN ? AND ? AND call_id = ?",
            (self.pbx, int(rows[0][3]), int(rows[0][1]), call_id))]

    @staticmethod
    def _release_line(tx: Tx, call_id: int) -> None:
        """Move the line a call of one line keeps in its row to the cdr table (the call is about
        to have more lines), if it keeps one."""
        tx.execute("INSERT INTO cdr (pbx, ended_at, batch_id, line_no, call_id, raw) "
                   "SELECT pbx, ended_at, line_batch, line_no, id, line_raw FROM calls "
                   "WHERE id = ? AND line_raw IS NOT NULL", (call_id,))
        tx.execute("UPDATE calls SET line_batch = NULL, line_no = NULL, line_raw = NULL "
                   "WHERE id = ? AND line_raw IS NOT NULL", (call_id,))

    def _absorb(self, tx: Tx, target: int, others: Sequence[int]) -> None:
        """Fold calls that turned out to be the same call into `target`."""
        for other in others:
            span = self._call_span(tx, other)
            if span is None:
                continue
            tx.execute("UPDATE cdr SET call_id = ? WHERE pbx = ? AND ended_at BETWEEN ? AND ? "
                       "AND call_id = ?", (target, self.pbx, *span, other))
            tx.execute("UPDATE live_calls SET call_id = ? WHERE call_id = ?", (target, other))
            tx.execute("UPDATE calls SET name = (SELECT name FROM calls WHERE id = ?) "
                       "WHERE id = ? AND name = ''", (other, target))
            self._drop_extensions(tx, other)
            tx.execute("DELETE FROM calls WHERE id = ?", (other,))

    def _rewrite_call(self, tx: Tx, call_id: int, summary: CallSummary) -> None:
        self._drop_extensions(tx, call_id)
        tx.execute(
            "UPDATE calls SET started_at = ?, ended_at = ?, direction = ?, number = ?, trunk = ?, "
            "extension = ?, extensions = ?, answered = ?, ring_seconds = ?, duration_seconds = ?, "
            "has_cdr = 1 WHERE id = ?",
            (*summary.stored(), call_id))
        tx.insert_many("call_extensions", EXTENSION_COLUMNS,
                       [(ext, summary.started_at, call_id) for ext in summary.extensions[1:]])
        tx.execute(_on_conflict_nothing("INSERT INTO parties (number) VALUES (?)", "number"),
                   (summary.number,))

    @staticmethod
    def _drop_extensions(tx: Tx, call_id: int) -> None:
        """Delete a call's call_extensions rows (those of its extensions after the first)."""
        tx.execute("DELETE FROM call_extensions WHERE call_id = ?", (call_id,))

    # --- live calls ------------------------------------------------------------------------------
    def add_live(self, live: LiveCall) -> int:
        """Record a call seen by the softphone or CSTA; return the journal call it belongs to.

        The same call already known from CDR (or from the other live source) is linked rather than
        added again; reporting the same `(source, ref)` twice changes nothing.
        """
        start, end = int(live.started_at.timestamp()), int(live.ended_at.timestamp())
        with self.backend.write() as tx:
            rows = tx.query("SELECT call_id FROM live_calls WHERE source = ? AND ref = ?",
                            (live.source.value, live.ref))
            if rows:
                return int(rows[0][0])
            self._remember_name(tx, live.number, live.name)
            match = None
            if live.direction != Direction.INTERNAL:
                candidates = self._live_candidates(tx, start - LIVE_TOLERANCE_S,
                                                   end + LIVE_TOLERANCE_S + MAX_CALL_S, live.source.value)
                match = best_live_match(live.direction, (live.extension,), live.number, started_at=start,
                                        ended_at=end, candidates=candidates.values())
            if match is not None:
                call_id = match.call_id
                tx.execute("UPDATE calls SET name = ? WHERE id = ? AND name = ''", (live.name, call_id))
                self._remember_name(tx, match.number, live.name)  # search finds it by the CDR number
            else:
                call_id = _next_id(tx, "calls")
                answered = live.answered_at is not None
                connect = int(live.answered_at.timestamp()) if live.answered_at is not None else end
                summary = CallSummary(
                    started_at=start, ended_at=end, direction=live.direction, number=live.number,
                    trunk="", extension=live.extension, extensions=(live.extension,),
                    answered=answered, ring_seconds=connect - start,
                    duration_seconds=end - connect if answered else None)
                tx.insert_many("calls", _CALL_COLUMNS, [_call_row(call_id, self.pbx, summary, live.name,
                                                                  False)])
            tx.execute("INSERT INTO live_calls (source, ref, call_id) VALUES (?, ?, ?)",
                       (live.source.value, live.ref, call_id))
            return call_id

    def remember_names(self, names: Sequence[tuple[str, str]]) -> None:
        """Teach the journal names for numbers (from live calls, a directory): search finds them."""
        with self.backend.write() as tx:
            for number, name in names:
                self._remember_name(tx, number, name)

    def _remember_name(self, tx: Tx, number: str, name: str) -> None:
        if not number:
            return
        if name:
            tx.execute("INSERT INTO parties (number, name) VALUES (?, ?) "
                       "ON CONFLICT (number) DO UPDATE SET name = excluded.name", (number, name))
        else:
            tx.execute(_on_conflict_nothing("INSERT INTO parties (number) VALUES (?)", "number"), (number,))

    # --- reading ---------------------------------------------------------------------------------
    def calls(self, query: JournalQuery = JournalQuery()) -> list[JournalCall]:
        """The journal list `query` asks for, newest first."""
        where, params = self._filters(query.kind, query.since, query.until, query.before)
        return self._select(where, params, query.extension, query.limit)

    def search(self, text: str, *, missed_only: bool = False, extension: str | None = None,
               limit: int = 100, before: tuple[datetime, int] | None = None) -> list[JournalCall]:
        """Calls whose number contains `text` (digits compared, `+` read as `00`) or whose name
        contains it (case-insensitive), newest first; `before` pages as in JournalQuery."""
        text = text.strip()
        if not text:
            return []
        digits = _number_fragment(text)
        matching, params = self._matching_numbers(text, digits)
        where, more = self._filters(QueryKind.MISSED if missed_only else QueryKind.ALL, None, None, before)
        listed = _LISTED_NUMBERS if self.backend.dialect == "postgresql" else _FEW_NUMBERS
        with self.backend.read() as tx:
            numbers = [r[0] for r in tx.query(f"{matching} LIMIT ?", [*params, listed + 1])]
        if not numbers:
            return []
        if self.backend.dialect == "postgresql" and len(numbers) <= listed:
            # The numbers as one array value: planned with their real count (custom plans, see
            # backend.py), PostgreSQL reads few numbers' calls through the number index and walks
            # the newest calls for many; a sub-select instead is planned from estimates of the
            # trigram match, which are poor, and can cost a scan of every matching number's calls.
            where.append("c.number = ANY(?)")
            return self._select(where, [*more, numbers], extension, limit,
                                by_number=len(numbers) <= _FEW_NUMBERS)
        if len(numbers) <= _FEW_NUMBERS:
            # Few numbers: fetch their calls through the number index, then sort those.
            where.append(f"c.number IN ({','.join('?' * len(numbers))})")
            return self._select(where, [*more, *numbers], extension, limit)
        # Many numbers (a common name, a short fragment): walk the calls newest first and keep the
        # matching ones; SQLite's planner would otherwise sort every call of every number.
        where.append(f"c.number IN ({matching})")
        newest_first = self.backend.dialect == "sqlite" and extension is None
        return self._select(where, [*more, *params], extension, limit, newest_first=newest_first)

    def _matching_numbers(self, text: str, digits: str) -> tuple[str, list[Any]]:
        """SQL (and its parameters) selecting the numbers of the parties `text` matches."""
        if self.backend.dialect == "sqlite" and len(text) >= 3 and (not digits or len(digits) >= 3):
            # The trigram index answers substrings of three characters or more, any case.
            expression = f'name : "{_fts_quote(text)}"'
            if digits:
                expression += f' OR number : "{_fts_quote(digits)}"'
            return "SELECT number FROM parties_search WHERE parties_search MATCH ?", [expression]
        like = "ILIKE" if self.backend.dialect == "postgresql" else "LIKE"
        # One SELECT per column (not OR): PostgreSQL then uses each column's trigram index.
        selects = [f"SELECT number FROM parties WHERE name {like} ? ESCAPE '\\'"]  # noqa: S608 - constants
        params: list[Any] = [f"%{_escape_like(text)}%"]
        if digits:
            selects.append("SELECT number FROM parties WHERE number LIKE ? ESCAPE '\\'")
            params.append(f"%{_escape_like(digits)}%")
        return " UNION ".join(selects), params

    def _filters(self, kind: QueryKind, since: datetime | None, until: datetime | None,
                 before: tuple[datetime, int] | None = None) -> tuple[list[str], list[Any]]:
        """Conditions on the calls `c`; `{t}` stands for the time column (see `_select`)."""
        where = ["c.pbx = ?"]
        params: list[Any] = [self.pbx]
        if since is not None:
            where.append("{t} >= ?")
            params.append(int(since.timestamp()))
        if until is not None:
            where.append("{t} < ?")
            params.append(int(until.timestamp()))
        if before is not None:
            moment = int(before[0].timestamp())
            where.append("({t} < ? OR ({t} = ? AND c.id < ?))")
            params.extend((moment, moment, before[1]))
        if kind == QueryKind.MISSED:
            where.append("c.direction = 'in' AND c.answered = 0")
        elif kind == QueryKind.INCOMING:
            where.append("c.direction = 'in'")
        elif kind == QueryKind.OUTGOING:
            where.append("c.direction = 'out'")
        elif kind == QueryKind.INTERNAL:
            where.append("c.direction = 'internal'")
        return where, params

    def _select(self, where: list[str], params: list[Any], extension: str | None, limit: int, *,
                newest_first: bool = False, by_number: bool = False) -> list[JournalCall]:
        """The newest `limit` calls `where` selects, of those `extension` took part in if given.
        `newest_first` makes SQLite walk the calls in time order; `by_number` makes PostgreSQL
        read the calls of a few numbers through the number index and sort them (its estimate of
        how far a walk in time order goes before it finds a page is too optimistic when the
        numbers have few calls).

        An extension took part in a call if it is the call's first extension (calls_extension
        indexes those) or one of its others (a row in call_extensions): two pages, merged."""
        if extension is None:
            source = "calls c INDEXED BY calls_started" if newest_first else "calls c"
            page, page_params = self._page(source, "c.started_at", where, by_number), [*params, int(limit)]
        else:
            first = self._page("calls c", "c.started_at", [*where, "c.extension = ?"], by_number)
            other = self._page("call_extensions e JOIN calls c ON c.id = e.call_id", "e.started_at",
                               [*where, "e.extension = ?"], by_number)
            page = (f"SELECT * FROM ({first}) f UNION ALL SELECT * FROM ({other}) o "  # noqa: S608
                    "ORDER BY sort_at DESC, id DESC LIMIT ?")
            page_params = [*params, extension, int(limit), *params, extension, int(limit), int(limit)]
        # The page is chosen first and only its rows are given names: joining the parties before
        # the LIMIT made PostgreSQL hash every party for each search. Every fragment here is a
        # constant of this module; values travel as parameters.
        sql = (
            "SELECT c.id, c.started_at, c.ended_at, c.direction, c.number, "  # noqa: S608
            "CASE WHEN c.name <> '' THEN c.name ELSE COALESCE(p.name, '') END, c.extension, "
            "c.extensions, c.answered, c.ring_seconds, c.duration_seconds, c.has_cdr, c.trunk "
            f"FROM ({page}) c LEFT JOIN parties p ON p.number = c.number ORDER BY c.sort_at DESC, c.id DESC"
        )
        with self.backend.read() as tx:
            rows = tx.query(sql, page_params)
        return [
            JournalCall(
                call_id=int(r[0]), started_at=_utc(r[1]), ended_at=_utc(r[2]), direction=Direction(r[3]),
                number=r[4], name=r[5], extension=r[6], extensions=_split(r[7]), answered=bool(r[8]),
                ring_seconds=r[9], duration_seconds=r[10], from_cdr=bool(r[11]), trunk=r[12])
            for r in rows
        ]

    @staticmethod
    def _page(source: str, sort_at: str, where: list[str], by_number: bool) -> str:
        """A page of calls from `source` (its LIMIT is the last parameter), with `sort_at`."""
        # "+ 0" keeps the time index from providing the order, so it is not used to walk.
        inner_sort = f"{sort_at} + 0" if by_number else sort_at
        conditions = " AND ".join(condition.replace("{t}", sort_at) for condition in where)
        return (
            "SELECT c.id, c.started_at, c.ended_at, c.direction, c.number, c.name, c.extension, "  # noqa: S608
            "c.extensions, c.answered, c.ring_seconds, c.duration_seconds, c.has_cdr, c.trunk, "
            f"{sort_at} AS sort_at FROM {source} WHERE {conditions} "
            f"ORDER BY {inner_sort} DESC, c.id DESC LIMIT ?"
        )

    def rejects(self) -> list[RejectedLine]:
        """Every line that could not be read, in the order received."""
        with self.backend.read() as tx:
            rows = tx.query("SELECT source, line_no, raw, reason FROM rejects WHERE pbx = ? "
                            "ORDER BY batch_id, line_no", (self.pbx,))
        return [RejectedLine(r[0], int(r[1]), r[2], r[3]) for r in rows]

    def cdr_records(self) -> Iterator[CdrRecord]:
        """Every stored CDR record, in time order, read again from its raw line."""
        with self.backend.read() as tx:
            rows = tx.query(
                "SELECT l.raw, b.extra_number FROM (SELECT raw, ended_at, batch_id, line_no FROM cdr "
                "WHERE pbx = ? UNION ALL SELECT line_raw, ended_at, line_batch, line_no FROM calls "
                "WHERE pbx = ? AND line_raw IS NOT NULL) l JOIN batches b ON b.id = l.batch_id "
                "ORDER BY l.ended_at, l.batch_id, l.line_no", (self.pbx, self.pbx))
        for raw, extra in rows:
            if "|" in raw:
                yield parse_osbiz.parse_line(raw, None if extra is None else bool(extra))
            else:
                yield parse_hipath.parse_line(raw)

    def cdr_line_count(self) -> int:
        """How many CDR lines the journal holds (in the cdr table, and in the rows of calls of one line)."""
        with self.backend.read() as tx:
            rows = tx.query("SELECT (SELECT COUNT(*) FROM cdr WHERE pbx = ?) + (SELECT COUNT(*) "
                            "FROM calls WHERE pbx = ? AND line_raw IS NOT NULL)", (self.pbx, self.pbx))
        return int(rows[0][0])

    def count(self, table: str) -> int:
        if table not in ("cdr", "calls", "rejects", "batches", "parties", "live_calls"):
            raise ValueError(f"no journal table {table!r}")
        with self.backend.read() as tx:
            return int(tx.query(f"SELECT COUNT(*) FROM {table}")[0][0])  # noqa: S608 - checked above


class _NewRows:
    """The rows a chunk adds to calls, call_extensions and cdr (LINE_ROW_COLUMNS: the chunk's
    batch and PBX are the same for all), and the next free call id."""

    def __init__(self, pbx: str, next_id: int) -> None:
        self.pbx = pbx
        self.next_id = next_id
        self.calls: list[tuple[Any, ...]] = []
        self.extensions: list[tuple[str, int, int]] = []
        self.cdr: list[tuple[Any, ...]] = []

    def add_call(self, summary: CallSummary) -> int:
        call_id = self.next_id
        self.next_id += 1
        self.calls.append(_call_row(call_id, self.pbx, summary, "", True))
        self.extensions.extend((ext, summary.started_at, call_id) for ext in summary.extensions[1:])
        return call_id


# --- helpers ---------------------------------------------------------------------------------------
def _now() -> int:
    return int(datetime.now(timezone.utc).timestamp())


def _utc(epoch: int) -> datetime:
    return datetime.fromtimestamp(int(epoch), timezone.utc)


def _split(extensions: str) -> tuple[str, ...]:
    return tuple(e for e in extensions.split(",") if e)


def _next_id(tx: Tx, table: str) -> int:
    # Writers are serialised (see backend.py), so MAX + 1 cannot race.
    return int(tx.query(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")[0][0])  # noqa: S608 - constant


def _count(tx: Tx, table: str, pbx: str) -> int:
    return int(tx.query(f"SELECT COUNT(*) FROM {table} WHERE pbx = ?", (pbx,))[0][0])  # noqa: S608 - constant


def _on_conflict_nothing(insert: str, columns: str) -> str:
    return f"{insert} ON CONFLICT ({columns}) DO NOTHING"


def _segment(r: Row) -> Segment:
    """A stored line (a row of _SEGMENT_SELECT or _LONE_SELECT) as a Segment: fields from its raw
    text, the end time as stored (in UTC)."""
    return _new_segment(r[2], int(r[1]), int(r[0]))


def _new_segment(raw: str, ended_at: int, call_id: int | None = None) -> Segment:
    """The Segment of a line (text without line end) that ended at `ended_at` (UTC)."""
    # Fields 3-9 are all grouping needs; the extra-number ambiguity does not touch them, and a
    # line any layout accepts is accepted without one.
    record = parse_osbiz.parse_line(raw) if "|" in raw else parse_hipath.parse_line(raw)
    return segment_of(record, raw.rstrip(), call_id, ended_at)


def _call_row(call_id: int, pbx: str, s: CallSummary, name: str, has_cdr: bool) -> tuple[Any, ...]:
    stored = s.stored()
    return (call_id, pbx, *stored[:4], name, *stored[4:], int(has_cdr))




def _fts_quote(text: str) -> str:
    return text.replace('"', '""')


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _number_fragment(text: str) -> str:
    """The digits of `text` if it looks like a phone number fragment, else ""."""
    if not all(ch.isdigit() or ch in "+ -/()?*#" for ch in text):
        return ""
    compact = "".join(ch for ch in text if ch not in " -/()")
    if compact.startswith("+"):
        compact = "00" + compact[1:]
    return compact
