"""Self-signed server certificates for the simulator's HTTPS endpoints (CDR download, WSI).

A real OSBiz usually carries a self-signed certificate, so the simulator does too: clients must
either pin its fingerprint (`ServerCertificate.sha256`) or trust `cert_path` as their CA file.
Usage::

    cert = generate_self_signed(tmp_path)
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=server_ssl_context(cert))
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tandem.net.tls import fingerprint_of


@dataclass(frozen=True)
class ServerCertificate:
    """A PEM certificate and its private key on disk, and the certificate's SHA-256 fingerprint."""

    cert_path: Path
    key_path: Path
    sha256: str  # normalised: 64 lower-case hex digits, what a client pins


def generate_self_signed(
    folder: Path,
    hostnames: Sequence[str] = ("localhost", "127.0.0.1", "::1"),
    *,
    common_name: str = "OpenScape Business (Tandem simulator)",
    valid_days: int = 30,
    stem: str = "pbxsim",
) -> ServerCertificate:
    """Write `<stem>.crt` and `<stem>.key` (mode 0600) into `folder` and return where they are.

    The certificate names every entry of `hostnames` (host names and IP addresses) as a subject
    alternative name, so a client that trusts it as its CA file also passes the host name check.
    An EC P-256 key keeps generation fast enough for a fixture per test.
    """
    folder.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    alt_names: list[x509.GeneralName] = []
    for host in hostnames:
        try:
            alt_names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            alt_names.append(x509.DNSName(host))
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))  # tolerate a little clock skew
        .not_valid_after(now + dt.timedelta(days=valid_days))
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        # It acts as its own CA, so that a client can trust it as its `cafile` (verified mode).
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=False,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path = folder / f"{stem}.crt"
    key_path = folder / f"{stem}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    der = cert.public_bytes(serialization.Encoding.DER)
    return ServerCertificate(cert_path=cert_path, key_path=key_path, sha256=fingerprint_of(der))


def server_ssl_context(cert: ServerCertificate) -> ssl.SSLContext:
    """A server-side SSLContext presenting `cert`, for `aiohttp.web.TCPSite(..., ssl_context=...)`."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert.cert_path, cert.key_path)
    return context
