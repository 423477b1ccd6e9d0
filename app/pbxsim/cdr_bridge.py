"""Trunk calls of the simulated switching function become CDR records in the simulator's CDR book.

`attach_cdr_book(pbx, book)` subscribes to `Pbx.cdr_sinks`: every finished trunk call is written to
the `CdrBook` that tandem.pbxsim.cdr_server serves, as OSBiz writes its call data file.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from tandem.pbxsim.callmodel import Pbx, TrunkCallRecord
from tandem.pbxsim.cdr_server import CdrBook, trunk_call_record


def cdr_record_writer(book: CdrBook) -> Callable[[TrunkCallRecord], None]:
    def write(call: TrunkCallRecord) -> None:
        if call.internal is None:
            return  # trunk to trunk: no extension's part to account for
        ring = round((call.answered or call.ended) - call.started)
        talk = round(call.ended - call.answered) if call.answered is not None else None
        book.append(
            trunk_call_record(
                ended_at=datetime.fromtimestamp(call.ended),
                trunk=call.trunk + 1,
                extension=call.internal,
                number=call.external,
                incoming=call.direction == "incoming",
                ring_seconds=ring,
                talk_seconds=talk,
            )
        )

    return write


def attach_cdr_book(pbx: Pbx, book: CdrBook) -> None:
    """From now on, every trunk call the PBX finishes is written to `book`."""
    pbx.cdr_sinks.append(cdr_record_writer(book))
