"""A CDR payload read and planned chunk by chunk, ready for the store: in this process, or for a
large file in a second process, so that reading and grouping the next chunk (half the work of a
large import) runs on another core while the store writes this one.

The second process only reads the file and computes; the importer stays the only writer, so a
crash of either loses nothing already committed (every chunk is one transaction) and a new
import of the same file resumes. The process is started with "spawn" on every platform: a fork
of the window's process (Qt, pjsua2 threads) is not safe, and Windows has nothing else.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import pickle
import queue
import threading
import traceback
import zlib
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from datetime import tzinfo
from multiprocessing.connection import Connection
from pathlib import Path

from tandem.core.errors import EnvironmentProblem
from tandem.journal.clock import PbxClock
from tandem.journal.parse import CdrReader, line_text
from tandem.journal.plan import ChunkPlan, plan_chunk
from tandem.journal.records import RejectedLine


@dataclass(frozen=True)
class ReadOptions:
    """How to read one payload."""

    source: str  # names the payload in every rejected line
    tz: tzinfo | None  # the PBX's time zone (None: this computer's)
    extra_number: bool | None
    chunk_lines: int


@dataclass(slots=True)
class PreparedChunk:
    """One chunk of a payload: its bytes (as read, and compressed with zlib for the archive), its
    new lines grouped into calls (see plan.py), its rejected lines, and the header line seen so far.

    Whoever reads the chunk compresses it: in a large import the reader process, which has time
    to spare while the importer writes (measured: 0.5 s of a million lines)."""

    seq: int
    data: bytes
    archive: bytes
    plan: ChunkPlan
    rejected: list[RejectedLine]
    header: str


def prepare_chunks(lines: Iterable[bytes], options: ReadOptions,
                   first_seq: int = 0) -> Iterator[PreparedChunk]:
    """The payload's lines (line ends kept), `options.chunk_lines` at a time, read and planned,
    from chunk `first_seq` on (the chunks before it are read only for what they tell about the
    payload: its format, its header line)."""
    reader = CdrReader(options.source, PbxClock(options.tz), options.extra_number)
    for seq, chunk in enumerate(_chunks(lines, options.chunk_lines)):
        facts, rejected = reader.read(chunk)
        if seq >= first_seq:
            data = b"".join(chunk)
            yield PreparedChunk(seq, data, zlib.compress(data, 1), plan_chunk(facts), rejected, reader.header)


def _chunks(lines: Iterable[bytes], size: int) -> Iterator[list[bytes]]:
    lines = iter(lines)
    while chunk := list(itertools.islice(lines, size)):  # a C loop over the lines
        yield chunk
        if len(chunk) < size:
            return
    # After the last full chunk comes an empty one (an empty payload has just that one): its batch
    # is then archived and complete. A resumed import counts on the same chunks every time.
    yield []


class ReaderProcessUnavailable(EnvironmentProblem):
    """The reader process ended before it sent anything: it could not start here (for one, a
    program run from standard input cannot be spawned). Read in this process instead, from chunk
    `resume_at` on (the chunks before it were read here and handed on)."""

    def __init__(self, message: str, resume_at: int) -> None:
        super().__init__(message)
        self.resume_at = resume_at


@dataclass(frozen=True)
class _Failure:
    """What went wrong in the reader process, sent instead of the next chunk."""

    unreadable: bool  # the file could not be read (an environment problem, not a bug)
    text: str


def prepare_chunks_in_process(path: Path, options: ReadOptions) -> Generator[PreparedChunk, None, None]:
    """`prepare_chunks` of a file, run in a second process. The process works at most one chunk
    ahead (the pipe holds one), so memory stays that of two chunks; closing the iterator (or an
    exception in the caller) ends the process. The first chunk is read here while the process
    starts (which takes longer than reading a chunk), so that the caller has it at once."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_read_file, args=(sender, str(path), options),
                              name="tandem-cdr-reader", daemon=True)
    process.start()
    sender.close()  # the child's end: EOF here once the child is gone
    received = 0
    try:
        try:
            with open(path, "rb") as stream:
                first = next(prepare_chunks(itertools.islice(stream, options.chunk_lines), options))
        except OSError as exc:
            raise EnvironmentProblem(f"cannot read {path}: {exc}") from exc
        yield first
        while True:
            try:
                # Our own child's chunks over a private pipe.
                item = receiver.recv()
            except (EOFError, OSError):  # OSError: the child ended in the middle of a chunk
                process.join(5)
                if not received:
                    raise ReaderProcessUnavailable(
                        f"the process to read {path} ended at its start (exit code {process.exitcode})",
                        resume_at=first.seq + 1) from None
                raise EnvironmentProblem(
                    f"the process reading {path} ended unexpectedly (exit code {process.exitcode}); "
                    "what was stored before stays, and importing the file again resumes") from None
            received += 1
            if item is None:
                return
            if isinstance(item, _Failure):
                if item.unreadable:
                    raise EnvironmentProblem(f"cannot read {path}: {item.text}")
                raise RuntimeError(f"reading {path} failed in the reader process:\n{item.text}")
            item.plan.raw = _texts(item.data, item.plan.line_no, item.seq * options.chunk_lines + 1)
            yield item
    finally:
        receiver.close()
        if process.is_alive():
            process.terminate()
        process.join()


def _read_file(sender: Connection, path: str, options: ReadOptions) -> None:
    """The reader process: send each prepared chunk after the first, then None (or a _Failure)."""
    gc.disable()  # tens of thousands of small acyclic objects per chunk: see importer.py
    # A thread writes to the pipe (the write waits for the importer, without the GIL) while this
    # one reads on: the importer's commits vary, and a queue of two chunks evens them out.
    outbox: queue.Queue[bytes | None] = queue.Queue(maxsize=2)
    writer = threading.Thread(target=_write_all, args=(sender, outbox), name="chunk-writer", daemon=True)
    writer.start()
    try:
        with open(path, "rb") as stream:
            for chunk in prepare_chunks(stream, options, first_seq=1):  # the importer read chunk 0
                chunk.plan.raw = []  # in chunk.data: the importer reads them from there (_texts)
                outbox.put(pickle.dumps(chunk, pickle.HIGHEST_PROTOCOL))
        outbox.put(pickle.dumps(None))
    except OSError as exc:
        outbox.put(pickle.dumps(_Failure(True, str(exc))))
    except BaseException:  # a bug: the importer reports it with this process's traceback
        outbox.put(pickle.dumps(_Failure(False, traceback.format_exc())))
    finally:
        outbox.put(None)
        writer.join()
        sender.close()


def _texts(data: bytes, line_nos: Iterable[int], first: int) -> list[str]:
    """The texts of the lines `line_nos` of a chunk (`data`: lines of a file, each ending at
    b"\\n") whose first line is line `first`, as CdrReader read them."""
    lines = data.split(b"\n")
    return [line_text(lines[line_no - first]) for line_no in line_nos]


def _write_all(sender: Connection, outbox: queue.Queue[bytes | None]) -> None:
    gone = False
    while (data := outbox.get()) is not None:
        if gone:
            continue  # the importer stopped early or was killed: only empty the queue
        try:
            sender.send_bytes(data)
        except OSError:
            gone = True
