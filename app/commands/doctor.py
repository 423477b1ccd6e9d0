"""`tandem doctor`: what Tandem finds on this computer, and whatever would keep it from working."""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from tandem import __version__
from tandem.commands import CommandRegistry

Status = Literal["ok", "warn", "error", "info"]
PROBE_TIMEOUT = 30.0

# pjsua2 is probed in a child process: a broken native module can abort the process, and the
# doctor must still print its report. The child brings an endpoint up and down on the null device.
_PJSUA2_PROBE = """
import json, pjsua2 as pj
ep = pj.Endpoint()
ep.libCreate()
cfg = pj.EpConfig(); cfg.uaConfig.threadCnt = 0; cfg.uaConfig.mainThreadOnly = True
cfg.logConfig.level = 0; cfg.logConfig.consoleLevel = 0
ep.libInit(cfg)
version = ep.libVersion().full
ep.audDevManager().setNullDev()
codecs = sorted({c.codecId.split("/")[0] for c in ep.codecEnum2()})
ep.libDestroy(pj.PJSUA_DESTROY_NO_NETWORK)
print(json.dumps({"pjproject": version, "codecs": codecs}))
"""


@dataclass
class Check:
    name: str
    status: Status
    summary: str
    details: dict[str, Any] = field(default_factory=dict)


def register(registry: CommandRegistry) -> None:
    parser = registry.command("doctor", "check this computer for what Tandem needs, and say what is missing")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    checks = collect()
    ok = not any(c.status == "error" for c in checks)
    if args.json:
        print(json.dumps({"tandem": __version__, "ok": ok, "checks": [asdict(c) for c in checks]}, indent=2))
    else:
        print(f"Tandem {__version__} — doctor")
        for c in checks:
            print(f"  {c.status.upper():5}  {c.name:9} {c.summary}")
        if not ok:
            print("\nTandem cannot run on this computer until the errors above are fixed.")
    return 0 if ok else 1


def collect() -> list[Check]:
    return [check_python(), *check_qt(), check_pjsua2(), check_keyring(), check_settings(), check_paths()]


def check_python() -> Check:
    version = platform.python_version()
    supported = (3, 10) <= sys.version_info[:2] < (3, 13)
    return Check("python", "ok" if supported else "error",
                 f"{version} ({sys.executable})" if supported else
                 f"{version} is not supported: Tandem needs Python 3.10 to 3.12",
                 {"version": version, "executable": sys.executable})


def run_probe(argv: list[str], env: dict[str, str] | None = None) -> tuple[int, list[dict[str, Any]], str]:
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=PROBE_TIMEOUT, env=env,
                              check=False)
    except subprocess.TimeoutExpired:
        return -1, [], f"did not answer within {PROBE_TIMEOUT:.0f} s"
    lines = []
    for line in proc.stdout.splitlines():
        try:
            lines.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return proc.returncode, lines, proc.stderr


def _platform_failure(stderr: str) -> str:
    """The sentence from Qt's output that says why no platform plugin could start."""
    wanted = os.environ.get("QT_QPA_PLATFORM", "") or "the default"
    reasons = [ln.split(":", 1)[1].strip().rstrip(".") if ln.startswith("qt.qpa") else ln.strip()
               for ln in stderr.splitlines()
               if ln.startswith(("qt.qpa.xcb", "qt.qpa.plugin", "qt.qpa.wayland"))]
    detail = "; ".join(dict.fromkeys(r for r in reasons if r)) or "Qt gave no reason"
    hint = ("set DISPLAY or WAYLAND_DISPLAY to your desktop, install Qt's xcb libraries "
            "(installer/debian-deps.sh run), or set QT_QPA_PLATFORM=offscreen for headless use")
    return f"no Qt platform plugin could start ({wanted} platform): {detail}. Fix: {hint}"


def _sound_server() -> str | None:
    if os.environ.get("PULSE_SERVER"):
        return f"PulseAudio at {os.environ['PULSE_SERVER']}"
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime, "pulse", "native").exists():
        return f"PulseAudio at {Path(runtime, 'pulse', 'native')}"
    return None


