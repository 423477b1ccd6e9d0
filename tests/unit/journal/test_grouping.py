"""Grouping CDR lines into calls, summarising them, and matching live calls: pure rules."""

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from tandem.journal.clock import PbxClock
from tandem.journal.grouping import CallCandidate, Segment, best_live_match, cluster, numbers_match, summarise
from tandem.journal.records import Direction


def seg(key: str, *, trunk: str = "1", number: str = "0891234", ext: str = "120", end: int,
        ring: int | None = None,
        dur: int | None = None, code: int = 1, call_id: int | None = None) -> Segment:
    started = end - (dur if dur is not None else ring or 0)
    span = started if dur is None else started - (ring or 0)
    return Segment(key, call_id, trunk, number, ext, span, started, end, ring, dur, code)


def keys(calls: list[list[Segment]]) -> list[list[str]]:
    return sorted(sorted(s.key for s in call) for call in calls)


def test_two_ordinary_calls_back_to_back_stay_two_calls() -> None:
    calls = cluster([seg("a", end=1000, ring=5, dur=100), seg("b", end=1200, ring=1, dur=199)])
    assert keys(calls) == [["a"], ["b"]]


def test_transfer_segments_become_one_call() -> None:
    first = seg("a", ext="120", end=1000, ring=5, dur=100, code=5)  # answered by 120, transferred
    second = seg("b", ext="131", end=1300, ring=8, dur=290, code=1)  # rang 131 while 120 consulted
    other_number = seg("c", number="0301111", end=1300, ring=8, dur=290, code=1)
    calls = cluster([second, other_number, first])
    assert keys(calls) == [["a", "b"], ["c"]]
    summary = summarise(next(c for c in calls if len(c) == 2))
    assert summary.extensions == ("120", "131") and summary.extension == "120"
    assert summary.duration_seconds == 390 and summary.answered
    assert summary.direction is Direction.INCOMING and summary.started_at == 900


def test_ringing_notices_join_the_call_and_an_unanswered_call_is_missed() -> None:
    ring_a = seg("r1", ext="120", end=1000, code=0)
    ring_b = seg("r2", ext="121", end=1000, code=0)
    missed = seg("m", ext="120", end=1021, ring=21, code=1)
    later = seg("z", ext="120", end=5000, ring=3, dur=60, code=1)
    calls = cluster([ring_a, missed, ring_b, later])
    assert keys(calls) == [["m", "r1", "r2"], ["z"]]
    summary = summarise(next(c for c in calls if len(c) == 3))
    assert not summary.answered and summary.direction is Direction.INCOMING
    assert set(summary.extensions) == {"120", "121"}


def test_lines_already_in_one_call_stay_together() -> None:
    a = seg("a", end=1000, dur=10, call_id=7)
    b = seg("b", end=1002, dur=1, call_id=7)
    assert keys(cluster([a, b])) == [["a", "b"]]


def test_outgoing_without_connection_is_not_answered() -> None:
    assert not summarise([seg("o", end=1000, dur=0, code=2)]).answered
    assert summarise([seg("o", end=1000, dur=3, code=2)]).answered


def test_numbers_match_across_formats_and_privacy() -> None:
    assert numbers_match("+49 89 12345678", "08912345678")
    assert numbers_match("089123????", "+49891234567")
    assert not numbers_match("08912345678", "08912345679")
    assert numbers_match("", "")
    assert not numbers_match("", "0891")
    assert not numbers_match("12", "0312")


def test_best_live_match_prefers_same_direction_extension_number_and_closest_time() -> None:
    cands = [
        CallCandidate(1, Direction.INCOMING, "08912345678", ("120",), 1000, 1100),
        CallCandidate(2, Direction.INCOMING, "08912345678", ("120",), 1000, 1104),
        CallCandidate(3, Direction.OUTGOING, "08912345678", ("120",), 1000, 1103),
        CallCandidate(4, Direction.INCOMING, "08912345678", ("131",), 1000, 1103),
    ]
    best = best_live_match(Direction.INCOMING, ("120",), "+498912345678", started_at=1001, ended_at=1103,
                           candidates=cands)
    assert best is not None and best.call_id == 2
    assert best_live_match(Direction.INCOMING, ("120",), "+498912345678", started_at=5000, ended_at=5100,
                           candidates=cands) is None
    assert best_live_match(Direction.INTERNAL, ("120",), "08912345678", started_at=1001, ended_at=1103,
                           candidates=cands) is None


def utc(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, timezone.utc)


def test_pbx_clock_converts_wall_time_with_summer_time() -> None:
    clock = PbxClock(ZoneInfo("Europe/Berlin"))
    winter = clock.to_epoch(datetime(2025, 1, 15, 9, 30, 5))
    summer = clock.to_epoch(datetime(2025, 7, 15, 9, 30, 5))
    assert utc(winter) == datetime(2025, 1, 15, 8, 30, 5, tzinfo=timezone.utc)
    assert utc(summer) == datetime(2025, 7, 15, 7, 30, 5, tzinfo=timezone.utc)
    # The night the clocks go back: the repeated hour is read as its first occurrence.
    repeated = clock.to_epoch(datetime(2025, 10, 26, 2, 30, 0))
    assert utc(repeated) == datetime(2025, 10, 26, 0, 30, tzinfo=timezone.utc)
