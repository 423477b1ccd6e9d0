"""The simulator's answers to CSTA service requests: typed argument in, typed result (or failure) out.

`ServiceDesk.handle(session, argument)` runs one request against the call model and the monitor
table and returns the result dataclass, or raises CstaFailure with the universalFailure a PBX
would answer. No I/O here; tandem.pbxsim.csta_server puts it on the wire.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tandem.core.callevents import Connection
from tandem.cti import services as sv
from tandem.cti.types import ConnectionId, DeviceAbsence, DeviceId, SystemStatus
from tandem.net.csta_mapping import (
    MappingError,
    connection_to_core,
    connection_to_cti,
    device_to_core,
    forwarding_to_core,
    forwarding_to_cti,
    state_to_cti,
)
from tandem.pbxsim.callmodel import CstaFailure, Pbx

_SYSTEM_STATUS = sv.OPERATIONS_BY_NAME["systemStatus"].opcode


@dataclass
class Monitor:
    cross_ref: bytes
    device: str
    session: int


@dataclass
class MonitorTable:
    """Every monitor point of the PBX, across CSTA sessions ("multiplexing of monitor points")."""

    limit_per_session: int = 2000
    by_ref: dict[bytes, Monitor] = field(default_factory=dict)
    by_device: dict[str, list[Monitor]] = field(default_factory=dict)
    _next: int = 1

    def start(self, session: int, device: str) -> Monitor:
        if sum(1 for m in self.by_ref.values() if m.session == session) >= self.limit_per_session:
            raise CstaFailure(
                "systemResourceAvailability",
                "overallMonitorLimitExceeded",
                f"this link already has {self.limit_per_session} monitors",
            )
        for _ in range(0x10000):
            ref = self._next.to_bytes(2, "big")
            self._next = self._next % 0xFFFF + 1
            if ref not in self.by_ref:
                break
        monitor = Monitor(ref, device, session)
        self.by_ref[ref] = monitor
        self.by_device.setdefault(device, []).append(monitor)
        return monitor

    def stop(self, session: int, ref: bytes) -> Monitor:
        monitor = self.by_ref.get(ref)
        if monitor is None or monitor.session != session:
            raise CstaFailure("operation", "invalidCrossRefID", f"no monitor {ref.hex()} on this link")
        self._remove(monitor)
        return monitor

    def drop_session(self, session: int) -> None:
        for monitor in [m for m in self.by_ref.values() if m.session == session]:
            self._remove(monitor)

    def clear(self) -> None:
        self.by_ref.clear()
        self.by_device.clear()

    def count(self, device: str, session: int | None = None) -> int:
        return sum(1 for m in self.by_device.get(device, ()) if session is None or m.session == session)

    def _remove(self, monitor: Monitor) -> None:
        del self.by_ref[monitor.cross_ref]
        peers = self.by_device[monitor.device]
        peers.remove(monitor)
        if not peers:
            del self.by_device[monitor.device]


def _device(value: object, what: str) -> str:
    number = device_to_core(value)
    if number is None:
        raise CstaFailure("operation", "invalidDeviceID", f"{what} names no device")
    return number


def _connection(value: ConnectionId) -> Connection:
    try:
        return connection_to_core(value)
    except (MappingError, ValueError) as exc:
        raise CstaFailure("operation", "invalidConnectionID", str(exc)) from None


class ServiceDesk:
    """Dispatches typed CSTA requests of one or more sessions to the call model."""

    def __init__(self, pbx: Pbx, monitors: MonitorTable) -> None:
        self.pbx = pbx
        self.monitors = monitors
        # Requests whose positive answer carries no data.
        pbx = self.pbx
        self._actions: dict[type, Callable[[Any], None]] = {
            sv.AnswerCallArgument: lambda a: pbx.answer_call(_connection(a.call_to_be_answered)),
            sv.ClearConnectionArgument: lambda a: pbx.clear_connection(
                _connection(a.connection_to_be_cleared)
            ),
            sv.HoldCallArgument: lambda a: pbx.hold_call(_connection(a.call_to_be_held)),
            sv.RetrieveCallArgument: lambda a: pbx.retrieve_call(_connection(a.call_to_be_retrieved)),
            sv.ReconnectCallArgument: lambda a: pbx.reconnect_call(
                _connection(a.held_call), _connection(a.active_call)
            ),
            sv.DeflectCallArgument: lambda a: pbx.deflect_call(
                _connection(a.call_to_be_diverted), _device(a.new_destination, "newDestination")
            ),
            sv.SetDoNotDisturbArgument: lambda a: pbx.set_dnd(
                _device(a.device, "device"), a.do_not_disturb_on
            ),
            sv.ClearCallArgument: self._clear_call,
            sv.SetForwardingArgument: self._set_forwarding,
        }
        self._handlers: dict[type, Callable[[int, Any], object]] = {
            sv.MakeCallArgument: self._make_call,
            sv.ConsultationCallArgument: self._consultation_call,
            sv.TransferCallArgument: self._transfer_call,
            sv.ConferenceCallArgument: self._conference_call,
            sv.SingleStepTransferCallArgument: self._single_step_transfer,
            sv.MonitorStartArgument: self._monitor_start,
            sv.MonitorStopArgument: self._monitor_stop,
            sv.SnapshotDeviceArgument: self._snapshot_device,
            sv.SnapshotCallArgument: self._snapshot_call,
            sv.GetDoNotDisturbArgument: lambda _s, a: sv.GetDoNotDisturbResult(
                do_not_disturb_on=pbx.get_dnd(_device(a.device, "device"))
            ),
            sv.GetForwardingArgument: self._get_forwarding,
        }

    def handle(self, session: int, opcode: int, argument: object) -> object:
        """The result of one request; raises CstaFailure (serviceNotSupported for the rest)."""
        if opcode == sv.REQUEST_SYSTEM_STATUS:
            return sv.RequestSystemStatusResult(system_status=SystemStatus.normal)
        if opcode == _SYSTEM_STATUS:
            return sv.NoData()
        action = self._actions.get(type(argument))
        if action is not None:
            action(argument)
            return sv.NoData()
        handler = self._handlers.get(type(argument))
        if handler is None:
            raise CstaFailure(
                "operation",
                "serviceNotSupported",
                f"the simulator does not offer {sv.operation_name(opcode)}",
            )
        return handler(session, argument)

    def _make_call(self, _session: int, a: sv.MakeCallArgument) -> sv.MakeCallResult:
        leg = self.pbx.make_call(
            _device(a.calling_device, "callingDevice"),
            _device(a.called_directory_number, "calledDirectoryNumber"),
        )
        return sv.MakeCallResult(calling_device=connection_to_cti(leg))

    def _clear_call(self, a: sv.ClearCallArgument) -> None:
        if a.call_to_be_cleared.call_id is None:
            raise CstaFailure("operation", "invalidCallID", "clearCall names no call")
        self.pbx.clear_call(a.call_to_be_cleared.call_id.hex())

    def _consultation_call(self, _session: int, a: sv.ConsultationCallArgument) -> sv.ConsultationCallResult:
        leg = self.pbx.consultation_call(
            _connection(a.existing_call), _device(a.consulted_device, "consultedDevice")
        )
        return sv.ConsultationCallResult(initiated_call=connection_to_cti(leg))

    def _transfer_call(self, _session: int, a: sv.TransferCallArgument) -> sv.TransferCallResult:
        leg = self.pbx.transfer_call(_connection(a.held_call), _connection(a.active_call))
        return sv.TransferCallResult(transferred_call=connection_to_cti(leg))

    def _conference_call(self, _session: int, a: sv.ConferenceCallArgument) -> sv.ConferenceCallResult:
        leg = self.pbx.conference_call(_connection(a.held_call), _connection(a.active_call))
        return sv.ConferenceCallResult(conference_call=connection_to_cti(leg))

    def _single_step_transfer(
        self, _session: int, a: sv.SingleStepTransferCallArgument
    ) -> sv.SingleStepTransferCallResult:
        leg = self.pbx.single_step_transfer(
            _connection(a.active_call), _device(a.transferred_to, "transferredTo")
        )
        return sv.SingleStepTransferCallResult(transferred_call=connection_to_cti(leg))

    def _monitor_start(self, session: int, a: sv.MonitorStartArgument) -> sv.MonitorStartResult:
        if not isinstance(a.monitor_object, DeviceId):
            raise CstaFailure(
                "operation", "invalidMonitorObject", "the simulator monitors devices, not calls"
            )
        device = _device(a.monitor_object, "monitorObject")
        if not self.pbx.is_device(device):
            raise CstaFailure("operation", "invalidDeviceID", f"{device!r} is not a device of this PBX")
        monitor = self.monitors.start(session, device)
        return sv.MonitorStartResult(cross_ref_identifier=monitor.cross_ref)

    def _monitor_stop(self, session: int, a: sv.MonitorStopArgument) -> sv.NoData:
        self.monitors.stop(session, a.cross_ref_identifier)
        return sv.NoData()

    def _snapshot_device(self, _session: int, a: sv.SnapshotDeviceArgument) -> sv.SnapshotDeviceResult:
        device = _device(a.snapshot_object, "snapshotObject")
        legs = self.pbx.snapshot_device(device)
        return sv.SnapshotDeviceResult(
            snapshot_data=tuple(
                sv.SnapshotDeviceResponseInfo(
                    connection_identifier=connection_to_cti(Connection(call_id, device)),
                    local_call_state=(state_to_cti(state),),
                )
                for call_id, state in legs
            )
        )

    def _snapshot_call(self, _session: int, a: sv.SnapshotCallArgument) -> sv.SnapshotCallResult:
        if a.snapshot_object.call_id is None:
            raise CstaFailure("operation", "invalidCallID", "snapshotCall names no call")
        call_id = a.snapshot_object.call_id.hex()
        parties = self.pbx.snapshot_call(call_id)
        call = self.pbx.calls[call_id]
        return sv.SnapshotCallResult(
            snapshot_data=tuple(
                sv.SnapshotCallResponseInfo(
                    device_on_call=DeviceId(number=device),
                    call_identifier=connection_to_cti(Connection(call_id, device)),
                    local_connection_state=state_to_cti(state),
                )
                for device, state in parties
            ),
            calling_device=DeviceId(number=call.calling) if call.calling else DeviceAbsence.notKnown,
            called_device=DeviceId(number=call.called) if call.called else DeviceAbsence.notKnown,
        )

    def _set_forwarding(self, a: sv.SetForwardingArgument) -> None:
        target = device_to_core(a.forward_dn) if a.forward_dn is not None else None
        self.pbx.set_forwarding(
            _device(a.device, "device"), forwarding_to_core(a.forwarding_type), a.activate_forward, target
        )

    def _get_forwarding(self, _session: int, a: sv.GetForwardingArgument) -> sv.GetForwardingResult:
        table = self.pbx.get_forwarding(_device(a.device, "device"))
        return sv.GetForwardingResult(
            forwarding_list=tuple(
                sv.ForwardListEntry(
                    forwarding_type=forwarding_to_cti(kind),
                    forward_status=True,
                    forward_dn=DeviceId(number=target),
                )
                for kind, target in sorted(table.items(), key=lambda item: item[0].value)
            )
        )
