"""Headless softphone sessions behind `tandem sip register|call|answer`: one engine, one task, a result.

Each function starts the engine (and, with `audio=True`, the Qt audio bridge on the sound devices),
does one thing, shuts everything down in order and returns `(exit_status, result)` where `result`
is a flat JSON-friendly dict: the state reached, the SIP code and a reason a person understands,
setup time, codec, SRTP, and what was received (DTMF digits, the recorded tone).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tandem.core.errors import TandemError
from tandem.sip.account import AccountSpec, SipAccount
from tandem.sip.audio_analysis import analyse, read_wav
from tandem.sip.call import CallError, SipCall
from tandem.sip.endpoint import EngineOptions, SipEngine
from tandem.sip.events import (
    AudioDevicesChanged,
    CallEnded,
    CallMediaChanged,
    CallState,
    CallStateChanged,
    DtmfReceived,
    IncomingCall,
    RegistrationChanged,
    RegistrationState,
    SipEvent,
    StreamStats,
)

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1  # the registrar, the network or the far end said no (or never answered)
EXIT_USAGE = 2  # the command line or the settings were wrong


class _Session:
    """The engine, the account and a record of everything that happened, for one command."""

    def __init__(self, engine: SipEngine, account: SipAccount, bridge: Any) -> None:
        self.engine = engine
        self.account = account
        self.bridge = bridge
        self.events: list[SipEvent] = []
        self.dtmf: list[str] = []
        self.devices: AudioDevicesChanged | None = None
        self.stream_stats: StreamStats | None = None  # of the call, read just before it ends
        engine.subscribe(self._record)

    def _record(self, event: SipEvent) -> None:
        self.events.append(event)
        if isinstance(event, DtmfReceived):
            self.dtmf.append(event.digit)
        elif isinstance(event, AudioDevicesChanged):
            self.devices = event

    async def registered(self, timeout: float) -> RegistrationChanged | None:
        """Wait for the first registration result (None when registration is off)."""
        if not self.account.spec.register:
            return None
        name = self.account.spec.name
        if self.account.state is RegistrationState.REGISTERED:
            return RegistrationChanged(name, self.account.state, self.account.code, self.account.reason)
        try:
            event = await self.engine.wait_for(
                lambda e: isinstance(e, RegistrationChanged) and e.account == name
                and e.state in (RegistrationState.REGISTERED, RegistrationState.FAILED), timeout)
        except TimeoutError:
            return RegistrationChanged(name, RegistrationState.FAILED, 408,
                                       "no answer from the registrar (timeout): is it reachable?")
        assert isinstance(event, RegistrationChanged)
        return event

    async def call_settled(self, call_id: int, timeout: float) -> SipEvent | None:
        """CONFIRMED or the call's end, whichever comes first; None on timeout."""
        for event in self.events:
            if _settles(event, call_id):
                return event
        try:
            return await self.engine.wait_for(lambda e: _settles(e, call_id), timeout)
        except TimeoutError:
            return None

    async def ended(self, call_id: int, timeout: float) -> CallEnded | None:
        for event in self.events:
            if isinstance(event, CallEnded) and event.call_id == call_id:
                return event
        try:
            event = await self.engine.wait_for(
                lambda e: isinstance(e, CallEnded) and e.call_id == call_id, timeout)
        except TimeoutError:
            return None
        assert isinstance(event, CallEnded)
        return event

    def media(self, call_id: int) -> CallMediaChanged | None:
        found = [e for e in self.events if isinstance(e, CallMediaChanged) and e.call_id == call_id]
        return found[-1] if found else None


def _settles(event: SipEvent, call_id: int) -> bool:
    if isinstance(event, CallStateChanged) and event.call_id == call_id:
        return event.state is CallState.CONFIRMED
    return isinstance(event, CallEnded) and event.call_id == call_id


