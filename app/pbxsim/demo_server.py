"""The simulator as `tandem --demo` runs it: the demo office on CSTA, WSI and CDR, in its own process.

Started by the demo launcher with `tandem pbxsim --demo --ready-json --exit-on-stdin-eof`; it prints
one JSON line with its ports, the office's names and the CDR certificate's fingerprint, and ends
when the launcher's end of standard input closes, so it never outlives Tandem, even a killed one.
The credentials are the simulator's well-known test logins, not anyone's secrets.

With the user's softphone address (`host:port`, in the environment variable USER_SIP_ENV) the
colleagues are also SIP user agents (tandem.pbxsim.sip_colleagues) on a free UDP port of the host:
the ready line then names that port (`sip_port`), the softphone's extension (`softphone`) and the
address the colleagues call it at (`user_sip`). Without it, or when the SIP engine cannot start, the
softphone's extension is out of service and everything else works as before.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import sys
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from tandem.core.errors import TandemError
from tandem.cti.framing import Framing
from tandem.pbxsim.callmodel import Pbx
from tandem.pbxsim.cdr_bridge import attach_cdr_book
from tandem.pbxsim.cdr_server import CdrBook, CdrServer
from tandem.pbxsim.certs import generate_self_signed
from tandem.pbxsim.csta_server import CstaServer, CstaServerSettings
from tandem.pbxsim.office import (
    CUSTOMERS,
    NAMES,
    SOFTPHONE,
    USER,
    OfficeLife,
    demo_pbx,
    fill_cdr_history,
    prepare,
)
from tandem.pbxsim.scenario import ScenarioError, load_scenario
from tandem.pbxsim.wsi_server import WsiOffice, WsiServer, connect_call_model

if TYPE_CHECKING:
    from tandem.pbxsim.sip_colleagues import SipColleagues

log = logging.getLogger(__name__)

CSTA_LOGIN = ("AMHOST", "77777")
CDR_LOGIN = ("cdr", "demo-cdr-login")


def uc_password(extension: str) -> str:
    """The demo's UC passwords (the simulator's own test logins)."""
    return f"demo-{extension}"


def _watch_stdin(loop: asyncio.AbstractEventLoop, stop: asyncio.Event) -> None:
    # os.read on the raw descriptor: a daemon thread blocked in sys.stdin's buffered reader would hold
    # its lock and abort the interpreter at shutdown.
    def read() -> None:
        with contextlib.suppress(OSError):
            while os.read(0, 4096):
                pass
        with contextlib.suppress(RuntimeError):  # the loop already ended
            loop.call_soon_threadsafe(stop.set)

    threading.Thread(target=read, name="stdin-eof", daemon=True).start()


async def serve(args: argparse.Namespace, stop: asyncio.Event) -> int:
    scenario = None
    if args.scenario:
        try:
            scenario = load_scenario(Path(args.scenario))
        except ScenarioError as err:
            print(f"tandem pbxsim: {err}", file=sys.stderr)
            return 2
    pbx = demo_pbx(trunks=max(args.trunks, 8))
    prepare(pbx)
    book = CdrBook()
    attach_cdr_book(pbx, book)
    history = fill_cdr_history(book) if scenario is None else 0
    csta = CstaServer(pbx, CstaServerSettings(host=args.host, port=args.csta_port, framing=Framing.AUTO,
                                              login_name=CSTA_LOGIN[0], password=CSTA_LOGIN[1],
                                              heartbeat_interval=args.heartbeat))
    wsi_office = WsiOffice()
    connect_call_model(wsi_office, pbx, uc_password)
    wsi = WsiServer(wsi_office)
    async with contextlib.AsyncExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="tandem-demo-pbx-")))
        cert = generate_self_signed(folder, stem="demo-cdr")
        cdr = CdrServer(book, CDR_LOGIN[0], CDR_LOGIN[1], cert, host=args.host, port=args.cdr_port or 0)
        await csta.start()
        stack.push_async_callback(csta.stop)
        await wsi.start(host=args.host, http_port=args.wsi_port or 0)
        stack.push_async_callback(wsi.close)
        cdr_port = await cdr.start()
        stack.push_async_callback(cdr.stop)
        user_sip = user_sip_address(args)
        sip_port = None
        if user_sip:
            colleagues = await _start_sip_colleagues(pbx, user_sip, scripted=scenario is not None)
            if colleagues is not None:
                stack.push_async_callback(colleagues.stop)  # before the process ends, also on stdin EOF
                sip_port = colleagues.port
        if sip_port is None:
            pbx.set_out_of_service(SOFTPHONE, True)
        life = None
        if scenario is None:
            life = OfficeLife(pbx, softphone=SOFTPHONE if sip_port else None)
            life.start()
            stack.push_async_callback(life.stop)
        ready = {"csta_port": csta.port, "wsi_port": wsi.http_port, "cdr_port": cdr_port,
                 "cdr_fingerprint": cert.sha256, "user": USER, "names": NAMES,
                 "sip_port": sip_port, "softphone": SOFTPHONE, "user_sip": user_sip if sip_port else None,
                 "cdr_history": history, "pid": os.getpid(),
                 # the simulator's test logins, for the launcher on the other end of this pipe
                 "logins": {"csta": CSTA_LOGIN, "cdr": CDR_LOGIN, "wsi": (USER, uc_password(USER))}}
        print(json.dumps(ready) if args.ready_json else
              f"demo office ready: CSTA {csta.port}, WSI {wsi.http_port}, CDR {cdr_port}"
              + (f", SIP {sip_port}" if sip_port else ""), flush=True)
        if scenario is not None:
            stack.push_async_callback(_cancel, asyncio.ensure_future(_play(csta, scenario)))
        await stop.wait()
    return 0


def user_sip_address(args: argparse.Namespace) -> str | None:
    """Where the user's softphone takes calls (`host:port`, from --user-sip), or None."""
    address = getattr(args, "user_sip", None) or ""
    host, _, port = address.rpartition(":")
    if not address:
        return None
    if not host or not (port.isdigit() and port.isascii()) or not 0 < int(port) < 65536:
        log.warning("the softphone address %r is not host:port; the demo softphone stays out of service",
                    address)
        return None
    return address


async def _start_sip_colleagues(pbx: Pbx, user_sip: str, scripted: bool) -> SipColleagues | None:
    try:  # pjsua2 (and so the SIP side) may be missing: the office works without it
        from tandem.pbxsim.sip_colleagues import Manner, SipColleagues
    except ImportError as exc:
        log.warning("no SIP colleagues in the demo office: %s", exc)
        return None
    colleagues = SipColleagues(pbx, SOFTPHONE, user_sip, user=USER, names={**CUSTOMERS, **NAMES},
                               manner=Manner.scripted() if scripted else Manner())
    try:
        await colleagues.start()
    except TandemError as exc:
        log.warning("no SIP colleagues in the demo office: %s", exc)
        return None
    return colleagues


async def _play(csta: CstaServer, scenario: object) -> None:
    # A scenario starts once a client watches the office, so QA sees every step of it.
    while not csta.monitor_counts():
        await asyncio.sleep(0.05)
    await asyncio.sleep(1.0)
    await csta.run_scenario(scenario)  # type: ignore[arg-type]
    log.info("scenario finished")


async def _cancel(task: asyncio.Future[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await task


def run_demo_office(args: argparse.Namespace) -> int:
    async def main() -> int:
        stop = asyncio.Event()
        if args.exit_on_stdin_eof:
            _watch_stdin(asyncio.get_running_loop(), stop)
        return await serve(args, stop)

    try:
        return asyncio.run(main())
    except KeyboardInterrupt:
        return 0
