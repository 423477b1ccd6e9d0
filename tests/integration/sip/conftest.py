"""Real SIP peers and a real sound server for the softphone tests, all on loopback in temp dirs.

- `kamailio`: a registrar/proxy with digest auth (users in an in-memory htable, no database);
- `sip_driver`: Tandem's engine in a subprocess (sip_driver.py), driven by JSON lines;
- `sipp`: runs a SIPp scenario (built-in or an XML file next to this file) against an address;
- `baresip`: a full user agent as the far end, with a sine or a WAV as its microphone and its
  decoded audio recorded to WAV files (sndfile), driven over ctrl_tcp;
- `pulse`: a private PulseAudio daemon with null sinks: "Speaker" (Tandem's output, read back from
  its monitor) and "Microphone" (a remap of the "MicFeed" sink's monitor, fed with paplay).
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
DRIVER = HERE / "sip_driver.py"
KAMAILIO_MODULES = "/usr/lib/x86_64-linux-gnu/kamailio/modules/"
USERS = {"201": "pw201", "202": "pw202", "203": "pw203", "204": "pw204"}


def _need(binary: str) -> str:
    path = shutil.which(binary) or (f"/usr/sbin/{binary}" if Path(f"/usr/sbin/{binary}").exists() else None)
    if path is None:
        pytest.skip(f"{binary} is not installed (installer/debian-deps.sh test installs it)")
    return path


def die_with_parent() -> None:
    """preexec_fn: the peer gets SIGTERM when the test process dies, even by a crash or abort."""
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def free_port() -> int:
    """A port free for both UDP and TCP on 127.0.0.1 (SIP listens on both)."""
    for _ in range(200):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            tcp.bind(("127.0.0.1", 0))
            port = tcp.getsockname()[1]
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                try:
                    udp.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return int(port)
    raise RuntimeError("no free port")


_rtp_lock = threading.Lock()
# Below Linux's ephemeral range (32768-60999), so no port the OS hands out for "port 0" collides.
_rtp_next = [10000 + (os.getpid() % 100) * 200]


def rtp_range() -> int:
    """A first RTP port for one more engine process (each gets its own block of 100)."""
    with _rtp_lock:
        port = _rtp_next[0]
        _rtp_next[0] = port + 100 if port < 32000 else 10000
        return port


def wait_until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")


def _tcp_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


# --------------------------------------------------------------------------------------- kamailio
KAMAILIO_CFG = """#!KAMAILIO
debug=2
log_stderror=yes
children=2
tcp_children=2
auto_aliases=no
listen=udp:127.0.0.1:{port}
listen=tcp:127.0.0.1:{port}
alias="127.0.0.1:{port}"
alias="localhost:{port}"
alias="tandem.test"
mpath="{modules}"
loadmodule "kex.so"
loadmodule "corex.so"
loadmodule "tm.so"
loadmodule "tmx.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "auth.so"
loadmodule "htable.so"
modparam("htable", "htable", "users=>size=4;")
modparam("htable", "htable", "static=>size=4;")
modparam("usrloc", "db_mode", 0)
modparam("registrar", "min_expires", 5)
modparam("registrar", "default_expires", 60)
modparam("rr", "enable_full_lr", 1)

event_route[htable:mod-init] {{
{init}
}}

