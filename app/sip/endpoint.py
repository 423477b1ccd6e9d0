"""The softphone engine: the one pjsua2 Endpoint of the process, its transports, accounts and calls.

Threading: pjsua2 runs with `threadCnt=0` and `mainThreadOnly=True`; nothing happens in pjsip until
`poll()` calls the non-blocking `libHandleEvents(0)`. `pump()` does that every 10 ms from a plain
asyncio loop (and therefore also under qasync, where the asyncio loop is Qt's). Every callback and
every event is thus delivered on the loop thread. Only pjmedia's clock thread runs on its own; it
only touches the audio bridge's ring buffers.

Ownership: the engine holds the only strong references to every account, call, player, recorder
and audio port. `shutdown()` takes them down in the order pjsua2 needs (hang up, disconnect media,
wait, delete, collect, `libDestroy`) and never leaves one for the garbage collector. As a safety
net it also remembers (weakly) every pjsua2 object made through it: one still referenced from
outside at shutdown is released without its C++ destructor instead of aborting the process.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import gc
import logging
import os
import ssl
import sys
import time
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import pjsua2 as pj

from tandem import __version__
from tandem.core.errors import EnvironmentProblem, TandemError
from tandem.sip.account import AccountSpec, SipAccount
from tandem.sip.call import CallError, SipCall, pj_error_text
from tandem.sip.events import (
    CallEnded,
    CallState,
    CallStateChanged,
    Direction,
    EventBus,
    Listener,
    Party,
    SipEvent,
)
from tandem.sip.pinning import check_pin

log = logging.getLogger(__name__)
_T = TypeVar("_T")

_TRANSPORTS = {"udp": pj.PJSIP_TRANSPORT_UDP, "tcp": pj.PJSIP_TRANSPORT_TCP, "tls": pj.PJSIP_TRANSPORT_TLS}
# pjmedia needs this long after stopTransmit before a port may be deleted (conference bridge tick).
_MEDIA_SETTLE_S = 0.08


# States in which the next SIP message is due within milliseconds (not EARLY: ringing lasts).
_SETUP_STATES = frozenset({CallState.CALLING, CallState.INCOMING, CallState.CONNECTING})


class EngineError(EnvironmentProblem):
    """The SIP engine could not do what was asked; the message says what and why."""


@dataclass(frozen=True)
class EngineOptions:
    sip_port: int = 0  # local SIP port for UDP/TCP (TLS uses the next one); 0: any free port
    bind_address: str = ""  # local address for SIP and RTP (e.g. 127.0.0.1); empty: all, best guess
    rtp_port: int = 4000  # first local RTP port; give every process its own range
    rtp_port_range: int = 100
    transports: tuple[str, ...] = ("udp", "tcp", "tls")
    tls_ca_file: str = ""  # empty: the system CA bundle
    user_agent: str = f"Tandem/{__version__}"
    clock_rate: int = 16000
    # codec ids in priority order; the ones not listed are switched off
    codecs: tuple[str, ...] = ("G722/16000", "PCMA/8000", "PCMU/8000")
    stun_servers: tuple[str, ...] = ()
    nameservers: tuple[str, ...] = ()  # empty: the system resolver
    log_level: int = 1  # pjsip log level forwarded to Python logging (0-6)
    auto_ringing: bool = True  # answer incoming INVITEs with 180 Ringing at once


class _LogWriter(pj.LogWriter):  # type: ignore[misc]
    def write(self, entry: pj.LogEntry) -> None:
        log.debug("pjsip: %s", str(entry.msg).rstrip())


class SipEngine:
    """One per process. Create, `start()`, run `pump()` (or call `poll()`), `shutdown()`."""

    _live: SipEngine | None = None

    def __init__(self, options: EngineOptions | None = None) -> None:
        self.options = options or EngineOptions()
        self.events = EventBus(on_error=lambda exc: log.exception("SIP event listener failed", exc_info=exc))
        self.auto_ringing = self.options.auto_ringing
        self._ep: Any = None
        self._log_writer: Any = None
        self._transport_ids: dict[str, int] = {}
        self.accounts: dict[str, SipAccount] = {}
        self.calls: dict[int, SipCall] = {}
        self._unbound: list[SipCall] = []  # created before pjsip gave them an id (REFER)
        self._ending: list[SipCall] = []  # DISCONNECTED, deleted on the next tick
        self._retired: list[tuple[float, object]] = []  # media objects waiting to be deleted
        self._deferred: list[Callable[[], None]] = []
        self._local_audio: Any = None  # pj.AudioMedia of the audio bridge (mic and speaker)
        self._conference: set[int] = set()
        # Every pjsua2 object made through the engine, to neutralise any that outlive it (below).
        self._owned: weakref.WeakSet[Any] = weakref.WeakSet()
        self._pump_task: asyncio.Task[None] | None = None
        self._background: set[asyncio.Task[None]] = set()
        self._tick_hooks: list[Callable[[], None]] = []
        self._shutdown_hooks: list[Callable[[], None]] = []
        self._running = False

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        if SipEngine._live is not None:
            raise EngineError("a SIP engine is already running in this process (pjsua2 allows one)")
        ep = pj.Endpoint()
        try:
            with _quiet_stdout():
                ep.libCreate()  # logs to stdout before our log writer can be installed
            cfg = pj.EpConfig()
            cfg.uaConfig.threadCnt = 0
            cfg.uaConfig.mainThreadOnly = True
            cfg.uaConfig.userAgent = self.options.user_agent
            cfg.uaConfig.maxCalls = 8
            for server in self.options.stun_servers:
                cfg.uaConfig.stunServer.append(server)
            cfg.uaConfig.stunIgnoreFailure = True
            for server in self.options.nameservers:
                cfg.uaConfig.nameserver.append(server)
            self._log_writer = _LogWriter()
            cfg.logConfig.writer = self._log_writer
            cfg.logConfig.level = self.options.log_level
            cfg.logConfig.consoleLevel = 0
            cfg.logConfig.decor = 0
            cfg.medConfig.clockRate = self.options.clock_rate
            cfg.medConfig.sndClockRate = self.options.clock_rate
            cfg.medConfig.channelCount = 1
            cfg.medConfig.noVad = True
            cfg.medConfig.ecTailLen = 0
            ep.libInit(cfg)
            self._create_transports(ep)
            ep.libStart()
            # The PyPI wheel has no sound devices: run the conference clock on the null device and
            # bridge real audio through Qt Multimedia (tandem.sip.audio_bridge).
            ep.audDevManager().setNullDev()
            self._set_codecs(ep)
        except pj.Error as exc:
            self._ep = ep
            self._destroy()
            raise EngineError(f"the SIP engine could not start: {pj_error_text(exc)}") from None
        self._ep = ep
        self._running = True
        SipEngine._live = self
        atexit.register(self._at_exit)
        log.info("SIP engine started (pjsip %s) on %s", ep.libVersion().full, self.local_ports())

    def _create_transports(self, ep: Any) -> None:
        port = self.options.sip_port
        for name in self.options.transports:
            tc = pj.TransportConfig()
            if self.options.bind_address:
                tc.boundAddress = self.options.bind_address
                tc.publicAddress = self.options.bind_address
            if name == "tls":
                tc.port = port + 1 if port else 0
                tc.tlsConfig.method = pj.PJSIP_TLSV1_2_METHOD
                tc.tlsConfig.CaListFile = self.options.tls_ca_file or system_ca_bundle()
                tc.tlsConfig.verifyServer = True
            else:
                tc.port = port
            try:
                tid = ep.transportCreate(_TRANSPORTS[name], tc)
            except pj.Error as exc:
                if name == "tls":
                    log.warning("no SIP over TLS: %s", pj_error_text(exc))
                    continue
                raise
            self._transport_ids[name] = tid
            if not port and name == "udp":
                port = int(ep.transportGetInfo(tid).localName.rsplit(":", 1)[1])

    def _set_codecs(self, ep: Any) -> None:
        if not self.options.codecs:
            return
        wanted = {c.lower(): 254 - i for i, c in enumerate(self.options.codecs)}
        for info in ep.codecEnum2():
            codec_id = str(info.codecId)
            prio = next((p for name, p in wanted.items() if codec_id.lower().startswith(name)), 0)
            ep.codecSetPriority(codec_id, prio)

    def local_ports(self) -> dict[str, int]:
        """The local port of each SIP transport, e.g. {"udp": 5060, "tcp": 5060, "tls": 5061}."""
        ports = {}
        for name, tid in self._transport_ids.items():
            if name != "tls-pinned":
                ports[name] = int(self._ep.transportGetInfo(tid).localName.rsplit(":", 1)[1])
        return ports

    @property
    def running(self) -> bool:
        return self._running

    def status_text(self, status: int) -> str:
        return str(self._ep.utilStrError(status))

    # ------------------------------------------------------------------ the pump
    def poll(self) -> int:
        """Handle pending SIP events without blocking; returns how many were handled."""
        if not self._running:
            return 0
        handled = 0
        for _ in range(32):  # drain bursts, but never starve the loop
            n = self._ep.libHandleEvents(0)
            if n <= 0:
                break
            handled += n
        self._after_tick()
        return handled

    async def pump(self, interval: float = 0.01) -> None:
        """Poll until shutdown; run it as a task on the asyncio/qasync loop.

        Every `interval` seconds when nothing happens; every 2 ms while a call is being set up or
        events keep coming, so a SIP round trip does not wait a whole interval at each hop (call
        setup through a proxy crosses our pump four times). RTP is not affected: pjmedia receives
        it on its own thread.
        """
        while self._running:
            busy = self.poll() > 0 or any(c.state in _SETUP_STATES for c in self.calls.values())
            await asyncio.sleep(min(interval, 0.002) if busy else interval)

    def start_pump(self, interval: float = 0.01) -> asyncio.Task[None]:
        if self._pump_task is None or self._pump_task.done():
            self._pump_task = asyncio.get_running_loop().create_task(self.pump(interval), name="sip-pump")
        return self._pump_task

    def next_event(self, predicate: Callable[[SipEvent], bool]) -> asyncio.Future[SipEvent]:
        """A future for the next event matching `predicate`, listening from now on.

        Create it before the action that causes the event: some events (e.g. DISCONNECTED after a
        local hang-up) are published inside the call that causes them.
        """
        future: asyncio.Future[SipEvent] = asyncio.get_running_loop().create_future()

        def listener(event: SipEvent) -> None:
            if not future.done() and predicate(event):
                future.set_result(event)

        unsubscribe = self.events.subscribe(listener)
        future.add_done_callback(lambda _f: unsubscribe())
        return future

    async def wait_for(self, predicate: Callable[[SipEvent], bool], timeout: float) -> SipEvent:
        """The first event matching `predicate` within `timeout` seconds (raises TimeoutError)."""
        return await asyncio.wait_for(self.next_event(predicate), timeout)

    def _after_tick(self) -> None:
        for unbound in list(self._unbound):
            call_id = unbound.getId()
            if call_id >= 0:
                self._unbound.remove(unbound)
                self.calls[call_id] = unbound
        deferred, self._deferred = self._deferred, []
        for action in deferred:
            try:
                action()
            except TandemError as exc:
                log.info("deferred SIP action failed: %s", exc)
        if self._ending:
            ending, self._ending = self._ending, []
            for call in ending:
                call.release_media()
                if self.calls.get(call.call_id) is call:
                    del self.calls[call.call_id]
                self._conference.discard(call.call_id)
            del call, ending  # no loop variable may keep a dead Call alive
        for hook in list(self._tick_hooks):
            hook()
        if self._retired:
            now = time.monotonic()
            self._retired = [(t, obj) for t, obj in self._retired if now - t < _MEDIA_SETTLE_S]

    def add_tick_hook(self, hook: Callable[[], None]) -> None:
        """Run `hook` on the loop thread after every poll (the audio bridge reports devices so)."""
        self._tick_hooks.append(hook)

    def remove_tick_hook(self, hook: Callable[[], None]) -> None:
        if hook in self._tick_hooks:
            self._tick_hooks.remove(hook)

    def add_shutdown_hook(self, hook: Callable[[], None]) -> None:
        """Run `hook` first thing in shutdown, while the library still runs (owners of ports)."""
        self._shutdown_hooks.append(hook)

    def remove_shutdown_hook(self, hook: Callable[[], None]) -> None:
        if hook in self._shutdown_hooks:
            self._shutdown_hooks.remove(hook)

    def defer(self, action: Callable[[], None]) -> None:
        """Run `action` after the current pjsip callback returned (never delete objects inside one)."""
        self._deferred.append(action)

    def track(self, obj: _T) -> _T:
        """Remember a pjsua2 object so shutdown can make it harmless if someone still holds it."""
        self._owned.add(obj)
        return obj

    def retire(self, *objects: object) -> None:
        """Delete these media objects once the conference bridge no longer uses them."""
        now = time.monotonic()
        self._retired.extend((now, obj) for obj in objects)

    # ------------------------------------------------------------------ events
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        return self.events.subscribe(listener)

    def publish(self, event: SipEvent) -> None:
        self.events.publish(event)

    def call_state_changed(self, call: SipCall, event: CallStateChanged) -> None:
        if event.call_id >= 0 and event.call_id not in self.calls and call in self._unbound:
            self._unbound.remove(call)
            self.calls[event.call_id] = call
        self.publish(event)

    def call_ended(self, call: SipCall, event: CallEnded) -> None:
        self._ending.append(call)
        self.publish(event)

    # ------------------------------------------------------------------ accounts
    def add_account(self, spec: AccountSpec) -> SipAccount:
        self._require_running()
        if spec.name in self.accounts:
            raise EngineError(f"the account {spec.name} is already set up")
        if spec.transport not in self._transport_ids:
            raise EngineError(f"SIP over {spec.transport.upper()} is not available in this engine")
        account = self.track(SipAccount(self, spec))
        cfg = spec.pj_config(self.options.rtp_port, self.options.rtp_port_range)
        if self.options.bind_address:
            cfg.mediaConfig.transportConfig.boundAddress = self.options.bind_address
            cfg.mediaConfig.transportConfig.publicAddress = self.options.bind_address
        pinned = spec.transport == "tls" and bool(spec.tls_pin_sha256)
        if pinned:
            # The pin replaces CA verification: use the TLS transport without it, and register
            # only after our own check of the certificate (tandem.sip.pinning).
            cfg.sipConfig.transportId = self._pinned_tls_transport()
            cfg.regConfig.registerOnAdd = False
        try:
            account.create(cfg, True)
        except pj.Error as exc:
            raise EngineError(f"the account {spec.name} was refused: {pj_error_text(exc)}") from None
        self.accounts[spec.name] = account
        if pinned and spec.register:
            task = asyncio.get_running_loop().create_task(self._register_if_pinned(account))
            self._background.add(task)
            task.add_done_callback(self._background.discard)
        return account

    def _pinned_tls_transport(self) -> int:
        if "tls-pinned" not in self._transport_ids:
            tc = pj.TransportConfig()
            if self.options.bind_address:
                tc.boundAddress = self.options.bind_address
                tc.publicAddress = self.options.bind_address
            tc.tlsConfig.method = pj.PJSIP_TLSV1_2_METHOD
            tc.tlsConfig.verifyServer = False
            try:
                self._transport_ids["tls-pinned"] = self._ep.transportCreate(pj.PJSIP_TRANSPORT_TLS, tc)
            except pj.Error as exc:
                raise EngineError(f"no SIP over TLS: {pj_error_text(exc)}") from None
        return self._transport_ids["tls-pinned"]

    async def _register_if_pinned(self, account: SipAccount) -> None:
        problem = await check_pin(account.spec.registrar, account.spec.tls_pin_sha256)
        if not self._running or account.spec.name not in self.accounts:
            return
        if problem:
            account.fail(problem)
            return
        try:
            account.setRegistration(True)
        except pj.Error as exc:
            account.fail(f"registration failed: {pj_error_text(exc)}")

    def remove_account(self, account: SipAccount) -> None:
        self.accounts.pop(account.spec.name, None)
        try:
            account.shutdown()
        except pj.Error as exc:
            log.info("account %s shutdown: %s", account.spec.name, pj_error_text(exc))

    def handle_ip_change(self) -> None:
        """After a network change: restart transports, re-register and refresh running calls."""
        self._require_running()
        prm = pj.IpChangeParam()
        try:
            self._ep.handleIpChange(prm)
        except pj.Error as exc:
            raise EngineError(f"could not recover from the network change: {pj_error_text(exc)}") from None

    # ------------------------------------------------------------------ calls
    def make_call(self, account: SipAccount, target: str) -> SipCall:
        """Dial `target` (a number or a SIP URI) from `account`; CALLING is published at once."""
        self._require_running()
        uri = account.spec.uri(target)
        call = self.track(SipCall(self, account, pj.PJSUA_INVALID_ID, Direction.OUTGOING, Party(uri=uri)))
        prm = pj.CallOpParam(True)
        prm.opt.audioCount = 1
        prm.opt.videoCount = 0
        try:
            call.makeCall(uri, prm)
        except pj.Error as exc:
            del call
            raise CallError(f"could not call {uri}: {pj_error_text(exc)}") from None
        call_id = call.getId()
        call._id = call_id
        self.calls[call_id] = call
        return call

    def adopt_call(self, account: SipAccount, call_id: int, direction: Direction, remote: Party) -> SipCall:
        """Own a call pjsip created (incoming INVITE, REFER, Replaces)."""
        call = self.track(SipCall(self, account, call_id, direction, remote))
        if call_id >= 0:
            self.calls[call_id] = call
        else:
            self._unbound.append(call)
        return call

    def call(self, call_id: int) -> SipCall:
        try:
            return self.calls[call_id]
        except KeyError:
            raise CallError(f"there is no call {call_id} (it may have ended)") from None

    def has_active_calls(self) -> bool:
        return any(not c.ended for c in self.calls.values())

    def hangup_all(self) -> None:
        for call in list(self.calls.values()):
            if not call.ended:
                try:
                    call.hangup()
                except CallError as exc:
                    log.info("%s", exc)

    # ------------------------------------------------------------------ audio wiring
    def set_local_audio(self, media: Any) -> None:
        """Connect every call to this conference port (the audio bridge), or to nothing (None)."""
        old = self._local_audio
        for call in self.calls.values():
            if call.audio is not None and old is not None:
                _stop(old, call.audio)
                _stop(call.audio, old)
        self._local_audio = media
        if media is not None:
            self.track(media)
        for call in self.calls.values():
            self.reconnect_audio(call)

    def media_changed(self, call: SipCall, audio: Any) -> None:
        call.audio = audio
        self.reconnect_audio(call)
        call.connect_files()

    def reconnect_audio(self, call: SipCall) -> None:
        if call.audio is None:
            return
        local = self._local_audio
        if local is not None:
            call.audio.startTransmit(local)
            if call.muted or call.hold.value in ("local", "both"):
                _stop(local, call.audio)
            else:
                local.startTransmit(call.audio)
        if call.call_id in self._conference:
            for other in self.calls.values():
                if other is not call and other.call_id in self._conference and other.audio is not None:
                    call.audio.startTransmit(other.audio)
                    other.audio.startTransmit(call.audio)

    def conference(self, calls: list[SipCall]) -> None:
        """Local 3-way conference: everyone in `calls` hears everyone else and us."""
        if len(calls) < 2:
            raise CallError("a conference needs at least two calls")
        for call in calls:
            if call.hold.value in ("local", "both"):
                call.set_hold(False)
        self._conference = {c.call_id for c in calls}
        for call in calls:
            self.reconnect_audio(call)

    # ------------------------------------------------------------------ shutdown
    def shutdown(self, grace_s: float = 1.0) -> None:
        """Hang up, unregister, release every pjsua2 object, destroy the library. Safe to call twice."""
        if not self._running:
            return
        self._running = False
        for task in list(self._background):
            task.cancel()
        deadline = time.monotonic() + grace_s
        try:
            self.hangup_all()
            self._spin_until(lambda: not self.has_active_calls(), deadline)
            for account in list(self.accounts.values()):
                self.remove_account(account)
            self._spin_until(lambda: False, min(deadline, time.monotonic() + 0.05))
        except pj.Error as exc:
            log.warning("SIP shutdown: %s", pj_error_text(exc))
        self._destroy()

    def _spin_until(self, done: Callable[[], bool], deadline: float) -> None:
        while time.monotonic() < deadline and not done():
            self._ep.libHandleEvents(0)
            self._after_tick()
            time.sleep(0.005)

    def _destroy(self) -> None:
        ep = self._ep
        if ep is None:
            return
        for hook in list(self._shutdown_hooks):
            try:
                hook()
            except Exception:
                log.exception("SIP shutdown hook failed")
        self._shutdown_hooks.clear()
        self._tick_hooks.clear()
        if self._local_audio is not None:
            self.set_local_audio(None)
        for call in list(self.calls.values()) + self._unbound + self._ending:
            call.ended = True
            call.release_media()
        self._deferred.clear()
        # Give the conference bridge a tick to forget the ports before they are deleted.
        time.sleep(_MEDIA_SETTLE_S)
        self._retired.clear()
        self.calls.clear()
        self._unbound.clear()
        self._ending.clear()
        self.accounts.clear()
        self._conference.clear()
        gc.collect()
        # Whatever is still referenced from outside (a variable in a caller's frame, a global, or
        # pjsua2's own director reference to an account) would run its C++ destructor after
        # libDestroy and abort the process: let it go without that destructor instead.
        for survivor in list(self._owned):
            log.debug("a %s outlived the SIP engine; released without its destructor",
                      type(survivor).__name__)
            survivor.thisown = False
        self._owned = weakref.WeakSet()
        try:
            ep.libDestroy(pj.PJSUA_DESTROY_NO_NETWORK)
        except pj.Error as exc:
            log.warning("SIP library teardown: %s", pj_error_text(exc))
        self._ep = None
        del ep
        self._log_writer = None
        gc.collect()
        if SipEngine._live is self:
            SipEngine._live = None
        atexit.unregister(self._at_exit)
        log.info("SIP engine stopped")

    def _at_exit(self) -> None:
        # A forgotten shutdown must not turn into an abort in pjsua2's static destructors.
        try:
            self.shutdown(grace_s=0.2)
        except Exception:
            os._exit(70)

    def _require_running(self) -> None:
        if not self._running:
            raise EngineError("the SIP engine is not running")

    def __enter__(self) -> SipEngine:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()


def system_ca_bundle() -> str:
    """The CA bundle file OpenSSL uses on this system (pjsip needs a file, not a store)."""
    paths = ssl.get_default_verify_paths()
    for candidate in (paths.cafile, paths.openssl_cafile, "/etc/ssl/certs/ca-certificates.crt",
                      "/etc/pki/tls/certs/ca-bundle.crt"):
        if candidate and os.path.isfile(candidate):
            return candidate
    return ""


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Silence the C library's stdout (file descriptor 1) for a moment; headless commands print JSON."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _stop(source: Any, sink: Any) -> None:
    try:
        source.stopTransmit(sink)
    except pj.Error:
        pass

