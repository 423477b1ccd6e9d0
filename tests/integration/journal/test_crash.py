"""Crash consistency: SIGKILL the collector at random points, hundreds of times, against the
simulator; afterwards the journal holds exactly what the PBX wrote: nothing lost, nothing twice."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

from cdrdata import spooled, trunk_calls
from conftest import CDR_PASSWORD, CDR_USER

from tandem.journal.store import JournalStore
from tandem.pbxsim.cdr_server import CdrBook, CdrServerThread

RUNS = 240
CHECKPOINTS = ("downloading", "downloaded", "chunk-committed", "imported", "deleting", "deleted", "cleaned")
ZYGOTE = Path(__file__).with_name("collector_zygote.py")


def test_kill_at_any_point_loses_no_record_and_duplicates_none(
        tmp_path: Path, cdr_sim: CdrServerThread, cdr_book: CdrBook) -> None:
    rng = random.Random(20251126)
    records = iter(trunk_calls(RUNS * 4, seed=3))
    config = {"db": str(tmp_path / "journal.sqlite3"), "spool": str(tmp_path / "spool"), "chunk": 3,
              "port": cdr_sim.port, "pin": cdr_sim.server.cert.sha256, "user": CDR_USER,
              "password": CDR_PASSWORD}
    zygote = subprocess.Popen([sys.executable, str(ZYGOTE), json.dumps(config)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert zygote.stdin is not None and zygote.stdout is not None
    outcomes: Counter[str] = Counter()

    def run(command: dict[str, object]) -> dict[str, int | None]:
        zygote.stdin.write(json.dumps(command) + "\n")  # type: ignore[union-attr]
        zygote.stdin.flush()  # type: ignore[union-attr]
        answer: dict[str, int | None] = json.loads(zygote.stdout.readline())  # type: ignore[union-attr]
        assert answer["code"] in (0, None), f"collector failed (not killed) on {command}: see stderr"
        return answer

    try:
        for _ in range(RUNS):
            for _new in range(rng.randrange(1, 8)):  # calls end on the PBX between runs
                cdr_book.append(next(records))
            how = rng.random()
            if how < 0.6:
                point = rng.choice(CHECKPOINTS)
                # Only the import passes its checkpoint several times (once per committed chunk).
                nth = rng.randrange(1, 4) if point == "chunk-committed" else 1
                command: dict[str, object] = {"kill_at": point, "nth": nth}
            elif how < 0.9:
                point = "timer"
                command = {"kill_after": rng.uniform(0.0, 0.15)}
            else:
                point = "none"
                command = {}
            answer = run(command)
            outcomes[f"{point}:{'killed' if answer['signal'] == signal.SIGKILL else 'finished'}"] += 1
        # Let the collector finish undisturbed until the PBX has nothing left.
        for _ in range(3):
            run({})
            if cdr_book.pending_lines == 0:
                break
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=60)
        zygote.stdout.close()

    kills = sum(n for key, n in outcomes.items() if key.endswith(":killed"))
    assert kills >= RUNS // 2, outcomes  # the test did kill, and at many different points
    assert {key.split(":")[0] for key, n in outcomes.items() if key.endswith(":killed")} >= {
        *CHECKPOINTS, "timer"}, outcomes
    assert cdr_book.pending_lines == 0
    store = JournalStore.open_sqlite(tmp_path / "journal.sqlite3")
    try:
        stored = list(store.cdr_records())
        written = cdr_book.written
        assert len(stored) == len(written) and len(written) > RUNS  # no duplicate, no loss
        assert sorted(stored) == sorted(written)
        assert store.count("calls") == len(written)
    finally:
        store.close()
    assert spooled(tmp_path / "spool") == []  # no download or spool file left
