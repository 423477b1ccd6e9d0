"""The demo office: a small company on the simulated PBX, with colleagues who behave like people.

About twenty named extensions in three groups; at the start one colleague is on the phone, one has
do-not-disturb on and one is forwarded to a mobile. Then customers call every so often over the
trunks, colleagues answer (or don't), talk a while and hang up, and now and then call each other.
The user's own extension is left to the user: calls to it ring until Tandem answers them (or the
caller gives up). The user's softphone is an extension of its own (SOFTPHONE, "Alex Demo (PC)"):
the desk phone (USER) is controlled over CSTA, the softphone talks SIP with the simulated colleagues
(tandem.pbxsim.sip_colleagues), and keeping them apart means no call is ever shown twice. When the
softphone is reachable, colleagues call it now and then. A CDR history of the last weeks is written
into the CDR book at the start, so the journal has something to show.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from tandem.core.callevents import Connection, ConnectionState, Delivered, ForwardingType, TelephonyEvent
from tandem.journal.records import CdrRecord
from tandem.pbxsim.callmodel import CstaFailure, Pbx
from tandem.pbxsim.cdr_server import CdrBook, trunk_call_record

log = logging.getLogger(__name__)

USER = "120"
SOFTPHONE = "220"
GROUPS: dict[str, dict[str, str]] = {
    "Sales": {"120": "Alex Demo", "121": "Anna Becker", "122": "Ben Kraus", "123": "Cora Lang",
              "124": "Dirk Maier", "125": "Eva Novak", "126": "Finn Ott",
              SOFTPHONE: "Alex Demo (PC)"},
    "Support": {"130": "Gina Pohl", "131": "Hugo Quast", "132": "Ida Roth", "133": "Jan Sommer",
                "134": "Kim Thal", "135": "Lena Uhl"},
    "Office": {"140": "Max Vogt", "141": "Nina Wolf", "142": "Olaf Xander", "143": "Paula Young",
               "144": "Reception", "145": "Conference room"},
}
NAMES: dict[str, str] = {ext: name for group in GROUPS.values() for ext, name in group.items()}
CUSTOMERS: dict[str, str] = {
    "08912345678": "Müller GmbH", "0301234567": "Schmidt & Partner", "04098765432": "Hansen AG",
    "02215556667": "Becker Logistik", "069424242": "Frankfurter Bank", "0711123123": "Stuttgart Motors",
    "01761234567": "", "01719876543": "", "0621777888": "Kurpfalz Kliniken", "0351246810": "",
}


@dataclass(frozen=True)
class Pace:
    """How busy the office is (seconds). Tests and QA runs use a faster pace."""

    customer_call_every: tuple[float, float] = (20.0, 45.0)
    internal_call_every: tuple[float, float] = (30.0, 60.0)
    answer_after: tuple[float, float] = (2.0, 6.0)
    talk_for: tuple[float, float] = (15.0, 60.0)
    no_answer_chance: float = 0.2
    user_call_chance: float = 0.3  # share of customer calls that ring the user
    softphone_call_every: tuple[float, float] = (60.0, 120.0)  # a colleague calls the user's softphone


def demo_pbx(trunks: int = 8) -> Pbx:
    return Pbx(list(NAMES), trunks=trunks, names=NAMES)


def prepare(pbx: Pbx) -> None:
    """The office as the demo opens: one colleague on a long call, one on DND, one forwarded."""
    pbx.set_dnd("124", True)
    pbx.set_forwarding("125", ForwardingType.IMMEDIATE, True, "01761234567")
    connection = pbx.incoming_call("08912345678", "122")
    if connection is not None:
        pbx.answer_call(Connection(connection.call_id, "122"))


def cdr_history(now: datetime, days: int = 21, per_day: int = 220, seed: int = 7) -> Iterator[CdrRecord]:
    """Trunk calls of the last `days` working days, oldest first, as the PBX would have written them."""
    rng = random.Random(seed)
    people = [ext for ext in NAMES if ext not in ("144", "145", SOFTPHONE)]
    numbers = list(CUSTOMERS)
    start = (now - timedelta(days=days)).replace(hour=0, minute=0, second=0, microsecond=0)
    for day in range(days):
        date = start + timedelta(days=day)
        if date.weekday() >= 5:
            continue
        moments = sorted(rng.uniform(8 * 3600, 18 * 3600) for _ in range(per_day))
        for offset in moments:
            begin = date + timedelta(seconds=offset)
            if begin >= now:
                return
            ext = USER if rng.random() < 0.15 else rng.choice(people)
            number = (rng.choice(numbers) if rng.random() < 0.7
                      else f"0{rng.randint(2, 9)}{rng.randint(10**7, 10**9)}")
            incoming = rng.random() < 0.6
            trunk = rng.randint(1, 8)
            if incoming:
                ring = rng.randint(2, 25)
                answered = rng.random() > 0.15
                yield trunk_call_record(ended_at=begin, trunk=trunk, extension=ext, number=number,
                                        incoming=True, ringing_notice=True)
                talk = rng.randint(20, 900) if answered else None
                end = begin + timedelta(seconds=ring + (talk or 0))
                yield trunk_call_record(ended_at=end, trunk=trunk, extension=ext, number=number,
                                        incoming=True, ring_seconds=ring, talk_seconds=talk)
            else:
                talk = rng.randint(10, 1200)
                yield trunk_call_record(ended_at=begin + timedelta(seconds=talk), trunk=trunk, extension=ext,
                                        number=number, incoming=False, talk_seconds=talk)


class OfficeLife:
    """Drives the simulated colleagues on `pbx` until stopped.

    With a `softphone` extension (its SIP side running), colleagues also call it now and then; the
    calls the softphone itself makes are answered by tandem.pbxsim.sip_colleagues, not here.
    """

    def __init__(self, pbx: Pbx, pace: Pace | None = None, seed: int | None = None, user: str = USER,
                 softphone: str | None = None) -> None:
        self.pbx = pbx
        self.pace = pace or Pace()
        self.user = user
        self.softphone = softphone
        self.colleagues = [ext for ext in NAMES if ext not in (user, softphone, SOFTPHONE)]
        self.rng = random.Random(seed)
        self._tasks: set[asyncio.Future[object]] = set()
        pbx.listeners.append(self._on_event)

    def start(self) -> None:
        self._spawn(self._customers())
        self._spawn(self._internal())
        if self.softphone is not None:
            self._spawn(self._softphone_calls())

    async def stop(self) -> None:
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        with contextlib.suppress(ValueError):
            self.pbx.listeners.remove(self._on_event)

    def _spawn(self, coro: Coroutine[object, object, object]) -> None:
        task: asyncio.Future[object] = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _wait(self, bounds: tuple[float, float]) -> float:
        return self.rng.uniform(*bounds)

    # -- colleagues answer what rings at them ------------------------------------------------------

    def _on_event(self, _devices: frozenset[str], event: TelephonyEvent) -> None:
        if isinstance(event, Delivered):
            device = event.connection.device
            if device in self.colleagues and event.calling != self.softphone:
                self._spawn(self._maybe_answer(event.connection))

    async def _maybe_answer(self, leg: Connection) -> None:
        await asyncio.sleep(self._wait(self.pace.answer_after))
        if self.rng.random() < self.pace.no_answer_chance:
            return
        if self.pbx.legs(leg.device).get(leg.call_id) is not ConnectionState.ALERTING:
            return  # the caller gave up, or someone picked it up
        with contextlib.suppress(CstaFailure, KeyError):
            self.pbx.answer_call(leg)
            await asyncio.sleep(self._wait(self.pace.talk_for))
            if self.pbx.legs(leg.device).get(leg.call_id) is ConnectionState.CONNECTED:
                self.pbx.clear_connection(leg)

    # -- customers and colleagues call --------------------------------------------------------------

    async def _customers(self) -> None:
        while True:
            await asyncio.sleep(self._wait(self.pace.customer_call_every))
            number = self.rng.choice(list(CUSTOMERS))
            if any(number in call.legs for call in self.pbx.calls.values()):
                continue
            # Customers call the desk phone: the journal's CDR records then name the user's extension.
            target = self.user if self.rng.random() < self.pace.user_call_chance else self.rng.choice(
                self.colleagues)
            with contextlib.suppress(CstaFailure, ValueError):
                connection = self.pbx.incoming_call(number, target)
                if connection is not None:
                    self._spawn(self._customer_gives_up(connection))

    async def _customer_gives_up(self, caller: Connection) -> None:
        """A customer waits for an answer about half a minute, and talks until someone hangs up."""
        await asyncio.sleep(30)
        call = self.pbx.calls.get(caller.call_id)
        if call is not None and not any(s is ConnectionState.CONNECTED for d, s in call.legs.items()
                                        if d != caller.device):
            with contextlib.suppress(CstaFailure, KeyError):
                self.pbx.external_hang_up(caller.call_id)

    async def _internal(self) -> None:
        while True:
            await asyncio.sleep(self._wait(self.pace.internal_call_every))
            free = [e for e in self.colleagues if not self.pbx.legs(e)]
            if len(free) < 2:
                continue
            calling, called = self.rng.sample(free, 2)
            with contextlib.suppress(CstaFailure):
                self.pbx.make_call(calling, called)

    async def _softphone_calls(self) -> None:
        assert self.softphone is not None
        while True:
            await asyncio.sleep(self._wait(self.pace.softphone_call_every))
            free = [e for e in self.colleagues if not self.pbx.legs(e)]
            if not free or self.pbx.legs(self.softphone):
                continue
            with contextlib.suppress(CstaFailure):
                self.pbx.make_call(self.rng.choice(free), self.softphone)


def fill_cdr_history(book: CdrBook, now: datetime | None = None, **kwargs: int) -> int:
    records = list(cdr_history(now or datetime.now(), **kwargs))
    book.extend(records)
    return len(records)
