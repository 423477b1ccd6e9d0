"""A SIP account: what to register as (`AccountSpec`), and the pjsua2 `Account` that does it.

Registration keeps itself alive: rport/contact rewriting and keep-alives are on, pjsip retries a
failed or lost registration every `retry_s` seconds (so Tandem re-registers by itself after the
registrar restarts), and `SipEngine.handle_ip_change()` re-registers after a network change.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import pjsua2 as pj

from tandem.core.errors import ConfigurationError
from tandem.sip.events import Direction, IncomingCall, RegistrationChanged, RegistrationState
from tandem.sip.pinning import normalise_fingerprint
from tandem.sip.signalling import caller_identity, registration_reason

if TYPE_CHECKING:
    from tandem.config.settings import SipSettings
    from tandem.sip.endpoint import SipEngine

log = logging.getLogger(__name__)

Transport = Literal["udp", "tcp", "tls"]
Srtp = Literal["off", "optional", "mandatory"]
_SRTP = {"off": pj.PJMEDIA_SRTP_DISABLED, "optional": pj.PJMEDIA_SRTP_OPTIONAL,
         "mandatory": pj.PJMEDIA_SRTP_MANDATORY}


@dataclass(frozen=True)
class AccountSpec:
    """Everything needed to register one SIP subscriber. The password is never logged or shown."""

    registrar: str  # host or host:port
    user: str
    password: str = field(repr=False, default="")
    auth_user: str = ""  # empty: same as user
    display_name: str = ""
    transport: Transport = "udp"
    srtp: Srtp = "off"
    outbound_proxy: str = ""
    stun: bool = False  # use the engine's STUN servers for the SIP contact
    register: bool = True
    expires: int = 300
    keepalive_s: int = 15
    retry_s: int = 5  # wait before retrying a failed registration
    prack: bool = True  # offer 100rel (PRACK) and accept it when the peer requires it
    tls_pin_sha256: str = ""  # the registrar's certificate fingerprint: replaces CA verification

    def __post_init__(self) -> None:
        if not self.registrar.strip():
            raise ConfigurationError("sip.registrar: the SIP registrar (host or host:port) is empty",
                                     "sip.registrar")
        if not self.user.strip() or any(c in self.user for c in " <>@:;"):
            raise ConfigurationError(f"sip.user: {self.user!r} is not a SIP user name (an extension such "
                                     "as 201)", "sip.user")
        if self.transport not in ("udp", "tcp", "tls"):
            raise ConfigurationError(f"sip.transport: must be udp, tcp or tls, not {self.transport!r}",
                                     "sip.transport")
        if self.tls_pin_sha256 and len(normalise_fingerprint(self.tls_pin_sha256)) != 64:
            raise ConfigurationError("sip.tls_pin_sha256: must be a SHA-256 fingerprint (64 hex digits, "
                                     "colons allowed)", "sip.tls_pin_sha256")
        if self.srtp not in _SRTP:
            raise ConfigurationError(f"sip.srtp: must be off, optional or mandatory, not {self.srtp!r}",
                                     "sip.srtp")

    @classmethod
    def from_settings(cls, settings: SipSettings, password: str) -> AccountSpec:
        return cls(registrar=settings.registrar, user=settings.user, password=password,
                   auth_user=settings.auth_user, display_name=settings.display_name,
                   transport=settings.transport, srtp=settings.srtp,
                   outbound_proxy=settings.outbound_proxy, stun=bool(settings.stun_server),
                   register=settings.register, expires=settings.register_expiry,
                   tls_pin_sha256=settings.tls_pin_sha256)

    @property
    def name(self) -> str:
        """How the account is named in events: user@registrar."""
        return f"{self.user}@{self.registrar}"

    def uri(self, target: str) -> str:
        """A dialled number or URI as a SIP URI routed like our registration (same transport)."""
        target = target.strip()
        if target.startswith(("sip:", "sips:")):
            return target
        if target.startswith("tel:"):
            target = target[4:]
        host = self.registrar if "@" not in target else ""
        uri = f"sip:{target}@{host}" if host else f"sip:{target}"
        return uri + self._transport_param()

    def _transport_param(self) -> str:
        return "" if self.transport == "udp" else f";transport={self.transport}"

    def pj_config(self, rtp_port: int, rtp_port_range: int) -> pj.AccountConfig:
        cfg = pj.AccountConfig()
        name = f'"{self.display_name}" ' if self.display_name else ""
        cfg.idUri = f"{name}<sip:{self.user}@{self.registrar.split(':')[0]}>"
        if self.register:
            cfg.regConfig.registrarUri = f"sip:{self.registrar}{self._transport_param()}"
        cfg.regConfig.registerOnAdd = self.register
        cfg.regConfig.timeoutSec = self.expires
        cfg.regConfig.retryIntervalSec = self.retry_s
        cfg.regConfig.firstRetryIntervalSec = self.retry_s
        cfg.regConfig.randomRetryIntervalSec = 0
        cfg.regConfig.dropCallsOnFail = False
        cfg.regConfig.unregWaitMsec = 500
        cfg.sipConfig.authCreds.append(
            pj.AuthCredInfo("digest", "*", self.auth_user or self.user, 0, self.password))
        if self.outbound_proxy:
            proxy = self.outbound_proxy
            if not proxy.startswith("sip"):
                proxy = f"sip:{proxy}"
            cfg.sipConfig.proxies.append(f"{proxy};lr{self._transport_param()}")
        # rport/received: rewrite the Contact and Via to what the registrar saw (NAT), keep-alives on.
        cfg.natConfig.contactRewriteUse = 1
        cfg.natConfig.viaRewriteUse = 1
        cfg.natConfig.udpKaIntervalSec = self.keepalive_s
        cfg.natConfig.sipStunUse = pj.PJSUA_STUN_USE_DEFAULT if self.stun else pj.PJSUA_STUN_USE_DISABLED
        cfg.natConfig.mediaStunUse = cfg.natConfig.sipStunUse
        cfg.mediaConfig.srtpUse = _SRTP[self.srtp]
        # SDES over plain UDP/TCP signalling: OSBiz offers SRTP keys without requiring sips:.
        cfg.mediaConfig.srtpSecureSignaling = 0
        cfg.mediaConfig.transportConfig.port = rtp_port
        cfg.mediaConfig.transportConfig.portRange = rtp_port_range
        cfg.callConfig.prackUse = pj.PJSUA_100REL_OPTIONAL if self.prack else pj.PJSUA_100REL_NOT_USED
        return cfg


class SipAccount(pj.Account):  # type: ignore[misc]
    """The pjsua2 account; owned by the engine, which deletes it at shutdown."""

    def __init__(self, engine: SipEngine, spec: AccountSpec) -> None:
        super().__init__()
        self.engine = engine
        self.spec = spec
        self.state = RegistrationState.UNREGISTERED
        self.code = 0
        self.reason = "not registered"

    def onRegStarted(self, prm: pj.OnRegStartedParam) -> None:
        if prm.renew and self.state is not RegistrationState.REGISTERED:
            self._set(RegistrationState.REGISTERING, 0, "registering")

    def onRegState(self, prm: pj.OnRegStateParam) -> None:
        code = int(prm.code)
        expires = int(prm.expiration)
        status_text = ""
        if prm.status != 0:
            try:
                status_text = str(self.engine.status_text(int(prm.status)))
            except Exception:
                status_text = ""
        if code // 100 == 2 and expires > 0:
            self._set(RegistrationState.REGISTERED, code, "registered", expires)
        elif code // 100 == 2:
            self._set(RegistrationState.UNREGISTERED, code, "unregistered")
        else:
            self._set(RegistrationState.FAILED, code,
                      registration_reason(code, str(prm.reason), status_text))

    def fail(self, reason: str) -> None:
        """Mark the registration failed for a reason found outside pjsip (e.g. a pin mismatch)."""
        self._set(RegistrationState.FAILED, 0, reason)

    def _set(self, state: RegistrationState, code: int, reason: str, expires: int = 0) -> None:
        self.state, self.code, self.reason = state, code, reason
        log.info("account %s: %s (%s %s)", self.spec.name, state.value, code, reason)
        self.engine.publish(RegistrationChanged(self.spec.name, state, code, reason, expires))

    def onIncomingCall(self, prm: pj.OnIncomingCallParam) -> None:
        message = str(prm.rdata.wholeMsg)
        caller = caller_identity(message)
        waiting = self.engine.has_active_calls()
        call = self.engine.adopt_call(self, int(prm.callId), Direction.INCOMING, caller)
        call.note_remote_message(message)
        self.engine.publish(IncomingCall(call.call_id, self.spec.name, caller, waiting))
        if self.engine.auto_ringing and not call.ended:
            try:
                call.answer(180)
            except Exception as exc:
                log.info("could not send 180 Ringing for call %s: %s", call.call_id, exc)
