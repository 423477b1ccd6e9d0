"""Whatever a PBX (or something pretending to be one) sends, the parsers answer with a result or a
WsiError, never with another exception."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.wsi.errors import WsiError
from tandem.wsi.events import parse_events
from tandem.wsi.journal import parse_journal
from tandem.wsi.protocol import parse_login, parse_presence_list

TAGS = st.sampled_from(["GetPresenceXML", "JournalRead", "LOGIN", "USER", "ENTRY", "ID", "STATUS", "PTIME",
                        "NAME", "START", "DIRECTION", "DURATION", "ANSWERED", "ERROR", "REASON", "CALLME"])
TEXT = st.one_of(st.text(max_size=12), st.sampled_from(["1", "9", "0", "CallMe", "in", "out", "-1",
                                                        "2026-11-26 14:00", "NOT_LOGGED_IN"]))


@st.composite
def xml_documents(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(TAGS)
    if depth >= 3 or draw(st.booleans()):
        return f"<{tag}>{draw(TEXT).replace('<', '').replace('&', '')}</{tag}>"
    children = draw(st.lists(xml_documents(depth + 1), max_size=4))  # type: ignore[call-arg]
    return f"<{tag}>{''.join(children)}</{tag}>"


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["type", "deviceID", "callID", "presence", "ptime", "user", "events", "error"]),
        inner, max_size=5),
    max_leaves=20,
)
EVENT_TYPES = st.sampled_from(["DeliveredEvent", "PresenceEvent", "HookEvent", "TransferedEvent", "Odd"])


def only_wsi_errors(parse: Any, body: str) -> None:
    try:
        parse(body)
    except WsiError:
        pass


@settings(max_examples=150, deadline=None, database=None)
@given(st.one_of(xml_documents(), st.text(max_size=200)))
def test_xml_parsers_raise_only_wsi_errors(body: str) -> None:
    only_wsi_errors(parse_presence_list, body)
    only_wsi_errors(lambda b: parse_journal(b, "120"), body)
    only_wsi_errors(parse_login, body)


@settings(max_examples=150, deadline=None, database=None)
@given(st.one_of(JSON_VALUES.map(json.dumps), st.text(max_size=200),
                 st.lists(st.fixed_dictionaries({"type": EVENT_TYPES}, optional={
                     "deviceID": JSON_VALUES, "presence": JSON_VALUES, "ptime": JSON_VALUES,
                     "user": JSON_VALUES}), max_size=4).map(lambda events: json.dumps({"events": events}))))
def test_event_parser_raises_only_wsi_errors(body: str) -> None:
    only_wsi_errors(parse_events, body)
