"""`tandem self-test`: does every part of this installation load and start? No window, no questions.

Run from the installed bundle by CI, after an installation, and by support. It loads Qt widgets,
multimedia, TLS and the icon, every tandem module, brings a pjsua2 endpoint up and down, finds the
keyring backend, opens a journal store and round-trips a CSTA PDU; it exits 1 naming each part that
is missing or broken. What an installation cannot fix (no sound device, no keyring running) is a
warning. Parts that can abort the process run in child processes, through the checks of `tandem
doctor`; in a PyInstaller bundle installer/launcher.py answers `-m`/`-c` for those children.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

import tandem
from tandem import __version__
from tandem.commands import CommandRegistry
from tandem.commands.doctor import Check, check_keyring, check_pjsua2, check_python, check_qt, run_probe

# The keyring backend each platform needs, and the library it cannot work without.
_KEYRING_BACKEND = {"win32": ("Windows", "win32ctypes"), "darwin": ("macOS", "keyring.backends.macOS")}
_DEFAULT_KEYRING_BACKEND = ("SecretService", "secretstorage")

# Child process: a QApplication with a widget shown, the image formats, TLS and multimedia backends,
# the application icon. argv[1] is the icon file.
_WIDGETS_PROBE = """
import json, sys
from PySide6.QtWidgets import QApplication, QWidget
from PySide6.QtGui import QIcon, QImageReader
from PySide6.QtMultimedia import QMediaFormat
from PySide6.QtNetwork import QSslSocket
app = QApplication(sys.argv[:1])
widget = QWidget()
widget.resize(64, 64)
widget.show()
app.processEvents()
icon = QIcon(sys.argv[1])
decoders = QMediaFormat().supportedAudioCodecs(QMediaFormat.ConversionMode.Decode)
print(json.dumps({
    "style": app.style().name(),
    "shown": widget.isVisible(),
    "image_formats": sorted(bytes(f).decode() for f in QImageReader.supportedImageFormats()),
    "icon_sizes": [s.width() for s in icon.availableSizes()] or [icon.pixmap(32, 32).width()],
    "tls": QSslSocket.supportsSsl(),
    "tls_backend": QSslSocket.activeBackend(),
    "tls_library": QSslSocket.sslLibraryVersionString(),
    "audio_decoders": len(decoders),
}))
widget.close()
"""

# Child process: import every tandem module (a bundle missing one fails only when that feature is
# first used, on the user's machine).
_IMPORT_PROBE = """
import importlib, json, pkgutil, tandem
failed = {}
imported = 0
def broken(name):
    failed[name] = "the package could not be read"
for info in pkgutil.walk_packages(tandem.__path__, "tandem.", onerror=broken):
    if info.name.rsplit(".", 1)[-1] == "__main__":
        continue
    try:
        importlib.import_module(info.name)
        imported += 1
    except Exception as exc:
        failed[info.name] = f"{type(exc).__name__}: {exc}"
print(json.dumps({"imported": imported, "failed": failed}))
"""


def register(registry: CommandRegistry) -> None:
    parser = registry.command("self-test", "check that every part of this installation loads and starts "
                              "(no window); exits 1 naming what is missing")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    checks = collect()
    ok = not any(c.status == "error" for c in checks)
    elapsed = time.monotonic() - started
    where = f"bundle {Path(sys.executable).parent}" if getattr(sys, "frozen", False) else sys.prefix
    if args.json:
        print(json.dumps({"tandem": __version__, "ok": ok, "installation": where,
                          "seconds": round(elapsed, 2), "checks": [asdict(c) for c in checks]}, indent=2))
        return 0 if ok else 1
    print(f"Tandem {__version__} — self-test of {where}")
    for c in checks:
        print(f"  {c.status.upper():5}  {c.name:9} {c.summary}")
    missing = [c.name for c in checks if c.status == "error"]
    if missing:
        print(f"\nThis installation is incomplete or broken: {', '.join(missing)}. Reinstall Tandem; "
              "if that does not help, send this output to support.")
    else:
        print(f"\nEvery part of Tandem loaded ({elapsed:.1f} s).")
    return 0 if ok else 1


def collect() -> list[Check]:
    return [check_python(), *check_qt(), check_widgets(), check_modules(), check_pjsua2(),
            check_keyring_backend(), check_journal(), check_csta()]


def resources_dir() -> Path:
    """resources/ beside the package: app/../resources in the repository, _internal/resources in a bundle."""
    return Path(tandem.__file__).resolve().parent.parent / "resources"


def _last_words(stderr: str) -> str:
    """The last line a failed child wrote, skipping the PyInstaller bootloader's own epitaph."""
    lines = [line for line in stderr.strip().splitlines() if not line.startswith("[PYI-")]
    return lines[-1] if lines else "no output"


