"""The presence (BLF) view of watched devices and their calls, computed only from telephony events.

Feed it tandem.core.callevents (from the CSTA link, a snapshot, or WSI); read `device(d)` for what a
colleague tile shows and `call(c)` for who is in a call. Every update is idempotent: the same event
arriving on two monitors (both parties watched) changes nothing the second time, and a snapshot
simply replaces what the model believed about that device or call.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from tandem.core.callevents import (
    BackInService,
    CallCleared,
    CallSnapshot,
    Conferenced,
    Connection,
    ConnectionCleared,
    ConnectionState,
    Delivered,
    DeviceSnapshot,
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


class DeviceState(enum.Enum):
    """What a colleague tile shows for a device."""

    UNKNOWN = "unknown"
    IDLE = "idle"
    DIALLING = "dialling"  # off-hook, dialling, or hearing a busy tone after a failed call
    RINGING = "ringing"
    BUSY = "busy"
    ON_HOLD = "on_hold"
    DO_NOT_DISTURB = "do_not_disturb"
    FORWARDED = "forwarded"
    OUT_OF_SERVICE = "out_of_service"


# Forwarding that sends every call away makes the device "forwarded"; busy/no-answer forwarding
# only matters once a call arrives, so it does not change the tile.
_UNCONDITIONAL = (
    ForwardingType.IMMEDIATE,
    ForwardingType.IMMEDIATE_INTERNAL,
    ForwardingType.IMMEDIATE_EXTERNAL,
)

# Which leg decides the tile when a device is in several calls: talking beats ringing beats held.
_LEG_PRIORITY = {
    ConnectionState.CONNECTED: 0,
    ConnectionState.ALERTING: 1,
    ConnectionState.HOLD: 2,
    ConnectionState.INITIATED: 3,
    ConnectionState.FAIL: 3,
    ConnectionState.QUEUED: 4,
}
_LEG_TO_STATE = {
    ConnectionState.CONNECTED: DeviceState.BUSY,
    ConnectionState.ALERTING: DeviceState.RINGING,
    ConnectionState.HOLD: DeviceState.ON_HOLD,
    ConnectionState.INITIATED: DeviceState.DIALLING,
    ConnectionState.FAIL: DeviceState.DIALLING,
    ConnectionState.QUEUED: DeviceState.RINGING,
}


@dataclass(frozen=True)
class DevicePresence:
    """One device as the model sees it. `party` is the caller when ringing, else the other party."""

    device: str
    state: DeviceState
    party: str | None = None
    call_id: str | None = None
    dnd: bool = False
    forwarded_to: str | None = None


@dataclass(frozen=True)
class CallView:
    """One call: every known party's local state, and who called whom."""

    call_id: str
    parties: Mapping[str, ConnectionState]
    calling: str | None = None
    called: str | None = None


@dataclass
class _Call:
    parties: dict[str, ConnectionState] = field(default_factory=dict)
    calling: str | None = None
    called: str | None = None


@dataclass(frozen=True)
class DeviceFacts:
    """What a switching function knows of one device; enough to derive its tile."""

    legs: Mapping[str, ConnectionState]
    calls: Mapping[str, CallView]
    dnd: bool = False
    forwarding: Mapping[ForwardingType, str | None] = field(default_factory=dict)
    out_of_service: bool = False
    known: bool = True


def derive_presence(device: str, facts: DeviceFacts) -> DevicePresence:
    """The tile of `device` from its legs and features (shared by the model and the simulator)."""
    forwarded_to = next((facts.forwarding[t] for t in _UNCONDITIONAL if t in facts.forwarding), None)
    forwarded = any(t in facts.forwarding for t in _UNCONDITIONAL)
    state = DeviceState.IDLE
    party: str | None = None
    call_id: str | None = None
    if facts.out_of_service:
        state = DeviceState.OUT_OF_SERVICE
    elif not facts.known:
        state = DeviceState.UNKNOWN
    elif facts.legs:
        call_id, leg = min(facts.legs.items(), key=lambda item: (_LEG_PRIORITY[item[1]], item[0]))
        state = _LEG_TO_STATE[leg]
        view = facts.calls.get(call_id)
        party = _other_party(device, view) if view is not None else None
    elif facts.dnd:
        state = DeviceState.DO_NOT_DISTURB
    elif forwarded:
        state = DeviceState.FORWARDED
    return DevicePresence(device, state, party, call_id, dnd=facts.dnd, forwarded_to=forwarded_to)


