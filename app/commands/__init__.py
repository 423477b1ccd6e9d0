"""Subcommands of `tandem`, one module a feature.

Every module in this package defines `register(registry: CommandRegistry) -> None`. A module adds
top-level commands with `registry.command(...)`, or subcommands of a shared group (`tandem csta …`)
with `registry.group("csta", help).add_parser(...)`, so several features can extend one group.
Each parser sets `handler=` through `set_defaults`: a function taking the parsed `argparse.Namespace`
and returning the exit status. Keep heavy imports inside handlers: `tandem --help` imports every
module here.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
from collections.abc import Callable

Handler = Callable[[argparse.Namespace], int]


class CommandRegistry:
    def __init__(self, subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
        self._subparsers = subparsers
        self._groups: dict[str, argparse._SubParsersAction[argparse.ArgumentParser]] = {}

    def command(self, name: str, help: str, **kwargs: object) -> argparse.ArgumentParser:
        return self._subparsers.add_parser(name, help=help, description=help, **kwargs)  # type: ignore[arg-type]

    def group(self, name: str, help: str) -> argparse._SubParsersAction[argparse.ArgumentParser]:
        """The subcommand group `tandem NAME …`, created on first use."""
        if name not in self._groups:
            parser = self._subparsers.add_parser(name, help=help, description=help)
            parser.set_defaults(handler=_group_usage(parser))
            self._groups[name] = parser.add_subparsers(title="commands", metavar="COMMAND")
        return self._groups[name]


def _group_usage(parser: argparse.ArgumentParser) -> Handler:
    def handler(_args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    return handler


def register_all(registry: CommandRegistry) -> None:
    """Import every command module of this package and let it register its commands."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        module.register(registry)
