from __future__ import annotations

import pytest

from tandem.config.logs import MASK, known_secrets, redact


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("GET /cgi-bin/gadgetapi?cmd=Login&gsUser=120&gsPass=s3cr3t-uc HTTP/1.1", "s3cr3t-uc"),
        ("GET /management/portlet/?username=admin@system&password=Wbm!Pass9&action=get", "Wbm!Pass9"),
        ("Authorization: Basic YWRtaW46c2VjcmV0", "YWRtaW46c2VjcmV0"),
        ('Authorization: Digest username="120", realm="osbiz", nonce="abc", '
         'response="6629fae49393a05397450978507c4ef1"', "6629fae49393a05397450978507c4ef1"),
        ('Proxy-Authorization: Digest username="120", response="0123456789abcdef0123"',
         "0123456789abcdef0123"),
        ('{"user": "120", "password": "json-secret"}', "json-secret"),
        ("{'password': 'repr-secret', 'port': 8800}", "repr-secret"),
        ("postgresql://journal:pg-secret@db.example/journal", "pg-secret"),
    ],
)
def test_secret_shaped_fields_are_masked(text: str, secret: str) -> None:
    redacted = redact(text)
    assert secret not in redacted
    assert MASK in redacted


def test_registered_secret_is_masked_anywhere() -> None:
    known_secrets.add("Plain-Text-77")
    assert redact("login with Plain-Text-77 failed") == f"login with {MASK} failed"


def test_ordinary_text_is_untouched() -> None:
    text = "CSTA link to 192.168.1.2:8800 ready; monitoring 120, 121"
    assert redact(text) == text
