"""The client's reconnect policy and how it words its state (no network needed)."""

from __future__ import annotations

import random

from tandem.config.settings import CstaSettings
from tandem.cti.framing import Framing
from tandem.net.csta_link import CstaClient, CstaClientConfig, LinkPhase, LinkStatus


def test_backoff_grows_exponentially_with_jitter_and_a_cap() -> None:
    config = CstaClientConfig(
        host="pbx", backoff_initial=1.0, backoff_max=20.0, backoff_jitter=0.25, login_retry_delay=60.0
    )
    client = CstaClient(config, "secret")
    random.seed(1)
    delays = [client._backoff(n, login_refused=False) for n in range(1, 8)]
    for n, delay in enumerate(delays, start=1):
        nominal = min(20.0, 2.0 ** (n - 1))
        assert 0.75 * nominal <= delay <= 1.25 * nominal
    assert len({round(d, 6) for d in delays}) == len(delays)  # jitter: no two clients in lockstep
    assert client._backoff(1, login_refused=True) >= 45.0  # a wrong password is retried slowly


def test_status_sentences() -> None:
    status = LinkStatus(LinkPhase.BACKING_OFF, "pbx:8800 refused the connection", 2.5, 3)
    assert str(status) == "backing off (next try in 2.5 s): pbx:8800 refused the connection"
    assert str(LinkStatus(LinkPhase.READY)) == "ready"


def test_config_from_settings_keeps_secrets_out() -> None:
    config = CstaClientConfig.from_settings(CstaSettings(host="10.0.0.2", framing="auto"), max_in_flight=8)
    assert (config.host, config.port, config.framing, config.login_name) == (
        "10.0.0.2",
        8800,
        Framing.SIEMENS,
        "AMHOST",
    )
    assert config.max_in_flight == 8
    assert not any("pass" in name for name in CstaClientConfig.__dataclass_fields__)
