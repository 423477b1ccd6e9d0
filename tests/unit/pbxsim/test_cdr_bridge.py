"""Trunk calls of the call model end up as CDR records in the simulator's CDR book."""

from __future__ import annotations

from datetime import datetime

from tandem.core.callevents import Connection
from tandem.pbxsim.callmodel import Pbx
from tandem.pbxsim.cdr_bridge import attach_cdr_book
from tandem.pbxsim.cdr_server import CdrBook


def test_trunk_calls_are_written_to_the_book() -> None:
    now = [datetime(2026, 11, 26, 9, 0, 0).timestamp()]
    pbx = Pbx(["100", "101"], trunks=2, clock=lambda: now[0])
    book = CdrBook()
    attach_cdr_book(pbx, book)
    incoming = pbx.incoming_call("01711234567", "100")
    assert incoming is not None
    now[0] += 4
    pbx.answer_call(Connection(incoming.call_id, "100"))
    now[0] += 60
    pbx.clear_connection(Connection(incoming.call_id, "100"))
    missed = pbx.make_call("101", "0302222")
    now[0] += 10
    pbx.clear_connection(missed)
    pbx.make_call("100", "101")  # internal calls write nothing
    first, second = book.written
    assert (first.extension, first.number) == ("100", "01711234567")
    assert (first.ring_seconds, first.duration_seconds) == (4, 60)
    assert first.ended_at == datetime(2026, 11, 26, 9, 1, 4)
    assert (second.extension, second.number, second.duration_seconds) == ("101", "0302222", None)
    assert first.info_code != second.info_code
    assert book.pending_lines == 2
