"""The simulated switching function: extensions, trunks and external parties, and what calls do.

Pure logic, no I/O: every operation changes the call tables and emits tandem.core.callevents, each
with the set of devices whose monitors must see it (every extension in the call, before and after
the change), in the order a real switching function reports them. Wrong requests raise CstaFailure
naming the ECMA-269 universalFailure a PBX would answer. The CSTA server (tandem.pbxsim.csta_server)
puts the events on the wire; tests compare a client's view with `presence(device)`. Every finished
trunk call goes to `Pbx.cdr_sinks` as a TrunkCallRecord (tandem.pbxsim.cdr_bridge writes them to the
simulator's CDR book).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from tandem.core.callevents import (
    BackInService,
    CallCleared,
    Conferenced,
    Connection,
    ConnectionCleared,
    ConnectionState,
    Delivered,
    Diverted,
    DoNotDisturbChanged,
    Established,
    Failed,
    ForwardingChanged,
    ForwardingType,
    Held,
    MovedConnection,
    Originated,
    OutOfService,
    Retrieved,
    ServiceInitiated,
    TelephonyEvent,
    Transferred,
)
from tandem.core.presence import CallView, DeviceFacts, DevicePresence, derive_presence

MAX_DIVERSIONS = 5  # forwarding chains longer than this fail, as loops do on a real PBX
_EXTERNAL = re.compile(r"^0[0-9]{3,20}$")  # the trunk access code 0, then the external number

_NAMES = (
    "Anna Adler",
    "Ben Becker",
    "Clara Conrad",
    "David Dorn",
    "Eva Engel",
    "Felix Fischer",
    "Greta Graf",
    "Hans Hoffmann",
    "Ida Imhof",
    "Jonas Jung",
    "Klara Koch",
    "Lukas Lang",
    "Mia Maier",
    "Noah Neumann",
    "Olga Otto",
    "Paul Peters",
    "Quirin Quast",
    "Rita Roth",
    "Sven Schulz",
    "Tina Thiel",
    "Uwe Ulrich",
    "Vera Vogel",
    "Wim Weber",
    "Xenia Xander",
    "Yusuf Yilmaz",
    "Zoe Zimmer",
)


class CstaFailure(Exception):
    """A request the switching function refuses: ECMA-269 universalFailure `category`/`value`."""

    def __init__(self, category: str, value: str, message: str) -> None:
        super().__init__(message)
        self.category = category
        self.value = value


def _invalid_device(device: str) -> CstaFailure:
    return CstaFailure("operation", "invalidDeviceID", f"{device!r} is not a device of this PBX")


@dataclass
class Extension:
    number: str
    name: str
    dnd: bool = False
    forwarding: dict[ForwardingType, str] = field(default_factory=dict)
    out_of_service: bool = False


@dataclass
class Call:
    call_id: str
    legs: dict[str, ConnectionState] = field(default_factory=dict)
    calling: str | None = None
    called: str | None = None
    trunk: int | None = None
    external: str | None = None
    direction: str = "internal"  # "incoming" / "outgoing" for trunk calls
    started: float = 0.0
    answered: float | None = None


@dataclass(frozen=True)
class TrunkCallRecord:
    """One finished trunk call, for the simulator's CDR endpoint."""

    call_id: str
    trunk: int
    direction: str  # "incoming" or "outgoing"
    external: str
    internal: str | None
    started: float
    answered: float | None
    ended: float


Emitted = Callable[[frozenset[str], TelephonyEvent], None]


def parse_extension_range(text: str) -> list[str]:
    """'100-149' or '100,101,200-205' as a list of numbers; raises ValueError naming the bad part."""
    numbers: list[str] = []
    for raw in text.split(","):
        part = raw.strip()
        if re.fullmatch(r"[1-9][0-9]{1,6}", part):
            numbers.append(part)
            continue
        match = re.fullmatch(r"([1-9][0-9]{1,6})-([1-9][0-9]{1,6})", part)
        if not match or int(match[1]) > int(match[2]) or len(match[1]) != len(match[2]):
            raise ValueError(f"{part!r} is not an extension number or a range like 100-149")
        numbers.extend(str(n) for n in range(int(match[1]), int(match[2]) + 1))
    if len(set(numbers)) != len(numbers):
        raise ValueError(f"{text!r} names some extensions twice")
    return numbers


