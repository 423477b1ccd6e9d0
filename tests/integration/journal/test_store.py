"""The journal store on SQLite and on a real PostgreSQL server: import, dedupe, archive, rejects,
grouping, the journal lists and search."""

from __future__ import annotations

import hashlib
import itertools
import zlib
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pgserver
import pytest
from cdrdata import trunk_calls

from tandem.core.errors import EnvironmentProblem
from tandem.journal.backend import Backend, PostgresBackend, SqliteBackend
from tandem.journal.clock import PbxClock
from tandem.journal.importer import import_file
from tandem.journal.live import LiveCall, LiveSource
from tandem.journal.parse_osbiz import OsbizLayout, format_line
from tandem.journal.records import Direction
from tandem.journal.schema import LATEST, MIGRATIONS, current_version, migrate
from tandem.journal.store import JournalQuery, JournalStore, QueryKind

BERLIN = ZoneInfo("Europe/Berlin")
_v2_names = itertools.count(1)
TRANSFER = [
    b"03.11.25|10:00:00|3|120|00:05|00:01:00|0301111||5|",  # 120 answers, transfers
    b"03.11.25|10:02:00|3|131|00:10|00:02:00|0301111||1|",  # 131 takes over
]
MISSED = [
    b"03.11.25|11:00:00|1|120|||089777||0|",  # ringing at 120 and 121
    b"03.11.25|11:00:00|1|121|||089777||0|",
    b"03.11.25|11:00:25|1|120|00:25||089777||1|",  # nobody answered
]


def write(path: Path, lines: list[bytes], newline: bytes = b"\r\n") -> Path:
    path.write_bytes(b"".join(line + newline for line in lines))
    return path


def cdr_lines(count: int, seed: int = 1) -> list[bytes]:
    return [format_line(r).encode() for r in trunk_calls(count, seed=seed)]


def test_import_twice_adds_nothing_and_an_extended_file_adds_only_the_new(store: JournalStore,
                                                                       tmp_path: Path) -> None:
    lines = cdr_lines(40)
    first = import_file(store, write(tmp_path / "a.cdr", lines[:30]), tz=BERLIN)
    assert (first.added, first.duplicates) == (30, 0)
    again = import_file(store, tmp_path / "a.cdr", tz=BERLIN)
    assert again.already_imported and again.added == 0
    # The next download repeats the first 30 lines (the PBX was not told to delete) plus 10 new.
    grown = import_file(store, write(tmp_path / "b.cdr", lines, newline=b"\n"), tz=BERLIN)
    assert (grown.added, grown.duplicates) == (10, 30)
    assert store.cdr_line_count() == 40 and store.count("calls") == 40
    assert sorted(store.cdr_records()) == sorted(trunk_calls(40))


def test_the_import_writes_rows_with_fixed_values_offsets_and_nulls(store: JournalStore) -> None:
    """Tx.insert_many as the import uses it: fixed values the rows leave out, ids shifted, -1 for
    NULL in the columns named so (and only there)."""
    rows = [(1, 100, "in", -1, -1), (2, 200, "out'", 7, 0)]
    with store.backend.write() as tx:
        tx.insert_many("calls", ("id", "started_at", "direction", "ring_seconds", "duration_seconds"), rows,
                       add={"id": 40}, null_as_minus_one=("ring_seconds",),
                       fixed={"pbx": "it's", "ended_at": 300, "number": "", "trunk": "1", "extension": "",
                              "extensions": "", "answered": 0, "has_cdr": 1})
    with store.backend.read() as tx:
        got = tx.query("SELECT id, pbx, started_at, ended_at, direction, ring_seconds, duration_seconds "
                       "FROM calls ORDER BY id")
    assert [tuple(row) for row in got] == [(41, "it's", 100, 300, "in", None, -1),
                                           (42, "it's", 200, 300, "out'", 7, 0)]


