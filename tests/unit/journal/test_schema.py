"""Migrations: a PostgreSQL server without the pg_trgm extension is refused with what to install.

(The migrations themselves run against real SQLite and PostgreSQL in the integration tests; a
server that lacks the extension is simulated here by a database that fails that one statement.)
"""

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import pytest

from tandem.core.errors import EnvironmentProblem
from tandem.journal.backend import Dialect, Row
from tandem.journal.schema import migrate


class NoTrigramServer:
    """Runs every statement except CREATE EXTENSION pg_trgm, which fails as PostgreSQL's does."""

    dialect: Dialect = "postgresql"

    def __init__(self) -> None:
        self.executed: list[str] = []
        self.committed: list[str] = []

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        if "CREATE EXTENSION" in sql:
            raise RuntimeError('extension "pg_trgm" is not available')
        self.executed.append(sql)
        return 0

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return []  # an empty database: no schema version yet

    def insert_many(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *,
                    add: Mapping[str, int] | None = None, fixed: Mapping[str, str | int] | None = None,
                    null_as_minus_one: Collection[str] = ()) -> None:
        raise AssertionError("migrations insert no rows")

    def execute_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        raise AssertionError("migrations run single statements")

    @contextmanager
    def write(self) -> Iterator["NoTrigramServer"]:
        self.executed = []
        yield self
        self.committed += self.executed  # reached only when the block raised nothing

    @contextmanager
    def read(self) -> Iterator["NoTrigramServer"]:
        yield self

    def close(self) -> None:
        pass


def test_a_server_without_pg_trgm_is_refused_with_what_to_install() -> None:
    server = NoTrigramServer()
    with pytest.raises(EnvironmentProblem, match="pg_trgm") as caught:
        migrate(server)
    assert "postgresql-contrib" in str(caught.value) and "is not available" in str(caught.value)
    assert not any("CREATE TABLE calls" in sql for sql in server.committed)  # version 1 rolled back
