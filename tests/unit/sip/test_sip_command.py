"""`tandem sip …` argument handling that needs no SIP engine: the group, its help, bad input."""

from __future__ import annotations

import json

import pytest

from tandem.cli import build_parser, main


def test_the_sip_group_has_register_call_and_answer(capsys):
    with pytest.raises(SystemExit) as done:
        build_parser().parse_args(["sip", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    for command in ("register", "call", "answer"):
        assert command in out


def test_call_options_are_documented(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["sip", "call", "--help"])
    out = capsys.readouterr().out
    for option in ("--play", "--record", "--duration", "--dtmf", "--audio", "--transport", "--srtp"):
        assert option in out


def test_bad_dtmf_is_rejected_before_anything_starts(capsys):
    status = main(["sip", "call", "201", "--registrar", "pbx", "--user", "201", "--dtmf", "12#x!"])
    assert status == 2
    result = json.loads(capsys.readouterr().out.strip())
    assert result["state"] == "error"
    assert "'!x' are not DTMF digits" in result["reason"]


def test_a_bad_user_name_names_the_setting(capsys, monkeypatch):
    monkeypatch.setenv("TANDEM_SIP_PASSWORD", "x")
    status = main(["sip", "register", "--registrar", "pbx", "--user", "2 01"])
    assert status == 2
    result = json.loads(capsys.readouterr().out.strip())
    assert "sip.user" in result["reason"]
