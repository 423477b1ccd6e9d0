"""A throw-away PostgreSQL 15 server for the journal tests and benchmark (not a test module).

initdb into a temp dir, pg_ctl start on a free loopback port (and a unix socket in the temp dir),
stop and delete at the end. PostgreSQL refuses to run as root (CI runs as root), so there it runs
as `nobody` via setpriv, owning its temp dir.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

BIN = Path(os.environ.get("TANDEM_PG_BIN", "/usr/lib/postgresql/15/bin"))


def available() -> str | None:
    """None when a server can be started here, else why not."""
    if not (BIN / "initdb").exists():
        return f"PostgreSQL binaries not found in {BIN} (Debian package postgresql-15)"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="tandem-pg-"))
        self.data = self.dir / "data"
        self.port = 0
        self._as_root = os.geteuid() == 0
        if self._as_root:
            os.chmod(self.dir, 0o700)
            shutil.chown(self.dir, "nobody", "nogroup")

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        cmd = list(args)
        if self._as_root:
            cmd = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", *cmd]
        return subprocess.run(cmd, check=check, capture_output=True, text=True, timeout=120,
                              cwd=self.dir, env={**os.environ, "LC_ALL": "C.UTF-8"})

    def start(self) -> PgServer:
        self._run(str(BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "--encoding=UTF8", "--no-sync")
        last = ""
        for _attempt in range(3):  # a free port may be taken between probing and binding
            self.port = _free_port()
            opts = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off "
                    "-c synchronous_commit=off -c full_page_writes=off -c max_connections=40")
            done = self._run(str(BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"),
                             "-o", opts, "-w", "-t", "60", "start", check=False)
            if done.returncode == 0:
                return self
            last = done.stdout + done.stderr + (self.dir / "log").read_text(errors="replace")[-2000:]
            time.sleep(0.2)
        raise RuntimeError(f"PostgreSQL did not start: {last}")

    def dsn(self, dbname: str = "postgres") -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={dbname}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.dsn(name)

    def stop(self) -> None:
        if self.data.exists():
            self._run(str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop",
                      check=False)
        shutil.rmtree(self.dir, ignore_errors=True)
