"""`tandem pbxsim`: run the simulated OpenScape Business (its CSTA link) until interrupted."""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tandem.commands import CommandRegistry
    from tandem.pbxsim.callmodel import Pbx

PASSWORD_ENV = "TANDEM_PBXSIM_CSTA_PASSWORD"  # noqa: S105 (a variable name)
CDR_PASSWORD_ENV = "TANDEM_PBXSIM_CDR_PASSWORD"  # noqa: S105 (a variable name)


def register(registry: CommandRegistry) -> None:
    parser = registry.command(
        "pbxsim",
        "run the simulated OpenScape Business PBX",
        epilog=f"The simulator's CSTA login is AMHOST / 77777 unless --login and {PASSWORD_ENV} "
        "say otherwise.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--csta-port", type=int, default=8800, help="CSTA port (8800; 0 for any free port)")
    parser.add_argument(
        "--extensions", default="100-149", help="extension numbers, e.g. 100-149 or 100,101,200-205"
    )
    parser.add_argument("--trunks", type=int, default=4, help="number of external lines (4)")
    parser.add_argument("--scenario", metavar="FILE", help="play the timed actions of this scenario file")
    parser.add_argument(
        "--framing",
        choices=["auto", "siemens", "len2", "raw"],
        default="auto",
        help="framing on TCP (auto: whatever the client speaks)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="abort links that send anything before the association (default: lenient)",
    )
    parser.add_argument("--login", default="AMHOST", help="the CSTA login name clients must use (AMHOST)")
    parser.add_argument("--no-login", action="store_true", help="accept associations without credentials")
    parser.add_argument(
        "--heartbeat", type=float, default=60.0, help="seconds between systemStatus heartbeats"
    )
    parser.add_argument("--no-timestamps", action="store_true", help="no HiPath-style timestamps in events")
    parser.add_argument(
        "--cdr-port",
        type=int,
        metavar="PORT",
        help="also serve the CDR download (HTTPS, self-signed) of trunk calls on this port "
        f"(0: any); login --cdr-user with {CDR_PASSWORD_ENV} (default: simulator)",
    )
    parser.add_argument("--cdr-user", default="cdr", help="the CDR download login name (cdr)")
    parser.add_argument("--demo", action="store_true",
                        help="the demo office: named colleagues who call and answer, a CDR history, "
                             "and the WSI (UC presence) on --wsi-port; --extensions is ignored")
    parser.add_argument("--wsi-port", type=int, metavar="PORT",
                        help="with --demo: serve the Web Services Interface over HTTP on this port (0: any)")
    parser.add_argument("--user-sip", metavar="HOST:PORT",
                        help="with --demo: where the user's softphone takes calls (the colleagues call it)")
    parser.add_argument("--ready-json", action="store_true",
                        help="print one JSON line with the ports once everything listens (for launchers)")
    parser.add_argument("--exit-on-stdin-eof", action="store_true",
                        help="stop when standard input closes (the launching program ended or was killed)")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    if args.demo:
        from tandem.pbxsim.demo_server import run_demo_office

        return run_demo_office(args)
    import asyncio
    import os
    from pathlib import Path

    from tandem.cti.framing import Framing
    from tandem.pbxsim.callmodel import Pbx, parse_extension_range
    from tandem.pbxsim.csta_server import CstaServer, CstaServerSettings
    from tandem.pbxsim.scenario import ScenarioError, load_scenario

    try:
        extensions = parse_extension_range(args.extensions)
        scenario = load_scenario(Path(args.scenario)) if args.scenario else None
    except (ValueError, ScenarioError) as err:
        print(f"tandem pbxsim: {err}", file=sys.stderr)
        return 2
    if args.trunks < 0:
        print("tandem pbxsim: --trunks cannot be negative", file=sys.stderr)
        return 2
    settings = CstaServerSettings(
        host=args.host,
        port=args.csta_port,
        framing=Framing(args.framing),
        strict=args.strict,
        login_name=args.login,
        password=os.environ.get(PASSWORD_ENV, "77777"),
        require_login=not args.no_login,
        heartbeat_interval=args.heartbeat if args.heartbeat > 0 else None,
        timestamps=not args.no_timestamps,
    )

    async def main() -> int:
        pbx = Pbx(extensions, trunks=args.trunks)
        server = CstaServer(pbx, settings)
        try:
            await server.start()
        except OSError as err:
            print(
                f"tandem pbxsim: cannot listen on {args.host}:{args.csta_port}: {err.strerror}",
                file=sys.stderr,
            )
            return 1
        async with contextlib.AsyncExitStack() as stack:
            stack.push_async_callback(server.stop)
            if args.cdr_port is not None:
                await _serve_cdr(stack, pbx, args)
            print(
                f"simulated PBX ready: CSTA on {args.host}:{server.port}, extensions {extensions[0]}-"
                f"{extensions[-1]} ({len(extensions)}), {args.trunks} trunks",
                flush=True,
            )
            if scenario is not None:
                await server.run_scenario(scenario)
                print(f"scenario {scenario.name} finished; still running (Ctrl+C ends)", flush=True)
            await asyncio.Event().wait()
        return 0

    return asyncio.run(main())


async def _serve_cdr(stack: contextlib.AsyncExitStack, pbx: Pbx, args: argparse.Namespace) -> None:
    """The CDR download endpoint next to the CSTA port, fed by the call model's trunk calls."""
    import os
    import tempfile
    from pathlib import Path

    from tandem.pbxsim.cdr_bridge import attach_cdr_book
    from tandem.pbxsim.cdr_server import CdrBook, CdrServer
    from tandem.pbxsim.certs import generate_self_signed

    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="tandem-pbxsim-")))
    book = CdrBook()
    attach_cdr_book(pbx, book)
    cert = generate_self_signed(folder, stem="pbxsim-cdr")
    password = os.environ.get(CDR_PASSWORD_ENV, "simulator")
    cdr = CdrServer(book, args.cdr_user, password, cert, host=args.host, port=args.cdr_port)
    port = await cdr.start()
    stack.push_async_callback(cdr.stop)
    print(
        f"simulated PBX: CDR download on https://{args.host}:{port} (user {args.cdr_user}, "
        f"certificate SHA-256 {cert.sha256})",
        flush=True,
    )
