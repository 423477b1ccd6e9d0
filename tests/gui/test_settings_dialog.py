"""The settings dialog through its widgets: validation next to each field, save to file and keyring."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from tandem.config.credentials import CredentialStore
from tandem.config.paths import Paths
from tandem.config.settings import CstaSettings, Settings, SettingsStore
from tandem.gui.settings_dialog import SettingsDialog, format_monitored, parse_monitored
from tests.fixtures.secret_service import SecretServiceSession


def _dialog(credentials: CredentialStore | None = None) -> SettingsDialog:
    store = SettingsStore(Paths.from_env().settings_file)
    return SettingsDialog(store.load(), store, credentials or CredentialStore(), audio_devices=["Headset"])


def _save(dialog: SettingsDialog, qtbot: object) -> None:
    button = dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]


def test_wrong_fields_get_a_message_next_to_them_and_nothing_is_saved(qtbot: object) -> None:
    dialog = _dialog()
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    ui = dialog.ui
    ui.sipEnabled.setChecked(True)
    ui.sipRegistrar.setText("pbx example com")
    ui.cstaEnabled.setChecked(True)
    ui.cstaHost.clear()
    ui.cstaMonitored.setText("100-110, abc")
    ui.journalTimezone.setText("Mars/Olympus")
    _save(dialog, qtbot)
    assert dialog.saved is None
    assert not dialog.store.path.exists()
    assert not ui.sipRegistrarError.isHidden()
    assert "host name or IP" in ui.sipRegistrarError.text()
    assert "Enter your extension" in ui.sipUserError.text()
    assert "host name or IP" in ui.cstaHostError.text()
    assert "'abc'" in ui.cstaMonitoredError.text()
    assert ui.settingsTabs.currentWidget() is ui.sipTab  # the first problem is brought into view
    # Fixing the listed fields leaves only the schema's own complaint (the time zone) to show.
    ui.sipRegistrar.setText("192.168.1.2")
    ui.sipUser.setText("120")
    ui.cstaHost.setText("192.168.1.2")
    ui.cstaMonitored.setText("100-103")
    _save(dialog, qtbot)
    assert dialog.saved is None
    assert "time zone" in ui.journalTimezoneError.text()
    assert ui.sipRegistrarError.isHidden()


def test_save_writes_settings_and_puts_passwords_in_the_keyring(
        qtbot: object, secret_service: SecretServiceSession) -> None:
    dialog = _dialog()
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    ui = dialog.ui
    ui.cstaEnabled.setChecked(True)
    ui.cstaHost.setText("pbx.office.example")
    ui.cstaPort.setValue(8800)
    ui.cstaLogin.setText("AMHOST")
    ui.cstaPassword.setText("csta-dialog-secret")
    ui.cstaOwnExtension.setText("120")
    ui.cstaMonitored.setText("100-103, 120")
    ui.uiTheme.setCurrentIndex(ui.uiTheme.findData("dark"))
    with qtbot.waitSignal(dialog.accepted, timeout=5000):  # type: ignore[attr-defined]
        _save(dialog, qtbot)
    saved = dialog.saved
    assert saved is not None
    assert saved.csta == CstaSettings(enabled=True, host="pbx.office.example", port=8800, framing="siemens",
                                      login_name="AMHOST", own_extension="120",
                                      monitored=("100", "101", "102", "103", "120"))
    assert saved.ui.theme == "dark"
    text = dialog.store.path.read_text()
    assert "csta-dialog-secret" not in text
    assert json.loads(text)["csta"]["host"] == "pbx.office.example"
    assert CredentialStore().get("csta", "AMHOST") == "csta-dialog-secret"


def test_without_keyring_the_dialog_says_the_password_will_not_be_remembered(qtbot: object) -> None:
    # A store without a usable keyring: the no-backend path of the real module.
    credentials = CredentialStore.memory_only("no system keyring is available")
    dialog = _dialog(credentials)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    dialog.ui.wsiUser.setText("120")
    dialog.ui.wsiPassword.setText("uc-pass")
    _save(dialog, qtbot)
    assert dialog.saved is not None  # the settings are saved …
    assert not dialog.ui.passwordNotice.isHidden()  # … and the user is told before the dialog closes
    assert "will not be remembered" in dialog.ui.passwordNotice.text()
    assert dialog.result() == 0
    with qtbot.waitSignal(dialog.accepted, timeout=5000):  # type: ignore[attr-defined]
        _save(dialog, qtbot)


def test_monitored_ranges_round_trip() -> None:
    devices = parse_monitored("100-103, 120 ; 0049, 105")
    assert devices == ("100", "101", "102", "103", "120", "0049", "105")
    assert format_monitored(devices) == "100-103, 120, 0049, 105"
    assert format_monitored(("7\u00b2", "100")) == "7\u00b2, 100"  # '²': a digit to isdigit, not to int
    with pytest.raises(ValueError, match="range"):
        parse_monitored("200-100")


def test_existing_settings_fill_the_form(qtbot: object) -> None:
    store = SettingsStore(Paths.from_env().settings_file)
    csta = CstaSettings(host="10.1.1.1", port=8801, framing="raw", monitored=("100", "101"))
    store.save(Settings(csta=csta))
    dialog = _dialog()
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    assert dialog.ui.cstaHost.text() == "10.1.1.1"
    assert dialog.ui.cstaPort.value() == 8801
    assert dialog.ui.cstaFraming.currentData() == "raw"
    assert dialog.ui.cstaMonitored.text() == "100, 101"


def test_settings_survive_a_restart_of_tandem(tandem_home: Path) -> None:
    # What the dialog saved is what a new process loads.
    store = SettingsStore(Paths.from_env().settings_file)
    store.save(Settings(csta=CstaSettings(host="10.9.9.9")))
    out = subprocess.run([sys.executable, "-c", "from tandem.config.paths import Paths;"
                          "from tandem.config.settings import SettingsStore;"
                          "print(SettingsStore(Paths.from_env().settings_file).load().csta.host)"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "10.9.9.9"


def test_test_journal_opens_the_configured_journal(qloop: object, qtbot: object, tandem_home: Path) -> None:
    from tandem.gui.session import Session
    from tandem.gui.wiring import wire
    from tests.fixtures.qt import run_async

    session = Session(Settings(), Paths.from_env(), CredentialStore.memory_only("test"))
    wire(session)
    dialog = SettingsDialog(session.settings, session.settings_store, session.credentials,
                            testers=session.testers)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    task = dialog.test("journal")
    assert task is not None
    run_async(qloop, task)  # type: ignore[arg-type]
    expected = f"Opened {Paths.from_env().journal_db}: 0 calls in the journal."
    assert dialog.ui.journalTestResult.text() == expected
    dialog.ui.journalBackend.setCurrentIndex(dialog.ui.journalBackend.findData("postgresql"))
    dialog.ui.journalPostgresDsn.setText("host=127.0.0.1 port=1 dbname=journal user=nobody")
    task = dialog.test("journal")
    assert task is not None
    run_async(qloop, task)  # type: ignore[arg-type]
    assert dialog.ui.journalTestResult.text().startswith("Not opened:")
