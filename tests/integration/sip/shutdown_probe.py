"""Bring up calls with audio ports, players and recorders, then end the process while they are up.

Mode "shutdown" calls SipEngine.shutdown() with two calls confirmed; mode "forgotten" never does and
leaves it to the engine's atexit safety net. Prints "clean" just before a normal exit; a crash, an
abort or a hang shows as a missing "clean" or a non-zero exit status.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from tandem.sip.account import AccountSpec
from tandem.sip.audio_bridge import BridgePort
from tandem.sip.audio_buffers import RingBuffer
from tandem.sip.endpoint import EngineOptions, SipEngine
from tandem.sip.events import CallState, CallStateChanged, IncomingCall


async def main(mode: str, rtp_port: int, wav: str) -> None:
    engine = SipEngine(EngineOptions(rtp_port=rtp_port, transports=("udp",)))
    engine.start()
    port = engine.local_ports()["udp"]
    # The audio bridge's conference port, without Qt: teardown order is what is tested here.
    bridge = BridgePort(16000, RingBuffer(32000), RingBuffer(32000))
    engine.set_local_audio(bridge)
    alice = engine.add_account(AccountSpec(registrar=f"127.0.0.1:{port}", user="alice", register=False))
    engine.add_account(AccountSpec(registrar=f"127.0.0.1:{port}", user="bob", register=False))

    confirmed = asyncio.Event()
    count = [0]

    def on_event(event: object) -> None:
        if isinstance(event, CallStateChanged) and event.state is CallState.CONFIRMED:
            count[0] += 1
            if count[0] == 2:
                confirmed.set()
        if isinstance(event, IncomingCall):
            def answer() -> None:
                call = engine.call(event.call_id)
                call.play_file(wav)
                call.answer(200)
            engine.defer(answer)

    engine.subscribe(on_event)
    engine.start_pump()
    call = engine.make_call(alice, f"sip:bob@127.0.0.1:{port}")
    with tempfile.TemporaryDirectory() as tmp:
        call.record_file(str(Path(tmp) / "rec.wav"))
        del call
        await asyncio.wait_for(confirmed.wait(), 30)
        await asyncio.sleep(0.2)
        if mode == "shutdown":
            engine.shutdown()
    print("clean", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), sys.argv[3]))
