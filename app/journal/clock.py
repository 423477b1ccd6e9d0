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
        self._hours: dict[tuple[int, int, int, int], int] = {}

    def to_epoch(self, moment: datetime) -> int:
        hour_key = (moment.year, moment.month, moment.day, moment.hour)
        base = self._hours.get(hour_key)
        if base is None:
            start = datetime(moment.year, moment.month, moment.day, moment.hour)
            if self.tz is None:
                base = int(start.astimezone(timezone.utc).timestamp())  # this computer's zone
            else:
                base = int(start.replace(tzinfo=self.tz).timestamp())
            self._hours[hour_key] = base
        return base + moment.minute * 60 + moment.second
