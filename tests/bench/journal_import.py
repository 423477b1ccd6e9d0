"""Benchmark of the call journal: importing 1,000,000 CDR lines, and searching the result.

Prints, for SQLite and for a throw-away PostgreSQL server (started like the tests do):
* import time and lines/s, against the baseline "naive import" measured in the same run (csv module
  + executemany of the raw fields into one table: no validation, dedupe, grouping or archive);
  SQLite and the baseline `--runs` times each (default 3), with the median as the figure: this
  machine's speed varies by a third from one minute to the next;
* peak memory during the import against the file size (the importer streams; the peak must not
  grow with the file), of this process and of the reader process a large import starts;
* search latency (p50/p95 over 200 queries) for a number fragment and for a name, against the
  baseline "full-scan LIKE" (the same question asked of every call row).
Targets: import <= 10 s into SQLite, search p95 <= 50 ms. `--quick` runs 20,000 lines in seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import itertools
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration" / "journal"))

from tandem.journal.importer import CHUNK_LINES, import_file
from tandem.journal.parse_osbiz import format_line
from tandem.journal.records import CdrRecord
from tandem.journal.store import JournalStore

TZ = ZoneInfo("Europe/Berlin")
SURNAMES = ("Berger", "Müller", "Schmidt", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann", "Schulz",
            "Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger")
COMPANIES = ("Bau", "Logistik", "Praxis", "Kanzlei", "Autohaus", "Immobilien", "Versicherung", "Technik")


def generate(path: Path, lines: int, numbers: list[str], seed: int = 7) -> None:
    """A realistic mix: answered and missed incoming (with ringing notices), outgoing, transfers."""
    rng = random.Random(seed)
    moment = datetime(2025, 1, 1, 7, 0)
    written = 0
    with path.open("w", encoding="latin-1", newline="") as out:
        out.write("Datum|Uhrzeit|Lt|Tln|Ruf|Dauer|Rufnummer|Betrag|I|Proj|MSN|BelK|LCR|\r\n")
        while written < lines:
            moment += timedelta(seconds=rng.randrange(5, 60))
            trunk, ext, number = str(rng.randrange(1, 31)), str(rng.randrange(100, 300)), rng.choice(numbers)
            kind = rng.random()
            if kind < 0.45:
                recs = [CdrRecord(moment, trunk, ext, rng.randrange(1, 30), rng.randrange(1, 900), number,
                                  "", 1)]
            elif kind < 0.55:  # missed: a ringing notice, then the unanswered record
                ring = rng.randrange(5, 40)
                recs = [CdrRecord(moment, trunk, ext, None, None, number, "", 0),
                        CdrRecord(moment + timedelta(seconds=ring), trunk, ext, ring, None, number, "", 1)]
            elif kind < 0.58:  # transferred: two segments
                recs = [CdrRecord(moment, trunk, ext, 4, 60, number, "", 5),
                        CdrRecord(moment + timedelta(seconds=200), trunk, str(int(ext) + 1), 10, 190, number,
                                  "", 1)]
            else:
                recs = [CdrRecord(moment, trunk, ext, None, rng.randrange(0, 1200), number,
                                  str(rng.randrange(0, 40)), 2)]
            for rec in recs:
                out.write(format_line(rec) + "\r\n")
                written += 1


def numbers_and_names(count: int, seed: int = 3) -> tuple[list[str], list[tuple[str, str]]]:
    rng = random.Random(seed)
    numbers = sorted({f"0{rng.randrange(10**9, 10**11)}" for _ in range(count)})
    named = rng.sample(numbers, len(numbers) // 5)
    names = [(n, f"{rng.choice(SURNAMES)} {rng.choice(COMPANIES)} {i}") for i, n in enumerate(named)]
    return numbers, names


def rss_mb(pid: int | str = "self") -> float:
    """A process's resident memory now (Linux); this process's by default."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except FileNotFoundError:  # the process ended meanwhile
        return 0.0
    return float("nan")


def children_rss_mb() -> float:
    """The resident memory of this process's children now (the reader process of an import)."""
    pids = []
    for task in Path("/proc/self/task").iterdir():
        with contextlib.suppress(FileNotFoundError):
            pids += (task / "children").read_text(encoding="ascii").split()
    return sum(rss_mb(pid) for pid in pids)


def naive_import(path: Path, db: Path) -> float:
    """Baseline: csv module + executemany of the raw fields, no checks, one table, one index."""
    start = time.perf_counter()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE cdr (d, t, trunk, ext, ring, dur, number, charge, info)")
    conn.execute("CREATE INDEX cdr_number ON cdr (number)")
    with path.open(newline="", encoding="latin-1") as stream:
        rows = csv.reader(stream, delimiter="|")
        next(rows)
        batch: list[list[str]] = []
        for row in rows:
            batch.append(row[:9])
            if len(batch) == 20_000:
                conn.executemany("INSERT INTO cdr VALUES (?,?,?,?,?,?,?,?,?)", batch)
                batch.clear()
        conn.executemany("INSERT INTO cdr VALUES (?,?,?,?,?,?,?,?,?)", batch)
    conn.commit()
    conn.close()
    return time.perf_counter() - start


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.95) - 1] * 1000


def timed(queries: list[str], run: Callable[[str], object]) -> tuple[float, float]:
    samples = []
    for text in queries:
        start = time.perf_counter()
        run(text)
        samples.append(time.perf_counter() - start)
    return percentiles(samples)


