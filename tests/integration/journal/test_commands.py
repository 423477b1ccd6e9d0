"""`tandem cdr …` and `tandem journal …` end to end, in-process, with the journal in TANDEM_HOME."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from cdrdata import trunk_calls
from conftest import CDR_PASSWORD, CDR_USER

from tandem.cli import main
from tandem.journal.parse_osbiz import format_line
from tandem.pbxsim.cdr_server import CdrBook, CdrServerThread


def test_import_search_and_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = trunk_calls(30)
    good = tmp_path / "good.cdr"
    good.write_bytes(b"".join(format_line(r).encode() + b"\r\n" for r in records))
    bad = tmp_path / "bad.cdr"
    bad.write_bytes(b"03.11.25|09:14:52|1|120|00:07|00:02:41|08912345678||1|\r\nnot a record\r\n")

    assert main(["cdr", "import", str(good)]) == 0
    assert "30 records added" in capsys.readouterr().out
    assert main(["cdr", "import", str(good), str(bad)]) == 1  # a rejected line is worth a non-zero exit
    out, err = capsys.readouterr()
    assert "already imported" in out and "1 records added" in out
    assert f"rejected: {bad}, line 2: 1 fields" in err

    assert main(["journal", "search", "0891234", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [row["number"] for row in found] == ["08912345678"] and found[0]["duration_seconds"] == 161

    missed_numbers = {r.number for r in records if r.info_code == 1 and r.duration_seconds is None}
    target = tmp_path / "missed.csv"
    assert main(["journal", "export", "--csv", str(target), "--kind", "missed"]) == 0
    with target.open(newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert {row["number"] for row in rows} == missed_numbers and all(row["missed"] == "True" for row in rows)
    assert main(["journal", "export", "--csv", str(target), "--since", "yesterday"]) == 2
    assert "--since 'yesterday' is not a date" in capsys.readouterr().err


def test_fetch_from_the_simulator(cdr_sim: CdrServerThread, cdr_book: CdrBook,
                                  monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    cdr_book.extend(trunk_calls(12))
    monkeypatch.setenv("TANDEM_CDR_PASSWORD", CDR_PASSWORD)
    argv = ["cdr", "fetch", "--host", "127.0.0.1", "--port", str(cdr_sim.port), "--user", CDR_USER]
    assert main([*argv, "--pin", cdr_sim.server.cert.sha256]) == 0
    assert "12 records added" in capsys.readouterr().out and cdr_book.pending_lines == 0
    cdr_book.extend(trunk_calls(2, seed=8))
    assert main(argv) == 1  # neither pinned nor trusted: refused, and nothing deleted
    assert "not trusted" in capsys.readouterr().err and cdr_book.pending_lines == 2
    assert main([*argv, "--pin", "12:34"]) == 1
    assert "'12:34' is not a SHA-256 certificate fingerprint" in capsys.readouterr().err
    monkeypatch.setenv("TANDEM_CDR_PASSWORD", "wrong")
    assert main([*argv, "--pin", cdr_sim.server.cert.sha256]) == 1
    assert "wrong user name or password" in capsys.readouterr().err


def test_trust_shows_and_pins_the_fingerprint(cdr_sim: CdrServerThread,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    from tandem.config.paths import Paths
    from tandem.config.settings import SettingsStore
    from tandem.net.tls import display_fingerprint

    assert main(["cdr", "trust", "--host", "127.0.0.1", "--port", str(cdr_sim.port), "--pin"]) == 0
    assert display_fingerprint(cdr_sim.server.cert.sha256) in capsys.readouterr().out
    saved = SettingsStore(Paths.from_env().settings_file).load().cdr
    assert saved.tls_pin_sha256 == cdr_sim.server.cert.sha256 and saved.port == cdr_sim.port