request_route {{
    if (!mf_process_maxfwd_header("10")) {{ sl_send_reply("483", "Too Many Hops"); exit; }}
    if (has_totag()) {{
        if (loose_route()) {{ t_relay(); exit; }}
        if (is_method("ACK")) {{ if (t_check_trans()) {{ t_relay(); }} exit; }}
        if (is_method("NOTIFY|BYE|INFO|UPDATE|PRACK|REFER") && uri != myself) {{ t_relay(); exit; }}
        sl_send_reply("404", "Not here"); exit;
    }}
    if (is_method("CANCEL")) {{ if (t_check_trans()) {{ t_relay(); }} exit; }}
    t_check_trans();
    if (is_method("REGISTER")) {{
        if ($sht(users=>$tU) == $null) {{ sl_send_reply("404", "User Not Found"); exit; }}
        if (!pv_auth_check("$td", "$sht(users=>$tU)", "0", "1")) {{ auth_challenge("$td", "0"); exit; }}
        consume_credentials();
        if (!save("location")) {{ sl_reply_error(); }}
        exit;
    }}
    if (is_method("INVITE|REFER|MESSAGE|SUBSCRIBE") && $sht(users=>$fU) != $null) {{
        if (!pv_proxy_authenticate("$fd", "$sht(users=>$fU)", "0")) {{ auth_challenge("$fd", "0"); exit; }}
        consume_credentials();
    }}
    if (is_method("INVITE|SUBSCRIBE")) {{ record_route(); }}
    if (uri == myself) {{
        if ($sht(static=>$rU) != $null) {{ $du = $sht(static=>$rU); }}
        else if (!lookup("location")) {{ sl_send_reply("404", "Not Found"); exit; }}
    }}
    if (!t_relay()) {{ sl_reply_error(); }}
}}
"""


class Kamailio:
    """A kamailio registrar/proxy on 127.0.0.1:`port` (UDP and TCP). `static` routes a user name to
    a fixed address (e.g. a SIPp UAS: {"echo": "sip:127.0.0.1:5099"})."""

    def __init__(self, workdir: Path, users: dict[str, str], static: dict[str, str]) -> None:
        self.binary = _need("kamailio")
        self.workdir = workdir
        self.port = free_port()
        self.users = users
        self.static = static
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = workdir / "kamailio.log"

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        init = "\n".join([f'    $sht(users=>{u}) = "{p}";' for u, p in self.users.items()]
                         + [f'    $sht(static=>{u}) = "{d}";' for u, d in self.static.items()])
        cfg = self.workdir / "kamailio.cfg"
        cfg.write_text(KAMAILIO_CFG.format(port=self.port, modules=KAMAILIO_MODULES, init=init))
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [self.binary, "-f", str(cfg), "-DD", "-E", "-Y", str(self.workdir), "-w", str(self.workdir)],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=die_with_parent)
        try:
            wait_until(lambda: _tcp_open(self.port) or self.proc is None or self.proc.poll() is not None,
                       20, "kamailio to listen")
        finally:
            if self.proc.poll() is not None:
                raise AssertionError(f"kamailio did not start:\n{self.log.read_text()[-3000:]}")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        os.killpg(proc.pid, sig)  # kamailio forks workers into its own process group
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
        # Workers may outlive the main process by a moment; the port must be free for a restart.
        wait_until(lambda: not _tcp_open(self.port), 10, "kamailio's port to close")


@pytest.fixture
def kamailio(tmp_path: Path) -> Iterator[Kamailio]:
    kam = Kamailio(tmp_path, dict(USERS), {})
    kam.start()
    yield kam
    kam.stop()


@pytest.fixture
def kamailio_factory(tmp_path: Path) -> Iterator[Callable[..., Kamailio]]:
    made: list[Kamailio] = []

    def make(static: dict[str, str] | None = None, users: dict[str, str] | None = None) -> Kamailio:
        workdir = tmp_path / f"kamailio{len(made)}"
        workdir.mkdir()
        kam = Kamailio(workdir, users or dict(USERS), static or {})
        made.append(kam)
        kam.start()
        return kam

    yield make
    for kam in made:
        kam.stop()


# --------------------------------------------------------------------------------------- driver
class SipDriver:
    """Tandem's engine in a subprocess. `send()` runs a command; `expect()` waits for an event."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self._log_file = log.open("wb")
        self.proc = subprocess.Popen([sys.executable, str(DRIVER), *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self._log_file, env=env)
        self.log = log
        self.lines: list[dict[str, Any]] = []
        self._cond = threading.Condition()
        self._seq = 0
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        try:
            ready = self.wait(lambda m: "ready" in m, 30, "the engine to start")
        except AssertionError:
            self.close()
            raise
        self.ports: dict[str, int] = ready["ports"]
        self.exit_code: int | None = None

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            try:
                msg = json.loads(raw)
            except ValueError:
                continue
            with self._cond:
                self.lines.append(msg)
                self._cond.notify_all()
        with self._cond:
            self.lines.append({"eof": True})
            self._cond.notify_all()

    def wait(self, predicate: Callable[[dict[str, Any]], bool], timeout: float, what: str,
             start: int = 0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for msg in self.lines[start:]:
                    if predicate(msg):
                        return msg
                if any("eof" in m for m in self.lines):
                    raise AssertionError(f"the engine process ended while waiting for {what}; "
                                         f"log:\n{self.log.read_text()[-4000:]}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}; seen: "
                                         f"{[m for m in self.lines if 'event' in m][-15:]}")
                self._cond.wait(left)

    def send(self, op: str, timeout: float = 15.0, check: bool = True, **kwargs: Any) -> dict[str, Any]:
        self._seq += 1
        seq = self._seq
        assert self.proc.stdin is not None
        self.proc.stdin.write((json.dumps({"op": op, "seq": seq, **kwargs}) + "\n").encode())
        self.proc.stdin.flush()
        reply = self.wait(lambda m: m.get("reply") == seq, timeout, f"the reply to {op}")
        if check and not reply["ok"]:
            raise AssertionError(f"{op} failed: {reply['error']}")
        return reply

    def mark(self) -> int:
        with self._cond:
            return len(self.lines)

    def expect(self, event: str, timeout: float = 20.0, since: int = 0, **fields: Any) -> dict[str, Any]:
        def match(m: dict[str, Any]) -> bool:
            return m.get("event") == event and all(m.get(k) == v for k, v in fields.items())

        return self.wait(match, timeout, f"{event} {fields}", since)

    def events(self, event: str, **fields: Any) -> list[dict[str, Any]]:
        with self._cond:
            return [m for m in self.lines if m.get("event") == event
                    and all(m.get(k) == v for k, v in fields.items())]

    def account(self, registrar: str, user: str, **kwargs: Any) -> None:
        kwargs.setdefault("password", USERS.get(user, ""))
        self.send("account", registrar=registrar, user=user, **kwargs)

    def close(self) -> int:
        if self.proc.poll() is None:
            try:
                self.send("shutdown", timeout=20)
            except (AssertionError, BrokenPipeError, OSError):
                pass
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self._reader.join(10)
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                try:
                    pipe.close()
                except OSError:
                    pass
        self._log_file.close()
        self.exit_code = self.proc.returncode
        return self.exit_code


@pytest.fixture
def sip_driver(tmp_path: Path) -> Iterator[Callable[..., SipDriver]]:
    started: list[SipDriver] = []

    def start(*args: str, env: dict[str, str] | None = None) -> SipDriver:
        full_env = {**os.environ, "TANDEM_HOME": str(tmp_path / "home"), **(env or {})}
        for attempt in range(3):
            log = tmp_path / f"driver{len(started)}-{attempt}.log"
            try:
                driver = SipDriver(["--rtp-port", str(rtp_range()), *args], full_env, log)
            except AssertionError as exc:
                # Another process on this machine took a port between our pick and pjsip's bind.
                if "Address already in use" in str(exc) and attempt < 2:
                    continue
                raise
            started.append(driver)
            return driver
        raise AssertionError("unreachable")

    yield start
    for driver in started:
        code = driver.close()
        assert code == 0, f"the engine process exited with {code}; log:\n{driver.log.read_text()[-4000:]}"


# --------------------------------------------------------------------------------------- sipp
class Sipp:
    def __init__(self, proc: subprocess.Popen[bytes], port: int, log: Path) -> None:
        self.proc, self.port, self.log = proc, port, log

    def wait(self, timeout: float = 60) -> int:
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
            raise AssertionError(f"sipp did not finish in {timeout:g} s:\n{self.output()}") from None

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


@pytest.fixture
def sipp(tmp_path: Path) -> Iterator[Callable[..., Sipp]]:
    started: list[Sipp] = []
    binary = _need("sipp")

    def run(scenario: str, remote: str | None = None, *extra: str, calls: int = 1,
            transport: str = "u1") -> Sipp:
        port = free_port()
        log = tmp_path / f"sipp{len(started)}.log"
        builtin = scenario in ("uac", "uas")
        args = [binary, "-sn" if builtin else "-sf", scenario if builtin else str(HERE / scenario),
                "-i", "127.0.0.1", "-p", str(port), "-m", str(calls), "-t", transport, "-nostdin",
                "-timeout", "60s", "-timeout_error", "-trace_err", "-trace_msg",
                "-message_file", str(tmp_path / f"sipp{len(started)}.msg"),
                "-error_file", str(tmp_path / f"sipp{len(started)}.err"),
                "-mp", str(free_port()), *extra]
        if remote:
            args.append(remote)
        with log.open("wb") as out:
            proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, cwd=tmp_path,
                                    preexec_fn=die_with_parent)
        sp = Sipp(proc, port, log)
        started.append(sp)
        return sp

    yield run
    for sp in started:
        sp.stop()


# --------------------------------------------------------------------------------------- pulse
PULSE_CONFIG = """load-module module-native-protocol-unix socket={socket} auth-anonymous=1
load-module module-null-sink sink_name=speaker sink_properties=device.description=Speaker rate=48000
load-module module-null-sink sink_name=micfeed sink_properties=device.description=MicFeed rate=48000
load-module module-remap-source source_name=mic master=micfeed.monitor \
  source_properties=device.description=Microphone
set-default-sink speaker
set-default-source mic
"""


class Pulse:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.socket = root / "native"
        self.env = {"PULSE_SERVER": f"unix:{self.socket}", "XDG_RUNTIME_DIR": str(root),
                    "HOME": str(root), "QT_LOGGING_RULES": "qt.multimedia.*=false"}
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        binary = _need("pulseaudio")
        config = self.root / "default.pa"
        config.write_text(PULSE_CONFIG.format(socket=self.socket))
        # As root and without D-Bus: no system mode, no autospawn, a private runtime dir.
        with (self.root / "pulse.log").open("wb") as log:
            self.proc = subprocess.Popen(
                [binary, "-n", "--daemonize=no", "--exit-idle-time=-1", "--disallow-exit",
                 "--use-pid-file=no", "--system=false", "-F", str(config), "--log-target=stderr"],
                stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **self.env},
                preexec_fn=die_with_parent)
        wait_until(lambda: self.pactl("info", check=False).returncode == 0, 20, "PulseAudio to start")

    def pactl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["pactl", *args], env={**os.environ, **self.env}, capture_output=True,
                              text=True, check=check, timeout=20)

    def record(self, source: str, path: Path, rate: int = 16000) -> subprocess.Popen[bytes]:
        """Start recording `source` (e.g. speaker.monitor) as raw 16-bit mono PCM into `path`."""
        return subprocess.Popen(["parec", "--latency-msec=100", "-d", source, f"--rate={rate}",
                                 "--channels=1", "--format=s16le",
                                 "--raw", str(path)], env={**os.environ, **self.env})

    def play(self, sink: str, wav: Path) -> subprocess.Popen[bytes]:
        return subprocess.Popen(["paplay", "-d", sink, str(wav)], env={**os.environ, **self.env})

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


