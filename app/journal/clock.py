"""The PBX's wall clock → UTC. CDR times are local to the PBX; the journal stores UTC seconds."""

from __future__ import annotations

from datetime import datetime, timezone, tzinfo


class PbxClock:
    """Converts PBX wall-clock times in time zone `tz` to UTC epoch seconds, fast.

    The UTC offset is looked up once per local hour (zone rules change at most hourly), which keeps
    a million-line import from paying for a zoneinfo lookup on every line. In the repeated hour at
    the end of summer time the earlier of the two readings is taken (the PBX writes no offset).
    """

    def __init__(self, tz: tzinfo | None) -> None:
        self.tz = tz
        self._days: dict[tuple[int, int, int], list[int]] = {}

    def hour_starts(self, year: int, month: int, day: int) -> list[int]:
        """The UTC epoch seconds of the 24 local hours of a day (hh:00:00 each)."""
        key = (year, month, day)
        starts = self._days.get(key)
        if starts is None:
            starts = [self._hour_start(datetime(year, month, day, hour)) for hour in range(24)]
            self._days[key] = starts
        return starts

    def _hour_start(self, start: datetime) -> int:
        if self.tz is None:
            return int(start.astimezone(timezone.utc).timestamp())  # this computer's zone
        return int(start.replace(tzinfo=self.tz).timestamp())

    def to_epoch(self, moment: datetime) -> int:
        starts = self.hour_starts(moment.year, moment.month, moment.day)
        return starts[moment.hour] + moment.minute * 60 + moment.second
