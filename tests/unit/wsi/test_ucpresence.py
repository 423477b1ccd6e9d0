"""The UC presence domain type (tandem.core.ucpresence)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tandem.core.presence import DeviceState
from tandem.core.ucpresence import UcPresence, UcPresenceStatus, colleague_summary, return_time_from_clock


def test_the_nine_codes_and_callme() -> None:
    assert [s.code for s in UcPresenceStatus] == [1, 2, 3, 4, 5, 6, 7, 8, 9, None]
    assert UcPresenceStatus.from_code(6) is UcPresenceStatus.VACATION
    with pytest.raises(ValueError, match="10 is not an OSBiz presence code"):
        UcPresenceStatus.from_code(10)


@pytest.mark.parametrize(("text", "status"), [
    ("meeting", UcPresenceStatus.MEETING), ("Out of office", UcPresenceStatus.OUT_OF_OFFICE),
    ("out", UcPresenceStatus.OUT_OF_OFFICE), ("holiday", UcPresenceStatus.VACATION),
    ("Gone home", UcPresenceStatus.GONE_HOME), ("dnd", UcPresenceStatus.DO_NOT_DISTURB),
    ("CallMe", UcPresenceStatus.CALL_ME), ("call_me", UcPresenceStatus.CALL_ME),
    (" 7 ", UcPresenceStatus.LUNCH),
])
def test_statuses_by_name_alias_or_code(text: str, status: UcPresenceStatus) -> None:
    assert UcPresenceStatus.from_name(text) is status


def test_an_unknown_name_lists_the_choices() -> None:
    with pytest.raises(ValueError, match="'napping' is not a presence status; use one of: office, meeting"):
        UcPresenceStatus.from_name("napping")
    with pytest.raises(ValueError, match="is not a presence status"):  # a digit to isdigit, not to int
        UcPresenceStatus.from_name("\u00b2")


def test_office_has_no_return_time_and_only_callme_has_a_number() -> None:
    with pytest.raises(ValueError, match="Office status has no return time"):
        UcPresence(UcPresenceStatus.OFFICE, datetime(2026, 11, 26, 14, 0))
    with pytest.raises(ValueError, match="only the CallMe status"):
        UcPresence(UcPresenceStatus.MEETING, None, "0170")


def test_only_office_and_callme_are_reachable() -> None:
    assert {s for s in UcPresenceStatus if s.reachable} == {UcPresenceStatus.OFFICE, UcPresenceStatus.CALL_ME}


def test_description_for_a_tile() -> None:
    today = date(2026, 11, 26)
    meeting = UcPresence(UcPresenceStatus.MEETING, datetime(2026, 11, 26, 14, 0))
    assert meeting.describe(today) == "in a meeting until 14:00"
    vacation = UcPresence(UcPresenceStatus.VACATION, datetime(2026, 11, 30, 9, 0))
    assert vacation.describe(today) == "on vacation until Mon 30 Nov 09:00"
    assert UcPresence.office().describe(today) == "in the office"
    assert UcPresence(UcPresenceStatus.CALL_ME, None, "0170").describe() == "at another workplace (0170)"


def test_return_time_from_a_clock_time_is_the_next_such_moment() -> None:
    now = datetime(2026, 11, 26, 10, 30, 12)
    assert return_time_from_clock("14:00", now) == datetime(2026, 11, 26, 14, 0)
    assert return_time_from_clock("9:15", now) == datetime(2026, 11, 27, 9, 15)
    assert return_time_from_clock("2026-11-30 09:00", now) == datetime(2026, 11, 30, 9, 0)
    with pytest.raises(ValueError, match="hours go from 0 to 23"):
        return_time_from_clock("25:00", now)
    with pytest.raises(ValueError, match="'soon' is not a time of day"):
        return_time_from_clock("soon", now)


def test_a_colleague_summary_combines_phone_state_and_uc_presence() -> None:
    today = date(2026, 11, 26)
    meeting = UcPresence(UcPresenceStatus.MEETING, datetime(2026, 11, 26, 14, 0))
    assert colleague_summary(DeviceState.BUSY, meeting, today) == "busy · in a meeting until 14:00"
    assert colleague_summary(DeviceState.IDLE, UcPresence.office(), today) == "free"
    assert colleague_summary(DeviceState.IDLE, None, today) == "free"
    assert colleague_summary(DeviceState.UNKNOWN, meeting, today) == "in a meeting until 14:00"
    assert colleague_summary(DeviceState.UNKNOWN, None) == "unknown"
    assert all(colleague_summary(state, None) for state in DeviceState)  # every state has words
