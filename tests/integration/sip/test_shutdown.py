"""The engine's shutdown never aborts or crashes, with calls, audio ports, players and recorders up:
50 processes in a row, and also when the program forgets to shut the engine down."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = Path(__file__).with_name("shutdown_probe.py")


def test_fifty_shutdowns_with_calls_up(tmp_path, tone_wav):
    wav = tone_wav(440, seconds=2)
    failures = []
    for i in range(50):
        mode = "forgotten" if i % 5 == 4 else "shutdown"
        proc = subprocess.run([sys.executable, str(PROBE), mode, str(30000 + (i % 10) * 20), str(wav)],
                              capture_output=True, text=True, timeout=120,
                              env={**os.environ, "TANDEM_HOME": str(tmp_path)})
        if proc.returncode != 0 or proc.stdout.strip() != "clean":
            failures.append((i, mode, proc.returncode, proc.stdout[-500:], proc.stderr[-2000:]))
    assert not failures, failures
