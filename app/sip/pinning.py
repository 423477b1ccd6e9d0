"""TLS certificate pinning for registrars with a self-signed certificate (typical of an OSBiz).

pjsip can only verify a certificate against a CA file. When the user pinned the registrar's
certificate instead (its SHA-256 fingerprint, from the settings), Tandem first connects itself,
compares the certificate the registrar presents with the pin, and only then lets pjsip register,
over a TLS transport that skips CA verification. A mismatch leaves the account unregistered with
a reason that says so; nothing is sent to that server.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import ssl

DEFAULT_TLS_PORT = 5061


def normalise_fingerprint(value: str) -> str:
    """`AB:CD:…` or `abcd…` as 64 lower-case hex digits; empty stays empty."""
    return re.sub(r"[^0-9a-f]", "", value.lower())


def pretty(fingerprint: str) -> str:
    return ":".join(fingerprint[i:i + 2] for i in range(0, len(fingerprint), 2)).upper()


def split_host_port(registrar: str, default_port: int = DEFAULT_TLS_PORT) -> tuple[str, int]:
    """`host`, `host:port`, `[v6]` or `[v6]:port` as (host, port)."""
    if registrar.startswith("["):
        host, _, rest = registrar[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
        return host, int(port) if port.isdigit() and port.isascii() else default_port
    host, sep, port = registrar.rpartition(":")
    if sep and port.isdigit() and port.isascii() and ":" not in host:
        return host, int(port)
    return registrar, default_port


async def presented_fingerprint(host: str, port: int, timeout: float = 10.0) -> str:
    """The SHA-256 fingerprint of the certificate the server at host:port presents."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    # We check the certificate ourselves, against the pin, right below.
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    _reader, writer = await asyncio.wait_for(
        asyncio.open_connection(host, port, ssl=context, server_hostname=host), timeout)
    try:
        ssl_object = writer.get_extra_info("ssl_object")
        der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
    finally:
        writer.close()
        try:
            await asyncio.wait_for(writer.wait_closed(), 2.0)
        except (OSError, ssl.SSLError, TimeoutError):
            pass
    if not der:
        raise ssl.SSLError("the server presented no certificate")
    return hashlib.sha256(der).hexdigest()


async def check_pin(registrar: str, pin: str) -> str | None:
    """None when the registrar presents the pinned certificate, else why not (a sentence)."""
    host, port = split_host_port(registrar)
    try:
        found = await presented_fingerprint(host, port)
    except (OSError, ssl.SSLError, TimeoutError) as exc:
        return f"TLS failure: could not check the registrar's certificate at {host}:{port} ({exc})"
    if found != normalise_fingerprint(pin):
        return (f"TLS failure: the registrar's certificate (SHA-256 {pretty(found)}) is not the pinned "
                "one; if the PBX got a new certificate, pin the new fingerprint")
    return None
