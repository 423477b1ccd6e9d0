"""The simulator's CDR endpoint: the OSBiz request shape, what `delete` removes, call-model helper."""

from __future__ import annotations

from datetime import datetime

import aiohttp
from conftest import CDR_PASSWORD, CDR_USER

from tandem.journal.parse_osbiz import parse_line
from tandem.journal.records import Direction, InfoCode
from tandem.net.tls import client_tls
from tandem.pbxsim.cdr_server import PORTLET, PORTLET_PATH, CdrBook, CdrServerThread, trunk_call_record

END = datetime(2025, 11, 3, 9, 14, 52)


async def request(sim: CdrServerThread, **query: str) -> tuple[int, bytes]:
    params = {"portlet": PORTLET, "entity": "accounting", "username": f"{CDR_USER}@system",
              "password": CDR_PASSWORD, **query}
    async with aiohttp.ClientSession() as session, session.get(
            f"https://127.0.0.1:{sim.port}{PORTLET_PATH}", params=params,
            ssl=client_tls(sim.server.cert.sha256)) as response:
        return response.status, await response.read()


async def test_get_serves_the_file_and_delete_removes_only_what_was_served(
        cdr_sim: CdrServerThread, cdr_book: CdrBook) -> None:
    first = trunk_call_record(ended_at=END, trunk=1, extension="120", number="08912345678", incoming=True,
                              ring_seconds=7, talk_seconds=161)
    cdr_book.append(first)
    status, body = await request(cdr_sim, action="get")
    assert status == 200 and body == b"03.11.25|09:14:52|1|120|00:07|00:02:41|08912345678||1|||||\r\n"
    later = trunk_call_record(ended_at=END.replace(minute=20), trunk=2, extension="131", number="0049301",
                              incoming=False, talk_seconds=45)
    cdr_book.append(later)  # a call ends between the download and the delete
    assert await request(cdr_sim, action="delete") == (200, b"")
    status, body = await request(cdr_sim, action="get")
    assert [parse_line(line.decode()) for line in body.splitlines()] == [later]
    assert cdr_book.written == [first, later]


async def test_requests_that_are_not_the_portlet_or_not_authorised(cdr_sim: CdrServerThread) -> None:
    assert (await request(cdr_sim, action="get", password="nope"))[0] == 401
    assert (await request(cdr_sim, action="get", username=CDR_USER))[0] == 401  # needs @system
    assert (await request(cdr_sim, action="get", entity="other"))[0] == 404
    assert (await request(cdr_sim, action="fetch"))[0] == 400


def test_call_model_helper_writes_the_information_codes() -> None:
    ring = trunk_call_record(ended_at=END, trunk=1, extension="121", number="0891", incoming=True,
                             ringing_notice=True, ring_seconds=9)
    assert ring.info is InfoCode.RINGING and ring.ring_seconds is None and ring.duration_seconds is None
    passed_on = trunk_call_record(ended_at=END, trunk=1, extension="120", number="0891", incoming=True,
                                  ring_seconds=3, talk_seconds=20, transferred=True)
    assert passed_on.info is InfoCode.INCOMING_TRANSFERRED and passed_on.direction is Direction.INCOMING
    missed = trunk_call_record(ended_at=END, trunk=1, extension="120", number="0891", incoming=True,
                               ring_seconds=30)
    assert missed.duration_seconds is None and missed.ring_seconds == 30
    out = trunk_call_record(ended_at=END, trunk=3, extension="120", number="0891", incoming=False,
                            ring_seconds=5, talk_seconds=0, transferred=True)
    assert out.info is InfoCode.OUTGOING_TRANSFERRED
    assert out.ring_seconds is None and out.duration_seconds == 0