def check_qt() -> list[Check]:
    code, lines, stderr = run_probe([sys.executable, "-m", "tandem.commands._qtprobe"])
    if not lines:
        summary = "PySide6 is missing or broken: reinstall Tandem"
        return [Check("qt", "error", summary, {"stderr": stderr[-2000:]})]
    info = lines[0]
    checks = [Check("qt", "ok", f"Qt {info['qt']} (PySide6 {info['pyside']})",
                    {"qt": info["qt"], "pyside": info["pyside"]})]
    if len(lines) > 1 and code == 0:
        name = lines[1]["platform"]
        checks.append(Check("display", "ok", f"Qt platform plugin {name!r}", {"platform": name}))
    else:
        checks.append(Check("display", "error", _platform_failure(stderr), {"platform": None}))
    server = _sound_server()
    audio = {"backend": "Qt Multimedia", "sound_server": server,
             "inputs": info["audio_inputs"], "outputs": info["audio_outputs"],
             "default_input": info["default_input"], "default_output": info["default_output"]}
    if info["audio_inputs"] or info["audio_outputs"]:
        checks.append(Check("audio", "ok",
                            f"Qt Multimedia via {server or 'the system sound server'}: "
                            f"{len(info['audio_outputs'])} output(s), {len(info['audio_inputs'])} input(s); "
                            f"default output {info['default_output']!r}", audio))
    else:
        checks.append(Check("audio", "warn", "Qt Multimedia sees no audio device"
                            + ("" if server else " and no sound server is running (PulseAudio or PipeWire)")
                            + ": the softphone cannot play or record sound", audio))
    return checks


def check_pjsua2() -> Check:
    try:
        wheel = importlib.metadata.version("pjsua2-python")
    except importlib.metadata.PackageNotFoundError:
        wheel = None
    code, lines, stderr = run_probe([sys.executable, "-c", _PJSUA2_PROBE])
    if code != 0 or not lines:
        # A frozen bundle's loader adds its own generic last line ("[PYI-…"): the cause is before it.
        meaningful = [ln for ln in stderr.strip().splitlines() if not ln.startswith("[PYI-")]
        last = (meaningful or ["no output"])[-1]
        return Check("pjsua2", "error", f"the SIP engine pjsua2 does not start: {last}. The softphone "
                     "cannot work; reinstall Tandem", {"wheel": wheel})
    info = lines[0]
    return Check("pjsua2", "ok", f"pjproject {info['pjproject']} (wheel {wheel}), "
                 f"codecs {', '.join(info['codecs'])}", {"wheel": wheel, **info})


def check_keyring() -> Check:
    from tandem.config.credentials import CredentialStore

    store = CredentialStore()
    probe = store.probe()
    details = {"backend": store.backend_name, "can_store": probe.remembered, "reason": probe.reason}
    if probe.remembered:
        return Check("keyring", "ok", f"{store.backend_name} stores passwords", details)
    return Check("keyring", "warn", f"passwords will not be remembered between runs: {probe.reason}", details)


def check_settings() -> Check:
    from tandem.config.paths import Paths
    from tandem.config.settings import SettingsStore

    store = SettingsStore(Paths.from_env().settings_file)
    problem = store.check()
    details = {"file": str(store.path), "exists": store.path.exists()}
    if problem is not None:
        return Check("settings", "warn", f"{store.path}: {problem} (Tandem will set the file aside and "
                     "start with defaults)", details)
    return Check("settings", "ok", str(store.path) if store.path.exists() else
                 f"{store.path} (no file yet: defaults)", details)


def check_paths() -> Check:
    from tandem.config.paths import Paths

    paths = Paths.from_env()
    details = {"config": str(paths.config_dir), "data": str(paths.data_dir), "logs": str(paths.log_dir),
               "settings_file": str(paths.settings_file), "log_file": str(paths.log_file)}
    return Check("paths", "info", f"config {paths.config_dir}, data {paths.data_dir}, logs {paths.log_dir}",
                 details)
