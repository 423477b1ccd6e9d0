"""The one settings object of Tandem, and the file it lives in.

Frozen dataclasses rather than pydantic: no extra dependency in the bundle, mypy-strict friendly, and
the validation we need (types, ranges, choices, a clear key path in every message) is a small
generic walk over the fields below. The file is JSON in the platform config folder, written
atomically, versioned (`version`) with upgrade steps, and never holds a secret: passwords live in the
keyring (tandem.config.credentials). A file that fails to load is moved aside, never overwritten.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import tempfile
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tandem.core.errors import ConfigurationError

SCHEMA_VERSION = 1

# Upgrade steps: UPGRADES[n] turns a version-n document into a version-(n+1) document.
UpgradeStep = Callable[[dict[str, Any]], dict[str, Any]]
UPGRADES: dict[int, UpgradeStep] = {}

_FINGERPRINT = re.compile(r"^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$|^[0-9A-Fa-f]{64}$")
_SECRET_WORDS = re.compile(r"pass(word)?|secret|token", re.IGNORECASE)


def _port(value: int) -> str | None:
    return None if 0 < value < 65536 else "must be a port number from 1 to 65535"


def _port_or_any(value: int) -> str | None:
    return None if 0 <= value < 65536 else "must be a port number from 1 to 65535, or 0 for any"


def _positive(value: float) -> str | None:
    return None if value > 0 else "must be greater than 0"


def _fingerprint(value: str) -> str | None:
    if not value or _FINGERPRINT.match(value):
        return None
    return "must be a SHA-256 fingerprint (64 hex digits, colons allowed) or empty"


def _timezone(value: str) -> str | None:
    if not value:
        return None
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return f"must be a time zone name such as Europe/Berlin, not {value!r}"
    return None


def _dsn_without_password(value: str) -> str | None:
    if re.search(r"password\s*=|://[^/@:]*:[^/@]*@", value, re.IGNORECASE):
        return "must not contain a password: Tandem keeps it in the keyring"
    return None


def _check(fn: Callable[[Any], str | None]) -> dict[str, Any]:
    return {"check": fn}


@dataclass(frozen=True)
class SipSettings:
    """The SIP subscriber Tandem registers as (the password is in the keyring)."""

    enabled: bool = False
    registrar: str = ""  # host or host:port of the OSBiz SIP registrar
    user: str = ""  # the extension / SIP user id
    auth_user: str = ""  # empty: same as user
    display_name: str = ""
    transport: Literal["udp", "tcp", "tls"] = "udp"
    srtp: Literal["off", "optional", "mandatory"] = "off"
    outbound_proxy: str = ""
    stun_server: str = ""
    tls_pin_sha256: str = field(default="", metadata=_check(_fingerprint))
    local_port: int = field(default=0, metadata=_check(_port_or_any))
    register_expiry: int = field(default=300, metadata=_check(_positive))
    register: bool = True  # False: no registration, calls go straight to the registrar's address


@dataclass(frozen=True)
class CstaSettings:
    """The CSTA link to the PBX (the login password is in the keyring)."""

    enabled: bool = False
    host: str = "192.168.1.2"
    port: int = field(default=8800, metadata=_check(_port))
    framing: Literal["auto", "siemens", "len2", "raw"] = "siemens"
    login_name: str = "AMHOST"
    own_extension: str = ""
    heartbeat_interval: float = field(default=60.0, metadata=_check(_positive))
    monitored: tuple[str, ...] = ()


@dataclass(frozen=True)
class JournalSettings:
    """Where the call journal is stored."""

    backend: Literal["sqlite", "postgresql"] = "sqlite"
    sqlite_path: str = ""  # empty: journal.sqlite3 in the data folder
    postgresql_dsn: str = field(default="", metadata=_check(_dsn_without_password))
    pbx_timezone: str = field(default="", metadata=_check(_timezone))  # empty: this computer's


@dataclass(frozen=True)
class CdrSettings:
    """The CDR collector that downloads (and then deletes) the PBX's call data file."""

    enabled: bool = False
    host: str = ""
    port: int = field(default=443, metadata=_check(_port))
    user: str = ""
    tls_pin_sha256: str = field(default="", metadata=_check(_fingerprint))
    interval_seconds: int = field(default=300, metadata=_check(_positive))


