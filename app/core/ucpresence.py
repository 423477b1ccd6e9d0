"""A person's UC presence as OSBiz keeps it: "in a meeting until 14:00", "on vacation until Monday".

This is the status a user sets in the UC client (or Tandem sets through the Web Services
Interface), not the phone's device state: a colleague can be in a meeting while her phone is free.
A colleague tile combines both (`colleague_summary`). Return times are the PBX's wall-clock time
(naive datetimes).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tandem.core.presence import DeviceState


class UcPresenceStatus(enum.Enum):
    """The statuses a user can set. `code` is the number SetPresence takes; CallMe has none."""

    OFFICE = (1, "Office", "in the office")
    MEETING = (2, "Meeting", "in a meeting")
    SICK = (3, "Sick", "off sick")
    BREAK = (4, "Break", "on a break")
    OUT_OF_OFFICE = (5, "Out of office", "out of the office")
    VACATION = (6, "Vacation", "on vacation")
    LUNCH = (7, "Lunch", "at lunch")
    GONE_HOME = (8, "Gone home", "gone home")
    DO_NOT_DISTURB = (9, "Do not disturb", "not to be disturbed")
    CALL_ME = (None, "CallMe", "at another workplace")

    def __init__(self, code: int | None, label: str, phrase: str) -> None:
        self.code = code
        self.label = label
        self.phrase = phrase

    @property
    def takes_return_time(self) -> bool:
        """Every status except Office has a return time; the PBX resets to Office when it passes."""
        return self is not UcPresenceStatus.OFFICE

    @property
    def reachable(self) -> bool:
        """Office and CallMe ring the phone; every other status sends callers to voicemail."""
        return self in (UcPresenceStatus.OFFICE, UcPresenceStatus.CALL_ME)

    @classmethod
    def from_code(cls, code: int) -> UcPresenceStatus:
        for status in cls:
            if status.code == code:
                return status
        raise ValueError(f"{code} is not an OSBiz presence code (1 to 9)")

    @classmethod
    def from_name(cls, text: str) -> UcPresenceStatus:
        """The status a person typed: a label ("Out of office"), its enum name, a code, or an alias."""
        key = _normalise(text)
        if key.isdigit() and key.isascii():
            return cls.from_code(int(key))
        status = _BY_NAME.get(key)
        if status is None:
            names = ", ".join(s.label.lower() for s in cls)
            raise ValueError(f"{text!r} is not a presence status; use one of: {names}")
        return status


def _normalise(text: str) -> str:
    return "".join(ch for ch in text.strip().lower() if ch.isalnum())


_ALIASES = {
    "holiday": UcPresenceStatus.VACATION,
    "goneout": UcPresenceStatus.OUT_OF_OFFICE,
    "out": UcPresenceStatus.OUT_OF_OFFICE,
    "home": UcPresenceStatus.GONE_HOME,
    "dnd": UcPresenceStatus.DO_NOT_DISTURB,
    "available": UcPresenceStatus.OFFICE,
}
_BY_NAME: dict[str, UcPresenceStatus] = {
    **{_normalise(s.label): s for s in UcPresenceStatus},
    **{_normalise(s.name): s for s in UcPresenceStatus},
    **_ALIASES,
}


@dataclass(frozen=True)
class UcPresence:
    """One user's UC presence. `until` is the return time (PBX wall clock); Office has none."""

    status: UcPresenceStatus
    until: datetime | None = None
    call_me_number: str = ""  # only for CallMe: where the user takes calls now

    def __post_init__(self) -> None:
        if self.until is not None and not self.status.takes_return_time:
            raise ValueError("the Office status has no return time")
        if self.until is not None and self.until.tzinfo is not None:
            raise ValueError("return times are the PBX's wall-clock time, without a time zone")
        if self.call_me_number and self.status is not UcPresenceStatus.CALL_ME:
            raise ValueError("only the CallMe status has a number to call")

    @classmethod
    def office(cls) -> UcPresence:
        return cls(UcPresenceStatus.OFFICE)

    def describe(self, today: date | None = None) -> str:
        """Words for a tile: "in a meeting until 14:00", "on vacation until Mon 30 Nov 09:00"."""
        text = self.status.phrase
        if self.status is UcPresenceStatus.CALL_ME and self.call_me_number:
            text = f"{text} ({self.call_me_number})"
        if self.until is None:
            return text
        same_day = today is not None and self.until.date() == today
        stamp = self.until.strftime("%H:%M") if same_day else self.until.strftime("%a %d %b %H:%M")
        return f"{text} until {stamp}"


def return_time_from_clock(clock: str, now: datetime) -> datetime:
    """The next moment the wall clock shows `clock` ("14:00", "9:30"): today, or tomorrow if passed.

    A full "YYYY-MM-DD HH:MM" or ISO date-time is taken as it is.
    """
    text = clock.strip()
    try:
        hour_text, minute_text = text.split(":")
        hour, minute = int(hour_text), int(minute_text)
    except ValueError:
        try:
            return datetime.fromisoformat(text).replace(second=0, microsecond=0)
        except ValueError:
            raise ValueError(f"{clock!r} is not a time of day such as 14:00 "
                             "or a date and time such as 2026-11-30 09:00") from None
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise ValueError(f"{clock!r} is not a time of day: hours go from 0 to 23 and minutes from 0 to 59")
    candidate = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if candidate <= now:
        candidate += timedelta(days=1)
    return candidate


_PHONE_WORDS = {
    DeviceState.UNKNOWN: "",
    DeviceState.IDLE: "free",
    DeviceState.DIALLING: "dialling",
    DeviceState.RINGING: "ringing",
    DeviceState.BUSY: "busy",
    DeviceState.ON_HOLD: "on hold",
    DeviceState.DO_NOT_DISTURB: "do not disturb",
    DeviceState.FORWARDED: "forwarded",
    DeviceState.OUT_OF_SERVICE: "phone offline",
}


def colleague_summary(phone: DeviceState, presence: UcPresence | None, today: date | None = None) -> str:
    """One line for a colleague tile from both feeds: "busy · in a meeting until 14:00".

    The phone's state comes from CSTA (or WSI call events), the presence from the WSI; Office is
    the normal case and is left out, as is a phone state nobody knows yet.
    """
    parts = [_PHONE_WORDS[phone]]
    if presence is not None and presence.status is not UcPresenceStatus.OFFICE:
        parts.append(presence.describe(today))
    return " · ".join(part for part in parts if part) or "unknown"
