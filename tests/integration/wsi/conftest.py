"""A simulated office (call model + WSI endpoint on HTTP and HTTPS, loopback, free ports) per test."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tandem.core.callevents import TelephonyEvent
from tandem.net.wsi_client import PollPolicy, WsiClient, WsiEndpoint
from tandem.pbxsim.callmodel import Pbx
from tandem.pbxsim.certs import ServerCertificate, generate_self_signed
from tandem.pbxsim.wsi_server import WsiOffice, WsiServer, connect_call_model
from tandem.wsi.events import WsiFeedItem

T = TypeVar("T")

EXTENSIONS = ("120", "121", "122")
FAST_POLL = PollPolicy(poll_timeout=15.0, min_interval=0.05, backoff_initial=0.05, backoff_max=0.5)


def uc_password(extension: str) -> str:
    return f"uc-{extension}-pw"


@dataclass
class Sim:
    office: WsiOffice
    pbx: Pbx
    server: WsiServer
    cert: ServerCertificate
    emitted: list[tuple[frozenset[str], TelephonyEvent]] = field(default_factory=list)

    def http(self) -> WsiEndpoint:
        assert self.server.http_port is not None
        return WsiEndpoint("127.0.0.1", self.server.http_port, https=False)

    def https(self, pin: str | None = None, cafile: str | None = None) -> WsiEndpoint:
        assert self.server.https_port is not None
        return WsiEndpoint("127.0.0.1", self.server.https_port, https=True,
                           pin_sha256=self.cert.sha256 if pin is None else pin, cafile=cafile)


@pytest.fixture
async def sim(tmp_path: Path) -> AsyncIterator[Sim]:
    office = WsiOffice()
    pbx = Pbx(EXTENSIONS)
    connect_call_model(office, pbx, uc_password)
    server = WsiServer(office)
    cert = generate_self_signed(tmp_path / "certs")
    await server.start(certificate=cert)
    state = Sim(office, pbx, server, cert)
    pbx.listeners.append(lambda devices, event: state.emitted.append((devices, event)))
    try:
        yield state
    finally:
        await server.close()


OpenClient = Callable[..., Awaitable[WsiClient]]


@pytest.fixture
async def open_client(sim: Sim) -> AsyncIterator[OpenClient]:
    """Log a client in (HTTP by default) and log it out after the test."""
    opened: list[WsiClient] = []

    async def open_(user: str = "120", endpoint: WsiEndpoint | None = None, **kwargs: Any) -> WsiClient:
        kwargs.setdefault("poll", FAST_POLL)
        client = WsiClient(endpoint or sim.http(), user, uc_password(user), **kwargs)
        await client.__aenter__()
        opened.append(client)
        return client

    yield open_
    for client in opened:
        await client.close()


WaitUntil = Callable[..., Awaitable[None]]


@pytest.fixture
def wait_until() -> WaitUntil:
    """`await wait_until(condition)`: until `condition()` holds (checked every few ms); the test fails
    after `timeout` seconds, generous for a loaded machine."""

    async def wait(condition: Callable[[], bool], timeout: float = 20.0) -> None:
        async def poll() -> None:
            while not condition():
                await asyncio.sleep(0.01)

        await asyncio.wait_for(poll(), timeout)

    return wait


class Feed:
    """A client's event feed running in the background, collecting what it yields."""

    def __init__(self, client: WsiClient) -> None:
        self.items: list[WsiFeedItem] = []
        self._task = asyncio.create_task(self._run(client))

    async def _run(self, client: WsiClient) -> None:
        async for item in client.feed():
            self.items.append(item)

    def of_type(self, kind: type[T]) -> list[T]:
        return [item for item in self.items if isinstance(item, kind)]

    async def stop(self) -> None:
        self._task.cancel()
        try:
            await self._task
        except asyncio.CancelledError:
            pass


StartFeed = Callable[[WsiClient], Feed]


@pytest.fixture
async def start_feed(open_client: OpenClient) -> AsyncIterator[StartFeed]:
    """Start a client's feed in the background; stopped before the clients log out."""
    feeds: list[Feed] = []

    def start(client: WsiClient) -> Feed:
        feed = Feed(client)
        feeds.append(feed)
        return feed

    yield start
    for feed in feeds:
        await feed.stop()
