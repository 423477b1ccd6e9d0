"""The CDR collector against the simulator's HTTPS endpoint: get → commit → delete, faults, trust."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cdrdata import spooled, trunk_calls
from conftest import CDR_PASSWORD, CDR_USER

from tandem.core.errors import EnvironmentProblem
from tandem.journal.store import JournalStore
from tandem.net.cdr_collector import CdrCollector, CdrCredentialsRejected, CdrEndpoint
from tandem.pbxsim.cdr_server import CdrBook, CdrServerThread

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def journal(tmp_path: Path) -> JournalStore:
    store = JournalStore.open_sqlite(tmp_path / "journal.sqlite3")
    yield store  # type: ignore[misc]
    store.close()


def collector(sim: CdrServerThread, journal: JournalStore, tmp_path: Path, **kw: object) -> CdrCollector:
    settings: dict[str, object] = {"pin_sha256": sim.server.cert.sha256, "retry_delay": 0.01, "timeout": 10.0}
    settings.update(kw)
    checkpoint = settings.pop("checkpoint", None)
    endpoint = CdrEndpoint("127.0.0.1", CDR_USER, str(settings.pop("password", CDR_PASSWORD)), port=sim.port,
                           **settings)  # type: ignore[arg-type]
    return CdrCollector(endpoint, journal, tmp_path / "spool", tz=BERLIN,
                        checkpoint=checkpoint)  # type: ignore[arg-type]


async def test_fetch_commits_then_deletes_and_the_next_fetch_finds_nothing(
        cdr_sim: CdrServerThread, cdr_book: CdrBook, journal: JournalStore, tmp_path: Path) -> None:
    cdr_book.extend(trunk_calls(25))
    result = await collector(cdr_sim, journal, tmp_path).fetch_once()
    assert result.report is not None and result.report.added == 25 and result.deleted
    assert cdr_sim.server.requests == ["get", "delete"]
    assert cdr_book.pending_lines == 0 and sorted(journal.cdr_records()) == sorted(cdr_book.written)
    again = await collector(cdr_sim, journal, tmp_path).fetch_once()
    assert again.report is None and "nothing pending" in again.summary()
    assert cdr_sim.server.requests == ["get", "delete", "get"]  # nothing to delete, no delete
    assert spooled(tmp_path / "spool") == []


async def test_dropped_body_and_http_500_are_retried_without_loss(
        cdr_sim: CdrServerThread, cdr_book: CdrBook, journal: JournalStore, tmp_path: Path) -> None:
    cdr_book.extend(trunk_calls(400))  # big enough that half the body is a real cut
    cdr_sim.server.faults.drop_mid_body = 1
    cdr_sim.server.faults.http_500 = 1  # the first retry of the get

    def fail_first_delete(step: str) -> None:
        if step == "deleting":
            cdr_sim.server.faults.http_500 = 1

    result = await collector(cdr_sim, journal, tmp_path, checkpoint=fail_first_delete).fetch_once()
    assert result.deleted and result.report is not None and result.report.added == 400
    assert cdr_sim.server.requests == ["get", "get", "get", "delete", "delete"]
    assert journal.cdr_line_count() == 400 and cdr_book.pending_lines == 0


async def test_giving_up_leaves_everything_on_the_pbx(
        cdr_sim: CdrServerThread, cdr_book: CdrBook, journal: JournalStore, tmp_path: Path) -> None:
    cdr_book.extend(trunk_calls(5))
    cdr_sim.server.faults.http_500 = 10
    with pytest.raises(EnvironmentProblem, match=r"after 3 attempts, last: HTTP 500.*nothing was lost"):
        await collector(cdr_sim, journal, tmp_path, retries=2).fetch_once()
    assert cdr_book.pending_lines == 5 and journal.cdr_line_count() == 0


async def test_slow_pbx_times_out_and_the_data_stays(
        cdr_sim: CdrServerThread, cdr_book: CdrBook, journal: JournalStore, tmp_path: Path) -> None:
    cdr_book.extend(trunk_calls(5))
    cdr_sim.server.faults.delay_seconds = 2.0
    with pytest.raises(EnvironmentProblem, match="no answer in time"):
        await collector(cdr_sim, journal, tmp_path, timeout=0.3, retries=1).fetch_once()
    assert cdr_book.pending_lines == 5
    cdr_sim.server.faults.delay_seconds = 0.2  # slow but within the timeout: fine
    result = await collector(cdr_sim, journal, tmp_path, timeout=10.0).fetch_once()
    assert result.deleted and journal.cdr_line_count() == 5


async def test_wrong_password_is_reported_and_not_retried(
        cdr_sim: CdrServerThread, cdr_book: CdrBook, journal: JournalStore, tmp_path: Path) -> None:
    cdr_book.extend(trunk_calls(3))
    with pytest.raises(CdrCredentialsRejected, match=r"refused the CDR get for user cdr@system.*wrong user"):
        await collector(cdr_sim, journal, tmp_path, password="wrong").fetch_once()
    assert cdr_sim.server.requests == ["get"] and cdr_book.pending_lines == 3


async def test_certificate_must_be_trusted_or_pinned(
        cdr_sim: CdrServerThread, cdr_book: CdrBook, journal: JournalStore, tmp_path: Path) -> None:
    cdr_book.extend(trunk_calls(3))
    with pytest.raises(EnvironmentProblem, match="not trusted"):
        await collector(cdr_sim, journal, tmp_path, pin_sha256="").fetch_once()
    with pytest.raises(EnvironmentProblem, match="does not match the pinned fingerprint"):
        await collector(cdr_sim, journal, tmp_path, pin_sha256="ab" * 32).fetch_once()
    assert cdr_sim.server.requests == [] and cdr_book.pending_lines == 3  # nothing was sent
    verified = collector(cdr_sim, journal, tmp_path, pin_sha256="", cafile=cdr_sim.server.cert.cert_path)
    assert (await verified.fetch_once()).deleted


async def test_a_web_page_instead_of_cdr_data_is_not_deleted(
        cdr_sim: CdrServerThread, cdr_book: CdrBook, journal: JournalStore, tmp_path: Path) -> None:
    cdr_book.append_raw(b"<html><body>Session expired</body></html>\r\n")
    with pytest.raises(EnvironmentProblem, match="web page instead of call data"):
        await collector(cdr_sim, journal, tmp_path).fetch_once()
    assert cdr_sim.server.requests == ["get"] and cdr_book.pending_lines == 1


async def test_data_that_holds_no_record_is_kept_and_not_deleted(
        cdr_sim: CdrServerThread, cdr_book: CdrBook, journal: JournalStore, tmp_path: Path) -> None:
    cdr_book.append_raw(b"ERROR 17 accounting busy\r\n")
    with pytest.raises(EnvironmentProblem, match=r"held no call record.*NOT deleted"):
        await collector(cdr_sim, journal, tmp_path).fetch_once()
    assert cdr_book.pending_lines == 1 and [r.raw for r in journal.rejects()] == ["ERROR 17 accounting busy"]


async def test_spool_file_left_by_a_killed_cycle_is_imported_first(
        cdr_sim: CdrServerThread, cdr_book: CdrBook, journal: JournalStore, tmp_path: Path) -> None:
    from tandem.journal.parse_osbiz import format_line

    spool = tmp_path / "spool"
    spool.mkdir()
    earlier = trunk_calls(4, seed=9)
    (spool / "20251103-0900-1.cdr").write_bytes(b"".join(format_line(r).encode() + b"\r\n" for r in earlier))
    (spool / "20251103-0905-2.part").write_bytes(b"03.11.25|09:1")  # cut-off download: discarded
    cdr_book.extend(trunk_calls(3, seed=2))
    result = await collector(cdr_sim, journal, tmp_path).fetch_once()
    assert [r.added for r in result.recovered] == [4] and result.deleted
    assert journal.cdr_line_count() == 7 and spooled(spool) == []


async def test_collect_keeps_fetching_until_stopped(
        cdr_sim: CdrServerThread, cdr_book: CdrBook, journal: JournalStore, tmp_path: Path) -> None:
    import asyncio
    from datetime import datetime

    from tandem.pbxsim.cdr_server import trunk_call_record

    stop = asyncio.Event()
    seen: list[object] = []

    def on_result(outcome: object) -> None:
        seen.append(outcome)
        if len(seen) == 1:  # a call ends on the PBX between two downloads
            cdr_book.append(trunk_call_record(ended_at=datetime(2025, 11, 3, 9, 0), trunk=2, extension="120",
                                              number="0891111", incoming=True, ring_seconds=4,
                                              talk_seconds=30))
        if len(seen) == 3:
            stop.set()

    cdr_book.extend(trunk_calls(3))
    cdr_sim.server.faults.http_500 = 1  # the first cycle fails and is reported, the loop goes on
    await asyncio.wait_for(collector(cdr_sim, journal, tmp_path, retries=0).collect(0.01, stop, on_result),
                           timeout=60)
    assert isinstance(seen[0], EnvironmentProblem) and "after 1 attempt," in str(seen[0])
    assert journal.cdr_line_count() == 4 and cdr_book.pending_lines == 0
    (missed_or_answered,) = journal.search("0891111")
    assert missed_or_answered.answered and missed_or_answered.duration_seconds == 30


async def test_only_one_collector_may_own_the_download(
        cdr_sim: CdrServerThread, cdr_book: CdrBook, journal: JournalStore, tmp_path: Path) -> None:
    import fcntl

    cdr_book.extend(trunk_calls(2))
    spool = tmp_path / "spool"
    spool.mkdir()
    with (spool / ".collector.lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as a running collector holds it
        with pytest.raises(EnvironmentProblem, match="another CDR collector is running"):
            await collector(cdr_sim, journal, tmp_path).fetch_once()
    assert cdr_sim.server.requests == [] and cdr_book.pending_lines == 2
    assert (await collector(cdr_sim, journal, tmp_path).fetch_once()).deleted


async def test_a_redirect_to_a_login_page_is_not_followed(
        cdr_sim: CdrServerThread, cdr_book: CdrBook, journal: JournalStore, tmp_path: Path) -> None:
    cdr_book.extend(trunk_calls(2))
    cdr_sim.server.faults.redirect_to_login = 1
    with pytest.raises(CdrCredentialsRejected, match=r"to /login\.html \(HTTP 302\)") as caught:
        await collector(cdr_sim, journal, tmp_path).fetch_once()
    assert CDR_PASSWORD not in str(caught.value)
    assert cdr_sim.server.requests == ["get"] and cdr_book.pending_lines == 2
