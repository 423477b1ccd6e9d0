"""The journal table: a lazy model that loads pages of calls as the view scrolls.

Pages come from the journal store in a worker thread (the store may be a PostgreSQL server across the
network: never a blocking query in the GUI thread), newest first, continuing from the last row shown
(keyset paging), so a million-row journal costs one page per scroll step, not one big load.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from tandem.journal.records import Direction
from tandem.journal.store import JournalCall

log = logging.getLogger(__name__)
_Index = QModelIndex | QPersistentModelIndex

PAGE_SIZE = 200
CALL_ROLE = int(Qt.ItemDataRole.UserRole) + 1

# A page loader: (the last call already shown or None, how many) -> the next calls, newest first.
Pager = Callable[[JournalCall | None, int], Awaitable[list[JournalCall]]]


class Column(enum.IntEnum):
    WHEN = 0
    DIRECTION = 1
    NUMBER = 2
    NAME = 3
    EXTENSION = 4
    DURATION = 5


HEADERS = {Column.WHEN: QT_TRANSLATE_NOOP("JournalModel", "When"), Column.DIRECTION: "",
           Column.NUMBER: QT_TRANSLATE_NOOP("JournalModel", "Number"),
           Column.NAME: QT_TRANSLATE_NOOP("JournalModel", "Name"),
           Column.EXTENSION: QT_TRANSLATE_NOOP("JournalModel", "Extension"),
           Column.DURATION: QT_TRANSLATE_NOOP("JournalModel", "Duration")}
DIRECTION_LABELS = {"missed": QT_TRANSLATE_NOOP("JournalModel", "missed"),
                    "incoming": QT_TRANSLATE_NOOP("JournalModel", "incoming"),
                    "outgoing": QT_TRANSLATE_NOOP("JournalModel", "outgoing"),
                    "internal": QT_TRANSLATE_NOOP("JournalModel", "internal")}


def direction_text(call: JournalCall) -> str:
    if call.missed:
        return "missed"
    return {Direction.INCOMING: "incoming", Direction.OUTGOING: "outgoing",
            Direction.INTERNAL: "internal"}.get(call.direction, call.direction.value)


def duration_text(seconds: int | None) -> str:
    if seconds is None:
        return ""
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def when_text(moment: datetime) -> str:
    local = moment.astimezone()
    return local.strftime("%d.%m.%Y %H:%M")


class JournalModel(QAbstractTableModel):
    """Rows of the current journal list; `set_pager` switches the list (filter or search)."""

    loading_failed = Signal(str)
    page_loaded = Signal(int)  # how many rows the model now holds

    def __init__(self, pager: Pager | None = None, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._pager = pager
        self._rows: list[JournalCall] = []
        self._exhausted = pager is None
        self._loading: asyncio.Task[None] | None = None
        self._generation = 0  # bumps on every switch, so a late page of the old list is dropped

    def set_pager(self, pager: Pager | None) -> None:
        self._generation += 1
        if self._loading is not None:
            self._loading.cancel()
            self._loading = None
        self.beginResetModel()
        self._pager = pager
        self._rows = []
        self._exhausted = pager is None
        self.endResetModel()
        if pager is not None:
            self.fetchMore(QModelIndex())

    def reload(self) -> None:
        self.set_pager(self._pager)

    @property
    def loading(self) -> bool:
        return self._loading is not None

    def call_at(self, row: int) -> JournalCall:
        return self._rows[row]

    # -- lazy loading -----------------------------------------------------------------------------

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's own signature
        return not parent.isValid() and not self._exhausted and self._loading is None

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 - Qt's own signature
        if not self.canFetchMore(parent) or self._pager is None:
            return
        last = self._rows[-1] if self._rows else None
        self._loading = asyncio.ensure_future(self._load(self._pager, last, self._generation))

    async def _load(self, pager: Pager, last: JournalCall | None, generation: int) -> None:
        try:
            page = await pager(last, PAGE_SIZE)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if generation == self._generation:
                self._loading = None
                self._exhausted = True
                log.warning("journal page failed: %s", exc)
                self.loading_failed.emit(f"The journal could not be read: {exc}")
            return
        if generation != self._generation:
            return
        self._loading = None
        if len(page) < PAGE_SIZE:
            self._exhausted = True
        if page:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        self.page_loaded.emit(len(self._rows))

    # -- table ------------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            header = HEADERS[Column(section)]
            return QCoreApplication.translate("JournalModel", str(header)) if header else ""
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        call = self._rows[index.row()]
        if role == CALL_ROLE:
            return call
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if role == Qt.ItemDataRole.ForegroundRole and call.missed:
                from PySide6.QtGui import QColor

                return QColor("#c62828")
            return None
        column = Column(index.column())
        if column is Column.WHEN:
            return when_text(call.started_at)
        if column is Column.DIRECTION:
            label = direction_text(call)
            return QCoreApplication.translate("JournalModel", str(DIRECTION_LABELS.get(label, label)))
        if column is Column.NUMBER:
            return call.number
        if column is Column.NAME:
            return call.name
        if column is Column.EXTENSION:
            return ", ".join(call.extensions) or call.extension
        return duration_text(call.duration_seconds)
