"""The tray icon: state at a glance (ringing, in a call, missed calls), show/hide, answer, quit."""

from __future__ import annotations

from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from tandem.core.activecalls import ActiveCall, CallBoard, CallPhase
from tandem.gui.main_window import MainWindow


def _icon(colour: str, badge: int = 0) -> QIcon:
    pixmap = QPixmap(32, 32)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(QColor("#ffffff"))
    painter.drawEllipse(2, 2, 28, 28)
    if badge:
        painter.setBrush(QColor("#c62828"))
        painter.drawEllipse(16, 0, 16, 16)
        painter.drawText(16, 0, 16, 16, 0x84, str(min(badge, 9)))  # AlignCenter
    painter.end()
    return QIcon(pixmap)


class Tray:
    def __init__(self, window: MainWindow, board: CallBoard) -> None:
        self.window = window
        self.board = board
        self.icon = QSystemTrayIcon(window)
        self.icon.setObjectName("trayIcon")
        self.menu = QMenu(window)
        self.menu.setObjectName("trayMenu")
        self.menu.setAccessibleName("Tandem tray menu")
        self.show_action = QAction("Show Tandem", self.menu)
        self.show_action.triggered.connect(self.show_window)
        self.answer_action = QAction("Answer", self.menu)
        self.answer_action.triggered.connect(window.answer)
        self.quit_action = QAction("Quit", self.menu)
        self.quit_action.triggered.connect(window.quit)
        for action in (self.show_action, self.answer_action, self.quit_action):
            self.menu.addAction(action)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.missed = 0
        board.subscribe(self._on_call)
        window.session.unseen_missed_changed.connect(self._on_missed)
        self.refresh()

    @property
    def available(self) -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> None:
        if self.available:
            self.icon.show()

    def state_text(self) -> str:
        phases = {c.phase for c in self.board}
        if CallPhase.RINGING_IN in phases:
            state = "a call is ringing"
        elif phases & {CallPhase.TALKING, CallPhase.HELD, CallPhase.DIALLING, CallPhase.RINGING_OUT}:
            state = "in a call"
        else:
            state = "ready"
        missed = f", {self.missed} missed call{'s' if self.missed != 1 else ''}" if self.missed else ""
        return f"Tandem: {state}{missed}"

    def refresh(self) -> None:
        phases = {c.phase for c in self.board}
        colour = "#f9a825" if CallPhase.RINGING_IN in phases else "#c62828" if phases else "#2e7d32"
        self.icon.setIcon(_icon(colour, self.missed))
        self.icon.setToolTip(self.state_text())
        self.answer_action.setEnabled(CallPhase.RINGING_IN in phases)

    def _on_call(self, _call: ActiveCall) -> None:
        self.refresh()

    def _on_missed(self, count: int) -> None:
        self.missed = count
        self.refresh()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            if self.window.isVisible():
                self.window.hide()
            else:
                self.show_window()

    def show_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()
