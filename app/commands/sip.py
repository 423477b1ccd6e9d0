"""`tandem sip register|call|answer`: the softphone without a window, for support and for tests.

Each command prints one line of JSON (the state reached, SIP code, a reason in words, setup time,
codec, SRTP) and exits 0 on success, 1 when the network or the far end said no, 2 on bad input.
Account values default to the saved settings; options override them. The password comes from the
TANDEM_SIP_PASSWORD environment variable (scripts, tests), else from the system keyring.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from tandem.commands import CommandRegistry

PASSWORD_ENV = "TANDEM_SIP_PASSWORD"  # noqa: S105 - the variable's name, not a password
EXIT_USAGE = 2


def register(registry: CommandRegistry) -> None:
    group = registry.group("sip", "the SIP softphone without a window: register, call, answer")

    reg = group.add_parser("register", help="register the SIP account once and report the result",
                           description="Register the SIP account once, print the result as JSON.")
    _account_options(reg)
    reg.add_argument("--timeout", type=float, default=10.0, metavar="S",
                     help="give up after S seconds (default 10)")
    reg.set_defaults(handler=_register)

    call = group.add_parser("call", help="call a number or SIP URI and report how it went",
                            description="Call URI (a number or sip: URI), print the result as JSON.")
    call.add_argument("uri", help="the number or SIP URI to call")
    _account_options(call)
    _media_options(call)
    call.add_argument("--dtmf", default="", metavar="DIGITS", help="send these DTMF digits once connected")
    call.add_argument("--dtmf-method", choices=("rfc2833", "info"), default="rfc2833",
                      help="send DTMF as RTP events (default) or as SIP INFO")
    call.add_argument("--timeout", type=float, default=30.0, metavar="S",
                      help="give up if the call is not answered within S seconds (default 30)")
    call.set_defaults(handler=_call)

    ans = group.add_parser("answer", help="wait for a call, answer it and report how it went",
                           description="Wait for an incoming call, answer it, print the result as JSON.")
    _account_options(ans)
    _media_options(ans)
    ans.add_argument("--wait", type=float, default=60.0, metavar="S",
                     help="how long to wait for a call (default 60)")
    ans.add_argument("--ring", type=float, default=0.0, metavar="S", help="let it ring S seconds first")
    ans.add_argument("--reject", choices=("busy", "decline"), default="",
                     help="reject the call (486 Busy Here or 603 Decline) instead of answering")
    ans.add_argument("--announce", action="store_true",
                     help="print a JSON line with the local ports as soon as a call can come in")
    ans.set_defaults(handler=_answer)


def _account_options(parser: argparse.ArgumentParser) -> None:
    g = parser.add_argument_group("account (defaults: the saved settings)")
    g.add_argument("--registrar", help="host or host:port of the registrar")
    g.add_argument("--user", help="the SIP user (extension)")
    g.add_argument("--auth-user", help="the user name for digest authentication, if different")
    g.add_argument("--display-name")
    g.add_argument("--transport", choices=("udp", "tcp", "tls"))
    g.add_argument("--srtp", choices=("off", "optional", "mandatory"))
    g.add_argument("--outbound-proxy", metavar="HOST[:PORT]")
    g.add_argument("--no-register", action="store_true",
                   help="do not register (call or receive directly by address)")
    g.add_argument("--expires", type=int, metavar="S", help="registration lifetime asked for")
    e = parser.add_argument_group("engine")
    e.add_argument("--sip-port", type=int, default=0, metavar="PORT", help="local SIP port (default: any)")
    e.add_argument("--bind", default="", metavar="ADDRESS",
                   help="local address for SIP and RTP, e.g. 127.0.0.1 (default: all)")
    e.add_argument("--rtp-port", type=int, default=4000, metavar="PORT",
                   help="first local RTP port (default 4000); the next 100 are used as needed")
    e.add_argument("--codecs", default="", metavar="LIST",
                   help="codecs in order of preference, e.g. G722/16000,PCMA/8000")
    e.add_argument("--clock-rate", type=int, default=16000, choices=(8000, 16000, 32000, 48000),
                   help="the audio clock of the engine and the sound devices (default 16000)")
    e.add_argument("--tls-ca", default="", metavar="FILE",
                   help="CA bundle that signs the registrar's certificate")
    e.add_argument("--tls-pin", default=None, metavar="SHA256",
                   help="the registrar's certificate fingerprint: trust it instead of a CA")
    e.add_argument("--stun", default="", metavar="HOST[:PORT]", help="STUN server for the public address")


def _media_options(parser: argparse.ArgumentParser) -> None:
    m = parser.add_argument_group("media")
    m.add_argument("--play", metavar="WAV", help="send this WAV file (looped) instead of silence")
    m.add_argument("--record", metavar="WAV", help="record what the far end sends into this WAV file")
    m.add_argument("--duration", type=float, default=5.0, metavar="S",
                   help="hang up after S seconds of talk (default 5; 0: at once)")
    m.add_argument("--audio", action="store_true",
                   help="use the sound devices (microphone and speaker) through Qt Multimedia")
    m.add_argument("--capture-device", default="", metavar="NAME", help="microphone by name")
    m.add_argument("--playback-device", default="", metavar="NAME", help="speaker or headset by name")


def _headless() -> Any:
    """tandem.sip.headless, imported when a sip command runs, so `tandem --help` stays fast."""
    from tandem.sip import headless

    return headless


def _print(result: dict[str, Any]) -> None:
    print(json.dumps(result, ensure_ascii=False), flush=True)


def _fail(command: str, message: str, status: int) -> int:
    _print({"command": command, "state": "error", "reason": message})
    return status


def _password(user: str) -> str:
    from tandem.config.credentials import headless_password

    return headless_password("sip", user, PASSWORD_ENV) or ""


def _prepare(args: argparse.Namespace) -> tuple[Any, Any]:
    """The account spec and engine options from the settings, overridden by the command line."""
    from tandem.config.paths import Paths
    from tandem.config.settings import SettingsStore
    headless = _headless()
    AccountSpec, EngineOptions = headless.AccountSpec, headless.EngineOptions

    settings = SettingsStore(Paths.from_env().settings_file).load().sip
    user = args.user or settings.user
    values: dict[str, Any] = {
        "registrar": args.registrar or settings.registrar, "user": user,
        "auth_user": args.auth_user if args.auth_user is not None else settings.auth_user,
        "display_name": args.display_name if args.display_name is not None else settings.display_name,
        "transport": args.transport or settings.transport, "srtp": args.srtp or settings.srtp,
        "outbound_proxy": args.outbound_proxy if args.outbound_proxy is not None else settings.outbound_proxy,
        "register": not args.no_register, "stun": bool(args.stun or settings.stun_server),
        "expires": args.expires or settings.register_expiry,
        "tls_pin_sha256": args.tls_pin if args.tls_pin is not None else settings.tls_pin_sha256,
    }
    spec = AccountSpec(**values, password=_password(user))
    stun = args.stun or settings.stun_server
    options = EngineOptions(
        sip_port=args.sip_port or settings.local_port, bind_address=args.bind, rtp_port=args.rtp_port,
        codecs=tuple(c.strip() for c in args.codecs.split(",") if c.strip()) or EngineOptions.codecs,
        clock_rate=args.clock_rate, tls_ca_file=args.tls_ca, stun_servers=(stun,) if stun else (),
        transports=(spec.transport,) if spec.transport != "udp" else ("udp",))
    return spec, options


def _run(command: str, args: argparse.Namespace, body: Any) -> int:
    import asyncio

    from tandem.core.errors import TandemError

    try:
        spec, options = _prepare(args)
    except TandemError as exc:
        return _fail(command, str(exc), EXIT_USAGE)
    try:
        status, result = asyncio.run(body(spec, options))
    except TandemError as exc:
        return _fail(command, str(exc), 1)
    _print(result)
    return int(status)


def _register(args: argparse.Namespace) -> int:
    headless = _headless()

    return _run("register", args, lambda spec, options: headless.register(spec, options, args.timeout))


def _call(args: argparse.Namespace) -> int:
    from tandem.sip.signalling import DTMF_DIGITS

    headless = _headless()

    bad = sorted({d for d in args.dtmf if d not in DTMF_DIGITS})
    if bad:
        return _fail("call", f"--dtmf: {''.join(bad)!r} are not DTMF digits (0-9, *, #, A-D)", EXIT_USAGE)

    return _run("call", args, lambda spec, options: headless.call(
        spec, options, args.uri, play=args.play, record=args.record, duration=args.duration,
        dtmf=args.dtmf, dtmf_method=args.dtmf_method, timeout=args.timeout, audio=args.audio,
        devices=(args.capture_device, args.playback_device)))


def _answer(args: argparse.Namespace) -> int:
    headless = _headless()

    return _run("answer", args, lambda spec, options: headless.answer(
        spec, options, play=args.play, record=args.record, duration=args.duration, wait=args.wait,
        reject=args.reject, ring_s=args.ring, audio=args.audio,
        devices=(args.capture_device, args.playback_device), announce=args.announce))
