"""`tandem doctor` as a user runs it: a real process, real Qt, real pjsua2, a real keyring."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.fixtures.secret_service import SecretServiceSession


def _doctor(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tandem", "doctor", *args], env=env, capture_output=True,
                          text=True, timeout=180, check=False)


def _checks(stdout: str) -> dict[str, dict[str, Any]]:
    report = json.loads(stdout)
    return {c["name"]: c for c in report["checks"]}


def test_json_report_on_a_working_headless_machine(secret_service: SecretServiceSession,
                                                   tandem_home: Path) -> None:
    env = {**secret_service.env, "TANDEM_HOME": str(tandem_home), "QT_QPA_PLATFORM": "offscreen"}
    proc = _doctor(env, "--json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    assert report["ok"] is True
    checks = _checks(proc.stdout)
    assert checks["python"]["details"]["version"].startswith("3.")
    assert checks["qt"]["details"]["qt"].startswith("6.")
    assert checks["display"]["details"]["platform"] == "offscreen"
    assert checks["pjsua2"]["status"] == "ok"
    assert "PCMU" in checks["pjsua2"]["details"]["codecs"]
    assert checks["keyring"]["status"] == "ok"
    assert checks["keyring"]["details"]["can_store"] is True
    assert checks["keyring"]["details"]["backend"].endswith("SecretService.Keyring")
    assert checks["audio"]["details"]["backend"] == "Qt Multimedia"
    assert checks["paths"]["details"]["config"] == str(tandem_home / "config")
    assert checks["settings"]["status"] == "ok"


def test_no_display_is_an_error_with_a_fix(tandem_home: Path) -> None:
    env = {**os.environ, "TANDEM_HOME": str(tandem_home), "QT_QPA_PLATFORM": "xcb"}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    proc = _doctor(env, "--json")
    assert proc.returncode == 1
    checks = _checks(proc.stdout)
    display = checks["display"]
    assert display["status"] == "error"
    assert "no Qt platform plugin could start" in display["summary"]
    assert "QT_QPA_PLATFORM=offscreen" in display["summary"]
    human = _doctor(env)
    assert human.returncode == 1
    assert "cannot run on this computer" in human.stdout


def test_no_keyring_and_broken_settings_are_warnings_naming_the_cause(tandem_home: Path) -> None:
    settings = tandem_home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text('{"version": 1, "csta": {"port": "x"}}')
    env = {**os.environ, "TANDEM_HOME": str(tandem_home), "QT_QPA_PLATFORM": "offscreen",
           "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus"}
    proc = _doctor(env, "--json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    checks = _checks(proc.stdout)
    assert checks["keyring"]["status"] == "warn"
    assert "will not be remembered" in checks["keyring"]["summary"]
    assert checks["settings"]["status"] == "warn"
    assert "csta.port" in checks["settings"]["summary"]
    assert settings.exists(), "doctor must not move the user's file"
