"""The sans-IO WSI session: login, session id on every request, expiry, re-subscription, presence requests."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import parse_qsl, urlsplit

import pytest

from tandem.core.ucpresence import UcPresence, UcPresenceStatus
from tandem.wsi.errors import WsiLoginRefused, WsiMalformedReply, WsiSessionExpired, WsiUsageError
from tandem.wsi.protocol import parse_ack
from tandem.wsi.session import SessionState, WsiSession

LOGIN_OK = "<LOGIN><ID>{}</ID><CNT>1</CNT></LOGIN>"


def query(target: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(target).query, keep_blank_values=True))


def logged_in(session_id: str = "aa11") -> WsiSession:
    session = WsiSession("120", "PBX 10.0.0.1:8802")
    session.login_request("pw")
    session.receive_login(LOGIN_OK.format(session_id))
    return session


def test_login_then_every_request_carries_the_session_id() -> None:
    session = WsiSession("120")
    request = session.login_request("pw")
    assert query(session.target(request)) == {"cmd": "Login", "gsUser": "120", "gsPass": "pw"}
    assert session.state is SessionState.LOGGING_IN
    session.receive_login(LOGIN_OK.format("3b06a3af"))
    assert session.state is SessionState.LOGGED_IN
    assert query(session.target(session.get_events()))["gsSession"] == "3b06a3af"


def test_requests_before_login_are_a_usage_error() -> None:
    session = WsiSession("120")
    with pytest.raises(WsiUsageError, match="cannot send GetEvents while the WSI session is logged out"):
        session.target(session.get_events())


def test_a_refused_login_explains_itself_and_allows_another_try() -> None:
    session = WsiSession("120", "PBX 10.0.0.1:8802")
    session.login_request("bad")
    with pytest.raises(WsiLoginRefused) as info:
        session.receive_login("<LOGIN><ID>0</ID><ERROR>INVALID_PASSWORD</ERROR></LOGIN>")
    assert str(info.value) == ("PBX 10.0.0.1:8802 refused the WSI login of 120 (INVALID_PASSWORD): "
                               "wrong UC password?")
    assert info.value.reason == "INVALID_PASSWORD"
    assert session.state is SessionState.LOGGED_OUT
    session.login_request("good")  # allowed again


@pytest.mark.parametrize(("reason", "hint"), [
    ("UNKNOWN_USER", "is 120 a UC user on this PBX?"),
    ("NO_LICENSE", "needs a UC Smart or UC Suite licence"),
    ("whatever", "check the extension and the UC password"),
])
def test_login_refusals_get_advice(reason: str, hint: str) -> None:
    session = WsiSession("120")
    session.login_request("x")
    with pytest.raises(WsiLoginRefused, match=hint):
        session.receive_login(f"<LOGIN><ID>0</ID><ERROR>{reason}</ERROR></LOGIN>")


def test_a_malformed_login_reply_leaves_the_session_logged_out() -> None:
    session = WsiSession("120")
    session.login_request("pw")
    with pytest.raises(WsiMalformedReply):
        session.receive_login("<LOGIN><ID>")
    assert session.state is SessionState.LOGGED_OUT


def test_not_logged_in_logs_the_session_out() -> None:
    session = logged_in("aa11")
    request = session.get_presence()
    with pytest.raises(WsiSessionExpired):
        session.receive(request, "NOT_LOGGED_IN", lambda body: parse_ack("GetPresenceXML", body), "aa11")
    assert session.state is SessionState.LOGGED_OUT
    assert session.session_id is None


def test_a_late_expiry_of_an_old_session_leaves_the_new_one_alone() -> None:
    session = logged_in("aa11")
    session.expired("aa11")
    session.login_request("pw")
    session.receive_login(LOGIN_OK.format("bb22"))
    request = session.get_events()
    with pytest.raises(WsiSessionExpired):
        session.receive(request, "NOT_LOGGED_IN", lambda body: parse_ack("GetEvents", body), "aa11")
    assert (session.state, session.session_id, session.logins) == (SessionState.LOGGED_IN, "bb22", 2)


def test_monitored_devices_are_subscribed_again_after_a_new_login() -> None:
    session = logged_in()
    for device in ("121", "122", "121"):
        request = session.event_start(device)
        session.receive(request, "<EventStart/>", lambda body: parse_ack("EventStart", body))
    assert session.monitored == ("121", "122")
    assert [dict(r.params)["deviceObject"] for r in session.resubscribe_requests()] == ["121", "122"]


def test_a_refused_event_start_is_not_remembered() -> None:
    session = logged_in()
    request = session.event_start("999")
    with pytest.raises(Exception, match="INVALID_DEVICE"):
        session.receive(request, "<ERROR><REASON>INVALID_DEVICE</REASON></ERROR>",
                        lambda body: parse_ack("EventStart", body))
    assert session.monitored == ()


def test_set_presence_sends_the_code_and_return_time() -> None:
    session = logged_in()
    request = session.set_presence(UcPresence(UcPresenceStatus.MEETING, datetime(2026, 11, 26, 14, 0)))
    assert query(session.target(request)) == {"cmd": "SetPresence", "user": "120", "presence": "2",
                                              "ptime": "2026-11-26 14:00", "gsSession": "aa11"}
    office = query(session.target(session.set_presence(UcPresence.office())))
    assert (office["presence"], office["ptime"]) == ("1", "")


def test_callme_goes_through_set_call_me() -> None:
    session = logged_in()
    request = session.set_presence(UcPresence(UcPresenceStatus.CALL_ME, None, "01701234567"))
    assert query(session.target(request))["cmd"] == "SetCallMe"
    assert query(session.target(request))["destination"] == "01701234567"


def test_journal_read_needs_a_positive_count() -> None:
    session = logged_in()
    assert query(session.target(session.journal_read(20, "missed"))) == {
        "cmd": "JournalRead", "user": "120", "count": "20", "type": "missed", "gsSession": "aa11"}
    with pytest.raises(WsiUsageError, match="positive count"):
        session.journal_read(0)


def test_logout_closes_the_session_for_good() -> None:
    session = logged_in("aa11")
    target = session.logout_target()
    assert target is not None
    assert query(target) == {"cmd": "Logout", "gsSession": "aa11"}
    assert session.state is SessionState.CLOSED
    assert session.logout_target() is None
    with pytest.raises(WsiUsageError):
        session.login_request("pw")
