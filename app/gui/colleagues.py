"""The colleagues board: one tile per watched extension with its live state (BLF) and UC presence.

`ColleaguesModel` is a list model over the core presence model; it never decides a state itself, it
only shows what `PresenceModel` derived from CSTA events and snapshots, plus the UC presence that WSI
reported. Tiles accept a dropped call (transfer to that colleague).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

from PySide6.QtCore import QAbstractListModel, QMimeData, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from tandem.core.presence import DevicePresence, DeviceState, PresenceModel
from tandem.core.ucpresence import UcPresenceStatus

CALL_MIME = "application/x-tandem-call"

_Index = QModelIndex | QPersistentModelIndex


class Role(enum.IntEnum):
    EXTENSION = int(Qt.ItemDataRole.UserRole) + 1
    STATE = enum.auto()
    PARTY = enum.auto()
    NAME = enum.auto()
    FAVOURITE = enum.auto()


# Colours follow the usual BLF convention: green free, amber ringing, red busy.
STATE_COLOURS = {
    DeviceState.IDLE: "#2e7d32",
    DeviceState.DIALLING: "#c62828",
    DeviceState.RINGING: "#f9a825",
    DeviceState.BUSY: "#c62828",
    DeviceState.ON_HOLD: "#c62828",
    DeviceState.DO_NOT_DISTURB: "#6a1b9a",
    DeviceState.FORWARDED: "#1565c0",
    DeviceState.OUT_OF_SERVICE: "#757575",
    DeviceState.UNKNOWN: "#9e9e9e",
}


def state_text(p: DevicePresence) -> str:
    """What a tile says about a device, in words."""
    s = p.state
    if s is DeviceState.IDLE:
        return "free"
    if s is DeviceState.RINGING:
        return f"ringing: {p.party}" if p.party else "ringing"
    if s is DeviceState.BUSY:
        return f"busy with {p.party}" if p.party else "busy"
    if s is DeviceState.ON_HOLD:
        return f"holding {p.party}" if p.party else "on hold"
    if s is DeviceState.DIALLING:
        return "dialling"
    if s is DeviceState.DO_NOT_DISTURB:
        return "do not disturb"
    if s is DeviceState.FORWARDED:
        return f"forwarded to {p.forwarded_to}" if p.forwarded_to else "forwarded"
    if s is DeviceState.OUT_OF_SERVICE:
        return "out of service"
    return "offline"


def uc_text(status: UcPresenceStatus, until: datetime | None, now: datetime | None = None) -> str:
    if status is UcPresenceStatus.OFFICE:
        return ""
    if until is None:
        return status.phrase
    today = (now or datetime.now()).date()
    when = until.strftime("%H:%M") if until.date() == today else until.strftime("%a %d.%m. %H:%M")
    return f"{status.phrase} until {when}"


def _dot_icon(colour: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


class ColleaguesModel(QAbstractListModel):
    """Tiles for the watched devices: favourites first, then by extension."""

    def __init__(self, presence: PresenceModel, names: Mapping[str, str] | None = None,
                 favourites: Iterable[str] = (), parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._presence = presence
        self._names: dict[str, str] = dict(names or {})
        self._favourites = list(favourites)
        self._uc: dict[str, tuple[UcPresenceStatus, datetime | None]] = {}
        self._tiles: dict[str, DevicePresence] = {}
        self._rows: list[str] = []
        self._icons = {state: _dot_icon(colour) for state, colour in STATE_COLOURS.items()}
        self._unsubscribe: Callable[[], None] | None = presence.subscribe(self._on_presence)
        self.reload()

    def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    # -- feeding ----------------------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read every watched device (after a resync, or when the watch list changed)."""
        self.beginResetModel()
        self._tiles = self._presence.devices()
        fav = {d: i for i, d in enumerate(self._favourites)}
        self._rows = sorted(self._tiles, key=lambda d: (d not in fav, fav.get(d, 0), _numeric_key(d)))
        self.endResetModel()

    def set_names(self, names: Mapping[str, str]) -> None:
        self._names.update(names)
        self._changed_all()

    def set_favourites(self, favourites: Iterable[str]) -> None:
        self._favourites = list(favourites)
        self.reload()

    def set_uc_presence(self, device: str, status: UcPresenceStatus, until: datetime | None) -> None:
        self._uc[device] = (status, until)
        self._changed(device)

    def _on_presence(self, tile: DevicePresence) -> None:
        if tile.device not in self._tiles:
            self.reload()
            return
        self._tiles[tile.device] = tile
        self._changed(tile.device)

    def _changed(self, device: str) -> None:
        if device in self._rows:
            index = self.index(self._rows.index(device))
            self.dataChanged.emit(index, index)

    def _changed_all(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    # -- reading ----------------------------------------------------------------------------------

    def extension_at(self, row: int) -> str:
        return self._rows[row]

    def row_of(self, device: str) -> int:
        return self._rows.index(device)

    def tile(self, device: str) -> DevicePresence:
        return self._tiles[device]

    def name(self, device: str) -> str:
        return self._names.get(device, "")

    def tile_text(self, device: str) -> str:
        tile = self._tiles[device]
        name = self._names.get(device) or device
        line = f"{device} · {state_text(tile)}"
        uc = self._uc.get(device)
        if uc is not None and (extra := uc_text(*uc)):
            line += f" · {extra}"
        return f"{name}\n{line}"

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        device = self._rows[index.row()]
        tile = self._tiles[device]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tile_text(device)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.tile_text(device).replace("\n", ", ")
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons[tile.state]
        if role == Qt.ItemDataRole.SizeHintRole:
            return QSize(250, 52)
        if role == Role.EXTENSION:
            return device
        if role == Role.STATE:
            return tile.state.value
        if role == Role.PARTY:
            return tile.party
        if role == Role.NAME:
            return self._names.get(device, "")
        if role == Role.FAVOURITE:
            return device in self._favourites
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid():
            base |= Qt.ItemFlag.ItemIsDropEnabled
        return base

    # Dropping a call on a tile asks to transfer it there; the window decides how.
    def mimeTypes(self) -> list[str]:
        return [CALL_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: _Index) -> bool:
        return data.hasFormat(CALL_MIME) and parent.isValid()

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: _Index) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        call_key = bytes(data.data(CALL_MIME).data()).decode()
        target = self._rows[parent.row()]
        if self.on_call_dropped is not None:
            self.on_call_dropped(call_key, target)
        return True

    on_call_dropped: Callable[[str, str], None] | None = None


def _numeric_key(device: str) -> tuple[int, str]:
    return (int(device), "") if device.isdigit() and device.isascii() else (1 << 62, device)
