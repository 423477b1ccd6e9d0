"""Every CSTA service end to end, client against the simulator over loopback TCP, both framings."""

from __future__ import annotations

import pytest

from tandem.core.callevents import (
    Conferenced,
    Connection,
    ConnectionCleared,
    ConnectionState,
    Delivered,
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
from tandem.core.presence import DeviceState
from tandem.net.csta_link import CstaClient, CstaError, LinkPhase

from .conftest import Office, mismatches, presence_matches, wait_until

C = ConnectionState


class Recorder:
    """Per-device domain events as the client received them, and as the PBX emitted them."""

    def __init__(self, office: Office, client: CstaClient) -> None:
        self.client_side: dict[str, list[TelephonyEvent]] = {}
        self.pbx_side: dict[str, list[TelephonyEvent]] = {}
        client.on_event(lambda d, _w, e: self.client_side.setdefault(d, []).append(e) if e else None)
        watched = client.monitored

        def emitted(devices: frozenset[str], event: TelephonyEvent) -> None:
            for d in devices & watched:
                self.pbx_side.setdefault(d, []).append(event)

        office.pbx.listeners.append(emitted)

    def kinds(self, device: str) -> list[str]:
        return [type(e).__name__ for e in self.client_side.get(device, [])]

    async def settled(self, office: Office, client: CstaClient) -> None:
        await wait_until(
            lambda: self.client_side == self.pbx_side and presence_matches(client, office.pbx),
            what="events to arrive",
        )

    def clear(self) -> None:
        self.client_side.clear()
        self.pbx_side.clear()


async def ready_client(office: Office, devices: list[str]) -> tuple[CstaClient, Recorder]:
    client = await office.client()
    await client.monitor(devices)
    await client.wait_synced(15)
    return client, Recorder(office, client)


async def test_make_call_answer_hold_retrieve_clear(office: Office) -> None:
    client, rec = await ready_client(office, ["100", "101"])
    leg = await client.make_call("100", "101")
    assert leg.device == "100"
    await rec.settled(office, client)
    assert rec.kinds("100") == ["ServiceInitiated", "Originated", "Delivered"]
    assert rec.kinds("101") == ["Delivered"]
    assert client.presence.device("101").state is DeviceState.RINGING
    assert client.presence.device("101").party == "100"
    await client.answer_call(Connection(leg.call_id, "101"))
    await client.hold_call(leg)
    await rec.settled(office, client)
    assert client.presence.device("100").state is DeviceState.ON_HOLD
    await client.retrieve_call(leg)
    await client.clear_connection(leg)
    await rec.settled(office, client)
    assert rec.kinds("101")[1:] == [
        "Established",
        "Held",
        "Retrieved",
        "ConnectionCleared",
        "ConnectionCleared",
    ]
    assert all(client.presence.device(d).state is DeviceState.IDLE for d in ("100", "101"))
    assert isinstance(rec.client_side["100"][0], ServiceInitiated)
    assert isinstance(rec.client_side["100"][1], Originated)
    assert isinstance(rec.client_side["101"][0], Delivered)
    assert isinstance(rec.client_side["101"][1], Established)
    assert isinstance(rec.client_side["101"][2], Held)
    assert isinstance(rec.client_side["101"][3], Retrieved)
    assert isinstance(rec.client_side["101"][4], ConnectionCleared)


async def test_consultation_transfer_and_conference(office: Office) -> None:
    client, rec = await ready_client(office, ["100", "101", "102", "103"])
    leg = await client.make_call("100", "101")
    await client.answer_call(Connection(leg.call_id, "101"))
    consult = await client.consultation_call(leg, "102")
    assert consult.device == "100" and consult.call_id != leg.call_id
    await client.answer_call(Connection(consult.call_id, "102"))
    result = await client.transfer_call(leg, consult)
    await rec.settled(office, client)
    assert isinstance(rec.client_side["101"][-1], Transferred)
    assert result.call_id == consult.call_id
    assert client.presence.device("100").state is DeviceState.IDLE
    assert client.presence.device("101").party == "102"
    # 101 now consults 103 and makes it a three-party conference.
    leg101 = Connection(result.call_id, "101")
    consult = await client.consultation_call(leg101, "103")
    await client.answer_call(Connection(consult.call_id, "103"))
    conference = await client.conference_call(leg101, consult)
    await rec.settled(office, client)
    assert isinstance(rec.client_side["103"][-1], Conferenced)
    view = client.presence.call(conference.call_id)
    assert view is not None
    assert dict(view.parties) == {"101": C.CONNECTED, "102": C.CONNECTED, "103": C.CONNECTED}
    await client.clear_call(conference.call_id)
    await rec.settled(office, client)
    assert not any(client.presence.legs(d) for d in ("100", "101", "102", "103"))


async def test_deflect_single_step_transfer_reconnect(office: Office) -> None:
    client, rec = await ready_client(office, ["110", "111", "112", "113"])
    leg = await client.make_call("110", "111")
    await client.deflect_call(Connection(leg.call_id, "111"), "112")
    await rec.settled(office, client)
    assert isinstance(rec.client_side["111"][-1], Diverted)
    assert client.presence.device("112").state is DeviceState.RINGING
    await client.answer_call(Connection(leg.call_id, "112"))
    moved = await client.single_step_transfer(Connection(leg.call_id, "112"), "113")
    assert moved == Connection(leg.call_id, "110")
    await rec.settled(office, client)
    assert client.presence.device("113").state is DeviceState.RINGING
    assert client.presence.device("113").party == "110"
    await client.answer_call(Connection(leg.call_id, "113"))
    consult = await client.consultation_call(leg, "111")
    await client.reconnect_call(leg, consult)
    await rec.settled(office, client)
    assert client.presence.legs("110") == {leg.call_id: C.CONNECTED}


async def test_dnd_forwarding_and_busy_with_their_events(office: Office) -> None:
    client, rec = await ready_client(office, ["120", "121", "122", "123"])
    await client.set_do_not_disturb("121", True)
    assert await client.get_do_not_disturb("121") is True
    leg = await client.make_call("120", "121")
    await rec.settled(office, client)
    assert rec.client_side["121"] == [DoNotDisturbChanged("121", True)]
    failed = rec.client_side["120"][-1]
    assert isinstance(failed, Failed) and failed.cause == "doNotDisturb"
    assert client.presence.device("121").state is DeviceState.DO_NOT_DISTURB
    await client.clear_connection(leg)
    await client.set_do_not_disturb("121", False)
    await client.set_forwarding("122", ForwardingType.IMMEDIATE, True, "123")
    assert await client.get_forwarding("122") == {ForwardingType.IMMEDIATE: "123"}
    leg = await client.make_call("120", "122")
    await rec.settled(office, client)
    assert rec.client_side["122"][0] == ForwardingChanged("122", ForwardingType.IMMEDIATE, True, "123")
    assert isinstance(rec.client_side["122"][-1], Diverted)
    assert client.presence.device("122").state is DeviceState.FORWARDED
    assert client.presence.device("122").forwarded_to == "123"
    assert office.pbx.legs("123") == {leg.call_id: C.ALERTING}
    assert client.presence.device("123").state is DeviceState.RINGING
    await client.answer_call(Connection(leg.call_id, "123"))
    busy = await client.make_call("121", "123")
    await rec.settled(office, client)
    failed = rec.client_side["121"][-1]
    assert isinstance(failed, Failed) and failed.cause == "busy"
    assert client.presence.legs("121") == {busy.call_id: C.FAIL}


async def test_incoming_trunk_call_and_pickup(office: Office) -> None:
    client, rec = await ready_client(office, ["130", "131"])
    incoming = office.pbx.incoming_call("01711234567", "130")
    assert incoming is not None
    await rec.settled(office, client)
    assert client.presence.device("130").party == "01711234567"
    office.pbx.pickup("131", "130")
    await rec.settled(office, client)
    assert client.presence.device("131").state is DeviceState.BUSY
    assert client.presence.device("131").party == "01711234567"
    assert client.presence.device("130").state is DeviceState.IDLE


@pytest.mark.parametrize(
    ("call", "value"),
    [
        (lambda c: c.make_call("999", "100"), "invalidDeviceID"),
        (lambda c: c.answer_call(Connection("7777", "140")), "invalidCallID"),
        (lambda c: c.monitor_one_unknown(), "invalidDeviceID"),
    ],
    ids=["makeCall-unknown-device", "answer-unknown-call", "monitor-unknown-device"],
)
async def test_wrong_requests_get_typed_errors(office: Office, call, value: str) -> None:
    client, _rec = await ready_client(office, ["140", "141"])

    async def monitor_one_unknown() -> None:
        failures = await client.monitor(["4711"])
        raise failures["4711"]

    client.monitor_one_unknown = monitor_one_unknown  # type: ignore[attr-defined]
    with pytest.raises(CstaError) as error:
        await call(client)
    assert error.value.value == value
    assert value in str(error.value)
    # The link is fine afterwards.
    assert client.status.phase is LinkPhase.READY
    assert await client.request_system_status() == "normal"


async def test_no_call_to_answer(office: Office) -> None:
    client, _rec = await ready_client(office, ["150", "151"])
    leg = await client.make_call("150", "151")
    with pytest.raises(CstaError) as error:
        await client.answer_call(leg)
    assert (error.value.category, error.value.value) == ("stateIncompatibility", "noCallToAnswer")
    assert str(error.value) == "the PBX refused answerCall: stateIncompatibility/noCallToAnswer"
    await wait_until(lambda: presence_matches(client, office.pbx), what="presence to settle")
    assert not mismatches(client, office.pbx)


async def test_unmonitor_stops_the_monitor_on_the_pbx(office: Office) -> None:
    client, _rec = await ready_client(office, ["160", "161", "162"])
    assert office.server.monitor_counts() == {"160": 1, "161": 1, "162": 1}
    await client.unmonitor(["161"])
    await wait_until(
        lambda: office.server.monitor_counts() == {"160": 1, "162": 1}, what="the monitor to stop"
    )
    assert client.monitored == {"160", "162"}
    assert "161" not in client.presence.devices()
    await client.monitor(["161"])
    await wait_until(lambda: office.server.monitor_counts() == {"160": 1, "161": 1, "162": 1})
    assert client.presence.device("161").state is DeviceState.IDLE
