"""JournalRead replies into UC journal entries."""

from __future__ import annotations

from datetime import datetime

import pytest

from tandem.wsi.errors import WsiMalformedReply
from tandem.wsi.journal import JournalDirection, UcJournalEntry, parse_journal

GOLDEN = """<JournalRead>
  <ENTRY><ID>17</ID><DIRECTION>in</DIRECTION><ANSWERED>1</ANSWERED><NUMBER>0891234567</NUMBER>
    <NAME>Müller GmbH</NAME><START>2026-11-26 09:12:05</START><DURATION>134</DURATION>
    <CALLID>1a</CALLID></ENTRY>
  <ENTRY><ID>16</ID><DIRECTION>out</DIRECTION><ANSWERED>0</ANSWERED><NUMBER>121</NUMBER>
    <NAME/><START>2026-11-26T08:59:00</START><DURATION>0</DURATION></ENTRY>
  <ENTRY><ID>15</ID><DIRECTION>incoming</DIRECTION><NUMBER>122</NUMBER>
    <START>2026-11-25 17:00:00</START></ENTRY>
</JournalRead>"""


def test_golden_journal_parses_every_field() -> None:
    entries = parse_journal(GOLDEN, "120")
    assert entries[0] == UcJournalEntry("17", "120", JournalDirection.INCOMING, True, "0891234567",
                                        "Müller GmbH", datetime(2026, 11, 26, 9, 12, 5), 134, "1a")
    assert entries[1] == UcJournalEntry("16", "120", JournalDirection.OUTGOING, False, "121", "",
                                        datetime(2026, 11, 26, 8, 59), 0)
    # Missing ANSWERED and DURATION: an unanswered call of no talk time.
    assert (entries[2].answered, entries[2].duration_seconds) == (False, 0)


def test_an_empty_journal_is_an_empty_list() -> None:
    assert parse_journal("<JournalRead/>", "120") == []


@pytest.mark.parametrize(("entry", "expected"), [
    ("<ID>1</ID><DIRECTION>sideways</DIRECTION><START>2026-11-26 09:00:00</START>", "direction 'sideways'"),
    ("<ID>1</ID><DIRECTION>in</DIRECTION><START>yesterday</START>", "start time .* 'yesterday'"),
    ("<ID>1</ID><DIRECTION>in</DIRECTION><START>2026-11-26 09:00:00</START><DURATION>-5</DURATION>",
     "not whole seconds: '-5'"),
    ("<ID>1</ID><DIRECTION>in</DIRECTION><START>2026-11-26 09:00:00</START><ANSWERED>maybe</ANSWERED>",
     "ANSWERED 'maybe'"),
    ("<DIRECTION>in</DIRECTION><START>2026-11-26 09:00:00</START>", "no <ID> in <ENTRY>"),
    ("<ID></ID><DIRECTION>in</DIRECTION><START>2026-11-26 09:00:00</START>", "entry 1 .* needs its id"),
])
def test_a_bad_entry_is_rejected_naming_the_entry_and_field(entry: str, expected: str) -> None:
    with pytest.raises(WsiMalformedReply, match=expected):
        parse_journal(f"<JournalRead><ENTRY>{entry}</ENTRY></JournalRead>", "120")
