"""The demo office's SIP side against real processes: the simulator child as `tandem --demo` starts it,
the user's softphone as `tandem sip call|answer` (its own pjsua2 endpoint, so this test process never
holds one), and a CSTA client in this process watching the office as Tandem's colleague board does."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tandem.core.presence import DevicePresence, DeviceState, PresenceModel
from tandem.cti.framing import Framing
from tandem.gui.demo import DemoOffice, free_sip_port, start_office
from tandem.net.csta_link import CstaClient, CstaClientConfig
from tandem.sip.audio_analysis import goertzel_power, read_wav

# The four notes of resources/sounds/colleague-chime.wav (see the README there).
CHIME_NOTES = (523.25, 659.26, 783.99, 1046.50)
ROOT = Path(__file__).resolve().parents[3]
_rtp_next = [32000 + (os.getpid() % 100) * 200]


@dataclass
class Office:
    """The simulator child and the address the user's softphone must listen on."""

    process: DemoOffice
    softphone_port: int
    tmp: Path

    @property
    def info(self) -> dict[str, Any]:
        return self.process.info

    @property
    def sip_address(self) -> str:
        return f"127.0.0.1:{self.info['sip_port']}"

    def softphone_args(self) -> list[str]:
        """`tandem sip` options that make it the demo's softphone (extension 220, no registration)."""
        _rtp_next[0] += 20
        return ["--registrar", self.sip_address, "--user", str(self.info["softphone"]), "--no-register",
                "--bind", "127.0.0.1", "--sip-port", str(self.softphone_port),
                "--rtp-port", str(_rtp_next[0])]

    async def softphone(self, *args: str) -> asyncio.subprocess.Process:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tandem", "sip", *args, stdout=asyncio.subprocess.PIPE,
            env={**os.environ, "TANDEM_HOME": str(self.tmp / "softphone-home")}, cwd=ROOT)


@pytest.fixture
def demo_office(tmp_path: Path) -> Iterator[Callable[[str], Office]]:
    """Start the simulator (`scenario` is the text of its scenario file: scripted colleagues, no
    random office life); at the end it must stop cleanly, SIP engine included."""
    started: list[DemoOffice] = []

    def start(scenario: str) -> Office:
        path = tmp_path / f"scenario{len(started)}.txt"
        path.write_text(scenario)
        port = free_sip_port()
        process = start_office(str(path), softphone_port=port)
        started.append(process)
        assert process.info["sip_port"], "the demo office has no SIP side"
        return Office(process, port, tmp_path)

    yield start
    for process in started:
        process.stop()
        assert process.process.returncode == 0, "the simulator did not end cleanly"


@dataclass
class OfficeView:
    """What a CSTA client sees of some devices: every tile change, in order."""

    presence: PresenceModel
    seen: list[tuple[str, DeviceState, str | None]] = field(default_factory=list)

    def record(self, tile: DevicePresence) -> None:
        entry = (tile.device, tile.state, tile.party)
        if not self.seen or self.seen[-1] != entry:
            self.seen.append(entry)

    def story(self, device: str) -> list[tuple[DeviceState, str | None]]:
        """The device's states in order, repeats collapsed."""
        out: list[tuple[DeviceState, str | None]] = []
        for d, state, party in self.seen:
            if d == device and (not out or out[-1] != (state, party)):
                out.append((state, party))
        return out

    def went_through(self, device: str, *steps: tuple[DeviceState, str | None]) -> bool:
        """The device showed `steps` in this order (other states in between allowed: a leg clears a
        moment before the whole call does)."""
        story = iter(self.story(device))
        return all(step in story for step in steps)

    async def wait(self, device: str, state: DeviceState, party: str | None, timeout: float = 20) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        while (state, party) not in self.story(device):
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"{device} never showed {state.value} with {party}: "
                                     f"{self.story(device)}")
            await asyncio.sleep(0.02)


@contextlib.asynccontextmanager
async def csta_view(office: Office, devices: list[str]) -> AsyncIterator[OfficeView]:
    """Watch `devices` over the simulator's CSTA link, as Tandem's colleague board does."""
    login, password = office.info["logins"]["csta"]
    presence = PresenceModel(devices)
    view = OfficeView(presence)
    unsubscribe = presence.subscribe(view.record)
    client = CstaClient(CstaClientConfig(host="127.0.0.1", port=int(office.info["csta_port"]),
                                         framing=Framing.SIEMENS, login_name=login, heartbeat_interval=None),
                        password, presence)
    await client.monitor(devices)
    await client.start()
    try:
        await client.wait_synced(30)
        yield view
    finally:
        unsubscribe()
        await client.stop()


async def result_of(process: asyncio.subprocess.Process, timeout: float = 60) -> dict[str, Any]:
    """The last JSON line a `tandem sip` command printed, once it ended with exit status 0."""
    assert process.stdout is not None
    out = await asyncio.wait_for(process.stdout.read(), timeout)
    code = await asyncio.wait_for(process.wait(), 10)
    lines = [json.loads(line) for line in out.decode().splitlines() if line.startswith("{")]
    assert lines, f"no result (exit {code})"
    assert code == 0, lines[-1]
    return dict(lines[-1])


def chime_windows(path: Path) -> tuple[list[float], int]:
    """For each loud 0.1 s window of a recording, the chime note it holds (0.0 when it holds none
    of them), and the longest run of quiet windows."""
    samples, rate = read_wav(path)
    n = rate // 10
    notes: list[float] = []
    quiet = longest = 0
    for start in range(0, len(samples) - n + 1, n):
        window = [float(x) for x in samples[start:start + n]]
        energy = sum(x * x for x in window) * n / 2.0
        if energy / (n * n / 2.0) < (0.02 * 32768) ** 2:  # rms below 2 % of full scale
            quiet += 1
            longest = max(longest, quiet)
            continue
        quiet = 0
        best = max(CHIME_NOTES, key=lambda f: goertzel_power(window, rate, f))
        notes.append(best if goertzel_power(window, rate, best) / energy > 0.5 else 0.0)
    return notes, longest
