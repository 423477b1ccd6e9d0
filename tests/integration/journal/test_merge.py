"""Calls seen live (softphone, CSTA) and the CDR of the same call make ONE journal row."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from tandem.journal.importer import import_file
from tandem.journal.live import LiveCall, LiveSource
from tandem.journal.records import Direction
from tandem.journal.store import JournalQuery, JournalStore, QueryKind

BERLIN = ZoneInfo("Europe/Berlin")
# 03.11.25 09:14:52 Berlin = 08:14:52 UTC; answered after 7 s of ringing, 161 s of talk.
CDR_LINE = b"03.11.25|09:14:52|1|120|00:07|00:02:41|08912345678||1|\r\n"
END = datetime(2025, 11, 3, 8, 14, 52, tzinfo=timezone.utc)


def softphone_call(ref: str = "sip-call-1", *, source: LiveSource = LiveSource.SOFTPHONE, skew: int = 2,
                   number: str = "+498912345678", extension: str = "120",
                   direction: Direction = Direction.INCOMING, answered: bool = True) -> LiveCall:
    end = END + timedelta(seconds=skew)  # the PC's clock is a little off the PBX's
    start = end - timedelta(seconds=168)
    return LiveCall(source, ref, direction, extension, number, "Anna Berger", start,
                    start + timedelta(seconds=7) if answered else None, end)


def import_cdr(store: JournalStore, tmp_path: Path, data: bytes = CDR_LINE) -> None:
    path = tmp_path / f"cdr-{len(list(tmp_path.iterdir()))}.txt"
    path.write_bytes(data)
    import_file(store, path, tz=BERLIN)


def test_cdr_first_then_softphone_is_one_row_with_the_name(store: JournalStore, tmp_path: Path) -> None:
    import_cdr(store, tmp_path)
    call_id = store.add_live(softphone_call())
    (row,) = store.calls()
    assert row.call_id == call_id and row.from_cdr and row.name == "Anna Berger"
    assert row.duration_seconds == 161  # CDR times win
    assert store.add_live(softphone_call()) == call_id  # reporting again changes nothing
    assert store.count("calls") == 1


def test_softphone_first_then_cdr_is_one_row(store: JournalStore, tmp_path: Path) -> None:
    call_id = store.add_live(softphone_call())
    (live_only,) = store.calls()
    assert not live_only.from_cdr and live_only.answered
    import_cdr(store, tmp_path)
    (row,) = store.calls()
    assert row.call_id == call_id and row.from_cdr and row.name == "Anna Berger"
    assert row.started_at == END - timedelta(seconds=161)
    assert [c.name for c in store.search("berger")] == ["Anna Berger"]


def test_softphone_and_csta_and_cdr_of_one_call_are_one_row(store: JournalStore, tmp_path: Path) -> None:
    first = store.add_live(softphone_call())
    second = store.add_live(softphone_call("csta-42@2025-11-03T08:12", source=LiveSource.CSTA, skew=-1))
    assert first == second
    import_cdr(store, tmp_path)
    assert store.count("calls") == 1 and store.count("live_calls") == 2


def test_live_missed_call_is_fixed_up_by_the_cdr(store: JournalStore, tmp_path: Path) -> None:
    store.add_live(softphone_call(answered=False, skew=0))
    assert len(store.calls(JournalQuery(QueryKind.MISSED))) == 1
    import_cdr(store, tmp_path, b"03.11.25|09:14:52|1|120|00:21||08912345678||1|\r\n")
    (row,) = store.calls(JournalQuery(QueryKind.MISSED))
    assert row.from_cdr and store.count("calls") == 1


def test_different_calls_are_not_merged(store: JournalStore, tmp_path: Path) -> None:
    import_cdr(store, tmp_path)
    store.add_live(softphone_call("other-number", number="+4930555666"))
    store.add_live(softphone_call("other-extension", extension="131"))
    store.add_live(softphone_call("an-hour-later", skew=3600))
    store.add_live(softphone_call("outgoing", direction=Direction.OUTGOING))
    assert store.count("calls") == 5


def test_internal_calls_come_only_from_live_sources(store: JournalStore) -> None:
    store.add_live(softphone_call("int-1", number="131", direction=Direction.INTERNAL))
    store.add_live(softphone_call("int-1", number="131", direction=Direction.INTERNAL))
    (row,) = store.calls(JournalQuery(QueryKind.INTERNAL))
    assert row.number == "131" and not row.from_cdr
    assert store.calls(JournalQuery(QueryKind.INTERNAL, extension="120")) == [row]