def check_widgets() -> Check:
    icon = resources_dir() / "icons" / "tandem.svg"
    code, lines, stderr = run_probe([sys.executable, "-c", _WIDGETS_PROBE, str(icon)])
    if code != 0 or not lines:
        last = _last_words(stderr)
        return Check("widgets", "error", f"Qt widgets do not start: {last}", {"stderr": stderr[-2000:]})
    info = lines[0]
    problems = []
    if not info["shown"]:
        problems.append("a widget could not be shown")
    if "svg" not in info["image_formats"]:
        problems.append("Qt's SVG image plugin is missing (icons will be blank)")
    if not icon.is_file():
        problems.append(f"the application icon {icon} is missing")
    elif not info["icon_sizes"] or max(info["icon_sizes"]) <= 0:
        problems.append(f"the application icon {icon} does not load")
    if not info["tls"]:
        problems.append("Qt has no TLS backend (HTTPS to the PBX will fail)")
    if info["audio_decoders"] == 0:
        problems.append("Qt Multimedia has no media backend (ringtones cannot play)")
    if problems:
        return Check("widgets", "error", "; ".join(problems), info)
    return Check("widgets", "ok", f"widgets ({info['style']} style), TLS via {info['tls_backend']} "
                 f"({info['tls_library']}), {info['audio_decoders']} audio decoders, SVG icons", info)


def check_modules() -> Check:
    code, lines, stderr = run_probe([sys.executable, "-c", _IMPORT_PROBE])
    if not lines:
        last = _last_words(stderr)
        return Check("modules", "error", f"importing Tandem's modules stopped the process: {last}",
                     {"exit": code, "stderr": stderr[-2000:]})
    info = lines[0]
    if info["failed"]:
        names = "; ".join(f"{name} ({why})" for name, why in sorted(info["failed"].items()))
        return Check("modules", "error", f"{len(info['failed'])} module(s) do not load: {names}", info)
    return Check("modules", "ok", f"all {info['imported']} tandem modules load", info)


def check_keyring_backend() -> Check:
    """The platform's keyring backend must be in the installation; whether it can store is doctor's check."""
    import importlib
    import importlib.metadata

    name, needs = _KEYRING_BACKEND.get(sys.platform, _DEFAULT_KEYRING_BACKEND)
    registered = {ep.name for ep in importlib.metadata.entry_points(group="keyring.backends")}
    if name not in registered:
        return Check("keyring", "error", f"keyring's {name} backend is not registered (keyring's package "
                     "metadata is missing from this installation): passwords cannot be stored",
                     {"registered": sorted(registered)})
    for module in (f"keyring.backends.{name}", needs):
        try:
            importlib.import_module(module)
        except ImportError as exc:
            return Check("keyring", "error", f"the {name} keyring backend cannot load: {module} is missing "
                         f"({exc})", {"registered": sorted(registered)})
    return check_keyring()


def check_journal() -> Check:
    try:
        from tandem.journal.store import JournalStore
    except ImportError as exc:
        return Check("journal", "error", f"the journal store (tandem.journal.store) is missing: {exc}")
    with tempfile.TemporaryDirectory(prefix="tandem-selftest-") as folder:
        try:
            store = JournalStore.open_sqlite(Path(folder) / "journal.sqlite3")
            try:
                rows = len(store.calls())
            finally:
                store.close()
        except Exception as exc:
            return Check("journal", "error", f"the journal store does not open an SQLite journal: "
                         f"{type(exc).__name__}: {exc}")
    try:
        import psycopg
    except ImportError as exc:
        return Check("journal", "error", f"the PostgreSQL driver for a shared journal is missing: {exc}")
    impl = psycopg.pq.__impl__
    return Check("journal", "ok", f"SQLite journal opens ({rows} calls in a new one); PostgreSQL driver "
                 f"psycopg {psycopg.__version__} ({impl}, libpq {psycopg.pq.version()})",
                 {"psycopg": psycopg.__version__, "psycopg_impl": impl})


def check_csta() -> Check:
    try:
        from tandem.cti.acse import AARQ
        from tandem.cti.pdu import decode_pdu, encode_pdu
    except ImportError as exc:
        return Check("csta", "error", f"the CSTA codec (tandem.cti) is missing: {exc}")
    try:
        request = AARQ()
        data = encode_pdu(request)
        back = decode_pdu(data)
    except Exception as exc:
        return Check("csta", "error", f"the CSTA codec fails on an association request: "
                     f"{type(exc).__name__}: {exc}")
    if back != request:  # the codec's own equality: frozen dataclasses
        return Check("csta", "error", "the CSTA codec does not give back the association request it encoded",
                     {"sent": repr(request), "received": repr(back)})
    return Check("csta", "ok", f"CSTA codec round-trips an association request ({len(data)} bytes)")
