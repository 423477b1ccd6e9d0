"""One SIP call: the pjsua2 `Call` subclass, its operations, and the events it publishes.

The engine (tandem.sip.endpoint) owns every `SipCall`: it keeps the only strong reference in its
call table and drops it one pump tick after DISCONNECTED, after the call's own players/recorders
were disconnected and deleted. Nothing else may keep a `SipCall` past `CallEnded` (a stray
reference to a dead pjsua2 Call can hang up a later call that reused its id, pjproject #3856).
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

import pjsua2 as pj

from tandem.core.errors import TandemError
from tandem.sip.events import (
    CallEnded,
    CallMediaChanged,
    CallState,
    CallStateChanged,
    Direction,
    DtmfReceived,
    HoldState,
    Party,
    StreamStats,
    TransferProgress,
    TransferRequested,
)
from tandem.sip.signalling import (
    DTMF_DIGITS,
    call_failure_reason,
    parse_name_addr,
    reason_header,
)

if TYPE_CHECKING:
    from tandem.sip.account import SipAccount
    from tandem.sip.endpoint import SipEngine

log = logging.getLogger(__name__)

_STATES = {
    pj.PJSIP_INV_STATE_NULL: CallState.CALLING,
    pj.PJSIP_INV_STATE_CALLING: CallState.CALLING,
    pj.PJSIP_INV_STATE_INCOMING: CallState.INCOMING,
    pj.PJSIP_INV_STATE_EARLY: CallState.EARLY,
    pj.PJSIP_INV_STATE_CONNECTING: CallState.CONNECTING,
    pj.PJSIP_INV_STATE_CONFIRMED: CallState.CONFIRMED,
    pj.PJSIP_INV_STATE_DISCONNECTED: CallState.DISCONNECTED,
}


class CallError(TandemError):
    """A call operation pjsip refused (the message says which and why)."""


def pj_error_text(exc: pj.Error) -> str:
    """`str(pj.Error)` is empty; the useful text is in `info()`/`reason`."""
    try:
        return str(exc.reason or exc.info())
    except Exception:
        return "unknown pjsip error"


class SipCall(pj.Call):  # type: ignore[misc]
    """A call and what we know about it. Create through `SipEngine.make_call` or incoming calls."""

    def __init__(self, engine: SipEngine, account: SipAccount, call_id: int, direction: Direction,
                 remote: Party) -> None:
        super().__init__(account, call_id)
        self.engine = engine
        self.account = account
        self.direction = direction
        self.remote = remote
        self.state = CallState.INCOMING if direction is Direction.INCOMING else CallState.CALLING
        self.code = 0
        self.reason = ""
        self.sip_reason = ""
        self.codec = ""
        self.clock_rate = 0
        self.srtp = False
        self.hold = HoldState.NONE
        self.muted = False
        self.started = time.monotonic()
        self.confirmed_at: float | None = None
        self.ended = False
        self.audio: pj.AudioMedia | None = None  # the call's conference port while media is active
        # SDES keys in the last SDP each side sent: with SRTP "optional" the profile stays RTP/AVP,
        # so the keys are what tells whether the media is encrypted.
        self._local_crypto = False
        self._remote_crypto = False
        self._audio_index: int | None = None  # the audio stream's media index while it is active
        self._players: list[pj.AudioMediaPlayer] = []
        self._recorders: list[pj.AudioMediaRecorder] = []
        self._id = call_id

    # ----------------------------------------------------------------- identity and state
    @property
    def call_id(self) -> int:
        if self._id < 0:
            self._id = self.getId()
        return self._id

    @property
    def setup_ms(self) -> float | None:
        return None if self.confirmed_at is None else (self.confirmed_at - self.started) * 1000.0

    # ----------------------------------------------------------------- operations
    def answer(self, code: int = 200, reason: str = "") -> None:
        """Answer (200), send ringing (180/183), or reject with a final code (486 busy, 603 decline)."""
        prm = pj.CallOpParam(True)
        prm.statusCode = code
        if reason:
            prm.reason = reason
        self._do("answer", lambda: super(SipCall, self).answer(prm))

    def reject(self, busy: bool = True) -> None:
        """Reject an incoming call: 486 Busy Here, or 603 Decline."""
        self.answer(486 if busy else 603)

    def hangup(self, code: int = 0) -> None:
        """Hang up (BYE, CANCEL, or a final response for an unanswered incoming call)."""
        if self.ended:
            return
        prm = pj.CallOpParam(True)
        if code:
            prm.statusCode = code
        self._do("hang up", lambda: super(SipCall, self).hangup(prm))

    def set_hold(self, on: bool) -> None:
        """Put the call on hold (re-INVITE with sendonly) or take it back."""
        prm = pj.CallOpParam(True)
        if on:
            self._do("hold", lambda: self.setHold(prm))
        else:
            prm.opt.flag = pj.PJSUA_CALL_UNHOLD
            self._do("retrieve", lambda: self.reinvite(prm))

    def update(self) -> None:
        """Refresh the session with an UPDATE (e.g. after an IP change)."""
        prm = pj.CallOpParam(True)
        self._do("update", lambda: super(SipCall, self).update(prm))

    def send_dtmf(self, digits: str, method: str = "rfc2833") -> None:
        """Send DTMF as RFC 2833 telephone-events or as SIP INFO (application/dtmf-relay)."""
        bad = sorted({d for d in digits if d not in DTMF_DIGITS})
        if not digits or bad:
            raise CallError(f"DTMF digits must be 0-9, *, # or A-D; {''.join(bad) or 'nothing'!r} is not")
        prm = pj.CallSendDtmfParam()
        prm.digits = digits
        prm.method = pj.PJSUA_DTMF_METHOD_SIP_INFO if method == "info" else pj.PJSUA_DTMF_METHOD_RFC2833
        self._do("send DTMF", lambda: self.sendDtmf(prm))

    def transfer(self, target: str) -> None:
        """Blind transfer: REFER the peer to `target`; progress arrives as TransferProgress."""
        prm = pj.CallOpParam(True)
        self._do("transfer", lambda: self.xfer(target, prm))

    def transfer_to_call(self, other: SipCall) -> None:
        """Attended transfer: REFER the peer to `other`'s party with Replaces."""
        prm = pj.CallOpParam(True)
        self._do("attended transfer", lambda: self.xferReplaces(other, prm))

    def set_mute(self, muted: bool) -> None:
        """Stop (or restart) sending our microphone (and any file played as one) into this call."""
        self.muted = muted
        self.engine.reconnect_audio(self)
        self.connect_files()

    def play_file(self, wav: str, loop: bool = True) -> None:
        """Send a WAV file into the call (instead of, or mixed with, the microphone)."""
        player = self.engine.track(pj.AudioMediaPlayer())
        try:
            player.createPlayer(wav, 0 if loop else pj.PJMEDIA_FILE_NO_LOOP)
        except pj.Error as exc:
            raise CallError(f"cannot play {wav}: {pj_error_text(exc)}") from None
        self._players.append(player)
        if self.audio is not None:
            player.startTransmit(self.audio)

    def record_file(self, wav: str) -> None:
        """Record what the peer sends into a WAV file."""
        recorder = self.engine.track(pj.AudioMediaRecorder())
        try:
            recorder.createRecorder(wav)
        except pj.Error as exc:
            raise CallError(f"cannot record into {wav}: {pj_error_text(exc)}") from None
        self._recorders.append(recorder)
        if self.audio is not None:
            self.audio.startTransmit(recorder)

    def _do(self, what: str, action: object) -> None:
        try:
            action()  # type: ignore[operator]
        except pj.Error as exc:
            raise CallError(f"could not {what} call {self._id}: {pj_error_text(exc)}") from None

    # ----------------------------------------------------------------- media wiring (engine use)
    def connect_files(self) -> None:
        """Wire players (they stand in for the microphone, so mute stops them) and recorders."""
        if self.audio is None:
            return
        for player in self._players:
            if self.muted or self.hold in (HoldState.LOCAL, HoldState.BOTH):
                _quietly(lambda p=player: p.stopTransmit(self.audio))
            else:
                player.startTransmit(self.audio)
        for recorder in self._recorders:
            self.audio.startTransmit(recorder)

    def release_media(self) -> None:
        """Disconnect and forget players/recorders; the engine deletes them after a short wait."""
        for player in self._players:
            _quietly(lambda p=player: p.stopTransmit(self.audio) if self.audio is not None else None)
        for recorder in self._recorders:
            _quietly(lambda r=recorder: self.audio.stopTransmit(r) if self.audio is not None else None)
        self.engine.retire(*self._players, *self._recorders)
        self._players.clear()
        self._recorders.clear()
        self.audio = None

    # ----------------------------------------------------------------- pjsua2 callbacks
    def note_remote_message(self, message: str) -> None:
        """Record whether a SIP message from the peer carried an SDP with SDES-SRTP keys."""
        body = message.split("\r\n\r\n", 1)[1] if "\r\n\r\n" in message else ""
        if "m=audio" in body:
            self._remote_crypto = "a=crypto:" in body

    def onCallSdpCreated(self, prm: pj.OnCallSdpCreatedParam) -> None:
        self._local_crypto = "a=crypto:" in str(prm.sdp.wholeSdp)
        remote = str(prm.remSdp.wholeSdp)
        if "m=audio" in remote:
            self._remote_crypto = "a=crypto:" in remote

    def onCallTsxState(self, prm: pj.OnCallTsxStateParam) -> None:
        message = _rx_message(prm.e)
        if message:
            self.note_remote_message(message)

    def onCallState(self, prm: pj.OnCallStateParam) -> None:
        ci = self.getInfo()
        self._id = ci.id
        message = _rx_message(prm.e)
        if message:
            self.note_remote_message(message)
            found = reason_header(message)
            if found:
                self.sip_reason = found
        state = _STATES.get(ci.state, CallState.CALLING)
        self.code = int(ci.lastStatusCode)
        self.reason = str(ci.lastReason)
        if state is CallState.CONFIRMED and self.confirmed_at is None:
            self.confirmed_at = time.monotonic()
        self.state = state
        self.engine.call_state_changed(self, CallStateChanged(
            self._id, state, self.code, self.reason, self.sip_reason))
        if state is CallState.DISCONNECTED and not self.ended:
            self.ended = True
            connected = 0.0 if self.confirmed_at is None else time.monotonic() - self.confirmed_at
            self.engine.call_ended(self, CallEnded(
                self._id, self.direction, self.remote, self.code,
                call_failure_reason(self.code, self.reason, self.sip_reason), self.sip_reason,
                self.setup_ms, connected))

    def onCallMediaState(self, prm: pj.OnCallMediaStateParam) -> None:
        ci = self.getInfo()  # keep alive while reading ci.media (it owns the vector)
        audio: pj.AudioMedia | None = None
        hold = HoldState.NONE
        for media in ci.media:
            if media.type != pj.PJMEDIA_TYPE_AUDIO:
                continue
            if media.status == pj.PJSUA_CALL_MEDIA_LOCAL_HOLD:
                hold = HoldState.LOCAL
            elif media.status == pj.PJSUA_CALL_MEDIA_REMOTE_HOLD:
                hold = HoldState.REMOTE
            if media.status in (pj.PJSUA_CALL_MEDIA_ACTIVE, pj.PJSUA_CALL_MEDIA_REMOTE_HOLD):
                audio = self.getAudioMedia(media.index)
                self._audio_index = media.index
                self._read_stream(media.index)
        self.hold = hold
        self.engine.media_changed(self, audio)
        self.engine.publish(CallMediaChanged(self._id, self.codec, self.clock_rate, self.srtp, hold,
                                             early=ci.state == pj.PJSIP_INV_STATE_EARLY))

    def _read_stream(self, index: int) -> None:
        try:
            info = self.getStreamInfo(index)
        except pj.Error:
            return
        self.codec = str(info.codecName)
        self.clock_rate = int(info.codecClockRate)
        self.srtp = (info.proto in (pj.PJMEDIA_TP_PROTO_RTP_SAVP, pj.PJMEDIA_TP_PROTO_RTP_SAVPF)
                     or (self._local_crypto and self._remote_crypto))

    def stream_stats(self) -> StreamStats | None:
        """The audio stream's statistics so far (None without an active stream): read them before
        hanging up, the stream goes with the call."""
        if self._audio_index is None or self.ended:
            return None
        try:
            stat = self.getStreamStat(self._audio_index)
        except pj.Error:
            return None
        rx, jbuf = stat.rtcp.rxStat, stat.jbuf
        return StreamStats(
            rx_packets=int(rx.pkt), rx_lost=int(rx.loss), rx_discarded=int(rx.discard),
            rx_jitter_max_ms=round(max(int(rx.jitterUsec.max), 0) / 1000.0, 1),
            jbuf_empty=int(jbuf.empty), jbuf_lost=int(jbuf.lost), jbuf_discarded=int(jbuf.discard),
            jbuf_delay_max_ms=int(jbuf.maxDelayMsec), tx_packets=int(stat.rtcp.txStat.pkt))

    def onDtmfDigit(self, prm: pj.OnDtmfDigitParam) -> None:
        method = "info" if prm.method == pj.PJSUA_DTMF_METHOD_SIP_INFO else "rfc2833"
        self.engine.publish(DtmfReceived(self._id, str(prm.digit), method))

    def onCallTransferRequest(self, prm: pj.OnCallTransferRequestParam) -> None:
        # Accept the REFER like a desk phone does, and own the new call it creates.
        self.engine.publish(TransferRequested(self._id, str(prm.dstUri)))
        target = parse_name_addr(str(prm.dstUri), "Refer-To") or Party(uri=str(prm.dstUri))
        prm.newCall = self.engine.adopt_call(self.account, pj.PJSUA_INVALID_ID, Direction.OUTGOING, target)

    def onCallTransferStatus(self, prm: pj.OnCallTransferStatusParam) -> None:
        self.engine.publish(TransferProgress(self._id, int(prm.statusCode), str(prm.reason),
                                             bool(prm.finalNotify)))
        if prm.finalNotify and 200 <= prm.statusCode < 300:
            # The transferee reached the target: our leg is done.
            self.engine.defer(lambda: _quietly(self.hangup))

    def onCallReplaceRequest(self, prm: pj.OnCallReplaceRequestParam) -> None:
        log.info("call %s: INVITE with Replaces accepted", self._id)

    def onCallReplaced(self, prm: pj.OnCallReplacedParam) -> None:
        # We were the transfer target: a new call replaces this one; own it.
        prm.newCall = self.engine.adopt_call(self.account, int(prm.newCallId), Direction.INCOMING,
                                             self.remote)


def _rx_message(event: pj.SipEvent) -> str:
    """The raw text of the SIP message that caused this event, if one was received."""
    try:
        if event.type != pj.PJSIP_EVENT_TSX_STATE:
            return ""
        tsx = event.body.tsxState
        if tsx.type != pj.PJSIP_EVENT_RX_MSG:
            return ""
        return str(tsx.src.rdata.wholeMsg)
    except (AttributeError, pj.Error):
        return ""


def _quietly(action: object) -> None:
    try:
        action()  # type: ignore[operator]
    except (pj.Error, TandemError) as exc:
        log.debug("ignored while tearing down: %s", exc)
