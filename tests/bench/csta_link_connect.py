"""Benchmark: from connect to 500 devices monitored and snapshotted (target <= 1 s).

The simulated PBX runs in its own process (`tandem pbxsim`), as a real PBX is another machine. The
client connects, logs in, monitors every device with pipelined MonitorStart (bounded in flight) and
snapshots each one into the presence model. Baseline in the same run: a raw TCP echo server doing
the same number of request/answer round trips of the same size with the same number in flight,
i.e. what the network and asyncio alone cost.

    .venv/bin/python tests/bench/csta_link_connect.py [--quick] [--devices 500]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import subprocess
import sys
import time

from tandem.cti.framing import Framing
from tandem.net.csta_link import CstaClient, CstaClientConfig


def start_pbxsim(devices: int) -> tuple[subprocess.Popen[str], int]:
    last = 1000 + devices - 1
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tandem",
            "pbxsim",
            "--csta-port",
            "0",
            "--extensions",
            f"1000-{last}",
            "--heartbeat",
            "0",
            "--no-timestamps",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    match = re.search(r":(\d+),", line)
    if not match:
        proc.kill()
        raise SystemExit(f"the simulator did not start: {line!r}")
    return proc, int(match[1])


async def connect_and_sync(port: int, devices: list[str], query_features: bool) -> float:
    config = CstaClientConfig(
        host="127.0.0.1",
        port=port,
        framing=Framing.SIEMENS,
        heartbeat_interval=None,
        query_features=query_features,
        max_in_flight=32,
    )
    client = CstaClient(config, "77777")
    started = time.perf_counter()
    await client.start()
    await client.monitor(devices)
    await client.wait_synced(60)
    elapsed = time.perf_counter() - started
    assert all(client.presence.device(d).state.value == "idle" for d in devices)
    await client.stop()
    return elapsed


async def echo_baseline(round_trips: int, size: int, in_flight: int) -> float:
    """The same number of pipelined request/answer pairs against a plain TCP echo server."""

    finished = asyncio.Event()

    async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.read(65536):
            writer.write(data)
        writer.close()
        finished.set()

    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    message = b"\x26\x80" + bytes([size - 3]) + b"x" * (size - 3)
    sent = received = 0
    pending = bytearray()
    while received < round_trips:
        while sent < round_trips and sent - received < in_flight:
            writer.write(message)
            sent += 1
        pending += await reader.read(65536)
        got = len(pending) // size
        del pending[: got * size]
        received += got
    elapsed = time.perf_counter() - started
    writer.close()
    await writer.wait_closed()
    await finished.wait()
    server.close()
    await server.wait_closed()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tiny run for CI smoke tests")
    parser.add_argument("--devices", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    count = 50 if args.quick else args.devices
    runs = 1 if args.quick else args.runs
    devices = [str(1000 + i) for i in range(count)]
    proc, port = start_pbxsim(count)
    try:
        full = [asyncio.run(connect_and_sync(port, devices, True)) for _ in range(runs)]
        lean = [asyncio.run(connect_and_sync(port, devices, False)) for _ in range(runs)]
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    # monitorStart + snapshotDevice per device (+ getDoNotDisturb + getForwarding with features)
    baseline = [asyncio.run(echo_baseline(2 * count, 24, 32)) for _ in range(runs)]
    lean_t, full_t, base_t = statistics.median(lean), statistics.median(full), statistics.median(baseline)
    print(f"csta_link_connect: {count} devices, median of {runs} run(s), simulator in its own process")
    print(f"  connect -> monitored + snapshotted:             {lean_t * 1000:8.1f} ms  (target <= 1000 ms)")
    print(f"  connect -> monitored + snapshotted + DND + fwd: {full_t * 1000:8.1f} ms")
    print(f"  baseline, raw TCP echo of {2 * count} pipelined round trips: {base_t * 1000:8.1f} ms")
    print(f"  ratio (CSTA sync / raw echo):                   {lean_t / base_t:8.1f} x")


if __name__ == "__main__":
    main()
