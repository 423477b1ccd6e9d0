"""tandem.net.tls against a real HTTPS server with the simulator's self-signed certificate."""

from __future__ import annotations

import socket
from pathlib import Path

import aiohttp
import pytest

from tandem.core.errors import ConfigurationError, EnvironmentProblem
from tandem.net.tls import client_tls, display_fingerprint, fetch_certificate, normalise_fingerprint
from tandem.pbxsim.cdr_server import CdrServerThread


def test_fingerprints_are_normalised_from_what_people_paste() -> None:
    hexa = "ab" * 32
    assert normalise_fingerprint(hexa.upper()) == hexa
    assert normalise_fingerprint(display_fingerprint(hexa)) == hexa
    assert normalise_fingerprint(f"SHA256 Fingerprint={display_fingerprint(hexa)}") == hexa
    assert normalise_fingerprint(f"sha256:{hexa}") == hexa
    assert display_fingerprint(hexa).startswith("AB:AB:")
    with pytest.raises(ConfigurationError, match="not a SHA-256 certificate fingerprint"):
        normalise_fingerprint("ab:cd")


def test_verified_is_the_default_and_a_pin_is_a_fingerprint() -> None:
    import ssl

    verified = client_tls()
    assert isinstance(verified, ssl.SSLContext) and verified.verify_mode == ssl.CERT_REQUIRED
    assert verified.check_hostname
    assert isinstance(client_tls("AB:" * 31 + "AB"), aiohttp.Fingerprint)


async def test_trust_on_first_use_shows_the_fingerprint_the_server_has(cdr_sim: CdrServerThread) -> None:
    cert = await fetch_certificate("127.0.0.1", cdr_sim.port)
    assert cert.sha256 == cdr_sim.server.cert.sha256 and cert.self_signed
    assert display_fingerprint(cert.sha256) in cert.describe()
    assert cdr_sim.server.requests == []  # nothing was sent


async def test_fetch_certificate_of_nothing_says_what_is_wrong(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound but not listening: refused
        expected = f"could not read the TLS certificate of 127.0.0.1:{port}"
        with pytest.raises(EnvironmentProblem, match=expected):
            await fetch_certificate("127.0.0.1", port, timeout=5)
