"""The demo office's people and history, on the real call model."""

from __future__ import annotations

import asyncio
from datetime import datetime

from tandem.core.callevents import ConnectionState
from tandem.core.presence import DeviceState
from tandem.journal.parse_osbiz import OsbizLayout, format_line, parse_line
from tandem.pbxsim.cdr_server import CdrBook
from tandem.pbxsim.office import (
    NAMES,
    USER,
    OfficeLife,
    Pace,
    cdr_history,
    demo_pbx,
    fill_cdr_history,
    prepare,
)

FAST = Pace(customer_call_every=(0.05, 0.1), internal_call_every=(10.0, 20.0), answer_after=(0.05, 0.1),
            talk_for=(0.2, 0.3), no_answer_chance=0.0, user_call_chance=0.0)


def test_the_office_opens_with_one_busy_one_dnd_one_forwarded() -> None:
    pbx = demo_pbx()
    prepare(pbx)
    assert 15 <= len(NAMES) <= 25
    states = {ext: pbx.presence(ext).state for ext in NAMES}
    assert states["122"] is DeviceState.BUSY
    assert states["124"] is DeviceState.DO_NOT_DISTURB
    assert states["125"] is DeviceState.FORWARDED
    assert sum(1 for s in states.values() if s is DeviceState.IDLE) == len(NAMES) - 3


def test_history_is_weeks_of_valid_cdr_lines() -> None:
    now = datetime(2026, 11, 26, 12, 0)
    records = list(cdr_history(now))
    assert len(records) > 3000
    assert records[0].ended_at < now and (now - records[0].ended_at).days >= 19
    layout = OsbizLayout()
    for record in records[:500]:
        assert parse_line(format_line(record, layout)) == record
    assert {r.info_code for r in records} >= {0, 1, 2}
    assert any(r.duration_seconds is None and r.info_code == 1 for r in records), "missed calls too"
    book = CdrBook()
    assert fill_cdr_history(book, now) == len(records)


def test_colleagues_answer_customers_and_hang_up_but_never_for_the_user() -> None:
    async def run() -> None:
        pbx = demo_pbx()
        seen: list[tuple[str, str]] = []
        pbx.listeners.append(lambda _d, e: seen.append((type(e).__name__, e.connection.device))
                             if hasattr(e, "connection") else None)
        life = OfficeLife(pbx, FAST, seed=1)
        life.start()
        try:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 10

            def count(kind: str) -> int:
                return sum(1 for k, d in seen if k == kind and d in NAMES)

            while (count("Established") < 3 or count("ConnectionCleared") < 3) and loop.time() < deadline:
                await asyncio.sleep(0.02)
            assert count("Established") >= 3, "colleagues answer customers"
            assert count("ConnectionCleared") >= 3, "and hang up after talking"
            assert (("Established", USER)) not in seen
        finally:
            await life.stop()
        incoming_to_user = pbx.incoming_call("0301234567", USER)
        assert incoming_to_user is not None
        await asyncio.sleep(0.3)
        assert ConnectionState.ALERTING in pbx.legs(USER).values()  # left for the user to answer

    asyncio.run(run())