def test_interrupted_import_resumes_without_duplicates(store: JournalStore, tmp_path: Path) -> None:
    path = write(tmp_path / "a.cdr", cdr_lines(50))

    class Stop(Exception):
        pass

    def stop_after_two(seq: int) -> None:
        if seq == 1:
            raise Stop

    with pytest.raises(Stop):
        import_file(store, path, tz=BERLIN, chunk_lines=10, after_chunk=stop_after_two)
    assert store.cdr_line_count() == 20  # two whole chunks, nothing of the third
    resumed = import_file(store, path, tz=BERLIN)  # resumes with the chunk size it began with
    assert not resumed.already_imported and (resumed.added, resumed.duplicates) == (30, 20)
    assert store.cdr_line_count() == 50 and len(store.batches()) == 1
    batch_id = store.batches()[0][0]
    assert b"".join(store.batch_raw(batch_id)) == path.read_bytes()  # raw batch archived exactly


def test_rejected_lines_are_kept_with_file_line_and_reason(store: JournalStore, tmp_path: Path) -> None:
    path = write(tmp_path / "bad.cdr", [b"Datum|Uhrzeit|Lt|Tln|Ruf|Dauer|Rufnummer|Betrag|I|",
                                        *cdr_lines(2), b"03.11.25|25:00:00|1|120|00:07|00:02:41|0891||1|",
                                        b"kaputt"])
    report = import_file(store, path, tz=BERLIN, source="pbx-download-7")
    assert report.added == 2 and report.header.startswith("Datum")
    assert [(r.line_no, r.raw) for r in report.rejected] == [
        (4, "03.11.25|25:00:00|1|120|00:07|00:02:41|0891||1|"), (5, "kaputt")]
    kept = store.rejects()
    assert [str(r) for r in kept] == [str(r) for r in report.rejected]
    assert kept[0].source == "pbx-download-7" and "time '25:00:00'" in kept[0].reason
    import_file(store, write(tmp_path / "bad2.cdr", [b"kaputt"]), tz=BERLIN)
    assert len(store.rejects()) == 2  # the same bad line again is not listed twice


def test_transfer_segments_are_one_call_and_ringing_notices_make_a_missed_call(
        store: JournalStore, tmp_path: Path) -> None:
    import_file(store, write(tmp_path / "t.cdr", [*TRANSFER, *MISSED]), tz=BERLIN)
    calls = store.calls()
    assert len(calls) == 2
    missed, transferred = calls  # newest first
    assert transferred.extensions == ("120", "131") and transferred.answered
    assert transferred.duration_seconds == 180
    assert transferred.started_at == datetime(2025, 11, 3, 8, 59, tzinfo=timezone.utc)  # 10:00:00 CET - 60 s
    assert missed.missed and set(missed.extensions) == {"120", "121"}
    assert [c.call_id for c in store.calls(JournalQuery(QueryKind.MISSED))] == [missed.call_id]


def test_segments_of_one_call_in_two_downloads_are_still_one_call(store: JournalStore,
                                                                  tmp_path: Path) -> None:
    import_file(store, write(tmp_path / "1.cdr", [MISSED[0]]), tz=BERLIN)
    assert store.calls()[0].missed  # ringing seen, nothing else yet: missed so far
    import_file(store, write(tmp_path / "2.cdr", [b"03.11.25|11:01:30|1|120|00:04|00:01:26|089777||1|"]),
                tz=BERLIN)
    (call,) = store.calls()
    assert call.answered and call.duration_seconds == 86
    # The first line was kept in its call's row (a call of one line); it moved to the cdr table
    # when the second joined: both lines are there once, and a download repeating them adds nothing.
    assert _line_places(store) == {"in calls rows": 0, "in the cdr table": 2}
    assert store.cdr_line_count() == 2 and len(list(store.cdr_records())) == 2
    answered = b"03.11.25|11:01:30|1|120|00:04|00:01:26|089777||1|"
    again = import_file(store, write(tmp_path / "3.cdr", [MISSED[0], answered]), tz=BERLIN)
    assert (again.added, again.duplicates) == (0, 2) and len(store.calls()) == 1


