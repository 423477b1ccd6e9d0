"""Import CDR data into the journal: a file on disk or a download, streamed in chunks.

The whole payload is archived (compressed, per chunk) next to what was read from it; rejected
lines are stored with file, line number and reason. Importing the same bytes again adds nothing,
and an import cut off half way resumes where it stopped (every chunk is one transaction).
"""

from __future__ import annotations

import gc
import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path

from tandem.journal.reading import (
    PreparedChunk,
    ReaderProcessUnavailable,
    ReadOptions,
    prepare_chunks,
    prepare_chunks_in_process,
)
from tandem.journal.records import RejectedLine
from tandem.journal.store import JournalStore

log = logging.getLogger(__name__)
CHUNK_LINES = 20_000  # lines per transaction (measured: 20,000 imports faster than 10,000 or 50,000)
READER_PROCESS_FROM = 4 << 20  # bytes (some 70,000 lines): below, starting a process costs more than it saves
BYTES_PER_LINE = 56  # a typical OSBiz CDR line: how many lines a file of some size holds, roughly
REFRESH_AFTER = 10_000  # records: an import this large changes the tables' shape


@dataclass
class ImportReport:
    """What an import did. `rejected` lists this import's rejected lines (kept in the journal)."""

    source: str
    batch_id: int = 0
    already_imported: bool = False
    added: int = 0
    duplicates: int = 0
    rejected: list[RejectedLine] = field(default_factory=list)
    header: str = ""

    def summary(self) -> str:
        if self.already_imported:
            return f"{self.source}: already imported, nothing added"
        text = f"{self.source}: {self.added} records added, {self.duplicates} already in the journal"
        if self.rejected:
            text += f", {len(self.rejected)} lines rejected (kept in the journal)"
        return text


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_file(store: JournalStore, path: Path, *, tz: tzinfo | None, source: str | None = None,
                extra_number: bool | None = None, chunk_lines: int = CHUNK_LINES,
                after_chunk: Callable[[int], None] | None = None,
                reader_process: bool | None = None) -> ImportReport:
    """Import one CDR file (any supported format). Holds one or two chunks of lines in memory.

    A file of READER_PROCESS_FROM bytes or more is read in a second process while this one
    writes (`reader_process` decides it either way, for tests).
    """
    name = source or str(path)
    batch = store.begin_batch(name, file_sha256(path), chunk_lines=chunk_lines, extra_number=extra_number)
    report = ImportReport(name, batch.batch_id)
    if batch.complete:
        report.already_imported = True
        return report
    size = path.stat().st_size
    options = ReadOptions(name, tz, extra_number, batch.chunk_lines)
    in_process = reader_process if reader_process is not None else size >= READER_PROCESS_FROM
    with store.bulk_import(size // BYTES_PER_LINE):
        resume_at = 0
        if in_process:
            try:
                with closing(prepare_chunks_in_process(path, options)) as chunks:
                    _import_chunks(store, chunks, report, after_chunk)
            except ReaderProcessUnavailable as exc:  # the process sent nothing
                log.warning("%s; reading it in this process instead", exc)
                in_process, resume_at = False, exc.resume_at
        if not in_process:
            with path.open("rb") as stream:
                _import_chunks(store, prepare_chunks(stream, options, resume_at), report, after_chunk)
    return _complete(store, report)


def import_lines(store: JournalStore, lines: Iterable[bytes], *, source: str, payload_sha256: str,
                 tz: tzinfo | None, extra_number: bool | None = None, chunk_lines: int = CHUNK_LINES,
                 after_chunk: Callable[[int], None] | None = None) -> ImportReport:
    """Import a payload given as lines (line ends kept, so the archive holds the exact bytes).

    `payload_sha256` identifies the payload; `after_chunk(seq)` runs after each committed chunk.
    """
    batch = store.begin_batch(source, payload_sha256, chunk_lines=chunk_lines, extra_number=extra_number)
    report = ImportReport(source, batch.batch_id)
    if batch.complete:
        report.already_imported = True
        return report
    options = ReadOptions(source, tz, extra_number, batch.chunk_lines)
    _import_chunks(store, prepare_chunks(lines, options), report, after_chunk)
    return _complete(store, report)


def _import_chunks(store: JournalStore, chunks: Iterator[PreparedChunk], report: ImportReport,
                   after_chunk: Callable[[int], None] | None) -> None:
    # A chunk is tens of thousands of small acyclic objects; the cyclic garbage collector would
    # walk them again and again for nothing, slowing a large import markedly.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        known_numbers: set[str] = set()  # numbers this import already wrote party rows for
        for chunk in chunks:
            result = store.commit_chunk(report.batch_id, chunk.seq, chunk.archive, plan=chunk.plan,
                                        rejected=chunk.rejected, known_numbers=known_numbers)
            known_numbers.update(chunk.plan.numbers)  # committed
            report.added += result.added
            report.duplicates += result.duplicates
            report.rejected.extend(chunk.rejected)
            report.header = chunk.header
            if after_chunk is not None:
                after_chunk(chunk.seq)
    finally:
        if gc_was_enabled:
            gc.enable()


def _complete(store: JournalStore, report: ImportReport) -> ImportReport:
    # The batch is complete only once this commit is durable: it is what the collector waits
    # for before deleting the data on the PBX (see JournalStore.bulk_import for the commits before).
    store.complete_batch(report.batch_id, report.header)
    if report.added >= REFRESH_AFTER:
        store.refresh_statistics()
    return report
