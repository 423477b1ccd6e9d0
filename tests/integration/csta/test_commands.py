"""`tandem pbxsim` and `tandem csta …` as a technician runs them: real processes, real TCP."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

TANDEM = [sys.executable, "-m", "tandem"]


@pytest.fixture
def pbxsim(tmp_path: Path) -> Iterator[int]:
    scenario = tmp_path / "office.txt"
    scenario.write_text("at 0 call 110 111\nafter 0.2 answer 111\n", encoding="utf-8")
    with subprocess.Popen(
        [
            *TANDEM,
            "pbxsim",
            "--csta-port",
            "0",
            "--extensions",
            "100-119",
            "--trunks",
            "2",
            "--scenario",
            str(scenario),
            "--heartbeat",
            "5",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            match = re.search(r"CSTA on 127\.0\.0\.1:(\d+)", line)
            assert match, f"unexpected first line {line!r}"
            yield int(match[1])
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def csta(
    port: int, *args: str, password: str = "77777", timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TANDEM_CSTA_PASSWORD": password}
    return subprocess.run(
        [*TANDEM, "csta", args[0], "--host", "127.0.0.1", "--port", str(port), *args[1:]],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def test_technician_session(pbxsim: int) -> None:
    done = csta(pbxsim, "dnd", "100", "on")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"device": "100", "dnd": True}
    done = csta(pbxsim, "forward", "101", "102")
    assert json.loads(done.stdout) == {"device": "101", "forwarding": {"forwardImmediate": "102"}}
    done = csta(pbxsim, "call", "103", "101")
    assert done.returncode == 0, done.stderr
    call = json.loads(done.stdout)
    assert call["device"] == "103"
    done = csta(pbxsim, "snapshot", "102", "111")
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert first["calls"] == [
        {"call_id": call["call_id"], "state": "alerting", "parties": {"102": "alerting", "103": "connected"}}
    ]
    assert second["calls"][0]["parties"] == {"110": "connected", "111": "connected"}  # from the scenario


def test_monitor_prints_json_lines(pbxsim: int) -> None:
    env = {**os.environ, "TANDEM_CSTA_PASSWORD": "77777"}
    with subprocess.Popen(
        [*TANDEM, "csta", "monitor", "--host", "127.0.0.1", "--port", str(pbxsim), "105", "106"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    ) as proc:
        try:
            assert proc.stdout is not None
            lines = []
            for line in proc.stdout:
                lines.append(json.loads(line))
                if sum(1 for x in lines if x["type"] == "state") == 2:
                    break
            assert {"type": "link", "state": "ready", "error": None, "retry_in": None} in lines
            states = {x["device"]: x["state"] for x in lines if x["type"] == "state"}
            assert states == {"105": "idle", "106": "idle"}
            assert csta(pbxsim, "call", "105", "106").returncode == 0
            for line in proc.stdout:
                event = json.loads(line)
                if event["type"] == "state" and event["device"] == "106":
                    assert event["state"] == "ringing" and event["party"] == "105"
                    break
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def test_wrong_password_is_one_clear_sentence(pbxsim: int) -> None:
    done = csta(pbxsim, "dnd", "100", password="nope")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.strip() == (
        f"tandem csta: 127.0.0.1:{pbxsim} refused the CSTA login as 'AMHOST' "
        "(authenticationFailure): wrong name or password?"
    )


def test_bad_scenario_file_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("at 1 call 100\n", encoding="utf-8")
    done = subprocess.run(
        [*TANDEM, "pbxsim", "--csta-port", "0", "--scenario", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "tandem pbxsim: bad.txt line 1: call takes 2 argument(s), found 1"


def test_pbxsim_serves_cdr_records_of_trunk_calls(tmp_path: Path) -> None:
    import hashlib
    import http.client
    import ssl
    import time

    scenario = tmp_path / "trunk.txt"
    scenario.write_text(
        "at 0 incoming 01711234567 100\nafter 0.1 answer 100\nafter 0.1 hangup 100\n", encoding="utf-8"
    )
    env = {**os.environ, "TANDEM_PBXSIM_CDR_PASSWORD": "cdr-test"}
    with subprocess.Popen(
        [
            *TANDEM,
            "pbxsim",
            "--csta-port",
            "0",
            "--cdr-port",
            "0",
            "--extensions",
            "100-101",
            "--scenario",
            str(scenario),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    ) as proc:
        try:
            assert proc.stdout is not None
            cdr_line = proc.stdout.readline()
            match = re.search(
                r"https://127\.0\.0\.1:(\d+) \(user cdr, certificate SHA-256 ([0-9a-f]{64})\)", cdr_line
            )
            assert match, cdr_line
            assert "scenario trunk.txt finished" in proc.stdout.readline() + proc.stdout.readline()
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE  # the fingerprint is pinned below instead
            deadline = time.monotonic() + 20
            body = b""
            while not body and time.monotonic() < deadline:
                conn = http.client.HTTPSConnection("127.0.0.1", int(match[1]), context=context, timeout=10)
                conn.connect()
                assert conn.sock is not None
                der = conn.sock.getpeercert(binary_form=True)
                assert der is not None and hashlib.sha256(der).hexdigest() == match[2]
                conn.request(
                    "GET",
                    "/management/portlet/?portlet=hipath-accountingdownload::"
                    "HiPathAccountingDownloadPortlet&entity=accounting&action=get"
                    "&username=cdr@system&password=cdr-test",
                )
                body = conn.getresponse().read()
                conn.close()
            assert b"01711234567" in body
        finally:
            proc.terminate()
            proc.wait(timeout=20)