class Pbx:
    """The switching function. `listeners` receive (devices to notify, event) for every change."""

    def __init__(
        self,
        extensions: Iterable[str],
        trunks: int = 4,
        clock: Callable[[], float] = time.time,
        names: dict[str, str] | None = None,
    ) -> None:
        numbers = list(extensions)
        names = names or {}
        self.extensions = {
            n: Extension(n, names.get(n, _NAMES[i % len(_NAMES)])) for i, n in enumerate(numbers)
        }
        self.trunks: list[str | None] = [None] * trunks  # call id per busy trunk
        self.calls: dict[str, Call] = {}
        self.listeners: list[Emitted] = []
        self.cdr_sinks: list[Callable[[TrunkCallRecord], None]] = []
        self._clock = clock
        self._next_call = 1

    # -- truth for tests and snapshots ------------------------------------------------------------

    def legs(self, device: str) -> dict[str, ConnectionState]:
        return {c.call_id: c.legs[device] for c in self.calls.values() if device in c.legs}

    def presence(self, device: str) -> DevicePresence:
        ext = self._extension(device)
        legs = self.legs(device)
        views = {
            cid: CallView(cid, dict(self.calls[cid].legs), self.calls[cid].calling, self.calls[cid].called)
            for cid in legs
        }
        facts = DeviceFacts(legs, views, ext.dnd, dict(ext.forwarding), ext.out_of_service)
        return derive_presence(device, facts)

    def snapshot_device(self, device: str) -> list[tuple[str, ConnectionState]]:
        self._extension(device)
        return sorted(self.legs(device).items())

    def snapshot_call(self, call_id: str) -> list[tuple[str, ConnectionState]]:
        return sorted(self._call(call_id).legs.items())

    def get_dnd(self, device: str) -> bool:
        return self._extension(device).dnd

    def get_forwarding(self, device: str) -> dict[ForwardingType, str]:
        return dict(self._extension(device).forwarding)

    def is_device(self, device: str) -> bool:
        return device in self.extensions

    def free_trunks(self) -> int:
        return self.trunks.count(None)

    # -- CSTA services ----------------------------------------------------------------------------

    def make_call(self, calling: str, called: str, cause: str = "newCall") -> Connection:
        """The calling phone goes off-hook and dials: serviceInitiated, originated, then routing."""
        self._check_free(calling)
        if not called:
            raise CstaFailure("operation", "invalidDeviceID", "makeCall needs a number to call")
        call = self._new_call(calling, called)
        leg = Connection(call.call_id, calling)
        self._set(call, calling, ConnectionState.INITIATED, ServiceInitiated(leg, cause))
        self._set(call, calling, ConnectionState.CONNECTED, Originated(leg, calling, called, cause))
        self._route(call, called, calling, cause=cause)
        return leg

    def answer_call(self, connection: Connection) -> None:
        call = self._call(connection.call_id)
        self._extension(connection.device)
        if call.legs.get(connection.device) is not ConnectionState.ALERTING:
            raise CstaFailure(
                "stateIncompatibility",
                "noCallToAnswer",
                f"{connection.device} has no ringing call {connection.call_id}",
            )
        self._answer(call, connection.device, call.calling or "", "newCall")

    def clear_connection(self, connection: Connection, cause: str = "normalClearing") -> None:
        call = self._call(connection.call_id)
        if connection.device not in call.legs:
            raise CstaFailure(
                "operation", "invalidConnectionID", f"{connection.device} is not in call {connection.call_id}"
            )
        self._hang_up(call, connection.device, cause)

    def clear_call(self, call_id: str) -> None:
        call = self._call(call_id)
        self._emit(call, CallCleared(call_id, "normalClearing"))
        call.legs.clear()
        self._end(call)

    def hold_call(self, connection: Connection) -> None:
        call = self._leg_in(connection, ConnectionState.CONNECTED, "noActiveCall", "no active call to hold")
        self._check_answered(call, connection.device)
        self._set(call, connection.device, ConnectionState.HOLD, Held(connection, "normal"))

    def retrieve_call(self, connection: Connection) -> None:
        call = self._leg_in(
            connection, ConnectionState.HOLD, "invalidObjectState", "no held call to retrieve"
        )
        if ConnectionState.CONNECTED in self.legs(connection.device).values():
            raise CstaFailure(
                "stateIncompatibility",
                "invalidObjectState",
                f"{connection.device} is talking in another call; hold or clear it first",
            )
        self._set(call, connection.device, ConnectionState.CONNECTED, Retrieved(connection, "normal"))

    def consultation_call(self, existing: Connection, consulted: str) -> Connection:
        """Hold the existing call and call `consulted` from the same device."""
        call = self._leg_in(
            existing, ConnectionState.CONNECTED, "noActiveCall", "no active call to consult from"
        )
        self._check_answered(call, existing.device)
        if consulted in call.legs or consulted == existing.device:
            raise CstaFailure("operation", "invalidDeviceID", f"{consulted} is already in this call")
        self._set(call, existing.device, ConnectionState.HOLD, Held(existing, "consultation"))
        return self.make_call(existing.device, consulted, cause="consultation")

    def reconnect_call(self, held: Connection, active: Connection) -> None:
        """Drop the active (consultation) call and take the held one back."""
        self._leg_in(held, ConnectionState.HOLD, "invalidObjectState", "the first call is not on hold")
        self.clear_connection(active)
        self.retrieve_call(held)

    def transfer_call(self, held: Connection, active: Connection) -> Connection:
        """The transferring device leaves; the held call's parties join the consultation call."""
        if held.device != active.device:
            raise CstaFailure("operation", "invalidConnectionID", "both calls must belong to the same device")
        primary = self._leg_in(
            held, ConnectionState.HOLD, "invalidObjectState", "the first call is not on hold"
        )
        secondary = self._leg_in(active, None, "invalidObjectState", "no consultation call")
        if secondary.legs[active.device] not in (ConnectionState.CONNECTED,):
            raise CstaFailure(
                "stateIncompatibility", "invalidObjectState", "the consultation call is not active"
            )
        device = held.device
        moved = [
            MovedConnection(Connection(secondary.call_id, d), Connection(primary.call_id, d))
            for d in primary.legs
            if d != device
        ]
        moved += [
            MovedConnection(Connection(secondary.call_id, d), Connection(secondary.call_id, d))
            for d in secondary.legs
            if d != device
        ]
        target = next((d for d in secondary.legs if d != device), None)
        event = Transferred(primary.call_id, secondary.call_id, device, target, tuple(moved), "transfer")
        recipients = self._parties(primary) | self._parties(secondary)
        for d, state in primary.legs.items():
            if d != device:
                secondary.legs[d] = state
        del secondary.legs[device]
        if secondary.calling == device:
            # The transferred party now "calls" the target: that is what its display shows.
            secondary.calling = next((d for d in primary.legs if d != device), secondary.calling)
        self._adopt_trunk(secondary, primary)
        primary.legs.clear()
        self._notify(recipients, event)
        self._end(primary)
        self._settle(secondary)
        return Connection(secondary.call_id, target or device)

    def conference_call(self, held: Connection, active: Connection) -> Connection:
        """Join the held and the active call into one; everyone talks."""
        if held.device != active.device:
            raise CstaFailure("operation", "invalidConnectionID", "both calls must belong to the same device")
        primary = self._leg_in(
            held, ConnectionState.HOLD, "invalidObjectState", "the first call is not on hold"
        )
        secondary = self._leg_in(
            active, ConnectionState.CONNECTED, "invalidObjectState", "the consultation call is not active"
        )
        if ConnectionState.ALERTING in secondary.legs.values():
            raise CstaFailure(
                "stateIncompatibility", "invalidObjectState", "the consulted party has not answered yet"
            )
        device = held.device
        parties = set(primary.legs) | set(secondary.legs)
        moved = tuple(
            MovedConnection(
                Connection(secondary.call_id, d),
                Connection(primary.call_id if d in primary.legs and d != device else secondary.call_id, d),
            )
            for d in sorted(parties)
        )
        added = next((d for d in secondary.legs if d != device), None)
        event = Conferenced(primary.call_id, secondary.call_id, device, added, moved, "conference")
        recipients = self._parties(primary) | self._parties(secondary)
        for d, state in primary.legs.items():
            if d != device:
                secondary.legs[d] = state
        secondary.legs[device] = ConnectionState.CONNECTED
        self._adopt_trunk(secondary, primary)
        primary.legs.clear()
        self._notify(recipients, event)
        self._end(primary)
        return Connection(secondary.call_id, device)

    def deflect_call(self, connection: Connection, new_destination: str) -> None:
        call = self._leg_in(
            connection, ConnectionState.ALERTING, "invalidObjectState", "no ringing call to deflect"
        )
        self._check_new_party(call, new_destination)
        self._divert(call, connection.device, new_destination, "redirected")

    def single_step_transfer(self, active: Connection, transferred_to: str) -> Connection:
        """The device leaves a talking call; its partner now calls `transferred_to`."""
        call = self._leg_in(active, ConnectionState.CONNECTED, "noActiveCall", "no active call to transfer")
        device = active.device
        others = [d for d in call.legs if d != device]
        if len(others) != 1:
            raise CstaFailure(
                "stateIncompatibility", "invalidObjectState", "single-step transfer needs a two-party call"
            )
        partner = others[0]
        self._check_answered(call, device)
        self._check_new_party(call, transferred_to)
        moved = (MovedConnection(Connection(call.call_id, partner), Connection(call.call_id, partner)),)
        event = Transferred(call.call_id, None, device, transferred_to, moved, "singleStepTransfer")
        recipients = self._parties(call)
        del call.legs[device]
        call.calling, call.called, call.answered = partner, transferred_to, None
        self._notify(recipients, event)
        self._route(call, transferred_to, partner, redirected_from=device, cause="singleStepTransfer")
        return Connection(call.call_id, partner)

    def set_dnd(self, device: str, on: bool) -> None:
        ext = self._extension(device)
        ext.dnd = on
        self._notify(frozenset({device}), DoNotDisturbChanged(device, on))

    def set_forwarding(self, device: str, kind: ForwardingType, on: bool, target: str | None) -> None:
        ext = self._extension(device)
        if on:
            if not target or not (target in self.extensions or _EXTERNAL.match(target)):
                raise CstaFailure(
                    "operation",
                    "invalidDeviceID",
                    f"cannot forward {device} to {target!r}: not a known number",
                )
            if target == device:
                raise CstaFailure("operation", "invalidDeviceID", f"cannot forward {device} to itself")
            ext.forwarding[kind] = target
        else:
            ext.forwarding.pop(kind, None)
        self._notify(frozenset({device}), ForwardingChanged(device, kind, on, target if on else None))

    # -- what phone users and the outside world do ------------------------------------------------

    def incoming_call(self, external: str, called: str) -> Connection | None:
        """An external caller rings `called` over a free trunk; None when every trunk is busy."""
        if not _EXTERNAL.match(external):
            raise ValueError(f"{external!r} is not an external number (0 then digits)")
        trunk = self._seize_trunk()
        if trunk is None:
            return None
        call = self._new_call(external, called)
        call.trunk, call.external, call.direction = trunk, external, "incoming"
        self.trunks[trunk] = call.call_id
        call.legs[external] = ConnectionState.CONNECTED
        self._route(call, called, external, cause="newCall")
        return Connection(call.call_id, external)

    def external_answer(self, call_id: str) -> None:
        """The external party of an outgoing trunk call picks up."""
        call = self._call(call_id)
        if call.external is None or call.legs.get(call.external) is not ConnectionState.ALERTING:
            raise CstaFailure(
                "stateIncompatibility", "noCallToAnswer", f"call {call_id} is not ringing outside"
            )
        self._answer(call, call.external, call.calling or "", "newCall")

    def external_hang_up(self, call_id: str) -> None:
        call = self._call(call_id)
        if call.external is None or call.external not in call.legs:
            raise CstaFailure("operation", "invalidCallID", f"call {call_id} has no external party")
        self._hang_up(call, call.external, "normalClearing")

    def pickup(self, picker: str, ringing: str) -> Connection:
        """`picker` takes the call ringing at `ringing` (call pickup key)."""
        self._check_free(picker)
        call = next((c for c in self.calls.values() if c.legs.get(ringing) is ConnectionState.ALERTING), None)
        if call is None:
            raise CstaFailure(
                "stateIncompatibility", "noCallToAnswer", f"nothing rings at {ringing} to pick up"
            )
        self._check_new_party(call, picker)
        self._drop(call, ringing, Diverted(Connection(call.call_id, ringing), picker, "callPickup"))
        leg = Connection(call.call_id, picker)
        self._set(
            call,
            picker,
            ConnectionState.ALERTING,
            Delivered(leg, call.calling, call.called, ringing, "callPickup"),
        )
        self._answer(call, picker, call.calling or "", "callPickup")
        return leg

    def no_answer(self, call_id: str, device: str) -> bool:
        """The no-answer timer of `device` ran out: divert if it forwards on no answer."""
        call = self.calls.get(call_id)
        ext = self.extensions.get(device)
        if call is None or ext is None or call.legs.get(device) is not ConnectionState.ALERTING:
            return False
        target = ext.forwarding.get(ForwardingType.NO_ANSWER)
        if target is None:
            return False
        self._divert(call, device, target, "callForwardNoAnswer")
        return True

    def set_out_of_service(self, device: str, out: bool) -> None:
        ext = self._extension(device)
        if out:
            for call in [c for c in self.calls.values() if device in c.legs]:
                self._hang_up(call, device, "destOutOfOrder")
        ext.out_of_service = out
        self._notify(frozenset({device}), OutOfService(device) if out else BackInService(device))

    def reset(self) -> None:
        """A PBX restart: every call is gone (no events: nobody is connected to hear them)."""
        for call in list(self.calls.values()):
            call.legs.clear()
            self._end(call)

    # -- internals --------------------------------------------------------------------------------

    def _extension(self, device: str) -> Extension:
        ext = self.extensions.get(device)
        if ext is None:
            raise _invalid_device(device)
        return ext

    def _check_free(self, device: str) -> None:
        """Raise unless `device` could start a call now (idle, or with its calls on hold)."""
        ext = self._extension(device)
        if ext.out_of_service:
            raise CstaFailure("stateIncompatibility", "invalidObjectState", f"{device} is out of service")
        if any(s is not ConnectionState.HOLD for s in self.legs(device).values()):
            raise CstaFailure(
                "stateIncompatibility",
                "invalidObjectState",
                f"{device} is already in a call; hold it or use a consultation call",
            )

    @staticmethod
    def _check_answered(call: Call, device: str) -> None:
        if not any(s is ConnectionState.CONNECTED for d, s in call.legs.items() if d != device):
            raise CstaFailure(
                "stateIncompatibility", "invalidObjectState", f"call {call.call_id} is not answered yet"
            )

    @staticmethod
    def _check_new_party(call: Call, device: str) -> None:
        if device in call.legs:
            raise CstaFailure("operation", "invalidDeviceID", f"{device} is already in call {call.call_id}")

    def _call(self, call_id: str) -> Call:
        call = self.calls.get(call_id)
        if call is None:
            raise CstaFailure("operation", "invalidCallID", f"there is no call {call_id}")
        return call

    def _leg_in(self, connection: Connection, state: ConnectionState | None, failure: str, what: str) -> Call:
        self._extension(connection.device)
        call = self.calls.get(connection.call_id)
        if call is None:
            raise CstaFailure("operation", "invalidCallID", f"there is no call {connection.call_id}")
        if connection.device not in call.legs:
            raise CstaFailure(
                "operation", "invalidConnectionID", f"{connection.device} is not in call {connection.call_id}"
            )
        if state is not None and call.legs[connection.device] is not state:
            raise CstaFailure("stateIncompatibility", failure, f"{connection.device}: {what}")
        return call

    def _new_call(self, calling: str, called: str) -> Call:
        for _ in range(0x10000):
            call_id = f"{self._next_call:04x}"
            self._next_call = self._next_call % 0xFFFF + 1
            if call_id not in self.calls:
                call = Call(call_id, calling=calling, called=called, started=self._clock())
                self.calls[call_id] = call
                return call
        raise CstaFailure("systemResourceAvailability", "generic", "the PBX has no free call ids")

    def _seize_trunk(self) -> int | None:
        return next((i for i, busy in enumerate(self.trunks) if busy is None), None)

    def _route(
        self,
        call: Call,
        called: str,
        calling: str,
        cause: str,
        redirected_from: str | None = None,
        *,
        hops: int = 0,
    ) -> None:
        """Ring `called` in `call`, following DND, forwarding and busy rules; or fail the call."""
        caller_leg = Connection(call.call_id, calling)
        if _EXTERNAL.match(called):
            self._route_out(call, called, calling, cause, redirected_from)
            return
        ext = self.extensions.get(called)
        if ext is None or ext.out_of_service:
            self._fail(call, caller_leg, called, calling, "destNotObtainable")
            return
        divert_to, divert_cause = self._diversion(ext)
        if divert_to is not None and hops < MAX_DIVERSIONS and divert_to not in call.legs:
            # The call never rings here; monitors of the forwarding device still see it go.
            self._notify(
                frozenset({called}) | self._parties(call),
                Diverted(Connection(call.call_id, called), divert_to, divert_cause),
            )
            self._route(call, divert_to, calling, divert_cause, called, hops=hops + 1)
            return
        if ext.dnd:
            self._fail(call, caller_leg, called, calling, "doNotDisturb")
            return
        if self.legs(called):
            target = ext.forwarding.get(ForwardingType.BUSY)
            if target is not None and hops < MAX_DIVERSIONS and target not in call.legs:
                self._notify(
                    frozenset({called}) | self._parties(call),
                    Diverted(Connection(call.call_id, called), target, "callForwardBusy"),
                )
                self._route(call, target, calling, "callForwardBusy", called, hops=hops + 1)
                return
            self._fail(call, caller_leg, called, calling, "busy")
            return
        call.called = call.called or called
        self._set(
            call,
            called,
            ConnectionState.ALERTING,
            Delivered(Connection(call.call_id, called), calling, called, redirected_from, cause),
        )

    def _route_out(
        self, call: Call, number: str, calling: str, cause: str, redirected_from: str | None
    ) -> None:
        if call.trunk is None:
            trunk = self._seize_trunk()
            if trunk is None:
                self._fail(call, Connection(call.call_id, calling), number, calling, "trunksBusy")
                return
            call.trunk, call.external, call.direction = trunk, number, "outgoing"
            self.trunks[trunk] = call.call_id
        else:
            call.external = number
        self._set(
            call,
            number,
            ConnectionState.ALERTING,
            Delivered(Connection(call.call_id, number), calling, number, redirected_from, cause),
        )

    @staticmethod
    def _diversion(ext: Extension) -> tuple[str | None, str]:
        if ForwardingType.IMMEDIATE in ext.forwarding:
            return ext.forwarding[ForwardingType.IMMEDIATE], "callForwardImmediate"
        if ext.dnd and ForwardingType.DND in ext.forwarding:
            return ext.forwarding[ForwardingType.DND], "doNotDisturb"
        return None, ""

    def _divert(self, call: Call, device: str, target: str, cause: str) -> None:
        calling = call.calling or ""
        self._drop(call, device, Diverted(Connection(call.call_id, device), target, cause))
        self._route(call, target, calling, cause, redirected_from=device)

    def _fail(self, call: Call, caller_leg: Connection, called: str, calling: str, cause: str) -> None:
        if caller_leg.device not in call.legs or caller_leg.device not in self.extensions:
            # An external caller (or a caller already gone) hears the tone on its own side: the
            # call simply ends here.
            for device in list(call.legs):
                self._drop(call, device, ConnectionCleared(Connection(call.call_id, device), cause))
            self._end(call)
            return
        self._set(
            call, caller_leg.device, ConnectionState.FAIL, Failed(caller_leg, called, calling, called, cause)
        )

    def _answer(self, call: Call, device: str, calling: str, cause: str) -> None:
        call.answered = call.answered or self._clock()
        self._set(
            call,
            device,
            ConnectionState.CONNECTED,
            Established(Connection(call.call_id, device), calling or None, call.called, None, cause),
        )

    def _hang_up(self, call: Call, device: str, cause: str) -> None:
        self._drop(call, device, ConnectionCleared(Connection(call.call_id, device), cause))
        self._settle(call)

    def _settle(self, call: Call) -> None:
        """A call with one party left is over: clear that party too."""
        if len(call.legs) == 1:
            (last,) = call.legs
            self._drop(call, last, ConnectionCleared(Connection(call.call_id, last), "normalClearing"))
        if not call.legs:
            self._end(call)

    def _adopt_trunk(self, into: Call, source: Call) -> None:
        if source.trunk is not None and into.trunk is None:
            into.trunk, into.external, into.direction = source.trunk, source.external, source.direction
            into.started, into.answered = source.started, source.answered
            self.trunks[source.trunk] = into.call_id
            source.trunk = None

    def _end(self, call: Call) -> None:
        self.calls.pop(call.call_id, None)
        if call.trunk is not None:
            self.trunks[call.trunk] = None
            record = TrunkCallRecord(
                call.call_id,
                call.trunk,
                call.direction,
                call.external or "",
                next((d for d in (call.calling, call.called) if d in self.extensions), None),
                call.started,
                call.answered,
                self._clock(),
            )
            call.trunk = None
            for sink in self.cdr_sinks:
                sink(record)

    def _parties(self, call: Call) -> frozenset[str]:
        return frozenset(d for d in call.legs if d in self.extensions)

    def _set(self, call: Call, device: str, state: ConnectionState, event: TelephonyEvent) -> None:
        call.legs[device] = state
        self._emit(call, event)

    def _drop(self, call: Call, device: str, event: TelephonyEvent) -> None:
        self._emit(call, event)
        call.legs.pop(device, None)

    def _emit(self, call: Call, event: TelephonyEvent) -> None:
        self._notify(self._parties(call), event)

    def _notify(self, devices: frozenset[str], event: TelephonyEvent) -> None:
        for listener in list(self.listeners):
            listener(devices, event)
