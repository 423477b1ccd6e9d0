"""The incoming-call notification: a small always-on-top window per ringing call, with Answer/Reject.

It is shown for softphone calls and for desk-phone calls seen through CSTA alike; the window only
asks the main window to answer or reject, which picks the right line.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from tandem.core.activecalls import ActiveCall, CallBoard, CallPhase, LineKind
from tandem.gui.forms.ui_incoming_call import Ui_IncomingCall


class IncomingCallWindow(QWidget):
    def __init__(self, call: ActiveCall, answer: Callable[[str], None],
                 reject: Callable[[str], None]) -> None:
        super().__init__(None, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.ui = Ui_IncomingCall()
        self.ui.setupUi(self)  # type: ignore[no-untyped-call]
        self.key = call.key
        self.setObjectName(f"IncomingCall_{call.key.replace(':', '_')}")
        self.ui.callerName.setText(call.remote_name or call.remote)
        self.ui.callerNumber.setText(call.remote if call.remote_name else "")
        self.ui.callerHistory.setText("Looking in the journal…")
        on_softphone = call.line is LineKind.SOFTPHONE
        self.ui.callLine.setText("on this computer" if on_softphone else "on your desk phone")
        self.ui.incomingAnswer.clicked.connect(lambda: answer(self.key))
        self.ui.incomingReject.clicked.connect(lambda: reject(self.key))
        self._place()

    def set_history(self, count: int) -> None:
        self.ui.callerHistory.setText(
            "First call from this number" if count == 0
            else f"{count} earlier call{'s' if count != 1 else ''} in the journal")

    def _place(self) -> None:
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        self.adjustSize()
        self.move(area.right() - self.width() - 16, area.bottom() - self.height() - 16)


class IncomingCalls:
    """Opens a notification when a call starts ringing and closes it when it stops ringing."""

    def __init__(self, board: CallBoard, history: Callable[[str], Awaitable[int]],
                 answer: Callable[[str], None], reject: Callable[[str], None]) -> None:
        self.windows: dict[str, IncomingCallWindow] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._history = history
        self._answer = answer
        self._reject = reject
        self._unsubscribe = board.subscribe(self._on_call)

    def _on_call(self, call: ActiveCall) -> None:
        if call.phase is CallPhase.RINGING_IN:
            if call.key not in self.windows:
                window = IncomingCallWindow(call, self._answer, self._reject)
                self.windows[call.key] = window
                window.show()
                task = asyncio.ensure_future(self._fill_history(window, call.remote))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            return
        closing = self.windows.pop(call.key, None)
        if closing is not None:
            closing.close()
            closing.deleteLater()

    async def _fill_history(self, window: IncomingCallWindow, number: str) -> None:
        try:
            count = await self._history(number)
        except Exception:
            window.ui.callerHistory.setText("")
            return
        window.set_history(count)

    def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        self._unsubscribe()
        for window in self.windows.values():
            window.close()
        self.windows.clear()
