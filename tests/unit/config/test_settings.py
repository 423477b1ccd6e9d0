from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from tandem.config import settings as settings_mod
from tandem.config.settings import (
    SCHEMA_VERSION,
    CstaSettings,
    Settings,
    SettingsError,
    SettingsStore,
    settings_from_document,
    settings_to_document,
)


def _store(tmp_path: Path) -> SettingsStore:
    return SettingsStore(tmp_path / "config" / "settings.json")


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert _store(tmp_path).load() == Settings()


def test_round_trip_keeps_every_value(tmp_path: Path) -> None:
    store = _store(tmp_path)
    changed = Settings(
        csta=CstaSettings(enabled=True, host="10.0.0.5", port=8801, framing="raw", monitored=("100", "101")),
        log_level="DEBUG",
    )
    ui = dataclasses.replace(changed.ui, theme="dark", favourites=("120",))
    changed = dataclasses.replace(changed, ui=ui)
    store.save(changed)
    assert store.load() == changed
    document = json.loads(store.path.read_text())
    assert document["version"] == SCHEMA_VERSION
    assert document["csta"]["monitored"] == ["100", "101"]


def test_save_is_atomic_and_leaves_no_temp_files(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.save(Settings())
    store.save(Settings(log_level="WARNING"))
    assert sorted(p.name for p in store.path.parent.iterdir()) == ["settings.json"]


@pytest.mark.parametrize(
    ("document", "key", "words"),
    [
        ({"version": 1, "csta": {"port": "eighty"}}, "csta.port", "whole number"),
        ({"version": 1, "csta": {"port": 70000}}, "csta.port", "1 to 65535"),
        ({"version": 1, "csta": {"framing": "xml"}}, "csta.framing", '"siemens"'),
        ({"version": 1, "sip": {"transport": "sctp"}}, "sip.transport", '"udp"'),
        ({"version": 1, "sip": {"enabled": "yes"}}, "sip.enabled", "true or false"),
        ({"version": 1, "csta": {"hostname": "x"}}, "csta.hostname", "unknown setting"),
        ({"version": 1, "sip": {"password": "x"}}, "sip.password", "keyring"),
        ({"version": 1, "journal": {"postgresql_dsn": "host=db password=x"}}, "journal.postgresql_dsn",
         "must not contain a password"),
        ({"version": 1, "journal": {"pbx_timezone": "Mars/Olympus"}}, "journal.pbx_timezone", "time zone"),
        ({"version": 1, "cdr": {"tls_pin_sha256": "abc"}}, "cdr.tls_pin_sha256", "SHA-256"),
        ({"version": 1, "ui": {"favourites": "120"}}, "ui.favourites", "list"),
        ({"version": 1, "ui": {"favourites": ["120", 7]}}, "ui.favourites[1]", "text"),
        ({"version": 1, "csta": []}, "csta", "object"),
        ({"csta": {}}, "version", "whole number"),
        ({"version": 99}, "version", "newer Tandem"),
    ],
)
def test_invalid_values_name_the_key(document: dict[str, object], key: str, words: str) -> None:
    with pytest.raises(SettingsError) as info:
        settings_from_document(document)
    assert info.value.key == key
    assert str(info.value).startswith(key)
    assert words in str(info.value)


def test_hand_edited_broken_file_is_kept_aside_not_overwritten(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.path.parent.mkdir(parents=True)
    broken = '{"version": 1, "csta": {"port": 99999}}'
    store.path.write_text(broken)
    with pytest.raises(SettingsError) as info:
        store.load()
    error = info.value
    assert error.key == "csta.port"
    assert error.kept_at is not None and error.kept_at.read_text() == broken
    assert "csta.port" in str(error) and error.kept_at.name in str(error)
    assert not store.path.exists()
    # The defaults can now be saved without touching the kept file.
    store.save(Settings())
    assert error.kept_at.read_text() == broken


def test_invalid_json_names_line_and_column_and_is_kept(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.path.parent.mkdir(parents=True)
    store.path.write_text('{"version": 1,\n "csta": {"port": 8800,}}')
    settings, error = store.load_or_defaults()
    assert settings == Settings()
    assert error is not None and "line 2" in str(error)
    assert error.kept_at is not None and error.kept_at.exists()


def test_two_broken_files_in_one_second_are_both_kept(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.path.parent.mkdir(parents=True)
    kept = []
    for text in ("not json", "[1, 2]"):
        store.path.write_text(text)
        _, error = store.load_or_defaults()
        assert error is not None and error.kept_at is not None
        kept.append(error.kept_at)
    assert kept[0] != kept[1]
    assert [p.read_text() for p in kept] == ["not json", "[1, 2]"]


def test_check_reports_without_moving_the_file(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.path.parent.mkdir(parents=True)
    store.path.write_text('{"version": 1, "wsi": {"port": 0}}')
    problem = store.check()
    assert problem is not None and problem.key == "wsi.port"
    assert store.path.exists()


def test_upgrade_steps_run_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pretend the current schema is 3, and that versions 1 and 2 renamed fields.
    monkeypatch.setattr(settings_mod, "SCHEMA_VERSION", 3)

    def v1_to_v2(doc: dict[str, object]) -> dict[str, object]:
        csta = dict(doc.pop("cti"))  # type: ignore[call-overload]
        return {**doc, "csta": csta}

    def v2_to_v3(doc: dict[str, object]) -> dict[str, object]:
        csta = dict(doc["csta"])  # type: ignore[call-overload]
        csta["host"] = csta.pop("server")
        return {**doc, "csta": csta}

    monkeypatch.setattr(settings_mod, "UPGRADES", {1: v1_to_v2, 2: v2_to_v3})
    upgraded = settings_from_document({"version": 1, "cti": {"server": "pbx.example", "port": 8800}})
    assert upgraded.csta.host == "pbx.example"


def test_document_never_contains_a_password_field() -> None:
    text = json.dumps(settings_to_document(Settings()))
    assert "password" not in text.lower()
