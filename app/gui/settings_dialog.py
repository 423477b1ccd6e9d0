"""The settings dialog: every field validated with a message next to it; passwords go to the keyring.

The dialog edits a copy of `Settings`; Save validates everything through the same rules the settings
file uses (tandem.config.settings), writes the file atomically and hands passwords to the credentials
module, then tells the user if a password will not be remembered (no keyring). "Test" buttons run
the session's testers and report what happened in plain words.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QLabel, QSpinBox

from tandem.config.credentials import CredentialKind, CredentialStore
from tandem.config.settings import (
    Settings,
    SettingsError,
    SettingsStore,
    settings_from_document,
    settings_to_document,
)
from tandem.gui.forms.ui_settings_dialog import Ui_SettingsDialog

# widget name -> (section, field) in Settings
FIELDS: dict[str, tuple[str, str]] = {
    "sipEnabled": ("sip", "enabled"), "sipRegistrar": ("sip", "registrar"), "sipUser": ("sip", "user"),
    "sipAuthUser": ("sip", "auth_user"), "sipDisplayName": ("sip", "display_name"),
    "sipTransport": ("sip", "transport"), "sipSrtp": ("sip", "srtp"),
    "sipOutboundProxy": ("sip", "outbound_proxy"), "sipStunServer": ("sip", "stun_server"),
    "sipTlsPin": ("sip", "tls_pin_sha256"),
    "cstaEnabled": ("csta", "enabled"), "cstaHost": ("csta", "host"), "cstaPort": ("csta", "port"),
    "cstaFraming": ("csta", "framing"), "cstaLogin": ("csta", "login_name"),
    "cstaOwnExtension": ("csta", "own_extension"), "cstaMonitored": ("csta", "monitored"),
    "journalBackend": ("journal", "backend"), "journalSqlitePath": ("journal", "sqlite_path"),
    "journalPostgresDsn": ("journal", "postgresql_dsn"), "journalTimezone": ("journal", "pbx_timezone"),
    "cdrEnabled": ("cdr", "enabled"), "cdrHost": ("cdr", "host"), "cdrUser": ("cdr", "user"),
    "cdrTlsPin": ("cdr", "tls_pin_sha256"),
    "wsiEnabled": ("wsi", "enabled"), "wsiHost": ("wsi", "host"), "wsiPort": ("wsi", "port"),
    "wsiHttps": ("wsi", "https"), "wsiUser": ("wsi", "user"),
    "audioCapture": ("audio", "capture_device"), "audioPlayback": ("audio", "playback_device"),
    "audioRinger": ("audio", "ringer_device"),
    "uiTheme": ("ui", "theme"), "uiLanguage": ("ui", "language"),
    "uiStartMinimised": ("ui", "start_minimised"), "uiCloseToTray": ("ui", "close_to_tray"),
}
CHOICES: dict[str, list[tuple[str, str]]] = {
    "sipTransport": [("udp", "UDP"), ("tcp", "TCP"), ("tls", "TLS")],
    "sipSrtp": [("off", "Off"), ("optional", "When the other side offers it"), ("mandatory", "Always")],
    "cstaFraming": [("siemens", "Siemens (HiPath/OSBiz)"), ("len2", "2-byte length"), ("raw", "Raw BER"),
                    ("auto", "Detect")],
    "journalBackend": [("sqlite", "On this computer"), ("postgresql", "Shared (PostgreSQL)")],
    "uiTheme": [("system", "Like the system"), ("light", "Light"), ("dark", "Dark")],
    "uiLanguage": [("system", "Like the system"), ("en", "English"), ("de", "Deutsch")],
}
# password widget -> (credential kind, the widget holding the identity it belongs to)
PASSWORDS: dict[str, tuple[CredentialKind, str]] = {
    "sipPassword": ("sip", "sipUser"), "cstaPassword": ("csta", "cstaLogin"),
    "cdrPassword": ("cdr", "cdrUser"), "wsiPassword": ("wsi", "wsiUser"),
    "journalPostgresPassword": ("journal", "journalPostgresDsn"),
}
_HOST = re.compile(r"^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.\-]+)(:\d{1,5})?$")
_EXTENSION = re.compile(r"^[0-9*#+]{1,20}$")
_RANGE = re.compile(r"^(\d+)\s*-\s*(\d+)$")

Tester = Callable[[Settings, dict[str, str]], Awaitable[str]]


def parse_monitored(text: str) -> tuple[str, ...]:
    """"100-103, 120" -> ("100", "101", "102", "103", "120"); raises ValueError with a sentence."""
    out: list[str] = []
    for part in filter(None, (p.strip() for p in text.replace(";", ",").split(","))):
        match = _RANGE.match(part)
        if match:
            low, high = int(match.group(1)), int(match.group(2))
            if high < low or high - low > 2000:
                raise ValueError(f"{part!r} is not a range of at most 2000 extensions")
            width = len(match.group(1))
            out.extend(str(n).zfill(width) for n in range(low, high + 1))
        elif _EXTENSION.match(part):
            out.append(part)
        else:
            raise ValueError(f"{part!r} is not an extension or a range like 100-149")
    return tuple(dict.fromkeys(out))


def format_monitored(devices: tuple[str, ...]) -> str:
    parts: list[str] = []
    run: list[int] = []

    def flush() -> None:
        if len(run) > 2:
            parts.append(f"{run[0]}-{run[-1]}")
        else:
            parts.extend(str(n) for n in run)
        run.clear()

    for device in devices:
        number = device.isdigit() and device.isascii() and not device.startswith("0")
        if number and run and int(device) == run[-1] + 1:
            run.append(int(device))
            continue
        flush()
        if number:
            run.append(int(device))
        else:
            parts.append(device)
    flush()
    return ", ".join(parts)


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, store: SettingsStore, credentials: CredentialStore, *,
                 audio_devices: list[str] | None = None, testers: dict[str, Tester] | None = None,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.ui = Ui_SettingsDialog()
        self.ui.setupUi(self)  # type: ignore[no-untyped-call]
        self.settings = settings
        self.store = store
        self.credentials = credentials
        self.saved: Settings | None = None
        self.testers = testers or {}
        self._tasks: set[asyncio.Task[Any]] = set()
        for name, choices in CHOICES.items():
            combo: QComboBox = getattr(self.ui, name)
            for value, label in choices:
                combo.addItem(label, value)
        for name in ("audioCapture", "audioPlayback", "audioRinger"):
            combo = getattr(self.ui, name)
            combo.addItem("System default", "")
            for device in audio_devices or []:
                combo.addItem(device, device)
        self._load(settings)
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).setObjectName("saveButton")
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).setAccessibleName("Save settings")
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setObjectName("cancelButton")
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        self.ui.buttonBox.accepted.connect(self.save)
        self.ui.buttonBox.rejected.connect(self.reject)
        for button, key in (("sipTestButton", "sip"), ("cstaTestButton", "csta"),
                            ("journalTestButton", "journal"), ("audioTestToneButton", "audio")):
            getattr(self.ui, button).clicked.connect(lambda _c=False, k=key: self.test(k))

    # -- loading and reading the fields -----------------------------------------------------------

    def _load(self, settings: Settings) -> None:
        for name, (section, key) in FIELDS.items():
            value = getattr(getattr(settings, section), key)
            widget = getattr(self.ui, name)
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QSpinBox):
                widget.setValue(int(value))
            elif isinstance(widget, QComboBox):
                index = widget.findData(value)
                if index < 0:  # a device that is not plugged in now: keep it selectable
                    widget.addItem(f"{value} (not connected)", value)
                    index = widget.count() - 1
                widget.setCurrentIndex(index)
            elif name == "cstaMonitored":
                widget.setText(format_monitored(value))
            else:
                widget.setText(str(value))

    def _value(self, name: str) -> Any:
        widget = getattr(self.ui, name)
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QSpinBox):
            return widget.value()
        if isinstance(widget, QComboBox):
            return widget.currentData()
        return widget.text().strip()

    def error_label(self, name: str) -> QLabel:
        label: QLabel = getattr(self.ui, f"{name}Error")
        return label

    def _show_error(self, name: str, message: str) -> None:
        label = self.error_label(name)
        label.setText(message)
        label.setVisible(True)

    def _clear_errors(self) -> None:
        for name in (*FIELDS, *PASSWORDS):
            label = self.error_label(name)
            label.clear()
            label.setVisible(False)

    def collect(self) -> tuple[Settings | None, dict[str, str]]:
        """The settings as typed, or None with a message next to each wrong field."""
        self._clear_errors()
        errors: dict[str, str] = {}
        document = settings_to_document(self.settings)
        for name, (section, key) in FIELDS.items():
            value = self._value(name)
            if name == "cstaMonitored":
                try:
                    value = list(parse_monitored(value))
                except ValueError as exc:
                    errors[name] = str(exc)
                    continue
            document[section][key] = value
        errors.update(self._field_rules(document))
        settings: Settings | None = None
        if not errors:
            try:
                settings = settings_from_document(document)
            except SettingsError as exc:
                widget = next((n for n, (s, k) in FIELDS.items() if f"{s}.{k}" == exc.key), None)
                errors[widget or "sipEnabled"] = str(exc).split(": ", 1)[-1]
        for name, message in errors.items():
            self._show_error(name, message)
        if errors:
            order = [*FIELDS, *PASSWORDS]
            first = getattr(self.ui, min(errors, key=order.index))
            tabs = self.ui.settingsTabs
            for i in range(tabs.count()):
                tab = tabs.widget(i)
                if tab is not None and tab.isAncestorOf(first):
                    tabs.setCurrentIndex(i)
            return None, errors
        return settings, errors

    def _field_rules(self, doc: dict[str, Any]) -> dict[str, str]:
        """What the settings schema cannot know: which fields an enabled feature needs, and their shape."""
        errors: dict[str, str] = {}
        sip, csta, cdr, wsi, journal = doc["sip"], doc["csta"], doc["cdr"], doc["wsi"], doc["journal"]
        if sip["enabled"]:
            if not sip["registrar"]:
                errors["sipRegistrar"] = "Enter the PBX's address, e.g. 192.168.1.2"
            elif not _HOST.match(sip["registrar"]):
                errors["sipRegistrar"] = "Enter a host name or IP address, optionally with :port"
            if not sip["user"]:
                errors["sipUser"] = "Enter your extension"
        if csta["enabled"]:
            if not csta["host"] or not _HOST.match(csta["host"]):
                errors["cstaHost"] = "Enter the UC Booster's host name or IP address"
            if not csta["login_name"]:
                errors["cstaLogin"] = "Enter the CSTA login name (AMHOST on older systems)"
        if csta["own_extension"] and not _EXTENSION.match(csta["own_extension"]):
            errors["cstaOwnExtension"] = "An extension has digits only, e.g. 120"
        if cdr["enabled"]:
            if not cdr["host"] or not _HOST.match(cdr["host"]):
                errors["cdrHost"] = "Enter the PBX's web address (host name or IP)"
            if not cdr["user"]:
                errors["cdrUser"] = "Enter the WBM user who may download call data"
        if wsi["enabled"]:
            if not wsi["host"] or not _HOST.match(wsi["host"]):
                errors["wsiHost"] = "Enter the PBX's host name or IP address"
            if not wsi["user"]:
                errors["wsiUser"] = "Enter your extension"
        if journal["backend"] == "postgresql" and not journal["postgresql_dsn"]:
            errors["journalPostgresDsn"] = ("Enter the shared journal, e.g. "
                                            "host=db.office dbname=journal user=me")
        return errors

    def passwords(self) -> dict[str, str]:
        return {name: getattr(self.ui, name).text() for name in PASSWORDS}

    # -- saving -----------------------------------------------------------------------------------

    def save(self) -> None:
        settings, _errors = self.collect()
        if settings is None:
            return
        notices = []
        for name, password in self.passwords().items():
            if not password:
                continue
            kind, identity_widget = PASSWORDS[name]
            identity = self._value(identity_widget)
            if not identity:
                self._show_error(name, "Enter the user name this password belongs to first")
                return
            outcome = self.credentials.set(kind, identity, password)
            if not outcome.remembered and outcome.reason:
                notices.append(outcome.reason)
        self.store.save(settings)
        self.saved = settings
        if notices:
            # The user must learn this before the dialog goes away: shown, and Save again closes.
            self.ui.passwordNotice.setText(notices[0][0].upper() + notices[0][1:] + ".")
            self.ui.passwordNotice.setVisible(True)
            self.ui.buttonBox.accepted.disconnect(self.save)
            self.ui.buttonBox.accepted.connect(self.accept)
            return
        self.accept()

    # -- testing ----------------------------------------------------------------------------------

    def test(self, what: str) -> asyncio.Task[Any] | None:
        result: QLabel = {"sip": self.ui.sipTestResult, "csta": self.ui.cstaTestResult,
                          "journal": self.ui.journalTestResult, "audio": self.ui.audioTestToneResult}[what]
        tester = self.testers.get(what)
        if tester is None:
            result.setText("This test is not available in this build.")
            return None
        settings, _errors = self.collect()
        if settings is None:
            result.setText("Fix the fields marked in red first.")
            return None
        result.setText("Testing…")

        async def run() -> None:
            try:
                sentence = await tester(settings, self.passwords())
            except Exception as exc:
                sentence = f"Failed: {exc}"
            result.setText(sentence)

        task = asyncio.ensure_future(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task


def replace_section(settings: Settings, section: str, **changes: Any) -> Settings:
    return dataclasses.replace(settings, **{section: dataclasses.replace(getattr(settings, section),
                                                                          **changes)})


__all__ = ["SettingsDialog", "format_monitored", "parse_monitored", "replace_section"]
