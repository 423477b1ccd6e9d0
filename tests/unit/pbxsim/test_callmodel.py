"""The simulator's switching function: event sequences per monitor, failures, and truth vs. presence."""

from __future__ import annotations

import random

import pytest

from tandem.core.callevents import (
    CallCleared,
    Conferenced,
    Connection,
    ConnectionCleared,
    ConnectionState,
    Delivered,
    DeviceSnapshot,
    Diverted,
    DoNotDisturbChanged,
    Established,
    Failed,
    ForwardingChanged,
    ForwardingType,
    Held,
    Originated,
    Retrieved,
    ServiceInitiated,
    TelephonyEvent,
    Transferred,
)
from tandem.core.presence import DeviceState, PresenceModel
from tandem.pbxsim.callmodel import CstaFailure, Pbx, TrunkCallRecord, parse_extension_range

C = ConnectionState


class Office:
    """A PBX with one event log per monitored device, and a presence model fed like a CSTA client."""

    def __init__(self, extensions: str = "100-109", trunks: int = 2) -> None:
        self.clock = 1000.0
        self.pbx = Pbx(parse_extension_range(extensions), trunks=trunks, clock=lambda: self.clock)
        self.log: dict[str, list[TelephonyEvent]] = {d: [] for d in self.pbx.extensions}
        self.model = PresenceModel(self.pbx.extensions)
        self.pbx.listeners.append(self._deliver)
        self.records: list[TrunkCallRecord] = []
        self.pbx.cdr_sinks.append(self.records.append)
        for device in self.pbx.extensions:
            self.model.apply(DeviceSnapshot(device, (), False, ()))

    def _deliver(self, devices: frozenset[str], event: TelephonyEvent) -> None:
        for device in sorted(devices):
            self.log[device].append(event)
            self.model.apply(event)

    def names(self, device: str) -> list[str]:
        events, self.log[device] = self.log[device], []
        return [type(e).__name__ for e in events]

    def check_truth(self) -> None:
        for device in self.pbx.extensions:
            assert self.model.legs(device) == self.pbx.legs(device), device
            assert self.model.device(device) == self.pbx.presence(device), device


@pytest.fixture
def office() -> Office:
    return Office()


def test_make_call_answer_clear_sequences(office: Office) -> None:
    leg = office.pbx.make_call("100", "101")
    assert office.names("100") == ["ServiceInitiated", "Originated", "Delivered"]
    assert office.names("101") == ["Delivered"]
    office.check_truth()
    assert office.model.device("101").state is DeviceState.RINGING
    office.pbx.answer_call(Connection(leg.call_id, "101"))
    assert office.names("100") == office.names("101") == ["Established"]
    office.pbx.clear_connection(leg)
    assert office.names("100") == ["ConnectionCleared"]  # a device that left hears no more of the call
    assert office.names("101") == ["ConnectionCleared", "ConnectionCleared"]
    assert office.pbx.calls == {}
    office.check_truth()


def test_busy_and_no_answer_forwarding(office: Office) -> None:
    pbx = office.pbx
    first = pbx.make_call("100", "101")
    pbx.answer_call(Connection(first.call_id, "101"))
    office.names("102")
    second = pbx.make_call("102", "101")
    events = office.log["102"]
    assert isinstance(events[-1], Failed) and events[-1].cause == "busy"
    assert pbx.legs("102") == {second.call_id: C.FAIL}
    office.check_truth()
    pbx.clear_connection(second)
    pbx.set_forwarding("101", ForwardingType.BUSY, True, "103")
    third = pbx.make_call("102", "101")
    assert pbx.legs("103") == {third.call_id: C.ALERTING}
    assert any(isinstance(e, Diverted) and e.cause == "callForwardBusy" for e in office.log["101"])
    pbx.clear_connection(third)
    pbx.set_forwarding("104", ForwardingType.NO_ANSWER, True, "105")
    fourth = pbx.make_call("102", "104")
    assert pbx.no_answer(fourth.call_id, "104")
    assert pbx.legs("105") == {fourth.call_id: C.ALERTING}
    assert pbx.legs("104") == {}
    office.check_truth()


def test_dnd_refuses_and_immediate_forwarding_diverts(office: Office) -> None:
    pbx = office.pbx
    pbx.set_dnd("101", True)
    assert office.log["101"] == [DoNotDisturbChanged("101", True)]
    leg = pbx.make_call("100", "101")
    failed = office.log["100"][-1]
    assert isinstance(failed, Failed) and failed.cause == "doNotDisturb"
    pbx.clear_connection(leg)
    pbx.set_forwarding("101", ForwardingType.DND, True, "102")
    leg = pbx.make_call("100", "101")
    assert pbx.legs("102") == {leg.call_id: C.ALERTING}
    pbx.clear_connection(leg)
    pbx.set_dnd("101", False)
    pbx.set_forwarding("101", ForwardingType.IMMEDIATE, True, "0301234567")
    assert office.log["101"][-1] == ForwardingChanged("101", ForwardingType.IMMEDIATE, True, "0301234567")
    assert office.model.device("101").state is DeviceState.FORWARDED
    leg = pbx.make_call("100", "101")
    delivered = office.log["100"][-1]
    assert isinstance(delivered, Delivered)
    assert delivered.connection.device == "0301234567" and delivered.redirected_from == "101"
    assert pbx.free_trunks() == 1
    office.check_truth()


