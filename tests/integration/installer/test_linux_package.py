"""The .deb and .tar.gz built from installer/tandem.spec: installed into a scratch root with dpkg, the
installed `tandem self-test` runs offscreen against a real gnome-keyring, lintian accepts the package,
and Depends names the package of every system library the bundle links."""

from __future__ import annotations

import configparser
import json
import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.secret_service import SecretServiceSession
from tests.integration.installer.bundle_build import REPO, Packages

# The first test to use the packages also waits for the build (PyInstaller, one to three minutes on
# a loaded two-core machine).
pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]
SELF_TEST_TIMEOUT = 180.0
HICOLOR_SIZES = ("16x16", "22x22", "24x24", "32x32", "48x48", "64x64", "128x128", "256x256", "512x512")


def _self_test(launcher: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(launcher), "self-test", "--json"], env=env, capture_output=True, text=True,
                          timeout=SELF_TEST_TIMEOUT, check=False)


def _checks(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {check["name"]: check for check in report["checks"]}


def test_package_puts_files_where_the_desktop_finds_them(installed_root: Path) -> None:
    status = subprocess.run(["dpkg-query", f"--admindir={installed_root}/var/lib/dpkg", "-W",
                             "-f=${Status} ${Version}", "tandem"], capture_output=True, text=True, check=True)
    state, version = status.stdout.rsplit(" ", 1)
    assert state == "install ok installed"
    launcher = installed_root / "usr" / "bin" / "tandem"
    assert os.access(launcher, os.X_OK)
    assert os.access(installed_root / "opt" / "tandem" / "tandem", os.X_OK)
    share = installed_root / "usr" / "share"
    for size in HICOLOR_SIZES:
        assert (share / "icons" / "hicolor" / size / "apps" / "tandem.png").is_file(), size
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / "tandem.svg").is_file()
    for doc in ("doc/tandem/copyright", "doc/tandem/changelog.gz", "man/man1/tandem.1.gz"):
        assert (share / doc).is_file(), doc
    # The launcher starts the bundle under the scratch root, whose version is the package's.
    reported = subprocess.run([str(launcher), "--version"], capture_output=True, text=True, timeout=60,
                              check=True)
    assert reported.stdout.split() == ["tandem", version]


def test_desktop_entry_handles_sip_tel_and_callto_links(installed_root: Path) -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(installed_root / "usr" / "share" / "applications" / "tandem.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    schemes = {m.removeprefix("x-scheme-handler/") for m in desktop["MimeType"].split(";") if m}
    assert schemes == {"sip", "sips", "tel", "callto"}
    assert desktop["Exec"].split()[0] == "tandem"
    assert "%u" in desktop["Exec"].split()  # the clicked link reaches Tandem
    assert desktop["Icon"] == "tandem"
    assert desktop["Type"] == "Application"


def test_installed_self_test_passes_offscreen_with_a_real_keyring(
        installed_root: Path, secret_service: SecretServiceSession, tandem_home: Path) -> None:
    env = {**secret_service.env, "QT_QPA_PLATFORM": "offscreen", "TANDEM_HOME": str(tandem_home)}
    proc = _self_test(installed_root / "usr" / "bin" / "tandem", env)
    assert proc.returncode == 0, f"{proc.stdout[-6000:]}\n{proc.stderr[-3000:]}"
    report = json.loads(proc.stdout)
    assert report["ok"] is True
    # It ran the bundle under the scratch root, not the virtualenv running these tests.
    assert report["installation"] == f"bundle {installed_root / 'opt' / 'tandem'}"
    checks = _checks(report)
    for part in ("python", "qt", "display", "widgets", "modules", "pjsua2", "keyring", "journal", "csta"):
        assert checks[part]["status"] == "ok", checks[part]
    assert checks["display"]["details"]["platform"] == "offscreen"
    assert "SecretService" in checks["keyring"]["details"]["backend"]
    assert checks["keyring"]["details"]["can_store"] is True
    assert "svg" in checks["widgets"]["details"]["image_formats"]
    assert checks["widgets"]["details"]["tls"] is True
    assert checks["widgets"]["details"]["audio_decoders"] > 0
    assert checks["modules"]["details"]["imported"] > 0
    assert "PCMA" in checks["pjsua2"]["details"]["codecs"]


def test_self_test_names_the_part_a_broken_installation_lacks(
        installed_root: Path, tmp_path: Path, tandem_home: Path) -> None:
    broken = tmp_path / "tandem"
    # A hard-linked copy: cheap, and removing a file from it leaves the installed one alone.
    subprocess.run(["cp", "-al", str(installed_root / "opt" / "tandem"), str(broken)], check=True)
    try:
        natives = list((broken / "_internal" / "pjsua2").glob("_pjsua2*.so"))
        assert len(natives) == 1
        natives[0].unlink()
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TANDEM_HOME": str(tandem_home)}
        proc = subprocess.run([str(broken / "tandem"), "self-test"], env=env, capture_output=True,
                              text=True, timeout=SELF_TEST_TIMEOUT, check=False)
    finally:
        shutil.rmtree(broken)  # once the installed copy is gone, these links hold 200 MB
    assert proc.returncode == 1, proc.stdout
    errors = [line.split()[1] for line in proc.stdout.splitlines() if line.strip().startswith("ERROR")]
    assert "pjsua2" in errors
    assert "modules" in errors  # tandem.sip's modules cannot import pjsua2
    assert "This installation is incomplete or broken: " in proc.stdout
    assert "journal" not in errors and "csta" not in errors


def _needed_and_carried(bundle: Path) -> tuple[set[str], set[str]]:
    elf_files = [p for p in bundle.rglob("*") if p.is_file() and (".so" in p.name or p.name == "tandem")]
    needed: set[str] = set()
    for start in range(0, len(elf_files), 200):
        out = subprocess.run(["readelf", "-d", *map(str, elf_files[start:start + 200])],
                             capture_output=True, text=True, check=False).stdout
        needed.update(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out))
    carried = {p.name for p in bundle.rglob("*.so*")}
    return needed, carried


