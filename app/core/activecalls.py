"""The user's own calls, on either line, as one list: what the calls panel shows and acts on.

A call is on the softphone (SIP, this computer) or on the desk phone (controlled through CSTA). The
two engines report calls differently; adapters turn both into `ActiveCall` and keep a `CallBoard`
up to date, so everything above (panel, notification, shortcuts) treats them alike.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol


class LineKind(enum.Enum):
    SOFTPHONE = "softphone"
    DESKPHONE = "deskphone"


class CallPhase(enum.Enum):
    RINGING_IN = "ringing_in"  # someone calls us; answer or reject
    DIALLING = "dialling"  # we called, nobody rings yet
    RINGING_OUT = "ringing_out"  # the far end rings
    TALKING = "talking"
    HELD = "held"  # we put it on hold
    ENDED = "ended"


class CallDirection(enum.Enum):
    INCOMING = "incoming"
    OUTGOING = "outgoing"


@dataclass(frozen=True)
class ActiveCall:
    key: str  # unique across lines: "<line>:<engine's call id>"
    line: LineKind
    engine_id: str  # the engine's own id (SIP call id, CSTA call id)
    direction: CallDirection
    remote: str  # the other party's number or URI user part
    phase: CallPhase
    since: datetime  # when the phase began
    remote_name: str = ""
    muted: bool = False
    reason: str = ""  # why it ended, in words, when it did
    extras: tuple[tuple[str, str], ...] = field(default=())  # codec, SRTP, … for the details line

    def with_phase(self, phase: CallPhase, at: datetime, reason: str = "") -> ActiveCall:
        return replace(self, phase=phase, since=at, reason=reason or self.reason)

    @property
    def describe(self) -> str:
        who = f"{self.remote_name} ({self.remote})" if self.remote_name else self.remote
        phase = {
            CallPhase.RINGING_IN: "calling you",
            CallPhase.DIALLING: "dialling",
            CallPhase.RINGING_OUT: "ringing",
            CallPhase.TALKING: "connected",
            CallPhase.HELD: "on hold",
            CallPhase.ENDED: f"ended{': ' + self.reason if self.reason else ''}",
        }[self.phase]
        line = "this computer" if self.line is LineKind.SOFTPHONE else "desk phone"
        muted = ", muted" if self.muted else ""
        return f"{who} — {phase} ({line}{muted})"


CallListener = Callable[[ActiveCall], None]


class CallBoard:
    """The current calls by key. Listeners hear every change, including the final ENDED."""

    def __init__(self) -> None:
        self._calls: dict[str, ActiveCall] = {}
        self._listeners: list[CallListener] = []

    def subscribe(self, listener: CallListener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def update(self, call: ActiveCall) -> None:
        if call.phase is CallPhase.ENDED:
            if self._calls.pop(call.key, None) is None:
                return
        elif self._calls.get(call.key) == call:
            return
        else:
            self._calls[call.key] = call
        for listener in list(self._listeners):
            listener(call)

    def get(self, key: str) -> ActiveCall | None:
        return self._calls.get(key)

    def __iter__(self) -> Iterator[ActiveCall]:
        return iter(sorted(self._calls.values(), key=lambda c: c.key))

    def __len__(self) -> int:
        return len(self._calls)

    def ringing(self) -> list[ActiveCall]:
        return [c for c in self if c.phase is CallPhase.RINGING_IN]

    def current(self) -> ActiveCall | None:
        """The call an action applies to when none is selected: the talking one, else a ringing one."""
        order = (CallPhase.TALKING, CallPhase.RINGING_IN, CallPhase.RINGING_OUT, CallPhase.DIALLING,
                 CallPhase.HELD)
        for phase in order:
            for call in self:
                if call.phase is phase:
                    return call
        return None


class PhoneLine(Protocol):
    """One way of making calls: the softphone or the desk phone. Every action may raise a
    TandemError whose text says what went wrong ("the PBX refused: no call to answer")."""

    kind: LineKind
    label: str  # "This computer", "Desk phone 120"

    async def dial(self, target: str) -> None: ...
    async def answer(self, call: ActiveCall) -> None: ...
    async def reject(self, call: ActiveCall) -> None: ...
    async def hang_up(self, call: ActiveCall) -> None: ...
    async def hold(self, call: ActiveCall) -> None: ...
    async def retrieve(self, call: ActiveCall) -> None: ...
    async def blind_transfer(self, call: ActiveCall, target: str) -> None: ...
    async def consult(self, call: ActiveCall, target: str) -> None: ...
    async def complete_transfer(self, held: ActiveCall, active: ActiveCall) -> None: ...
    async def conference(self, held: ActiveCall, active: ActiveCall) -> None: ...
    async def send_dtmf(self, call: ActiveCall, digits: str) -> None: ...
    async def set_mute(self, call: ActiveCall, muted: bool) -> None: ...
    async def pickup(self, device: str) -> None: ...
