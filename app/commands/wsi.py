"""`tandem wsi …`: the Web Services Interface from the command line, for diagnostics.

`tandem wsi presence` lists everyone's UC presence, `--set meeting --until 14:00` sets the user's own;
`tandem wsi events` prints the GetEvents feed line by line, `tandem wsi journal` the user's UC
journal. The UC password comes from the keyring, or from TANDEM_WSI_PASSWORD for headless and test use.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import datetime
from typing import TYPE_CHECKING

from tandem.commands import CommandRegistry

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from tandem.config.settings import Settings
    from tandem.core.ucpresence import UcPresence
    from tandem.net.wsi_client import WsiClient
    from tandem.wsi.events import WsiFeedItem

    Action = Callable[[WsiClient, argparse.Namespace, Settings], Awaitable[int]]

PASSWORD_ENV = "TANDEM_WSI_PASSWORD"  # noqa: S105 - the variable's name, not a password


def register(registry: CommandRegistry) -> None:
    group = registry.group("wsi", "the OSBiz Web Services Interface: UC presence and events")
    presence = group.add_parser("presence", help="show everyone's UC presence, or set your own",
                                description="Show everyone's UC presence, or set your own with --set.")
    _connection_options(presence)
    presence.add_argument("--set", metavar="STATUS", dest="status",
                          help="set your presence: office, meeting, sick, break, out, vacation, lunch, "
                               "home, dnd, callme")
    presence.add_argument("--until", metavar="TIME",
                          help="return time: 14:00 (today, or tomorrow if past) or 2026-11-30 09:00")
    presence.add_argument("--call-me", metavar="NUMBER", default="",
                          help="with --set callme: the number to take calls at")
    presence.add_argument("--users", metavar="EXT,…", default="", help="show only these extensions")
    presence.set_defaults(handler=run_presence)

    events = group.add_parser("events", help="print the WSI event feed (GetEvents) line by line",
                              description="Print the WSI event feed (GetEvents) line by line.")
    _connection_options(events)
    events.add_argument("--monitor", metavar="EXT,…", default="",
                        help="devices to watch (default: your own and the CSTA monitored list)")
    events.add_argument("--count", type=int, default=0, help="stop after this many events (0: never)")
    events.add_argument("--seconds", type=float, default=0.0, help="stop after this long (0: never)")
    events.set_defaults(handler=run_events)

    journal = group.add_parser("journal", help="print your UC journal (JournalRead), newest first",
                               description="Print your UC journal (JournalRead), newest first.")
    _connection_options(journal)
    journal.add_argument("--count", type=int, default=20, help="how many entries (default 20)")
    journal.add_argument("--type", dest="kind", default="", choices=["", "missed", "incoming", "outgoing"],
                         help="only these calls")
    journal.set_defaults(handler=run_journal)


def _connection_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", help="the PBX (default: from the settings)")
    parser.add_argument("--port", type=int, help="the WSI port (default: 8802 for HTTPS, 8801 for HTTP)")
    scheme = parser.add_mutually_exclusive_group()
    scheme.add_argument("--http", dest="https", action="store_false", default=None, help="plain HTTP")
    scheme.add_argument("--https", dest="https", action="store_true", help="HTTPS (the default)")
    parser.add_argument("--user", help="your extension (default: from the settings)")
    parser.add_argument("--pin", metavar="SHA256", help="trust the PBX certificate with this fingerprint")
    parser.add_argument("--cafile", help="trust certificates issued by this CA file")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for each reply")


def run_presence(args: argparse.Namespace) -> int:
    try:
        args.wanted = _wanted_presence(args)
    except ValueError as exc:  # the domain types say what is wrong with --set / --until
        print(f"tandem wsi presence: {exc}", file=sys.stderr)
        return 2
    return _run(args, _presence)


def _wanted_presence(args: argparse.Namespace) -> UcPresence | None:
    """The presence --set asks for, checked before anything is sent; None to only show presence."""
    from tandem.core.ucpresence import UcPresence, UcPresenceStatus, return_time_from_clock

    if args.status is None:
        if args.until or args.call_me:
            raise ValueError("--until and --call-me go with --set STATUS")
        return None
    status = UcPresenceStatus.from_name(args.status)
    if status is UcPresenceStatus.CALL_ME and not args.call_me:
        raise ValueError("--set callme needs --call-me NUMBER: where you take calls now")
    until = return_time_from_clock(args.until, datetime.now()) if args.until else None
    return UcPresence(status, until, args.call_me)


def run_events(args: argparse.Namespace) -> int:
    return _run(args, _events)


def run_journal(args: argparse.Namespace) -> int:
    if args.count <= 0:
        print("tandem wsi journal: --count must be 1 or more", file=sys.stderr)
        return 2
    return _run(args, _journal)


def _run(args: argparse.Namespace, body: Action) -> int:
    from tandem.core.errors import TandemError

    try:
        return asyncio.run(_with_client(args, body))
    except TandemError as exc:
        print(f"tandem wsi: {exc}", file=sys.stderr)
        return 1


async def _with_client(args: argparse.Namespace, body: Action) -> int:
    from tandem.config.paths import Paths
    from tandem.config.settings import SettingsStore
    from tandem.core.errors import ConfigurationError
    from tandem.net.wsi_client import WsiClient, WsiEndpoint

    settings, problem = SettingsStore(Paths.from_env().settings_file).load_or_defaults()
    if problem is not None:
        print(f"tandem wsi: {problem}", file=sys.stderr)
    wsi = settings.wsi
    https = wsi.https if args.https is None else args.https
    port = args.port or (wsi.port if args.https is None else (8802 if https else 8801))
    host = args.host or wsi.host
    user = args.user or wsi.user
    if not host:
        raise ConfigurationError("no PBX address: give --host or set it in the settings (wsi.host)",
                                 "wsi.host")
    if not user:
        raise ConfigurationError("no extension: give --user or set it in the settings (wsi.user)",
                                 "wsi.user")
    endpoint = WsiEndpoint(host, port, https, args.pin if args.pin is not None else wsi.tls_pin_sha256,
                           args.cafile)
    async with WsiClient(endpoint, user, _password(user), timeout=args.timeout) as client:
        return await body(client, args, settings)


def _password(user: str) -> str:
    from tandem.config.credentials import headless_password
    from tandem.core.errors import ConfigurationError

    stored = headless_password("wsi", user, PASSWORD_ENV)
    if not stored:
        raise ConfigurationError(f"no UC password for {user} in the keyring: save it in Tandem's settings, "
                                 f"or set {PASSWORD_ENV} for a headless run")
    return stored


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


async def _presence(client: WsiClient, args: argparse.Namespace, _settings: Settings) -> int:
    today = datetime.now().date()
    wanted: UcPresence | None = args.wanted
    if wanted is None:
        for row in await client.presence(_split(args.users)):
            print(f"{row.user:<8} {row.name:<24} {row.presence.describe(today)}", flush=True)
        return 0
    await client.set_presence(wanted)
    print(f"{client.user}: {wanted.describe(today)}", flush=True)
    return 0


async def _events(client: WsiClient, args: argparse.Namespace, settings: Settings) -> int:
    colleagues = tuple(m for m in settings.csta.monitored if m != client.user)
    devices = _split(args.monitor) or (client.user, *colleagues)
    await client.monitor(*devices)
    print(f"watching {', '.join(devices)} as {client.user}", flush=True)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + args.seconds if args.seconds > 0 else None
    seen = 0
    feed = client.feed()
    try:
        while args.count <= 0 or seen < args.count:
            remaining = None if deadline is None else deadline - loop.time()
            if remaining is not None and remaining <= 0:
                break
            try:
                item = await asyncio.wait_for(anext(feed), remaining)
            except asyncio.TimeoutError:
                break
            line, counts = _describe(item)
            print(line, file=sys.stdout if counts else sys.stderr, flush=True)
            seen += counts
    finally:
        await feed.aclose()
    return 0


async def _journal(client: WsiClient, args: argparse.Namespace, _settings: Settings) -> int:
    for entry in await client.journal(args.count, args.kind):
        arrow = "<-" if entry.direction.value == "in" else "->"
        outcome = f"{entry.duration_seconds} s" if entry.answered else "not answered"
        name = f" {entry.name}" if entry.name else ""
        print(f"{entry.start:%Y-%m-%d %H:%M:%S} {arrow} {entry.number}{name} ({outcome})", flush=True)
    return 0


def _describe(item: WsiFeedItem) -> tuple[str, int]:
    """The line to print for a feed item, and 1 if it is a PBX event (0 for feed status)."""
    from tandem.wsi.events import (
        WsiCallEvent,
        WsiDeviceEvent,
        WsiFeedProblem,
        WsiPresenceEvent,
        WsiSessionRenewed,
    )

    if isinstance(item, WsiCallEvent):
        parts = [item.kind.value, item.device]
        if item.call_id:
            parts.append(f"call={item.call_id}")
        if item.calling:
            parts.append(f"from={item.calling}")
        if item.called:
            parts.append(f"to={item.called}")
        return " ".join(parts), 1
    if isinstance(item, WsiPresenceEvent):
        return f"PresenceEvent {item.user} {item.presence.describe(datetime.now().date())}", 1
    if isinstance(item, WsiDeviceEvent):
        return f"{item.type} {item.device} {item.state}", 1
    if isinstance(item, WsiSessionRenewed):
        return "tandem wsi: the session expired and was renewed; events in between may be missing", 0
    if isinstance(item, WsiFeedProblem):
        return f"tandem wsi: {item.message} (retrying in {item.retry_in:.0f} s)", 0
    fields = " ".join(f"{k}={v}" for k, v in item.fields)
    return f"{item.type} {fields}".rstrip(), 1
