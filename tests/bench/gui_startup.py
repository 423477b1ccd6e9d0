"""Benchmark: process start to an interactive window with the demo office connected, and idle RSS.

Tandem is configured as `tandem --demo` configures it: desk phone (CSTA), softphone (SIP engine and
audio bridge loaded), UC presence (WSI) and the CDR collector.

The demo office (simulated PBX: CSTA, WSI, CDR) runs once in its own process; Tandem is started N
times against it with a profile that points there, offscreen, and timed from launch to its log
line "Tandem ready" (window shown, desk phone link up, every colleague monitored and snapshotted).
After that it idles for a few seconds and its RSS is read. Targets: <= 1.5 s median, <= 150 MB.
Baseline in the same run: the same interpreter opening an empty PySide6 window (nothing of Tandem).

    .venv/bin/python tests/bench/gui_startup.py [--quick] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # for tests.fixtures

from tandem.config.credentials import CredentialStore
from tandem.config.paths import Paths
from tandem.config.settings import SettingsStore
from tandem.gui.demo import demo_settings, free_sip_port, start_office
from tests.fixtures.secret_service import SecretServiceSession

BASELINE = """
import sys, time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1]); w = QMainWindow(); w.resize(1040, 700); w.show(); app.processEvents()
print("ready", flush=True)
time.sleep(float(sys.argv[1]))
"""


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait_line(proc: subprocess.Popen[bytes], needle: str, stream: str, timeout: float = 60.0) -> float:
    started = time.monotonic()
    pipe = proc.stderr if stream == "stderr" else proc.stdout
    assert pipe is not None
    seen = ""
    while needle not in seen:
        if time.monotonic() - started > timeout or proc.poll() is not None:
            raise SystemExit(f"no {needle!r} within {timeout} s:\n{seen[-2000:]}")
        ready, _, _ = select.select([pipe], [], [], 0.05)
        if ready:
            seen += os.read(pipe.fileno(), 65536).decode(errors="replace")
    return time.monotonic() - started


def measure(argv: list[str], env: dict[str, str], needle: str, stream: str,
            idle: float) -> tuple[float, float]:
    launched = time.monotonic()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_line(proc, needle, stream)
        seconds = time.monotonic() - launched
        time.sleep(idle)
        return seconds, rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(20)
        for pipe in (proc.stdout, proc.stderr):
            if pipe is not None:
                pipe.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    runs = 2 if args.quick else args.runs
    idle = 1.0 if args.quick else 5.0
    keyring = SecretServiceSession()  # a real keyring, as on a desktop, holding the demo's logins
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DBUS_SESSION_BUS_ADDRESS": keyring.address}
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = keyring.address
    office = start_office(softphone_port=free_sip_port())  # as `tandem --demo`: softphone included
    home = Path(tempfile.mkdtemp(prefix="tandem-bench-"))
    env["TANDEM_HOME"] = str(home)
    try:
        os.environ["TANDEM_HOME"] = str(home)
        SettingsStore(Paths.from_env().settings_file).save(demo_settings(office.info))
        store = CredentialStore()
        for kind, (name, password) in office.info["logins"].items():
            store.set(kind, str(name), str(password))
        tandem = [sys.executable, "-m", "tandem", "-v"]
        baseline = [sys.executable, "-c", BASELINE, str(idle + 30)]
        base = [measure(baseline, env, "ready", "stdout", idle) for _ in range(runs)]
        ours = [measure(tandem, env, "Tandem ready", "stderr", idle) for _ in range(runs)]
    finally:
        office.stop()
        keyring.close()
    base_s, base_mb = statistics.median(t for t, _ in base), statistics.median(m for _, m in base)
    our_s, our_mb = statistics.median(t for t, _ in ours), statistics.median(m for _, m in ours)
    print(f"runs: {runs}, demo office: {len(office.info['names'])} extensions, idle {idle:.0f} s before RSS")
    print(f"empty PySide6 window (baseline): start {base_s:.2f} s median, RSS {base_mb:.0f} MB")
    print(f"Tandem connected to the demo office: start {our_s:.2f} s median "
          f"(min {min(t for t, _ in ours):.2f}, max {max(t for t, _ in ours):.2f}; target <= 1.5 s), "
          f"idle RSS {our_mb:.0f} MB (target <= 150 MB)")
    print(f"ratio vs baseline: start x{our_s / base_s:.2f}, RSS x{our_mb / base_mb:.2f}")


if __name__ == "__main__":
    main()
