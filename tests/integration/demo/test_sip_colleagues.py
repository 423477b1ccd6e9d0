"""The demo office's colleagues on SIP: the user's softphone (extension 220) calls them and is called
by them with real audio, and the office's CSTA view tells the same story as the SIP calls."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path

from tandem.core.presence import DeviceState
from tests.integration.demo.conftest import CHIME_NOTES, Office, chime_windows, csta_view, result_of

IDLE, RINGING, BUSY, HOLD = DeviceState.IDLE, DeviceState.RINGING, DeviceState.BUSY, DeviceState.ON_HOLD


async def test_the_softphone_calls_a_colleague_who_answers_with_the_chime(
        demo_office: Callable[[str], Office], tmp_path: Path) -> None:
    office = demo_office("# nothing scripted: colleagues pick up the softphone's calls after 2 s\n")
    assert office.info["softphone"] == "220" and office.info["names"]["220"] == "Alex Demo (PC)"
    recording = tmp_path / "heard.wav"
    async with csta_view(office, ["121", "124", "220"]) as view:
        call = await office.softphone("call", "121", *office.softphone_args(), "--record", str(recording),
                                      "--duration", "4", "--timeout", "20")
        await view.wait("121", RINGING, "220")
        await view.wait("121", BUSY, "220")
        assert (BUSY, "121") in view.story("220")
        result = await result_of(call)
        assert result["state"] == "confirmed" and result["code"] == 200, result
        assert result["codec"] == "G722"
        await view.wait("121", IDLE, None)
        await view.wait("220", IDLE, None)
        assert view.went_through("121", (RINGING, "220"), (BUSY, "220"), (IDLE, None)), view.story("121")

        # Dirk (124) is on do-not-disturb: the softphone hears "not available", nothing rings.
        refused = await office.softphone("call", "124", *office.softphone_args(), "--timeout", "20")
        assert refused.stdout is not None
        result = json.loads((await asyncio.wait_for(refused.stdout.read(), 60)).decode().splitlines()[-1])
        assert await refused.wait() == 1
        assert result["state"] == "failed" and result["code"] == 480, result
        await asyncio.sleep(0.5)
        assert view.story("124")[-1] == (DeviceState.DO_NOT_DISTURB, None), view.story("124")
        assert not any(state is RINGING or state is BUSY for state, _ in view.story("124")), view.story("124")
    notes, _ = chime_windows(recording)
    assert len(notes) >= 20, f"too little sound from the colleague: {len(notes)} loud windows"
    # Windows that straddle two notes hold neither purely; most hold one.
    assert notes.count(0.0) <= len(notes) * 0.3, notes
    assert set(notes) - {0.0} == set(CHIME_NOTES), notes


async def test_a_colleague_calls_the_softphone_holds_and_the_softphone_hangs_up(
        demo_office: Callable[[str], Office], tmp_path: Path) -> None:
    office = demo_office("at 0 call 121 220\nafter 4 hold 121\nafter 2 retrieve 121\n")
    recording = tmp_path / "heard.wav"
    answer = await office.softphone("answer", *office.softphone_args(), "--announce", "--ring", "0.5",
                                    "--duration", "9", "--wait", "40", "--record", str(recording))
    assert answer.stdout is not None
    ready = json.loads(await asyncio.wait_for(answer.stdout.readline(), 60))
    assert ready["state"] == "ready"
    # The scenario starts once a CSTA client watches the office.
    async with csta_view(office, ["121", "220"]) as view:
        await view.wait("220", RINGING, "121")
        await view.wait("220", BUSY, "121")
        await view.wait("121", HOLD, "220")
        await view.wait("121", BUSY, "220", timeout=10)
        result = await result_of(answer)
        await view.wait("220", IDLE, None)
        await view.wait("121", IDLE, None)
    assert result["state"] == "confirmed", result
    assert result["caller"] == "sip:121@127.0.0.1" and result["caller_name"] == "Anna Becker", result
    assert view.went_through("220", (RINGING, "121"), (BUSY, "121"), (IDLE, None)), view.story("220")
    notes, longest_quiet = chime_windows(recording)
    assert set(notes) - {0.0} == set(CHIME_NOTES), notes
    # The chime's own pause is 0.8 s; Anna's hold silences her for about 2 s.
    assert longest_quiet >= 15, f"no silence while on hold (longest quiet run {longest_quiet / 10} s)"
