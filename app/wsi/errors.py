"""What can go wrong talking to the OSBiz Web Services Interface, each as a sentence a person can act on.

Two sides, as in every sans-IO core here: `WsiUsageError` is Tandem doing something the protocol
does not allow (a bug), every `WsiError` is the PBX or the network refusing or misbehaving.
"""

from __future__ import annotations

from tandem.core.errors import EnvironmentProblem, TandemError


class WsiUsageError(TandemError):
    """Tandem asked the WSI session for something illegal in its state (a bug: please report it)."""


class WsiError(EnvironmentProblem):
    """The PBX or the way to it did not do what Tandem asked."""


class WsiLoginRefused(WsiError):
    """The PBX refused the login. `reason` is its own word for why (e.g. INVALID_PASSWORD)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class WsiSessionExpired(WsiError):
    """The PBX answered NOT_LOGGED_IN: the session id is no longer valid; log in again."""


class WsiCommandFailed(WsiError):
    """The PBX understood the command and refused it. `reason` is its error text or CSTA error code."""

    def __init__(self, message: str, command: str, reason: str) -> None:
        super().__init__(message)
        self.command = command
        self.reason = reason


class WsiMalformedReply(WsiError):
    """The reply is not what the WSI sends (broken XML, wrong root, a missing field, bad JSON)."""

    def __init__(self, message: str, command: str) -> None:
        super().__init__(message)
        self.command = command


class WsiUnreachable(WsiError):
    """No reply at all: connection refused, name unknown, TLS check failed, or a timeout."""
