"""Client TLS for every HTTPS connection Tandem makes (CDR collector, WSI client): the one place
that decides how a server certificate is trusted.

Two policies, never a third:

* **verified** (the default): the server certificate must chain to a trusted CA (the system store,
  or `cafile` when given) and match the host name;
* **pinned**: the SHA-256 fingerprint of the server's certificate must equal the pinned one. Only in
  this case is the CA chain not checked, because the pin is a stronger statement than the chain:
  it is how a user trusts the self-signed certificate most PBXs carry ("trust on first use":
  `fetch_certificate()` shows the fingerprint, the user accepts it, the settings keep it).

There is deliberately no "verify off" switch. Usage with aiohttp::

    trust = client_tls(settings.cdr.tls_pin_sha256)
    async with session.get(url, ssl=trust) as response: ...
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import ssl
from dataclasses import dataclass
from datetime import datetime
from os import PathLike

import aiohttp

from tandem.core.errors import ConfigurationError, EnvironmentProblem

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_SEPARATORS = re.compile(r"[\s:\-]")

ClientTrust = ssl.SSLContext | aiohttp.Fingerprint
"""What aiohttp's `ssl=` argument gets: a verifying context, or a pinned fingerprint."""


def normalise_fingerprint(text: str) -> str:
    """A SHA-256 fingerprint as 64 lower-case hex digits.

    Accepts what people paste: upper or lower case, with colons (`AB:CD:…`, as browsers and
    `openssl x509 -fingerprint` print it), spaces or dashes, and an optional `sha256:` or
    `SHA256 Fingerprint=` prefix. Raises ConfigurationError for anything that is not 32 bytes of hex.
    """
    value = text.strip()
    if "=" in value:
        value = value.rsplit("=", 1)[1]
    if value.lower().startswith("sha256:") or value.lower().startswith("sha-256:"):
        value = value.split(":", 1)[1]
    value = _SEPARATORS.sub("", value).lower()
    if not _HEX64.match(value):
        raise ConfigurationError(
            f"{text.strip()!r} is not a SHA-256 certificate fingerprint: expected 64 hex digits "
            "(colons allowed), as shown by `openssl x509 -noout -fingerprint -sha256`"
        )
    return value


def display_fingerprint(fingerprint: str) -> str:
    """The fingerprint as people compare it by eye: upper case, colon-separated byte pairs."""
    value = normalise_fingerprint(fingerprint)
    return ":".join(value[i : i + 2] for i in range(0, 64, 2)).upper()


def fingerprint_of(der_certificate: bytes) -> str:
    """The normalised SHA-256 fingerprint of a DER-encoded certificate."""
    return hashlib.sha256(der_certificate).hexdigest()


def client_tls(pin_sha256: str = "", *, cafile: str | PathLike[str] | None = None) -> ClientTrust:
    """The `ssl=` argument for an aiohttp request to a server.

    With an empty `pin_sha256` the certificate is verified against the system's CAs (or only
    `cafile`, when given) including the host name. With a pin, the certificate must have exactly
    that SHA-256 fingerprint; the chain is then not checked (aiohttp does the comparison after the
    handshake and raises `aiohttp.ServerFingerprintMismatch` on a different certificate).
    """
    if pin_sha256.strip():
        return aiohttp.Fingerprint(bytes.fromhex(normalise_fingerprint(pin_sha256)))
    context = ssl.create_default_context(cafile=None if cafile is None else str(cafile))
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


@dataclass(frozen=True)
class PeerCertificate:
    """What a user needs to decide whether to trust a server's certificate on first use."""

    host: str
    port: int
    sha256: str  # normalised: 64 lower-case hex digits
    subject: str
    issuer: str
    not_valid_after: datetime | None
    self_signed: bool

    def describe(self) -> str:
        """Several lines for a terminal or a dialog: who the certificate names and its fingerprint."""
        expiry = self.not_valid_after.strftime("%Y-%m-%d") if self.not_valid_after else "unknown"
        kind = "self-signed" if self.self_signed else f"issued by {self.issuer}"
        return (
            f"Certificate of {self.host}:{self.port}\n"
            f"  subject: {self.subject} ({kind})\n"
            f"  valid until: {expiry}\n"
            f"  SHA-256 fingerprint: {display_fingerprint(self.sha256)}"
        )


async def fetch_certificate(host: str, port: int, *, timeout: float = 10.0) -> PeerCertificate:
    """Connect once to `host:port`, read the server's certificate, and hang up.

    This is the first step of trust on first use: nothing is sent to the server and nothing is
    trusted here; the caller shows `describe()` to the user and pins `sha256` if they agree.
    Raises EnvironmentProblem when the server cannot be reached or does not speak TLS.
    """
    # Reading a certificate we have not decided to trust yet is exactly what an unverified
    # handshake is for; no application data goes over this connection.
    probe = ssl.create_default_context()
    probe.check_hostname = False
    probe.verify_mode = ssl.CERT_NONE
    try:
        _reader, writer = await asyncio.wait_for(
            asyncio.open_connection(host, port, ssl=probe, server_hostname=host or None), timeout
        )
    except (OSError, asyncio.TimeoutError, ssl.SSLError) as exc:
        reason = "no answer" if isinstance(exc, asyncio.TimeoutError) else str(exc) or type(exc).__name__
        raise EnvironmentProblem(
            f"could not read the TLS certificate of {host}:{port} ({reason}): is the host name and "
            "port right, and does it serve HTTPS?"
        ) from exc
    try:
        ssl_object = writer.get_extra_info("ssl_object")
        der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
    finally:
        writer.close()
        try:
            await asyncio.wait_for(writer.wait_closed(), timeout)
        except (OSError, asyncio.TimeoutError, ssl.SSLError):
            pass  # the certificate is already read; a rough close does not matter
    if not der:
        raise EnvironmentProblem(f"{host}:{port} sent no TLS certificate")
    return _describe_certificate(host, port, der)


def _describe_certificate(host: str, port: int, der: bytes) -> PeerCertificate:
    from cryptography import x509

    try:
        cert = x509.load_der_x509_certificate(der)
        subject = cert.subject.rfc4514_string() or "(empty subject)"
        issuer = cert.issuer.rfc4514_string() or "(empty issuer)"
        not_after: datetime | None = cert.not_valid_after_utc
    except ValueError:
        subject = issuer = "(unreadable certificate)"
        not_after = None
    return PeerCertificate(
        host=host,
        port=port,
        sha256=fingerprint_of(der),
        subject=subject,
        issuer=issuer,
        not_valid_after=not_after,
        self_signed=subject == issuer,
    )


def explain_tls_failure(exc: BaseException, host: str, port: int) -> str | None:
    """A sentence a person can act on for a TLS trust failure from aiohttp, or None if `exc` is not one.

    Shared by every HTTPS client so that the advice (check the pin, or pin on first use) is the same.
    """
    where = f"{host}:{port}"
    if isinstance(exc, aiohttp.ServerFingerprintMismatch):
        return (
            f"the certificate of {where} does not match the pinned fingerprint (it has "
            f"{display_fingerprint(exc.got.hex())}): if the PBX got a new certificate on purpose, "
            "pin the new fingerprint; otherwise something is intercepting the connection"
        )
    if isinstance(exc, aiohttp.ClientConnectorCertificateError):
        return (
            f"the certificate of {where} is not trusted ({exc.certificate_error}); PBX certificates "
            "are usually self-signed: check its fingerprint and pin it instead"
        )
    if isinstance(exc, aiohttp.ClientSSLError):
        return f"the TLS handshake with {where} failed ({exc}): does that port serve HTTPS?"
    return None
