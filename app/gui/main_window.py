"""The Tandem main window: dial field, colleagues board, journal, active calls and status bar.

The window holds its Designer form (ui/main_window.ui) and talks only to a `Session`, which owns
the engines. Every action runs as an asyncio task on the Qt loop (qasync): the window never blocks,
and a failure ends up as a sentence in the status bar instead of an exception.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Coroutine
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QCompleter, QFileDialog, QLabel, QMainWindow, QPushButton

from tandem.core.activecalls import ActiveCall, CallPhase, LineKind, PhoneLine
from tandem.core.errors import TandemError
from tandem.core.presence import DeviceState
from tandem.gui.calls import CallsModel
from tandem.gui.colleagues import ColleaguesModel
from tandem.gui.forms.ui_main_window import Ui_MainWindow
from tandem.gui.journal_model import Column, JournalModel, direction_text, duration_text, when_text
from tandem.gui.session import Session
from tandem.journal.export import write_csv
from tandem.journal.store import JournalCall, QueryKind

log = logging.getLogger(__name__)

DTMF_KEYS = "123456789*0#"
JOURNAL_KINDS = [(QueryKind.ALL, QT_TRANSLATE_NOOP("MainWindow", "All calls")),
                 (QueryKind.MISSED, QT_TRANSLATE_NOOP("MainWindow", "Missed")),
                 (QueryKind.INCOMING, QT_TRANSLATE_NOOP("MainWindow", "Incoming")),
                 (QueryKind.OUTGOING, QT_TRANSLATE_NOOP("MainWindow", "Outgoing")),
                 (QueryKind.INTERNAL, QT_TRANSLATE_NOOP("MainWindow", "Internal"))]
_URI = re.compile(r"^(?:sips?|tel|callto):(?://)?(?P<rest>.+)$", re.IGNORECASE)


def dial_target(text: str, names: dict[str, str]) -> str | None:
    """What to dial for what the user typed: a number, a URI's user part, or a colleague's name."""
    text = text.strip()
    if not text:
        return None
    match = _URI.match(text)
    if match:
        rest = match.group("rest").split("?", 1)[0]
        if text.lower().startswith(("sip:", "sips:")):
            return text.split("?", 1)[0]  # the softphone dials the URI; the desk phone its user part
        text = rest.split(";", 1)[0]
    compact = re.sub(r"[\s\-/().]", "", text)
    if re.fullmatch(r"\+?[0-9*#]+", compact):
        return compact
    folded = text.casefold()
    for extension, name in names.items():
        if name.casefold() == folded:
            return extension
    matches = [ext for ext, name in names.items() if folded in name.casefold()]
    if len(matches) == 1:
        return matches[0]
    return None


class MainWindow(QMainWindow):
    action_finished = Signal(str, bool)  # what was done, whether it worked (QA scripts wait on it)
    closed = Signal()  # the window really closed (not hidden to the tray): Tandem ends

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)  # type: ignore[no-untyped-call]
        self.session = session
        self.close_to_tray = False
        self.quitting = False
        self._tasks: set[asyncio.Task[Any]] = set()
        self._unseen_missed = 0

        self.colleagues = ColleaguesModel(session.presence, session.names, session.settings.ui.favourites,
                                          parent=self)
        self.colleagues.on_call_dropped = self._call_dropped_on_colleague
        self.ui.colleaguesView.setModel(self.colleagues)
        self.calls = CallsModel(session.board, parent=self)
        self.ui.callsView.setModel(self.calls)
        self.journal = JournalModel(parent=self)
        self.ui.journalView.setModel(self.journal)
        self.ui.journalView.verticalHeader().setVisible(False)
        header = self.ui.journalView.horizontalHeader()
        header.setStretchLastSection(True)
        # Sized from the font, not from the rows: measuring a million rows would stall the window.
        sample = when_text(datetime(2000, 12, 28, 23, 59, tzinfo=timezone.utc))
        header.resizeSection(Column.WHEN, self.fontMetrics().horizontalAdvance(sample) + 24)
        self.journal.loading_failed.connect(lambda text: self.show_status("journal", "error", text))

        self.ui.mainSplitter.setStretchFactor(0, 3)
        self.ui.mainSplitter.setStretchFactor(1, 2)
        self._build_status_bar()
        self._build_dtmf_pad()
        self._fill_combos()
        self._build_completer()
        self._connect()
        self.update_action_buttons()
        session.board.subscribe(self._on_call_changed)
        session.status_changed.connect(self.show_status)
        session.names_changed.connect(self._names_changed)
        session.presence.subscribe(self._on_presence)
        session.missed_call.connect(self._on_missed_call)
        session.journal_changed.connect(self._journal_changed)
        session.uc_presence_changed.connect(
            lambda user, presence: self.colleagues.set_uc_presence(user, presence.status, presence.until))
        self.refresh_journal()

    # -- construction -----------------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        self.status_labels: dict[str, QLabel] = {}
        for component, text in (("sip", self.tr("Softphone: off")), ("cti", self.tr("Desk phone: off")),
                                ("journal", self.tr("Journal: …")), ("wsi", self.tr("UC presence: off"))):
            label = QLabel(text, self)
            label.setObjectName(f"{component}StatusLabel")
            label.setAccessibleName(f"{component.upper()} status")
            self.ui.statusBar.addPermanentWidget(label)
            self.status_labels[component] = label

    def _build_dtmf_pad(self) -> None:
        self.dtmf_buttons: dict[str, QPushButton] = {}
        names = {"*": "star", "#": "hash"}
        for i, key in enumerate(DTMF_KEYS):
            button = QPushButton(key, self.ui.dtmfPad)
            button.setObjectName(f"dtmf_{names.get(key, key)}")
            button.setAccessibleName(f"Keypad {key}")
            button.clicked.connect(lambda _checked=False, k=key: self.send_dtmf(k))
            self.ui.dtmfLayout.addWidget(button, i // 3, i % 3)
            self.dtmf_buttons[key] = button
        self.ui.dtmfPad.setVisible(False)

    def _fill_combos(self) -> None:
        self.refresh_lines()
        for kind, label in JOURNAL_KINDS:
            self.ui.journalKindCombo.addItem(QCoreApplication.translate("MainWindow", str(label)), kind.value)
        combo = self.ui.audioDeviceCombo
        combo.addItem(self.tr("System default"), "")
        for device in self.session.audio_devices():
            combo.addItem(device, device)
        speaker = self.session.settings.audio.playback_device
        if speaker and combo.findData(speaker) < 0:
            combo.addItem(self.tr("%1 (not connected)").replace("%1", speaker), speaker)
        combo.setCurrentIndex(max(0, combo.findData(speaker)))

    def refresh_lines(self) -> None:
        """The "call with" choices, after the session built its lines (at start or new settings)."""
        combo = self.ui.callWithCombo
        combo.clear()
        for line in self.session.lines:
            combo.addItem(line.label, line.kind.value)
        index = combo.findData(self.session.settings.ui.call_with)
        if index >= 0:
            combo.setCurrentIndex(index)
        own = self.session.own_extension
        self.ui.ownExtensionBox.setTitle(self.tr("My extension %1").replace("%1", own) if own
                                         else self.tr("My extension"))
        self.ui.ownExtensionBox.setEnabled(bool(own) and self.session.has_deskphone)
        self.update_action_buttons()

    def _build_completer(self) -> None:
        self._suggestions = QStringListModel(self)
        completer = QCompleter(self._suggestions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.ui.dialField.setCompleter(completer)
        self._names_changed()

    def _connect(self) -> None:
        ui = self.ui
        ui.dialButton.clicked.connect(self.dial_from_field)
        ui.dialField.returnPressed.connect(self.dial_from_field)
        ui.answerButton.clicked.connect(self.answer)
        ui.rejectButton.clicked.connect(self.reject)
        ui.hangUpButton.clicked.connect(self.hang_up)
        ui.holdButton.clicked.connect(self.hold)
        ui.retrieveButton.clicked.connect(self.retrieve)
        ui.muteButton.toggled.connect(self.set_mute)
        ui.transferButton.clicked.connect(self.blind_transfer)
        ui.consultButton.clicked.connect(self.consult)
        ui.completeTransferButton.clicked.connect(self.complete_transfer)
        ui.conferenceButton.clicked.connect(self.conference)
        ui.dtmfButton.toggled.connect(ui.dtmfPad.setVisible)
        ui.audioDeviceCombo.activated.connect(
            lambda _index: self.session.select_playback(str(ui.audioDeviceCombo.currentData() or "")))
        ui.callsView.selectionModel().selectionChanged.connect(lambda *_: self.update_action_buttons())
        ui.colleaguesView.doubleClicked.connect(self._colleague_activated)
        ui.colleaguesFilter.textChanged.connect(self._filter_colleagues)
        ui.journalKindCombo.currentIndexChanged.connect(lambda _i: self.refresh_journal())
        self._journal_search_timer = QTimer(self, singleShot=True, interval=250)
        self._journal_search_timer.timeout.connect(self.refresh_journal)
        ui.journalSearch.textChanged.connect(lambda _t: self._journal_search_timer.start())
        ui.journalView.doubleClicked.connect(lambda index: self.call_back(index.row()))
        ui.journalView.selectionModel().currentRowChanged.connect(self._journal_row_changed)
        ui.callBackButton.clicked.connect(lambda: self.call_back(self.ui.journalView.currentIndex().row()))
        ui.exportCsvButton.clicked.connect(self._ask_export_csv)
        ui.mainTabs.currentChanged.connect(self._tab_changed)
        ui.dndToggle.clicked.connect(
            lambda checked: self.run("do not disturb", self.session.set_dnd(checked)))
        ui.forwardToggle.clicked.connect(self._forward_clicked)
        ui.actionAnswer.triggered.connect(self.answer)
        ui.actionHangUp.triggered.connect(self.hang_up)
        ui.actionMute.triggered.connect(ui.muteButton.toggle)
        ui.actionTransfer.triggered.connect(self.blind_transfer)
        ui.actionFocusSearch.triggered.connect(self.focus_search)
        ui.actionQuit.triggered.connect(self.quit)
        self.session.lines_changed.connect(self.refresh_lines)

    # -- running actions --------------------------------------------------------------------------

    def run(self, what: str, action: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run an engine action without blocking; its failure becomes a status-bar sentence."""
        async def guarded() -> None:
            try:
                await action
            except TandemError as exc:
                self.show_status("action", "error", f"{what.capitalize()} failed: {exc}")
                self.action_finished.emit(what, False)
            except Exception:
                log.exception("%s failed", what)
                self.show_status("action", "error", f"{what.capitalize()} failed because of a bug in "
                                 "Tandem; the log has the details")
                self.action_finished.emit(what, False)
            else:
                self.action_finished.emit(what, True)

        task = asyncio.ensure_future(guarded())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def show_status(self, component: str, level: str, sentence: str) -> None:
        label = self.status_labels.get(component)
        if label is None:
            self.ui.statusBar.showMessage(sentence, 15000)
            return
        label.setText(sentence)
        label.setToolTip(sentence)
        label.setProperty("level", level)
        colour = {"error": "#c62828", "warn": "#ef6c00"}.get(level, "")
        label.setStyleSheet(f"color: {colour};" if colour else "")

    # -- lines and calls --------------------------------------------------------------------------

    def current_line(self) -> PhoneLine:
        kind = self.ui.callWithCombo.currentData()
        for line in self.session.lines:
            if line.kind.value == kind:
                return line
        raise TandemError("no phone line is set up: open Settings to add the softphone or desk phone")

    def line_of(self, call: ActiveCall) -> PhoneLine:
        for line in self.session.lines:
            if line.kind is call.line:
                return line
        raise TandemError(f"the {call.line.value} line is not connected")

    def selected_call(self) -> ActiveCall | None:
        index = self.ui.callsView.currentIndex()
        if index.isValid():
            return self.calls.call_at(index.row())
        return self.session.board.current()

    def _need_call(self, *phases: CallPhase) -> ActiveCall:
        call = self.selected_call()
        if call is None or (phases and call.phase not in phases):
            raise TandemError("there is no call for that")
        return call

    def dial(self, target: str) -> asyncio.Task[Any]:
        return self.run(f"call {target}", self._dial(target))

    async def _dial(self, target: str) -> None:
        line = self.current_line()
        if line.kind is LineKind.DESKPHONE and target.lower().startswith(("sip:", "sips:")):
            target = target.split(":", 1)[1].split("@", 1)[0].split(";", 1)[0]
        await line.dial(target)

    def dial_from_field(self) -> None:
        text = self.ui.dialField.text()
        target = dial_target(text, self.session.names)
        if target is None:
            self.show_status("action", "error", f"Nothing to call for {text.strip()!r}: type a number, "
                             "a sip: address or a colleague's name")
            return
        self.ui.dialField.clear()
        self.dial(target)

    def _act(self, what: str, phases: tuple[CallPhase, ...], method: str, *args: Any) -> None:
        async def go() -> None:
            call = self._need_call(*phases)
            await getattr(self.line_of(call), method)(call, *args)
        self.run(what, go())

    def answer(self) -> None:
        async def go() -> None:
            call = self.selected_call()
            if call is None or call.phase is not CallPhase.RINGING_IN:
                ringing = self.session.board.ringing()
                if not ringing:
                    raise TandemError("no call is ringing")
                call = ringing[0]
            await self.line_of(call).answer(call)
        self.run("answer", go())

    def answer_call(self, key: str) -> None:
        async def go() -> None:
            call = self.session.board.get(key)
            if call is None:
                raise TandemError("the call is gone")
            await self.line_of(call).answer(call)
        self.run("answer", go())

    def reject_call(self, key: str) -> None:
        async def go() -> None:
            call = self.session.board.get(key)
            if call is None:
                raise TandemError("the call is gone")
            await self.line_of(call).reject(call)
        self.run("reject", go())

    def reject(self) -> None:
        self._act("reject", (CallPhase.RINGING_IN,), "reject")

    def hang_up(self) -> None:
        self._act("hang up", (), "hang_up")

    def hold(self) -> None:
        self._act("hold", (CallPhase.TALKING,), "hold")

    def retrieve(self) -> None:
        async def go() -> None:
            call = self.selected_call()
            if call is None or call.phase is not CallPhase.HELD:
                held = [c for c in self.session.board if c.phase is CallPhase.HELD]
                if not held:
                    raise TandemError("no call is on hold")
                call = held[0]
            await self.line_of(call).retrieve(call)
        self.run("retrieve", go())

    def set_mute(self, muted: bool) -> None:
        self._act("mute" if muted else "unmute", (), "set_mute", muted)

    def send_dtmf(self, digits: str) -> None:
        self._act(f"send {digits}", (CallPhase.TALKING,), "send_dtmf", digits)

    def _transfer_target(self) -> str | None:
        target = dial_target(self.ui.dialField.text(), self.session.names)
        if target is None:
            index = self.ui.colleaguesView.currentIndex()
            if index.isValid():
                target = self.colleagues.extension_at(index.row())
        return target

    def blind_transfer(self, target: str | None = None) -> None:
        target = target or self._transfer_target()
        if not target:
            self.show_status("action", "warn", "Type a number or pick a colleague, then choose Transfer")
            self.focus_search()
            return
        self.ui.dialField.clear()
        self._act(f"transfer to {target}", (CallPhase.TALKING, CallPhase.HELD), "blind_transfer", target)

    def consult(self, target: str | None = None) -> None:
        target = target or self._transfer_target()
        if not target:
            self.show_status("action", "warn", "Type a number or pick a colleague, then choose Consult")
            self.focus_search()
            return
        self.ui.dialField.clear()
        self._act(f"consult {target}", (CallPhase.TALKING,), "consult", target)

    def _held_and_active(self) -> tuple[ActiveCall, ActiveCall]:
        calls = list(self.session.board)
        held = [c for c in calls if c.phase is CallPhase.HELD]
        active = [c for c in calls if c.phase in (CallPhase.TALKING, CallPhase.RINGING_OUT)
                  and (not held or c.line is held[0].line)]
        if not held or not active:
            raise TandemError("that needs one call on hold and one active call on the same phone")
        return held[0], active[0]

    def complete_transfer(self) -> None:
        async def go() -> None:
            held, active = self._held_and_active()
            await self.line_of(held).complete_transfer(held, active)
        self.run("complete transfer", go())

    def conference(self) -> None:
        async def go() -> None:
            held, active = self._held_and_active()
            await self.line_of(held).conference(held, active)
        self.run("conference", go())

    def _call_dropped_on_colleague(self, call_key: str, extension: str) -> None:
        call = self.session.board.get(call_key)
        if call is None:
            return
        self.ui.callsView.setCurrentIndex(self.calls.index(self.calls.row_of(call_key)))
        self.consult(extension)

    def _colleague_activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        extension = self.colleagues.extension_at(index.row())
        if self.colleagues.tile(extension).state is DeviceState.RINGING:
            self.run(f"pick up {extension}", self.current_line().pickup(extension))
        else:
            self.dial(extension)

    def _filter_colleagues(self, text: str) -> None:
        folded = text.casefold()
        for row in range(self.colleagues.rowCount()):
            ext = self.colleagues.extension_at(row)
            shown = not folded or folded in ext or folded in self.colleagues.name(ext).casefold()
            self.ui.colleaguesView.setRowHidden(row, not shown)

    def _on_call_changed(self, call: ActiveCall) -> None:
        if call.phase is CallPhase.ENDED and call.reason:
            self.show_status("action", "info", f"Call with {call.remote} ended: {call.reason}")
        self.update_action_buttons()

    def update_action_buttons(self) -> None:
        call = self.selected_call()
        phase = call.phase if call else None
        ui = self.ui
        ui.answerButton.setEnabled(bool(self.session.board.ringing()))
        ui.rejectButton.setEnabled(phase is CallPhase.RINGING_IN)
        ui.hangUpButton.setEnabled(call is not None)
        ui.holdButton.setEnabled(phase is CallPhase.TALKING)
        ui.retrieveButton.setEnabled(any(c.phase is CallPhase.HELD for c in self.session.board))
        ui.muteButton.setEnabled(call is not None and call.line is LineKind.SOFTPHONE)
        ui.transferButton.setEnabled(phase in (CallPhase.TALKING, CallPhase.HELD))
        ui.consultButton.setEnabled(phase is CallPhase.TALKING)
        two = len(self.session.board) >= 2
        ui.completeTransferButton.setEnabled(two)
        ui.conferenceButton.setEnabled(two)
        ui.dtmfButton.setEnabled(phase is CallPhase.TALKING)

    # -- own extension ----------------------------------------------------------------------------

    def _forward_clicked(self, checked: bool) -> None:
        target = self.ui.forwardTarget.text().strip() if checked else None
        if checked and not target:
            self.ui.forwardToggle.setChecked(False)
            self.show_status("action", "warn", "Type the number to forward to, then tick Forward to")
            self.ui.forwardTarget.setFocus()
            return
        self.run("forwarding", self.session.set_forwarding(target))

    def _on_presence(self, tile: Any) -> None:
        if tile.device != self.session.own_extension:
            return
        self.ui.dndToggle.setChecked(tile.dnd)
        forwarded = tile.state is DeviceState.FORWARDED or tile.forwarded_to is not None
        self.ui.forwardToggle.setChecked(forwarded)
        if tile.forwarded_to:
            self.ui.forwardTarget.setText(tile.forwarded_to)

    # -- journal ----------------------------------------------------------------------------------

    def journal_kind(self) -> QueryKind:
        return QueryKind(self.ui.journalKindCombo.currentData())

    def refresh_journal(self) -> None:
        self.journal.set_pager(self.session.journal_pager(self.journal_kind(), self.ui.journalSearch.text()))

    def _journal_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.ui.journalDetails.clear()
            return
        call = self.journal.call_at(current.row())
        parts = [f"{direction_text(call).capitalize()} call", when_text(call.started_at),
                 f"{call.name} ({call.number})" if call.name else call.number]
        if call.extensions:
            parts.append("extensions " + " → ".join(call.extensions))
        if call.duration_seconds:
            parts.append(f"talked {duration_text(call.duration_seconds)}")
        if call.ring_seconds:
            parts.append(f"rang {call.ring_seconds} s")
        parts.append("from the PBX's call records" if call.from_cdr else "seen live")
        self.ui.journalDetails.setText(" · ".join(parts))

    def call_back(self, row: int) -> None:
        if row < 0 or row >= self.journal.rowCount():
            self.show_status("action", "warn", "Pick a call in the journal first")
            return
        self.dial(self.journal.call_at(row).number)

    def _ask_export_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export the journal", "journal.csv", "CSV (*.csv)")
        if path:
            self.run("export", self.export_csv(Path(path)))

    async def export_csv(self, path: Path) -> int:
        """Write the current journal list (filter and search applied, every page) to `path`."""
        pager = self.session.journal_pager(self.journal_kind(), self.ui.journalSearch.text())
        if pager is None:
            raise TandemError("the journal is not open")
        rows: list[JournalCall] = []
        last: JournalCall | None = None
        while True:
            page = await pager(last, 5000)
            rows.extend(page)
            if len(page) < 5000:
                break
            last = page[-1]
        await asyncio.to_thread(_write_csv, path, rows)  # the same format as `tandem journal export`
        self.show_status("action", "info", f"Exported {len(rows)} calls to {path}")
        return len(rows)

    def _on_missed_call(self) -> None:
        if not (self.isActiveWindow() and self.ui.mainTabs.currentWidget() is self.ui.journalTab):
            self._unseen_missed += 1
        self._update_missed_badge()

    def _journal_changed(self) -> None:
        if self.ui.mainTabs.currentWidget() is self.ui.journalTab:
            self.refresh_journal()

    @property
    def unseen_missed(self) -> int:
        return self._unseen_missed

    def _tab_changed(self, _index: int) -> None:
        if self.ui.mainTabs.currentWidget() is self.ui.journalTab:
            self._unseen_missed = 0
            self._update_missed_badge()
            self.refresh_journal()

    def _update_missed_badge(self) -> None:
        index = self.ui.mainTabs.indexOf(self.ui.journalTab)
        title = f"Journal ({self._unseen_missed})" if self._unseen_missed else "Journal"
        self.ui.mainTabs.setTabText(index, title)
        self.session.unseen_missed_changed.emit(self._unseen_missed)

    # -- misc -------------------------------------------------------------------------------------

    def _names_changed(self) -> None:
        self.colleagues.set_names(self.session.names)
        entries = [f"{name} ({ext})" for ext, name in sorted(self.session.names.items())]
        self._suggestions.setStringList(entries)

    def focus_search(self) -> None:
        self.ui.dialField.setFocus()
        self.ui.dialField.selectAll()

    def quit(self) -> None:
        self.quitting = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.close_to_tray and not self.quitting:
            event.ignore()
            self.hide()
            return
        self.colleagues.close()
        self.calls.close()
        for task in list(self._tasks):
            task.cancel()
        super().closeEvent(event)
        self.closed.emit()


def _write_csv(path: Path, rows: list[JournalCall]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        write_csv(rows, out)


__all__ = ["Column", "MainWindow", "dial_target"]