@pytest.fixture(scope="session")
def pulse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pulse]:
    server = Pulse(tmp_path_factory.mktemp("pulse"))
    server.start()
    yield server
    server.stop()


# --------------------------------------------------------------------------------------- audio files
def make_tone(path: Path, freq: float, seconds: float, rate: int = 16000) -> Path:
    subprocess.run([_need("sox"), "-n", "-r", str(rate), "-c", "1", "-b", "16", str(path), "synth",
                    str(seconds), "sine", str(freq), "vol", "0.5"], check=True, timeout=60)
    return path


@pytest.fixture
def tone_wav(tmp_path: Path) -> Callable[..., Path]:
    def make(freq: float, seconds: float = 30.0, rate: int = 16000) -> Path:
        return make_tone(tmp_path / f"tone{int(freq)}-{rate}.wav", freq, seconds, rate)

    return make


# --------------------------------------------------------------------------------------- baresip
class Baresip:
    """baresip as the far end: `command()` sends ctrl_tcp commands, `recordings()` lists the WAV
    files of what it decoded from the call (sndfile module)."""

    def __init__(self, root: Path, sip_port: int, source: str) -> None:
        self.root = root
        self.sip_port = sip_port
        self.ctrl_port = free_port()
        self.dumps = root / "dumps"
        self.dumps.mkdir()
        (root / "config").write_text("\n".join([
            "poll_method epoll",
            f"sip_listen 127.0.0.1:{sip_port}",
            "net_interface 127.0.0.1",
            "dns_server 127.0.0.1:53",
            f"audio_source {source}",
            "audio_player aubridge,x",
            "audio_alert aubridge,x",
            "audio_srate 8000-48000",
            "module_path /usr/lib/baresip/modules",
            "module g722.so",  # first: baresip offers its codecs in load order
            "module g711.so",
            "module aufile.so",
            "module ausine.so",
            "module aubridge.so",
            "module sndfile.so",
            f"snd_path {self.dumps}",
            "module_app account.so",
            "module_app menu.so",
            "module_app ctrl_tcp.so",
            f"ctrl_tcp_listen 127.0.0.1:{self.ctrl_port}",
            "rtp_ports 40000-40999",
            "",
        ]))
        (root / "accounts").write_text(f"<sip:far@127.0.0.1:{sip_port}>;regint=0;answermode=auto\n")
        (root / "contacts").write_text("")
        with (root / "baresip.log").open("wb") as log:
            self.proc = subprocess.Popen([_need("baresip"), "-f", str(root)], stdout=log,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         preexec_fn=die_with_parent)
        wait_until(lambda: _tcp_open(self.ctrl_port) or self.proc.poll() is not None, 20, "baresip to start")
        if self.proc.poll() is not None:
            raise AssertionError(f"baresip did not start: {(root / 'baresip.log').read_text()[-3000:]}")

    def command(self, command: str, params: str = "") -> str:
        body = json.dumps({"command": command, "params": params, "token": "t"}).encode()
        frame = f"{len(body)}:".encode() + body + b","  # netstring framing
        with socket.create_connection(("127.0.0.1", self.ctrl_port), timeout=10) as conn:
            conn.sendall(frame)
            conn.settimeout(10)
            data = b""
            try:
                while b"," not in data[data.find(b":") + 1:] or data.count(b'"response"') == 0:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    data += chunk
            except TimeoutError:
                pass
        return data.decode(errors="replace")

    def recordings(self) -> list[Path]:
        return sorted(self.dumps.glob("*.wav"))

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


