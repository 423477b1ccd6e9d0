"""Telephony domain events: what happened to which connection of which call, independent of the wire.

The CSTA link maps ECMA-285 event reports to these (and the simulator maps its call model's changes
from them back onto the wire); the WSI part can feed the same types. The presence model
(tandem.core.presence) consumes nothing else. Device ids are dialling-number strings; call ids are
opaque lowercase hex strings, exactly as the PBX numbered the call.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class ConnectionState(enum.Enum):
    """A device's local state in one call (ECMA-269 LocalConnectionState)."""

    NULL = "null"
    INITIATED = "initiated"
    ALERTING = "alerting"
    CONNECTED = "connected"
    HOLD = "hold"
    QUEUED = "queued"
    FAIL = "fail"


class ForwardingType(enum.Enum):
    """ECMA-269 ForwardingType, by its ASN.1 name."""

    IMMEDIATE = "forwardImmediate"
    BUSY = "forwardBusy"
    NO_ANSWER = "forwardNoAns"
    BUSY_INTERNAL = "forwardBusyInt"
    BUSY_EXTERNAL = "forwardBusyExt"
    NO_ANSWER_INTERNAL = "forwardNoAnsInt"
    NO_ANSWER_EXTERNAL = "forwardNoAnsExt"
    IMMEDIATE_INTERNAL = "forwardImmInt"
    IMMEDIATE_EXTERNAL = "forwardImmExt"
    DND = "forwardDND"
    DND_INTERNAL = "forwardDNDInt"
    DND_EXTERNAL = "forwardDNDExt"


def _check_device(value: str, what: str) -> None:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{what} must be a non-empty device id, not {value!r}")


def _check_call(value: str, what: str) -> None:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{what} must be a non-empty call id, not {value!r}")


@dataclass(frozen=True)
class Connection:
    """One device's leg of one call (ECMA-269 ConnectionID)."""

    call_id: str
    device: str

    def __post_init__(self) -> None:
        _check_call(self.call_id, "Connection.call_id")
        _check_device(self.device, "Connection.device")


@dataclass(frozen=True)
class MovedConnection:
    """After a transfer or conference: `device`'s leg moved from `old` to `new`."""

    new: Connection
    old: Connection | None = None


# Every call-control event names the connection it is about and the cause the PBX gave (its ASN.1
# name, e.g. "newCall"); other parties are device ids or None when the PBX did not know them.


@dataclass(frozen=True)
class ServiceInitiated:
    """A device went off-hook (or was made to) and may dial: its connection is initiated."""

    connection: Connection
    cause: str = "newCall"


@dataclass(frozen=True)
class Originated:
    """The calling device has dialled `called`; its connection is connected."""

    connection: Connection
    calling: str
    called: str
    cause: str = "newCall"


@dataclass(frozen=True)
class Delivered:
    """`connection` (the alerting device's leg) rings; `calling` is the caller."""

    connection: Connection
    calling: str | None
    called: str | None
    redirected_from: str | None = None
    cause: str = "newCall"


@dataclass(frozen=True)
class Established:
    """`connection` (the answering device's leg) answered; calling and answering are connected."""

    connection: Connection
    calling: str | None
    called: str | None
    redirected_from: str | None = None
    cause: str = "newCall"


@dataclass(frozen=True)
class ConnectionCleared:
    """`connection` left the call (hung up, was dropped, or the call ended)."""

    connection: Connection
    cause: str = "normalClearing"


@dataclass(frozen=True)
class CallCleared:
    """The whole call ended: every leg of it is gone."""

    call_id: str
    cause: str = "normalClearing"

    def __post_init__(self) -> None:
        _check_call(self.call_id, "CallCleared.call_id")


@dataclass(frozen=True)
class Held:
    connection: Connection
    cause: str = "normal"


@dataclass(frozen=True)
class Retrieved:
    connection: Connection
    cause: str = "normal"


@dataclass(frozen=True)
class Diverted:
    """The call left `connection`'s device (deflect, forwarding, pickup) for `new_destination`."""

    connection: Connection
    new_destination: str | None
    cause: str = "redirected"


@dataclass(frozen=True)
class Failed:
    """The call could not reach `failing` (busy, unobtainable, DND): `connection` (the caller's
    leg) is in the fail state and hears a busy tone until it clears."""

    connection: Connection
    failing: str | None
    calling: str | None
    called: str | None
    cause: str = "busy"


@dataclass(frozen=True)
class Transferred:
    """`transferring` left both calls; the other legs moved to new connections."""

    primary_old: str
    secondary_old: str | None
    transferring: str
    transferred_to: str | None
    connections: tuple[MovedConnection, ...] = ()
    cause: str = "transfer"


@dataclass(frozen=True)
class Conferenced:
    """`conferencing` joined its held and active calls; every leg moved to the conference."""

    primary_old: str
    secondary_old: str | None
    conferencing: str
    added: str | None
    connections: tuple[MovedConnection, ...] = ()
    cause: str = "conference"


@dataclass(frozen=True)
class DoNotDisturbChanged:
    device: str
    on: bool


@dataclass(frozen=True)
class ForwardingChanged:
    device: str
    forwarding_type: ForwardingType
    on: bool
    target: str | None = None


@dataclass(frozen=True)
class OutOfService:
    device: str


@dataclass(frozen=True)
class BackInService:
    device: str


@dataclass(frozen=True)
class DeviceSnapshot:
    """The PBX's answer to "what is this device doing": its legs by call id, and its features.

    Each part is None when the snapshot did not ask for it (the previous value is kept).
    """

    device: str
    calls: tuple[tuple[str, ConnectionState], ...] | None = ()
    dnd: bool | None = None
    forwarding: tuple[tuple[ForwardingType, str | None], ...] | None = None

    def __post_init__(self) -> None:
        _check_device(self.device, "DeviceSnapshot.device")


@dataclass(frozen=True)
class CallSnapshot:
    """The PBX's answer to "who is in this call": every party and its local state."""

    call_id: str
    parties: tuple[tuple[str, ConnectionState], ...] = field(default=())

    def __post_init__(self) -> None:
        _check_call(self.call_id, "CallSnapshot.call_id")


CallControlEvent = (
    ServiceInitiated
    | Originated
    | Delivered
    | Established
    | ConnectionCleared
    | CallCleared
    | Held
    | Retrieved
    | Diverted
    | Failed
    | Transferred
    | Conferenced
)
FeatureEvent = DoNotDisturbChanged | ForwardingChanged | OutOfService | BackInService
TelephonyEvent = CallControlEvent | FeatureEvent | DeviceSnapshot | CallSnapshot
