"""Scenario files: timed actions for repeatable demos and QA runs of the simulator.

One action a line; `#` starts a comment. A line starts with `at SECONDS` (from the start) or
`after SECONDS` (from the previous line), then the action:

    at 0.5   call 100 101            # 100 dials 101 (as makeCall)
    after 2  answer 101              # 101 answers what rings there
    after 5  hold 100 | retrieve 100 | hangup 101
    after 1  consult 100 102 | transfer 100 | conference 100
    after 1  deflect 101 102 | sst 100 103 | pickup 105 101 | noanswer 101
    after 1  incoming 01711234567 102 | external-answer 01711234567 | external-hangup 01711234567
    after 1  dnd 103 on | forward 104 immediate 105 | forward 104 immediate off
    after 1  out-of-service 106 | in-service 106
    after 1  drop-link | stall 3 | garbage | slow 0.5 | reject-aarq on | restart
    repeat                           # start again from the top (last line only)

Telephony actions name devices, not call ids: "answer 101" answers the call ringing at 101.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tandem.core.callevents import Connection, ConnectionState, ForwardingType
from tandem.pbxsim.callmodel import CstaFailure, Pbx

_FORWARD_TYPES = {
    "immediate": ForwardingType.IMMEDIATE,
    "busy": ForwardingType.BUSY,
    "noanswer": ForwardingType.NO_ANSWER,
    "no-answer": ForwardingType.NO_ANSWER,
    "dnd": ForwardingType.DND,
}

# action -> (minimum, maximum) number of arguments
_TELEPHONY = {
    "call": (2, 2),
    "answer": (1, 1),
    "hangup": (1, 1),
    "hold": (1, 1),
    "retrieve": (1, 1),
    "consult": (2, 2),
    "transfer": (1, 1),
    "conference": (1, 1),
    "deflect": (2, 2),
    "sst": (2, 2),
    "pickup": (2, 2),
    "noanswer": (1, 1),
    "incoming": (2, 2),
    "external-answer": (1, 1),
    "external-hangup": (1, 1),
    "dnd": (2, 2),
    "forward": (3, 3),
    "out-of-service": (1, 1),
    "in-service": (1, 1),
}
FAULTS = {
    "drop-link": (0, 0),
    "stall": (1, 1),
    "garbage": (0, 1),
    "slow": (1, 1),
    "reject-aarq": (1, 1),
    "restart": (0, 0),
}


class ScenarioError(ValueError):
    """A scenario file line that cannot be understood; the message names the file and line."""


@dataclass(frozen=True)
class Step:
    at: float  # seconds from the start of the scenario (or of this round when it repeats)
    action: str
    args: tuple[str, ...]
    line: int

    @property
    def is_fault(self) -> bool:
        return self.action in FAULTS


@dataclass(frozen=True)
class Scenario:
    name: str
    steps: tuple[Step, ...]
    repeat: bool = False

    @property
    def duration(self) -> float:
        return self.steps[-1].at if self.steps else 0.0


def _number(text: str, where: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ScenarioError(f"{where}: {text!r} is not a number of seconds") from None
    if value < 0:
        raise ScenarioError(f"{where}: a time cannot be negative ({text})")
    return value


def parse_scenario(text: str, name: str = "scenario") -> Scenario:
    steps: list[Step] = []
    clock = 0.0
    repeat = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        where = f"{name} line {lineno}"
        words = raw.split("#", 1)[0].split()
        if not words:
            continue
        if repeat:
            raise ScenarioError(f"{where}: nothing may follow `repeat`")
        if words == ["repeat"]:
            repeat = True
            continue
        if len(words) < 3 or words[0] not in ("at", "after"):
            raise ScenarioError(f"{where}: expected `at SECONDS ACTION …` or `after SECONDS ACTION …`")
        seconds = _number(words[1], where)
        at = seconds if words[0] == "at" else clock + seconds
        if at < clock:
            raise ScenarioError(f"{where}: `at {words[1]}` is earlier than the line before ({clock:g} s)")
        action, args = words[2], tuple(words[3:])
        limits = _TELEPHONY.get(action) or FAULTS.get(action)
        if limits is None:
            known = ", ".join(sorted([*_TELEPHONY, *FAULTS]))
            raise ScenarioError(f"{where}: unknown action {action!r} (known: {known})")
        if not limits[0] <= len(args) <= limits[1]:
            raise ScenarioError(
                f"{where}: {action} takes {limits[0]}"
                + (f" to {limits[1]}" if limits[1] != limits[0] else "")
                + f" argument(s), found {len(args)}"
            )
        _check_args(action, args, where)
        steps.append(Step(at, action, args, lineno))
        clock = at
    return Scenario(name, tuple(steps), repeat)


def _check_args(action: str, args: tuple[str, ...], where: str) -> None:
    if action in ("dnd", "reject-aarq") and args[-1] not in ("on", "off"):
        raise ScenarioError(f"{where}: {action} needs `on` or `off`, found {args[-1]!r}")
    if action == "forward" and args[1] not in _FORWARD_TYPES:
        raise ScenarioError(f"{where}: forwarding type must be one of {', '.join(_FORWARD_TYPES)}")
    if action in ("stall", "slow"):
        _number(args[0], where)


def load_scenario(path: Path) -> Scenario:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"cannot read the scenario file {path}: {exc.strerror}") from exc
    return parse_scenario(text, path.name)


def _leg(pbx: Pbx, device: str, *states: ConnectionState) -> Connection:
    for call_id, state in sorted(pbx.legs(device).items()):
        if state in states:
            return Connection(call_id, device)
    wanted = " or ".join(s.value for s in states)
    raise CstaFailure("stateIncompatibility", "invalidObjectState", f"{device} has no {wanted} call")


def _external_call(pbx: Pbx, number: str) -> str:
    for call in pbx.calls.values():
        if call.external == number:
            return call.call_id
    raise CstaFailure("operation", "invalidCallID", f"no call with {number}")


def run_telephony_step(pbx: Pbx, step: Step) -> None:
    """Do one telephony action on the PBX; raises CstaFailure when the office is not in the state the
    scenario expected (the runner logs it and carries on, as a person would)."""
    a = step.args
    actions: dict[str, Callable[[], object]] = {
        "call": lambda: pbx.make_call(a[0], a[1]),
        "answer": lambda: pbx.answer_call(_leg(pbx, a[0], ConnectionState.ALERTING)),
        "hangup": lambda: pbx.clear_connection(_leg(pbx, a[0], *ConnectionState)),
        "hold": lambda: pbx.hold_call(_leg(pbx, a[0], ConnectionState.CONNECTED)),
        "retrieve": lambda: pbx.retrieve_call(_leg(pbx, a[0], ConnectionState.HOLD)),
        "consult": lambda: pbx.consultation_call(_leg(pbx, a[0], ConnectionState.CONNECTED), a[1]),
        "transfer": lambda: pbx.transfer_call(
            _leg(pbx, a[0], ConnectionState.HOLD), _leg(pbx, a[0], ConnectionState.CONNECTED)
        ),
        "conference": lambda: pbx.conference_call(
            _leg(pbx, a[0], ConnectionState.HOLD), _leg(pbx, a[0], ConnectionState.CONNECTED)
        ),
        "deflect": lambda: pbx.deflect_call(_leg(pbx, a[0], ConnectionState.ALERTING), a[1]),
        "sst": lambda: pbx.single_step_transfer(_leg(pbx, a[0], ConnectionState.CONNECTED), a[1]),
        "pickup": lambda: pbx.pickup(a[0], a[1]),
        "noanswer": lambda: pbx.no_answer(_leg(pbx, a[0], ConnectionState.ALERTING).call_id, a[0]),
        "incoming": lambda: pbx.incoming_call(a[0], a[1]),
        "external-answer": lambda: pbx.external_answer(_external_call(pbx, a[0])),
        "external-hangup": lambda: pbx.external_hang_up(_external_call(pbx, a[0])),
        "dnd": lambda: pbx.set_dnd(a[0], a[1] == "on"),
        "forward": lambda: pbx.set_forwarding(
            a[0], _FORWARD_TYPES[a[1]], a[2] != "off", None if a[2] == "off" else a[2]
        ),
        "out-of-service": lambda: pbx.set_out_of_service(a[0], True),
        "in-service": lambda: pbx.set_out_of_service(a[0], False),
    }
    actions[step.action]()
