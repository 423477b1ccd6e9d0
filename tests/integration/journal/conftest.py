"""Fixtures of the journal tests: a real PostgreSQL server for the session, a fresh journal on
SQLite and on PostgreSQL for each test, and the simulator's CDR endpoint."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import pgserver

from tandem.journal.store import JournalStore
from tandem.pbxsim.cdr_server import CdrBook, CdrServerThread, serve_cdr

CDR_USER = "cdr"
CDR_PASSWORD = "s3cret-cdr"
_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[pgserver.PgServer]:
    why = pgserver.available()
    if why:
        pytest.skip(why)
    server = pgserver.PgServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[JournalStore]:
    """An empty journal, once on SQLite and once on a real PostgreSQL server."""
    if request.param == "sqlite":
        journal = JournalStore.open_sqlite(tmp_path / "journal.sqlite3")
    else:
        server: pgserver.PgServer = request.getfixturevalue("pg_server")
        journal = JournalStore.open_postgres(server.create_database(f"journal{next(_names)}"))
    try:
        yield journal
    finally:
        journal.close()


@pytest.fixture
def cdr_book() -> CdrBook:
    return CdrBook()


@pytest.fixture
def cdr_sim(tmp_path: Path, cdr_book: CdrBook) -> Iterator[CdrServerThread]:
    """The simulator's CDR HTTPS endpoint on a free loopback port, self-signed certificate."""
    with serve_cdr(tmp_path / "pbx-cert", cdr_book, user=CDR_USER, password=CDR_PASSWORD) as sim:
        yield sim
