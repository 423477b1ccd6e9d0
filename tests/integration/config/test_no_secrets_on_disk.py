"""A password set through the credentials module never reaches the settings file or the log."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

from tandem.config.credentials import CredentialStore
from tandem.config.logs import setup_logging
from tandem.config.paths import Paths
from tandem.config.settings import Settings, SettingsStore, SipSettings
from tests.fixtures.secret_service import SecretServiceSession

PASSWORD = "Zq9-unique-sip-secret"


def test_password_never_in_settings_or_log_even_at_debug(
        secret_service: SecretServiceSession, tandem_home: Path) -> None:
    paths = Paths.from_env()
    setup_logging(paths, verbosity=2, file_level=logging.DEBUG)
    try:
        store = CredentialStore()
        assert store.set("sip", "120", PASSWORD).remembered
        SettingsStore(paths.settings_file).save(Settings(sip=SipSettings(enabled=True, user="120")))
        password = store.get("sip", "120")
        assert password == PASSWORD
        log = logging.getLogger("tandem.test")
        # Every way careless code could leak it:
        log.debug("registering with %s", password)
        log.debug("config %r", {"user": "120", "password": password})
        log.info("GET /cgi-bin/gadgetapi?cmd=Login&gsUser=120&gsPass=%s", password)
        log.debug("REGISTER sip:osbiz SIP/2.0\r\nAuthorization: Digest username=\"120\", response=\"%s\"",
                  "9f" * 16)
        try:
            raise RuntimeError(f"registrar rejected {password}")
        except RuntimeError:
            log.exception("registration failed")
    finally:
        for handler in logging.getLogger().handlers:
            handler.flush()
    log_text = paths.log_file.read_text()
    assert "registration failed" in log_text and "registering with" in log_text
    assert PASSWORD not in log_text
    assert "9f" * 16 not in log_text
    for path in tandem_home.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path


def test_cli_at_debug_level_writes_no_secret(secret_service: SecretServiceSession, tandem_home: Path) -> None:
    CredentialStore().set("csta", "AMHOST", PASSWORD)
    env = {**secret_service.env, "TANDEM_HOME": str(tandem_home), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-m", "tandem", "-vv", "doctor"], env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert PASSWORD not in proc.stdout + proc.stderr
    log_file = Paths.under(tandem_home).log_file
    assert log_file.exists()
    assert PASSWORD not in log_file.read_text()
