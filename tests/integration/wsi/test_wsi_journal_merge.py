"""The user's UC journal (JournalRead from the simulator) merged into a real journal store, next to the
CDR line and the softphone's report of the same call."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tandem.core.callevents import Connection
from tandem.journal.importer import import_lines
from tandem.journal.live import LiveCall, LiveSource
from tandem.journal.parse_osbiz import format_line
from tandem.journal.records import CdrRecord, Direction, InfoCode
from tandem.journal.store import JournalQuery, JournalStore, QueryKind
from tandem.net.wsi_client import WsiClient, uc_entry_as_live_call
from tandem.pbxsim.callmodel import TrunkCallRecord

# What is tested is that the mapped UC journal entry finds the CDR call of the same call.
SOURCE = LiveSource.WSI
EXTERNAL = "0891234567"


def cdr_line(record: TrunkCallRecord) -> bytes:
    assert record.answered is not None and record.internal is not None
    cdr = CdrRecord(
        ended_at=datetime.fromtimestamp(record.ended).replace(microsecond=0), trunk=str(record.trunk + 1),
        extension=record.internal, ring_seconds=int(record.answered - record.started),
        duration_seconds=int(record.ended - record.answered), number=record.external[1:], charge="",
        info_code=int(InfoCode.OUTGOING))
    return (format_line(cdr) + "\r\n").encode("latin-1")


async def merge(store: JournalStore, client: WsiClient) -> list[int]:
    return [store.add_live(uc_entry_as_live_call(entry, source=SOURCE, tz=None))
            for entry in await client.journal()]


async def test_uc_journal_merges_with_the_cdr_and_softphone_record_of_the_same_call(
        sim: Any, open_client: Any, tmp_path: Path) -> None:
    records: list[TrunkCallRecord] = []
    sim.pbx.cdr_sinks.append(records.append)
    anna = await open_client("120")
    call_id = await anna.make_call(EXTERNAL)
    sim.pbx.external_answer(call_id)
    sim.pbx.clear_connection(Connection(call_id, "120"))
    (record,) = records

    store = JournalStore.open_sqlite(tmp_path / "journal.sqlite3")
    try:
        import_lines(store, [cdr_line(record)], source="cdr-test", payload_sha256="0" * 64, tz=None)
        (cdr_call,) = store.calls()
        assert cdr_call.from_cdr
        started = datetime.fromtimestamp(record.started, timezone.utc)
        ended = datetime.fromtimestamp(record.ended, timezone.utc)
        softphone = LiveCall(LiveSource.SOFTPHONE, "sip-call-id-1", Direction.OUTGOING, "120", EXTERNAL, "",
                             started, started, ended)
        assert store.add_live(softphone) == cdr_call.call_id

        (entry,) = await anna.journal()
        assert (entry.number, entry.answered, entry.call_id) == (EXTERNAL, True, call_id)
        assert await merge(store, anna) == [cdr_call.call_id]
        assert await merge(store, anna) == [cdr_call.call_id]  # merging again adds nothing
        assert [c.call_id for c in store.calls()] == [cdr_call.call_id]
    finally:
        store.close()


async def test_a_call_only_the_uc_journal_knows_is_added_once(sim: Any, open_client: Any,
                                                             tmp_path: Path) -> None:
    ben = await open_client("121")
    missed = sim.pbx.incoming_call(EXTERNAL, "121")
    assert missed is not None
    sim.pbx.external_hang_up(missed.call_id)

    store = JournalStore.open_sqlite(tmp_path / "journal.sqlite3")
    try:
        first = await merge(store, ben)
        assert await merge(store, ben) == first
        (call,) = store.calls()
        assert (call.direction, call.number, call.extension, call.answered) == (
            Direction.INCOMING, EXTERNAL, "121", False)
        assert [c.call_id for c in store.calls(JournalQuery(kind=QueryKind.MISSED))] == first
    finally:
        store.close()