@pytest.fixture
def baresip(tmp_path: Path) -> Iterator[Callable[..., Baresip]]:
    started: list[Baresip] = []

    def start(source: str) -> Baresip:
        root = tmp_path / f"baresip{len(started)}"
        root.mkdir()
        ua = Baresip(root, free_port(), source)
        started.append(ua)
        return ua

    yield start
    for ua in started:
        ua.stop()


class Lines:
    """Collects a subprocess's stdout lines in a thread (for `tandem sip answer --announce`)."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        self.proc = proc
        self.queue: queue.Queue[bytes] = queue.Queue()
        self.all: list[bytes] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.all.append(line)
            self.queue.put(line)

    def next_json(self, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("timed out waiting for a JSON line")
            try:
                line = self.queue.get(timeout=left)
            except queue.Empty:
                continue
            try:
                value = json.loads(line)
            except ValueError:
                continue
            if isinstance(value, dict):
                return value


# --------------------------------------------------------------------------------------- the CLI
@pytest.fixture
def tandem_sip(tmp_path: Path) -> Callable[..., tuple[int, dict[str, Any]]]:
    """Run `tandem sip ...` to the end; returns (exit status, the JSON result line)."""

    def run(*args: str, password: str | None = None, timeout: float = 120,
            env: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
        full_env = {**os.environ, "TANDEM_HOME": str(tmp_path / "home"), **(env or {})}
        if password is not None:
            full_env["TANDEM_SIP_PASSWORD"] = password
        if "--rtp-port" not in args and args[0] != "register":
            args = (*args, "--rtp-port", str(rtp_range()))
        if "--bind" not in args:
            args = (*args, "--bind", "127.0.0.1")
        proc = subprocess.run([sys.executable, "-m", "tandem", "sip", *args], env=full_env,
                              capture_output=True, text=True, timeout=timeout)
        lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
        assert lines, f"no JSON result (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr[-3000:]}"
        return proc.returncode, json.loads(lines[-1])

    return run


@pytest.fixture
def tandem_sip_background(tmp_path: Path) -> Iterator[Callable[..., tuple[subprocess.Popen[bytes], Lines]]]:
    """Start `tandem sip ...` in the background (e.g. `answer --announce`); stdout read as lines."""
    started: list[subprocess.Popen[bytes]] = []

    def start(*args: str, password: str | None = None,
              env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], Lines]:
        full_env = {**os.environ, "TANDEM_HOME": str(tmp_path / "home"), **(env or {})}
        if password is not None:
            full_env["TANDEM_SIP_PASSWORD"] = password
        if "--rtp-port" not in args:
            args = (*args, "--rtp-port", str(rtp_range()))
        if "--bind" not in args:
            args = (*args, "--bind", "127.0.0.1")
        with (tmp_path / f"tandem-bg{len(started)}.log").open("wb") as err:
            proc = subprocess.Popen([sys.executable, "-m", "tandem", "sip", *args], env=full_env,
                                    stdout=subprocess.PIPE, stderr=err)
        started.append(proc)
        return proc, Lines(proc)

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)
        if proc.stdout is not None:
            proc.stdout.close()


# --------------------------------------------------------------------------------------- TLS
def make_certificates(directory: Path) -> tuple[Path, Path, Path]:
    """A throw-away CA and a server certificate for 127.0.0.1/localhost signed by it."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    def name(cn: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    now = datetime.datetime.now(datetime.timezone.utc)
    start, end = now - datetime.timedelta(days=1), now + datetime.timedelta(days=2)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(name("Tandem test CA")).issuer_name(name("Tandem test CA"))
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(start).not_valid_after(end)
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(name("127.0.0.1")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(end)
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                        x509.DNSName("localhost")]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    ca_file, cert_file, key_file = directory / "ca.pem", directory / "server.pem", directory / "server.key"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return ca_file, cert_file, key_file


