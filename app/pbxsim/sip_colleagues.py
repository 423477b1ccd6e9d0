"""The demo office's SIP side: simulated colleagues as SIP user agents that talk to the user's softphone.

One SipEngine (pjsua2) in the simulator's own process, on 127.0.0.1, with no registrar. The user's
softphone is an extension of its own in the call model (e.g. 220 "Alex Demo (PC)"), separate from the
desk phone the user controls over CSTA, so no call is ever shown twice. The call model stays the one
truth, and this module mirrors the softphone extension's legs onto SIP calls and back:

- the softphone sends an INVITE for `sip:121@<simulator>`: the model shows 220 calling 121 (or failing
  as busy, DND, unobtainable, answered with the matching SIP code); when 121 answers in the model (the
  colleague picks up after a short ring, a CSTA client or a scenario line answers) the INVITE is
  answered and the colleague's chime plays into the call;
- anything that rings 220 in the model (a colleague, a customer, the scenario line `call 121 220`)
  becomes an INVITE to the softphone's address, from the caller ("Anna Becker" <sip:121@127.0.0.1>);
  answering it answers 220 in the model;
- hold, retrieve and hang-up on either side are mirrored the same way, so CSTA presence, WSI events
  and the journal tell the same story as the softphone does.

How the colleagues behave on these calls is a `Manner`: random in the live office (ring, talk, maybe
hold once, hang up), fixed in scenario mode (pick up after 2 s and stay until someone hangs up).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import unicodedata
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import tandem
from tandem.core.callevents import (
    CallCleared,
    Conferenced,
    Connection,
    ConnectionCleared,
    ConnectionState,
    Delivered,
    Diverted,
    Established,
    Failed,
    Held,
    Retrieved,
    TelephonyEvent,
    Transferred,
)
from tandem.core.errors import TandemError
from tandem.pbxsim.callmodel import CstaFailure, Pbx
from tandem.sip.account import AccountSpec, SipAccount
from tandem.sip.call import SipCall
from tandem.sip.endpoint import EngineOptions, SipEngine
from tandem.sip.events import (
    CallEnded,
    CallMediaChanged,
    CallState,
    CallStateChanged,
    HoldState,
    IncomingCall,
    SipEvent,
    TransferRequested,
)
from tandem.sip.signalling import parse_name_addr

log = logging.getLogger(__name__)

CHIME = Path(tandem.__file__).resolve().parent.parent / "resources" / "sounds" / "colleague-chime.wav"
# pjsua allows 8 accounts: one receives the softphone's calls, up to six present callers' identities.
MAX_CALLER_ACCOUNTS = 6
# How a failed call in the model (Failed.cause) reaches the softphone.
FAILURE_CODES = {"busy": 486, "doNotDisturb": 480, "destNotObtainable": 404, "trunksBusy": 503}
RENEGOTIATE_WAIT_S = 3.0
FIRST_RTP_PORT = 4400  # clear of the softphone's default range (4000-4099) on the same machine


@dataclass(frozen=True)
class Manner:
    """How colleagues behave on calls with the softphone (seconds)."""

    ring: tuple[float, float] = (1.5, 4.0)  # before a colleague picks up the softphone's call
    talk: tuple[float, float] | None = (20.0, 60.0)  # then the colleague hangs up; None: never
    hold_chance: float = 0.3  # share of calls the colleague puts on hold once, for `hold` seconds
    hold: tuple[float, float] = (3.0, 6.0)
    give_up_after: float = 25.0  # a call ringing at the softphone that long ends unanswered

    @classmethod
    def scripted(cls) -> Manner:
        """Scenario mode: nothing random; the scenario (or the user) hangs up."""
        return cls(ring=(2.0, 2.0), talk=None, hold_chance=0.0)


@dataclass
class Bridge:
    """One softphone call: the SIP call and the call model's call it mirrors."""

    sip_id: int
    call_id: str  # the model's call (moves with a transfer or conference; "" once 220 left it)
    from_softphone: bool  # the user's softphone placed it (the simulator got the INVITE)
    answered: bool = False
    tasks: set[asyncio.Task[None]] = field(default_factory=set)


