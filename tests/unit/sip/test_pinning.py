"""Fingerprint and address handling of the TLS pin check (the check itself runs against a real
TLS server in tests/integration/sip/test_tls_srtp.py)."""

from __future__ import annotations

import pytest

from tandem.sip.pinning import normalise_fingerprint, pretty, split_host_port


def test_fingerprints_compare_in_one_form():
    colons = ":".join(["AB"] * 32)
    assert normalise_fingerprint(colons) == "ab" * 32
    assert normalise_fingerprint("AB" * 32) == "ab" * 32
    assert pretty("ab" * 2) == "AB:AB"


@pytest.mark.parametrize(("registrar", "expected"), [
    ("pbx.example", ("pbx.example", 5061)),
    ("pbx.example:5081", ("pbx.example", 5081)),
    ("[2001:db8::1]", ("2001:db8::1", 5061)),
    ("[2001:db8::1]:5062", ("2001:db8::1", 5062)),
    ("2001:db8::1", ("2001:db8::1", 5061)),
    ("pbx.example:50\u00b2", ("pbx.example:50\u00b2", 5061)),  # '²' is a digit to isdigit, not to int
    ("[2001:db8::1]:\u00b9", ("2001:db8::1", 5061)),
])
def test_registrar_addresses(registrar, expected):
    assert split_host_port(registrar) == expected
