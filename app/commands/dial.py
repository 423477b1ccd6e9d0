"""`tandem dial URI`: call a number or tel:/sip:/callto: link through the running Tandem (the desktop
file's URI handler runs this), starting Tandem first when none runs."""

from __future__ import annotations

import argparse

from tandem.commands import CommandRegistry


def register(registry: CommandRegistry) -> None:
    parser = registry.command("dial", "call a number or a tel:/sip:/callto: link with Tandem")
    parser.add_argument("target", help="a number, or a tel:, sip:, sips: or callto: link")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tandem.gui.app import run as run_window

    return run_window(args)
