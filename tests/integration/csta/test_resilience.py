"""The link survives real life: bursts, drops mid-call, PBX restarts, a wrong password, garbage."""

from __future__ import annotations

import asyncio
import importlib.util
import random
from pathlib import Path

from tandem.core.presence import DeviceState
from tandem.net.csta_link import LinkPhase, LinkStatus

from .conftest import Office, mismatches, presence_matches, wait_until

_spec = importlib.util.spec_from_file_location(
    "callmodel_tests", Path(__file__).parents[2] / "unit" / "pbxsim" / "test_callmodel.py"
)
assert _spec is not None and _spec.loader is not None
_callmodel_tests = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_callmodel_tests)
random_step = _callmodel_tests.random_step

DEVICES = [str(n) for n in range(100, 300)]


async def burst(office: Office, rng: random.Random, steps: int) -> None:
    """Random office life, yielding to the loop now and then so events flow while it goes on."""
    for i in range(steps):
        random_step(office.pbx, rng)
        if i % 20 == 0:
            await asyncio.sleep(0)


async def test_200_devices_equal_the_pbx_after_a_burst(office: Office) -> None:
    client = await office.client()
    await client.monitor(DEVICES)
    await client.wait_synced(30)
    assert office.server.monitor_counts() == dict.fromkeys(DEVICES, 1)
    rng = random.Random(42)
    await burst(office, rng, 3000)
    await wait_until(lambda: presence_matches(client, office.pbx), 30, "presence to equal the PBX")
    busy = [d for d in DEVICES if client.presence.device(d).state is not DeviceState.IDLE]
    assert len(busy) > 20, "the burst should leave a busy office behind"
    assert client.events_received > 1000


async def test_link_dropped_mid_call_and_mid_burst(office: Office) -> None:
    client = await office.client()
    await client.monitor(DEVICES[:50])
    await client.wait_synced(30)
    leg = await client.make_call("100", "101")
    await wait_until(lambda: client.presence.device("101").state is DeviceState.RINGING)
    office.server.drop_links()
    # While the link is down the call goes on: 101 answers, 102 gets called.
    office.pbx.answer_call(type(leg)(leg.call_id, "101"))
    office.pbx.make_call("102", "103")
    await wait_until(lambda: client.resyncs >= 2 and client.synced, 30, "the resync after the drop")
    await wait_until(lambda: presence_matches(client, office.pbx), 15, "presence after the drop")
    assert client.presence.device("101").state is DeviceState.BUSY
    assert client.presence.device("103").state is DeviceState.RINGING
    # Mid-burst: drop the link every few hundred steps while calls keep happening.
    rng = random.Random(7)
    for _ in range(5):
        await burst(office, rng, 300)
        office.server.drop_links()
        await burst(office, rng, 100)
    await wait_until(
        lambda: client.synced and presence_matches(client, office.pbx), 30, "presence after drops mid-burst"
    )
    assert office.server.monitor_counts() == dict.fromkeys(DEVICES[:50], 1)


async def test_pbx_restarted_50_times(office: Office) -> None:
    devices = DEVICES[:40]
    client = await office.client()
    await client.monitor(devices)
    await client.wait_synced(30)
    rng = random.Random(3)
    recoveries: list[float] = []
    loop = asyncio.get_running_loop()
    for round_ in range(50):
        await office.server.stop()
        await wait_until(lambda: client.status.phase is not LinkPhase.READY, 10, "the client to notice")
        await burst(office, rng, 20)  # the office changes while the link is down
        await office.server.start()
        started = loop.time()
        await wait_until(
            lambda: client.synced and presence_matches(client, office.pbx),
            20,
            f"recovery #{round_ + 1}: {mismatches(client, office.pbx)[:3]}",
        )
        recoveries.append(loop.time() - started)
        counts = office.server.monitor_counts()
        assert counts == dict.fromkeys(devices, 1), (
            f"duplicate or missing monitors after restart {round_ + 1}"
        )
        await burst(office, rng, 20)  # and while it is up
        await wait_until(lambda: presence_matches(client, office.pbx), 10, "presence after the burst")
    assert max(recoveries) < 10.0
    assert office.server.associations == 51