def _line_places(store: JournalStore) -> dict[str, int]:
    with store.backend.read() as tx:
        in_rows = tx.query("SELECT COUNT(*) FROM calls WHERE line_raw IS NOT NULL")[0][0]
        in_table = tx.query("SELECT COUNT(*) FROM cdr")[0][0]
    return {"in calls rows": int(in_rows), "in the cdr table": int(in_table)}


def test_two_stored_calls_a_new_line_joins_become_one_call_with_all_three_lines(store: JournalStore,
                                                                                tmp_path: Path) -> None:
    first = b"03.11.25|10:00:20|3|120|00:05|00:00:20|0301111||1|"  # ringing from 09:59:55
    second = b"03.11.25|10:01:00|3|121|00:05|00:00:20|0301111||1|"  # ringing from 10:00:35
    between = b"03.11.25|10:00:40|3|130|00:00|00:00:25|0301111||5|"  # a transfer segment touching both
    import_file(store, write(tmp_path / "1.cdr", [first]), tz=BERLIN)
    assert _line_places(store) == {"in calls rows": 1, "in the cdr table": 0}  # a call of one line
    import_file(store, write(tmp_path / "2.cdr", [second]), tz=BERLIN)  # ringing after the first ended
    assert len(store.calls()) == 2 and _line_places(store) == {"in calls rows": 2, "in the cdr table": 0}
    import_file(store, write(tmp_path / "3.cdr", [between]), tz=BERLIN)
    (call,) = store.calls()
    assert call.extensions == ("120", "130", "121") and store.count("calls") == 1
    assert _line_places(store) == {"in calls rows": 0, "in the cdr table": 3}
    with store.backend.read() as tx:
        assert [tuple(r) for r in tx.query("SELECT DISTINCT call_id FROM cdr")] == [(call.call_id,)]
    stored = sorted(format_line(r, OsbizLayout(fields=9)).encode() for r in store.cdr_records())
    assert stored == sorted([first, second, between])
    again = import_file(store, write(tmp_path / "4.cdr", [second, between, first]), tz=BERLIN)
    assert (again.added, again.duplicates) == (0, 3)


def test_a_line_longer_than_twelve_hours_is_kept_in_the_cdr_table_and_found_again(store: JournalStore,
                                                                                 tmp_path: Path) -> None:
    # The index of calls by start finds calls of one line up to 12 hours long; longer lines are
    # looked up by their end time in the cdr table, so that a repeat of them is still a repeat.
    long_call = b"03.11.25|23:30:00|3|120|00:05|13:00:00|0301111||1|"
    short_call = b"03.11.25|23:40:00|4|121|00:05|00:01:00|089555||1|"
    import_file(store, write(tmp_path / "1.cdr", [long_call, short_call]), tz=BERLIN)
    assert _line_places(store) == {"in calls rows": 1, "in the cdr table": 1}
    again = import_file(store, write(tmp_path / "2.cdr", [short_call, long_call]), tz=BERLIN)
    assert (again.added, again.duplicates) == (0, 2) and store.count("calls") == 2
    durations = sorted(c.duration_seconds or 0 for c in store.calls())
    assert durations == [60, 13 * 3600]