def test_hold_retrieve_consult_transfer(office: Office) -> None:
    pbx = office.pbx
    leg = pbx.make_call("100", "101")
    pbx.answer_call(Connection(leg.call_id, "101"))
    pbx.hold_call(leg)
    assert office.log["101"][-1] == Held(leg, "normal")
    pbx.retrieve_call(leg)
    assert office.log["101"][-1] == Retrieved(leg, "normal")
    office.names("101")
    consult = pbx.consultation_call(leg, "102")
    assert office.names("100")[-4:] == ["Held", "ServiceInitiated", "Originated", "Delivered"]
    assert office.names("101") == ["Held"]
    pbx.answer_call(Connection(consult.call_id, "102"))
    result = pbx.transfer_call(leg, consult)
    transferred = office.log["101"][-1]
    assert isinstance(transferred, Transferred) and transferred.transferring == "100"
    assert result == Connection(consult.call_id, "102")
    assert pbx.legs("100") == {}
    assert pbx.legs("101") == pbx.legs("102") == {consult.call_id: C.CONNECTED}
    office.check_truth()


def test_blind_transfer_while_consulted_party_rings(office: Office) -> None:
    pbx = office.pbx
    leg = pbx.make_call("100", "101")
    pbx.answer_call(Connection(leg.call_id, "101"))
    consult = pbx.consultation_call(leg, "102")
    pbx.transfer_call(leg, consult)
    assert pbx.legs("102") == {consult.call_id: C.ALERTING}
    assert office.model.device("102").party == "101"
    office.check_truth()


def test_conference(office: Office) -> None:
    pbx = office.pbx
    leg = pbx.make_call("100", "101")
    pbx.answer_call(Connection(leg.call_id, "101"))
    consult = pbx.consultation_call(leg, "102")
    with pytest.raises(CstaFailure) as failure:
        pbx.conference_call(leg, consult)
    assert failure.value.value == "invalidObjectState"
    pbx.answer_call(Connection(consult.call_id, "102"))
    pbx.conference_call(leg, consult)
    assert isinstance(office.log["101"][-1], Conferenced)
    assert pbx.snapshot_call(consult.call_id) == [
        ("100", C.CONNECTED),
        ("101", C.CONNECTED),
        ("102", C.CONNECTED),
    ]
    office.check_truth()
    pbx.clear_connection(Connection(consult.call_id, "101"))
    assert pbx.snapshot_call(consult.call_id) == [("100", C.CONNECTED), ("102", C.CONNECTED)]
    office.check_truth()


def test_deflect_single_step_transfer_and_pickup(office: Office) -> None:
    pbx = office.pbx
    leg = pbx.make_call("100", "101")
    pbx.deflect_call(Connection(leg.call_id, "101"), "102")
    assert office.log["101"][-1] == Diverted(Connection(leg.call_id, "101"), "102", "redirected")
    assert pbx.legs("102") == {leg.call_id: C.ALERTING}
    pbx.pickup("103", "102")
    assert [type(e) for e in office.log["103"]] == [Delivered, Established]
    assert pbx.legs("103") == {leg.call_id: C.CONNECTED}
    pbx.single_step_transfer(Connection(leg.call_id, "103"), "104")
    assert pbx.legs("104") == {leg.call_id: C.ALERTING}
    assert pbx.legs("103") == {}
    assert office.model.device("104").party == "100"
    office.check_truth()


def test_trunk_calls_in_and_out_write_cdr_records(office: Office) -> None:
    pbx = office.pbx
    incoming = pbx.incoming_call("01711234567", "100")
    assert incoming is not None
    assert office.model.device("100").party == "01711234567"
    office.clock += 5
    pbx.answer_call(Connection(incoming.call_id, "100"))
    out = pbx.make_call("101", "0302222")
    assert pbx.free_trunks() == 0
    third = pbx.make_call("102", "0303333")
    failed = office.log["102"][-1]
    assert isinstance(failed, Failed) and failed.cause == "trunksBusy"
    pbx.clear_connection(third)
    assert pbx.incoming_call("0401111", "103") is None
    pbx.external_answer(out.call_id)
    office.clock += 60
    pbx.external_hang_up(incoming.call_id)
    pbx.clear_connection(out)
    assert [(r.direction, r.external, r.internal, r.answered) for r in office.records] == [
        ("incoming", "01711234567", "100", 1005.0),
        ("outgoing", "0302222", "101", 1005.0),
    ]
    assert office.records[0].ended == 1065.0
    assert pbx.free_trunks() == 2
    office.check_truth()


