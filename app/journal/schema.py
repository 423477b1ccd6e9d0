"""The journal's schema and its migrations, one list for both databases.

The schema version lives in `PRAGMA user_version` on SQLite and in the one-row table
`journal_schema` on PostgreSQL. Each migration runs in the same transaction as the version bump,
so a database is always at exactly one version. A journal written by a newer Tandem is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tandem.core.errors import EnvironmentProblem
from tandem.journal.backend import Backend, Dialect, Tx


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: Callable[[Dialect], list[str]]


# What keeps search fast and costs a large import most: the index of calls by number, and the
# triggers that keep SQLite's trigram index of the parties in step with them. A large SQLite import
# sets them aside and builds them again at its end (see JournalStore.bulk_import); `ensure_search`
# does it when such an import was cut off.
CALLS_BY_NUMBER = "CREATE INDEX IF NOT EXISTS calls_number ON calls (number, started_at)"
CALLS_BY_EXTENSION = "CREATE INDEX IF NOT EXISTS calls_extension ON calls (extension, started_at)"
_SET_ASIDE_INDEXES = {"calls_number": CALLS_BY_NUMBER}
_ROW = "new.rowid, new.number, new.name"
_GONE = "'delete', old.rowid, old.number, old.name"
_ADD = f"INSERT INTO parties_search (rowid, number, name) VALUES ({_ROW});"  # noqa: S608 - constants
_REMOVE = f"INSERT INTO parties_search (parties_search, rowid, number, name) VALUES ({_GONE});"  # noqa: S608
PARTY_SEARCH_TRIGGERS = {
    "parties_added": f"CREATE TRIGGER IF NOT EXISTS parties_added AFTER INSERT ON parties BEGIN {_ADD} END",
    "parties_removed": "CREATE TRIGGER IF NOT EXISTS parties_removed AFTER DELETE ON parties BEGIN "
                       f"{_REMOVE} END",
    "parties_changed": "CREATE TRIGGER IF NOT EXISTS parties_changed AFTER UPDATE ON parties BEGIN "
                       f"{_REMOVE} {_ADD} END",
}
REBUILD_PARTY_SEARCH = "INSERT INTO parties_search (parties_search) VALUES ('rebuild')"


def _types(dialect: Dialect) -> dict[str, str]:
    if dialect == "sqlite":
        return {"int": "INTEGER", "blob": "BLOB", "norowid": " WITHOUT ROWID"}
    return {"int": "BIGINT", "blob": "BYTEA", "norowid": ""}


def _v1(dialect: Dialect) -> list[str]:
    t = _types(dialect)
    statements = [
        # One row per imported download or file; the raw bytes are archived in batch_chunks.
        f"""CREATE TABLE batches (
            id {t['int']} PRIMARY KEY, pbx TEXT NOT NULL, source TEXT NOT NULL,
            payload_sha256 TEXT NOT NULL, received_at {t['int']} NOT NULL, completed_at {t['int']},
            header TEXT NOT NULL DEFAULT '', extra_number {t['int']}, chunk_lines {t['int']} NOT NULL,
            records {t['int']} NOT NULL DEFAULT 0, duplicates {t['int']} NOT NULL DEFAULT 0,
            rejected {t['int']} NOT NULL DEFAULT 0,
            UNIQUE (pbx, payload_sha256))""",
        f"""CREATE TABLE batch_chunks (
            batch_id {t['int']} NOT NULL, seq {t['int']} NOT NULL, data {t['blob']} NOT NULL,
            PRIMARY KEY (batch_id, seq)){t['norowid']}""",
        f"""CREATE TABLE rejects (
            pbx TEXT NOT NULL, line_key {t['blob']} NOT NULL, batch_id {t['int']} NOT NULL,
            source TEXT NOT NULL, line_no {t['int']} NOT NULL, raw TEXT NOT NULL, reason TEXT NOT NULL,
            PRIMARY KEY (pbx, line_key))""",
        f"""CREATE TABLE calls (
            id {t['int']} PRIMARY KEY, pbx TEXT NOT NULL,
            started_at {t['int']} NOT NULL, ended_at {t['int']} NOT NULL,
            direction TEXT NOT NULL, number TEXT NOT NULL, name TEXT NOT NULL DEFAULT '',
            trunk TEXT NOT NULL, extension TEXT NOT NULL, extensions TEXT NOT NULL,
            answered {t['int']} NOT NULL, ring_seconds {t['int']}, duration_seconds {t['int']},
            has_cdr {t['int']} NOT NULL)""",
        "CREATE INDEX calls_started ON calls (started_at)",
        CALLS_BY_NUMBER,
        f"""CREATE TABLE call_extensions (
            extension TEXT NOT NULL, started_at {t['int']} NOT NULL, call_id {t['int']} NOT NULL,
            PRIMARY KEY (extension, started_at, call_id)){t['norowid']}""",
        "CREATE INDEX call_extensions_call ON call_extensions (call_id)",
        # One row per CDR line: its raw text (fields are read from it again when needed) and end time.
        # Duplicates are found through the time index: the same line always has the same end time,
        # and writers are serialised; a unique index on a hash would cost a third of the import.
        f"""CREATE TABLE cdr (
            pbx TEXT NOT NULL, line_key {t['blob']} NOT NULL, call_id {t['int']} NOT NULL,
            batch_id {t['int']} NOT NULL, line_no {t['int']} NOT NULL, ended_at {t['int']} NOT NULL,
            raw TEXT NOT NULL)""",
        "CREATE INDEX cdr_ended ON cdr (pbx, ended_at)",
        "CREATE INDEX cdr_call ON cdr (call_id)",
        # Distinct numbers of the journal and the names live sources gave them: the search index.
        "CREATE TABLE parties (number TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '')",
        f"""CREATE TABLE live_calls (
            source TEXT NOT NULL, ref TEXT NOT NULL, call_id {t['int']} NOT NULL,
            PRIMARY KEY (source, ref))""",
        "CREATE INDEX live_calls_call ON live_calls (call_id)",
    ]
    if dialect == "postgresql":
        # Substring search (LIKE '%…%') on the distinct numbers and names uses trigram indexes.
        statements += [
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            "CREATE INDEX parties_number_trgm ON parties USING gin (number gin_trgm_ops)",
            "CREATE INDEX parties_name_trgm ON parties USING gin (name gin_trgm_ops)",
        ]
    return statements


def _v2(dialect: Dialect) -> list[str]:
    # Internal calls are rare among a million CDR calls: without their own index the Internal
    # list would walk every call. Partial, so CDR imports do not pay for it.
    internal = "CREATE INDEX calls_internal ON calls (started_at) WHERE direction = 'internal'"
    if dialect == "postgresql":
        return [internal]  # the trigram indexes of version 1 already serve substring search
    # SQLite: a trigram full-text index over the parties, kept in step by triggers, so that a
    # search for a fragment of a number or name does not scan every party.
    return [
        internal,
        "CREATE VIRTUAL TABLE parties_search USING fts5(number, name, content='parties', "
        "tokenize='trigram')",
        *PARTY_SEARCH_TRIGGERS.values(),
        REBUILD_PARTY_SEARCH,
    ]


def _v3(dialect: Dialect) -> list[str]:
    # Every import wrote these for each line: two indexes by call, and a hash of the line that
    # duplicates were found by. What the indexes served (the lines and the extension rows of one
    # call, when calls merge) is found through the time index and the call_extensions key
    # instead (see JournalStore._call_lines and _drop_extensions); duplicates are found by the
    # line's text, which the time index brings along anyway.
    statements = ["DROP INDEX cdr_call", "DROP INDEX call_extensions_call"]
    if dialect == "postgresql":
        return [*statements, "ALTER TABLE cdr DROP COLUMN line_key"]
    # Rebuilt rather than ALTER TABLE … DROP COLUMN, which SQLite before 3.35 does not know.
    return [
        *statements,
        """CREATE TABLE cdr_v3 (
            pbx TEXT NOT NULL, call_id INTEGER NOT NULL, batch_id INTEGER NOT NULL,
            line_no INTEGER NOT NULL, ended_at INTEGER NOT NULL, raw TEXT NOT NULL)""",
        "INSERT INTO cdr_v3 (rowid, pbx, call_id, batch_id, line_no, ended_at, raw) "
        "SELECT rowid, pbx, call_id, batch_id, line_no, ended_at, raw FROM cdr",
        "DROP TABLE cdr",
        "ALTER TABLE cdr_v3 RENAME TO cdr",
        "CREATE INDEX cdr_ended ON cdr (pbx, ended_at)",
    ]


def _v4(dialect: Dialect) -> list[str]:
    # A call's first extension is found through an index of the calls; call_extensions keeps only
    # the others (transfers, conferences: a few calls in a hundred), so that a large import writes
    # one row per call less. Small again, it can afford its index by call.
    return [
        "DELETE FROM call_extensions WHERE EXISTS (SELECT 1 FROM calls c "
        "WHERE c.id = call_extensions.call_id AND c.extension = call_extensions.extension)",
        "CREATE INDEX call_extensions_call ON call_extensions (call_id)",
        CALLS_BY_EXTENSION,
    ]


def _v5(dialect: Dialect) -> list[str]:
    # SQLite: the CDR lines ordered by the key every look-up uses (end time; batch and line number
    # make it unique), so that a large import writes one tree per line instead of a table and an
    # index by end time. Lines are only ever read by that key (see JournalStore._stored_near).
    # PostgreSQL keeps its table and index: its tables are heaps either way.
    if dialect == "postgresql":
        return []
    return [
        """CREATE TABLE cdr_v5 (
            pbx TEXT NOT NULL, ended_at INTEGER NOT NULL, batch_id INTEGER NOT NULL,
            line_no INTEGER NOT NULL, call_id INTEGER NOT NULL, raw TEXT NOT NULL,
            PRIMARY KEY (pbx, ended_at, batch_id, line_no)) WITHOUT ROWID""",
        # A batch's line is stored once; OR IGNORE only keeps a damaged file from staying unopenable.
        "INSERT OR IGNORE INTO cdr_v5 (pbx, ended_at, batch_id, line_no, call_id, raw) "
        "SELECT pbx, ended_at, batch_id, line_no, call_id, raw FROM cdr",
        "DROP TABLE cdr",
        "ALTER TABLE cdr_v5 RENAME TO cdr",
    ]


def _v6(dialect: Dialect) -> list[str]:
    # A call of one CDR line (most calls) keeps that line in its own row instead of a row of the
    # cdr table: a large import writes one row per such call instead of two. The line moves to
    # the cdr table when a further line joins its call (see JournalStore._release_line). Lines
    # stored before stay where they are: both places are read.
    t = _types(dialect)
    return [f"ALTER TABLE calls ADD COLUMN {column}" for column in (
        f"line_batch {t['int']}", f"line_no {t['int']}", "line_raw TEXT")]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "calls, CDR lines, rejects, raw batches, parties, live calls", _v1),
    Migration(2, "index of internal calls; substring search over numbers and names (SQLite FTS5)", _v2),
    Migration(3, "CDR lines without a hash and without indexes by call (cheaper imports)", _v3),
    Migration(4, "a call's first extension indexed with the call, only the others in call_extensions", _v4),
    Migration(5, "CDR lines kept in the order of their end time (SQLite: one tree instead of two)", _v5),
    Migration(6, "a call of one CDR line keeps the line in its own row", _v6),
)
LATEST = MIGRATIONS[-1].version


def current_version(tx: Tx, dialect: Dialect) -> int:
    if dialect == "sqlite":
        return int(tx.query("PRAGMA user_version")[0][0])
    tx.execute(f"CREATE TABLE IF NOT EXISTS journal_schema (version {_types(dialect)['int']} NOT NULL)")
    rows = tx.query("SELECT version FROM journal_schema")
    return int(rows[0][0]) if rows else 0


def _set_version(tx: Tx, dialect: Dialect, version: int) -> None:
    if dialect == "sqlite":
        tx.execute(f"PRAGMA user_version = {int(version)}")
    else:
        tx.execute("DELETE FROM journal_schema")
        tx.execute("INSERT INTO journal_schema (version) VALUES (?)", (version,))


def migrate(backend: Backend, *, target: int = LATEST) -> int:
    """Bring the database to `target`, one migration per transaction; return the version found."""
    with backend.write() as tx:
        found = current_version(tx, backend.dialect)
    if found > LATEST:
        raise EnvironmentProblem(
            f"the journal database has schema version {found}, written by a newer Tandem; this one "
            f"understands up to version {LATEST}: update Tandem on this computer"
        )
    for migration in MIGRATIONS:
        if found < migration.version <= target:
            with backend.write() as tx:
                if current_version(tx, backend.dialect) >= migration.version:
                    continue  # another process migrated meanwhile
                for statement in migration.statements(backend.dialect):
                    _run(tx, statement)
                _set_version(tx, backend.dialect, migration.version)
    return found


def set_search_aside(tx: Tx) -> None:
    """Drop what `ensure_search` builds again (SQLite; see JournalStore.bulk_import)."""
    for index in _SET_ASIDE_INDEXES:
        tx.execute(f"DROP INDEX IF EXISTS {index}")
    for trigger in PARTY_SEARCH_TRIGGERS:
        tx.execute(f"DROP TRIGGER IF EXISTS {trigger}")


def ensure_search(backend: Backend) -> None:
    """Build again what `set_search_aside` dropped, if it is missing (SQLite only: on PostgreSQL
    nothing is ever set aside). Parties written meanwhile are indexed by the rebuild."""
    if backend.dialect != "sqlite":
        return
    names = [*_SET_ASIDE_INDEXES, *PARTY_SEARCH_TRIGGERS]
    with backend.read() as tx:
        present = {row[0] for row in tx.query("SELECT name FROM sqlite_master")} & set(names)
    if present.issuperset(names):
        return
    with backend.write() as tx:
        # Sort for the indexes in small runs, merged with a helper thread: measured on a million
        # calls, 0.43 s against 0.86 s with the connection's 64 MB cache as one run.
        cache_size = int(tx.query("PRAGMA cache_size")[0][0])
        tx.execute("PRAGMA threads = 2")
        tx.execute("PRAGMA cache_size = -4096")
        for statement in _SET_ASIDE_INDEXES.values():
            tx.execute(statement)
        tx.execute(f"PRAGMA cache_size = {cache_size}")
        tx.execute("PRAGMA threads = 0")
        if not present.issuperset(PARTY_SEARCH_TRIGGERS):
            for statement in PARTY_SEARCH_TRIGGERS.values():
                tx.execute(statement)
            tx.execute(REBUILD_PARTY_SEARCH)


def _run(tx: Tx, statement: str) -> None:
    try:
        tx.execute(statement)
    except Exception as exc:  # the driver's own error type; the transaction is rolled back
        if "pg_trgm" not in statement:
            raise
        # Substring search on PostgreSQL rests on trigram indexes: without them every search
        # reads every party. Refuse with what to install rather than run slow.
        raise EnvironmentProblem(
            "the journal database needs the PostgreSQL extension pg_trgm for its search indexes "
            "(Debian/Ubuntu: package postgresql-contrib on the database server; the journal's "
            "database user must be allowed to CREATE EXTENSION, or an administrator runs "
            f"'CREATE EXTENSION pg_trgm' in that database once): {str(exc).strip()}"
        ) from exc