def bench_store(label: str, open_store: Callable[[], JournalStore], path: Path, names: list[tuple[str, str]],
                queries: dict[str, list[str]], lines: int, baseline_s: float | None, runs: int) -> None:
    """Import `runs` times into a fresh journal each (the machine's speed varies from one minute
    to the next: the median is the figure), then search the last one."""
    times: list[float] = []
    growth: list[float] = []  # RSS growth sampled after every committed chunk (of the first import:
    readers: list[float] = []  # later ones reuse the heap it grew); the reader process's RSS likewise
    marks: dict[str, float] = {}
    for run in range(runs):
        store = open_store()
        rss_before = rss_mb()

        def watch(seq: int, first: bool = run == 0) -> None:
            if not first:
                return
            growth.append(rss_mb() - rss_before)  # noqa: B023 - used within this iteration only
            readers.append(children_rss_mb())
            done = (seq + 1) * CHUNK_LINES
            for name, share in (("a tenth", 10), ("half", 2)):
                if done >= lines // share and name not in marks:
                    marks[name] = max(growth)

        start = time.perf_counter()
        report = import_file(store, path, tz=TZ, after_chunk=watch)
        times.append(time.perf_counter() - start)
        marks.setdefault("all", max(growth, default=0.0))
        print(f"[{label}] import {run + 1} of {runs}: {times[-1]:.2f} s")
        if run < runs - 1:
            store.close()
    elapsed = statistics.median(times)
    store.remember_names(names)
    ratio = f", {elapsed / baseline_s:.2f}x the naive import" if baseline_s else ""
    target = " (target <= 10 s)" if label == "SQLite" else ""
    spread = f" (median of {runs}: {', '.join(f'{t:.2f}' for t in sorted(times))})" if runs > 1 else ""
    print(f"[{label}] import of {lines:,} lines: {elapsed:.2f} s{target}{spread}, "
          f"{lines / elapsed:,.0f} lines/s{ratio}")
    print(f"[{label}]   {report.added:,} records, {len(report.rejected)} rejected, "
          f"{store.count('calls'):,} calls after grouping")
    size_mb = path.stat().st_size / 2**20
    steps = ", ".join(f"{grown:.0f} MB after {name}" for name, grown in marks.items())
    cache = "; SQLite's page cache of up to 64 MB included" if label == "SQLite" else ""
    reader = f"; the reader process: at most {max(readers):.0f} MB" if max(readers, default=0) else ""
    print(f"[{label}]   memory while importing a {size_mb:.0f} MB file: RSS grew at most {steps} "
          f"(sampled after every chunk of the first import{cache}){reader}")
    try:
        for kind, texts in queries.items():
            store.search(texts[0])  # warm the cache once, as a user's second search would
            p50, p95 = timed(texts, lambda t: store.search(t, limit=50))
            print(f"[{label}] search by {kind}: p50 {p50:.1f} ms, p95 {p95:.1f} ms (target p95 <= 50 ms)")
    finally:
        store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="20,000 lines, a few seconds")
    parser.add_argument("--lines", type=int, help="how many CDR lines (default 1,000,000)")
    parser.add_argument("--no-postgresql", action="store_true", help="only SQLite")
    parser.add_argument("--runs", type=int, default=3, help="imports into SQLite, and naive imports (3)")
    args = parser.parse_args()
    lines = args.lines or (20_000 if args.quick else 1_000_000)
    folder = Path(tempfile.mkdtemp(prefix="tandem-bench-journal-"))
    numbers, names = numbers_and_names(max(1000, lines // 20))
    rng = random.Random(11)
    queries = {
        "number fragment": [n[rng.randrange(2, len(n) - 4):][:4] for n in rng.sample(numbers, 200)],
        "name": [rng.choice(SURNAMES)[: rng.randrange(4, 7)].lower() for _ in range(200)],
    }
    path = folder / "cdr.txt"
    start = time.perf_counter()
    generate(path, lines, numbers)
    print(f"generated {lines:,} CDR lines ({path.stat().st_size / 2**20:.0f} MB) in "
          f"{time.perf_counter() - start:.1f} s; "
          f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")

    naive = []
    for run in range(args.runs):
        naive.append(naive_import(path, folder / f"naive{run}.sqlite3"))
        for leftover in folder.glob(f"naive{run}.sqlite3*"):
            leftover.unlink()
    baseline = statistics.median(naive)
    print(f"[baseline] naive import (csv + executemany, no checks): {baseline:.2f} s (median of "
          f"{args.runs}: {', '.join(f'{t:.2f}' for t in sorted(naive))}), {lines / baseline:,.0f} lines/s")
    journals = (folder / f"journal{run}.sqlite3" for run in itertools.count())
    last = folder / "journal.sqlite3"

    def fresh_sqlite() -> JournalStore:
        nonlocal last
        for leftover in folder.glob("journal*.sqlite3*"):
            leftover.unlink()
        last = next(journals)
        return JournalStore.open_sqlite(last)

    bench_store("SQLite", fresh_sqlite, path, names, queries, lines, baseline, args.runs)
    conn = sqlite3.connect(last)
    sql = "SELECT id FROM calls WHERE number LIKE ? ORDER BY started_at DESC LIMIT 50"
    p50, p95 = timed(queries["number fragment"], lambda t: conn.execute(sql, (f"%{t}%",)).fetchall())
    print(f"[baseline] full-scan LIKE over all calls, number fragment: p50 {p50:.1f} ms, "
          f"p95 {p95:.1f} ms")
    conn.close()

    if not args.no_postgresql:
        import pgserver

        why = pgserver.available()
        if why:
            print(f"[PostgreSQL] skipped: {why}")
        else:
            server = pgserver.PgServer().start()
            try:
                bench_store("PostgreSQL", lambda: JournalStore.open_postgres(server.create_database("bench")),
                            path, names, queries, lines, baseline, 1)
            finally:
                server.stop()
    for leftover in folder.iterdir():
        leftover.unlink()
    folder.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
