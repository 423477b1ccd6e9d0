"""The presence model against hand-written event sequences (what a PBX reports to monitors)."""

from __future__ import annotations

import pytest

from tandem.core.callevents import (
    BackInService,
    CallCleared,
    CallSnapshot,
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
    MovedConnection,
    Originated,
    OutOfService,
    Retrieved,
    ServiceInitiated,
    Transferred,
)
from tandem.core.presence import DevicePresence, DeviceState, PresenceModel

C = ConnectionState
S = DeviceState


def tiles(model: PresenceModel) -> dict[str, tuple[DeviceState, str | None]]:
    return {d: (p.state, p.party) for d, p in model.devices().items()}


def basic_call(model: PresenceModel, call: str = "0001", a: str = "100", b: str = "101") -> None:
    model.apply(ServiceInitiated(Connection(call, a)))
    model.apply(Originated(Connection(call, a), a, b))
    model.apply(Delivered(Connection(call, b), a, b))


def test_watched_devices_are_unknown_until_told() -> None:
    model = PresenceModel(["100", "101"])
    assert tiles(model) == {"100": (S.UNKNOWN, None), "101": (S.UNKNOWN, None)}
    model.apply(DeviceSnapshot("100"))
    assert model.device("100").state is S.IDLE
    assert model.device("101").state is S.UNKNOWN


def test_make_call_answer_and_clear() -> None:
    model = PresenceModel(["100", "101"])
    model.apply(ServiceInitiated(Connection("0001", "100")))
    assert model.device("100").state is S.DIALLING
    model.apply(Originated(Connection("0001", "100"), "100", "101"))
    model.apply(Delivered(Connection("0001", "101"), "100", "101"))
    assert tiles(model) == {"100": (S.BUSY, "101"), "101": (S.RINGING, "100")}
    model.apply(Established(Connection("0001", "101"), "100", "101"))
    assert tiles(model) == {"100": (S.BUSY, "101"), "101": (S.BUSY, "100")}
    view = model.call("0001")
    assert view is not None and dict(view.parties) == {"100": C.CONNECTED, "101": C.CONNECTED}
    model.apply(ConnectionCleared(Connection("0001", "101")))
    model.apply(ConnectionCleared(Connection("0001", "100")))
    assert tiles(model) == {"100": (S.IDLE, None), "101": (S.IDLE, None)}
    assert model.calls() == {}


def test_duplicate_events_from_two_monitors_change_nothing() -> None:
    once, twice = PresenceModel(["100", "101"]), PresenceModel(["100", "101"])
    events = [
        ServiceInitiated(Connection("0001", "100")),
        Originated(Connection("0001", "100"), "100", "101"),
        Delivered(Connection("0001", "101"), "100", "101"),
        Established(Connection("0001", "101"), "100", "101"),
        Held(Connection("0001", "100")),
    ]
    for event in events:
        once.apply(event)
        twice.apply(event)
        twice.apply(event)
    assert tiles(once) == tiles(twice) == {"100": (S.ON_HOLD, "101"), "101": (S.BUSY, "100")}


def test_hold_and_retrieve() -> None:
    model = PresenceModel(["100", "101"])
    basic_call(model)
    model.apply(Established(Connection("0001", "101"), "100", "101"))
    model.apply(Held(Connection("0001", "101")))
    assert tiles(model)["101"] == (S.ON_HOLD, "100")
    assert tiles(model)["100"] == (S.BUSY, "101")  # hold is one side's state only
    model.apply(Retrieved(Connection("0001", "101")))
    assert tiles(model)["101"] == (S.BUSY, "100")


def test_busy_called_party_leaves_caller_hearing_busy_tone() -> None:
    model = PresenceModel(["100", "101"])
    model.apply(DeviceSnapshot("101", (("0009", C.CONNECTED),)))
    model.apply(ServiceInitiated(Connection("0001", "100")))
    model.apply(Originated(Connection("0001", "100"), "100", "101"))
    model.apply(Failed(Connection("0001", "100"), "101", "100", "101", "busy"))
    assert model.device("100").state is S.DIALLING
    assert model.legs("100") == {"0001": C.FAIL}
    model.apply(ConnectionCleared(Connection("0001", "100")))
    assert model.device("100").state is S.IDLE


def test_consultation_then_transfer_moves_the_held_party() -> None:
    model = PresenceModel(["100", "101", "102"])
    basic_call(model)
    model.apply(Established(Connection("0001", "101"), "100", "101"))
    model.apply(Held(Connection("0001", "100"), "consultation"))
    basic_call(model, "0002", "100", "102")
    assert tiles(model) == {"100": (S.BUSY, "102"), "101": (S.BUSY, "100"), "102": (S.RINGING, "100")}
    moved = (
        MovedConnection(Connection("0002", "101"), Connection("0001", "101")),
        MovedConnection(Connection("0002", "102"), Connection("0002", "102")),
    )
    model.apply(Transferred("0001", "0002", "100", "102", moved))
    assert model.legs("100") == {}
    assert model.legs("101") == {"0002": C.CONNECTED}
    assert model.legs("102") == {"0002": C.ALERTING}
    assert model.device("100").state is S.IDLE
    assert model.device("102").state is S.RINGING
    assert model.call("0001") is None


