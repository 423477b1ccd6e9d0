"""`tandem csta decode` run as a real subprocess: its JSON conventions and its exit status."""

from __future__ import annotations

import json
import subprocess
import sys

HIPATH_DELIVERED = (
    # siemens header, invoke 300, cSTAEventReport, crossRef 0001, delivered: connection both (001a, 548),
    # alerting 548, calling 01761234, called 548, lastRedirection restricted, alerting, newCall, timestamp
    "26 80 62 a1 60 02 02 01 2c 02 01 15 30 57 55 02 00 01 a0 51 a4 4f 6b 0f 30 0d 80 02 00 1a a1 07 30 05"
    " 80 03 35 34 38 63 07 30 05 80 03 35 34 38 61 0c 30 0a 80 08 30 31 37 36 31 32 33 34 62 07 30 05 80 03"
    " 35 34 38 64 02 88 00 4e 01 02 0a 01 16 7e 12 a0 10 18 0e 32 30 31 32 31 32 30 37 31 39 33 34 30 31"
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tandem", "csta", "decode", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_hipath_event_as_json() -> None:
    done = run(*HIPATH_DELIVERED.split())
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    assert json.loads(line) == {
        "rose": "invoke",
        "invoke_id": 300,
        "operation": "cSTAEventReport",
        "cross_ref_identifier": "0001",
        "event": "delivered",
        "connection": {"call_id": "001a", "device_id": "548"},
        "alerting_device": "548",
        "calling_device": "01761234",
        "called_device": "548",
        "last_redirection_device": {"restricted": True},
        "local_connection_info": "alerting",
        "cause": "newCall",
        "extensions": {"security": {"timestamp": "2012-12-07T19:34:01"}},
    }


def test_several_bare_pdus_with_colons_and_pretty_output() -> None:
    done = run(
        "a1:0c:02:01:01:02:02:00:d3:30:03:0a:01:02",
        "a3 09 02 01 05 02 01 01 80 01 0c",
        "a2 03 02 01 07",
        "--pretty",
    )
    assert done.returncode == 0, done.stderr
    assert '\n  "rose": "invoke",\n' in done.stdout
    decoder = json.JSONDecoder()
    objects, text = [], done.stdout.strip()
    while text:
        obj, end = decoder.raw_decode(text)
        objects.append(obj)
        text = text[end:].strip()
    assert objects == [
        {
            "rose": "invoke",
            "invoke_id": 1,
            "operation": "systemStatus",
            "argument": {"system_status": "normal"},
        },
        {
            "rose": "returnError",
            "invoke_id": 5,
            "error": "universalFailure",
            "category": "operation",
            "value": "invalidDeviceID",
        },
        {"rose": "returnResult", "invoke_id": 7},
    ]


def test_len2_framing_and_acse() -> None:
    done = run(
        "--framing",
        "len2",
        "00 05 62 03 80 01 00",
        "00 17 61 15 a1 07 06 05 2b 0c 00 81 5a a2 03 02 01 01 a3 05 a1 03 02 01 0d",
    )
    assert done.returncode == 0, done.stderr
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert first == {"acse": "rlrq", "reason": 0}
    assert second["acse"] == "aare" and second["result"] == "rejectedPermanent" and second["diagnostic"] == 13


def test_malformed_input_exits_2_naming_offset_and_field_path() -> None:
    done = run("a1 0f 02 01 02 02 01 47 30 07 30 05 89 03 31 30 30")
    assert done.returncode == 2
    assert done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert "at byte 14" in line
    assert "monitorStart.argument.monitor_object.device_identifier" in line


def test_incomplete_and_non_hex_input_exit_2() -> None:
    cut = run("26 80 11 a1 0f 02 01 02")
    assert cut.returncode == 2 and "incomplete input" in cut.stderr and len(cut.stderr.splitlines()) == 1
    garbage = run("a1 0g")
    assert garbage.returncode == 2 and "'g' is not a hex digit" in garbage.stderr


def test_pdus_before_broken_framing_are_still_printed() -> None:
    done = run("26 80 08 a4 06 02 01 14 81 01 01", "27 80 01 00")
    assert done.returncode == 2
    assert json.loads(done.stdout)["problem"] == "unrecognizedOperation"
    assert "at byte 11" in done.stderr and "not 0x26" in done.stderr