@dataclass(frozen=True)
class WsiSettings:
    """The user's Web Services Interface login (the UC password is in the keyring)."""

    enabled: bool = False
    host: str = ""
    port: int = field(default=8802, metadata=_check(_port))
    https: bool = True
    user: str = ""
    tls_pin_sha256: str = field(default="", metadata=_check(_fingerprint))


@dataclass(frozen=True)
class AudioSettings:
    """Preferred audio devices by name; picked again when they reappear."""

    capture_device: str = ""
    playback_device: str = ""
    ringer_device: str = ""


@dataclass(frozen=True)
class UiSettings:
    theme: Literal["system", "light", "dark"] = "system"
    language: Literal["system", "en", "de"] = "system"
    start_minimised: bool = False
    close_to_tray: bool = True
    call_with: Literal["softphone", "deskphone"] = "softphone"
    favourites: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    sip: SipSettings = field(default_factory=SipSettings)
    csta: CstaSettings = field(default_factory=CstaSettings)
    journal: JournalSettings = field(default_factory=JournalSettings)
    cdr: CdrSettings = field(default_factory=CdrSettings)
    wsi: WsiSettings = field(default_factory=WsiSettings)
    audio: AudioSettings = field(default_factory=AudioSettings)
    ui: UiSettings = field(default_factory=UiSettings)
    log_level: Literal["WARNING", "INFO", "DEBUG"] = "INFO"


class SettingsError(ConfigurationError):
    """The settings file could not be used. `kept_at` is where the unusable file was moved."""

    def __init__(self, message: str, key: str | None = None, kept_at: Path | None = None) -> None:
        super().__init__(message, key)
        self.kept_at = kept_at


T = TypeVar("T")


def _describe(value: object) -> str:
    plain = isinstance(value, (str, int, float, bool, type(None)))
    text = json.dumps(value) if plain else type(value).__name__
    return text if len(text) <= 60 else text[:57] + "..."


def _convert(value: object, hint: Any, key: str) -> Any:
    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _from_dict(hint, value, key)
    if origin is Literal:
        choices = typing.get_args(hint)
        if value not in choices:
            allowed = ", ".join(json.dumps(c) for c in choices)
            raise SettingsError(f"{key}: must be one of {allowed}, found {_describe(value)}", key)
        return value
    if origin is tuple:
        (item_hint, _ellipsis) = typing.get_args(hint)
        if not isinstance(value, list):
            raise SettingsError(f"{key}: must be a list, found {_describe(value)}", key)
        return tuple(_convert(item, item_hint, f"{key}[{i}]") for i, item in enumerate(value))
    if origin in (typing.Union, types.UnionType):
        raise TypeError(f"settings field {key} uses an unsupported Union type")
    if hint is bool:
        if not isinstance(value, bool):
            raise SettingsError(f"{key}: must be true or false, found {_describe(value)}", key)
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SettingsError(f"{key}: must be a whole number, found {_describe(value)}", key)
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SettingsError(f"{key}: must be a number, found {_describe(value)}", key)
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise SettingsError(f"{key}: must be text, found {_describe(value)}", key)
        return value
    raise TypeError(f"settings field {key} has an unsupported type {hint!r}")


