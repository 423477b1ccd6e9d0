"""Import CDR data into the journal: a file on disk or a download, streamed in chunks.

The whole payload is archived (compressed, per chunk) next to what was read from it; rejected
lines are stored with file, line number and reason. Importing the same bytes again adds nothing,
and an import cut off half way resumes where it stopped (every chunk is one transaction).
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path

from tandem.journal.clock import PbxClock
from tandem.journal.parse import CdrReader
from tandem.journal.records import RejectedLine
from tandem.journal.store import JournalStore

CHUNK_LINES = 50_000  # lines per transaction: fewer, larger commits write each index page less often
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
                after_chunk: Callable[[int], None] | None = None) -> ImportReport:
    """Import one CDR file (any supported format). Holds one chunk of lines in memory at a time."""
    name = source or str(path)
    with path.open("rb") as stream:
        return import_lines(store, stream, source=name, payload_sha256=file_sha256(path), tz=tz,
                            extra_number=extra_number, chunk_lines=chunk_lines, after_chunk=after_chunk)


def import_lines(store: JournalStore, lines: Iterable[bytes], *, source: str, payload_sha256: str,
                 tz: tzinfo | None, extra_number: bool | None = None, chunk_lines: int = CHUNK_LINES,
                 after_chunk: Callable[[int], None] | None = None) -> ImportReport:
    """Import a payload given as lines (line ends kept, so the archive holds the exact bytes).

    `payload_sha256` identifies the payload; `after_chunk(seq)` runs after each committed chunk.
    """
    report = ImportReport(source)
    batch = store.begin_batch(source, payload_sha256, chunk_lines=chunk_lines, extra_number=extra_number)
    report.batch_id = batch.batch_id
    if batch.complete:
        report.already_imported = True
        return report
    reader = CdrReader(source, PbxClock(tz), extra_number)
    # A chunk is tens of thousands of small acyclic objects; the cyclic garbage collector would
    # walk them again and again for nothing, slowing a large import markedly.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for seq, chunk in enumerate(_chunks(lines, batch.chunk_lines)):
            facts, rejected = reader.read(chunk)
            result = store.commit_chunk(batch.batch_id, seq, b"".join(chunk), facts=facts,
                                        rejected=rejected)
            report.added += result.added
            report.duplicates += result.duplicates
            report.rejected.extend(rejected)
            if after_chunk is not None:
                after_chunk(seq)
    finally:
        if gc_was_enabled:
            gc.enable()
    report.header = reader.header
    store.complete_batch(batch.batch_id, report.header)
    if report.added >= REFRESH_AFTER:
        store.refresh_statistics()
    return report


def _chunks(lines: Iterable[bytes], size: int) -> Iterator[list[bytes]]:
    """The payload's lines `size` at a time (a chunk is one transaction, see the module doc)."""
    chunk: list[bytes] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    # An empty payload still gets one (empty) chunk: its batch is then archived and complete.
    yield chunk