def test_lists_by_kind_extension_and_date_range(store: JournalStore, tmp_path: Path) -> None:
    records = trunk_calls(60)
    import_file(store, write(tmp_path / "a.cdr", [format_line(r).encode() for r in records]), tz=BERLIN)
    every = store.calls(JournalQuery(limit=1000))
    assert len(every) == 60
    assert [c.started_at for c in every] == sorted((c.started_at for c in every), reverse=True)
    by_kind = {kind: store.calls(JournalQuery(kind, limit=1000)) for kind in QueryKind}
    assert len(by_kind[QueryKind.INCOMING]) == sum(r.info_code == 1 for r in records)
    assert len(by_kind[QueryKind.OUTGOING]) == sum(r.info_code == 2 for r in records)
    unanswered = sum(r.info_code == 1 and r.duration_seconds is None for r in records)
    assert len(by_kind[QueryKind.MISSED]) == unanswered
    assert by_kind[QueryKind.MISSED] and all(c.missed for c in by_kind[QueryKind.MISSED])
    assert by_kind[QueryKind.INTERNAL] == []
    mine = store.calls(JournalQuery(extension="131", limit=1000))
    assert mine and len(mine) == sum(r.extension == "131" for r in records)
    middle = every[30].started_at
    window = store.calls(JournalQuery(since=middle, until=middle + timedelta(hours=1), limit=1000))
    assert window and all(middle <= c.started_at < middle + timedelta(hours=1) for c in window)
    assert len(store.calls(JournalQuery(limit=5))) == 5
    pages, last = [], None  # keyset paging walks the whole list once, in order
    while True:
        before = (last.started_at, last.call_id) if last is not None else None
        page = store.calls(JournalQuery(limit=7, before=before))
        if not page:
            break
        pages.extend(page)
        last = page[-1]
    assert [c.call_id for c in pages] == [c.call_id for c in every]


def test_search_by_number_fragment_and_name(store: JournalStore, tmp_path: Path) -> None:
    import_file(store, write(tmp_path / "t.cdr", [*TRANSFER, *MISSED, *cdr_lines(30)]), tz=BERLIN)
    store.remember_names([("089777", "Müller_Bau GmbH")])
    assert [c.number for c in store.search("9777")] == ["089777"]
    assert [c.name for c in store.search("müller")] == ["Müller_Bau GmbH"]  # names: any case
    assert [c.number for c in store.search("r_b")] == ["089777"]  # _ is a letter, not a wildcard
    assert store.search("%") == []
    assert [c.number for c in store.search("0301", missed_only=True)] == []
    assert [c.number for c in store.search("089 777", missed_only=True)] == ["089777"]
    assert store.search("+49 30 1111") == [] and store.search("   ") == []


def test_schema_is_versioned_and_a_newer_journal_is_refused(store: JournalStore) -> None:
    with store.backend.write() as tx:
        assert current_version(tx, store.backend.dialect) == LATEST == MIGRATIONS[-1].version
    assert migrate(store.backend) == LATEST  # nothing to do, nothing broken
    with store.backend.write() as tx:
        if store.backend.dialect == "sqlite":
            tx.execute(f"PRAGMA user_version = {LATEST + 1}")
        else:
            tx.execute("UPDATE journal_schema SET version = ?", (LATEST + 1,))
    with pytest.raises(EnvironmentProblem, match="newer Tandem"):
        JournalStore(store.backend)


def test_archive_chunks_are_compressed_raw_bytes(store: JournalStore, tmp_path: Path) -> None:
    path = write(tmp_path / "a.cdr", cdr_lines(5))
    import_file(store, path, tz=BERLIN)
    with store.backend.read() as tx:
        (data,) = tx.query("SELECT data FROM batch_chunks")[0]
    assert zlib.decompress(bytes(data)) == path.read_bytes()


def test_directions_survive_the_round_trip(store: JournalStore, tmp_path: Path) -> None:
    import_file(store, write(tmp_path / "a.cdr", [b"03.11.25|09:20:03|2|131||00:00:45|004930987654||52|"]),
                tz=BERLIN)
    (call,) = store.calls()
    assert call.direction is Direction.OUTGOING and call.from_cdr


