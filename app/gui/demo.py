"""`tandem --demo`: a simulated office in a child process and Tandem connected to it, in a throw-away
profile. The user's real settings, journal and keyring are never touched: everything lives in a
temporary TANDEM_HOME that is removed at the end, and passwords stay in memory.

The simulator child reads its standard input until it closes; Tandem holds the other end, so the
child ends with Tandem, however Tandem ends (quit, crash or kill).

The softphone: Tandem's SIP engine takes a free local port chosen here, the child is told that
address (--user-sip) and calls it as the simulated colleagues, and Tandem calls them at
the child's SIP port, with no registration (the simulator has no registrar). The softphone is its
own extension in the office ("Alex Demo (PC)"), beside the desk phone Tandem controls over CSTA.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tandem.config.credentials import CredentialStore
from tandem.config.paths import HOME_ENV, Paths
from tandem.config.settings import (
    CdrSettings,
    CstaSettings,
    JournalSettings,
    Settings,
    SettingsStore,
    SipSettings,
    UiSettings,
    WsiSettings,
)
from tandem.core.errors import EnvironmentProblem
from tandem.gui.session import Session

log = logging.getLogger(__name__)
READY_TIMEOUT = 60.0


@dataclass
class DemoOffice:
    process: subprocess.Popen[bytes]
    info: dict[str, Any]

    @property
    def names(self) -> dict[str, str]:
        return dict(self.info["names"])

    def stop(self) -> None:
        if self.process.stdin is not None and not self.process.stdin.closed:
            self.process.stdin.close()  # the child ends when its standard input closes
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


def free_sip_port() -> int:
    """A port free for SIP over both UDP and TCP on every interface (the softphone binds to all)."""
    for _ in range(100):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind(("", 0))
            port = int(udp.getsockname()[1])
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
                try:
                    tcp.bind(("", port))
                except OSError:
                    continue
                return port
    raise EnvironmentProblem("no free local port for the demo softphone")


def start_office(scenario: str | None = None, softphone_port: int | None = None) -> DemoOffice:
    """Start the simulated office on free loopback ports and wait until it listens.

    With `softphone_port`, the simulated colleagues call the user's softphone at 127.0.0.1 on it.
    """
    argv = [sys.executable, "-m", "tandem", "pbxsim", "--demo", "--csta-port", "0", "--wsi-port", "0",
            "--cdr-port", "0", "--ready-json", "--exit-on-stdin-eof"]
    if scenario:
        argv += ["--scenario", str(Path(scenario).resolve())]
    if softphone_port:
        argv += ["--user-sip", f"127.0.0.1:{softphone_port}"]
    process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert process.stdout is not None
    deadline = time.monotonic() + READY_TIMEOUT
    line = b""
    while not line.endswith(b"\n"):
        if process.poll() is not None:
            raise EnvironmentProblem("the simulated office could not start "
                                     f"(exit status {process.returncode})")
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            process.kill()
            raise EnvironmentProblem(f"the simulated office did not start within {READY_TIMEOUT:.0f} s")
        readable, _, _ = select.select([process.stdout], [], [], min(remaining, 0.5))
        if readable:
            chunk = os.read(process.stdout.fileno(), 65536)
            line += chunk
            if not chunk:
                continue
    info = json.loads(line.decode())
    log.info("demo office %s up: CSTA %s, WSI %s, CDR %s", info["pid"], info["csta_port"], info["wsi_port"],
             info["cdr_port"])
    return DemoOffice(process, info)


def demo_settings(info: dict[str, Any]) -> Settings:
    """Tandem's settings for the office in `info` (the child's ready line).

    The desk phone is the user's extension (CSTA); the softphone, when the office has a SIP side, is
    an extension of its own: watched like a colleague's phone so its calls show on the board, but
    never the desk-phone line's, so no call shows twice.
    """
    user = str(info["user"])
    softphone = str(info.get("softphone") or "")
    sip_port = info.get("sip_port")
    others = tuple(ext for ext in info["names"] if ext not in (user, softphone))
    sip = SipSettings()
    if sip_port and info.get("user_sip"):
        sip = SipSettings(enabled=True, registrar=f"127.0.0.1:{int(sip_port)}", user=softphone,
                          display_name=str(info["names"].get(softphone, "")), transport="udp",
                          local_port=int(str(info["user_sip"]).rpartition(":")[2]), register=False)
    return Settings(
        sip=sip,
        csta=CstaSettings(enabled=True, host="127.0.0.1", port=int(info["csta_port"]), framing="siemens",
                          login_name=str(info["logins"]["csta"][0]), own_extension=user,
                          monitored=(user, *((softphone,) if softphone else ()), *others),
                          heartbeat_interval=30.0),
        wsi=WsiSettings(enabled=True, host="127.0.0.1", port=int(info["wsi_port"]), https=False, user=user),
        cdr=CdrSettings(enabled=True, host="127.0.0.1", port=int(info["cdr_port"]),
                        user=str(info["logins"]["cdr"][0]),
                        tls_pin_sha256=str(info["cdr_fingerprint"]), interval_seconds=10),
        journal=JournalSettings(backend="sqlite"),
        ui=UiSettings(call_with="softphone" if sip.enabled else "deskphone", favourites=others[:4]),
    )


def demo_credentials(info: dict[str, Any]) -> CredentialStore:
    """The simulator's test logins, in memory only."""
    store = CredentialStore.memory_only("the demo keeps its passwords in memory")
    for kind, (name, password) in info["logins"].items():
        store.set(kind, str(name), str(password))
    return store


def demo_wiring(office: DemoOffice) -> Any:
    from tandem.gui.wiring import wire

    def wiring(session: Session) -> None:
        session.set_names(office.names)
        wire(session)

    return wiring


def demo_root() -> Path:
    return Path(tempfile.gettempdir()) / f"tandem-demo-{getpass.getuser()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_profiles(root: Path) -> None:
    """Remove the profiles of demos that were killed (their process no longer runs)."""
    if not root.is_dir():
        return
    for folder in root.iterdir():
        if folder.name.isdigit() and folder.name.isascii() and not _alive(int(folder.name)):
            shutil.rmtree(folder, ignore_errors=True)


def run_demo(args: argparse.Namespace) -> int:
    from tandem.gui.app import run

    root = demo_root()
    clean_stale_profiles(root)
    home = root / str(os.getpid())
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    previous = os.environ.get(HOME_ENV)
    os.environ[HOME_ENV] = str(home)
    office: DemoOffice | None = None
    try:
        office = start_office(getattr(args, "scenario", None), softphone_port=free_sip_port())
        SettingsStore(Paths.from_env().settings_file).save(demo_settings(office.info))
        demo_args = argparse.Namespace(**{**vars(args), "demo": False})
        return run(demo_args, wiring=demo_wiring(office), credentials=demo_credentials(office.info))
    except EnvironmentProblem as exc:
        print(f"tandem --demo: {exc}", file=sys.stderr)
        return 1
    finally:
        if office is not None:
            office.stop()
        if previous is None:
            os.environ.pop(HOME_ENV, None)
        else:
            os.environ[HOME_ENV] = previous
        shutil.rmtree(home, ignore_errors=True)
