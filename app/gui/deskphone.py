"""The desk phone as a phone line: third-party call control over the CSTA link.

The user's own extension is monitored like every colleague; its legs in the presence model become
the desk-phone calls on the CallBoard, and each action is the matching CSTA service on the leg of
the own extension. This module has no widgets: it is the glue between the CSTA client and the window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timezone

from tandem.core.activecalls import ActiveCall, CallBoard, CallDirection, CallPhase, LineKind
from tandem.core.callevents import Connection, ConnectionState, ForwardingType
from tandem.core.errors import TandemError
from tandem.core.presence import DevicePresence, PresenceModel
from tandem.cti import services as sv
from tandem.net.csta_link import CstaClient, LinkPhase, LinkStatus
from tandem.net.csta_mapping import connection_to_cti

log = logging.getLogger(__name__)
StatusSink = Callable[[str, str, str], None]
FinishedSink = Callable[[ActiveCall, datetime, "datetime | None", datetime], None]


def _now() -> datetime:
    return datetime.now(timezone.utc)


class DeskPhoneLine:
    kind = LineKind.DESKPHONE

    def __init__(self, client: CstaClient, board: CallBoard, own: str, status: StatusSink, *,
                 names: dict[str, str] | None = None, finished: FinishedSink | None = None) -> None:
        self.client = client
        self.presence: PresenceModel = client.presence
        self.board = board
        self.own = own
        self.label = f"My desk phone {own}"
        self._status = status
        self._names = names if names is not None else {}
        self._shown: dict[str, ActiveCall] = {}
        self._started: dict[str, datetime] = {}
        self._answered: dict[str, datetime] = {}
        self._finished = finished
        self._unsubscribe: list[Callable[[], None]] = []

    # -- engine life cycle ------------------------------------------------------------------------

    async def start(self) -> None:
        self.presence.watch([self.own])
        self._unsubscribe.append(self.presence.subscribe(self._on_presence))
        self._unsubscribe.append(self.client.on_event(self._on_event))
        self._unsubscribe.append(self.client.on_status(self._on_status))
        await self.client.monitor([self.own, *sorted(self.presence.watched - {self.own})])
        await self.client.start()

    async def wait_ready(self, timeout: float) -> None:
        """Until the link is up and every watched device is monitored and snapshotted."""
        await self.client.wait_synced(timeout)

    async def stop(self) -> None:
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        await self.client.stop()

    def _on_status(self, status: LinkStatus) -> None:
        address = self.client.config.address
        if status.phase is LinkPhase.READY:
            self._status("cti", "ok", f"Desk phone {self.own}: connected to {address}")
        elif status.error:
            self._status("cti", "error", f"Desk phone link to {address}: {status}")
        else:
            self._status("cti", "busy", f"Desk phone link to {address}: {status.phase.value}…")

    # -- presence -> calls ------------------------------------------------------------------------

    def _on_presence(self, tile: DevicePresence) -> None:
        if tile.device == self.own:
            self.refresh()

    def _on_event(self, device: str, _wire: object, _event: object) -> None:
        # A call of ours can change (the far end answers) without our own tile changing.
        if device == self.own:
            self.refresh()

    def refresh(self) -> None:
        """Bring the board in line with the own extension's legs as the presence model sees them."""
        legs = self.presence.legs(self.own)
        for call_id, state in legs.items():
            call = self._call_for(call_id, state)
            if call is not None:
                self._shown[call.key] = call
                self._started.setdefault(call.key, call.since)
                if call.phase is CallPhase.TALKING:
                    self._answered.setdefault(call.key, call.since)
                self.board.update(call)
        for key in [k for k, c in self._shown.items() if c.engine_id not in legs]:
            ended = self._shown.pop(key)
            now = _now()
            self.board.update(ended.with_phase(CallPhase.ENDED, now))
            started, answered = self._started.pop(key, now), self._answered.pop(key, None)
            if self._finished is not None:
                self._finished(ended, started, answered, now)

    def _call_for(self, call_id: str, state: ConnectionState) -> ActiveCall | None:
        view = self.presence.call(call_id)
        others = {d: s for d, s in (view.parties.items() if view else ()) if d != self.own}
        incoming = view is not None and view.calling not in (None, self.own)
        remote = next(iter(others), None) or (view.calling if incoming and view else None) or \
            (view.called if view else None) or ""
        if state is ConnectionState.ALERTING:
            phase = CallPhase.RINGING_IN
        elif state is ConnectionState.HOLD:
            phase = CallPhase.HELD
        elif state is ConnectionState.CONNECTED:
            ringing_far = any(s is ConnectionState.ALERTING for s in others.values())
            phase = (CallPhase.RINGING_OUT if ringing_far
                     else CallPhase.TALKING if others else CallPhase.DIALLING)
        elif state in (ConnectionState.INITIATED, ConnectionState.FAIL, ConnectionState.QUEUED):
            phase = CallPhase.DIALLING
        else:
            return None
        key = f"deskphone:{call_id}"
        before = self._shown.get(key)
        since = before.since if before is not None and before.phase is phase else _now()
        return ActiveCall(key=key, line=LineKind.DESKPHONE, engine_id=call_id,
                          direction=CallDirection.INCOMING if incoming else CallDirection.OUTGOING,
                          remote=remote, phase=phase, since=since, remote_name=self._names.get(remote, ""),
                          reason="busy" if state is ConnectionState.FAIL else "")

    # -- actions ----------------------------------------------------------------------------------

    def _leg(self, call: ActiveCall) -> Connection:
        return Connection(call.engine_id, self.own)

    async def dial(self, target: str) -> None:
        await self.client.make_call(self.own, target)

    async def answer(self, call: ActiveCall) -> None:
        await self.client.answer_call(self._leg(call))

    async def reject(self, call: ActiveCall) -> None:
        await self.client.clear_connection(self._leg(call))

    async def hang_up(self, call: ActiveCall) -> None:
        await self.client.clear_connection(self._leg(call))

    async def hold(self, call: ActiveCall) -> None:
        await self.client.hold_call(self._leg(call))

    async def retrieve(self, call: ActiveCall) -> None:
        await self.client.retrieve_call(self._leg(call))

    async def blind_transfer(self, call: ActiveCall, target: str) -> None:
        await self.client.single_step_transfer(self._leg(call), target)

    async def consult(self, call: ActiveCall, target: str) -> None:
        await self.client.consultation_call(self._leg(call), target)

    async def complete_transfer(self, held: ActiveCall, active: ActiveCall) -> None:
        await self.client.transfer_call(self._leg(held), self._leg(active))

    async def conference(self, held: ActiveCall, active: ActiveCall) -> None:
        await self.client.conference_call(self._leg(held), self._leg(active))

    async def send_dtmf(self, call: ActiveCall, digits: str) -> None:
        argument = sv.GenerateDigitsArgument(connection_to_send_digits=connection_to_cti(self._leg(call)),
                                             characters_to_send=digits)
        await self.client.request(argument)

    async def set_mute(self, call: ActiveCall, muted: bool) -> None:
        raise TandemError("mute the desk phone on the phone itself")

    async def pickup(self, device: str) -> None:
        """Take a call ringing at a colleague's phone: divert it to the own desk phone."""
        ringing = [cid for cid, s in self.presence.legs(device).items() if s is ConnectionState.ALERTING]
        if not ringing:
            raise TandemError(f"nothing rings at {device} any more")
        await self.client.deflect_call(Connection(ringing[0], device), self.own)

    # -- the own extension's features ---------------------------------------------------------------

    async def set_dnd(self, on: bool) -> None:
        await self.client.set_do_not_disturb(self.own, on)

    async def set_forwarding(self, target: str | None) -> None:
        if target:
            await self.client.set_forwarding(self.own, ForwardingType.IMMEDIATE, True, target)
        else:
            await self.client.set_forwarding(self.own, ForwardingType.IMMEDIATE, False, None)
