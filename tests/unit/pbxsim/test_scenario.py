"""Scenario files: parsing with clear errors, and telephony steps driving the call model."""

from __future__ import annotations

import pytest

from tandem.core.callevents import ConnectionState
from tandem.pbxsim.callmodel import CstaFailure, Pbx
from tandem.pbxsim.scenario import ScenarioError, parse_scenario, run_telephony_step

DEMO = """
# a colleague calls, is put on hold and transferred
at 0.5 call 100 101
after 1 answer 101      # picked up
after 1 consult 101 102
after 0.5 answer 102
after 0.5 transfer 101
after 1 incoming 01711234567 103
after 1 dnd 104 on
after 1 forward 105 immediate 106
after 1 drop-link
repeat
"""


def test_parses_times_actions_and_repeat() -> None:
    scenario = parse_scenario(DEMO, "demo.txt")
    assert [(s.at, s.action) for s in scenario.steps[:3]] == [
        (0.5, "call"),
        (1.5, "answer"),
        (2.5, "consult"),
    ]
    assert scenario.repeat
    assert scenario.steps[-1].is_fault and scenario.duration == 7.5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("at 1 fly 100", "demo.txt line 1: unknown action 'fly'"),
        ("at x call 100 101", "demo.txt line 1: 'x' is not a number of seconds"),
        ("at 2 hold 100\nat 1 hold 101", "demo.txt line 2: `at 1` is earlier than the line before (2 s)"),
        ("at 1 call 100", "demo.txt line 1: call takes 2 argument(s), found 1"),
        ("at 1 dnd 100 maybe", "demo.txt line 1: dnd needs `on` or `off`, found 'maybe'"),
        ("call 100 101", "demo.txt line 1: expected `at SECONDS ACTION"),
        ("repeat\nat 1 restart", "demo.txt line 2: nothing may follow `repeat`"),
    ],
)
def test_bad_lines_are_named(text: str, message: str) -> None:
    with pytest.raises(ScenarioError) as error:
        parse_scenario(text, "demo.txt")
    assert str(error.value).startswith(message)


def test_telephony_steps_drive_the_pbx() -> None:
    pbx = Pbx([str(n) for n in range(100, 110)], trunks=1)
    for step in parse_scenario(DEMO).steps:
        if not step.is_fault:
            run_telephony_step(pbx, step)
    assert set(pbx.legs("100").values()) == {ConnectionState.CONNECTED}
    assert pbx.legs("100") == pbx.legs("102")
    assert pbx.legs("101") == {}
    assert set(pbx.legs("103").values()) == {ConnectionState.ALERTING}
    assert pbx.get_dnd("104")
    with pytest.raises(CstaFailure, match="107 has no alerting call"):
        run_telephony_step(pbx, parse_scenario("at 0 answer 107").steps[0])
