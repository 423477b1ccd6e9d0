"""Credentials against a real gnome-keyring on a private D-Bus session, and with no usable keyring."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import pytest

from tandem.config.credentials import CredentialStore
from tests.fixtures.secret_service import SecretServiceSession


def test_round_trip_in_gnome_keyring(secret_service: SecretServiceSession) -> None:
    store = CredentialStore()
    assert store.backend_name.endswith("SecretService.Keyring")
    identity = f"1{uuid.uuid4().int % 1000:03d}"
    outcome = store.set("sip", identity, "sip-pass-1")
    assert outcome.remembered and outcome.reason is None
    # Another store (as another part of the program) reads it back from the keyring itself.
    assert CredentialStore().get("sip", identity) == "sip-pass-1"
    store.set("sip", identity, "sip-pass-2")
    assert CredentialStore().get("sip", identity) == "sip-pass-2"
    store.delete("sip", identity)
    assert CredentialStore().get("sip", identity) is None
    store.delete("sip", identity)  # deleting what is not there is not an error


def test_accounts_of_each_kind_are_separate(secret_service: SecretServiceSession) -> None:
    store = CredentialStore()
    for kind in ("sip", "csta", "wsi", "cdr"):
        store.set(kind, "shared-id", f"pw-{kind}")  # type: ignore[arg-type]
    assert [store.get(k, "shared-id") for k in ("sip", "csta", "wsi", "cdr")] == [  # type: ignore[arg-type]
        "pw-sip", "pw-csta", "pw-wsi", "pw-cdr"]


def test_secret_is_really_in_the_keyring_and_visible_to_other_processes(
        secret_service: SecretServiceSession) -> None:
    CredentialStore().set("csta", "AMHOST", "77777-other-process")
    lookup = subprocess.run(["secret-tool", "lookup", "service", "Tandem", "username", "csta:AMHOST"],
                            env=secret_service.env, capture_output=True, text=True, check=True)
    assert lookup.stdout == "77777-other-process"


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="kind"):
        CredentialStore().get("ftp", "x")  # type: ignore[arg-type]


_CHILD = """
import json
from tandem.config.credentials import CredentialStore
a = CredentialStore()
outcome = a.set("wsi", "120", "in-memory-only")
b = CredentialStore()
print(json.dumps({"remembered": outcome.remembered, "reason": outcome.reason,
                  "read_back": b.get("wsi", "120"), "probe": a.probe().remembered}))
"""


def _child(env: dict[str, str]) -> dict[str, object]:
    proc = subprocess.run([sys.executable, "-c", _CHILD], env=env, capture_output=True, text=True,
                          timeout=60, check=True)
    result: dict[str, object] = json.loads(proc.stdout.splitlines()[-1])
    return result


def test_no_keyring_keeps_password_in_memory_and_says_so(tmp_path: object) -> None:
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus"}
    env.pop("PYTHON_KEYRING_BACKEND", None)
    result = _child(env)
    assert result["remembered"] is False
    assert "will not be remembered" in str(result["reason"])
    assert "no system keyring" in str(result["reason"])
    assert result["read_back"] == "in-memory-only"
    assert result["probe"] is False


def test_fail_backend_is_not_a_keyring() -> None:
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    result = _child(env)
    assert result["remembered"] is False
    assert result["read_back"] == "in-memory-only"


def test_locked_keyring_with_dismissed_prompt_keeps_password_in_memory() -> None:
    locked = SecretServiceSession(unlock=False)
    try:
        result = _child({**os.environ, "DBUS_SESSION_BUS_ADDRESS": locked.address})
    finally:
        locked.close()
    assert result["remembered"] is False
    assert "locked" in str(result["reason"])
    assert result["read_back"] == "in-memory-only"
