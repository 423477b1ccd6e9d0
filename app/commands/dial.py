"""`tandem dial URI`: call a number or tel:/sip:/callto: link through the running Tandem (the desktop
file's URI handler runs this), starting Tandem first when none runs."""

from __future__ import annotations

import argparse

from tandem.commands import CommandRegistry


def register(registry: CommandRegistry) -> None:
    parser = registry.command("dial", "call a number or a tel:/sip:/callto: link with Tandem")
    # Optional: the desktop file runs `tandem dial %u`, which is empty when started from the menu.
    parser.add_argument("dial", nargs="?", metavar="TARGET",
                        help="a number, or a tel:, sip:, sips: or callto: link")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tandem.gui.app import run as run_window

    args.demo = False
    return run_window(args)
