"""`tandem csta monitor|call|snapshot|dnd|forward`: talk to a PBX's CSTA link from the command line.

For PBX technicians and QA: every command prints JSON (one object a line) and names any failure in
a sentence. The login password comes from TANDEM_CSTA_PASSWORD (for headless use) or the keyring.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tandem.commands import CommandRegistry
    from tandem.net.csta_link import CstaClient

PASSWORD_ENV = "TANDEM_CSTA_PASSWORD"  # noqa: S105 (the name of a variable, not a password)
_FORWARD_TYPES = ("immediate", "busy", "noanswer", "dnd")


def register(registry: CommandRegistry) -> None:
    group = registry.group("csta", "CSTA link tools")

    monitor = group.add_parser(
        "monitor",
        help="print events and device states of devices until interrupted",
        description="Monitor devices on the PBX's CSTA link and print one JSON object a line for every "
        "event, every device-state change and every link-state change, until Ctrl+C.",
    )
    _link_arguments(monitor)
    monitor.add_argument("devices", nargs="+", metavar="DEVICE", help="extension numbers, e.g. 100 101")
    monitor.set_defaults(handler=_monitor)

    call = group.add_parser(
        "call",
        help="make a call from one device to a number",
        description="Make FROM's phone call TO (makeCall) and print the new connection.",
    )
    _link_arguments(call)
    call.add_argument("calling", metavar="FROM")
    call.add_argument("called", metavar="TO")
    call.set_defaults(handler=_call)

    snapshot = group.add_parser(
        "snapshot",
        help="print what devices are doing now",
        description="Print each device's calls, their parties, DND and forwarding.",
    )
    _link_arguments(snapshot)
    snapshot.add_argument("devices", nargs="+", metavar="DEVICE")
    snapshot.set_defaults(handler=_snapshot)

    dnd = group.add_parser("dnd", help="show or switch do-not-disturb of a device")
    _link_arguments(dnd)
    dnd.add_argument("device", metavar="DEVICE")
    dnd.add_argument("switch", nargs="?", choices=["on", "off", "show"], default="show")
    dnd.set_defaults(handler=_dnd)

    forward = group.add_parser("forward", help="show, set or clear call forwarding of a device")
    _link_arguments(forward)
    forward.add_argument("device", metavar="DEVICE")
    forward.add_argument(
        "target",
        nargs="?",
        default="show",
        metavar="TARGET|off|show",
        help="the number to forward to, `off` to clear, `show` (default) to read",
    )
    forward.add_argument("--type", choices=_FORWARD_TYPES, default="immediate", help="kind of forwarding")
    forward.set_defaults(handler=_forward)


def _link_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", help="the PBX's address (default: the CSTA settings)")
    parser.add_argument("--port", type=int, help="the CSTA port (default: the CSTA settings, usually 8800)")
    parser.add_argument("--framing", choices=["siemens", "len2", "raw"], help="framing of PDUs on TCP")
    parser.add_argument("--login", help="CSTA login name (default: the CSTA settings, usually AMHOST)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for the link (10)")


def _emit(obj: dict[str, Any]) -> None:
    import json

    print(json.dumps(obj, ensure_ascii=False, default=str), flush=True)


def _fail(message: str, status: int = 1) -> int:
    print(f"tandem csta: {message}", file=sys.stderr)
    return status


def _password(login: str) -> str | None:
    from tandem.config.credentials import headless_password

    return headless_password("csta", login, PASSWORD_ENV)


def _client(args: argparse.Namespace) -> CstaClient:
    """A client for the link named by the arguments (falling back to the CSTA settings)."""
    from tandem.config.paths import Paths
    from tandem.config.settings import SettingsStore
    from tandem.core.errors import ConfigurationError
    from tandem.cti.framing import Framing
    from tandem.net.csta_link import CstaClient, CstaClientConfig

    settings, _problem = SettingsStore(Paths.from_env().settings_file).load_or_defaults()
    csta = settings.csta
    login = args.login or csta.login_name
    password = _password(login)
    if password is None:
        raise ConfigurationError(
            f"no CSTA password for {login!r}: set {PASSWORD_ENV} or save it in Tandem's settings",
            "csta.login_name",
        )
    framing = args.framing or (csta.framing if csta.framing != "auto" else "siemens")
    config = CstaClientConfig(
        host=args.host or csta.host,
        port=args.port or csta.port,
        framing=Framing(framing),
        login_name=login,
        connect_timeout=args.timeout,
        association_timeout=args.timeout,
        heartbeat_interval=csta.heartbeat_interval,
        backoff_initial=1.0,
        backoff_max=30.0,
        query_features=True,
    )
    return CstaClient(config, password)


async def _connected(args: argparse.Namespace) -> CstaClient:
    """Start a client and wait until it is ready; raise its first failure as an EnvironmentProblem."""
    import asyncio

    from tandem.core.errors import EnvironmentProblem
    from tandem.net.csta_link import LinkPhase

    client = _client(args)
    failed: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    def watch(status: Any) -> None:
        if status.phase is LinkPhase.BACKING_OFF and not failed.done():
            failed.set_result(status.error or "the link failed")

    client.on_status(watch)
    await client.start()

    async def became_ready() -> str:
        await client.wait_ready(args.timeout + 5)
        return ""

    ready = asyncio.ensure_future(became_ready())
    done, _ = await asyncio.wait([ready, failed], return_when=asyncio.FIRST_COMPLETED)
    if failed in done:
        ready.cancel()
        await client.stop()
        raise EnvironmentProblem(failed.result())
    await ready
    return client


def _run(args: argparse.Namespace, body: Any) -> int:
    import asyncio

    from tandem.core.errors import TandemError

    async def main() -> int:
        client = await _connected(args)
        try:
            return int(await body(client))
        finally:
            await client.stop()

    try:
        return asyncio.run(main())
    except TandemError as err:
        return _fail(str(err))
    except TimeoutError:
        return _fail(f"the CSTA link was not ready within {args.timeout:g} s")


def _presence_json(presence: Any) -> dict[str, Any]:
    return {
        "device": presence.device,
        "state": presence.state.value,
        "party": presence.party,
        "call_id": presence.call_id,
        "dnd": presence.dnd,
        "forwarded_to": presence.forwarded_to,
    }


def _event_json(device: str, wire: Any, domain: Any) -> dict[str, Any]:
    import dataclasses

    from tandem.cti.events import event_name

    out: dict[str, Any] = {"type": "event", "device": device, "event": event_name(wire)}
    if domain is not None:
        for key, value in dataclasses.asdict(domain).items():
            out[key] = value.value if hasattr(value, "value") and not isinstance(value, dict) else value
    return out


def _monitor(args: argparse.Namespace) -> int:
    import asyncio

    from tandem.core.errors import TandemError

    async def main() -> int:
        client = _client(args)
        client.on_status(
            lambda s: _emit(
                {"type": "link", "state": s.phase.value, "error": s.error, "retry_in": s.retry_in}
            )
        )
        client.on_event(lambda d, w, e: _emit(_event_json(d, w, e)))
        client.presence.subscribe(lambda p: _emit({"type": "state", **_presence_json(p)}))
        await client.start()
        try:
            failures = await client.monitor(args.devices)
            for device, error in sorted(failures.items()):
                _emit({"type": "error", "device": device, "error": str(error)})
            await asyncio.Event().wait()  # until Ctrl+C
        finally:
            await client.stop()
        return 0

    try:
        return asyncio.run(main())
    except TandemError as err:
        return _fail(str(err))


def _call(args: argparse.Namespace) -> int:
    async def body(client: CstaClient) -> int:
        leg = await client.make_call(args.calling, args.called)
        _emit({"call_id": leg.call_id, "device": leg.device})
        return 0

    return _run(args, body)


def _snapshot(args: argparse.Namespace) -> int:
    async def body(client: CstaClient) -> int:
        for device in args.devices:
            calls = await client.snapshot_device(device)
            parties = {call_id: await client.snapshot_call(call_id) for call_id, _ in calls}
            _emit(
                {
                    "device": device,
                    "calls": [
                        {"call_id": c, "state": s.value, "parties": {d: st.value for d, st in parties[c]}}
                        for c, s in calls
                    ],
                    "dnd": await client.get_do_not_disturb(device),
                    "forwarding": {k.value: v for k, v in (await client.get_forwarding(device)).items()},
                }
            )
        return 0

    return _run(args, body)


def _dnd(args: argparse.Namespace) -> int:
    async def body(client: CstaClient) -> int:
        if args.switch != "show":
            await client.set_do_not_disturb(args.device, args.switch == "on")
        _emit({"device": args.device, "dnd": await client.get_do_not_disturb(args.device)})
        return 0

    return _run(args, body)


def _forward(args: argparse.Namespace) -> int:
    from tandem.core.callevents import ForwardingType

    kind = {
        "immediate": ForwardingType.IMMEDIATE,
        "busy": ForwardingType.BUSY,
        "noanswer": ForwardingType.NO_ANSWER,
        "dnd": ForwardingType.DND,
    }[args.type]

    async def body(client: CstaClient) -> int:
        if args.target == "off":
            await client.set_forwarding(args.device, kind, False)
        elif args.target != "show":
            await client.set_forwarding(args.device, kind, True, args.target)
        table = await client.get_forwarding(args.device)
        _emit({"device": args.device, "forwarding": {k.value: v for k, v in table.items()}})
        return 0

    return _run(args, body)
