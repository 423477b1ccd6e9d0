"""The event bus and the event types the GUI and the journal consume."""

from __future__ import annotations

import dataclasses

import pytest

from tandem.sip.events import CallState, CallStateChanged, EventBus, Party


def test_listeners_get_events_in_order_and_can_unsubscribe():
    bus = EventBus()
    seen: list[tuple[str, object]] = []
    bus.subscribe(lambda e: seen.append(("a", e)))
    off = bus.subscribe(lambda e: seen.append(("b", e)))
    event = CallStateChanged(1, CallState.CONFIRMED, 200, "OK")
    bus.publish(event)
    off()
    bus.publish(event)
    assert seen == [("a", event), ("b", event), ("a", event)]


def test_a_failing_listener_does_not_stop_the_others():
    errors: list[BaseException] = []
    bus = EventBus(on_error=errors.append)
    seen: list[object] = []

    def broken(_event: object) -> None:
        raise ValueError("slot bug")

    bus.subscribe(broken)
    bus.subscribe(seen.append)
    bus.publish(CallStateChanged(1, CallState.EARLY))
    assert len(seen) == 1 and isinstance(errors[0], ValueError)


def test_events_are_frozen_values():
    event = CallStateChanged(1, CallState.EARLY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.code = 5  # type: ignore[misc]
    assert event == CallStateChanged(1, CallState.EARLY)


@pytest.mark.parametrize(("uri", "number"), [("sip:201@pbx", "201"), ("tel:+4989", "+4989"),
                                             ("sip:201@pbx;user=phone", "201"), ("sips:pbx", "pbx")])
def test_party_number(uri, number):
    assert Party(uri).number == number
