"""What to register as: validation with the settings key in the message, URIs, the pjsua2 config."""

from __future__ import annotations

import pjsua2 as pj
import pytest

from tandem.config.settings import SipSettings
from tandem.core.errors import ConfigurationError
from tandem.sip.account import AccountSpec


@pytest.mark.parametrize(("kwargs", "key"), [
    ({"registrar": "", "user": "201"}, "sip.registrar"),
    ({"registrar": "pbx", "user": "2 01"}, "sip.user"),
    ({"registrar": "pbx", "user": "201", "transport": "sctp"}, "sip.transport"),
    ({"registrar": "pbx", "user": "201", "srtp": "always"}, "sip.srtp"),
])
def test_bad_values_name_the_setting(kwargs, key):
    with pytest.raises(ConfigurationError) as info:
        AccountSpec(**kwargs)
    assert info.value.key == key
    assert key in str(info.value)


def test_password_is_not_in_the_repr():
    assert "hunter2" not in repr(AccountSpec("pbx", "201", password="hunter2"))


def test_dialled_numbers_become_uris_on_the_same_transport():
    udp = AccountSpec("pbx:5060", "201")
    tls = AccountSpec("pbx:5061", "201", transport="tls")
    assert udp.uri("202") == "sip:202@pbx:5060"
    assert udp.uri("tel:+4989") == "sip:+4989@pbx:5060"
    assert udp.uri("sip:x@y") == "sip:x@y"
    assert tls.uri("202") == "sip:202@pbx:5061;transport=tls"


def test_from_settings_and_pjsua2_config():
    settings = SipSettings(enabled=True, registrar="pbx.example:5060", user="201", auth_user="a201",
                           display_name="Desk", transport="tcp", srtp="mandatory",
                           outbound_proxy="proxy.example", register_expiry=120)
    spec = AccountSpec.from_settings(settings, "pw")
    cfg = spec.pj_config(rtp_port=31000, rtp_port_range=50)
    assert cfg.idUri == '"Desk" <sip:201@pbx.example>'
    assert cfg.regConfig.registrarUri == "sip:pbx.example:5060;transport=tcp"
    assert cfg.regConfig.timeoutSec == 120
    assert cfg.sipConfig.authCreds[0].username == "a201"
    assert list(cfg.sipConfig.proxies) == ["sip:proxy.example;lr;transport=tcp"]
    assert cfg.mediaConfig.srtpUse == pj.PJMEDIA_SRTP_MANDATORY
    assert cfg.mediaConfig.transportConfig.port == 31000
    assert cfg.natConfig.contactRewriteUse == 1 and cfg.natConfig.udpKaIntervalSec > 0


def test_a_malformed_pin_names_the_setting():
    with pytest.raises(ConfigurationError) as info:
        AccountSpec("pbx", "201", transport="tls", tls_pin_sha256="abc")
    assert info.value.key == "sip.tls_pin_sha256"
