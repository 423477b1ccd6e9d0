"""The WSI wire format: request targets, and replies shaped like the captured session in docs/wsi.md."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import parse_qsl, urlsplit

import pytest

from tandem.core.ucpresence import UcPresenceStatus
from tandem.wsi import protocol
from tandem.wsi.errors import WsiCommandFailed, WsiMalformedReply, WsiSessionExpired
from tandem.wsi.protocol import (
    LoginResult,
    WsiRequest,
    format_return_time,
    parse_ack,
    parse_call_id,
    parse_login,
    parse_presence_list,
    parse_return_time,
)

LOGIN_OK = """<?xml version="1.0" encoding="UTF-8"?>
<LOGIN><ID>3b06a3af</ID><CNT>1</CNT><LASVERSION><APPLICATION>UCSUITE</APPLICATION>
<VERSION>V3R1.2.0</VERSION></LASVERSION></LOGIN>"""
LOGIN_REFUSED = "<LOGIN><ID>0</ID><ERROR>INVALID_PASSWORD</ERROR></LOGIN>"
PRESENCE = """<GetPresenceXML>
  <USER><ID>120</ID><NAME>Anna Adler</NAME><STATUS>1</STATUS><PTIME></PTIME></USER>
  <USER><ID>121</ID><NAME>Ben Becker</NAME><STATUS>2</STATUS><PTIME>2026-11-26 14:00</PTIME></USER>
  <USER><ID>122</ID><NAME>Clara Conrad</NAME><STATUS>6</STATUS><PTIME>2026-11-30T09:00:00</PTIME></USER>
  <USER><ID>123</ID><NAME>David Dorn</NAME><STATUS>CallMe</STATUS><PTIME/><CALLME>01701234567</CALLME></USER>
