"""Caller identity, Reason headers and failure texts from raw SIP messages."""

from __future__ import annotations

import pytest

from tandem.sip.signalling import (
    call_failure_reason,
    caller_identity,
    header_values,
    parse_name_addr,
    reason_header,
    reason_text,
    registration_reason,
)

INVITE = (
    "INVITE sip:201@pbx SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\n"
    "f: \"Front Desk\" <sip:100@pbx>;tag=1\r\n"
    "To: <sip:201@pbx>\r\n"
    "{extra}"
    "Content-Length: 0\r\n\r\n"
    "v=0\r\nP-Asserted-Identity: <sip:999@body>\r\n"
)


def invite(extra: str = "") -> str:
    return INVITE.format(extra=extra)


def test_from_is_the_fallback_and_compact_form_is_understood():
    party = caller_identity(invite())
    assert (party.uri, party.display_name, party.source, party.number) == (
        "sip:100@pbx", "Front Desk", "From", "100")


def test_p_asserted_identity_wins_over_rpid_and_from():
    msg = invite('Remote-Party-ID: "R" <sip:300@pbx>;party=calling\r\n'
                 'P-Asserted-Identity: "Reception" <sip:+4989123@pbx>, <tel:+4989123>\r\n')
    party = caller_identity(msg)
    assert party.uri == "sip:+4989123@pbx"
    assert party.display_name == "Reception"
    assert party.source == "P-Asserted-Identity"
    assert party.number == "+4989123"


def test_remote_party_id_wins_over_from():
    party = caller_identity(invite('Remote-Party-ID: "R" <sip:300@pbx>;party=calling\r\n'))
    assert (party.uri, party.source) == ("sip:300@pbx", "Remote-Party-ID")


def test_headers_in_the_body_are_ignored_and_folded_lines_joined():
    msg = invite("Reason: Q.850;cause=16;\r\n text=\"Normal call clearing\"\r\n")
    assert caller_identity(msg).source == "From"
    assert reason_header(msg) == 'Q.850;cause=16; text="Normal call clearing"'
    assert reason_text(reason_header(msg)) == "Normal call clearing"
    assert header_values(msg, "x-missing") == []


def test_name_addr_forms():
    assert parse_name_addr("sip:1@h;tag=x", "From").uri == "sip:1@h"
    assert parse_name_addr('"A \\"B\\"" <sip:1@h>', "From").display_name == 'A "B"'
    assert parse_name_addr("Bob <sip:2@h>", "From").display_name == "Bob"
    assert parse_name_addr("garbage", "From") is None
    assert parse_name_addr("<>", "From") is None


@pytest.mark.parametrize(("code", "phrase", "status", "words"), [
    (200, "OK", "", "registered"),
    (401, "Unauthorized", "", "wrong password"),
    (407, "Proxy Authentication Required", "", "wrong password"),
    (403, "Forbidden", "", "refused this account"),
    (404, "User Not Found", "", "unknown user"),
    (408, "Request Timeout", "", "timeout"),
    (502, "Unable to resolve", "", "DNS lookup failed"),
    (503, "Service Unavailable", "gethostbyname() has returned error (PJ_ERESOLVE)", "DNS"),
    (171060, "", "SSL certificate verification failed", "TLS failure"),
    (503, "Connection refused", "", "refused the connection"),
    (500, "Server Internal Error", "", "registration failed: 500"),
])
def test_registration_reasons_are_sentences_a_person_can_act_on(code, phrase, status, words):
    assert words in registration_reason(code, phrase, status)


def test_call_failure_prefers_the_reason_header():
    assert call_failure_reason(486, "Busy Here") == "busy"
    assert call_failure_reason(486, "Busy Here", 'Q.850;cause=17;text="User busy"') == "User busy"
    assert call_failure_reason(499, "Odd") == "Odd"
    assert call_failure_reason(499, "") == "SIP 499"
