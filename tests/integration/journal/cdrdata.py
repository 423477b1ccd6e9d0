"""Generated CDR records for the journal tests (not a test module)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

from tandem.journal.records import CdrRecord

START = datetime(2025, 11, 3, 8, 0)


def trunk_calls(count: int, *, seed: int = 1, start: datetime = START) -> list[CdrRecord]:
    """`count` ordinary trunk calls a minute or so apart: answered and missed incoming, outgoing."""
    rng = random.Random(seed)
    out = []
    moment = start
    for i in range(count):
        moment += timedelta(seconds=rng.randrange(60, 300))
        kind = rng.choice(("in", "in", "missed", "out", "out"))
        number = f"0{rng.randrange(30, 99)}{rng.randrange(10**6, 10**7)}"
        ext = str(rng.choice((120, 121, 131, 140)))
        trunk = str(i % 4 + 1)
        if kind == "in":
            out.append(CdrRecord(moment, trunk, ext, rng.randrange(1, 30), rng.randrange(1, 600), number,
                                 "", 1))
        elif kind == "missed":
            out.append(CdrRecord(moment, trunk, ext, rng.randrange(5, 40), None, number, "", 1))
        else:
            out.append(CdrRecord(moment, trunk, ext, None, rng.randrange(0, 900), number,
                                 str(rng.randrange(0, 20)), 2))
    return out


def spooled(folder: Path) -> list[Path]:
    """Download and spool files a collector left in its spool folder."""
    return sorted([*folder.glob("*.cdr"), *folder.glob("*.part")])
