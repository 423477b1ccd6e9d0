"""The one place that owns the OS keyring: passwords of the SIP account, CSTA link, WSI user, CDR user
and the shared journal database.

When the system has no usable keyring (no backend, a locked keyring, a dismissed unlock prompt), the
password is kept in this process's memory for this run only and the caller is told, so the GUI can
say "password will not be remembered". There is deliberately no file fallback: keyrings.alt's
"plaintext" and "encrypted" file backends are refused too. Every password that passes through here
is registered with the log redactor.
"""

from __future__ import annotations

import logging
import os
import threading
import uuid
from dataclasses import dataclass
from typing import Final, Literal

import keyring
import keyring.backend
import keyring.core
import keyring.errors

from tandem.config.logs import known_secrets

log = logging.getLogger(__name__)

SERVICE: Final = "Tandem"
CredentialKind = Literal["sip", "csta", "wsi", "cdr", "journal"]  # journal: the shared PostgreSQL
KINDS: Final[tuple[CredentialKind, ...]] = ("sip", "csta", "wsi", "cdr", "journal")

# Backends that are not a keyring: no storage at all, or a file on disk.
_REFUSED_MODULES: Final = ("keyring.backends.fail", "keyring.backends.null", "keyring.backends.chainer",
                           "keyrings.alt")

# Passwords the keyring would not take, for this run only; shared by every CredentialStore so that
# what the settings dialog stored is what the engines read.
_memory: dict[tuple[str, str], str] = {}
_memory_lock = threading.Lock()


@dataclass(frozen=True)
class SaveOutcome:
    """What became of a password handed to `CredentialStore.set`."""

    remembered: bool  # True: in the OS keyring; False: in memory for this run only
    reason: str | None = None  # why it will not be remembered, as a sentence


def _refused(backend: keyring.backend.KeyringBackend) -> bool:
    return type(backend).__module__.startswith(_REFUSED_MODULES)


def describe_backend(backend: keyring.backend.KeyringBackend | None) -> str:
    if backend is None:
        return "none"
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def select_backend() -> tuple[keyring.backend.KeyringBackend | None, str | None]:
    """The keyring backend to use, or None and a sentence saying why there is none.

    Looked up anew on each call (not keyring's process-wide cache), so a keyring that appears after
    start-up, e.g. once a desktop session's D-Bus is up, is found.
    """
    configured = keyring.core.load_env() or keyring.core.load_config()
    if configured is not None:
        if _refused(configured):
            return None, (f"the configured keyring backend {describe_backend(configured)} does not keep "
                          "passwords safely")
        return configured, None
    keyring.backend.get_all_keyring()  # loads the backend plugins once
    viable = [b for b in keyring.backend.KeyringBackend.get_viable_backends() if not _refused_class(b)]
    if not viable:
        return None, ("no system keyring is available (on Linux: a Secret Service such as "
                      "gnome-keyring or KWallet in the desktop session)")
    best = max(viable, key=lambda cls: cls.priority)
    return best(), None


def _refused_class(cls: type[keyring.backend.KeyringBackend]) -> bool:
    return cls.__module__.startswith(_REFUSED_MODULES)


def _account(kind: CredentialKind, identity: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown credential kind {kind!r}")
    if not identity:
        raise ValueError("a credential needs an identity (user name, extension or host)")
    return f"{kind}:{identity}"


class CredentialStore:
    """Passwords per account, in the OS keyring or, failing that, in memory for this run."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        if backend is not None:
            self._backend: keyring.backend.KeyringBackend | None = backend
            self._unavailable: str | None = None
        else:
            self._backend, self._unavailable = select_backend()
        self._expected = False  # True: memory is the plan, not a fallback worth a warning

    @classmethod
    def memory_only(cls, reason: str) -> CredentialStore:
        """A store that never touches the system keyring (the demo's throw-away profile)."""
        store = cls.__new__(cls)
        store._backend = None
        store._unavailable = reason
        store._expected = True
        return store

    @property
    def backend_name(self) -> str:
        return describe_backend(self._backend)

    @property
    def unavailable_reason(self) -> str | None:
        """Why no keyring is used at all, or None when there is one."""
        return self._unavailable

    def set(self, kind: CredentialKind, identity: str, password: str) -> SaveOutcome:
        account = _account(kind, identity)
        known_secrets.add(password)
        if self._backend is None:
            return self._keep_in_memory(account, password, self._unavailable or "no keyring")
        try:
            self._backend.set_password(SERVICE, account, password)
        except Exception as exc:  # any backend failure (D-Bus, locked, dismissed) means: not stored
            return self._keep_in_memory(account, password, _why(exc))
        with _memory_lock:
            _memory.pop((SERVICE, account), None)
        return SaveOutcome(remembered=True)

    def get(self, kind: CredentialKind, identity: str) -> str | None:
        account = _account(kind, identity)
        with _memory_lock:
            remembered = _memory.get((SERVICE, account))
        if remembered is not None:
            return remembered
        if self._backend is None:
            return None
        try:
            password = self._backend.get_password(SERVICE, account)
        except Exception as exc:
            log.warning("could not read the %s password from the keyring: %s", kind, _why(exc))
            return None
        if password is not None:
            known_secrets.add(password)
        return password

    def delete(self, kind: CredentialKind, identity: str) -> None:
        account = _account(kind, identity)
        with _memory_lock:
            _memory.pop((SERVICE, account), None)
        if self._backend is None:
            return
        try:
            self._backend.delete_password(SERVICE, account)
        except keyring.errors.PasswordDeleteError:
            pass  # there was none
        except Exception as exc:
            log.warning("could not delete the %s password from the keyring: %s", kind, _why(exc))

    def probe(self) -> SaveOutcome:
        """Whether this keyring can really store and give back a secret (writes and removes a probe)."""
        if self._backend is None:
            return SaveOutcome(False, self._unavailable)
        account = f"probe:{uuid.uuid4().hex}"
        secret = uuid.uuid4().hex
        try:
            self._backend.set_password(SERVICE, account, secret)
            back = self._backend.get_password(SERVICE, account)
            self._backend.delete_password(SERVICE, account)
        except Exception as exc:
            return SaveOutcome(False, _why(exc))
        if back != secret:
            return SaveOutcome(False, "the keyring did not give back what was stored")
        return SaveOutcome(True)

    def _keep_in_memory(self, account: str, password: str, reason: str) -> SaveOutcome:
        with _memory_lock:
            _memory[(SERVICE, account)] = password
        sentence = f"the password will not be remembered after Tandem exits: {reason}"
        log.log(logging.DEBUG if self._expected else logging.WARNING, "%s", sentence)
        return SaveOutcome(remembered=False, reason=sentence)


def headless_password(kind: CredentialKind, identity: str, env_var: str) -> str | None:
    """For headless commands and scripts: the password from the environment variable `env_var` when it
    is set (registered with the log redactor like every other), else the one in the keyring."""
    value = os.environ.get(env_var)
    if value is not None:
        known_secrets.add(value)
        return value
    return CredentialStore().get(kind, identity)


def _why(exc: BaseException) -> str:
    text = str(exc).strip()
    if isinstance(exc, keyring.errors.KeyringLocked) or "dismissed" in text.lower():
        return "the keyring is locked and was not unlocked"
    if isinstance(exc, keyring.errors.NoKeyringError):
        return "no system keyring is available"
    return f"the keyring refused it ({type(exc).__name__}{': ' + text if text else ''})"
