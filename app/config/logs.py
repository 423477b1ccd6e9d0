"""Logging for Tandem: a rotating log file in the platform log folder, and secrets redacted everywhere.

Redaction happens in the formatter of every handler Tandem installs, on the fully formatted text
(message, arguments and traceback), so no code path can bypass it by logging a secret as an
argument or inside an exception. Two layers: patterns for the places secrets travel in our protocols
(password=/gsPass= query parameters, Authorization headers, SIP digest responses, JSON "password"
fields), and every password that went through tandem.config.credentials, redacted literally.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
import threading
from typing import Final

from tandem.config.paths import Paths

MASK: Final = "********"

_PATTERNS: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    # query parameters and form fields: password=…, passwd=…, gsPass=…, pwd=…
    (re.compile(r"(?i)\b((?:gs)?pass(?:word|wd)?|pwd|secret|token)=([^&\s\"'<>]+)"), rf"\1={MASK}"),
    # HTTP and SIP credentials: Authorization / Proxy-Authorization header values, whole
    (re.compile(r"(?im)^((?:proxy-)?authorization\s*:\s*).+$"), rf"\1{MASK}"),
    (re.compile(r"(?i)\b((?:proxy-)?authorization\s*[:=]\s*)(basic|bearer|digest)\s+[^\r\n]+"),
     rf"\1\2 {MASK}"),
    # a digest response parameter seen on its own
    (re.compile(r"(?i)\b(response\s*=\s*)\"?[0-9a-f]{16,}\"?"), rf"\1{MASK}"),
    # JSON / repr style: "password": "…", 'password': '…'
    (re.compile(r"(?i)([\"']?(?:password|passwd|secret)[\"']?\s*:\s*)([\"'])(?:\\.|(?!\2).)*\2"),
     rf"\1\2{MASK}\2"),
    # URLs with user:password@host
    (re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://[^/\s:@]+:)[^/\s@]+@"), rf"\1{MASK}@"),
)


class _SecretRegistry:
    """Secrets known to this process; the credentials module registers every password it handles."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._secrets: frozenset[str] = frozenset()

    def add(self, secret: str) -> None:
        # Very short secrets would mask ordinary words and digits everywhere; they are still
        # covered by the patterns above wherever they travel in a protocol field.
        if len(secret) >= 3:
            with self._lock:
                self._secrets = self._secrets | {secret}

    def all(self) -> frozenset[str]:
        return self._secrets


known_secrets = _SecretRegistry()


def redact(text: str) -> str:
    """`text` with every known secret and every secret-shaped field masked."""
    for secret in sorted(known_secrets.all(), key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, MASK)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


FILE_FORMAT: Final = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
CONSOLE_FORMAT: Final = "%(levelname)s %(name)s: %(message)s"
MAX_LOG_BYTES: Final = 2 * 1024 * 1024
LOG_BACKUPS: Final = 5


def setup_logging(paths: Paths, verbosity: int = 0, *, file_level: int = logging.INFO) -> None:
    """Log to the rotating file (always) and to stderr (warnings, or more with -v/-vv).

    Idempotent: calling it again replaces the handlers Tandem installed before.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_tandem", False):
            root.removeHandler(handler)
            handler.close()
    console_level = (logging.WARNING, logging.INFO, logging.DEBUG)[min(max(verbosity, 0), 2)]
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(console_level)
    console.setFormatter(RedactingFormatter(CONSOLE_FORMAT))
    console._tandem = True  # type: ignore[attr-defined]
    root.addHandler(console)
    levels = [console_level]
    try:
        paths.log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        to_file = logging.handlers.RotatingFileHandler(
            paths.log_file, maxBytes=MAX_LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    except OSError as exc:
        logging.getLogger(__name__).warning("cannot write the log file %s: %s", paths.log_file, exc.strerror)
    else:
        to_file.setLevel(file_level)
        to_file.setFormatter(RedactingFormatter(FILE_FORMAT))
        to_file._tandem = True  # type: ignore[attr-defined]
        root.addHandler(to_file)
        levels.append(file_level)
    root.setLevel(min(levels))
