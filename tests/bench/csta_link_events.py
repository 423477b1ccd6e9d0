"""Benchmark: sustained event throughput over TCP into the presence model, and the loop's max lag.

The simulated PBX runs in its own process and, for a fixed time (10 s), drives calls between 500
monitored extensions as fast as the client takes them (make, answer, clear: 9 event reports a
call). The client maps every event to a domain event and applies it to the PresenceModel; a ticker
measures how late the asyncio loop runs a 5 ms timer. Targets: >= 5,000 events/s, max lag <= 50 ms.
Baseline in the same run: the same stream with the presence model switched off (wire decoding and
the link machine only), to show what presence costs.

    .venv/bin/python tests/bench/csta_link_events.py [--quick] [--seconds 10] [--devices 500]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import multiprocessing as mp
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tandem.core.callevents import Connection
from tandem.cti.framing import Framing
from tandem.net.csta_link import CstaClient, CstaClientConfig

MAX_BUFFERED = 256 * 1024  # bytes queued per session before the simulator waits for the client


def simulator(devices: list[str], seconds: float, ports: Any, go: Any, results: Any, finished: Any) -> None:
    asyncio.run(_simulate(devices, seconds, ports, go, results, finished))


async def _simulate(
    devices: list[str], seconds: float, ports: Any, go: Any, results: Any, finished: Any
) -> None:
    from tandem.pbxsim.callmodel import Pbx
    from tandem.pbxsim.csta_server import CstaServer, CstaServerSettings

    pbx = Pbx(devices, trunks=0)
    server = CstaServer(pbx, CstaServerSettings(port=0, heartbeat_interval=None, timestamps=True))
    await server.start()
    ports.put(server.port)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, go.wait)
    pairs = [(devices[i], devices[i + 1]) for i in range(0, len(devices) - 1, 2)]
    end = loop.time() + seconds
    calls = 0
    while loop.time() < end:
        for a, b in pairs[:25]:
            leg = pbx.make_call(a, b)
            pbx.answer_call(Connection(leg.call_id, b))
            pbx.clear_connection(leg)
            calls += 1
        await asyncio.sleep(0)
        while any(
            s.transport is not None and s.transport.get_write_buffer_size() > MAX_BUFFERED
            for s in server.sessions.values()
        ):
            await asyncio.sleep(0.001)
    sent = sum(s.events_sent for s in server.sessions.values())
    results.put((calls, sent))
    await loop.run_in_executor(None, finished.wait, 120)
    await server.stop()


@dataclass
class Outcome:
    events: int
    seconds: float
    max_lag: float
    calls: int
    max_gc_pause: float

    @property
    def rate(self) -> float:
        return self.events / self.seconds


async def until(condition: Callable[[], bool], client: CstaClient, what: str) -> None:
    """Wait for `condition`; fail loudly (not hang) when the stream stops moving for 20 s."""
    last, still = client.events_received, time.monotonic()
    while not condition():
        await asyncio.sleep(0.001)
        if client.events_received != last:
            last, still = client.events_received, time.monotonic()
        elif time.monotonic() - still > 20:
            raise SystemExit(
                f"stuck waiting for {what}: {client.events_received} events received, link {client.status}"
            )


class GcWatch:
    """The longest garbage-collector pause while installed (it explains a part of the loop lag)."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._started = 0.0

    def __call__(self, phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.longest = max(self.longest, time.perf_counter() - self._started)


async def run(devices: list[str], seconds: float, presence: bool, freeze: bool) -> Outcome:
    ctx = mp.get_context("spawn")
    ports, results, go, finished = ctx.Queue(), ctx.Queue(), ctx.Event(), ctx.Event()
    proc = ctx.Process(target=simulator, args=(devices, seconds, ports, go, results, finished), daemon=True)
    proc.start()
    loop = asyncio.get_running_loop()
    port = await loop.run_in_executor(None, ports.get, True, 60)
    config = CstaClientConfig(
        host="127.0.0.1", port=port, framing=Framing.SIEMENS, heartbeat_interval=None, query_features=False
    )
    client = CstaClient(config, "77777")
    if not presence:
        client.presence.apply = lambda _event: None  # type: ignore[method-assign]
    await client.start()
    await client.monitor(devices)
    await client.wait_synced(60)
    lag = 0.0
    ticking = True

    async def ticker() -> None:
        nonlocal lag
        while ticking:
            before = loop.time()
            await asyncio.sleep(0.005)
            lag = max(lag, loop.time() - before - 0.005)

    if freeze:
        gc.freeze()  # what an application can do once its long-lived objects exist
    watch = GcWatch()
    gc.callbacks.append(watch)
    ticks = asyncio.create_task(ticker())
    first = client.events_received
    go.set()
    await until(lambda: client.events_received > first, client, "the first event of the burst")
    started = time.perf_counter()  # from the first event of the burst
    first = client.events_received
    calls, sent = await loop.run_in_executor(None, results.get, True, seconds + 120)
    await until(lambda: client.events_received >= sent, client, f"all {sent} events")
    elapsed = time.perf_counter() - started
    ticking = False
    await ticks
    gc.callbacks.remove(watch)
    if freeze:
        gc.unfreeze()
    outcome = Outcome(client.events_received - first, elapsed, lag, calls, watch.longest)
    if presence:
        assert all(client.presence.device(d).state.value == "idle" for d in devices), "presence is wrong"
    await client.stop()
    finished.set()
    proc.join(30)
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tiny run for CI smoke tests")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--devices", type=int, default=500)
    args = parser.parse_args()
    seconds = 1.0 if args.quick else args.seconds
    count = 100 if args.quick else args.devices
    devices = [str(1000 + i) for i in range(count)]
    with_presence = asyncio.run(run(devices, seconds, presence=True, freeze=False))
    baseline = asyncio.run(run(devices, seconds, presence=False, freeze=False))
    frozen = asyncio.run(run(devices, seconds, presence=True, freeze=True))
    print(f"csta_link_events: {count} devices monitored, {seconds:g} s burst, simulator in its own process")
    print(
        f"  end to end into the presence model: {with_presence.rate:9.0f} events/s "
        f"({with_presence.events} events, {with_presence.calls} calls)  (target >= 5000)"
    )
    lag_ms = with_presence.max_lag * 1000
    print(
        f"  max asyncio loop lag during the burst: {lag_ms:6.1f} ms  (target <= 50 ms; longest GC pause "
        f"{with_presence.max_gc_pause * 1000:.1f} ms)"
    )
    print(
        f"  baseline, same stream without the presence model: {baseline.rate:9.0f} events/s, "
        f"max lag {baseline.max_lag * 1000:.1f} ms"
    )
    print(f"  ratio (with presence / without):     {with_presence.rate / baseline.rate:9.2f}")
    print(
        f"  with gc.freeze() after the initial sync: {frozen.rate:9.0f} events/s, max lag "
        f"{frozen.max_lag * 1000:.1f} ms (longest GC pause {frozen.max_gc_pause * 1000:.1f} ms)"
    )


if __name__ == "__main__":
    main()
