"""Pure helpers on SIP text: caller identity, the Reason header, and status codes put into words.

No pjsua2 here: the engine hands in the raw message text pjsip received, so all of this is tested
with plain strings.
"""

from __future__ import annotations

import re

from tandem.sip.events import Party

DTMF_DIGITS = frozenset("0123456789*#ABCDabcd")

# Compact header forms (RFC 3261 §7.3.3) that matter here: f = From.
_HEADER_ALIASES = {"f": "from"}
_NAME_ADDR = re.compile(r'^\s*(?:"((?:[^"\\]|\\.)*)"|([^<"]*?))\s*<([^>]*)>')


def header_values(message: str, name: str) -> list[str]:
    """Every value of header `name` (case-insensitive, compact forms and folded lines understood)."""
    head = message.split("\r\n\r\n", 1)[0].split("\n\n", 1)[0]
    lines: list[str] = []
    for line in re.split(r"\r?\n", head)[1:]:
        if line[:1] in (" ", "\t") and lines:
            lines[-1] += " " + line.strip()
        else:
            lines.append(line)
    wanted = name.lower()
    values: list[str] = []
    for line in lines:
        key, sep, value = line.partition(":")
        if not sep:
            continue
        key = key.strip().lower()
        if _HEADER_ALIASES.get(key, key) == wanted:
            values.append(value.strip())
    return values


def parse_name_addr(value: str, source: str) -> Party | None:
    """`"Alice" <sip:201@pbx>;tag=x` or `sip:201@pbx;tag=x` as a Party; None when it holds no URI."""
    match = _NAME_ADDR.match(value)
    if match:
        quoted, bare, uri = match.groups()
        name = quoted.replace('\\"', '"') if quoted is not None else (bare or "").strip()
        return Party(uri=uri.strip(), display_name=name, source=source) if uri.strip() else None
    uri = value.split(";", 1)[0].strip()
    if not uri or ":" not in uri:
        return None
    return Party(uri=uri, display_name="", source=source)


def caller_identity(message: str) -> Party:
    """Who is calling: P-Asserted-Identity (trusted network), else Remote-Party-ID, else From."""
    for header in ("P-Asserted-Identity", "Remote-Party-ID", "From"):
        for value in header_values(message, header):
            # P-Asserted-Identity may list a sip: and a tel: identity separated by commas.
            for part in _split_commas(value):
                party = parse_name_addr(part, header)
                if party is not None:
                    return party
    return Party(uri="", display_name="", source="From")


def _split_commas(value: str) -> list[str]:
    parts, depth, quoted, current = [], 0, False, ""
    for ch in value:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch == "<":
            depth += 1
        elif not quoted and ch == ">":
            depth -= 1
        if ch == "," and depth == 0 and not quoted:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def reason_header(message: str) -> str:
    """The Reason header(s) of a message (RFC 3326), joined; empty when there is none."""
    return ", ".join(header_values(message, "Reason"))


def reason_text(reason: str) -> str:
    """The human part of a Reason header: its text="…" parameter, else the cause/protocol."""
    match = re.search(r'text\s*=\s*"((?:[^"\\]|\\.)*)"', reason)
    if match:
        return match.group(1)
    return reason


# pjlib status codes that show up as "codes" in registration and call results.
_PJ_TIMEOUT = (70004, 70005, 120110, 171060)  # PJ_ETIMEDOUT, PJSIP_TSX_TIMEOUT …


def registration_reason(code: int, phrase: str, status_text: str = "") -> str:
    """A registration result as a sentence a person can act on."""
    text = f"{phrase} {status_text}".lower()
    if code == 200:
        return "registered"
    if code in (401, 407):
        return "wrong password: the registrar rejected the credentials"
    if code == 403:
        return "the registrar refused this account (wrong password or user not allowed to register)"
    if code == 404:
        return "unknown user: the registrar does not know this user name"
    if "resolve" in text or "dns" in text or "getaddrinfo" in text or "nodename" in text:
        return "DNS lookup failed: the registrar's host name could not be found"
    if "tls" in text or "ssl" in text or "certificate" in text:
        return f"TLS failure talking to the registrar ({phrase or status_text})"
    if code == 408 or "timed out" in text or "timeout" in text:
        return "no answer from the registrar (timeout): is it reachable?"
    if "refused" in text:
        return "the registrar refused the connection: wrong port or transport?"
    if code == 503:
        return f"the registrar is not reachable ({phrase or status_text})"
    if code == 0 and not phrase:
        return "not registered"
    return f"registration failed: {code} {phrase}".strip()


def call_failure_reason(code: int, phrase: str, sip_reason: str = "") -> str:
    """Why a call ended, in words, preferring the peer's Reason header when it sent one."""
    if sip_reason:
        return reason_text(sip_reason)
    known = {
        200: "call ended",
        404: "number not found",
        408: "no answer",
        480: "not available",
        486: "busy",
        487: "call cancelled",
        488: "no common codec or security setting",
        503: "the service is not available",
        603: "call declined",
    }
    return known.get(code, phrase or f"SIP {code}")