def test_conference_joins_everyone() -> None:
    model = PresenceModel(["100", "101", "102"])
    basic_call(model)
    model.apply(Established(Connection("0001", "101"), "100", "101"))
    model.apply(Held(Connection("0001", "100")))
    basic_call(model, "0002", "100", "102")
    model.apply(Established(Connection("0002", "102"), "100", "102"))
    moved = tuple(
        MovedConnection(Connection("0002", d), Connection(old, d))
        for d, old in (("100", "0002"), ("101", "0001"), ("102", "0002"))
    )
    model.apply(Conferenced("0001", "0002", "100", "102", moved))
    view = model.call("0002")
    assert view is not None
    assert dict(view.parties) == {"100": C.CONNECTED, "101": C.CONNECTED, "102": C.CONNECTED}
    assert all(p.state is S.BUSY for p in model.devices().values())


def test_deflect_moves_ringing_to_new_destination() -> None:
    model = PresenceModel(["100", "101", "102"])
    basic_call(model)
    model.apply(Diverted(Connection("0001", "101"), "102"))
    model.apply(Delivered(Connection("0001", "102"), "100", "101", "101", "redirected"))
    assert tiles(model) == {"100": (S.BUSY, "102"), "101": (S.IDLE, None), "102": (S.RINGING, "100")}


def test_dnd_forwarding_and_service_states() -> None:
    model = PresenceModel(["100"])
    model.apply(DeviceSnapshot("100", dnd=False, forwarding=()))
    model.apply(DoNotDisturbChanged("100", True))
    assert model.device("100") == DevicePresence("100", S.DO_NOT_DISTURB, dnd=True)
    model.apply(DoNotDisturbChanged("100", False))
    model.apply(ForwardingChanged("100", ForwardingType.BUSY, True, "105"))
    assert model.device("100").state is S.IDLE  # busy forwarding does not change the tile
    model.apply(ForwardingChanged("100", ForwardingType.IMMEDIATE, True, "0171555"))
    assert model.device("100") == DevicePresence("100", S.FORWARDED, forwarded_to="0171555")
    model.apply(OutOfService("100"))
    assert model.device("100").state is S.OUT_OF_SERVICE
    model.apply(BackInService("100"))
    model.apply(ForwardingChanged("100", ForwardingType.IMMEDIATE, False))
    assert model.device("100").state is S.IDLE


def test_snapshot_replaces_what_was_believed() -> None:
    model = PresenceModel(["100", "101"])
    basic_call(model)
    # Events were lost (link down); the snapshot is the truth now.
    model.apply(DeviceSnapshot("101", (("0007", C.HOLD),)))
    model.apply(CallSnapshot("0007", (("101", C.HOLD), ("0172000", C.CONNECTED))))
    assert model.legs("101") == {"0007": C.HOLD}
    assert tiles(model)["101"] == (S.ON_HOLD, "0172000")
    model.apply(DeviceSnapshot("100"))
    assert model.device("100").state is S.IDLE
    assert set(model.calls()) == {"0007"}


def test_call_cleared_drops_every_leg() -> None:
    model = PresenceModel(["100", "101"])
    basic_call(model)
    model.apply(CallCleared("0001"))
    assert tiles(model) == {"100": (S.IDLE, None), "101": (S.IDLE, None)}


def test_listeners_hear_each_changed_tile_once() -> None:
    model = PresenceModel(["100", "101"])
    heard: list[DevicePresence] = []
    unsubscribe = model.subscribe(heard.append)
    basic_call(model)
    assert sorted((p.device, p.state.value, p.party or "") for p in heard) == [
        ("100", "busy", ""),
        ("100", "busy", "101"),
        ("100", "dialling", ""),
        ("101", "ringing", "100"),
    ]
    heard.clear()
    model.apply(Delivered(Connection("0001", "101"), "100", "101"))  # a duplicate: nothing changes
    assert heard == []
    unsubscribe()
    model.apply(ConnectionCleared(Connection("0001", "101")))
    assert heard == []


def test_unwatched_parties_do_not_keep_calls_alive() -> None:
    model = PresenceModel(["100"])
    basic_call(model, a="100", b="0301234")
    model.apply(ConnectionCleared(Connection("0001", "100")))
    assert model.calls() == {}


def test_rejects_unknown_event_types() -> None:
    with pytest.raises(TypeError, match="does not understand str"):
        PresenceModel().apply("delivered")  # type: ignore[arg-type]


def test_events_validate_themselves() -> None:
    with pytest.raises(ValueError, match="non-empty device id"):
        Connection("0001", "")


def test_mark_unknown_forgets_a_device() -> None:
    model = PresenceModel(["100", "101"])
    basic_call(model)
    model.mark_unknown(["101"])
    assert model.device("101").state is S.UNKNOWN
    assert model.legs("101") == {}
    assert model.device("100").state is S.BUSY