async def test_wrong_password_gives_one_clear_error_and_a_slow_retry(office: Office) -> None:
    seen: list[LinkStatus] = []
    client = await office.client(password="wrong", start=False, login_retry_delay=1.0)
    client.on_status(seen.append)
    await client.start()
    await wait_until(lambda: client.status.phase is LinkPhase.BACKING_OFF, 10, "the login to fail")
    error = client.status.error
    assert error is not None
    assert (
        error
        == f"127.0.0.1:{office.server.port} refused the CSTA login as 'AMHOST' (authenticationFailure): "
        "wrong name or password?"
    )
    assert client.status.retry_in is not None and client.status.retry_in >= 0.75
    connections_before = office.server.connections
    await asyncio.sleep(1.5)  # a deliberate wait: we are measuring that nothing happens quickly
    assert office.server.connections - connections_before <= 2, (
        "a wrong password must not cause a retry storm"
    )
    assert {s.error for s in seen if s.phase is LinkPhase.BACKING_OFF} == {error}
    assert office.server.associations == 0


async def test_garbage_closes_and_reestablishes_the_link_keeping_presence(office: Office) -> None:
    client = await office.client()
    await client.monitor(DEVICES[:30])
    await client.wait_synced(30)
    leg = office.pbx.make_call("100", "101")
    await wait_until(lambda: client.presence.device("101").state is DeviceState.RINGING)
    statuses: list[LinkStatus] = []
    client.on_status(statuses.append)
    views_during_recovery: list[DeviceState] = []
    client.on_status(lambda s: views_during_recovery.append(client.presence.device("101").state))
    office.server.send_garbage()
    await wait_until(lambda: any(s.phase is LinkPhase.BACKING_OFF for s in statuses), 10, "the link to close")
    error = next(s.error for s in statuses if s.phase is LinkPhase.BACKING_OFF)
    assert error is not None and "protocol error" in error and "at byte" in error
    await wait_until(lambda: client.synced and client.resyncs >= 2, 30, "the link to come back")
    assert set(views_during_recovery) == {DeviceState.RINGING}, "presence must not be lost while recovering"
    office.pbx.answer_call(type(leg)(leg.call_id, "101"))
    await wait_until(lambda: presence_matches(client, office.pbx), 10, "presence after recovery")
    assert client.presence.device("101").state is DeviceState.BUSY
    assert office.server.monitor_counts() == dict.fromkeys(DEVICES[:30], 1)


async def test_refused_connection_and_stall_are_named(office: Office) -> None:
    port = office.server.port
    await office.server.stop()
    client = await office.client(heartbeat_interval=0.3, request_timeout=0.6)
    await wait_until(lambda: client.status.phase is LinkPhase.BACKING_OFF, 10, "the refused connection")
    assert (
        client.status.error == f"127.0.0.1:{port} refused the connection: is the PBX's CSTA link enabled "
        "on that port?"
    )
    await office.server.start()
    await client.monitor(["100"])
    await client.wait_synced(20)
    office.server.stall(3.0)
    await wait_until(lambda: client.status.phase is LinkPhase.BACKING_OFF, 10, "the stall to be noticed")
    assert "stopped answering heartbeats (timed out)" in (client.status.error or "")
    await client.wait_synced(20)


async def test_device_gone_after_reconnect_reads_unknown(office: Office) -> None:
    client = await office.client()
    await client.monitor(["100", "101"])
    await client.wait_synced(20)
    assert client.presence.device("101").state is DeviceState.IDLE
    del office.pbx.extensions["101"]  # reconfigured while the link was down
    office.server.drop_links()
    await wait_until(lambda: client.synced and client.resyncs >= 2, 20, "the resync")
    assert client.presence.device("101").state is DeviceState.UNKNOWN
    assert client.presence.device("100").state is DeviceState.IDLE
