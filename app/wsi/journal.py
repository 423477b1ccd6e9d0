"""JournalRead: the user's own UC journal (calls to and from their extension) as the PBX keeps it.

The reply shape is ours to fix until a real capture says otherwise (the manual is partner-only):
`<JournalRead><ENTRY><ID/><DIRECTION>in|out</DIRECTION><ANSWERED>1|0</ANSWERED><NUMBER/><NAME/>
<START>YYYY-MM-DD HH:MM:SS</START><DURATION>seconds</DURATION><CALLID/></ENTRY>…</JournalRead>`.
Start times are the PBX's wall clock.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from tandem.wsi.errors import WsiMalformedReply
from tandem.wsi.protocol import child_text, limit_items, parse_xml

COMMAND = "JournalRead"


class JournalDirection(enum.Enum):
    INCOMING = "in"
    OUTGOING = "out"


@dataclass(frozen=True)
class UcJournalEntry:
    """One call in the user's UC journal."""

    entry_id: str  # the PBX's id of the journal row, stable across reads
    user: str  # whose journal: the extension that logged in
    direction: JournalDirection
    answered: bool
    number: str  # the other party
    name: str
    start: datetime  # PBX wall clock, when the call began ringing or was dialled
    duration_seconds: int  # talk time; 0 for unanswered calls
    call_id: str = ""

    def __post_init__(self) -> None:
        if not self.entry_id:
            raise ValueError("a journal entry needs its id")
        if self.duration_seconds < 0:
            raise ValueError(f"a call cannot last {self.duration_seconds} seconds")
        if self.start.tzinfo is not None:
            raise ValueError("journal start times are the PBX's wall-clock time, without a time zone")


_DIRECTIONS = {"in": JournalDirection.INCOMING, "incoming": JournalDirection.INCOMING,
               "out": JournalDirection.OUTGOING, "outgoing": JournalDirection.OUTGOING}
_FIELDS = ("ID", "DIRECTION", "ANSWERED", "NUMBER", "NAME", "START", "DURATION", "CALLID")
_REQUIRED = ("ID", "DIRECTION", "START")
_FLAGS = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}


def _entry(user: str, element_index: int, fields: dict[str, str]) -> UcJournalEntry:
    where = f"entry {element_index} of the PBX's JournalRead reply"
    direction = _DIRECTIONS.get(fields["DIRECTION"].lower())
    if direction is None:
        raise WsiMalformedReply(f"{where} has direction {fields['DIRECTION']!r}, not in or out", COMMAND)
    answered = _FLAGS.get(fields["ANSWERED"].lower())
    if answered is None:
        raise WsiMalformedReply(f"{where} has ANSWERED {fields['ANSWERED']!r}, not 1 or 0", COMMAND)
    try:
        start = datetime.fromisoformat(fields["START"]).replace(tzinfo=None)
    except ValueError:
        raise WsiMalformedReply(f"{where} has a start time Tandem cannot read: {fields['START']!r}",
                                COMMAND) from None
    duration_text = fields["DURATION"] or "0"
    if not (duration_text.isdigit() and duration_text.isascii()):
        raise WsiMalformedReply(f"{where} has a duration that is not whole seconds: {duration_text!r}",
                                COMMAND)
    try:
        return UcJournalEntry(entry_id=fields["ID"], user=user, direction=direction, answered=answered,
                              number=fields["NUMBER"], name=fields["NAME"], start=start,
                              duration_seconds=int(duration_text), call_id=fields["CALLID"])
    except ValueError as exc:
        raise WsiMalformedReply(f"{where} is unusable: {exc}", COMMAND) from None


def parse_journal(body: str, user: str) -> list[UcJournalEntry]:
    """The entries of a JournalRead reply for `user`, in the PBX's order."""
    root = parse_xml(COMMAND, body)
    entries = []
    for index, element in enumerate(limit_items(COMMAND, root.findall("ENTRY")), start=1):
        fields = {name: child_text(COMMAND, element, name, required=name in _REQUIRED) for name in _FIELDS}
        fields["ANSWERED"] = fields["ANSWERED"] or "0"
        entries.append(_entry(user, index, fields))
    return entries
