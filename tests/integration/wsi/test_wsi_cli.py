"""`tandem wsi presence` and `tandem wsi events` run as real subprocesses against the simulator."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import datetime
from typing import Any

from tandem.core.callevents import Connection
from tandem.core.ucpresence import UcPresence, UcPresenceStatus, return_time_from_clock

TIMEOUT = 60.0


async def start_tandem(*args: str, password: str | None = "uc-120-pw") -> asyncio.subprocess.Process:
    env = {key: value for key, value in os.environ.items() if key != "TANDEM_WSI_PASSWORD"}
    if password is not None:
        env["TANDEM_WSI_PASSWORD"] = password
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tandem", "wsi", *args, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)


async def tandem(*args: str, password: str | None = "uc-120-pw") -> tuple[int, str, str]:
    process = await start_tandem(*args, password=password)
    out, err = await asyncio.wait_for(process.communicate(), TIMEOUT)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


def http(sim: Any, user: str = "120") -> list[str]:
    return ["--host", "127.0.0.1", "--port", str(sim.server.http_port), "--http", "--user", user]


async def test_presence_lists_everyone(sim: Any) -> None:
    sim.office.set_presence("121", UcPresence(UcPresenceStatus.VACATION, datetime(2030, 1, 7, 9, 0)))
    code, out, err = await tandem("presence", *http(sim))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == ["120", "121", "122"]
    assert lines[0].endswith("in the office")
    assert lines[1].endswith("on vacation until Mon 07 Jan 09:00")
    assert sim.office.sessions == {}  # logged out on exit


async def test_presence_set_meeting_until_a_time(sim: Any) -> None:
    expected_until = return_time_from_clock("14:00", datetime.now())
    code, out, err = await tandem("presence", *http(sim), "--set", "meeting", "--until", "14:00")
    assert (code, err) == (0, "")
    assert out.startswith("120: in a meeting until")
    presence = sim.office.users["120"].presence
    assert presence.status is UcPresenceStatus.MEETING
    # Only the time of day: the CLI read the clock a moment later, which may be the other side of 14:00.
    assert presence.until is not None and presence.until.time() == expected_until.time()


async def test_a_bad_status_is_refused_before_connecting(sim: Any) -> None:
    code, _out, err = await tandem("presence", *http(sim), "--set", "napping")
    assert code == 2
    assert "'napping' is not a presence status; use one of: office, meeting" in err
    assert sim.server.requests == []


async def test_wrong_password_exits_with_the_reason_and_never_shows_the_password(sim: Any) -> None:
    code, out, err = await tandem("presence", *http(sim), password="hunter2-wrong")
    assert code == 1
    assert "refused the WSI login of 120 (INVALID_PASSWORD): wrong UC password?" in err
    assert "hunter2" not in out + err


async def test_https_needs_the_pin_of_the_self_signed_certificate(sim: Any) -> None:
    https = ["--host", "127.0.0.1", "--port", str(sim.server.https_port), "--https", "--user", "120"]
    code, _out, err = await tandem("presence", *https)
    assert code == 1
    assert "is not trusted" in err and "pin it" in err
    code, out, err = await tandem("presence", *https, "--pin", sim.cert.sha256.upper())
    assert (code, err) == (0, "")
    assert len(out.splitlines()) == 3


async def test_events_prints_the_feed_and_stops_after_count(sim: Any, wait_until: Any) -> None:
    process = await start_tandem("events", *http(sim), "--monitor", "121", "--count", "3")
    assert process.stdout is not None
    first = await asyncio.wait_for(process.stdout.readline(), TIMEOUT)
    assert first.decode().strip() == "watching 121 as 120"
    await wait_until(lambda: sim.server.requests.count("GetEvents") >= 1)

    leg = sim.pbx.make_call("122", "121")
    sim.pbx.answer_call(Connection(leg.call_id, "121"))
    sim.pbx.clear_connection(Connection(leg.call_id, "122"))
    out, err = await asyncio.wait_for(process.communicate(), TIMEOUT)
    assert process.returncode == 0, err.decode()
    assert out.decode().splitlines() == [
        f"DeliveredEvent 121 call={leg.call_id} from=122 to=121",
        f"EstablishedEvent 121 call={leg.call_id} from=122 to=121",
        f"ConnectionClearedEvent 122 call={leg.call_id}",
    ]


async def test_events_stops_after_seconds_without_events(sim: Any) -> None:
    code, out, err = await tandem("events", *http(sim), "--seconds", "0.5")
    assert (code, err) == (0, "")
    assert out.splitlines() == ["watching 120 as 120"]


async def test_the_password_comes_from_the_keyring(sim: Any, secret_service: Any) -> None:
    from tandem.config.credentials import CredentialStore

    store = CredentialStore()
    assert store.set("wsi", "120", "uc-120-pw").remembered
    try:
        code, out, err = await tandem("presence", *http(sim), password=None)
        assert (code, err) == (0, "")
        assert len(out.splitlines()) == 3
    finally:
        store.delete("wsi", "120")
    code, _out, err = await tandem("presence", *http(sim), password=None)
    assert code == 1
    assert "no UC password for 120 in the keyring" in err


async def test_the_pbx_and_user_come_from_the_settings(sim: Any) -> None:
    from dataclasses import replace

    from tandem.config.paths import Paths
    from tandem.config.settings import Settings, SettingsStore, WsiSettings

    wsi = WsiSettings(enabled=True, host="127.0.0.1", port=sim.server.https_port, https=True, user="121",
                      tls_pin_sha256=sim.cert.sha256)
    SettingsStore(Paths.from_env().settings_file).save(replace(Settings(), wsi=wsi))
    code, out, err = await tandem("presence", "--set", "lunch", "--until", "13:30", password="uc-121-pw")
    assert (code, err) == (0, "")
    assert out.startswith("121: at lunch until")
    assert sim.office.users["121"].presence.status is UcPresenceStatus.LUNCH


async def test_journal_prints_the_newest_calls_first(sim: Any) -> None:
    answered = sim.pbx.make_call("120", "121")
    sim.pbx.answer_call(Connection(answered.call_id, "121"))
    sim.pbx.clear_connection(Connection(answered.call_id, "120"))
    missed = sim.pbx.make_call("122", "120")
    sim.pbx.clear_connection(Connection(missed.call_id, "122"))
    code, out, err = await tandem("journal", *http(sim))
    assert (code, err) == (0, "")
    newest, older = out.splitlines()
    assert newest.endswith(f"<- 122 {sim.pbx.extensions['122'].name} (not answered)")
    assert f"-> 121 {sim.pbx.extensions['121'].name} (0 s)" in older
    code, out, _err = await tandem("journal", *http(sim), "--type", "missed", "--count", "5")
    assert (code, len(out.splitlines())) == (0, 1)
