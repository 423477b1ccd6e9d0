"""A Tandem SIP engine in its own process, driven by JSON lines on stdin, reporting on stdout.

pjsua2 allows one endpoint per process and aborts the process on misuse, so the integration tests
run the engine here rather than inside pytest. Every engine event is printed as
`{"event": "CallStateChanged", ...}`; every command gets `{"reply": seq, "ok": ..., ...}`.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import enum
import json
import sys
import threading
from typing import Any

from tandem.sip.account import AccountSpec
from tandem.sip.endpoint import EngineOptions, SipEngine
from tandem.sip.events import SipEvent


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def emit(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


class Driver:
    def __init__(self, engine: SipEngine, bridge: Any) -> None:
        self.engine = engine
        self.bridge = bridge
        self.accounts: dict[str, Any] = {}
        engine.subscribe(self.on_event)
        self.auto_answer: dict[str, Any] = {}

    def on_event(self, event: SipEvent) -> None:
        emit({"event": type(event).__name__, **_plain(event)})
        if type(event).__name__ == "IncomingCall" and self.auto_answer:
            call_id = event.call_id  # type: ignore[union-attr]
            opts = dict(self.auto_answer)

            def answer() -> None:
                call = self.engine.call(call_id)
                if opts.get("play"):
                    call.play_file(opts["play"])
                call.answer(int(opts.get("code", 200)))

            self.engine.defer(answer)

    def handle(self, cmd: dict[str, Any]) -> dict[str, Any]:
        op = cmd.pop("op")
        e = self.engine
        if op == "account":
            spec = AccountSpec(**cmd)
            self.accounts[spec.user] = e.add_account(spec)
            return {"account": spec.name}
        if op == "call":
            call = e.make_call(self.accounts[cmd["user"]], cmd["target"])
            if cmd.get("play"):
                call.play_file(cmd["play"])
            if cmd.get("record"):
                call.record_file(cmd["record"])
            return {"call_id": call.call_id}
        if op == "auto_answer":
            self.auto_answer = cmd
            return {}
        if op == "shutdown":
            raise SystemExit(0)
        if op == "ip_change":
            e.handle_ip_change()
            return {}
        if op == "conference":
            e.conference([e.call(c) for c in cmd["calls"]])
            return {}
        if op == "audio_stats":
            return {"stats": _plain(self.bridge.stats()) if self.bridge else None,
                    "devices": _plain(self.bridge.devices) if self.bridge else None}
        if op == "select":
            self.bridge.select(capture=cmd.get("capture"), playback=cmd.get("playback"),
                               ringer=cmd.get("ringer"))
            return {}
        if op == "registration":
            acc = self.accounts[cmd["user"]]
            return {"state": acc.state.value, "reason": acc.reason}
        call = e.call(cmd.pop("call"))
        if op == "answer":
            if cmd.get("play"):
                call.play_file(cmd["play"])
            if cmd.get("record"):
                call.record_file(cmd["record"])
            call.answer(int(cmd.get("code", 200)))
        elif op == "hangup":
            call.hangup()
        elif op == "hold":
            call.set_hold(bool(cmd["on"]))
        elif op == "mute":
            call.set_mute(bool(cmd["on"]))
        elif op == "dtmf":
            call.send_dtmf(cmd["digits"], cmd.get("method", "rfc2833"))
        elif op == "xfer":
            call.transfer(cmd["target"])
        elif op == "xfer_replaces":
            call.transfer_to_call(e.call(cmd["other"]))
        elif op == "play":
            call.play_file(cmd["wav"])
        elif op == "record":
            call.record_file(cmd["wav"])
        elif op == "info":
            return {"state": call.state.value, "hold": call.hold.value, "codec": call.codec,
                    "srtp": call.srtp, "remote": _plain(call.remote)}
        else:
            raise ValueError(f"unknown op {op}")
        return {}


async def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rtp-port", type=int, required=True)
    parser.add_argument("--sip-port", type=int, default=0)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--codecs", default="")
    parser.add_argument("--clock-rate", type=int, default=16000)
    parser.add_argument("--transports", default="udp,tcp")
    parser.add_argument("--tls-ca", default="")
    parser.add_argument("--audio", action="store_true")
    parser.add_argument("--no-ringing", action="store_true")
    args = parser.parse_args()
    codecs = tuple(c for c in args.codecs.split(",") if c) or EngineOptions.codecs
    engine = SipEngine(EngineOptions(
        sip_port=args.sip_port, bind_address=args.bind, rtp_port=args.rtp_port, codecs=codecs,
        clock_rate=args.clock_rate,
        transports=tuple(args.transports.split(",")), tls_ca_file=args.tls_ca,
        auto_ringing=not args.no_ringing, log_level=3))
    engine.start()
    bridge = None
    if args.audio:
        from PySide6.QtCore import QCoreApplication

        from tandem.sip.audio_bridge import AudioBridge

        app = QCoreApplication.instance() or QCoreApplication([])  # noqa: F841
        bridge = AudioBridge(args.clock_rate, drive_qt_events=True)
        bridge.attach(engine)
    driver = Driver(engine, bridge)
    loop = asyncio.get_running_loop()
    commands: asyncio.Queue[str | None] = asyncio.Queue()

    def read_stdin() -> None:
        for line in sys.stdin:
            loop.call_soon_threadsafe(commands.put_nowait, line)
        loop.call_soon_threadsafe(commands.put_nowait, None)

    threading.Thread(target=read_stdin, daemon=True).start()
    pump = engine.start_pump()
    emit({"ready": True, "ports": engine.local_ports()})
    try:
        while True:
            line = await commands.get()
            if line is None:
                break
            cmd = json.loads(line)
            seq = cmd.pop("seq", None)
            try:
                reply = driver.handle(cmd)
                emit({"reply": seq, "ok": True, **reply})
            except SystemExit:
                emit({"reply": seq, "ok": True})
                break
            except Exception as exc:
                emit({"reply": seq, "ok": False, "error": f"{type(exc).__name__}: {exc}"})
    finally:
        pump.cancel()
        driver.accounts.clear()
        engine.shutdown()
        emit({"stopped": True})
    return 0


def run_under_qasync() -> int:
    """The same, on qasync's event loop (Qt's loop running asyncio), as the GUI runs it."""
    import qasync
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance() or QCoreApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        return int(loop.run_until_complete(main()))


if __name__ == "__main__":
    if "--qasync" in sys.argv:
        sys.argv.remove("--qasync")
        sys.exit(run_under_qasync())
    sys.exit(asyncio.run(main()))
