"""Benchmark: the GUI loop's lag while 2,000 CSTA events/s stream into the window.

The simulated PBX runs in its own process and makes calls between 200 monitored extensions at a
fixed pace (a call is 9 event reports: 2,000 events/s is ~222 calls/s). The window (offscreen, the
colleagues board showing all 200 tiles) is fed through the real CSTA link on the Qt loop (qasync); a
5 ms QTimer measures how late the loop runs it. Target: max lag <= 50 ms.
Baseline in the same run: the same stream into a headless CSTA client and presence model on a
plain asyncio loop (no Qt, no widgets), measured the same way with an asyncio timer.

    .venv/bin/python tests/bench/gui_events.py [--quick] [--seconds 10] [--rate 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import multiprocessing as mp
import os
import statistics
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tandem.core.callevents import Connection
from tandem.core.presence import PresenceModel
from tandem.cti.framing import Framing
from tandem.net.csta_link import CstaClient, CstaClientConfig

EVENTS_PER_CALL = 9
DEVICES = [str(n) for n in range(1000, 1200)]
PASSWORD = "77777"  # the simulator's default test login


def simulator(rate: float, seconds: float, ports: Any, go: Any, done: Any) -> None:
    async def run() -> None:
        from tandem.pbxsim.callmodel import Pbx
        from tandem.pbxsim.csta_server import CstaServer, CstaServerSettings

        pbx = Pbx(DEVICES, trunks=0)
        server = CstaServer(pbx, CstaServerSettings(port=0, heartbeat_interval=None))
        await server.start()
        ports.put(server.port)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, go.wait)
        pairs = [(DEVICES[i], DEVICES[i + 1]) for i in range(0, len(DEVICES) - 1, 2)]
        start, tick, made = loop.time(), 0, 0
        while loop.time() - start < seconds:
            due = int((loop.time() - start) * rate / EVENTS_PER_CALL) - made  # paced, 100 ticks a second
            for _ in range(max(0, due)):
                a, b = pairs[made % len(pairs)]
                leg = pbx.make_call(a, b)
                pbx.answer_call(Connection(leg.call_id, b))
                pbx.clear_connection(leg)
                made += 1
            tick += 1
            await asyncio.sleep(max(0.0, start + tick / 100 - loop.time()))
        done.put(made * EVENTS_PER_CALL / (loop.time() - start))
        await asyncio.sleep(1.0)
        await server.stop()

    asyncio.run(run())


def start_simulator(rate: float, seconds: float) -> tuple[Any, int, Any, Any]:
    ctx = mp.get_context("spawn")
    ports, go, done = ctx.Queue(), ctx.Event(), ctx.Queue()
    proc = ctx.Process(target=simulator, args=(rate, seconds, ports, go, done), daemon=True)
    proc.start()
    return proc, int(ports.get(timeout=30)), go, done


def config(port: int) -> CstaClientConfig:
    return CstaClientConfig(host="127.0.0.1", port=port, framing=Framing.SIEMENS, heartbeat_interval=None)


async def headless(rate: float, seconds: float) -> tuple[float, float, float]:
    proc, port, go, done = start_simulator(rate, seconds)
    client = CstaClient(config(port), PASSWORD, PresenceModel())
    await client.monitor(DEVICES)
    await client.start()
    await client.wait_synced(60)
    lags: list[float] = []
    go.set()
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while loop.time() < end:
        before = loop.time()
        await asyncio.sleep(0.005)
        lags.append(loop.time() - before - 0.005)
    sent = done.get(timeout=30)
    await client.stop()
    proc.join(10)
    return max(lags) * 1000, statistics.quantiles(lags, n=100)[98] * 1000, sent


def windowed(rate: float, seconds: float) -> tuple[float, float, float, int]:
    import qasync
    from PySide6.QtCore import QElapsedTimer, QTimer

    from tandem.config.credentials import CredentialStore
    from tandem.config.paths import Paths
    from tandem.config.settings import CstaSettings, Settings, UiSettings
    from tandem.gui.app import TandemApp, application
    from tandem.gui.session import Session
    from tandem.gui.wiring import wire

    app = application()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    proc, port, go, done = start_simulator(rate, seconds)
    settings = Settings(csta=CstaSettings(enabled=True, host="127.0.0.1", port=port, own_extension=DEVICES[0],
                                          monitored=tuple(DEVICES), heartbeat_interval=600.0),
                        ui=UiSettings(close_to_tray=False))
    credentials = CredentialStore.memory_only("benchmark")
    credentials.set("csta", "AMHOST", PASSWORD)
    os.environ.setdefault("TANDEM_HOME", os.path.join("/tmp", f"tandem-bench-gui-{os.getpid()}"))
    session = Session(settings, Paths.from_env(), credentials)
    wire(session)
    tandem = TandemApp(session)
    lags: list[float] = []

    async def body() -> tuple[float, int]:
        tandem.window.show()
        await session.start()
        if not await session.wait_ready(60):
            raise SystemExit("the window's CSTA link did not sync")
        gc.freeze()
        clock = QElapsedTimer()
        ticker = QTimer()
        ticker.setInterval(5)

        def tick() -> None:
            lags.append(clock.nsecsElapsed() / 1e9 - 0.005)
            clock.restart()

        ticker.timeout.connect(tick)
        clock.start()
        ticker.start()
        go.set()
        await asyncio.sleep(seconds)
        ticker.stop()
        sent = await asyncio.get_running_loop().run_in_executor(None, lambda: done.get(timeout=30))
        applied = session.presence.events_applied
        tandem.close()
        tandem.window.quit()
        await session.stop()
        return sent, applied

    with loop:
        sent, applied = loop.run_until_complete(body())
    proc.join(10)
    lags = lags[1:]
    return max(lags) * 1000, statistics.quantiles(lags, n=100)[98] * 1000, sent, applied


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=2000.0)
    args = parser.parse_args()
    seconds = 2.0 if args.quick else args.seconds
    base_max, base_p99, base_rate = asyncio.run(headless(args.rate, seconds))
    gui_max, gui_p99, gui_rate, applied = windowed(args.rate, seconds)
    print(f"{len(DEVICES)} monitored extensions, {seconds:.0f} s at {args.rate:.0f} events/s requested")
    print(f"headless client + presence model (baseline): {base_rate:.0f} events/s sent, loop lag max "
          f"{base_max:.1f} ms, p99 {base_p99:.1f} ms")
    print(f"Tandem window (colleagues board, calls panel): {gui_rate:.0f} events/s sent, {applied} applied, "
          f"Qt loop lag max {gui_max:.1f} ms (target <= 50 ms), p99 {gui_p99:.1f} ms")
    print(f"ratio vs baseline: max lag x{gui_max / max(base_max, 0.1):.1f}, "
          f"p99 x{gui_p99 / max(base_p99, 0.1):.1f}")


if __name__ == "__main__":
    main()
