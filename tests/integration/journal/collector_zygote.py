"""Fork server for the crash-consistency test (run as a script, not collected by pytest).

Imports the collector once, then for each JSON command on stdin forks a child that runs one
collector cycle against the simulator and is killed with SIGKILL — by itself at a named checkpoint
(`kill_at`, on its `nth` occurrence) or by this process after `kill_after` seconds — or is left to
finish. Prints one JSON line per command: {"signal": N or 0, "code": exit code or null}.
Forking a warm process keeps each of the hundreds of runs to a few tens of milliseconds.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
import traceback
from pathlib import Path
from zoneinfo import ZoneInfo

from tandem.journal.store import JournalStore
from tandem.net.cdr_collector import CdrCollector, CdrEndpoint


def child(config: dict[str, object], command: dict[str, object]) -> None:
    seen = 0

    def checkpoint(name: str) -> None:
        nonlocal seen
        if name == command.get("kill_at"):
            seen += 1
            if seen >= int(command.get("nth", 1)):  # type: ignore[call-overload]
                os.kill(os.getpid(), signal.SIGKILL)

    try:
        store = JournalStore.open_sqlite(str(config["db"]))
        endpoint = CdrEndpoint("127.0.0.1", str(config["user"]), str(config["password"]),
                               port=int(config["port"]),  # type: ignore[call-overload]
                               pin_sha256=str(config["pin"]), retry_delay=0.01, timeout=20.0)
        collector = CdrCollector(endpoint, store, Path(str(config["spool"])), tz=ZoneInfo("Europe/Berlin"),
                                 checkpoint=checkpoint, chunk_lines=int(config["chunk"]))  # type: ignore[call-overload]
        asyncio.run(collector.fetch_once())
        store.close()
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(3)
    os._exit(0)


def main() -> None:
    config = json.loads(sys.argv[1])
    for line in sys.stdin:
        command = json.loads(line)
        pid = os.fork()
        if pid == 0:
            child(config, command)
        kill_after = command.get("kill_after")
        status = None
        if kill_after is not None:
            deadline = time.monotonic() + float(kill_after)
            while time.monotonic() < deadline:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    break
                time.sleep(0.001)
            else:
                os.kill(pid, signal.SIGKILL)
                status = None
        if status is None:
            _, status = os.waitpid(pid, 0)
        result = {"signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0,
                  "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None}
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
