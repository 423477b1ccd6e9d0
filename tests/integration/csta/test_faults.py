"""The simulator's fault switches and association modes, as scenario steps and over raw TCP."""

from __future__ import annotations

import asyncio

import pytest

from tandem.cti.acse import ABRT
from tandem.cti.framing import FrameReader, Framing, frame
from tandem.cti.pdu import decode_pdu, encode_pdu
from tandem.cti.rose import Invoke
from tandem.cti.services import MonitorStartArgument
from tandem.cti.types import DeviceId
from tandem.net.csta_link import CstaError, LinkPhase
from tandem.pbxsim.callmodel import Pbx
from tandem.pbxsim.csta_server import CstaServer, CstaServerSettings
from tandem.pbxsim.scenario import parse_scenario

from .conftest import Office, wait_until


async def test_slow_answers_and_request_timeouts(office: Office) -> None:
    client = await office.client(request_timeout=0.5)
    await client.monitor(["100"])
    await client.wait_synced(20)
    await office.server.run_step(parse_scenario("at 0 slow 0.2").steps[0])
    assert await client.get_do_not_disturb("100") is False  # slow, but within the timeout
    office.server.faults.answer_delay = 2.0
    with pytest.raises(CstaError, match=r"did not answer getDoNotDisturb within 0\.5 s"):
        await client.get_do_not_disturb("100")
    office.server.faults.answer_delay = 0.0
    assert client.status.phase is LinkPhase.READY


async def test_reject_aarq_and_restart_as_scenario_steps(office: Office) -> None:
    client = await office.client(login_retry_delay=0.2)
    await client.monitor(["100"])
    await client.wait_synced(20)
    steps = parse_scenario("at 0 reject-aarq on\nat 0 restart\n").steps
    for step in steps:
        await office.server.run_step(step)
    await wait_until(lambda: "refused the CSTA login" in (client.status.error or ""), 10, "the refused login")
    await office.server.run_step(parse_scenario("at 0 reject-aarq off").steps[0])
    await client.wait_synced(20)
    assert office.server.monitor_counts() == {"100": 1}


@pytest.mark.parametrize("strict", [True, False], ids=["strict", "lenient"])
async def test_pdu_before_association(strict: bool) -> None:
    server = CstaServer(Pbx(["100"]), CstaServerSettings(port=0, framing=Framing.RAW, strict=strict))
    await server.start()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        invoke = Invoke(
            invoke_id=1, opcode=71, argument=MonitorStartArgument(monitor_object=DeviceId(number="100"))
        )
        writer.write(frame(encode_pdu(invoke), Framing.RAW))
        await writer.drain()
        if strict:
            frames = FrameReader(Framing.RAW)
            data = await asyncio.wait_for(reader.read(), 10)  # until the server closes
            frames.feed(data)
            item = frames.next_frame()
            assert item is not None and isinstance(decode_pdu(item.pdu), ABRT)
        else:
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(reader.read(1), 0.5)  # ignored; the link stays open
            assert len(server.sessions) == 1
        writer.close()
        await writer.wait_closed()
    finally:
        await server.stop()
