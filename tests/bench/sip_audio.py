"""Benchmark: one active call with real audio through the Qt bridge, against baresip, on a private
PulseAudio.

Prints:
- CPU of one active call, in % of one core (target <= 8 %), against a baseline measured in the same
  run: the same call without the audio bridge (pjsua2 on its null device, no Qt);
- audio cuts per minute with the asyncio loop idle and with it busy (the GUI holding the GIL for
  50 ms of every 100 ms), counted three ways: sink underruns, microphone underruns, and gaps in
  the tone recorded from the speaker device (target 0); plus drift corrections and resyncs.

Run: .venv/bin/python tests/bench/sip_audio.py [--quick]   (full: 60 s per phase, quick: 6 s)
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "integration" / "sip" / "conftest.py"


def load_fixtures():
    spec = importlib.util.spec_from_file_location("sip_fixtures", FIXTURES)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def child(mode: str, seconds: float, far: str, busy: bool) -> dict[str, object]:
    """One call in this process; `mode` is "bridge" (Qt audio) or "null" (baseline)."""
    from tandem.sip.account import AccountSpec
    from tandem.sip.endpoint import EngineOptions, SipEngine
    from tandem.sip.events import CallState, CallStateChanged

    engine = SipEngine(EngineOptions(bind_address="127.0.0.1", rtp_port=27000, transports=("udp",)))
    engine.start()
    bridge = None
    if mode == "bridge":
        from PySide6.QtCore import QCoreApplication

        from tandem.sip.audio_bridge import AudioBridge

        _app = QCoreApplication([])
        bridge = AudioBridge(16000, drive_qt_events=True)
        bridge.attach(engine)
    account = engine.add_account(AccountSpec("127.0.0.1", "201", register=False))
    pump = engine.start_pump()
    confirmed = engine.next_event(
        lambda e: isinstance(e, CallStateChanged) and e.state is CallState.CONFIRMED)
    call = engine.make_call(account, far)
    await asyncio.wait_for(confirmed, 15)
    await asyncio.sleep(1.0)  # devices open, buffers settle: measure the steady call
    print(json.dumps({"measuring": True}), flush=True)
    hog = None
    if busy:
        async def hog_loop() -> None:
            while True:
                end = time.perf_counter() + 0.05
                while time.perf_counter() < end:  # a GUI slot doing 50 ms of Python work
                    pass
                await asyncio.sleep(0.05)

        hog = asyncio.get_running_loop().create_task(hog_loop())
    before_stats = dataclasses.asdict(bridge.stats()) if bridge else {}
    cpu0, wall0 = time.process_time(), time.perf_counter()
    await asyncio.sleep(seconds)
    cpu1, wall1 = time.process_time(), time.perf_counter()
    after_stats = dataclasses.asdict(bridge.stats()) if bridge else {}
    if hog is not None:
        hog.cancel()
    ended = engine.next_event(lambda e: isinstance(e, CallStateChanged) and e.state is CallState.DISCONNECTED)
    call.hangup()
    del call
    await asyncio.wait_for(ended, 10)
    pump.cancel()
    del account
    engine.shutdown()
    delta = {k: after_stats[k] - before_stats[k] for k in after_stats}
    return {"cpu_percent": 100.0 * (cpu1 - cpu0) / (wall1 - wall0), "seconds": wall1 - wall0, "stats": delta}


def run_child(fx, pulse, mode: str, seconds: float, far: str, busy: bool, capture: Path | None) -> dict:
    env = {**os.environ, **pulse.env}
    proc = subprocess.Popen([sys.executable, __file__, "--child", mode, "--seconds", str(seconds),
                             "--far", far]
                            + (["--busy"] if busy else []), stdout=subprocess.PIPE, env=env, text=True)
    recorder = None
    result: dict = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        if not line.startswith("{"):
            continue
        msg = json.loads(line)
        if msg.get("measuring") and capture is not None:
            recorder = pulse.record("speaker.monitor", capture)
        elif "cpu_percent" in msg:
            result = msg
            if recorder is not None:
                recorder.terminate()
                recorder.wait(10)
    proc.wait(60)
    if not result:
        raise SystemExit(f"the {mode} call did not finish (exit {proc.returncode})")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="6 s per phase instead of 60 s")
    parser.add_argument("--child", choices=("bridge", "null"), help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, default=60.0, help=argparse.SUPPRESS)
    parser.add_argument("--far", help=argparse.SUPPRESS)
    parser.add_argument("--busy", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(child(args.child, args.seconds, args.far, args.busy))), flush=True)
        return 0

    from tandem.sip.audio_analysis import analyse, pcm_samples

    seconds = 6.0 if args.quick else 60.0
    fx = load_fixtures()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "pulse").mkdir()
        pulse = fx.Pulse(root / "pulse")
        pulse.start()
        (root / "far").mkdir()
        tone = fx.make_tone(root / "tone.wav", 1000, seconds * 3 + 60)
        far = fx.Baresip(root / "far", fx.free_port(), f"aufile,{tone}")
        mic = fx.make_tone(root / "mic.wav", 600, seconds * 3 + 60, rate=48000)
        injector = pulse.play("micfeed", mic)
        try:
            target = f"sip:far@127.0.0.1:{far.sip_port}"
            baseline = run_child(fx, pulse, "null", seconds, target, False, None)
            idle = run_child(fx, pulse, "bridge", seconds, target, False, root / "idle.raw")
            busy = run_child(fx, pulse, "bridge", seconds, target, True, root / "busy.raw")
            heard = {name: analyse(pcm_samples((root / f"{name}.raw").read_bytes()), 16000)
                     for name in ("idle", "busy")}
        finally:
            injector.terminate()
            injector.wait(10)
            far.stop()
            pulse.stop()

    minutes = seconds / 60.0
    print(f"machine: shared and loaded (several agents run tests here); {seconds:.0f} s per phase")
    print(f"CPU of one active call with the Qt audio bridge: {idle['cpu_percent']:.1f} % of a core "
          f"(target <= 8 %); baseline without the bridge (pjsua2 null device): "
          f"{baseline['cpu_percent']:.1f} %; bridge adds {idle['cpu_percent'] - baseline['cpu_percent']:.1f} "
          "points")
    for name, result in (("loop idle", idle), ("loop busy 50/100 ms", busy)):
        stats = result["stats"]
        report = heard["idle" if name == "loop idle" else "busy"]
        print(f"{name}: speaker underruns {stats['speaker_underruns'] / minutes:.1f}/min, "
              f"mic underruns {stats['mic_underruns'] / minutes:.1f}/min, "
              f"gaps in the recorded tone {report.cuts / max(report.seconds / 60, 1e-9):.1f}/min "
              f"({report.cuts} in {report.seconds:.0f} s at {report.frequency:.0f} Hz) (target 0); "
              f"drift corrections {(stats['drift_drops'] + stats['drift_repeats']) / minutes:.1f}/min, "
              f"resyncs {stats['resyncs']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