def test_upgrade_from_version_1_indexes_the_parties_already_there(tmp_path: Path) -> None:
    backend = SqliteBackend(tmp_path / "old.sqlite3")
    assert migrate(backend, target=1) == 0
    with backend.write() as tx:
        tx.execute("INSERT INTO parties (number, name) VALUES ('089777', 'Huber & Söhne')")
    store = JournalStore(backend)  # opening upgrades to the latest version
    try:
        with backend.read() as tx:
            assert current_version(tx, "sqlite") == LATEST
        store.add_live(_live("089777"))
        assert [c.name for c in store.search("SÖHNE")] == ["Huber & Söhne"]
        assert [c.number for c in store.search("977")] == ["089777"]
        assert [c.number for c in store.search("77")] == ["089777"]  # short: no index, still found
    finally:
        store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def version_2_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """An empty database at schema version 2 (the journal as Tandem wrote it before version 3)."""
    backend: Backend
    if request.param == "sqlite":
        backend = SqliteBackend(tmp_path / "v2.sqlite3")
    else:
        server: pgserver.PgServer = request.getfixturevalue("pg_server")
        backend = PostgresBackend(server.create_database(f"v2journal{next(_v2_names)}"))
    try:
        assert migrate(backend, target=2) == 0
        yield backend
    finally:
        backend.close()


def _indexes(backend: Backend) -> set[str]:
    with backend.read() as tx:
        if backend.dialect == "sqlite":
            return {r[0] for r in tx.query("SELECT name FROM sqlite_master WHERE type = 'index'")}
        return {r[0] for r in tx.query("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")}


OLD_LINES = [b"03.11.25|10:00:00|3|120|00:05|00:01:00|0301111||1|",
             b"03.11.25|10:05:00|3|131|00:05|00:01:00|0301111||1|", MISSED[0]]


def _write_as_version_2(backend: Backend) -> None:
    """Rows as Tandem wrote them at schema version 2: two calls on one trunk and number, minutes
    apart (not one call), the ringing notice of a call still ringing, and a call seen only live."""
    clock = PbxClock(BERLIN)
    ends = [clock.to_epoch(datetime.strptime(line.decode()[:17], "%d.%m.%y|%H:%M:%S")) for line in OLD_LINES]
    live = _live("089555")
    live_start, live_end = int(live.started_at.timestamp()), int(live.ended_at.timestamp())
    with backend.write() as tx:
        tx.execute("INSERT INTO batches (id, pbx, source, payload_sha256, received_at, completed_at, "
                   "chunk_lines, records) VALUES (1, 'pbx', '1.cdr', ?, 0, 0, 20000, 3)", ("a" * 64,))
        tx.execute("INSERT INTO batch_chunks (batch_id, seq, data) VALUES (1, 0, ?)",
                   (zlib.compress(b"".join(line + b"\r\n" for line in OLD_LINES)),))
        for line_no, (line, end) in enumerate(zip(OLD_LINES, ends, strict=True), start=1):
            raw = line.decode()
            tx.execute("INSERT INTO cdr (pbx, line_key, call_id, batch_id, line_no, ended_at, raw) "
                       "VALUES ('pbx', ?, ?, 1, ?, ?, ?)",
                       (hashlib.blake2b(raw.encode(), digest_size=16).digest(), line_no, line_no, end, raw))
        calls = [
            (1, ends[0] - 60, ends[0], "in", "0301111", "3", "120", 1, 5, 60, 1),
            (2, ends[1] - 60, ends[1], "in", "0301111", "3", "131", 1, 5, 60, 1),
            (3, ends[2], ends[2], "in", "089777", "1", "120", 0, None, None, 1),
            (4, live_start, live_end, "in", "089555", "", "120", 0, 60, None, 0),
        ]
        for call_id, start, end, direction, number, trunk, ext, answered, ring, duration, cdr in calls:
            tx.execute("INSERT INTO calls (id, pbx, started_at, ended_at, direction, number, name, trunk, "
                       "extension, extensions, answered, ring_seconds, duration_seconds, has_cdr) "
                       "VALUES (?, 'pbx', ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?)",
                       (call_id, start, end, direction, number, trunk, ext, ext, answered, ring, duration,
                        cdr))
            tx.execute("INSERT INTO call_extensions (extension, started_at, call_id) VALUES (?, ?, ?)",
                       (ext, start, call_id))
        for number in ("0301111", "089777", "089555"):
            tx.execute("INSERT INTO parties (number) VALUES (?)", (number,))
        tx.execute("INSERT INTO live_calls (source, ref, call_id) VALUES (?, ?, 4)",
                   (live.source.value, live.ref))


