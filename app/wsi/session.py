"""One user's WSI session, sans-IO: which requests to send, with which session id, and what a reply means.

The transport (tandem.net.wsi_client) sends `session.target(request)` and hands the body back to
`session.receive(request, body, parser)`. The session keeps the state a re-login needs: after
NOT_LOGGED_IN it is logged out again, and `resubscribe_requests()` says which EventStart requests
bring the event feed back.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import TypeVar

from tandem.core.ucpresence import UcPresence, UcPresenceStatus
from tandem.wsi.errors import WsiLoginRefused, WsiSessionExpired, WsiUsageError
from tandem.wsi.protocol import DEFAULT_PTIME_FORMAT, LoginResult, WsiRequest, format_return_time, parse_login

R = TypeVar("R")


class SessionState(enum.Enum):
    LOGGED_OUT = "logged out"
    LOGGING_IN = "logging in"
    LOGGED_IN = "logged in"
    CLOSED = "closed"


def explain_login_refusal(user: str, where: str, reason: str) -> str:
    """The PBX's terse reason as advice. Its exact words are not documented, so match loosely."""
    lowered = reason.lower()
    if "pass" in lowered or "pwd" in lowered:
        hint = "wrong UC password?"
    elif "user" in lowered or "unknown" in lowered or "not found" in lowered:
        hint = f"is {user} a UC user on this PBX?"
    elif "licen" in lowered:
        hint = "the user needs a UC Smart or UC Suite licence"
    elif "lock" in lowered or "many" in lowered:
        hint = "too many failed attempts; wait and try again"
    else:
        hint = "check the extension and the UC password"
    return f"{where} refused the WSI login of {user} ({reason}): {hint}"


class WsiSession:
    """The state of one WSI login. `where` names the PBX in messages ("PBX 192.168.1.2:8802")."""

    def __init__(self, user: str, where: str = "the PBX", ptime_format: str = DEFAULT_PTIME_FORMAT) -> None:
        if not user:
            raise WsiUsageError("a WSI session needs the user's extension")
        self.user = user
        self.where = where
        self.ptime_format = ptime_format
        self.state = SessionState.LOGGED_OUT
        self.session_id: str | None = None
        self.login_info: LoginResult | None = None
        self._monitored: list[str] = []
        self.logins = 0  # how many times this session logged in (1 + automatic re-logins)

    # --- login and logout ----------------------------------------------------------------------

    def login_request(self, password: str) -> WsiRequest:
        if self.state is not SessionState.LOGGED_OUT:
            raise WsiUsageError(f"cannot log in while the WSI session is {self.state.value}")
        self.state = SessionState.LOGGING_IN
        return WsiRequest.of("Login", needs_session=False, gsUser=self.user, gsPass=password)

    def receive_login(self, body: str) -> LoginResult:
        if self.state is not SessionState.LOGGING_IN:
            raise WsiUsageError(f"a login reply arrived while the WSI session is {self.state.value}")
        try:
            result = parse_login(body)
        except BaseException:
            self.state = SessionState.LOGGED_OUT
            raise
        if isinstance(result, str):
            self.state = SessionState.LOGGED_OUT
            raise WsiLoginRefused(explain_login_refusal(self.user, self.where, result), result)
        self.state = SessionState.LOGGED_IN
        self.session_id = result.session_id
        self.login_info = result
        self.logins += 1
        return result

    def login_failed(self) -> None:
        """The login request got no reply at all (network): back to logged out."""
        if self.state is SessionState.LOGGING_IN:
            self.state = SessionState.LOGGED_OUT

    def logout_target(self) -> str | None:
        """The Logout to send (None when not logged in); the session is closed from here on."""
        target = self.target(WsiRequest.of("Logout")) if self.state is SessionState.LOGGED_IN else None
        self.state = SessionState.CLOSED
        self.session_id = None
        return target

    # --- sending and receiving -----------------------------------------------------------------

    def target(self, request: WsiRequest) -> str:
        if not request.needs_session:
            return request.target(None)
        if self.state is not SessionState.LOGGED_IN or not self.session_id:
            raise WsiUsageError(f"cannot send {request.command} while the WSI session is {self.state.value}")
        return request.target(self.session_id)

    def receive(self, request: WsiRequest, body: str, parse: Callable[[str], R],
                sent_with: str | None = None) -> R:
        """Parse `body` as the reply to `request`, sent with session id `sent_with` (default: the
        current one); on NOT_LOGGED_IN that session is over."""
        try:
            result = parse(body)
        except WsiSessionExpired:
            self.expired(sent_with)
            raise
        if request.command == "EventStart":
            device = dict(request.params)["deviceObject"]
            if device not in self._monitored:
                self._monitored.append(device)
        return result

    def expired(self, session_id: str | None = None) -> None:
        """Session `session_id` (default: the current one) ended; a newer session is left alone, so a
        late NOT_LOGGED_IN for an old id cannot end the session a concurrent re-login just opened."""
        if session_id is not None and session_id != self.session_id:
            return
        if self.state is SessionState.LOGGED_IN:
            self.state = SessionState.LOGGED_OUT
            self.session_id = None

    @property
    def monitored(self) -> tuple[str, ...]:
        """Devices whose events this session asked for, in order."""
        return tuple(self._monitored)

    def resubscribe_requests(self) -> list[WsiRequest]:
        """EventStart again for every monitored device: a new session starts with no monitors."""
        return [self.event_start(device) for device in self._monitored]

    # --- the commands Tandem uses ------------------------------------------------------------

    def get_presence(self) -> WsiRequest:
        return WsiRequest.of("GetPresenceXML", user=self.user)

    def set_presence(self, presence: UcPresence) -> WsiRequest:
        """SetPresence with the status code and return time, or SetCallMe for CallMe."""
        ptime = format_return_time(presence.until, self.ptime_format) if presence.until else ""
        if presence.status is UcPresenceStatus.CALL_ME:
            return WsiRequest.of("SetCallMe", user=self.user, destination=presence.call_me_number,
                                 ptime=ptime)
        assert presence.status.code is not None
        return WsiRequest.of("SetPresence", user=self.user, presence=str(presence.status.code), ptime=ptime)

    def journal_read(self, count: int, kind: str = "") -> WsiRequest:
        if count <= 0:
            raise WsiUsageError(f"JournalRead needs a positive count, not {count}")
        params = [("user", self.user), ("count", str(count))]
        if kind:
            params.append(("type", kind))
        return WsiRequest("JournalRead", tuple(params))

    def make_call(self, calling: str, called: str) -> WsiRequest:
        return WsiRequest.of("MakeCall", callingDevice=calling, calledDirectoryNumber=called)

    def event_start(self, device: str) -> WsiRequest:
        return WsiRequest.of("EventStart", deviceObject=device)

    def get_events(self) -> WsiRequest:
        return WsiRequest.of("GetEvents")
