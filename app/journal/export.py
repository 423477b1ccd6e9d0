"""The journal as CSV or JSON-ready dictionaries, for `tandem journal export/search` and spreadsheets."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import tzinfo
from typing import IO, Any

from tandem.journal.store import JournalCall

CSV_COLUMNS = ("started", "ended", "direction", "missed", "number", "name", "extension", "extensions",
               "ring_seconds", "duration_seconds", "trunk", "from_cdr")


def call_as_dict(call: JournalCall, tz: tzinfo | None = None) -> dict[str, Any]:
    """One journal row as plain values; times in `tz` (default: this computer's zone), ISO 8601."""
    return {
        "started": call.started_at.astimezone(tz).isoformat(timespec="seconds"),
        "ended": call.ended_at.astimezone(tz).isoformat(timespec="seconds"),
        "direction": call.direction.value,
        "missed": call.missed,
        "number": call.number,
        "name": call.name,
        "extension": call.extension,
        "extensions": ",".join(call.extensions),
        "ring_seconds": call.ring_seconds,
        "duration_seconds": call.duration_seconds,
        "trunk": call.trunk,
        "from_cdr": call.from_cdr,
    }


def write_csv(calls: Iterable[JournalCall], out: IO[str], tz: tzinfo | None = None) -> int:
    """Write a header and one line per call; return how many calls were written."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    count = 0
    for call in calls:
        row = call_as_dict(call, tz)
        # Numbers like 0891234 must stay text in spreadsheets; ring/duration blank when unknown.
        writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
        count += 1
    return count
