"""This computer as a phone line: the SIP engine (pjsua2) behind the same CallBoard as the desk phone.

The engine publishes plain events; this adapter turns them into ActiveCalls, registration status
sentences and finished calls for the journal, and maps each window action to the engine's call.
It runs the engine's pump on the Qt loop (qasync), as the engine requires.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Callable
from datetime import datetime, timezone

from tandem.config.settings import AudioSettings, SipSettings
from tandem.core.activecalls import ActiveCall, CallBoard, CallDirection, CallPhase, LineKind
from tandem.core.errors import TandemError
from tandem.sip.account import AccountSpec, SipAccount
from tandem.sip.audio_bridge import AudioBridge
from tandem.sip.endpoint import EngineOptions, SipEngine
from tandem.sip.events import (
    AudioDevicesChanged,
    CallEnded,
    CallMediaChanged,
    CallState,
    CallStateChanged,
    Direction,
    HoldState,
    IncomingCall,
    RegistrationChanged,
    RegistrationState,
    SipEvent,
)

log = logging.getLogger(__name__)
StatusSink = Callable[[str, str, str], None]
RENEGOTIATE_WAIT_S = 3.0
FinishedSink = Callable[[ActiveCall, datetime, "datetime | None", datetime], None]


def _now() -> datetime:
    return datetime.now(timezone.utc)


class SoftphoneLine:
    kind = LineKind.SOFTPHONE
    label = "This computer"

    def __init__(self, sip: SipSettings, password: str, audio: AudioSettings, board: CallBoard,
                 status: StatusSink, *, names: dict[str, str] | None = None,
                 finished: FinishedSink | None = None, options: EngineOptions | None = None) -> None:
        self.sip = sip
        self._password = password
        self.audio = audio
        self.board = board
        self._status = status
        self._names = names if names is not None else {}
        self._finished = finished
        self.options = options or EngineOptions(sip_port=sip.local_port)
        self.engine: SipEngine | None = None
        self.bridge: AudioBridge | None = None
        self.account: SipAccount | None = None
        self._calls: dict[int, ActiveCall] = {}
        self._started: dict[int, datetime] = {}
        self._answered: dict[int, datetime] = {}
        self._unsubscribe: Callable[[], None] | None = None

    # -- engine life cycle ------------------------------------------------------------------------

    async def start(self) -> None:
        engine = SipEngine(self.options)
        try:
            engine.start()
        except TandemError as exc:
            self._status("sip", "error", f"Softphone: {exc}")
            return
        self.engine = engine
        self._unsubscribe = engine.subscribe(self._on_event)
        engine.start_pump()
        try:
            self.bridge = AudioBridge(capture=self.audio.capture_device, playback=self.audio.playback_device,
                                      ringer=self.audio.ringer_device)
            self.bridge.attach(engine)
        except Exception as exc:  # no audio must not mean no phone: calls still connect
            log.warning("softphone audio unavailable: %s", exc)
            self._status("audio", "warn", f"Softphone audio unavailable: {exc}")
        try:
            self.account = engine.add_account(AccountSpec.from_settings(self.sip, self._password))
        except TandemError as exc:
            self._status("sip", "error", f"Softphone: {exc}")
            return
        if self.sip.register:
            self._status("sip", "busy", f"Softphone {self.sip.user}: registering at {self.sip.registrar}…")
        else:
            self._status("sip", "ok", f"Softphone {self.sip.user}: ready, calls go to {self.sip.registrar} "
                         "(no registration)")

    async def stop(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        engine, self.engine, self.account, self.bridge = self.engine, None, None, None
        if engine is not None:
            engine.shutdown()

    # -- events -> calls --------------------------------------------------------------------------

    def _on_event(self, event: SipEvent) -> None:
        if isinstance(event, RegistrationChanged):
            self._registration(event)
        elif isinstance(event, IncomingCall):
            caller = event.caller
            self._show(event.call_id, ActiveCall(
                key=f"softphone:{event.call_id}", line=LineKind.SOFTPHONE, engine_id=str(event.call_id),
                direction=CallDirection.INCOMING, remote=caller.number, phase=CallPhase.RINGING_IN,
                since=_now(), remote_name=caller.display_name or self._names.get(caller.number, "")))
        elif isinstance(event, CallStateChanged):
            self._state(event)
        elif isinstance(event, CallMediaChanged):
            self._media(event)
        elif isinstance(event, CallEnded):
            self._ended(event)
        elif isinstance(event, AudioDevicesChanged) and event.problem:
            self._status("audio", "warn", f"Softphone audio: {event.problem}")

    def _media(self, event: CallMediaChanged) -> None:
        call = self._calls.get(event.call_id)
        if call is None or call.phase not in (CallPhase.TALKING, CallPhase.HELD):
            return
        held = event.hold in (HoldState.LOCAL, HoldState.BOTH)
        phase = CallPhase.HELD if held else CallPhase.TALKING
        extras = (("codec", f"{event.codec}/{event.clock_rate}"), ("srtp", "on" if event.srtp else "off"))
        updated = dataclasses.replace(call, extras=extras)
        self._show(event.call_id, updated.with_phase(phase, call.since if phase is call.phase else _now()))

    def _registration(self, event: RegistrationChanged) -> None:
        where = self.sip.registrar
        if event.state is RegistrationState.REGISTERED:
            self._status("sip", "ok", f"Softphone {self.sip.user}: registered at {where}")
        elif event.state is RegistrationState.FAILED:
            self._status("sip", "error",
                         f"Softphone {self.sip.user} not registered at {where}: {event.reason}")
        elif event.state is RegistrationState.REGISTERING:
            self._status("sip", "busy", f"Softphone {self.sip.user}: registering at {where}…")
        else:
            self._status("sip", "warn", f"Softphone {self.sip.user}: not registered")

    def _state(self, event: CallStateChanged) -> None:
        call = self._calls.get(event.call_id)
        if call is None:
            if self.engine is None or event.call_id not in self.engine.calls:
                return
            sip_call = self.engine.calls[event.call_id]
            outgoing = sip_call.direction is Direction.OUTGOING
            call = ActiveCall(key=f"softphone:{event.call_id}", line=LineKind.SOFTPHONE,
                              engine_id=str(event.call_id),
                              direction=CallDirection.OUTGOING if outgoing else CallDirection.INCOMING,
                              remote=sip_call.remote.number, phase=CallPhase.DIALLING, since=_now(),
                              remote_name=sip_call.remote.display_name
                              or self._names.get(sip_call.remote.number, ""))
        phase = {
            CallState.CALLING: CallPhase.DIALLING,
            CallState.INCOMING: CallPhase.RINGING_IN,
            CallState.EARLY: (CallPhase.RINGING_OUT if call.direction is CallDirection.OUTGOING
                              else CallPhase.RINGING_IN),
            # 200 OK on its way, ACK not yet: the call cannot be held or transferred until CONFIRMED.
            CallState.CONNECTING: call.phase,
            CallState.CONFIRMED: CallPhase.HELD if call.phase is CallPhase.HELD else CallPhase.TALKING,
        }.get(event.state)
        if phase is None:  # DISCONNECTED: CallEnded follows with the details
            return
        if phase is CallPhase.TALKING:
            self._answered.setdefault(event.call_id, _now())
        if phase is not call.phase:
            call = call.with_phase(phase, _now())
        self._show(event.call_id, call)

    def _show(self, call_id: int, call: ActiveCall) -> None:
        self._calls[call_id] = call
        self._started.setdefault(call_id, call.since)
        self.board.update(call)

    def _ended(self, event: CallEnded) -> None:
        call = self._calls.pop(event.call_id, None)
        started = self._started.pop(event.call_id, _now())
        answered = self._answered.pop(event.call_id, None)
        if call is None:
            return
        reason = event.reason if event.code >= 300 else ""
        if event.sip_reason:
            reason = f"{reason} ({event.sip_reason})" if reason else event.sip_reason
        ended = call.with_phase(CallPhase.ENDED, _now(), reason)
        self.board.update(ended)
        if self._finished is not None:
            self._finished(ended, started, answered if event.connected_s > 0 else None, _now())

    # -- actions ----------------------------------------------------------------------------------

    def _engine(self) -> SipEngine:
        if self.engine is None or self.account is None:
            raise TandemError("the softphone is not running: check the SIP account in Settings")
        return self.engine

    def _call(self, call: ActiveCall) -> object:
        return self._engine().call(int(call.engine_id))

    async def dial(self, target: str) -> None:
        engine = self._engine()
        assert self.account is not None
        engine.make_call(self.account, target)

    async def answer(self, call: ActiveCall) -> None:
        self._call(call).answer()  # type: ignore[attr-defined]

    async def reject(self, call: ActiveCall) -> None:
        self._call(call).reject(busy=True)  # type: ignore[attr-defined]

    async def hang_up(self, call: ActiveCall) -> None:
        self._call(call).hangup()  # type: ignore[attr-defined]

    async def hold(self, call: ActiveCall) -> None:
        await self._renegotiate(lambda: self._call(call).set_hold(True))  # type: ignore[attr-defined]

    async def retrieve(self, call: ActiveCall) -> None:
        await self._renegotiate(lambda: self._call(call).set_hold(False))  # type: ignore[attr-defined]

    async def _renegotiate(self, action: Callable[[], None]) -> None:
        """Run an action that sends a new SDP offer. Right after a call connects, or while the far
        end updates the media, pjsip refuses a second offer (PJ_EINVALIDOP): wait for the pending
        negotiation to finish instead of failing the click."""
        deadline = asyncio.get_running_loop().time() + RENEGOTIATE_WAIT_S
        while True:
            try:
                action()
                return
            except TandemError as exc:
                if "EINVALIDOP" not in str(exc) or asyncio.get_running_loop().time() > deadline:
                    raise
            await asyncio.sleep(0.05)

    async def blind_transfer(self, call: ActiveCall, target: str) -> None:
        sip_call = self._call(call)  # raises when the softphone is not running
        assert self.account is not None
        sip_call.transfer(self.account.spec.uri(target))  # type: ignore[attr-defined]

    async def consult(self, call: ActiveCall, target: str) -> None:
        if call.phase is not CallPhase.HELD:
            await self.hold(call)
        await self.dial(target)

    async def complete_transfer(self, held: ActiveCall, active: ActiveCall) -> None:
        self._call(held).transfer_to_call(self._call(active))  # type: ignore[attr-defined]

    async def conference(self, held: ActiveCall, active: ActiveCall) -> None:
        engine = self._engine()
        await self.retrieve(held)
        engine.conference([engine.call(int(held.engine_id)), engine.call(int(active.engine_id))])

    async def send_dtmf(self, call: ActiveCall, digits: str) -> None:
        self._call(call).send_dtmf(digits)  # type: ignore[attr-defined]

    async def set_mute(self, call: ActiveCall, muted: bool) -> None:
        self._call(call).set_mute(muted)  # type: ignore[attr-defined]
        current = self._calls.get(int(call.engine_id))
        if current is not None:
            self._show(int(call.engine_id), dataclasses.replace(current, muted=muted))

    async def pickup(self, device: str) -> None:
        raise TandemError(f"picking up {device}'s call needs the desk phone link (CSTA)")
