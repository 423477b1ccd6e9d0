"""Every interactive widget of every screen has a stable objectName and an accessible name."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QProgressBar,
    QSlider,
    QTabBar,
    QWidget,
)

from tandem.config.credentials import CredentialStore
from tandem.config.paths import Paths
from tandem.config.settings import Settings, SettingsStore
from tandem.core.activecalls import ActiveCall, CallDirection, CallPhase, LineKind
from tandem.gui.incoming import IncomingCallWindow
from tandem.gui.main_window import MainWindow
from tandem.gui.session import Session
from tandem.gui.settings_dialog import SettingsDialog

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QSlider,
               QProgressBar)


COMPOUND = (QComboBox, QLineEdit, QAbstractSpinBox, QTabBar, QAbstractItemView)


def _qt_internal(widget: QWidget) -> bool:
    """Parts Qt builds inside its own widgets (a combo box's popup list, a line edit's clear button)."""
    if widget.objectName().startswith(("qt_", "_q_")):
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, COMPOUND):
            return True
        parent = parent.parentWidget()
    return False


def unnamed(root: QWidget) -> list[str]:
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, INTERACTIVE) or _qt_internal(widget):
            continue
        if not widget.objectName():
            text = widget.text() if isinstance(widget, QAbstractButton) else ""
            missing.append(f"{type(widget).__name__} without objectName (text {text!r})")
        elif not widget.accessibleName():
            missing.append(f"{widget.objectName()} ({type(widget).__name__}) without accessible name")
    return missing


def _session() -> Session:
    return Session(Settings(), Paths.from_env(), CredentialStore())


def test_main_window(qapp: object) -> None:
    window = MainWindow(_session())
    assert unnamed(window) == []
    assert len(window.dtmf_buttons) == 12


def test_settings_dialog(qapp: object) -> None:
    paths = Paths.from_env()
    dialog = SettingsDialog(Settings(), SettingsStore(paths.settings_file), CredentialStore(),
                            audio_devices=["Headset"])
    assert unnamed(dialog) == []


def test_incoming_call_window(qapp: object) -> None:
    call = ActiveCall("softphone:1", LineKind.SOFTPHONE, "1", CallDirection.INCOMING, "0891234",
                      CallPhase.RINGING_IN, datetime.now(timezone.utc), remote_name="Anna")
    window = IncomingCallWindow(call, lambda _k: None, lambda _k: None)
    assert unnamed(window) == []


def test_the_check_finds_an_unnamed_widget(qapp: object) -> None:
    from PySide6.QtWidgets import QPushButton

    root = QWidget()
    button = QPushButton("Nameless", root)
    assert unnamed(root) == ["QPushButton without objectName (text 'Nameless')"]
    button.setObjectName("named")
    assert unnamed(root) == ["named (QPushButton) without accessible name"]