def _other_party(device: str, view: CallView) -> str | None:
    # The caller when it is still in the call (what a ringing tile shows), else the first other
    # party: derived from the legs alone, so every observer of the same legs agrees.
    if view.calling and view.calling != device and view.calling in view.parties:
        return view.calling
    others = sorted(p for p in view.parties if p != device)
    return others[0] if others else None


Listener = Callable[[DevicePresence], None]


class PresenceModel:
    """Device tiles and calls of the watched devices, kept up to date by `apply(event)`."""

    def __init__(self, watched: Iterable[str] = ()) -> None:
        self._watched: set[str] = set(watched)
        self._calls: dict[str, _Call] = {}
        self._legs: dict[str, set[str]] = {}  # device -> call ids it has a leg in
        self._known: set[str] = set()
        self._dnd: dict[str, bool] = {}
        self._forwarding: dict[str, dict[ForwardingType, str | None]] = {}
        self._out_of_service: set[str] = set()
        self._listeners: list[Listener] = []
        self._before: dict[str, DevicePresence] = {}
        self.events_applied = 0

    # -- what is watched ------------------------------------------------------------------------

    @property
    def watched(self) -> frozenset[str]:
        return frozenset(self._watched)

    def watch(self, devices: Iterable[str]) -> None:
        """Track these devices; they read UNKNOWN until an event or a snapshot says otherwise."""
        self._watched.update(devices)

    def unwatch(self, devices: Iterable[str]) -> None:
        for device in list(devices):
            self._watched.discard(device)
            self._known.discard(device)
            for call_id in list(self._legs.get(device, ())):
                self._prune(call_id)

    def mark_unknown(self, devices: Iterable[str]) -> None:
        """Forget what we believed about these devices (e.g. the PBX said its monitor ended)."""
        for device in devices:
            self._touch(device)
            self._known.discard(device)
            for call_id in list(self._legs.get(device, ())):
                self._drop_leg(call_id, device)
        self._notify()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` with every changed tile of a watched device; returns an unsubscribe."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    # -- reading ----------------------------------------------------------------------------------

    def device(self, device: str) -> DevicePresence:
        return derive_presence(device, self.facts(device))

    def devices(self) -> dict[str, DevicePresence]:
        return {d: self.device(d) for d in sorted(self._watched)}

    def legs(self, device: str) -> dict[str, ConnectionState]:
        """The device's legs by call id, e.g. {"00a1": CONNECTED}."""
        return {c: self._calls[c].parties[device] for c in self._legs.get(device, ())}

    def call(self, call_id: str) -> CallView | None:
        call = self._calls.get(call_id)
        if call is None:
            return None
        return CallView(call_id, MappingProxyType(dict(call.parties)), call.calling, call.called)

    def calls(self) -> dict[str, CallView]:
        return {c: view for c in sorted(self._calls) if (view := self.call(c)) is not None}

    def facts(self, device: str) -> DeviceFacts:
        legs = self.legs(device)
        calls = {c: view for c in legs if (view := self.call(c)) is not None}
        return DeviceFacts(
            legs=legs,
            calls=calls,
            dnd=self._dnd.get(device, False),
            forwarding=dict(self._forwarding.get(device, {})),
            out_of_service=device in self._out_of_service,
            known=device in self._known,
        )

    # -- updating ---------------------------------------------------------------------------------

    def apply(self, event: TelephonyEvent) -> None:
        """Take one event into account and tell the listeners which tiles changed."""
        self.events_applied += 1
        handler = _HANDLERS.get(type(event))
        if handler is None:
            raise TypeError(f"the presence model does not understand {type(event).__name__}")
        handler(self, event)
        self._notify()

    def _on_service_initiated(self, ev: ServiceInitiated) -> None:
        self._set_leg(ev.connection, ConnectionState.INITIATED)

    def _on_originated(self, ev: Originated) -> None:
        self._set_leg(ev.connection, ConnectionState.CONNECTED)
        self._describe(ev.connection.call_id, ev.calling, ev.called)

    def _on_delivered(self, ev: Delivered) -> None:
        call_id = ev.connection.call_id
        self._set_leg(ev.connection, ConnectionState.ALERTING)
        self._describe(call_id, ev.calling, ev.called)
        self._caller_connected(call_id, ev.calling, ev.connection.device)

    def _on_established(self, ev: Established) -> None:
        call_id = ev.connection.call_id
        self._set_leg(ev.connection, ConnectionState.CONNECTED)
        self._describe(call_id, ev.calling, ev.called)
        self._caller_connected(call_id, ev.calling, ev.connection.device)

    def _on_connection_cleared(self, ev: ConnectionCleared) -> None:
        self._drop_leg(ev.connection.call_id, ev.connection.device)

    def _on_call_cleared(self, ev: CallCleared) -> None:
        call = self._calls.get(ev.call_id)
        if call is not None:
            for device in list(call.parties):
                self._drop_leg(ev.call_id, device)

    def _on_held(self, ev: Held) -> None:
        self._set_leg(ev.connection, ConnectionState.HOLD)

    def _on_retrieved(self, ev: Retrieved) -> None:
        self._set_leg(ev.connection, ConnectionState.CONNECTED)

    def _on_diverted(self, ev: Diverted) -> None:
        self._drop_leg(ev.connection.call_id, ev.connection.device)

    def _on_failed(self, ev: Failed) -> None:
        self._set_leg(ev.connection, ConnectionState.FAIL)
        self._describe(ev.connection.call_id, ev.calling, ev.called)

    def _on_transferred(self, ev: Transferred) -> None:
        self._merge(ev.primary_old, ev.secondary_old, ev.transferring, ev.connections, leaving=True)

    def _on_conferenced(self, ev: Conferenced) -> None:
        self._merge(ev.primary_old, ev.secondary_old, ev.conferencing, ev.connections, leaving=False)

    def _on_dnd(self, ev: DoNotDisturbChanged) -> None:
        self._touch(ev.device)
        self._dnd[ev.device] = ev.on
        self._known.add(ev.device)

    def _on_forwarding(self, ev: ForwardingChanged) -> None:
        self._touch(ev.device)
        table = self._forwarding.setdefault(ev.device, {})
        if ev.on:
            table[ev.forwarding_type] = ev.target
        else:
            table.pop(ev.forwarding_type, None)
        self._known.add(ev.device)

    def _on_out_of_service(self, ev: OutOfService) -> None:
        self._touch(ev.device)
        self._out_of_service.add(ev.device)

    def _on_back_in_service(self, ev: BackInService) -> None:
        self._touch(ev.device)
        self._out_of_service.discard(ev.device)

    def _on_device_snapshot(self, ev: DeviceSnapshot) -> None:
        device = ev.device
        self._touch(device)
        self._known.add(device)
        if ev.calls is not None:
            fresh = dict(ev.calls)
            for call_id in list(self._legs.get(device, ())):
                if call_id not in fresh:
                    self._drop_leg(call_id, device)
            for call_id, state in fresh.items():
                if state is not ConnectionState.NULL:
                    self._set_leg(Connection(call_id, device), state)
        if ev.dnd is not None:
            self._dnd[device] = ev.dnd
        if ev.forwarding is not None:
            self._forwarding[device] = dict(ev.forwarding)

    def _on_call_snapshot(self, ev: CallSnapshot) -> None:
        fresh = {d: s for d, s in ev.parties if s is not ConnectionState.NULL}
        call = self._calls.get(ev.call_id)
        if call is not None:
            for device in list(call.parties):
                if device not in fresh:
                    self._drop_leg(ev.call_id, device)
        for device, state in fresh.items():
            self._set_leg(Connection(ev.call_id, device), state)

    # -- the bookkeeping every handler shares ----------------------------------------------------

    def _merge(
        self,
        primary: str,
        secondary: str | None,
        mover: str,
        moved: tuple[MovedConnection, ...],
        leaving: bool,
    ) -> None:
        """Transfer (`mover` leaves) or conference (`mover` stays, talking): legs move to new calls."""
        old_ids = [c for c in (primary, secondary) if c]
        olds = {c: self._calls[c] for c in old_ids if c in self._calls}
        described = next(iter(olds.values()), None)
        # Who called whom in each resulting call: a surviving call keeps its own, a new call id
        # inherits the first old call's (read now: dropping legs below may prune the survivor).
        origins = {
            e.new.call_id: (c.calling, c.called)
            if (c := self._calls.get(e.new.call_id)) is not None
            else (described.calling, described.called)
            if described is not None
            else (None, None)
            for e in moved
        }
        new_states: list[tuple[Connection, ConnectionState]] = []
        for entry in moved:
            device = entry.new.device
            state: ConnectionState | None = None
            sources = [entry.old.call_id] if entry.old is not None else old_ids
            for source in sources:
                if source in olds and device in olds[source].parties:
                    state = olds[source].parties[device]
                    break
            if state is None:
                # Already applied (the same event arrives on every party's monitor): keep it.
                current = self._calls.get(entry.new.call_id)
                state = current.parties.get(device) if current is not None else None
            if device == mover or state is None:
                state = ConnectionState.CONNECTED
            new_states.append((entry.new, state))
        for call_id in old_ids:
            call = self._calls.get(call_id)
            if call is None:
                continue
            for device in list(call.parties):
                if device == mover or any(e.new.device == device for e in moved):
                    self._drop_leg(call_id, device)
        if leaving:
            for call_id in old_ids:
                self._drop_leg(call_id, mover)
        for connection, state in new_states:
            self._set_leg(connection, state)
            self._describe(connection.call_id, *origins[connection.call_id])
        for call_id in origins:
            self._prune(call_id)

    def _caller_connected(self, call_id: str, calling: str | None, other: str) -> None:
        # The caller's leg is connected once the call rings somewhere; only fill it in when we have
        # not heard of it, so a held or failed caller leg is never overwritten.
        if calling and calling != other:
            call = self._calls.get(call_id)
            current = call.parties.get(calling) if call is not None else None
            if current in (None, ConnectionState.INITIATED):
                self._set_leg(Connection(call_id, calling), ConnectionState.CONNECTED)

    def _describe(self, call_id: str, calling: str | None, called: str | None) -> None:
        call = self._calls.get(call_id)
        if call is None:
            return
        # The latest event is the truth (a transfer or a diversion changes who calls whom).
        if calling:
            call.calling = calling
        if called:
            call.called = called

    def _set_leg(self, connection: Connection, state: ConnectionState) -> None:
        self._touch(connection.device)
        call = self._calls.setdefault(connection.call_id, _Call())
        for device in call.parties:
            self._touch(device)  # the other parties' "party" may change
        call.parties[connection.device] = state
        self._legs.setdefault(connection.device, set()).add(connection.call_id)
        if connection.device in self._watched:
            self._known.add(connection.device)

    def _drop_leg(self, call_id: str, device: str) -> None:
        call = self._calls.get(call_id)
        if call is None or device not in call.parties:
            return
        for party in call.parties:
            self._touch(party)
        del call.parties[device]
        legs = self._legs.get(device)
        if legs is not None:
            legs.discard(call_id)
            if not legs:
                del self._legs[device]
        self._prune(call_id)

    def _prune(self, call_id: str) -> None:
        """Forget a call once no watched device is in it (it can no longer change a tile)."""
        call = self._calls.get(call_id)
        if call is None:
            return
        if self._watched and any(d in self._watched for d in call.parties):
            return
        if not self._watched and call.parties:
            return
        for device in list(call.parties):
            legs = self._legs.get(device)
            if legs is not None:
                legs.discard(call_id)
                if not legs:
                    del self._legs[device]
        del self._calls[call_id]

    def _touch(self, device: str) -> None:
        if self._listeners and device not in self._before and (not self._watched or device in self._watched):
            self._before[device] = self.device(device)

    def _notify(self) -> None:
        before, self._before = self._before, {}
        if not self._listeners:
            return
        for device, old in before.items():
            new = self.device(device)
            if new != old:
                for listener in list(self._listeners):
                    listener(new)


_HANDLERS: dict[type, Callable[[PresenceModel, Any], None]] = {
    ServiceInitiated: PresenceModel._on_service_initiated,
    Originated: PresenceModel._on_originated,
    Delivered: PresenceModel._on_delivered,
    Established: PresenceModel._on_established,
    ConnectionCleared: PresenceModel._on_connection_cleared,
    CallCleared: PresenceModel._on_call_cleared,
    Held: PresenceModel._on_held,
    Retrieved: PresenceModel._on_retrieved,
    Diverted: PresenceModel._on_diverted,
    Failed: PresenceModel._on_failed,
    Transferred: PresenceModel._on_transferred,
    Conferenced: PresenceModel._on_conferenced,
    DoNotDisturbChanged: PresenceModel._on_dnd,
    ForwardingChanged: PresenceModel._on_forwarding,
    OutOfService: PresenceModel._on_out_of_service,
    BackInService: PresenceModel._on_back_in_service,
    DeviceSnapshot: PresenceModel._on_device_snapshot,
    CallSnapshot: PresenceModel._on_call_snapshot,
}