@pytest.fixture
def certificates(tmp_path: Path) -> tuple[Path, Path, Path]:
    certs = tmp_path / "certs"
    certs.mkdir()
    return make_certificates(certs)


class TlsRegistrar:
    """A minimal SIP registrar over TLS (Python's ssl): answers every REGISTER with 200 OK.

    SIPp from Debian is built without OpenSSL and kamailio's TLS module is a separate package, so the
    TLS tests talk to this small real TLS peer instead.
    """

    def __init__(self, cert: Path, key: Path) -> None:
        import ssl

        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(str(cert), str(key))
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.port = int(self.listener.getsockname()[1])
        self.registers = 0
        self.handshake_errors: list[str] = []
        self._stop = False
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        import ssl

        self.listener.settimeout(0.2)
        while not self._stop:
            try:
                raw, _ = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            try:
                conn = self.context.wrap_socket(raw, server_side=True)
            except (ssl.SSLError, OSError) as exc:
                self.handshake_errors.append(str(exc))
                raw.close()
                continue
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        buf = b""
        conn.settimeout(30)
        with conn:
            while not self._stop:
                try:
                    chunk = conn.recv(65536)
                except OSError:
                    return
                if not chunk:
                    return
                buf += chunk
                while b"\r\n\r\n" in buf:
                    head, _, rest = buf.partition(b"\r\n\r\n")
                    lines = head.decode(errors="replace").split("\r\n")
                    headers = {}
                    for line in lines[1:]:
                        key, _, value = line.partition(":")
                        headers.setdefault(key.strip().lower(), value.strip())
                    length = int(headers.get("content-length", headers.get("l", "0")) or 0)
                    if len(rest) < length:
                        break
                    buf = rest[length:]
                    if not lines[0].startswith("REGISTER"):
                        continue
                    self.registers += 1
                    to = headers.get("to", headers.get("t", ""))
                    reply = "\r\n".join([
                        "SIP/2.0 200 OK",
                        f"Via: {headers.get('via', headers.get('v', ''))}",
                        f"From: {headers.get('from', headers.get('f', ''))}",
                        f"To: {to}{'' if 'tag=' in to else ';tag=tls-registrar'}",
                        f"Call-ID: {headers.get('call-id', headers.get('i', ''))}",
                        f"CSeq: {headers.get('cseq', '')}",
                        f"Contact: {headers.get('contact', headers.get('m', ''))};expires=300",
                        "Content-Length: 0", "", ""])
                    conn.sendall(reply.encode())

    def stop(self) -> None:
        self._stop = True
        self.listener.close()
        self._thread.join(5)


@pytest.fixture
def tls_registrar(certificates: tuple[Path, Path, Path]) -> Iterator[TlsRegistrar]:
    _ca, cert, key = certificates
    registrar = TlsRegistrar(cert, key)
    yield registrar
    registrar.stop()