class SipColleagues:
    """The softphone extension's calls as SIP calls with `user_address` (host:port of the softphone)."""

    def __init__(self, pbx: Pbx, softphone: str, user_address: str, *, user: str = "",
                 names: Mapping[str, str] | None = None, manner: Manner | None = None,
                 seed: int | None = None, chime: Path = CHIME, rtp_port: int = FIRST_RTP_PORT) -> None:
        self.pbx = pbx
        self.softphone = softphone
        self.user_address = user_address
        self.user = user  # the desk phone: calls it answers are the user's, never the colleagues'
        self.names = dict(names or {})
        self.manner = manner or Manner()
        self.rng = random.Random(seed)
        self.chime = chime
        self.options = EngineOptions(bind_address="127.0.0.1", rtp_port=rtp_port, rtp_port_range=200,
                                     transports=("udp",), user_agent="Tandem demo office")
        self.engine: SipEngine | None = None
        self.port = 0  # the UDP port the colleagues listen on, once started
        self._inbox: SipAccount | None = None
        self._callers: dict[str, SipAccount] = {}  # least recently used first
        self._bridges: dict[int, Bridge] = {}
        self._causes: dict[str, str] = {}  # Failed causes seen while our own make_call runs
        self._unsubscribe: Callable[[], None] | None = None
        self._pump: asyncio.Task[None] | None = None

    # -- life cycle -------------------------------------------------------------------------------

    async def start(self) -> int:
        """Start the engine; returns the UDP port the colleagues listen on. Raises EngineError."""
        engine = SipEngine(self.options)
        engine.start()
        try:
            self._inbox = engine.add_account(AccountSpec(registrar="127.0.0.1", user="office",
                                                         display_name="Demo office", register=False))
        except TandemError:
            engine.shutdown()
            raise
        self.engine = engine
        self._unsubscribe = engine.subscribe(self._on_sip)
        self._pump = engine.start_pump()
        self.pbx.listeners.append(self._on_pbx)
        self.port = engine.local_ports()["udp"]
        log.info("SIP colleagues on 127.0.0.1:%s call the softphone %s at %s", self.port, self.softphone,
                 self.user_address)
        return self.port

    async def stop(self) -> None:
        """Stop mirroring, hang up and shut the engine down (pjsua2 objects first, then the library)."""
        with contextlib.suppress(ValueError):
            self.pbx.listeners.remove(self._on_pbx)
        tasks = [task for bridge in self._bridges.values() for task in bridge.tasks]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._bridges.clear()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        engine, self.engine = self.engine, None
        self._callers.clear()
        self._inbox = None
        if engine is not None:
            engine.shutdown()
        if self._pump is not None:
            self._pump.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._pump
            self._pump = None

    # -- helpers ----------------------------------------------------------------------------------

    def _between(self, bounds: tuple[float, float]) -> float:
        return self.rng.uniform(*bounds)

    def _spawn(self, bridge: Bridge, coro: Coroutine[object, object, None]) -> None:
        task = asyncio.ensure_future(coro)
        bridge.tasks.add(task)
        task.add_done_callback(bridge.tasks.discard)

    def _bridge_of(self, call_id: str) -> Bridge | None:
        return next((b for b in self._bridges.values() if b.call_id == call_id), None)

    def _sip(self, bridge: Bridge) -> SipCall | None:
        call = self.engine.calls.get(bridge.sip_id) if self.engine is not None else None
        return call if call is not None and not call.ended else None

    def _softphone_state(self, bridge: Bridge) -> ConnectionState | None:
        return self.pbx.legs(self.softphone).get(bridge.call_id)

    def _clear_softphone_leg(self, bridge: Bridge, cause: str = "normalClearing") -> None:
        if self._softphone_state(bridge) is not None:
            with contextlib.suppress(CstaFailure):
                self.pbx.clear_connection(Connection(bridge.call_id, self.softphone), cause)

    def _far_leg(self, bridge: Bridge) -> Connection | None:
        """The colleague (or customer) the softphone talks to; None when it is the user's desk phone."""
        call = self.pbx.calls.get(bridge.call_id)
        if call is None:
            return None
        for device, state in call.legs.items():
            if device not in (self.softphone, self.user) and state in (ConnectionState.CONNECTED,
                                                                        ConnectionState.HOLD):
                return Connection(call.call_id, device)
        return None

    def _hang_up(self, bridge: Bridge, code: int = 0) -> None:
        call = self._sip(bridge)
        if call is not None:
            try:
                call.hangup(code)
            except TandemError as exc:
                log.info("SIP call %s: %s", bridge.sip_id, exc)

    def _play_chime(self, call: SipCall) -> None:
        try:
            call.play_file(str(self.chime))
        except TandemError as exc:  # a silent colleague is still a colleague
            log.warning("no chime in the demo call: %s", exc)

    def _caller_account(self, number: str) -> SipAccount:
        """An account whose From shows the caller, e.g. "Anna Becker" <sip:121@127.0.0.1>."""
        assert self.engine is not None
        engine = self.engine
        account = self._callers.pop(number, None)
        if account is None or account.spec.name not in engine.accounts:
            busy = {id(c.account) for c in engine.calls.values() if not c.ended}
            for old_number, old in list(self._callers.items()):
                if len(self._callers) < MAX_CALLER_ACCOUNTS:
                    break
                if id(old) not in busy:
                    del self._callers[old_number]
                    engine.remove_account(old)
            # SIP display names may be UTF-8, but plain ASCII is understood by every phone.
            name = unicodedata.normalize("NFKD", self.names.get(number, ""))
            name = name.encode("ascii", "ignore").decode()
            account = engine.add_account(AccountSpec(registrar="127.0.0.1", user=number, display_name=name,
                                                     register=False))
        self._callers[number] = account
        return account

    # -- the call model -> SIP --------------------------------------------------------------------

    def _on_pbx(self, _devices: frozenset[str], event: TelephonyEvent) -> None:
        try:
            self._pbx_event(event)
        except (TandemError, CstaFailure) as exc:
            log.warning("the softphone's call could not follow %s: %s", type(event).__name__, exc)

    def _pbx_event(self, event: TelephonyEvent) -> None:
        if isinstance(event, (Transferred, Conferenced)):
            for moved in event.connections:
                if moved.new.device == self.softphone and moved.old is not None:
                    bridge = self._bridge_of(moved.old.call_id)
                    if bridge is not None:
                        bridge.call_id = moved.new.call_id
            return
        if isinstance(event, CallCleared):
            bridge = self._bridge_of(event.call_id)
            if bridge is not None:
                self._hang_up(bridge)
            return
        connection = getattr(event, "connection", None)
        if not isinstance(connection, Connection):
            return  # a device's features (DND, forwarding, service): not a call
        bridge = self._bridge_of(connection.call_id)
        mine = connection.device == self.softphone
        if isinstance(event, Delivered) and mine and bridge is None:
            self._ring_softphone(connection, event.calling)
        elif isinstance(event, Failed) and mine:
            if bridge is None:
                self._causes[connection.call_id] = event.cause  # our own make_call is running
            else:
                self._fail(bridge, event.cause)
        elif bridge is None:
            return
        elif isinstance(event, Established) and not mine and bridge.from_softphone and not bridge.answered:
            self._answer_softphone_call(bridge)
        elif isinstance(event, (Held, Retrieved)) and not mine and bridge.answered:
            on = isinstance(event, Held)
            self._spawn(bridge, self._renegotiate(bridge, on))
        elif isinstance(event, (ConnectionCleared, Diverted)) and mine:
            self._hang_up(bridge)

    def _ring_softphone(self, leg: Connection, calling: str | None) -> None:
        """Something rings the softphone's extension: call the softphone as the caller."""
        assert self.engine is not None and self._inbox is not None
        try:
            account = self._caller_account(calling) if calling else self._inbox
            call = self.engine.make_call(account, f"sip:{self.softphone}@{self.user_address}")
        except TandemError as exc:
            log.warning("cannot ring the softphone at %s: %s", self.user_address, exc)
            with contextlib.suppress(CstaFailure):
                self.pbx.clear_connection(leg, "destOutOfOrder")
            return
        bridge = Bridge(call.call_id, leg.call_id, from_softphone=False)
        self._bridges[call.call_id] = bridge
        self._spawn(bridge, self._give_up(bridge))

    def _answer_softphone_call(self, bridge: Bridge) -> None:
        """Someone answered the softphone's call in the model: answer the INVITE and speak."""
        call = self._sip(bridge)
        if call is None:
            return
        bridge.answered = True
        self._play_chime(call)
        try:
            call.answer(200)
        except TandemError as exc:
            log.info("SIP call %s: %s", bridge.sip_id, exc)
            return
        self._spawn(bridge, self._converse(bridge))

    def _fail(self, bridge: Bridge, cause: str) -> None:
        """The model could not reach the dialled party: tell the softphone with the matching code."""
        self._hang_up(bridge, FAILURE_CODES.get(cause, 480))
        self._clear_softphone_leg(bridge)

    # -- SIP -> the call model --------------------------------------------------------------------

    def _on_sip(self, event: SipEvent) -> None:
        # Published inside pjsip callbacks: act once the callback has returned.
        if self.engine is not None and isinstance(event, (IncomingCall, CallStateChanged, CallMediaChanged,
                                                          CallEnded, TransferRequested)):
            self.engine.defer(lambda: self._sip_event(event))

    def _sip_event(self, event: SipEvent) -> None:
        try:
            if isinstance(event, IncomingCall):
                self._incoming(event)
            elif isinstance(event, CallStateChanged) and event.state is CallState.CONFIRMED:
                self._confirmed(event.call_id)
            elif isinstance(event, CallMediaChanged):
                self._media(event)
            elif isinstance(event, CallEnded):
                self._ended(event)
            elif isinstance(event, TransferRequested):
                self._transfer(event)
        except (TandemError, CstaFailure) as exc:
            log.warning("the call model could not follow SIP call %s: %s", getattr(event, "call_id", "?"),
                        exc)

    def _incoming(self, event: IncomingCall) -> None:
        """The softphone dials a colleague (or a customer: 0 then the number)."""
        assert self.engine is not None
        call = self.engine.calls.get(event.call_id)
        if call is None or call.ended:
            return
        if event.caller.number != self.softphone:
            # Also the INVITE pjsip sends to the Refer-To of a transfer the softphone asked for
            # (our own address): the transfer already happened in the call model.
            log.info("refused a call from %s: only the softphone %s calls into the demo office",
                     event.caller.uri, self.softphone)
            call.hangup(403)
            return
        info = call.getInfo()  # keep it alive while reading from it
        dialled = parse_name_addr(str(info.localUri), "To")
        del info
        target = dialled.number if dialled is not None else ""
        try:
            leg = self.pbx.make_call(self.softphone, target)
        except CstaFailure as failure:
            log.info("the softphone cannot call %s: %s", target, failure)
            call.hangup(486 if failure.value == "invalidObjectState" else 404)
            return
        bridge = Bridge(call.call_id, leg.call_id, from_softphone=True)
        self._bridges[call.call_id] = bridge
        cause = self._causes.pop(leg.call_id, None)
        if self._softphone_state(bridge) is ConnectionState.FAIL:
            self._fail(bridge, cause or "busy")
        elif target != self.user:
            self._spawn(bridge, self._pick_up(bridge))

    def _confirmed(self, sip_id: int) -> None:
        bridge = self._bridges.get(sip_id)
        if bridge is None or bridge.from_softphone or bridge.answered:
            return
        call = self._sip(bridge)
        if call is None:
            return
        if self._softphone_state(bridge) is not ConnectionState.ALERTING:
            self._hang_up(bridge)  # the caller gave up just as the softphone answered
            return
        bridge.answered = True
        self.pbx.answer_call(Connection(bridge.call_id, self.softphone))
        self._play_chime(call)
        self._spawn(bridge, self._converse(bridge))

    def _media(self, event: CallMediaChanged) -> None:
        """The softphone put the call on hold (we see REMOTE) or took it back."""
        bridge = self._bridges.get(event.call_id)
        if bridge is None or not bridge.answered:
            return
        leg = Connection(bridge.call_id, self.softphone)
        state = self._softphone_state(bridge)
        held_by_user = event.hold in (HoldState.REMOTE, HoldState.BOTH)
        with contextlib.suppress(CstaFailure):
            if held_by_user and state is ConnectionState.CONNECTED:
                self.pbx.hold_call(leg)
            elif not held_by_user and state is ConnectionState.HOLD:
                self.pbx.retrieve_call(leg)

    def _transfer(self, event: TransferRequested) -> None:
        """The softphone transfers its partner (a REFER): the partner now calls the target, as a
        single-step transfer by 220 in the call model, and the softphone's call ends."""
        bridge = self._bridges.get(event.call_id)
        if bridge is None or not bridge.answered:
            return
        party = parse_name_addr(event.target, "Refer-To")
        target = party.number if party is not None else ""
        leg = Connection(bridge.call_id, self.softphone)
        state = self._softphone_state(bridge)
        if not target or state not in (ConnectionState.CONNECTED, ConnectionState.HOLD):
            return
        if state is ConnectionState.HOLD:
            self.pbx.retrieve_call(leg)
        self.pbx.single_step_transfer(leg, target)
        bridge.call_id = ""  # the model's call goes on without the softphone
        self._hang_up(bridge)

    def _ended(self, event: CallEnded) -> None:
        bridge = self._bridges.pop(event.call_id, None)
        if bridge is None:
            return
        for task in list(bridge.tasks):
            task.cancel()
        self._clear_softphone_leg(bridge)

    # -- the colleagues' manners ------------------------------------------------------------------

    async def _pick_up(self, bridge: Bridge) -> None:
        """Whoever the softphone's call rings at picks up after a short ring."""
        await asyncio.sleep(self._between(self.manner.ring))
        call = self.pbx.calls.get(bridge.call_id)
        if call is None:
            return
        for device, state in list(call.legs.items()):
            if device in (self.softphone, self.user) or state is not ConnectionState.ALERTING:
                continue
            with contextlib.suppress(CstaFailure):
                if self.pbx.is_device(device):
                    self.pbx.answer_call(Connection(call.call_id, device))
                else:
                    self.pbx.external_answer(call.call_id)
            return

    async def _give_up(self, bridge: Bridge) -> None:
        await asyncio.sleep(self.manner.give_up_after)
        if not bridge.answered:
            self._clear_softphone_leg(bridge)

    async def _converse(self, bridge: Bridge) -> None:
        """Talk a while, maybe hold once, then hang up (live office only)."""
        if self.manner.talk is None:
            return
        talk = self._between(self.manner.talk)
        if self.rng.random() < self.manner.hold_chance:
            before = talk * self.rng.uniform(0.3, 0.6)
            await asyncio.sleep(before)
            talk -= before
            far = self._far_leg(bridge)
            if far is not None:
                with contextlib.suppress(CstaFailure):
                    self.pbx.hold_call(far)
                    await asyncio.sleep(self._between(self.manner.hold))
                    self.pbx.retrieve_call(far)
        await asyncio.sleep(talk)
        far = self._far_leg(bridge)
        if far is None:
            return
        with contextlib.suppress(CstaFailure):
            if self.pbx.is_device(far.device):
                self.pbx.clear_connection(far)
            else:
                self.pbx.external_hang_up(far.call_id)

    async def _renegotiate(self, bridge: Bridge, hold: bool) -> None:
        """Mirror a hold or retrieve onto the SIP call. Right after a call connects, or while the
        softphone updates the media, pjsip refuses a second offer (EINVALIDOP): try again shortly."""
        deadline = asyncio.get_running_loop().time() + RENEGOTIATE_WAIT_S
        while True:
            call = self._sip(bridge)
            if call is None:
                return
            try:
                call.set_hold(hold)
                return
            except TandemError as exc:
                if "EINVALIDOP" not in str(exc) or asyncio.get_running_loop().time() > deadline:
                    log.info("SIP call %s: %s", bridge.sip_id, exc)
                    return
            await asyncio.sleep(0.05)
