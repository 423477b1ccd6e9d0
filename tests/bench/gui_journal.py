"""Benchmark: the journal view over a big journal stays smooth (lazy pages, no load-everything).

Builds a SQLite journal from N generated CDR lines (default 1,000,000, as tests/bench/journal_import.py
generates them), then, in the real JournalModel behind a QTableView (offscreen, on the Qt loop):
the time to the first page, the latency of each further page while "scrolling" to 10,000 rows, and
the Qt loop's max lag meanwhile (a 5 ms ticker). Baseline in the same run: a model that loads the
whole list at once (one `store.calls(limit=everything)`), which is what a non-lazy view would do.

    .venv/bin/python tests/bench/gui_journal.py [--quick] [--lines 1000000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from journal_import import TZ, generate, numbers_and_names

from tandem.journal.importer import import_file
from tandem.journal.store import JournalCall, JournalQuery, JournalStore

SCROLL_TO = 10_000


def build(lines: int, folder: Path) -> tuple[Path, float]:
    numbers, names = numbers_and_names(5000)
    cdr = folder / "cdr.txt"
    generate(cdr, lines, numbers)
    db = folder / "journal.sqlite3"
    store = JournalStore.open_sqlite(db)
    store.remember_names(names)
    started = time.perf_counter()
    import_file(store, cdr, tz=TZ)
    seconds = time.perf_counter() - started
    store.close()
    return db, seconds


def rows(store: JournalStore) -> int:
    return store.count("calls")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--lines", type=int, default=1_000_000)
    args = parser.parse_args()
    lines = 20_000 if args.quick else args.lines
    import qasync
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QTableView

    from tandem.gui.app import application
    from tandem.gui.journal_model import PAGE_SIZE, JournalModel

    with tempfile.TemporaryDirectory(prefix="tandem-bench-journal-") as tmp:
        db, import_s = build(lines, Path(tmp))
        store = JournalStore.open_sqlite(db)
        total = rows(store)
        app = application()
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)

        async def pager(last: JournalCall | None, limit: int) -> list[JournalCall]:
            before = (last.started_at, last.call_id) if last is not None else None
            return await asyncio.to_thread(store.calls, JournalQuery(limit=limit, before=before))

        async def body() -> tuple[float, list[float], float, float]:
            lags: list[float] = []
            clock = QElapsedTimer()
            ticker = QTimer()
            ticker.setInterval(5)

            def tick() -> None:
                lags.append(clock.nsecsElapsed() / 1e9 - 0.005)
                clock.restart()

            ticker.timeout.connect(tick)
            model = JournalModel()
            view = QTableView()
            view.setModel(model)
            view.resize(900, 600)
            view.show()
            clock.start()
            ticker.start()
            started = time.perf_counter()
            model.set_pager(pager)
            while model.rowCount() == 0:
                await asyncio.sleep(0.001)
            first = time.perf_counter() - started
            pages: list[float] = []
            target = min(SCROLL_TO, total)
            while model.rowCount() < target:
                page_start = time.perf_counter()
                have = model.rowCount()
                view.scrollToBottom()  # what the user's scrolling asks for: the view calls fetchMore
                model.fetchMore(model.index(-1, -1))
                while model.rowCount() == have:
                    await asyncio.sleep(0.001)
                pages.append(time.perf_counter() - page_start)
            ticker.stop()
            # Baseline: everything at once, as a model without paging would load it.
            started = time.perf_counter()
            everything = await asyncio.to_thread(store.calls, JournalQuery(limit=total))
            whole = time.perf_counter() - started
            assert len(everything) == total
            return first, pages, max(lags[1:] or [0.0]), whole

        with loop:
            first, pages, lag, whole = loop.run_until_complete(body())
        store.close()
    print(f"journal: {lines} CDR lines -> {total} calls (imported in {import_s:.1f} s)")
    print(f"lazy JournalModel: first page ({PAGE_SIZE} rows) after {first * 1000:.1f} ms; "
          f"pages to {min(SCROLL_TO, total)} rows: median {statistics.median(pages) * 1000:.1f} ms, "
          f"max {max(pages) * 1000:.1f} ms; Qt loop max lag {lag * 1000:.1f} ms")
    print(f"baseline, the whole list at once: {whole * 1000:.0f} ms before the first row could show "
          f"(x{whole / first:.0f} the lazy first page)")


if __name__ == "__main__":
    main()
