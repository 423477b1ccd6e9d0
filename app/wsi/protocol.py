"""The wire format of the OSBiz WSI: requests as `/cgi-bin/gadgetapi?cmd=…` targets, replies parsed safely.

Replies come from the network, so XML goes through defusedxml (no entities, no external
references), bodies are size-limited, and every parse failure names the command and what was
wrong. Only the format facts live here; what a session may send when is in `session.py`.

Where docs/wsi.md says OPEN, Tandem and its simulator use these shapes until a capture says
otherwise (each is parsed leniently and kept in one place):
- SetPresence `ptime` is `YYYY-MM-DD HH:MM` (DEFAULT_PTIME_FORMAT; the client takes another pattern);
  SetCallMe takes `user`, `destination`, `ptime`.
- GetPresenceXML: `<GetPresenceXML><USER><ID/><NAME/><STATUS>code or CallMe</STATUS><PTIME/>
  <CALLME>number</CALLME></USER>…</GetPresenceXML>`.
- GetEvents: call events carry `deviceID` (the device whose connection changed), `callID`,
  `callingDevice`, `calledDevice`, `cause`; PresenceEvent carries `user`, `presence`, `ptime`,
  `callMe`. Whether the PBX holds the request is handled either way by the client's poll loop.
- JournalRead: see tandem.wsi.journal.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar
from urllib.parse import quote, urlencode
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from tandem.core.ucpresence import UcPresence, UcPresenceStatus
from tandem.wsi.errors import WsiCommandFailed, WsiMalformedReply, WsiSessionExpired

PATH = "/cgi-bin/gadgetapi"
NOT_LOGGED_IN = "NOT_LOGGED_IN"
# Hardening limits: a presence list of a large office or a journal of 1000 calls is well below these.
MAX_REPLY_BYTES = 4 * 1024 * 1024
MAX_ITEMS = 10_000
# The return-time format SetPresence takes is OPEN in the docs: this is the default, the client
# takes another strftime pattern, and the parser accepts it and every ISO 8601 form.
DEFAULT_PTIME_FORMAT = "%Y-%m-%d %H:%M"

T = TypeVar("T")


@dataclass(frozen=True)
class WsiRequest:
    """One command and its query parameters, without the session id (added when it is sent).

    Kept separate from the session so a request can be sent again after an automatic re-login.
    """

    command: str
    params: tuple[tuple[str, str], ...] = ()
    needs_session: bool = True

    @classmethod
    def of(cls, command: str, needs_session: bool = True, **params: str) -> WsiRequest:
        return cls(command, tuple(params.items()), needs_session)

    def target(self, session_id: str | None) -> str:
        """The path and query to GET. `#` and `*` are percent-encoded, as the WSI requires."""
        pairs = [("cmd", self.command), *self.params]
        if self.needs_session:
            if not session_id:
                raise ValueError(f"{self.command} needs a session id")
            pairs.append(("gsSession", session_id))
        return f"{PATH}?{urlencode(pairs, quote_via=quote, safe='')}"

    def describe(self) -> str:
        """The request for logs and messages: the password never appears."""
        shown = ", ".join(f"{k}={'***' if k == 'gsPass' else v}" for k, v in self.params)
        return f"{self.command}({shown})"


@dataclass(frozen=True)
class LoginResult:
    session_id: str
    application: str = ""  # UCSUITE or UCSMART
    version: str = ""


@dataclass(frozen=True)
class ColleaguePresence:
    """One row of GetPresenceXML: a user the PBX reports presence for."""

    user: str
    name: str
    presence: UcPresence


# --- parsing helpers -------------------------------------------------------------------------------

def _check_size(command: str, body: str) -> None:
    if len(body) > MAX_REPLY_BYTES:
        raise WsiMalformedReply(f"the PBX's reply to {command} is {len(body)} bytes long, more than the "
                                f"{MAX_REPLY_BYTES} Tandem accepts; is this really an OSBiz WSI?", command)


def _snippet(body: str) -> str:
    text = " ".join(body.split())
    return repr(text if len(text) <= 60 else text[:57] + "...")


def parse_xml(command: str, body: str, root_name: str | None = None) -> Element:
    """The reply's root element, after checking for an expired session and for an error reply.

    `root_name` is the expected root (default: the command's name, compared without case).
    """
    _check_size(command, body)
    stripped = body.strip()
    if stripped == NOT_LOGGED_IN:
        raise WsiSessionExpired(f"the WSI session ended before {command} (the PBX said {NOT_LOGGED_IN})")
    if not stripped:
        raise WsiMalformedReply(f"the PBX sent an empty reply to {command}", command)
    try:
        root: Element = SafeET.fromstring(stripped)
    except DefusedXmlException as exc:
        raise WsiMalformedReply(f"the PBX's reply to {command} uses XML features Tandem refuses for safety "
                                f"({type(exc).__name__})", command) from None
    except ParseError as exc:
        line, column = exc.position
        raise WsiMalformedReply(f"the PBX's reply to {command} is not well-formed XML (line {line}, "
                                f"column {column + 1}): {_snippet(stripped)}", command) from None
    _raise_for_error(command, root)
    expected = (root_name or command).lower()
    if root.tag.lower() != expected:
        raise WsiMalformedReply(f"the PBX answered {command} with <{root.tag}> instead of "
                                f"<{root_name or command}>", command)
    return root


def _error_reason(root: Element) -> Element | None:
    """Where an error reply keeps its reason: `<ERROR><REASON>`, `<ERROR>text`, or the same inside
    the command's element. A Login reply's ERROR is its refusal reason, read by parse_login."""
    tag = root.tag.upper()
    if tag == "ERROR":
        return root.find("REASON") if root.find("REASON") is not None else root
    if tag == "LOGIN":
        return None
    error = root.find("ERROR")
    if error is None:
        return None
    return error.find("REASON") if error.find("REASON") is not None else error


def _raise_for_error(command: str, root: Element) -> None:
    csta = root.find(".//CSTAErrorCode")
    reason_el = _error_reason(root)
    if reason_el is not None:
        reason = (reason_el.text or "").strip() or "no reason given"
        if reason == NOT_LOGGED_IN:
            raise WsiSessionExpired(f"the WSI session ended before {command} (the PBX said {NOT_LOGGED_IN})")
        raise WsiCommandFailed(f"the PBX refused {command}: {reason}", command, reason)
    if csta is not None:
        code = "".join(csta.itertext()).strip() or "unknown"
        raise WsiCommandFailed(f"the PBX refused {command} with CSTA error {code}", command, code)


def child_text(command: str, element: Element, name: str, required: bool = True) -> str:
    found = element.find(name)
    if found is None:
        if required:
            raise WsiMalformedReply(f"the PBX's reply to {command} has no <{name}> in <{element.tag}>",
                                    command)
        return ""
    return (found.text or "").strip()


def limit_items(command: str, items: list[T]) -> list[T]:
    """`items` unless there are more than MAX_ITEMS of them (a hardening limit, not a WSI rule)."""
    if len(items) > MAX_ITEMS:
        raise WsiMalformedReply(f"the PBX's reply to {command} lists {len(items)} items, more than the "
                                f"{MAX_ITEMS} Tandem accepts", command)
    return items


# --- return times ------------------------------------------------------------------------------

def format_return_time(until: datetime, ptime_format: str = DEFAULT_PTIME_FORMAT) -> str:
    return until.strftime(ptime_format)


def parse_return_time(command: str, text: str, ptime_format: str = DEFAULT_PTIME_FORMAT) -> datetime | None:
    """A return time as the PBX writes it; empty means none."""
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.strptime(text, ptime_format)
    except ValueError:
        pass
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise WsiMalformedReply(f"the PBX's reply to {command} has a return time Tandem cannot read: "
                                f"{text!r}", command) from None
    # The wire has PBX wall-clock times; an offset, if a PBX sends one, says nothing about the wall clock.
    return parsed.replace(tzinfo=None)


def parse_status(command: str, text: str) -> UcPresenceStatus:
    try:
        return UcPresenceStatus.from_name(text)
    except ValueError:
        raise WsiMalformedReply(f"the PBX's reply to {command} has an unknown presence status {text!r}",
                                command) from None


def presence_from_wire(command: str, status_text: str, ptime_text: str, call_me_number: str = "",
                       ptime_format: str = DEFAULT_PTIME_FORMAT) -> UcPresence:
    status = parse_status(command, status_text)
    until = parse_return_time(command, ptime_text, ptime_format)
    if status is UcPresenceStatus.OFFICE:
        until = None  # an Office row with a stale return time is still plain Office
    return UcPresence(status, until, call_me_number if status is UcPresenceStatus.CALL_ME else "")


# --- replies -------------------------------------------------------------------------------------

def parse_login(body: str) -> LoginResult | str:
    """The session on success, else the PBX's reason for refusing (ID 0, reason in LOGIN/ERROR)."""
    root = parse_xml("Login", body, "LOGIN")
    session_id = child_text("Login", root, "ID")
    if session_id in ("", "0"):
        return child_text("Login", root, "ERROR", required=False) or "no reason given"
    las = root.find("LASVERSION")
    application = version = ""
    if las is not None:
        application = child_text("Login", las, "APPLICATION", required=False)
        version = child_text("Login", las, "VERSION", required=False)
    return LoginResult(session_id, application, version)


def parse_ack(command: str, body: str) -> None:
    """A reply that only says "done": `<Command/>` (anything inside is ignored)."""
    parse_xml(command, body)


def parse_presence_list(body: str, ptime_format: str = DEFAULT_PTIME_FORMAT) -> list[ColleaguePresence]:
    """GetPresenceXML: `<GetPresenceXML><USER><ID/><NAME/><STATUS/><PTIME/><CALLME/></USER>…`."""
    command = "GetPresenceXML"
    root = parse_xml(command, body)
    rows = []
    for user in limit_items(command, root.findall("USER")):
        rows.append(ColleaguePresence(
            user=child_text(command, user, "ID"),
            name=child_text(command, user, "NAME", required=False),
            presence=presence_from_wire(command, child_text(command, user, "STATUS"),
                                        child_text(command, user, "PTIME", required=False),
                                        child_text(command, user, "CALLME", required=False), ptime_format),
        ))
    return rows


def parse_json_object(command: str, body: str) -> dict[str, object]:
    """A JSON reply (GetEvents); an expired session may still answer in XML or plain text."""
    _check_size(command, body)
    stripped = body.strip()
    if stripped.startswith("<") or stripped == NOT_LOGGED_IN:
        parse_xml(command, stripped)  # raises for NOT_LOGGED_IN and error replies
        raise WsiMalformedReply(f"the PBX answered {command} in XML where Tandem expects JSON", command)
    try:
        document = json.loads(stripped)
    except json.JSONDecodeError as exc:
        raise WsiMalformedReply(f"the PBX's reply to {command} is not valid JSON (line {exc.lineno}, "
                                f"column {exc.colno}: {exc.msg}): {_snippet(stripped)}", command) from None
    if not isinstance(document, dict):
        raise WsiMalformedReply(f"the PBX's reply to {command} is JSON but not an object", command)
    error = document.get("error")
    if error is not None:
        if error == NOT_LOGGED_IN:
            raise WsiSessionExpired(f"the WSI session ended before {command} (the PBX said {NOT_LOGGED_IN})")
        raise WsiCommandFailed(f"the PBX refused {command}: {error}", command, str(error))
    return document


def parse_call_id(body: str) -> str:
    """MakeCall (synchronous): `<MakeCall><CALLID>…</CALLID></MakeCall>`; the id may be missing."""
    return child_text("MakeCall", parse_xml("MakeCall", body), "CALLID", required=False).lower()
