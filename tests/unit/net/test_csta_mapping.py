"""Domain events survive the trip through ECMA-285 bytes: simulator side out, client side in."""

from __future__ import annotations

import datetime as dt
import importlib.util
import random
from pathlib import Path

from tandem.core.callevents import Connection, ConnectionState, ForwardingType, TelephonyEvent
from tandem.cti.ber import read_header
from tandem.cti.events import EVENT_REPORT, DeliveredEvent, EventReport, UnknownEvent
from tandem.cti.types import CommonArguments, SecurityData
from tandem.net.csta_mapping import (
    connection_to_core,
    connection_to_cti,
    event_to_core,
    event_to_cti,
    forwarding_to_core,
    forwarding_to_cti,
    state_to_core,
    state_to_cti,
)
from tandem.pbxsim.callmodel import Pbx

_spec = importlib.util.spec_from_file_location(
    "callmodel_tests", Path(__file__).parents[1] / "pbxsim" / "test_callmodel.py"
)
assert _spec is not None and _spec.loader is not None
_callmodel_tests = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_callmodel_tests)


def wire_round_trip(event: TelephonyEvent, monitored: str) -> TelephonyEvent | None:
    stamp = CommonArguments(security=SecurityData(timestamp=dt.datetime(2026, 11, 26, 9, 30, 1)))
    data = EVENT_REPORT.encode(
        EventReport(cross_ref_identifier=b"\x00\x01", event=event_to_cti(event, stamp))
    )
    tag, start, length = read_header(data, 0, len(data))
    assert start + length == len(data)
    decoded = EVENT_REPORT.decode(data, tag, start, start + length)
    assert decoded.cross_ref_identifier == b"\x00\x01"
    return event_to_core(decoded.event, monitored)


def test_every_event_of_a_busy_office_round_trips() -> None:
    pbx = Pbx([str(n) for n in range(100, 108)], trunks=2)
    seen: list[tuple[str, TelephonyEvent]] = []
    pbx.listeners.append(lambda devices, event: seen.extend((d, event) for d in sorted(devices)))
    for seed in range(4):
        rng = random.Random(seed)
        for _ in range(500):
            _callmodel_tests.random_step(pbx, rng)
    kinds = {type(e).__name__ for _, e in seen}
    assert {"Delivered", "Established", "Transferred", "Conferenced", "Failed", "Diverted"} <= kinds
    for device, event in seen:
        assert wire_round_trip(event, device) == event


def test_identifiers_states_and_forwarding_types() -> None:
    leg = Connection("00ff", "100")
    assert connection_to_core(connection_to_cti(leg)) == leg
    for state in ConnectionState:
        assert state_to_core(state_to_cti(state)) is state
    for kind in ForwardingType:
        assert forwarding_to_core(forwarding_to_cti(kind)) is kind


def test_events_presence_does_not_need_are_ignored() -> None:
    from tandem.cti.ber import Tlv

    assert event_to_core(UnknownEvent(category=7, number=1, value=Tlv(0x30, b""))) is None
    delivered = _callmodel_tests.Delivered(Connection("0001", "101"), "100", "101")
    assert isinstance(event_to_cti(delivered), DeliveredEvent)