def test_a_version_2_journal_upgrades_and_its_calls_still_merge(version_2_backend: Backend,
                                                                 tmp_path: Path) -> None:
    backend = version_2_backend
    _write_as_version_2(backend)
    assert {"cdr_call", "call_extensions_call"} <= _indexes(backend)
    store = JournalStore(backend)  # opening upgrades
    with backend.read() as tx:
        assert current_version(tx, backend.dialect) == LATEST == 6
    # Version 3 dropped both indexes by call; version 4 keeps only a call's further extensions
    # in call_extensions (the first is indexed with the call) and indexes those by call again.
    assert "cdr_call" not in _indexes(backend)
    assert {"call_extensions_call", "calls_extension"} <= _indexes(backend)
    # Version 5: on SQLite the lines are kept in the order of their end time, without an index.
    if backend.dialect == "sqlite":
        assert "cdr_ended" not in _indexes(backend)
        with backend.read() as tx:
            ddl = tx.query("SELECT sql FROM sqlite_master WHERE name = 'cdr'")[0][0]
        assert "WITHOUT ROWID" in ddl and "PRIMARY KEY (pbx, ended_at, batch_id, line_no)" in ddl
    with backend.read() as tx:
        assert tx.query("SELECT COUNT(*) FROM call_extensions")[0][0] == 0
    nine = OsbizLayout(fields=9)
    assert sorted(format_line(r, nine).encode() for r in store.cdr_records()) == sorted(OLD_LINES)
    assert store.search("0301111")[0].extensions == ("131",) and store.count("calls") == 4
    # The same lines in a new download are recognised as already stored.
    again = import_file(store, write(tmp_path / "1-again.cdr", OLD_LINES), tz=BERLIN)
    assert (again.added, again.duplicates) == (0, 3)
    # A transfer segment bridging the two stored calls makes them one call; the ringing call
    # is answered; the live call is found again by the CDR of the same call.
    import_file(store, write(tmp_path / "2.cdr", [
        b"03.11.25|10:04:00|3|140|00:00|00:04:00|0301111||5|",
        b"03.11.25|11:01:30|1|120|00:04|00:01:26|089777||1|",
        b"03.11.25|09:59:30|4|120|00:03|00:01:30|089555||1|"]), tz=BERLIN)
    bridged, live, answered = sorted(store.calls(), key=lambda c: c.number)
    assert bridged.extensions == ("120", "140", "131") and bridged.duration_seconds == 360
    assert answered.answered and answered.duration_seconds == 86
    assert live.from_cdr and live.call_id == store.add_live(_live("089555"))
    assert store.count("calls") == 3 and store.cdr_line_count() == 6
    for ext in ("120", "131", "140"):  # each call listed once under each of its extensions
        listed = [c.call_id for c in store.calls(JournalQuery(extension=ext))]
        assert listed == sorted(set(listed), key=listed.index)
        assert bridged.call_id in listed and (ext != "120" or {answered.call_id, live.call_id} <= set(listed))
    with backend.read() as tx:  # the bridged call's second and third extension
        assert sorted(tx.query("SELECT extension, call_id FROM call_extensions")) == [
            ("131", bridged.call_id), ("140", bridged.call_id)]


def _live(number: str) -> LiveCall:
    end = datetime(2025, 11, 3, 9, 0, tzinfo=timezone.utc)
    return LiveCall(LiveSource.SOFTPHONE, "c1", Direction.INCOMING, "120", number, "",
                    end - timedelta(minutes=1), None, end)
