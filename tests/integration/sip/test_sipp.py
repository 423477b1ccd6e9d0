"""Tandem against SIPp scenarios (XML next to this file): identity, PRACK, INFO DTMF and UPDATE on
an incoming call; early media and a Reason header on an outgoing one; hold/retrieve and REFER
(blind and attended, with NOTIFY progress) seen on the wire by the far end."""

from __future__ import annotations

import time


def direct_account(driver, user="201"):
    # No registrar: SIPp is reached by address, and reaches Tandem by address.
    driver.account(f"127.0.0.1:{driver.ports['udp']}", user, register=False)


def test_incoming_call_with_pai_prack_info_and_update(sip_driver, sipp):
    tandem = sip_driver()
    direct_account(tandem)
    peer = sipp("uac_pai_prack_info.xml", f"127.0.0.1:{tandem.ports['udp']}", "-s", "201")
    incoming = tandem.expect("IncomingCall")
    assert incoming["caller"] == {"uri": "sip:+498912345@pbx.example", "display_name": "Reception",
                                  "source": "P-Asserted-Identity"}
    tandem.expect("CallStateChanged", call_id=incoming["call_id"], state="early")
    # SIPp PRACKs the reliable 180 at once; answering a moment later keeps its script in order.
    time.sleep(1.0)
    tandem.send("answer", call=incoming["call_id"])
    tandem.expect("DtmfReceived", call_id=incoming["call_id"], digit="5", method="info")
    ended = tandem.expect("CallEnded", call_id=incoming["call_id"])
    assert ended["connected_s"] > 0
    assert peer.wait() == 0, peer.output()


def test_outgoing_call_with_early_media_then_busy_reason(sip_driver, sipp):
    tandem = sip_driver()
    direct_account(tandem)
    peer = sipp("uas_early_media_busy.xml")
    out = tandem.send("call", user="201", target=f"sip:busy@127.0.0.1:{peer.port}")["call_id"]
    early = tandem.expect("CallMediaChanged", call_id=out)
    assert early["early"] is True
    assert early["codec"] in ("PCMA", "PCMU")
    ended = tandem.expect("CallEnded", call_id=out)
    assert ended["code"] == 486
    assert "cause=17" in ended["sip_reason"]
    assert ended["reason"] == "User busy"
    assert peer.wait() == 0, peer.output()


def test_hold_retrieve_and_blind_transfer_on_the_wire(sip_driver, sipp):
    tandem = sip_driver()
    direct_account(tandem)
    peer = sipp("uas_hold_refer.xml")
    out = tandem.send("call", user="201", target=f"sip:peer@127.0.0.1:{peer.port}")["call_id"]
    tandem.expect("CallStateChanged", call_id=out, state="confirmed")
    tandem.send("hold", call=out, on=True)
    tandem.expect("CallMediaChanged", call_id=out, hold="local")
    mark = tandem.mark()
    tandem.send("hold", call=out, on=False)
    tandem.expect("CallMediaChanged", since=mark, call_id=out, hold="none")
    tandem.send("xfer", call=out, target="sip:209@127.0.0.1")
    tandem.expect("TransferProgress", call_id=out, code=100, final=False)
    tandem.expect("TransferProgress", call_id=out, code=200, final=True)
    tandem.expect("CallEnded", call_id=out)
    assert peer.wait() == 0, peer.output()
    trace = next(peer.log.parent.glob("sipp0.msg")).read_text(errors="replace")
    refer_to = next(line for line in trace.splitlines() if line.startswith("Refer-To:"))
    assert "sip:209@127.0.0.1" in refer_to and "Replaces" not in refer_to


def test_attended_transfer_sends_replaces(sip_driver, sipp):
    tandem = sip_driver()
    direct_account(tandem)
    transferee = sipp("uas_hold_refer.xml")
    target = sipp("uas_answer_bye.xml")
    first = tandem.send("call", user="201", target=f"sip:a@127.0.0.1:{transferee.port}")["call_id"]
    tandem.expect("CallStateChanged", call_id=first, state="confirmed")
    tandem.send("hold", call=first, on=True)
    tandem.expect("CallMediaChanged", call_id=first, hold="local")
    second = tandem.send("call", user="201", target=f"sip:b@127.0.0.1:{target.port}")["call_id"]
    tandem.expect("CallStateChanged", call_id=second, state="confirmed")
    mark = tandem.mark()
    tandem.send("hold", call=first, on=False)
    tandem.expect("CallMediaChanged", since=mark, call_id=first, hold="none")
    tandem.send("xfer_replaces", call=first, other=second)
    tandem.expect("TransferProgress", call_id=first, code=200, final=True)
    tandem.expect("CallEnded", call_id=first)
    tandem.expect("CallEnded", call_id=second)
    assert transferee.wait() == 0, transferee.output()
    assert target.wait() == 0, target.output()
    trace = next(transferee.log.parent.glob("sipp0.msg")).read_text(errors="replace")
    refer_to = next(line for line in trace.splitlines() if line.startswith("Refer-To:"))
    assert "Replaces=" in refer_to and "sip:b@127.0.0.1" in refer_to