def _from_dict(cls: type[T], data: object, prefix: str) -> T:
    where = prefix or "the settings file"
    if not isinstance(data, dict):
        raise SettingsError(f"{where}: must be an object with keys, found {_describe(data)}", prefix or None)
    hints = typing.get_type_hints(cls)
    known = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    for name in data:
        if name not in known:
            key = f"{prefix}.{name}" if prefix else str(name)
            if _SECRET_WORDS.search(str(name)):
                raise SettingsError(f"{key}: passwords do not belong in the settings file; "
                                    "Tandem keeps them in the system keyring", key)
            raise SettingsError(f"{key}: unknown setting (a typo?)", key)
    values: dict[str, Any] = {}
    for name, fld in known.items():
        if name not in data:
            continue
        key = f"{prefix}.{name}" if prefix else name
        value = _convert(data[name], hints[name], key)
        check = fld.metadata.get("check")
        if check is not None:
            problem = check(value)
            if problem:
                raise SettingsError(f"{key}: {problem}", key)
        values[name] = value
    return cls(**values)


def settings_from_document(document: object) -> Settings:
    """Validate and upgrade a parsed settings document; raise SettingsError naming the bad key."""
    if not isinstance(document, dict):
        raise SettingsError(f"the settings file must hold a JSON object, found {_describe(document)}")
    doc = dict(document)
    version = doc.pop("version", None)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise SettingsError(f"version: must be a whole number from 1, found {_describe(version)}", "version")
    if version > SCHEMA_VERSION:
        raise SettingsError(f"version: the file was written by a newer Tandem (settings version {version}); "
                            f"this one understands up to version {SCHEMA_VERSION}", "version")
    while version < SCHEMA_VERSION:
        doc = UPGRADES[version](doc)
        version += 1
    return _from_dict(Settings, doc, "")


def settings_to_document(settings: Settings) -> dict[str, Any]:
    def plain(value: object) -> object:
        if isinstance(value, tuple):
            return [plain(v) for v in value]
        return value

    doc: dict[str, Any] = {"version": SCHEMA_VERSION}
    for fld in dataclasses.fields(settings):
        value = getattr(settings, fld.name)
        if dataclasses.is_dataclass(value):
            doc[fld.name] = {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        else:
            doc[fld.name] = plain(value)
    return doc


class SettingsStore:
    """Loads and saves the settings file at `path`."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> Settings:
        """The saved settings, or the defaults when there is no file yet.

        Raises SettingsError naming the bad key after moving the unusable file aside.
        """
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return Settings()
        except OSError as exc:
            raise SettingsError(f"cannot read the settings file {self.path}: {exc.strerror}") from exc
        try:
            document = json.loads(raw)
        except json.JSONDecodeError as exc:
            error = SettingsError(f"the settings file is not valid JSON (line {exc.lineno}, "
                                  f"column {exc.colno}: {exc.msg})")
            raise self._set_aside(error) from exc
        try:
            return settings_from_document(document)
        except SettingsError as error:
            raise self._set_aside(error) from None

    def check(self) -> SettingsError | None:
        """What is wrong with the file, without touching it (for `tandem doctor`)."""
        try:
            settings_from_document(json.loads(self.path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return None
        except OSError as exc:
            return SettingsError(f"cannot read the settings file {self.path}: {exc.strerror}")
        except json.JSONDecodeError as exc:
            return SettingsError(f"the settings file is not valid JSON (line {exc.lineno}, "
                                 f"column {exc.colno}: {exc.msg})")
        except SettingsError as error:
            return error
        return None

    def load_or_defaults(self) -> tuple[Settings, SettingsError | None]:
        """Like load(), but falls back to the defaults and hands back what went wrong."""
        try:
            return self.load(), None
        except SettingsError as error:
            return Settings(), error

    def save(self, settings: Settings) -> None:
        """Write atomically: a crash leaves either the old file or the new one, never half of one."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(settings_to_document(settings), indent=2, ensure_ascii=False) + "\n"
        fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _set_aside(self, error: SettingsError) -> SettingsError:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = self.path.with_name(f"{self.path.name}.broken-{stamp}")
        n = 1
        while kept.exists():
            n += 1
            kept = self.path.with_name(f"{self.path.name}.broken-{stamp}-{n}")
        os.replace(self.path, kept)
        return SettingsError(f"{self.path}: {error} — the file was kept as {kept.name} and Tandem "
                             "started with default settings", error.key, kept)
