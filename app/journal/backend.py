"""The two databases the journal runs on, behind one small interface: SQLite (WAL) embedded by
default, PostgreSQL (psycopg 3) for a journal shared by an office.

SQL is written once with `?` placeholders; the PostgreSQL side rewrites them. Writers are
serialised on both (SQLite `BEGIN IMMEDIATE`, a PostgreSQL transaction-level advisory lock) so
that the importer may read, decide and write within one transaction without races.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Literal, Protocol

from tandem.core.errors import EnvironmentProblem

Dialect = Literal["sqlite", "postgresql"]
Row = tuple[Any, ...]
_WRITER_LOCK_ID = 0x7A6E6A6F  # arbitrary, constant: "the journal writer" advisory lock


class Tx(Protocol):
    """One transaction (or, for reads, one connection) of a backend."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int: ...
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...
    def insert_many(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *,
                    add: Mapping[str, int] | None = None, fixed: Mapping[str, str | int] | None = None,
                    null_as_minus_one: Collection[str] = ()) -> None:
        """Insert `rows` (values for `columns`). `add` names integer columns whose values are
        stored plus a number (the import plans calls with relative ids; see plan.py); `fixed`
        gives columns the same value in every row, which the rows leave out; in the columns
        `null_as_minus_one`, -1 stands for NULL (binding None costs Python's sqlite3 module
        several times an integer)."""
    def execute_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...


class Backend(Protocol):
    dialect: Dialect

    def write(self) -> AbstractContextManager[Tx]:
        """A serialised write transaction, committed when the block ends without an exception."""

    def read(self) -> AbstractContextManager[Tx]:
        """A Tx for reading."""

    def sync_every_commit(self, on: bool) -> None:
        """Whether each commit waits until it is on disk (the default; see JournalStore.bulk_import)."""

    def close(self) -> None: ...


class SqliteBackend:
    """The embedded journal in one file, in WAL mode (readers never wait for the collector)."""

    dialect: Dialect = "sqlite"

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False,
                                         timeout=30.0)
            self._conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.Error as exc:
            raise EnvironmentProblem(f"cannot open the journal {path}: {exc}") from exc
        # NORMAL is durable in WAL mode across a process kill (only a power cut may lose the
        # last commits); FULL makes the collector's commit-before-delete survive power cuts too.
        self._conn.execute("PRAGMA synchronous=FULL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        self._conn.execute("PRAGMA cache_size=-65536")
        # A checkpoint (copying the WAL's pages into the database file) runs at the first commit
        # after the WAL passed this many pages. At the default 4 MB that is every commit of a
        # large import, each copying the pages of its random-order indexes (calls by number)
        # again; at 64 MB only some of them. Durability does not depend on checkpoints; the size
        # limit keeps the WAL file from staying large afterwards.
        self._conn.execute("PRAGMA wal_autocheckpoint=16384")
        self._conn.execute("PRAGMA journal_size_limit=67108864")
        self._lock = threading.RLock()

    @contextmanager
    def write(self) -> Iterator[_SqliteTx]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield _SqliteTx(self._conn)
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator[_SqliteTx]:
        with self._lock:
            yield _SqliteTx(self._conn)

    def sync_every_commit(self, on: bool) -> None:
        # In WAL mode NORMAL syncs only at checkpoints; a later commit under FULL syncs the WAL,
        # and with it every commit before.
        with self._lock:
            self._conn.execute(f"PRAGMA synchronous={'FULL' if on else 'NORMAL'}")

    def close(self) -> None:
        self._conn.close()


class _SqliteTx:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self._conn.execute(sql, params).rowcount

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return self._conn.execute(sql, params).fetchall()

    def insert_many(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *,
                    add: Mapping[str, int] | None = None, fixed: Mapping[str, str | int] | None = None,
                    null_as_minus_one: Collection[str] = ()) -> None:
        # Offsets, fixed values and NULLs go into the statement as literals and functions: SQLite
        # applies them while inserting, where a Python loop rebuilding every row would cost a
        # large import about a second.
        offsets, fixed = add or {}, fixed or {}
        marks = [f"? + {int(offsets[column])}" if column in offsets
                 else "NULLIF(?, -1)" if column in null_as_minus_one else "?" for column in columns]
        marks += [_literal(value) for value in fixed.values()]
        # Table and column names come from the store's constants, never from input.
        sql = (f"INSERT INTO {table} ({','.join([*columns, *fixed])}) "  # noqa: S608
               f"VALUES ({','.join(marks)})")
        self._conn.executemany(sql, rows)

    def execute_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._conn.executemany(sql, rows)


class PostgresBackend:
    """A shared journal on a PostgreSQL server. The password, if any, is a parameter (from the
    keyring), never part of the DSN in the settings."""

    dialect: Dialect = "postgresql"

    def __init__(self, dsn: str, password: str | None = None) -> None:
        import psycopg
        from psycopg.conninfo import make_conninfo

        conninfo = make_conninfo(dsn, password=password) if password else dsn
        try:
            self._conn = psycopg.connect(conninfo, autocommit=True, connect_timeout=15)
            # psycopg prepares a statement run often; PostgreSQL may then plan it once for any
            # parameters. A search's plan depends on how many numbers match (a few: their index
            # entries; hundreds: the newest calls first), so always plan with the real values.
            if self._conn.info.server_version >= 120000:  # the setting is new in PostgreSQL 12
                self._conn.execute("SET plan_cache_mode = force_custom_plan")
        except psycopg.Error as exc:
            raise EnvironmentProblem(f"cannot connect to the journal database ({dsn}): "
                                     f"{str(exc).strip()}") from exc
        self._lock = threading.RLock()

    @contextmanager
    def write(self) -> Iterator[_PostgresTx]:
        with self._lock, self._conn.transaction():
            tx = _PostgresTx(self._conn)
            tx.execute("SELECT pg_advisory_xact_lock(?)", (_WRITER_LOCK_ID,))
            yield tx

    @contextmanager
    def read(self) -> Iterator[_PostgresTx]:
        with self._lock:
            yield _PostgresTx(self._conn)

    def sync_every_commit(self, on: bool) -> None:
        pass  # the server's own setting (synchronous_commit) is the administrator's to choose

    def close(self) -> None:
        self._conn.close()


def _literal(value: str | int) -> str:
    """`value` as an SQL literal."""
    if isinstance(value, int):
        return str(int(value))
    return "'" + value.replace("'", "''") + "'"


def _pg(sql: str) -> str:
    return sql.replace("?", "%s")


class _PostgresTx:
    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self._conn.cursor() as cur:
            cur.execute(_pg(sql), params)
            return int(cur.rowcount)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._conn.cursor() as cur:
            cur.execute(_pg(sql), params)
            return list(cur.fetchall())

    def insert_many(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *,
                    add: Mapping[str, int] | None = None, fixed: Mapping[str, str | int] | None = None,
                    null_as_minus_one: Collection[str] = ()) -> None:
        shifts = [(columns.index(column), offset) for column, offset in (add or {}).items()]
        nulls = [columns.index(column) for column in null_as_minus_one]
        constants = list((fixed or {}).values())
        names = ",".join([*columns, *(fixed or {})])
        # COPY is an order of magnitude faster than INSERTs for the bulk import.
        with self._conn.cursor() as cur, cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                if shifts or nulls or constants:
                    values = [*row, *constants]
                    for index, offset in shifts:
                        values[index] += offset
                    for index in nulls:
                        if values[index] == -1:
                            values[index] = None
                    copy.write_row(values)
                else:
                    copy.write_row(row)

    def execute_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self._conn.cursor() as cur:
            cur.executemany(_pg(sql), rows)