@pytest.mark.parametrize(
    ("action", "value"),
    [
        (lambda p: p.make_call("999", "100"), "invalidDeviceID"),
        (lambda p: p.answer_call(Connection("0001", "100")), "invalidCallID"),
        (lambda p: p.set_forwarding("100", ForwardingType.IMMEDIATE, True, "abc"), "invalidDeviceID"),
        (lambda p: p.hold_call(Connection("0001", "100")), "invalidCallID"),
    ],
)
def test_wrong_requests_get_the_right_universal_failure(office: Office, action, value: str) -> None:
    with pytest.raises(CstaFailure) as failure:
        action(office.pbx)
    assert failure.value.value == value


def test_state_failures(office: Office) -> None:
    pbx = office.pbx
    leg = pbx.make_call("100", "101")
    with pytest.raises(CstaFailure) as failure:
        pbx.answer_call(leg)
    assert (failure.value.category, failure.value.value) == ("stateIncompatibility", "noCallToAnswer")
    with pytest.raises(CstaFailure) as failure:
        pbx.make_call("100", "102")
    assert failure.value.value == "invalidObjectState"
    with pytest.raises(CstaFailure) as failure:
        pbx.answer_call(Connection(leg.call_id, "105"))
    assert failure.value.value == "noCallToAnswer"
    with pytest.raises(CstaFailure) as failure:
        pbx.retrieve_call(leg)
    assert failure.value.value == "invalidObjectState"
    assert str(failure.value) == "100: no held call to retrieve"


def test_clear_call_and_out_of_service(office: Office) -> None:
    pbx = office.pbx
    leg = pbx.make_call("100", "101")
    pbx.clear_call(leg.call_id)
    assert office.log["101"][-1] == CallCleared(leg.call_id)
    leg = pbx.make_call("100", "101")
    pbx.set_out_of_service("101", True)
    assert isinstance(office.log["100"][-1], ConnectionCleared)
    assert office.model.device("101").state is DeviceState.OUT_OF_SERVICE
    leg = pbx.make_call("100", "101")
    assert office.log["100"][-1].cause == "destNotObtainable"  # type: ignore[union-attr]
    office.check_truth()


def test_extension_ranges() -> None:
    assert parse_extension_range("100-102,200") == ["100", "101", "102", "200"]
    with pytest.raises(ValueError, match="'102-100' is not"):
        parse_extension_range("102-100")


def random_step(pbx: Pbx, rng: random.Random) -> None:
    """One random thing a user or a CTI application does; refused requests are part of the game."""
    devices = list(pbx.extensions)
    a, b = rng.sample(devices, 2)
    calls = list(pbx.calls.values())
    call = rng.choice(calls) if calls else None
    leg = None
    if call is not None and call.legs:
        device = rng.choice(sorted(call.legs))
        leg = Connection(call.call_id, device)
    actions = [
        lambda: pbx.make_call(a, b if rng.random() < 0.9 else "0301234"),
        lambda: pbx.answer_call(leg) if leg else None,
        lambda: pbx.clear_connection(leg) if leg and leg.device in pbx.extensions else None,
        lambda: pbx.hold_call(leg) if leg else None,
        lambda: pbx.retrieve_call(leg) if leg else None,
        lambda: pbx.consultation_call(leg, b) if leg else None,
        lambda: pbx.deflect_call(leg, b) if leg else None,
        lambda: pbx.single_step_transfer(leg, b) if leg else None,
        lambda: pbx.set_dnd(a, rng.random() < 0.3),
        lambda: pbx.set_forwarding(a, rng.choice(list(ForwardingType)[:3]), rng.random() < 0.3, b),
        lambda: pbx.incoming_call("0171" + str(rng.randint(1000, 9999)), a),
        lambda: pbx.pickup(a, b),
    ]
    held = [(c, d) for c in calls for d, s in c.legs.items() if s is C.HOLD and d in pbx.extensions]
    if held:
        c, d = rng.choice(held)
        other = next((x for x in calls if x is not c and x.legs.get(d) is C.CONNECTED), None)
        if other is not None:
            actions.append(lambda: pbx.transfer_call(Connection(c.call_id, d), Connection(other.call_id, d)))
            actions.append(
                lambda: pbx.conference_call(Connection(c.call_id, d), Connection(other.call_id, d))
            )
    try:
        rng.choice(actions)()
    except CstaFailure:
        pass


@pytest.mark.parametrize("seed", range(8))
def test_random_office_life_keeps_presence_equal_to_truth(seed: int) -> None:
    office = Office("100-107", trunks=2)
    rng = random.Random(seed)
    for _ in range(400):
        random_step(office.pbx, rng)
        office.check_truth()
    assert all(
        isinstance(e, (ServiceInitiated, Originated, Delivered, Established, Held, Retrieved))
        or e is not None
        for log in office.log.values()
        for e in log
    )
