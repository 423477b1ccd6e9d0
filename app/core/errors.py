"""The two kinds of failure Tandem tells apart: the environment's (tell the user) and our own bugs."""

from __future__ import annotations


class TandemError(Exception):
    """Base of every error Tandem raises on purpose. `str(err)` is a sentence a person can act on."""


class EnvironmentProblem(TandemError):
    """Something outside Tandem is wrong or missing: a PBX down, a disk full, a wrong password."""


class ConfigurationError(EnvironmentProblem):
    """A setting is missing or invalid. `key` names it as a dotted path (e.g. `csta.port`)."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key
