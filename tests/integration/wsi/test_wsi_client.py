"""The WSI client against the simulator's /cgi-bin/gadgetapi over real HTTP and HTTPS on loopback."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from datetime import datetime, timedelta
from typing import Any

import pytest

from tandem.core.callevents import Connection
from tandem.core.presence import DeviceState, PresenceModel
from tandem.core.ucpresence import UcPresence, UcPresenceStatus, colleague_summary
from tandem.net.wsi_client import WsiClient, WsiEndpoint, run_presence_feed
from tandem.pbxsim.wsi_server import WSI_EVENT_NAMES
from tandem.wsi.errors import WsiCommandFailed, WsiLoginRefused, WsiMalformedReply, WsiUnreachable
from tandem.wsi.events import (
    WsiCallEvent,
    WsiFeedProblem,
    WsiPresenceEvent,
    WsiSessionRenewed,
    to_telephony_event,
)
from tandem.wsi.journal import JournalDirection

# Fixture types (conftest): sim: Sim, open_client(user, endpoint, **kw), start_feed(client) -> Feed,
# wait_until(condition, timeout).


def in_an_hour() -> datetime:
    return (datetime.now() + timedelta(hours=1)).replace(second=0, microsecond=0)


# --- login ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("user", "password", "reason", "hint"), [
    ("120", "not-the-password", "INVALID_PASSWORD", "wrong UC password?"),
    ("199", "uc-199-pw", "UNKNOWN_USER", "is 199 a UC user on this PBX?"),
])
async def test_a_refused_login_says_why_and_leaves_no_session(sim: Any, user: str, password: str,
                                                              reason: str, hint: str) -> None:
    client = WsiClient(sim.http(), user, password)
    with pytest.raises(WsiLoginRefused) as info:
        await client.__aenter__()
    message = str(info.value)
    where = f"PBX 127.0.0.1:{sim.server.http_port}"
    assert message == f"{where} refused the WSI login of {user} ({reason}): {hint}"
    assert password not in message
    assert info.value.reason == reason
    assert sim.office.sessions == {}


async def test_logout_on_exit_ends_the_session_at_the_pbx(sim: Any) -> None:
    async with WsiClient(sim.http(), "120", "uc-120-pw") as client:
        assert next(iter(sim.office.sessions.values())).user == "120"
        assert client.session.login_info is not None
        assert client.session.login_info.application == "UCSUITE"
    assert sim.office.sessions == {}
    assert sim.server.requests[-1] == "Logout"


async def test_a_closed_port_is_explained() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = WsiClient(WsiEndpoint("127.0.0.1", port, https=False), "120", "pw", timeout=5)
    with pytest.raises(WsiUnreachable, match=rf"cannot reach PBX 127.0.0.1:{port} for Login \(.*refused.*\): "
                                             "is the address right and the Web Services Interface enabled"):
        await client.__aenter__()


# --- presence ------------------------------------------------------------------------------------

async def test_presence_set_by_one_client_is_seen_by_another(sim: Any, open_client: Any, start_feed: Any,
                                                             wait_until: Any) -> None:
    anna = await open_client("120")  # HTTP
    ben = await open_client("121", sim.https())  # HTTPS, pinned
    feed = start_feed(ben)
    until = in_an_hour()
    await anna.set_presence(UcPresence(UcPresenceStatus.MEETING, until))

    rows = {row.user: row for row in await ben.presence()}
    assert rows["120"].presence == UcPresence(UcPresenceStatus.MEETING, until)
    assert rows["120"].name == sim.pbx.extensions["120"].name
    assert rows["121"].presence == UcPresence.office()
    await wait_until(lambda: feed.of_type(WsiPresenceEvent))
    expected = WsiPresenceEvent("120", UcPresence(UcPresenceStatus.MEETING, until))
    assert feed.of_type(WsiPresenceEvent) == [expected]


async def test_callme_and_back_to_office(sim: Any, open_client: Any) -> None:
    anna = await open_client("120")
    await anna.set_presence(UcPresence(UcPresenceStatus.CALL_ME, None, "01701234567"))
    (row,) = await anna.presence(("120",))
    assert row.presence == UcPresence(UcPresenceStatus.CALL_ME, None, "01701234567")
    await anna.set_presence(UcPresence.office())
    assert sim.office.users["120"].presence == UcPresence.office()


async def test_a_return_time_that_passed_resets_to_office(sim: Any, open_client: Any) -> None:
    anna = await open_client("120")
    await anna.set_presence(UcPresence(UcPresenceStatus.LUNCH, in_an_hour()))
    sim.office.clock = lambda: datetime.now() + timedelta(hours=2)
    (row,) = await anna.presence(("120",))
    assert row.presence == UcPresence.office()


# --- events ----------------------------------------------------------------------------------------

async def test_call_events_arrive_in_order_and_match_the_call_model(sim: Any, open_client: Any,
                                                                    start_feed: Any, wait_until: Any) -> None:
    ben = await open_client("121")
    anna = await open_client("120")
    await ben.monitor("121")
    feed = start_feed(ben)
    call_id = await anna.make_call("121")
    assert call_id
    sim.pbx.answer_call(Connection(call_id, "121"))
    sim.pbx.clear_connection(Connection(call_id, "120"))

    # What a CSTA monitor on 121 is told, in the WSI's vocabulary.
    expected = [event for devices, event in sim.emitted
                if "121" in devices and type(event) in WSI_EVENT_NAMES]
    assert len(expected) == 4  # delivered, established, 120 cleared, 121 cleared
    await wait_until(lambda: len(feed.of_type(WsiCallEvent)) >= len(expected))
    await asyncio.sleep(0.2)  # nothing more arrives
    received = [to_telephony_event(e) for e in feed.of_type(WsiCallEvent)]
    assert received == expected

    model = PresenceModel(watched=["121"])
    for event in received:
        assert event is not None
        model.apply(event)
    assert model.device("121") == sim.pbx.presence("121")


async def test_events_of_unmonitored_devices_are_not_delivered(sim: Any, open_client: Any,
                                                               start_feed: Any, wait_until: Any) -> None:
    clara = await open_client("122")
    await clara.monitor("122")
    feed = start_feed(clara)
    anna = await open_client("120")
    await anna.make_call("121")  # 122 is not in this call
    await anna.set_presence(UcPresence(UcPresenceStatus.BREAK, in_an_hour()))  # presence goes to everyone
    await wait_until(lambda: feed.of_type(WsiPresenceEvent))
    assert feed.of_type(WsiCallEvent) == []


@pytest.mark.parametrize("hold_seconds", [0.0, 10.0], ids=["answers-at-once", "holds-the-request"])
async def test_session_expiry_mid_poll_logs_in_again_and_keeps_monitoring(
        sim: Any, open_client: Any, start_feed: Any, wait_until: Any, hold_seconds: float) -> None:
    sim.server.hold_seconds = hold_seconds
    ben = await open_client("121")
    await ben.monitor("121")
    feed = start_feed(ben)
    if hold_seconds:
        await wait_until(lambda: sim.server.held_polls == 1)  # expire while the poll is held
    else:
        await wait_until(lambda: sim.server.requests.count("GetEvents") >= 2)
    logins = sim.office.logins

    assert sim.office.expire_sessions() == 1
    await wait_until(lambda: feed.of_type(WsiSessionRenewed))
    assert sim.office.logins == logins + 1
    assert sim.office.sessions and next(iter(sim.office.sessions.values())).monitored == {"121"}

    anna = await open_client("120")
    await anna.make_call("121")
    await wait_until(lambda: feed.of_type(WsiCallEvent))
    assert feed.of_type(WsiCallEvent)[0].device == "121"
    assert feed.of_type(WsiFeedProblem) == []  # expiry is handled, not reported as a failure


async def test_concurrent_requests_after_expiry_log_in_once(sim: Any, open_client: Any) -> None:
    anna = await open_client("120")
    logins = sim.office.logins
    sim.office.expire_sessions()
    await asyncio.gather(anna.presence(), anna.journal(), anna.presence(), anna.monitor("120"))
    assert sim.office.logins == logins + 1


async def test_a_long_held_poll_is_not_a_timeout(sim: Any, open_client: Any, wait_until: Any) -> None:
    sim.server.hold_seconds = 2.0
    ben = await open_client("121", timeout=1.0)  # ordinary requests: 1 s; GetEvents: the poll timeout
    await ben.monitor("121")
    assert await ben.poll_events() == []


# --- faults --------------------------------------------------------------------------------------

async def test_a_malformed_reply_is_rejected_and_the_next_request_works(sim: Any, open_client: Any) -> None:
    anna = await open_client("120")
    sim.office.faults.malformed.add("GetPresenceXML")
    with pytest.raises(WsiMalformedReply, match=r"reply to GetPresenceXML is not well-formed XML \(line 1"):
        await anna.presence()
    assert len(await anna.presence()) == 3


async def test_a_malformed_event_reply_is_reported_and_the_feed_goes_on(
        sim: Any, open_client: Any, start_feed: Any, wait_until: Any) -> None:
    ben = await open_client("121")
    await ben.monitor("121")
    sim.office.faults.malformed.add("GetEvents")
    feed = start_feed(ben)
    await wait_until(lambda: feed.of_type(WsiFeedProblem))
    (problem,) = feed.of_type(WsiFeedProblem)
    assert "reply to GetEvents is not valid JSON" in problem.message
    assert 0 < problem.retry_in < 1
    anna = await open_client("120")
    await anna.make_call("121")
    await wait_until(lambda: feed.of_type(WsiCallEvent))


async def test_a_slow_reply_hits_the_timeout_with_a_clear_error(sim: Any, open_client: Any) -> None:
    anna = await open_client("120", timeout=1.0)
    sim.office.faults.delay["JournalRead"] = 5.0
    with pytest.raises(WsiUnreachable, match=r"127\.0\.0\.1:\d+ did not answer JournalRead within 1 s"):
        await anna.journal()
    sim.office.faults.delay.clear()
    assert await anna.journal() == []


async def test_a_slow_event_poll_is_retried_with_backoff(sim: Any, open_client: Any, start_feed: Any,
                                                         wait_until: Any) -> None:
    from dataclasses import replace

    ben = await open_client("121")
    ben.poll = replace(ben.poll, poll_timeout=0.3)
    await ben.monitor("121")
    sim.office.faults.delay["GetEvents"] = 2.0
    feed = start_feed(ben)
    await wait_until(lambda: len(feed.of_type(WsiFeedProblem)) >= 2)
    first, second = feed.of_type(WsiFeedProblem)[:2]
    assert "did not answer GetEvents within 0.3 s:" in first.message
    assert second.retry_in > first.retry_in  # backing off
    sim.office.faults.delay.clear()
    anna = await open_client("120")
    await anna.make_call("121")
    await wait_until(lambda: feed.of_type(WsiCallEvent))


# --- HTTPS ---------------------------------------------------------------------------------------

async def test_https_with_a_self_signed_certificate_is_refused_unless_pinned(sim: Any) -> None:
    client = WsiClient(sim.https(pin=""), "120", "uc-120-pw", timeout=5)
    with pytest.raises(WsiUnreachable, match=r"is not trusted .*self-signed.*pin it instead"):
        await client.__aenter__()
    assert sim.office.sessions == {}


async def test_https_with_the_wrong_pin_is_refused(sim: Any) -> None:
    client = WsiClient(sim.https(pin="ab" * 32), "120", "uc-120-pw", timeout=5)
    with pytest.raises(WsiUnreachable, match="does not match the pinned fingerprint"):
        await client.__aenter__()
    assert sim.office.sessions == {}


async def test_https_pinned_or_verified_against_a_ca_file_logs_in(sim: Any) -> None:
    async with WsiClient(sim.https(), "120", "uc-120-pw") as pinned:
        assert pinned.session.session_id
    async with WsiClient(sim.https(pin="", cafile=str(sim.cert.cert_path)), "120", "uc-120-pw") as verified:
        assert verified.session.session_id


async def test_plain_http_to_the_https_port_is_explained(sim: Any) -> None:
    assert sim.server.https_port is not None
    client = WsiClient(WsiEndpoint("127.0.0.1", sim.server.https_port, https=False), "120", "pw", timeout=5)
    with pytest.raises(WsiUnreachable, match="does that port expect HTTPS"):
        await client.__aenter__()


# --- journal -------------------------------------------------------------------------------------

async def test_the_user_journal_records_calls_of_the_call_model(sim: Any, open_client: Any) -> None:
    anna = await open_client("120")
    ben = await open_client("121")
    call_id = await anna.make_call("121")
    sim.pbx.answer_call(Connection(call_id, "121"))
    sim.pbx.clear_connection(Connection(call_id, "121"))
    missed_id = await anna.make_call("122")
    sim.pbx.clear_connection(Connection(missed_id, "120"))

    (answered_in,) = await ben.journal()
    assert (answered_in.direction, answered_in.answered, answered_in.number, answered_in.call_id) == (
        JournalDirection.INCOMING, True, "120", call_id)
    newest, older = await anna.journal()
    assert (newest.direction, newest.answered, newest.number) == (JournalDirection.OUTGOING, False, "122")
    assert (older.direction, older.answered, older.number) == (JournalDirection.OUTGOING, True, "121")
    assert older.name == sim.pbx.extensions["121"].name
    assert [e.call_id for e in await anna.journal(count=1)] == [missed_id]
    assert await anna.journal(kind="missed") == []


# --- the core models -------------------------------------------------------------------------------

async def test_a_colleague_tile_combines_wsi_call_events_and_uc_presence(sim: Any, open_client: Any,
                                                                         wait_until: Any) -> None:
    ben = await open_client("121")
    await ben.monitor("120")
    model = PresenceModel(watched=["120"])
    uc: dict[str, UcPresence] = {}
    problems: list[str] = []
    task = asyncio.create_task(run_presence_feed(ben, model, uc.__setitem__, problems.append))
    try:
        await wait_until(lambda: len(uc) == 3)  # everyone's presence read first
        until = in_an_hour()
        sim.office.set_presence("120", UcPresence(UcPresenceStatus.MEETING, until))
        leg = sim.pbx.make_call("120", "122")
        sim.pbx.answer_call(Connection(leg.call_id, "122"))
        await wait_until(lambda: model.device("120").state is DeviceState.BUSY
                         and uc["120"].status is UcPresenceStatus.MEETING)
        tile = colleague_summary(model.device("120").state, uc["120"], until.date())
        assert tile == f"busy · in a meeting until {until:%H:%M}"

        # A change while no session exists reaches nobody; the feed re-reads after the renewal.
        sim.office.expire_sessions()
        sim.office.set_presence("120", UcPresence(UcPresenceStatus.LUNCH, until))
        await wait_until(lambda: uc["120"].status is UcPresenceStatus.LUNCH)
        assert problems == []
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_a_refused_re_login_ends_the_feed_instead_of_retrying(sim: Any, open_client: Any) -> None:
    ben = await open_client("121")
    sim.office.users["121"].uc_password = "changed-by-the-admin"
    sim.office.expire_sessions()

    async def drain() -> None:
        async for _item in ben.feed():
            pass

    with pytest.raises(WsiLoginRefused, match="wrong UC password"):
        await asyncio.wait_for(drain(), 20)
    assert sim.server.requests.count("Login") == 2  # the first login and one refused re-login


@pytest.mark.parametrize("hold_seconds", [0.0, 10.0], ids=["answers-at-once", "holds-the-request"])
async def test_closing_the_client_ends_the_feed(sim: Any, wait_until: Any, hold_seconds: float) -> None:
    sim.server.hold_seconds = hold_seconds
    ben = WsiClient(sim.http(), "121", "uc-121-pw")
    await ben.__aenter__()
    items: list[object] = []

    async def drain() -> None:
        async for item in ben.feed():
            items.append(item)

    task = asyncio.create_task(drain())
    await wait_until(lambda: sim.server.requests.count("GetEvents") >= 1)
    await ben.close()
    await asyncio.wait_for(task, 20)  # ends, without an exception
    assert sim.office.sessions == {}


async def test_feature_codes_and_odd_passwords_survive_the_query_string(sim: Any) -> None:
    odd = "p&w=#x y%+"
    sim.office.users["122"].uc_password = odd
    dialled: list[tuple[str, str]] = []
    sim.office.on_make_call = lambda calling, called: dialled.append((calling, called)) or "1A"
    async with WsiClient(sim.http(), "122", odd) as clara:
        assert await clara.make_call("*44*#44") == "1a"
    assert dialled == [("122", "*44*#44")]


async def test_a_refused_make_call_names_the_reason(sim: Any, open_client: Any) -> None:
    anna = await open_client("120")
    with pytest.raises(WsiCommandFailed, match="refused MakeCall: NOT_ALLOWED"):
        await anna.make_call("121", calling="122")  # only from one's own phone


async def test_a_cleared_call_clears_every_party_over_the_wsi(sim: Any, open_client: Any, start_feed: Any,
                                                              wait_until: Any) -> None:
    ben = await open_client("121")
    await ben.monitor("121")
    feed = start_feed(ben)
    leg = sim.pbx.make_call("120", "121")
    sim.pbx.answer_call(Connection(leg.call_id, "121"))
    sim.pbx.clear_call(leg.call_id)  # the call model reports CallCleared, which the WSI does not know
    await wait_until(lambda: len(feed.of_type(WsiCallEvent)) >= 4)
    cleared = [(e.kind.value, e.device) for e in feed.of_type(WsiCallEvent)][2:]
    assert cleared == [("ConnectionClearedEvent", "120"), ("ConnectionClearedEvent", "121")]
    assert sim.office.users["121"].journal[-1].answered