@contextlib.asynccontextmanager
async def _session(spec: AccountSpec, options: EngineOptions, audio: bool,
                   devices: tuple[str, str] = ("", "")) -> AsyncIterator[_Session]:
    engine = SipEngine(options)
    engine.start()
    bridge = None
    try:
        if audio:
            from PySide6.QtCore import QCoreApplication

            from tandem.sip.audio_bridge import AudioBridge

            if QCoreApplication.instance() is None:
                _app = QCoreApplication([])
            bridge = AudioBridge(options.clock_rate, capture=devices[0], playback=devices[1],
                                 drive_qt_events=True)
            bridge.attach(engine)
        account = engine.add_account(spec)
        session = _Session(engine, account, bridge)
        pump = engine.start_pump()
        try:
            yield session
        finally:
            pump.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pump
    finally:
        engine.shutdown()


def _registration_result(event: RegistrationChanged | None, started: float) -> dict[str, Any]:
    if event is None:
        return {"registration": "off"}
    return {"registration": event.state.value, "code": event.code, "reason": event.reason,
            "account": event.account, "expires": event.expires,
            "elapsed_ms": round((time.monotonic() - started) * 1000, 1)}


async def register(spec: AccountSpec, options: EngineOptions,
                   timeout: float = 10.0) -> tuple[int, dict[str, Any]]:
    """Register once and report the result (the account is unregistered again on exit)."""
    started = time.monotonic()
    async with _session(spec, options, audio=False) as session:
        event = await session.registered(timeout)
    result = {"command": "register", **_registration_result(event, started)}
    result["state"] = result.pop("registration")
    ok = event is not None and event.state is RegistrationState.REGISTERED
    return (EXIT_OK if ok else EXIT_FAILED), result


def _call_result(session: _Session, call: SipCall, settled: SipEvent | None,
                 end: CallEnded | None) -> dict[str, Any]:
    confirmed = isinstance(settled, CallStateChanged)
    media = session.media(call.call_id)
    result: dict[str, Any] = {
        "state": "confirmed" if confirmed else ("failed" if end is not None else "timeout"),
        "call_id": call.call_id,
        "remote": call.remote.uri,
        "remote_name": call.remote.display_name,
        "identity_source": call.remote.source,
        "setup_ms": None if call.setup_ms is None else round(call.setup_ms, 2),
        "codec": media.codec if media else "",
        "clock_rate": media.clock_rate if media else 0,
        "srtp": bool(media.srtp) if media else False,
        "code": end.code if end else call.code,
        "reason": end.reason if end else call.reason,
        "sip_reason": end.sip_reason if end else call.sip_reason,
        "connected_s": round(end.connected_s, 2) if end else 0.0,
        "dtmf_received": "".join(session.dtmf),
    }
    if session.stream_stats is not None:
        result["rtp"] = asdict(session.stream_stats)
    if session.bridge is not None:
        result["audio"] = asdict(session.bridge.stats())
        if session.devices is not None:
            result["audio_devices"] = asdict(session.devices)
    return result


async def _talk(session: _Session, call: SipCall, duration: float, dtmf: str, dtmf_method: str) -> None:
    if dtmf:
        await asyncio.sleep(0.3)  # let the media path settle so the first digit is not lost
        call.send_dtmf(dtmf, dtmf_method)
    if duration > 0:
        await session.ended(call.call_id, duration)


async def _finish(session: _Session, call: SipCall) -> CallEnded | None:
    session.stream_stats = call.stream_stats()  # the stream goes with the call
    if not call.ended:
        with contextlib.suppress(CallError):
            call.hangup()
    return await session.ended(call.call_id, 5.0)


def _check_files(play: str | None, record: str | None) -> None:
    if play and not Path(play).is_file():
        raise TandemError(f"--play: the file {play} does not exist")
    if record and not Path(record).parent.is_dir():
        raise TandemError(f"--record: the folder of {record} does not exist")


