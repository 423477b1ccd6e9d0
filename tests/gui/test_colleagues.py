"""The colleagues board shows what the presence model derived from real event sequences."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QMimeData, Qt

from tandem.core.callevents import (
    Connection,
    ConnectionCleared,
    Delivered,
    DoNotDisturbChanged,
    Established,
    ForwardingChanged,
    ForwardingType,
    Originated,
    ServiceInitiated,
)
from tandem.core.presence import PresenceModel
from tandem.core.ucpresence import UcPresenceStatus
from tandem.gui.colleagues import CALL_MIME, ColleaguesModel, Role, uc_text


def _text(model: ColleaguesModel, device: str) -> str:
    return str(model.data(model.index(model.row_of(device)), Qt.ItemDataRole.DisplayRole))


def test_tiles_follow_a_call_from_ringing_to_talking_to_free(qapp: object) -> None:
    presence = PresenceModel(["120", "121", "122"])
    model = ColleaguesModel(presence, {"120": "Anna Becker", "121": "Ben Kraus"}, favourites=["122"])
    assert [model.extension_at(r) for r in range(model.rowCount())] == ["122", "120", "121"]
    changed: list[int] = []
    model.dataChanged.connect(lambda top, _bottom: changed.append(top.row()))
    a, b = Connection("0a01", "120"), Connection("0a01", "121")
    presence.apply(ServiceInitiated(a))
    presence.apply(Originated(a, "120", "121"))
    presence.apply(Delivered(b, "120", "121"))
    assert "ringing: 120" in _text(model, "121")
    assert _text(model, "121").startswith("Ben Kraus\n121")
    presence.apply(Established(b, "120", "121"))
    assert "busy with 120" in _text(model, "121")
    assert "busy with 121" in _text(model, "120")
    assert model.data(model.index(model.row_of("120")), Role.STATE) == "busy"
    presence.apply(ConnectionCleared(a))
    presence.apply(ConnectionCleared(b))
    assert "free" in _text(model, "120") and "free" in _text(model, "121")
    assert changed, "the view must hear about changes"
    model.close()


def test_dnd_forwarding_and_uc_presence(qapp: object) -> None:
    presence = PresenceModel(["130"])
    model = ColleaguesModel(presence, {"130": "Cora"})
    presence.apply(DoNotDisturbChanged("130", True))
    assert "do not disturb" in _text(model, "130")
    presence.apply(DoNotDisturbChanged("130", False))
    presence.apply(ForwardingChanged("130", ForwardingType.IMMEDIATE, True, "140"))
    assert "forwarded to 140" in _text(model, "130")
    until = datetime.now().replace(hour=14, minute=0, second=0, microsecond=0)
    model.set_uc_presence("130", UcPresenceStatus.MEETING, until)
    assert "in a meeting until 14:00" in _text(model, "130")
    model.close()


def test_unknown_until_snapshot(qapp: object) -> None:
    model = ColleaguesModel(PresenceModel(["150"]))
    assert "offline" in _text(model, "150")


def test_dropping_a_call_on_a_tile_asks_for_a_transfer(qapp: object) -> None:
    model = ColleaguesModel(PresenceModel(["120", "121"]))
    dropped: list[tuple[str, str]] = []
    model.on_call_dropped = lambda key, ext: dropped.append((key, ext))
    data = QMimeData()
    data.setData(CALL_MIME, b"softphone:abc")
    target = model.index(model.row_of("121"))
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, target)
    assert dropped == [("softphone:abc", "121")]
    plain = QMimeData()
    plain.setText("121")
    assert not model.canDropMimeData(plain, Qt.DropAction.MoveAction, -1, -1, target)


def test_uc_text_for_other_days() -> None:
    now = datetime(2026, 11, 26, 9, 0)
    assert uc_text(UcPresenceStatus.OFFICE, None, now) == ""
    assert uc_text(UcPresenceStatus.VACATION, datetime(2026, 11, 30, 8, 0), now) == \
        "on vacation until Mon 30.11. 08:00"
