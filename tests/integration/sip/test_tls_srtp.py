"""SIP over TLS with the server certificate verified, and SRTP off/optional/mandatory."""

from __future__ import annotations

import pytest


def test_tls_registration_with_the_registrars_ca(tls_registrar, certificates, tandem_sip):
    ca, _cert, _key = certificates
    status, result = tandem_sip("register", "--registrar", f"127.0.0.1:{tls_registrar.port}", "--user",
                                "201", "--transport", "tls", "--tls-ca", str(ca), password="pw201")
    assert status == 0, (result, tls_registrar.handshake_errors)
    assert result["state"] == "registered"
    assert tls_registrar.registers >= 1


def test_tls_registration_refuses_an_unknown_certificate(tls_registrar, tandem_sip):
    # The system CA bundle does not know the test CA: the certificate must be refused, and no
    # REGISTER may reach the server.
    status, result = tandem_sip("register", "--registrar", f"127.0.0.1:{tls_registrar.port}", "--user",
                                "201", "--transport", "tls", password="pw201")
    assert status == 1
    assert "TLS failure" in result["reason"], result
    assert tls_registrar.registers == 0


@pytest.fixture
def pair(kamailio, sip_driver):
    def make(caller_srtp: str, callee_srtp: str):
        a, b = sip_driver(), sip_driver()
        a.account(kamailio.address, "201", srtp=caller_srtp)
        b.account(kamailio.address, "202", srtp=callee_srtp)
        a.expect("RegistrationChanged", state="registered")
        b.expect("RegistrationChanged", state="registered")
        b.send("auto_answer", code=200)
        return a, b

    return make


@pytest.mark.parametrize(("caller", "callee", "srtp"), [
    ("mandatory", "mandatory", True), ("optional", "optional", True), ("optional", "off", False),
    ("off", "off", False),
])
def test_srtp_negotiation(pair, caller, callee, srtp):
    a, _b = pair(caller, callee)
    out = a.send("call", user="201", target="202")["call_id"]
    a.expect("CallStateChanged", call_id=out, state="confirmed")
    media = a.events("CallMediaChanged", call_id=out)[-1]
    assert media["srtp"] is srtp


def test_mandatory_srtp_against_plain_rtp_fails_with_a_reason(pair):
    a, _b = pair("mandatory", "off")
    out = a.send("call", user="201", target="202")["call_id"]
    ended = a.expect("CallEnded", call_id=out)
    assert ended["code"] == 488
    assert ended["reason"] == "no common codec or security setting"


def _fingerprint(cert_pem):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    return x509.load_pem_x509_certificate(cert_pem.read_bytes()).fingerprint(hashes.SHA256()).hex(":")


def test_a_pinned_certificate_is_trusted_without_a_ca(tls_registrar, certificates, tandem_sip):
    _ca, cert, _key = certificates
    status, result = tandem_sip("register", "--registrar", f"127.0.0.1:{tls_registrar.port}", "--user",
                                "201", "--transport", "tls", "--tls-pin", _fingerprint(cert),
                                password="pw201")
    assert status == 0, (result, tls_registrar.handshake_errors)
    assert result["state"] == "registered"


def test_a_certificate_other_than_the_pinned_one_is_refused(tls_registrar, tandem_sip):
    status, result = tandem_sip("register", "--registrar", f"127.0.0.1:{tls_registrar.port}", "--user",
                                "201", "--transport", "tls", "--tls-pin", "ab" * 32, password="pw201")
    assert status == 1
    assert "is not the pinned one" in result["reason"], result
    assert tls_registrar.registers == 0
