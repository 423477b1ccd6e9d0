"""Calls seen live by the softphone or through CSTA events, as the journal receives them.

The SIP and CSTA parts turn what they observe into a `LiveCall` once a call is over and hand it
to `JournalStore.add_live()`. External calls are merged with the CDR record of the same call (the
CDR arrives minutes later, or earlier on a slow client) so that the journal shows each call once;
internal calls exist only here, because the PBX writes no CDR for them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from tandem.journal.records import Direction


class LiveSource(str, enum.Enum):
    SOFTPHONE = "softphone"
    CSTA = "csta"
    WSI = "wsi"  # the user's UC journal read over the Web Services Interface


@dataclass(frozen=True)
class LiveCall:
    """One call as a live source saw it, from the point of view of `extension`.

    `ref` identifies the call within its source (the SIP Call-ID, or the CSTA call id with the
    time it was first seen), so that reporting the same call twice adds nothing. Times must be
    timezone-aware. `answered_at` is None for a call nobody answered (a missed call when incoming).
    """

    source: LiveSource
    ref: str
    direction: Direction
    extension: str  # our own extension
    number: str  # the other party: external number as seen/dialled, or an extension when internal
    name: str
    started_at: datetime
    answered_at: datetime | None
    ended_at: datetime

    def __post_init__(self) -> None:
        for label, moment in (("started_at", self.started_at), ("ended_at", self.ended_at),
                              ("answered_at", self.answered_at)):
            if moment is not None and moment.utcoffset() is None:
                raise ValueError(f"LiveCall.{label} must carry a time zone, got {moment!r}")
        if self.ended_at < self.started_at:
            raise ValueError("LiveCall.ended_at is before started_at")
        if not self.ref:
            raise ValueError("LiveCall.ref must identify the call within its source")
