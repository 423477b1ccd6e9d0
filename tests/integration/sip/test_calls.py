"""Calls between Tandem engines through a real kamailio: ringing, answer, reject, hold, DTMF, mute,
call waiting, blind and attended transfer, a local 3-way conference, and audio checked by tone."""

from __future__ import annotations

import time
import wave

import pytest

from tandem.sip.audio_analysis import ToneReport, analyse, read_wav


def recorded(path, timeout=15.0) -> ToneReport:
    """The report on a recording, once the engine has closed it (the WAV header is written then)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            samples, rate = read_wav(path)
            return analyse(samples, rate)
        except (OSError, EOFError, wave.Error):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.fixture
def office(kamailio, sip_driver):
    """Three registered Tandem engines: 201, 202 and 203."""
    phones = {}
    for user in ("201", "202", "203"):
        phone = sip_driver()
        phone.account(kamailio.address, user)
        phone.expect("RegistrationChanged", state="registered")
        phones[user] = phone
    return phones


def connect(caller, callee, target, **answer):
    """Call `target` from `caller`, answer at `callee`; returns (caller's id, callee's id)."""
    mark_callee = callee.mark()
    out = caller.send("call", user=caller_user(caller), target=target)["call_id"]
    incoming = callee.expect("IncomingCall", since=mark_callee)
    callee.expect("CallStateChanged", since=mark_callee, call_id=incoming["call_id"], state="early")
    callee.send("answer", call=incoming["call_id"], **answer)
    caller.expect("CallStateChanged", call_id=out, state="confirmed")
    callee.expect("CallStateChanged", since=mark_callee, call_id=incoming["call_id"], state="confirmed")
    return out, incoming["call_id"]


def caller_user(driver):
    return next(m["account"] for m in driver.lines if m.get("event") == "RegistrationChanged").split("@")[0]


def test_call_ring_answer_dtmf_hold_and_hang_up(office):
    a, b = office["201"], office["202"]
    mark_a = a.mark()
    out, inc = connect(a, b, "202")
    incoming = b.expect("IncomingCall")
    assert incoming["caller"]["uri"].startswith("sip:201@")
    assert incoming["waiting"] is False
    a.expect("CallStateChanged", since=mark_a, call_id=out, state="early", code=180)
    media = a.expect("CallMediaChanged", since=mark_a, call_id=out)
    assert media["codec"] == "G722" and media["clock_rate"] == 16000 and media["srtp"] is False

    a.send("dtmf", call=out, digits="12", method="rfc2833")
    for digit in "12":
        b.expect("DtmfReceived", call_id=inc, digit=digit, method="rfc2833")
    # One INFO request a digit, as a person presses keys: two INFOs fired in the same instant can
    # cross on a loaded machine (pjsip sends them as parallel transactions).
    for digit in "#*":
        a.send("dtmf", call=out, digits=digit, method="info")
        b.expect("DtmfReceived", call_id=inc, digit=digit, method="info")

    mark_b = b.mark()
    a.send("hold", call=out, on=True)
    b.expect("CallMediaChanged", since=mark_b, call_id=inc, hold="remote")
    a.expect("CallMediaChanged", call_id=out, hold="local")
    mark_b = b.mark()
    a.send("hold", call=out, on=False)
    b.expect("CallMediaChanged", since=mark_b, call_id=inc, hold="none")

    b.send("hangup", call=inc)
    ended = a.expect("CallEnded", call_id=out)
    assert ended["code"] == 200
    assert ended["setup_ms"] is not None and ended["connected_s"] > 0


@pytest.mark.parametrize(("code", "reason"), [(486, "busy"), (603, "call declined")])
def test_rejected_call_says_why(office, code, reason):
    a, b = office["201"], office["202"]
    out = a.send("call", user="201", target="202")["call_id"]
    incoming = b.expect("IncomingCall")
    b.send("answer", call=incoming["call_id"], code=code)
    ended = a.expect("CallEnded", call_id=out)
    assert ended["code"] == code
    assert ended["reason"] == reason
    assert ended["setup_ms"] is None


def test_unknown_number_fails_with_404(office):
    a = office["201"]
    out = a.send("call", user="201", target="299")["call_id"]
    ended = a.expect("CallEnded", call_id=out)
    assert ended["code"] == 404


def test_call_waiting_announces_the_second_call(office):
    a, b, c = office["201"], office["202"], office["203"]
    connect(a, b, "202")
    mark = b.mark()
    c.send("call", user="203", target="202")
    second = b.expect("IncomingCall", since=mark)
    assert second["waiting"] is True
    assert second["caller"]["uri"].startswith("sip:203@")


def test_blind_transfer_with_notify_progress(office):
    a, b, c = office["201"], office["202"], office["203"]
    out, inc = connect(a, b, "202")
    c.send("auto_answer", code=200)
    a.send("xfer", call=out, target="sip:203@" + caller_registrar(a))
    b.expect("TransferRequested", call_id=inc)
    c.expect("IncomingCall")
    c.expect("CallStateChanged", state="confirmed")
    final = a.expect("TransferProgress", call_id=out, final=True)
    assert final["code"] == 200
    a.expect("CallEnded", call_id=out)


def caller_registrar(driver):
    return next(m["account"] for m in driver.lines if m.get("event") == "RegistrationChanged").split("@")[1]


def test_attended_transfer_joins_the_other_two(office):
    a, b, c = office["201"], office["202"], office["203"]
    ab, _ = connect(a, b, "202")
    a.send("hold", call=ab, on=True)
    ac, _ = connect(a, c, "203")
    mark_b, mark_c = b.mark(), c.mark()
    a.send("xfer_replaces", call=ab, other=ac)
    # b calls c with Replaces; c's new call replaces the one with a; a's two calls end.
    b.expect("TransferRequested", since=mark_b)
    b.expect("CallStateChanged", since=mark_b, state="confirmed")
    c.expect("CallStateChanged", since=mark_c, state="confirmed")
    a.expect("CallEnded", call_id=ab)
    a.expect("CallEnded", call_id=ac)


def test_local_conference_lets_the_others_hear_each_other(office, tone_wav, tmp_path):
    a, b, c = office["201"], office["202"], office["203"]
    recording = tmp_path / "c-hears.wav"
    ab, _ = connect(a, b, "202", play=str(tone_wav(500, seconds=20)))
    ac, _ = connect(a, c, "203", record=str(recording))
    a.send("conference", calls=[ab, ac])
    time.sleep(3)  # c records the conference for a while; the check is on what it recorded
    c.send("hangup", call=c.expect("IncomingCall")["call_id"])
    c.expect("CallEnded")
    report = recorded(recording)
    assert abs(report.frequency - 500) <= 3, report


def test_mute_stops_what_we_send(office, tone_wav, tmp_path):
    a, b = office["201"], office["202"]
    recording = tmp_path / "b-hears.wav"
    mark = b.mark()
    out = a.send("call", user="201", target="202", play=str(tone_wav(700, seconds=20)))["call_id"]
    inc = b.expect("IncomingCall", since=mark)["call_id"]
    a.send("mute", call=out, on=True)
    b.send("answer", call=inc, record=str(recording))
    a.expect("CallStateChanged", call_id=out, state="confirmed")
    time.sleep(2)
    a.send("mute", call=out, on=False)
    time.sleep(2)
    b.send("hangup", call=inc)
    a.expect("CallEnded", call_id=out)
    samples, rate = read_wav(recording) if recorded(recording) else ([], 0)
    # Muted: the first second is silent; unmuted: the tone comes through at the end.
    assert analyse(samples[:rate], rate).rms < 0.01
    assert abs(analyse(samples[-rate:], rate).frequency - 700) <= 3


def test_engine_pumped_by_qasync_like_the_gui(kamailio, sip_driver):
    gui, other = sip_driver("--qasync"), sip_driver()
    gui.account(kamailio.address, "201")
    other.account(kamailio.address, "202")
    gui.expect("RegistrationChanged", state="registered")
    other.expect("RegistrationChanged", state="registered")
    other.send("auto_answer", code=200)
    out = gui.send("call", user="201", target="202")["call_id"]
    gui.expect("CallStateChanged", call_id=out, state="confirmed")
    gui.send("hangup", call=out)
    gui.expect("CallEnded", call_id=out)
