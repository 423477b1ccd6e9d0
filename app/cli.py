"""The `tandem` command: the window by default, and the headless subcommands of every feature."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from tandem import __version__
from tandem.commands import CommandRegistry, register_all
from tandem.config.logs import setup_logging
from tandem.config.paths import Paths

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tandem",
        description="Tandem: softphone and CTI client for Unify OpenScape Business. "
        "Without a command it opens the Tandem window.",
    )
    parser.add_argument("--version", action="version", version=f"tandem {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="more detail on the console and in the log (-vv for debug)")
    parser.add_argument("--demo", action="store_true",
                        help="start a simulated OpenScape Business office and connect to it (a throw-away "
                             "profile: your settings and keyring are not touched)")
    parser.add_argument("--self-test", action="store_true",
                        help="check that every part of this installation works (same as `tandem self-test`)")
    parser.add_argument("--scenario", metavar="FILE",
                        help="with --demo: replay this scripted office day instead of the random one "
                             "(see resources/scenarios/)")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    register_all(CommandRegistry(subparsers))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    paths = Paths.from_env()
    setup_logging(paths, verbosity=args.verbose,
                  file_level=logging.DEBUG if args.verbose >= 2 else logging.INFO)
    handler = getattr(args, "handler", None)
    if args.self_test and handler is None:
        from tandem.commands import selftest

        args.json = False
        handler = selftest.run
    try:
        if handler is None:
            return _run_window(args)
        return int(handler(args))
    except KeyboardInterrupt:
        return 130


def _run_window(args: argparse.Namespace) -> int:
    if args.scenario and not args.demo:
        print("tandem: --scenario goes with --demo", file=sys.stderr)
        return 2
    from tandem.gui.app import run

    return int(run(args))