def test_depends_names_the_package_of_every_system_library_the_bundle_links(installed_root: Path,
                                                                           packages: Packages) -> None:
    fields = subprocess.run(["dpkg-deb", "-f", str(packages.deb), "Depends"], capture_output=True,
                            text=True, check=True).stdout
    depends = {dep.strip() for dep in fields.split(",")}
    # What Qt needs on a desktop, named in shared/docs/sip-audio.md.
    assert {"libxcb-cursor0", "libegl1", "libgl1", "libfontconfig1", "libdbus-1-3", "libpulse0",
            "libxkbcommon-x11-0", "libc6"} <= depends
    needed, carried = _needed_and_carried(installed_root / "opt" / "tandem")
    unprovided = {}
    for soname in sorted(needed - carried):
        owners = subprocess.run(["dpkg", "-S", f"*/{soname}"], capture_output=True, text=True,
                                check=False).stdout
        packages_of = {line.split(":")[0] for line in owners.splitlines() if not line.startswith("diversion")}
        if not packages_of & depends:
            unprovided[soname] = sorted(packages_of) or "no package here"
    assert not unprovided, f"system libraries the bundle links but Depends does not provide: {unprovided}"
    for dep in sorted(depends):  # real package names, not typos
        state = subprocess.run(["dpkg-query", "-W", "-f=${Status}", dep], capture_output=True, text=True,
                               check=False).stdout
        assert state == "install ok installed", f"Depends names {dep}, which is not installed here"


def test_lintian_reports_no_error_or_warning_and_every_override_has_a_reason(packages: Packages) -> None:
    if shutil.which("lintian") is None:
        pytest.fail("lintian missing: run installer/debian-deps.sh test")
    proc = subprocess.run(["lintian", "--tag-display-limit", "0", str(packages.deb)], capture_output=True,
                          text=True, timeout=280, check=False)
    findings = [line for line in proc.stdout.splitlines() if line.startswith(("E:", "W:"))]
    assert not findings, "\n".join(findings)
    assert proc.returncode == 0, proc.stderr[-3000:]
    reasons = _override_reasons(REPO / "installer" / "linux" / "lintian-overrides")
    assert reasons
    for override, reason in reasons.items():
        assert len(reason) >= 40, f"override without a reason: {override}"


def _override_reasons(path: Path) -> dict[str, str]:
    """Each override line and the comment block above it (shared by consecutive overrides)."""
    reasons: dict[str, str] = {}
    comment: list[str] = []
    for line in path.read_text().splitlines():
        if line.startswith("#"):
            comment.append(line.lstrip("# "))
        elif line.startswith("tandem:"):
            reasons[line] = " ".join(comment)
        elif not line.strip():
            comment = []
    return reasons


def test_tarball_holds_the_whole_bundle(packages: Packages) -> None:
    with tarfile.open(packages.tarball) as archive:
        members = {m.name: m for m in archive.getmembers()}
    launcher = members["tandem/tandem"]
    assert launcher.mode & 0o111 and launcher.uid == 0
    in_bundle = {f"tandem/{p.relative_to(packages.bundle)}" for p in packages.bundle.rglob("*")}
    assert in_bundle <= set(members), sorted(in_bundle - set(members))[:10]


def test_installed_app_opens_its_window_connected_to_the_demo_office(
        installed_root: Path, secret_service: SecretServiceSession, tmp_path: Path) -> None:
    """The installed launcher runs `tandem --demo`: the bundle starts the simulator (itself, as
    `tandem -m tandem pbxsim …`), opens the window and connects; then TERM ends both."""
    import select
    import signal
    import time

    env = {**secret_service.env, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    env.pop("TANDEM_HOME", None)
    started = time.monotonic()
    proc = subprocess.Popen([str(installed_root / "usr" / "bin" / "tandem"), "-v", "--demo"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    log = ""
    try:
        while "Tandem ready" not in log:
            assert proc.poll() is None, f"the installed Tandem ended ({proc.returncode}):\n{log[-3000:]}"
            assert time.monotonic() - started < 120, f"no window within 120 s:\n{log[-3000:]}"
            if select.select([proc.stderr], [], [], 0.2)[0]:
                log += os.read(proc.stderr.fileno(), 65536).decode(errors="replace")
        print(f"installed bundle: launch to connected window in {time.monotonic() - started:.2f} s")
        assert "Desk phone 120: connected" in log
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()