def _recorded(record: str | None) -> dict[str, Any]:
    if not record or not Path(record).is_file():
        return {}
    try:
        samples, rate = read_wav(Path(record))
    except (OSError, ValueError, EOFError) as exc:
        return {"received": {"error": str(exc)}}
    report = analyse(samples, rate)
    return {"received": {"seconds": round(report.seconds, 2), "rms": round(report.rms, 4),
                         "frequency": report.frequency, "purity": round(report.purity, 3),
                         "cuts": report.cuts}}


async def call(spec: AccountSpec, options: EngineOptions, target: str, *, play: str | None = None,
               record: str | None = None, duration: float = 5.0, dtmf: str = "",
               dtmf_method: str = "rfc2833", timeout: float = 30.0, audio: bool = False,
               devices: tuple[str, str] = ("", "")) -> tuple[int, dict[str, Any]]:
    """Register (if configured), call `target`, talk for `duration` seconds, hang up, report."""
    _check_files(play, record)
    started = time.monotonic()
    async with _session(spec, options, audio, devices) as session:
        reg = await session.registered(timeout)
        if reg is not None and reg.state is not RegistrationState.REGISTERED:
            return EXIT_FAILED, {"command": "call", "state": "not registered",
                                 **_registration_result(reg, started)}
        outgoing = session.engine.make_call(session.account, target)
        if play:
            outgoing.play_file(play)
        if record:
            outgoing.record_file(record)
        settled = await session.call_settled(outgoing.call_id, timeout)
        end: CallEnded | None = None
        if isinstance(settled, CallStateChanged):
            await _talk(session, outgoing, duration, dtmf, dtmf_method)
        end = await _finish(session, outgoing)
        result = {"command": "call", "target": target, **_call_result(session, outgoing, settled, end)}
        del outgoing
    result.update(_recorded(record))
    return (EXIT_OK if result["state"] == "confirmed" else EXIT_FAILED), result


async def answer(spec: AccountSpec, options: EngineOptions, *, play: str | None = None,
                 record: str | None = None, duration: float = 5.0, wait: float = 30.0,
                 reject: str = "", ring_s: float = 0.0, audio: bool = False,
                 devices: tuple[str, str] = ("", ""), announce: bool = False) -> tuple[int, dict[str, Any]]:
    """Register (if configured), wait for a call, answer it (or reject it), talk, report."""
    _check_files(play, record)
    started = time.monotonic()
    async with _session(spec, options, audio, devices) as session:
        reg = await session.registered(wait)
        if reg is not None and reg.state is not RegistrationState.REGISTERED:
            return EXIT_FAILED, {"command": "answer", "state": "not registered",
                                 **_registration_result(reg, started)}
        if announce:  # tell whoever waits for us (tests, scripts) that the call may come now
            print(json.dumps({"command": "answer", "state": "ready", "ports": session.engine.local_ports()}),
                  flush=True)
        try:
            incoming = await session.engine.wait_for(lambda e: isinstance(e, IncomingCall), wait)
        except TimeoutError:
            return EXIT_FAILED, {"command": "answer", "state": "no call",
                                 "reason": f"no call came in within {wait:g} s"}
        assert isinstance(incoming, IncomingCall)
        call_obj = session.engine.call(incoming.call_id)
        if play:
            call_obj.play_file(play)
        if record:
            call_obj.record_file(record)
        if ring_s:
            await asyncio.sleep(ring_s)
        if reject:
            call_obj.reject(busy=reject == "busy")
            settled: SipEvent | None = None
        else:
            call_obj.answer(200)
            settled = await session.call_settled(incoming.call_id, 10.0)
            if isinstance(settled, CallStateChanged):
                await _talk(session, call_obj, duration, "", "")
        end = await _finish(session, call_obj)
        result = {"command": "answer", "caller": incoming.caller.uri,
                  "caller_name": incoming.caller.display_name,
                  **_call_result(session, call_obj, settled, end)}
        if reject:
            result["state"] = "rejected"
        del call_obj
    result.update(_recorded(record))
    ok = result["state"] in ("confirmed", "rejected")
    return (EXIT_OK if ok else EXIT_FAILED), result
