"""`tandem cdr …`: the CDR collector and CDR file import.

`tandem cdr fetch` downloads the PBX's call data once (get → commit → delete), `tandem cdr collect
--interval 300` keeps doing so (the headless collector of an office: only ONE may run per PBX,
because it deletes the file), `tandem cdr import FILE…` imports files by hand, and `tandem cdr
trust` shows the PBX certificate's fingerprint and pins it on request. The WBM password comes from
the keyring, or from TANDEM_CDR_PASSWORD for headless and test use.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tandem.commands import CommandRegistry

if TYPE_CHECKING:
    from tandem.config.paths import Paths
    from tandem.config.settings import Settings
    from tandem.net.cdr_collector import CdrEndpoint

PASSWORD_ENV = "TANDEM_CDR_PASSWORD"  # noqa: S105 - the variable's name, not a password


def register(registry: CommandRegistry) -> None:
    group = registry.group("cdr", "call data records: download from the PBX, import files")
    fetch = group.add_parser("fetch", help="download the PBX's call data once, then delete it there",
                             description="Download the PBX's call data once; delete it on the PBX "
                                         "only after it is committed to the journal.")
    _connection_options(fetch)
    fetch.set_defaults(handler=run_fetch)

    collect = group.add_parser("collect", help="keep downloading the PBX's call data (headless collector)",
                               description="Download the PBX's call data every --interval seconds "
                                           "until stopped. Run only one collector per PBX.")
    _connection_options(collect)
    collect.add_argument("--interval", type=float, metavar="SECONDS",
                         help="seconds between downloads (default: cdr.interval_seconds)")
    collect.set_defaults(handler=run_collect)

    imp = group.add_parser("import", help="import CDR files (OSBiz or HiPath format) into the journal",
                           description="Import CDR files; lines already in the journal are skipped.")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp.add_argument("--extra-number", choices=("auto", "on", "off"), default="auto",
                     help="whether the PBX writes the extra LCR/dialled number field (default: auto)")
    imp.set_defaults(handler=run_import)

    trust = group.add_parser("trust", help="show the PBX certificate's fingerprint; --pin saves it",
                             description="Show the fingerprint of the PBX's HTTPS certificate. With "
                                         "--pin it is saved as cdr.tls_pin_sha256 (trust on first use).")
    trust.add_argument("--host", help="the PBX (default: cdr.host)")
    trust.add_argument("--port", type=int, help="the WBM HTTPS port (default: cdr.port)")
    trust.add_argument("--pin", action="store_true", help="pin the fingerprint shown")
    trust.set_defaults(handler=run_trust)


def _connection_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", help="the PBX (default: cdr.host)")
    parser.add_argument("--port", type=int, help="the WBM HTTPS port (default: cdr.port)")
    parser.add_argument("--user", help="the WBM user (default: cdr.user)")
    parser.add_argument("--pin", metavar="SHA256", help="trust the PBX certificate with this fingerprint")
    parser.add_argument("--cafile", type=Path, help="trust certificates issued by this CA file")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for each reply")
    parser.add_argument("--retries", type=int, default=3, help="attempts after the first (default 3)")


def _endpoint(args: argparse.Namespace, settings: Settings) -> CdrEndpoint:
    from tandem.core.errors import ConfigurationError
    from tandem.net.cdr_collector import CdrEndpoint

    cdr = settings.cdr
    host = args.host or cdr.host
    user = args.user or cdr.user
    if not host:
        raise ConfigurationError("no PBX address: give --host or set cdr.host in the settings", "cdr.host")
    if not user:
        raise ConfigurationError("no WBM user: give --user or set cdr.user in the settings", "cdr.user")
    return CdrEndpoint(host=host, user=user, password=_password(user), port=args.port or cdr.port,
                       pin_sha256=args.pin if args.pin is not None else cdr.tls_pin_sha256,
                       cafile=args.cafile, timeout=args.timeout, retries=args.retries)


def _password(user: str) -> str:
    from tandem.config.credentials import headless_password
    from tandem.core.errors import ConfigurationError

    stored = headless_password("cdr", user, PASSWORD_ENV)
    if not stored:
        raise ConfigurationError(f"no WBM password for {user} in the keyring: save it in Tandem's "
                                 f"settings, or set {PASSWORD_ENV} for a headless run")
    return stored


def _spool(paths: Paths) -> Path:
    return paths.data_dir / "cdr-spool"


def run_fetch(args: argparse.Namespace) -> int:
    return _run_collector(args, interval=None)


def run_collect(args: argparse.Namespace) -> int:
    return _run_collector(args, interval=args.interval)


def _run_collector(args: argparse.Namespace, interval: float | None) -> int:
    from tandem.commands.journal import load_settings, open_store, pbx_timezone
    from tandem.core.errors import TandemError
    from tandem.net.cdr_collector import CdrCollector, CdrCredentialsRejected, FetchResult

    settings, paths = load_settings()
    try:
        endpoint = _endpoint(args, settings)
        store = open_store(settings, paths)
    except TandemError as exc:
        print(f"tandem cdr: {exc}", file=sys.stderr)
        return 1
    try:
        collector = CdrCollector(endpoint, store, _spool(paths), tz=pbx_timezone(settings))
    except TandemError as exc:  # e.g. a --pin that is not a fingerprint
        store.close()
        print(f"tandem cdr: {exc}", file=sys.stderr)
        return 1

    def show(outcome: FetchResult | Exception) -> None:
        if isinstance(outcome, Exception):
            print(f"tandem cdr: {outcome} (trying again next interval)", file=sys.stderr, flush=True)
        else:
            print(outcome.summary(), flush=True)

    try:
        if interval is None:
            show(asyncio.run(collector.fetch_once()))
            return 0
        every = interval if interval is not None and interval > 0 else settings.cdr.interval_seconds
        print(f"collecting call data from {endpoint.where} every {every:g} s (Ctrl+C stops)", flush=True)
        asyncio.run(collector.collect(every, asyncio.Event(), show))
        return 0
    except CdrCredentialsRejected as exc:
        print(f"tandem cdr: {exc}", file=sys.stderr)
        return 1
    except TandemError as exc:
        print(f"tandem cdr: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()


def run_import(args: argparse.Namespace) -> int:
    from tandem.commands.journal import load_settings, open_store, pbx_timezone
    from tandem.core.errors import TandemError
    from tandem.journal.importer import import_file

    settings, paths = load_settings()
    extra = {"auto": None, "on": True, "off": False}[args.extra_number]
    status = 0
    try:
        store = open_store(settings, paths)
    except TandemError as exc:
        print(f"tandem cdr import: {exc}", file=sys.stderr)
        return 1
    try:
        for path in args.files:
            try:
                report = import_file(store, path, tz=pbx_timezone(settings), extra_number=extra)
            except OSError as exc:
                print(f"tandem cdr import: cannot read {path}: {exc.strerror}", file=sys.stderr)
                status = 1
                continue
            print(report.summary())
            for rejected in report.rejected:
                print(f"  rejected: {rejected}", file=sys.stderr)
            if report.rejected:
                status = 1
    finally:
        store.close()
    return status


def run_trust(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from tandem.commands.journal import load_settings
    from tandem.config.settings import SettingsStore
    from tandem.core.errors import TandemError
    from tandem.net.tls import fetch_certificate

    settings, paths = load_settings()
    host = args.host or settings.cdr.host
    port = args.port or settings.cdr.port
    if not host:
        print("tandem cdr trust: no PBX address: give --host or set cdr.host", file=sys.stderr)
        return 1
    try:
        cert = asyncio.run(fetch_certificate(host, port))
    except TandemError as exc:
        print(f"tandem cdr trust: {exc}", file=sys.stderr)
        return 1
    print(cert.describe())
    if not args.pin:
        print("Compare the fingerprint with the one the PBX shows (WBM, or its administrator); "
              "`tandem cdr trust --pin` then pins it.")
        return 0
    store = SettingsStore(paths.settings_file)
    store.save(replace(store.load_or_defaults()[0],
                       cdr=replace(settings.cdr, host=host, port=port, tls_pin_sha256=cert.sha256)))
    print(f"pinned in {paths.settings_file} (cdr.tls_pin_sha256)")
    return 0
