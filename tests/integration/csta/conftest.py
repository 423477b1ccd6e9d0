"""A simulated PBX on a free loopback port and CSTA clients talking to it over real TCP."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Callable

import pytest

from tandem.core.presence import PresenceModel
from tandem.cti.framing import Framing
from tandem.net.csta_link import CstaClient, CstaClientConfig
from tandem.pbxsim.callmodel import Pbx, parse_extension_range
from tandem.pbxsim.csta_server import CstaServer, CstaServerSettings

PASSWORD = "77777"


async def wait_until(condition: Callable[[], bool], timeout: float = 15.0, what: str = "condition") -> None:
    """Wait on a condition (never a fixed sleep); generous for a loaded 2-core machine."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        await asyncio.sleep(0.005)


def presence_matches(client: CstaClient, pbx: Pbx, devices: list[str] | None = None) -> bool:
    for device in devices or sorted(client.monitored):
        if client.presence.legs(device) != pbx.legs(device):
            return False
        if client.presence.device(device) != pbx.presence(device):
            return False
    return True


def mismatches(client: CstaClient, pbx: Pbx) -> list[str]:
    return [
        f"{d}: client {client.presence.device(d)} {client.presence.legs(d)} "
        f"!= pbx {pbx.presence(d)} {pbx.legs(d)}"
        for d in sorted(client.monitored)
        if client.presence.legs(d) != pbx.legs(d) or client.presence.device(d) != pbx.presence(d)
    ]


@dataclasses.dataclass
class Office:
    pbx: Pbx
    server: CstaServer
    framing: Framing
    clients: list[CstaClient] = dataclasses.field(default_factory=list)

    def config(self, **changes: object) -> CstaClientConfig:
        base = CstaClientConfig(
            host="127.0.0.1",
            port=self.server.port,
            framing=self.framing,
            connect_timeout=5.0,
            request_timeout=10.0,
            heartbeat_interval=2.0,
            backoff_initial=0.05,
            backoff_max=0.5,
            backoff_jitter=0.2,
            login_retry_delay=1.0,
        )
        return dataclasses.replace(base, **changes)  # type: ignore[arg-type]

    async def client(
        self, password: str | None = PASSWORD, start: bool = True, **changes: object
    ) -> CstaClient:
        client = CstaClient(self.config(**changes), password, PresenceModel())
        self.clients.append(client)
        if start:
            await client.start()
        return client


@pytest.fixture(params=[Framing.SIEMENS, Framing.RAW], ids=["siemens", "raw"])
async def office(request: pytest.FixtureRequest) -> AsyncIterator[Office]:
    framing: Framing = request.param
    pbx = Pbx(parse_extension_range("100-349"), trunks=8)
    server = CstaServer(pbx, CstaServerSettings(port=0, framing=framing, heartbeat_interval=1.0))
    await server.start()
    office = Office(pbx, server, framing)
    try:
        yield office
    finally:
        for client in office.clients:
            await client.stop()
        await server.stop()
