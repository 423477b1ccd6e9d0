"""`tandem journal …`: search the call journal and export it.

`tandem journal search TEXT [--missed] [--json]` finds calls by number fragment or name;
`tandem journal export --csv FILE [--kind missed] [--extension 120] [--since 2025-11-01]` writes
a list to a spreadsheet. The journal is the one the settings name (journal.backend): the local
SQLite file, or the office's PostgreSQL database (its password from the keyring, PGPASSWORD or
~/.pgpass).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import TYPE_CHECKING

from tandem.commands import CommandRegistry

if TYPE_CHECKING:
    from datetime import tzinfo

    from tandem.config.paths import Paths
    from tandem.config.settings import Settings
    from tandem.journal.store import JournalStore

KINDS = ("all", "missed", "incoming", "outgoing", "internal")


def register(registry: CommandRegistry) -> None:
    group = registry.group("journal", "the call journal: search and export")
    search = group.add_parser("search", help="find calls by number fragment or name",
                              description="Find calls whose number contains TEXT or whose name does.")
    search.add_argument("text", metavar="TEXT", help="a part of a number (0891 or +49 89) or of a name")
    search.add_argument("--missed", action="store_true", help="only missed calls")
    search.add_argument("--extension", help="only calls this extension took part in")
    search.add_argument("--limit", type=int, default=50, help="at most this many calls (default 50)")
    search.add_argument("--json", action="store_true", help="print JSON instead of a table")
    search.set_defaults(handler=run_search)

    export = group.add_parser("export", help="write journal calls to a CSV file",
                              description="Write journal calls (newest first) to a CSV file.")
    export.add_argument("--csv", metavar="FILE", required=True, help="the file to write ('-': the console)")
    export.add_argument("--kind", choices=KINDS, default="all", help="which calls (default: all)")
    export.add_argument("--extension", help="only calls this extension took part in")
    export.add_argument("--since", metavar="DATE", help="from this day or time on (2025-11-01 or "
                                                      "2025-11-01T08:00), this computer's time zone")
    export.add_argument("--until", metavar="DATE", help="before this day or time")
    export.add_argument("--limit", type=int, default=1_000_000, help="at most this many calls")
    export.set_defaults(handler=run_export)


def load_settings() -> tuple[Settings, Paths]:
    from tandem.config.paths import Paths
    from tandem.config.settings import SettingsStore

    paths = Paths.from_env()
    settings, problem = SettingsStore(paths.settings_file).load_or_defaults()
    if problem is not None:
        print(f"tandem: {problem}", file=sys.stderr)
    return settings, paths


def pbx_timezone(settings: Settings) -> tzinfo | None:
    from zoneinfo import ZoneInfo

    return ZoneInfo(settings.journal.pbx_timezone) if settings.journal.pbx_timezone else None


def open_store(settings: Settings, paths: Paths) -> JournalStore:
    """The journal the settings name. Raises EnvironmentProblem when it cannot be opened."""
    from pathlib import Path

    from tandem.core.errors import ConfigurationError
    from tandem.journal.store import JournalStore

    journal = settings.journal
    if journal.backend == "postgresql":
        if not journal.postgresql_dsn:
            raise ConfigurationError("journal.backend is postgresql but journal.postgresql_dsn is empty",
                                     "journal.postgresql_dsn")
        from tandem.config.credentials import CredentialStore

        # The keyring's password, if any; libpq also finds PGPASSWORD or ~/.pgpass by itself.
        password = CredentialStore().get("journal", journal.postgresql_dsn)
        return JournalStore.open_postgres(journal.postgresql_dsn, password)
    path = Path(journal.sqlite_path).expanduser() if journal.sqlite_path else paths.journal_db
    return JournalStore.open_sqlite(path)


def run_search(args: argparse.Namespace) -> int:
    from tandem.core.errors import TandemError
    from tandem.journal.export import call_as_dict

    settings, paths = load_settings()
    try:
        store = open_store(settings, paths)
        try:
            calls = store.search(args.text, missed_only=args.missed, extension=args.extension,
                                 limit=args.limit)
        finally:
            store.close()
    except TandemError as exc:
        print(f"tandem journal search: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps([call_as_dict(c) for c in calls], indent=2, ensure_ascii=False))
        return 0
    if not calls:
        print(f"no call matches {args.text!r}")
        return 0
    for call in calls:
        row = call_as_dict(call)
        what = "missed" if call.missed else call.direction.value
        who = f"{call.number} {call.name}".strip() or "(number withheld)"
        print(f"{row['started'][:19].replace('T', ' ')}  {what:<8} {who:<36} ext {row['extensions']}")
    return 0


def _moment(text: str | None, flag: str) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{flag} {text!r} is not a date like 2025-11-01 or 2025-11-01T08:00") from None
    return moment if moment.tzinfo else moment.astimezone()


def run_export(args: argparse.Namespace) -> int:
    from tandem.core.errors import TandemError
    from tandem.journal.export import write_csv
    from tandem.journal.store import JournalQuery, QueryKind

    try:
        query = JournalQuery(kind=QueryKind(args.kind), extension=args.extension,
                             since=_moment(args.since, "--since"), until=_moment(args.until, "--until"),
                             limit=args.limit)
    except ValueError as exc:
        print(f"tandem journal export: {exc}", file=sys.stderr)
        return 2
    settings, paths = load_settings()
    try:
        store = open_store(settings, paths)
        try:
            calls = store.calls(query)
        finally:
            store.close()
    except TandemError as exc:
        print(f"tandem journal export: {exc}", file=sys.stderr)
        return 1
    if args.csv == "-":
        write_csv(calls, sys.stdout)
        return 0
    try:
        with open(args.csv, "w", encoding="utf-8", newline="") as out:
            count = write_csv(calls, out)
    except OSError as exc:
        print(f"tandem journal export: cannot write {args.csv}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"{count} calls written to {args.csv}")
    return 0
