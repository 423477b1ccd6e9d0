"""The active-calls list: a model over the CallBoard; a call can be dragged onto a colleague tile."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractListModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from tandem.core.activecalls import ActiveCall, CallBoard, CallPhase
from tandem.gui.colleagues import CALL_MIME

_Index = QModelIndex | QPersistentModelIndex
KEY_ROLE = int(Qt.ItemDataRole.UserRole) + 1
PHASE_ROLE = KEY_ROLE + 1


class CallsModel(QAbstractListModel):
    def __init__(self, board: CallBoard, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._board = board
        self._calls: list[ActiveCall] = list(board)
        self._unsubscribe: Callable[[], None] | None = board.subscribe(self._on_call)

    def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _on_call(self, call: ActiveCall) -> None:
        keys = [c.key for c in self._calls]
        if call.phase is CallPhase.ENDED:
            if call.key in keys:
                row = keys.index(call.key)
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._calls[row]
                self.endRemoveRows()
            return
        if call.key in keys:
            row = keys.index(call.key)
            self._calls[row] = call
            self.dataChanged.emit(self.index(row), self.index(row))
        else:
            row = len(self._calls)
            self.beginInsertRows(QModelIndex(), row, row)
            self._calls.append(call)
            self.endInsertRows()

    def call_at(self, row: int) -> ActiveCall:
        return self._calls[row]

    def row_of(self, key: str) -> int:
        return [c.key for c in self._calls].index(key)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self._calls)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._calls):
            return None
        call = self._calls[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole,
                    Qt.ItemDataRole.ToolTipRole):
            return call.describe
        if role == KEY_ROLE:
            return call.key
        if role == PHASE_ROLE:
            return call.phase.value
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid():
            base |= Qt.ItemFlag.ItemIsDragEnabled
        return base

    def mimeTypes(self) -> list[str]:
        return [CALL_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        if indexes:
            data.setData(CALL_MIME, self._calls[indexes[0].row()].key.encode())
        return data

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction
