"""GetEvents JSON into typed events, and those into the core call events the presence model takes."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from tandem.core.callevents import Connection, ConnectionCleared, Delivered, Established, Originated
from tandem.core.presence import DeviceState, PresenceModel
from tandem.core.ucpresence import UcPresenceStatus
from tandem.wsi.errors import WsiCommandFailed, WsiMalformedReply, WsiSessionExpired
from tandem.wsi.events import (
    CallEventKind,
    WsiCallEvent,
    WsiDeviceEvent,
    WsiOtherEvent,
    WsiPresenceEvent,
    parse_events,
    to_telephony_event,
)

GOLDEN = json.dumps({"events": [
    {"type": "OriginatedEvent", "deviceID": "120", "callID": "1A", "callingDevice": "120",
     "calledDevice": "121", "cause": "newCall"},
    {"type": "DeliveredEvent", "deviceID": 121, "callID": "1A", "callingDevice": "120",
     "calledDevice": "121"},
    {"type": "EstablishedEvent", "deviceID": "121", "callID": "1A", "callingDevice": "120",
     "calledDevice": "121"},
    {"type": "PresenceEvent", "user": "122", "presence": "2", "ptime": "2026-11-26 14:00"},
    {"type": "HookEvent", "deviceID": "123", "state": "offHook"},
    {"type": "AgentState", "deviceID": "124", "state": "ready"},
    {"type": "SomethingNew", "deviceID": "125", "level": 3},
]})


def test_golden_events_parse_in_order_with_their_fields() -> None:
    events = parse_events(GOLDEN)
    assert events[0] == WsiCallEvent(CallEventKind.ORIGINATED, "120", "1A", "120", "121", "newCall")
    assert events[1] == WsiCallEvent(CallEventKind.DELIVERED, "121", "1A", "120", "121")  # number → text
    assert events[2].kind is CallEventKind.ESTABLISHED  # type: ignore[union-attr]
    assert isinstance(events[3], WsiPresenceEvent)
    assert events[3].user == "122"
    assert events[3].presence.status is UcPresenceStatus.MEETING
    assert events[3].presence.until == datetime(2026, 11, 26, 14, 0)
    assert events[4] == WsiDeviceEvent("HookEvent", "123", "offHook")
    assert events[5] == WsiDeviceEvent("AgentState", "124", "ready")
    assert events[6] == WsiOtherEvent("SomethingNew", (("deviceID", "125"), ("level", "3")))


def test_no_events_is_an_empty_list() -> None:
    assert parse_events('{"events": []}') == []
    assert parse_events("{}") == []


def test_the_pbx_spelling_of_transferred_is_understood() -> None:
    (event,) = parse_events('{"events":[{"type":"TransferedEvent","deviceID":"120","callID":"2"}]}')
    assert event == WsiCallEvent(CallEventKind.TRANSFERRED, "120", "2")


@pytest.mark.parametrize(("body", "expected"), [
    ('{"events": [{"type": "Deliv', "not valid JSON"),
    ("[1, 2]", "JSON but not an object"),
    ('{"events": {"type": "DeliveredEvent"}}', "not a list"),
    ('{"events": [{"type": "DeliveredEvent", "deviceID": "120"}, 7]}', "event 2 .* is not an object"),
    ('{"events": [{"deviceID": "120"}]}', "event 1 .* unusable: the event has no type"),
    ('{"events": [{"type": "DeliveredEvent", "callID": "1"}]}', "event 1 .* needs the device"),
    ('{"events": [{"type": "DeliveredEvent", "deviceID": ["120"]}]}', r"event 1 .* \['120'\] is not text"),
    ("<GetEvents/>", "in XML where Tandem expects JSON"),
])
def test_malformed_event_replies_are_rejected_with_what_is_wrong(body: str, expected: str) -> None:
    with pytest.raises(WsiMalformedReply, match=expected):
        parse_events(body)


@pytest.mark.parametrize("body", ["NOT_LOGGED_IN", "<ERROR><REASON>NOT_LOGGED_IN</REASON></ERROR>",
                                  '{"error": "NOT_LOGGED_IN"}'])
def test_an_expired_session_is_recognised_in_any_form(body: str) -> None:
    with pytest.raises(WsiSessionExpired):
        parse_events(body)


def test_a_json_error_is_a_refusal() -> None:
    with pytest.raises(WsiCommandFailed, match="refused GetEvents: NO_MONITOR"):
        parse_events('{"error": "NO_MONITOR"}')


def test_call_events_map_to_the_core_events_the_csta_link_reports() -> None:
    originated, delivered, established = parse_events(GOLDEN)[:3]
    assert isinstance(originated, WsiCallEvent)
    assert to_telephony_event(originated) == Originated(Connection("1a", "120"), "120", "121")
    assert isinstance(delivered, WsiCallEvent)
    assert to_telephony_event(delivered) == Delivered(Connection("1a", "121"), "120", "121")
    assert isinstance(established, WsiCallEvent)
    assert to_telephony_event(established) == Established(Connection("1a", "121"), "120", "121")
    cleared = WsiCallEvent(CallEventKind.CONNECTION_CLEARED, "121", "1A", cause="busy")
    assert to_telephony_event(cleared) == ConnectionCleared(Connection("1a", "121"), "busy")


def test_events_without_enough_detail_map_to_nothing() -> None:
    assert to_telephony_event(WsiCallEvent(CallEventKind.DELIVERED, "120")) is None  # no call id
    assert to_telephony_event(WsiCallEvent(CallEventKind.QUEUED, "120", "5")) is None
    assert to_telephony_event(WsiCallEvent(CallEventKind.ORIGINATED, "120", "5")) is None  # no called


def test_the_presence_model_shows_a_colleague_busy_from_wsi_events_alone() -> None:
    model = PresenceModel(watched=["120", "121"])
    for event in parse_events(GOLDEN):
        if isinstance(event, WsiCallEvent):
            mapped = to_telephony_event(event)
            assert mapped is not None
            model.apply(mapped)
    assert model.device("121").state is DeviceState.BUSY
    assert model.device("121").party == "120"
    model.apply(ConnectionCleared(Connection("1a", "121")))
    model.apply(ConnectionCleared(Connection("1a", "120")))
    assert model.device("121").state is DeviceState.IDLE
