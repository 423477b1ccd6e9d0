"""Where the WSI client connects, from the settings (tandem.net.wsi_client.WsiEndpoint)."""

from __future__ import annotations

import pytest

from tandem.config.settings import WsiSettings
from tandem.core.errors import ConfigurationError
from tandem.net.wsi_client import WsiEndpoint


def test_the_endpoint_follows_the_settings() -> None:
    endpoint = WsiEndpoint.from_settings(WsiSettings(host="pbx.example", port=8801, https=False))
    assert endpoint.base_url == "http://pbx.example:8801"
    assert endpoint.describe() == "PBX pbx.example:8801"
    assert WsiEndpoint("fe80::1").base_url == "https://[fe80::1]:8802"


def test_no_host_is_a_configuration_error_naming_the_key() -> None:
    with pytest.raises(ConfigurationError, match="no PBX address") as info:
        WsiEndpoint.from_settings(WsiSettings())
    assert info.value.key == "wsi.host"