</GetPresenceXML>"""


def test_a_request_target_carries_the_command_its_parameters_and_the_session() -> None:
    request = WsiRequest.of("MakeCall", callingDevice="120", calledDirectoryNumber="*44*#44")
    target = request.target("3b06a3af")
    parts = urlsplit(target)
    assert parts.path == "/cgi-bin/gadgetapi"
    assert "#" not in target and "*" not in target  # both percent-encoded, as the WSI requires
    assert "%23" in parts.query
    assert parse_qsl(parts.query) == [("cmd", "MakeCall"), ("callingDevice", "120"),
                                      ("calledDirectoryNumber", "*44*#44"), ("gsSession", "3b06a3af")]


def test_a_request_that_needs_a_session_refuses_to_render_without_one() -> None:
    with pytest.raises(ValueError, match="GetEvents needs a session id"):
        WsiRequest.of("GetEvents").target(None)


def test_login_target_has_no_session_and_its_description_hides_the_password() -> None:
    request = WsiRequest.of("Login", needs_session=False, gsUser="120", gsPass="s3cret&x")
    assert dict(parse_qsl(urlsplit(request.target(None)).query)) == {
        "cmd": "Login", "gsUser": "120", "gsPass": "s3cret&x"}
    assert "s3cret" not in request.describe()
    assert request.describe() == "Login(gsUser=120, gsPass=***)"


def test_login_reply_gives_the_session_id_and_application() -> None:
    assert parse_login(LOGIN_OK) == LoginResult("3b06a3af", "UCSUITE", "V3R1.2.0")


def test_login_with_id_0_gives_the_pbx_reason() -> None:
    assert parse_login(LOGIN_REFUSED) == "INVALID_PASSWORD"
    assert parse_login("<LOGIN><ID>0</ID></LOGIN>") == "no reason given"


def test_presence_list_reads_status_return_time_and_callme() -> None:
    rows = parse_presence_list(PRESENCE)
    assert [(r.user, r.name, r.presence.status) for r in rows] == [
        ("120", "Anna Adler", UcPresenceStatus.OFFICE),
        ("121", "Ben Becker", UcPresenceStatus.MEETING),
        ("122", "Clara Conrad", UcPresenceStatus.VACATION),
        ("123", "David Dorn", UcPresenceStatus.CALL_ME),
    ]
    assert rows[0].presence.until is None
    assert rows[1].presence.until == datetime(2026, 11, 26, 14, 0)
    assert rows[2].presence.until == datetime(2026, 11, 30, 9, 0)  # ISO form accepted too
    assert rows[3].presence.call_me_number == "01701234567"


def test_an_unknown_status_is_named_in_the_error() -> None:
    body = "<GetPresenceXML><USER><ID>120</ID><STATUS>42</STATUS></USER></GetPresenceXML>"
    with pytest.raises(WsiMalformedReply, match="unknown presence status '42'"):
        parse_presence_list(body)


def test_a_missing_field_is_named_in_the_error() -> None:
    with pytest.raises(WsiMalformedReply, match=r"no <STATUS> in <USER>"):
        parse_presence_list("<GetPresenceXML><USER><ID>120</ID></USER></GetPresenceXML>")


@pytest.mark.parametrize("body", [
    "NOT_LOGGED_IN",
    "  NOT_LOGGED_IN\n",
    "<ERROR><REASON>NOT_LOGGED_IN</REASON></ERROR>",
    "<GetPresenceXML><ERROR><REASON>NOT_LOGGED_IN</REASON></ERROR></GetPresenceXML>",
])
def test_every_form_of_not_logged_in_means_the_session_expired(body: str) -> None:
    with pytest.raises(WsiSessionExpired, match="session ended before GetPresenceXML"):
        parse_presence_list(body)


def test_error_reason_becomes_a_refusal_naming_the_command() -> None:
    with pytest.raises(WsiCommandFailed, match="refused SetPresence: INVALID_PRESENCE") as info:
        parse_ack("SetPresence", "<ERROR><REASON>INVALID_PRESENCE</REASON></ERROR>")
    assert info.value.reason == "INVALID_PRESENCE"


@pytest.mark.parametrize("body", [
    "<ERROR>NOT_ALLOWED</ERROR>",
    "<SetPresence><ERROR>NOT_ALLOWED</ERROR></SetPresence>",
    "<SetPresence><ERROR><REASON>NOT_ALLOWED</REASON></ERROR></SetPresence>",
])
def test_every_error_shape_is_a_refusal(body: str) -> None:
    with pytest.raises(WsiCommandFailed, match="refused SetPresence: NOT_ALLOWED"):
        parse_ack("SetPresence", body)


def test_csta_error_code_becomes_a_refusal() -> None:
    body = "<MakeCall><CSTAErrorCode><operation>invalidDeviceID</operation></CSTAErrorCode></MakeCall>"
    with pytest.raises(WsiCommandFailed, match="CSTA error invalidDeviceID"):
        parse_call_id(body)


def test_an_ack_accepts_the_command_named_root_in_any_case_and_nothing_else() -> None:
    parse_ack("SetPresence", "<SetPresence/>")
    parse_ack("Logout", "<LOGOUT/>")
    with pytest.raises(WsiMalformedReply, match="answered SetPresence with <SetDisplay>"):
        parse_ack("SetPresence", "<SetDisplay/>")


def test_make_call_gives_the_call_id_in_lower_case_or_empty() -> None:
    assert parse_call_id("<MakeCall><CALLID>01A2</CALLID></MakeCall>") == "01a2"
    assert parse_call_id("<MakeCall/>") == ""


@pytest.mark.parametrize(("body", "expected"), [
    ("", "empty reply to GetPresenceXML"),
    ("<GetPresenceXML><USER><ID>1", r"not well-formed XML \(line 1, column"),
    ("this is no xml", "not well-formed XML"),
])
def test_broken_xml_is_rejected_with_where_it_broke(body: str, expected: str) -> None:
    with pytest.raises(WsiMalformedReply, match=expected):
        parse_presence_list(body)


def test_entity_expansion_is_refused() -> None:
    bomb = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            "<GetPresenceXML><USER><ID>&b;</ID><STATUS>1</STATUS></USER></GetPresenceXML>")
    with pytest.raises(WsiMalformedReply, match="XML features Tandem refuses"):
        parse_presence_list(bomb)


def test_external_entities_are_refused() -> None:
    xxe = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
           "<SetPresence>&e;</SetPresence>")
    with pytest.raises(WsiMalformedReply, match="XML features Tandem refuses"):
        parse_ack("SetPresence", xxe)


def test_a_reply_over_the_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(protocol, "MAX_REPLY_BYTES", 100)
    with pytest.raises(WsiMalformedReply, match="more than the 100 Tandem accepts"):
        parse_ack("SetPresence", "<SetPresence>" + "x" * 200 + "</SetPresence>")


def test_too_many_rows_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(protocol, "MAX_ITEMS", 2)
    with pytest.raises(WsiMalformedReply, match="lists 4 items, more than the 2"):
        parse_presence_list(PRESENCE)


def test_return_time_round_trips_through_the_configured_format() -> None:
    until = datetime(2026, 11, 26, 14, 0)
    assert format_return_time(until) == "2026-11-26 14:00"
    assert parse_return_time("X", format_return_time(until)) == until
    assert parse_return_time("X", "26.11.2026 14:00", "%d.%m.%Y %H:%M") == until
    assert parse_return_time("X", "2026-11-26T14:00:00+01:00") == until  # wall clock kept
    assert parse_return_time("X", "") is None
    with pytest.raises(WsiMalformedReply, match="return time Tandem cannot read: 'soon'"):
        parse_return_time("X", "soon")
