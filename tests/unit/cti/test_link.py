"""The sans-IO link: a real client and a real server state machine talking to each other through bytes."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.cti.acse import AARE, ABRT, AbortSource
from tandem.cti.events import DeliveredEvent
from tandem.cti.framing import Framing, frame
from tandem.cti.link import (
    Aborted,
    Associated,
    AssociationRejected,
    AssociationRequested,
    AssociationTimedOut,
    CstaLink,
    ErrorReceived,
    EventReceived,
    HeartbeatDue,
    InvokeReceived,
    InvokeTimedOut,
    LateReply,
    LinkState,
    LinkTimers,
    LocalProtocolError,
    PeerSilent,
    ProtocolViolation,
    Ready,
    RejectReceived,
    Released,
    RemoteProtocolError,
    ResultReceived,
    Role,
    SystemStatusReceived,
    UndecodablePdu,
)
from tandem.cti.pdu import encode_pdu
from tandem.cti.rose import (
    DUPLICATE_INVOCATION,
    MISTYPED_ARGUMENT,
    UNRECOGNIZED_OPERATION,
    ErrorCategory,
    Invoke,
    Reject,
    ReturnResult,
    UniversalFailure,
)
from tandem.cti.services import (
    MONITOR_START,
    REQUEST_SYSTEM_STATUS,
    SNAPSHOT_DEVICE,
    SYSTEM_STATUS,
    MonitorStartArgument,
    MonitorStartResult,
    NoData,
    RequestSystemStatusResult,
    SnapshotDeviceArgument,
    SystemStatusArgument,
)
from tandem.cti.types import ConnectionId, DeviceAbsence, DeviceId, EventCause, SystemStatus


def drain(link: CstaLink) -> list[Any]:
    out = []
    while (event := link.next_event()) is not None:
        out.append(event)
    return out


class Pair:
    """A client and a server link wired back to back."""

    def __init__(
        self, framing: Framing = Framing.SIEMENS, timers: LinkTimers | None = None, **kw: Any
    ) -> None:
        self.client = CstaLink(Role.CLIENT, framing=framing, timers=timers, **kw)
        self.server = CstaLink(Role.SERVER, framing=Framing.AUTO, timers=timers)
        self.now = 0.0

    def pump(self) -> None:
        for _ in range(10):
            to_server, to_client = self.client.data_to_send(), self.server.data_to_send()
            if not to_server and not to_client:
                return
            if to_server:
                self.server.receive_data(to_server, self.now)
            if to_client:
                self.client.receive_data(to_client, self.now)

    def associate(self, *, handshake: bool = True) -> None:
        self.client.associate(self.now, auth_name=b"AMHOST", password=b"77777")
        self.pump()
        assert [type(e) for e in drain(self.server)] == [AssociationRequested]
        self.server.accept(self.now)
        if handshake:
            self.server.invoke(SystemStatusArgument(system_status=SystemStatus.normal), self.now)
        self.pump()
        drain(self.client)
        drain(self.server)


@pytest.fixture
def pair() -> Pair:
    return Pair()


def test_association_and_system_status_handshake(pair: Pair) -> None:
    pair.client.associate(0.0, auth_name=b"AMHOST", password=b"77777")
    pair.pump()
    (request,) = drain(pair.server)
    assert isinstance(request, AssociationRequested)
    assert (request.aarq.auth_name, request.aarq.password) == (b"AMHOST", b"77777")
    assert "77777" not in repr(request.aarq)
    assert pair.server.framing is Framing.SIEMENS  # detected from the AARQ
    pair.server.accept(0.0)
    pair.server._next_id = 7  # the PBX's own numbering: the answer must echo it
    pair.server.invoke(SystemStatusArgument(system_status=SystemStatus.normal), 0.0)
    to_client = pair.server.data_to_send()
    pair.client.receive_data(to_client, 0.0)
    events = drain(pair.client)
    assert [type(e) for e in events] == [Associated, SystemStatusReceived, Ready]
    assert events[1].invoke_id == 7 and events[1].status == SystemStatus.normal
    assert events[2].handshake is True
    answer = pair.client.data_to_send()
    assert answer == frame(bytes.fromhex("a20b020107300602 0200d30500".replace(" ", "")), Framing.SIEMENS)
    pair.server.receive_data(answer, 0.0)
    assert drain(pair.server) == [ResultReceived(7, SYSTEM_STATUS, NoData())]
    assert pair.client.state is pair.server.state is LinkState.ASSOCIATED


def test_ready_without_handshake_after_the_grace_period(pair: Pair) -> None:
    pair.associate(handshake=False)
    assert not pair.client.ready
    pair.client.tick(4.9)
    assert drain(pair.client) == []
    pair.client.tick(5.0)
    assert drain(pair.client) == [Ready(False)]


def test_refused_association(pair: Pair) -> None:
    pair.client.associate(0.0, auth_name=b"AMHOST", password=b"wrong")
    pair.pump()
    drain(pair.server)
    pair.server.refuse(13)
    pair.pump()
    (event,) = drain(pair.client)
    assert isinstance(event, AssociationRejected)
    assert event.aare.diagnostic_name == "authenticationFailure"
    assert pair.client.state is LinkState.CLOSED


def test_association_timeout(pair: Pair) -> None:
    pair.client.associate(0.0)
    assert pair.client.next_deadline() == 15.0
    pair.client.tick(15.0)
    assert drain(pair.client) == [AssociationTimedOut()]


def test_results_errors_and_rejects_match_their_invokes(pair: Pair) -> None:
    pair.associate()
    first = pair.client.invoke(MonitorStartArgument(monitor_object=DeviceId(number="100")), 1.0)
    second = pair.client.invoke(SnapshotDeviceArgument(snapshot_object=DeviceId(number="999")), 1.0)
    third = pair.client.invoke(NoData(), 1.0, opcode=203)
    assert len({first, second, third}) == 3
    assert pair.client.outstanding == {first: MONITOR_START, second: SNAPSHOT_DEVICE, third: 203}
    pair.pump()
    received = {e.invoke_id: e for e in drain(pair.server)}
    assert received[first].argument == MonitorStartArgument(monitor_object=DeviceId(number="100"))
    assert all(isinstance(e, InvokeReceived) for e in received.values())
    failure = UniversalFailure.named(ErrorCategory.operation, "invalidDeviceID")
    pair.server.reject(received[third].invoke_id, UNRECOGNIZED_OPERATION)
    pair.server.reply_error(received[second].invoke_id, failure)
    pair.server.reply(received[first].invoke_id, MonitorStartResult(cross_ref_identifier=b"\0\1"))
    pair.pump()
    events = drain(pair.client)
    assert isinstance(events[0], RejectReceived) and events[0].invoke_id == third
    assert events[0].problem == UNRECOGNIZED_OPERATION and events[0].opcode == 203
    assert isinstance(events[1], ErrorReceived) and events[1].invoke_id == second
    assert events[1].failure == failure and str(failure) == "operation/invalidDeviceID"
    assert events[2] == ResultReceived(first, MONITOR_START, MonitorStartResult(cross_ref_identifier=b"\0\1"))
    assert pair.client.outstanding == {}


def test_invoke_ids_wrap_around_and_skip_outstanding_ones() -> None:
    pair = Pair(max_invoke_id=3)
    pair.associate(handshake=False)
    arg = SnapshotDeviceArgument(snapshot_object=DeviceId(number="1"))
    ids = [pair.client.invoke(arg, 0.0) for _ in range(3)]
    assert ids == [1, 2, 3]
    with pytest.raises(LocalProtocolError, match="all 3 invoke ids are outstanding"):
        pair.client.invoke(arg, 0.0)
    pair.pump()
    server_invokes = drain(pair.server)
    pair.server.reply(server_invokes[0].invoke_id, None)  # answers id 1 only
    pair.pump()
    assert drain(pair.client) == [ResultReceived(1, SNAPSHOT_DEVICE, None)]
    assert pair.client.invoke(arg, 0.0) == 1  # wrapped, and 2 and 3 are still outstanding


def test_timeouts_are_events_and_late_answers_are_tolerated(pair: Pair) -> None:
    pair.associate()
    invoke_id = pair.client.invoke(
        MonitorStartArgument(monitor_object=DeviceId(number="1")), 10.0, timeout=3.0
    )
    assert pair.client.next_deadline() == 13.0
    pair.client.tick(12.9)
    assert drain(pair.client) == []
    pair.client.tick(13.0)
    assert drain(pair.client) == [InvokeTimedOut(invoke_id, MONITOR_START)]
    pair.pump()
    (request,) = drain(pair.server)
    pair.server.reply(request.invoke_id, MonitorStartResult(cross_ref_identifier=b"\0\2"))
    pair.pump()
    (late,) = drain(pair.client)
    assert isinstance(late, LateReply) and late.invoke_id == invoke_id


def test_heartbeat_due_and_peer_silence(pair: Pair) -> None:
    pair.associate()  # at t=0
    pair.client.tick(59.0)
    assert drain(pair.client) == []
    pair.client.tick(60.0)
    assert drain(pair.client) == [HeartbeatDue()]
    pair.now = 60.0
    heartbeat = pair.client.send_heartbeat(60.0)
    pair.pump()
    assert [type(e) for e in drain(pair.server)] == [SystemStatusReceived]
    assert drain(pair.client) == [ResultReceived(heartbeat, SYSTEM_STATUS, NoData())]
    pair.client.tick(359.0)  # the answer at t=60 showed the peer alive: silent only from t=360
    assert drain(pair.client) == [HeartbeatDue()]  # one event however late the tick
    pair.client.tick(360.0)
    assert drain(pair.client) == [PeerSilent(300.0)]
    pair.client.tick(900.0)
    assert PeerSilent(300.0) not in drain(pair.client)  # reported once
    pair.now = 901.0
    pair.server.invoke(SystemStatusArgument(system_status=SystemStatus.normal), 901.0)
    pair.pump()
    pair.client.tick(1200.0)
    assert PeerSilent(300.0) not in drain(pair.client)
    pair.client.tick(1201.0)
    assert PeerSilent(300.0) in drain(pair.client)


def test_unanswered_heartbeat_times_out(pair: Pair) -> None:
    pair.associate()
    heartbeat = pair.client.send_heartbeat(0.0)
    pair.client.data_to_send()  # lost on the way
    pair.client.tick(10.0)
    assert drain(pair.client) == [InvokeTimedOut(heartbeat, SYSTEM_STATUS)]


def test_request_system_status_is_answered_by_the_link(pair: Pair) -> None:
    pair.associate()
    pair.server.system_status = SystemStatus.overloadImminent
    invoke_id = pair.client.invoke(NoData(), 0.0, opcode=REQUEST_SYSTEM_STATUS)
    pair.pump()
    assert drain(pair.server) == []
    assert drain(pair.client) == [
        ResultReceived(
            invoke_id,
            REQUEST_SYSTEM_STATUS,
            RequestSystemStatusResult(system_status=SystemStatus.overloadImminent),
        )
    ]


def test_event_reports_reach_the_client(pair: Pair) -> None:
    pair.associate()
    event = DeliveredEvent(
        connection=ConnectionId(call_id=b"\0\x1a", device_id=DeviceId(number="100")),
        alerting_device=DeviceId(number="100"),
        calling_device=DeviceId(number="0176"),
        called_device=DeviceId(number="100"),
        last_redirection_device=DeviceAbsence.notKnown,
        cause=EventCause.newCall,
    )
    pair.server.send_event(b"\0\1", event)
    pair.pump()
    (received,) = drain(pair.client)
    assert isinstance(received, EventReceived)
    assert received.cross_ref == b"\0\1" and received.event == event
    assert pair.server.outstanding == {}  # event reports are never answered


def test_pdu_before_aare_is_a_clear_error() -> None:
    client = CstaLink(Role.CLIENT, framing=Framing.RAW)
    client.associate(0.0)
    stray = encode_pdu(ReturnResult(invoke_id=1))
    with pytest.raises(RemoteProtocolError, match="returnResult before its AARE"):
        client.receive_data(stray, 0.0)
    lenient = CstaLink(Role.CLIENT, framing=Framing.RAW, strict=False)
    lenient.associate(0.0)
    lenient.receive_data(stray + encode_pdu(AARE()), 0.0)
    events = drain(lenient)
    assert isinstance(events[0], ProtocolViolation) and "before its AARE" in events[0].message
    assert isinstance(events[1], Associated)


def test_server_strict_mode_aborts_an_invoke_before_the_association() -> None:
    server = CstaLink(Role.SERVER, framing=Framing.AUTO)
    stray = frame(
        encode_pdu(
            Invoke(
                invoke_id=1,
                opcode=MONITOR_START,
                argument=MonitorStartArgument(monitor_object=DeviceId(number="1")),
            )
        ),
        Framing.LEN2,
    )
    with pytest.raises(RemoteProtocolError, match="invoke before the association"):
        server.receive_data(stray, 0.0)
    server.abort()
    assert server.data_to_send() == frame(encode_pdu(ABRT(source=AbortSource.serviceUser)), Framing.LEN2)
    assert server.state is LinkState.CLOSED


def test_undecodable_invoke_is_rejected_and_the_link_carries_on(pair: Pair) -> None:
    pair.associate()
    # monitorStart whose DeviceID alternative [9] does not exist, then a good systemStatus
    bad = bytes.fromhex("a10f020105020147300730058903313030")
    good = encode_pdu(
        Invoke(
            invoke_id=6,
            opcode=SYSTEM_STATUS,
            argument=SystemStatusArgument(system_status=SystemStatus.normal),
        )
    )
    pair.client.receive_data(frame(bad, Framing.SIEMENS) + frame(good, Framing.SIEMENS), 0.0)
    events = drain(pair.client)
    assert isinstance(events[0], UndecodablePdu) and events[0].invoke_id == 5
    assert "monitor_object" in events[0].error.path
    assert isinstance(events[1], SystemStatusReceived)
    assert encode_pdu(Reject(invoke_id=5, problem=MISTYPED_ARGUMENT)) in pair.client.data_to_send()


def test_duplicate_invocation_is_rejected(pair: Pair) -> None:
    pair.associate()
    invoke = frame(
        encode_pdu(
            Invoke(
                invoke_id=9,
                opcode=SNAPSHOT_DEVICE,
                argument=SnapshotDeviceArgument(snapshot_object=DeviceId(number="1")),
            )
        ),
        Framing.SIEMENS,
    )
    pair.client.receive_data(invoke + invoke, 0.0)
    assert len(drain(pair.client)) == 1
    reply = pair.client.data_to_send()
    assert encode_pdu(Reject(invoke_id=9, problem=DUPLICATE_INVOCATION)) in reply


def test_answer_for_an_unknown_invoke_is_a_protocol_error(pair: Pair) -> None:
    pair.associate()
    with pytest.raises(RemoteProtocolError, match="invoke id 44, which is not outstanding"):
        pair.client.receive_data(frame(encode_pdu(ReturnResult(invoke_id=44)), Framing.SIEMENS), 0.0)


def test_orderly_release(pair: Pair) -> None:
    pair.associate()
    pair.client.release(0.0)
    pair.pump()
    assert drain(pair.server) == [Released()]
    assert drain(pair.client) == [Released()]
    assert pair.client.state is pair.server.state is LinkState.CLOSED


def test_abort_from_the_peer(pair: Pair) -> None:
    pair.associate()
    pair.server.abort(diagnostic=1)
    pair.pump()
    (event,) = drain(pair.client)
    assert isinstance(event, Aborted) and event.abrt.diagnostic == 1
    assert pair.client.state is LinkState.CLOSED


def test_broken_framing_closes_the_link_after_the_pdus_before_it(pair: Pair) -> None:
    pair.associate()
    status = Invoke(
        invoke_id=4, opcode=SYSTEM_STATUS, argument=SystemStatusArgument(system_status=SystemStatus.normal)
    )
    with pytest.raises(RemoteProtocolError, match="cannot be read any more"):
        pair.client.receive_data(frame(encode_pdu(status), Framing.SIEMENS) + b"\x99\x80\x03abc", 0.0)
    assert pair.client.state is LinkState.CLOSED
    assert [type(e) for e in drain(pair.client)] == [SystemStatusReceived]  # nothing before the break is lost


def test_local_misuse_is_a_local_error(pair: Pair) -> None:
    with pytest.raises(LocalProtocolError, match="cannot invoke an operation in state idle"):
        pair.client.invoke(SnapshotDeviceArgument(snapshot_object=DeviceId(number="1")), 0.0)
    with pytest.raises(LocalProtocolError, match="speaks first"):
        CstaLink(Role.CLIENT, framing=Framing.AUTO)
    pair.associate()
    with pytest.raises(LocalProtocolError, match="no unanswered invoke 3"):
        pair.client.reply(3, NoData())
    with pytest.raises(LocalProtocolError, match="only the switch"):
        pair.client.send_event(
            b"\0",
            DeliveredEvent(
                connection=ConnectionId(call_id=b"\0"),
                alerting_device=DeviceAbsence.notKnown,
                calling_device=DeviceAbsence.notKnown,
                called_device=DeviceAbsence.notKnown,
                last_redirection_device=DeviceAbsence.notKnown,
                cause=EventCause.newCall,
            ),
        )


@pytest.mark.parametrize("framing", [Framing.SIEMENS, Framing.LEN2, Framing.RAW], ids=lambda f: f.value)
def test_link_fed_one_byte_at_a_time_sees_the_same_events(framing: Framing) -> None:
    script = CstaLink(Role.SERVER, framing=Framing.AUTO)
    client_hello = CstaLink(Role.CLIENT, framing=framing)
    client_hello.associate(0.0)
    script.receive_data(client_hello.data_to_send(), 0.0)
    script.accept(0.0)
    script.invoke(SystemStatusArgument(system_status=SystemStatus.normal), 0.0)
    script.send_event(
        b"\0\1",
        DeliveredEvent(
            connection=ConnectionId(call_id=b"\0\1"),
            alerting_device=DeviceId(number="1"),
            calling_device=DeviceId(number="2"),
            called_device=DeviceId(number="1"),
            last_redirection_device=DeviceAbsence.notKnown,
            cause=EventCause.newCall,
        ),
    )
    stream = script.data_to_send()

    def run(chunks: list[bytes]) -> list[Any]:
        client = CstaLink(Role.CLIENT, framing=framing)
        client.associate(0.0)
        for chunk in chunks:
            client.receive_data(chunk, 0.0)
        return drain(client)

    whole = run([stream])
    assert [type(e) for e in whole] == [Associated, SystemStatusReceived, Ready, EventReceived]
    assert run([stream[i : i + 1] for i in range(len(stream))]) == whole
    assert run([stream[: len(stream) // 2 + 1], stream[len(stream) // 2 + 1 :]]) == whole


def test_release_without_answer_times_out(pair: Pair) -> None:
    pair.associate()
    pair.client.release(100.0)
    pair.client.tick(114.9)
    assert drain(pair.client) == []
    pair.client.tick(115.0)
    assert drain(pair.client) == [AssociationTimedOut()]


def test_values_the_protocol_cannot_carry_are_a_local_error(pair: Pair) -> None:
    pair.associate()
    with pytest.raises(LocalProtocolError, match="cannot be sent in an IA5String"):
        pair.client.invoke(SnapshotDeviceArgument(snapshot_object=DeviceId(number="1€")), 0.0)
    with pytest.raises(LocalProtocolError, match="not the argument of one CSTA operation"):
        pair.client.invoke(NoData(), 0.0)
    assert pair.client.outstanding == {}


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(
    actions=st.lists(
        st.tuples(st.sampled_from(["invoke", "answer", "error", "reject", "tick"]), st.integers(0, 50)),
        max_size=60,
    )
)
def test_every_invoke_completes_exactly_once(actions: list[tuple[str, int]]) -> None:
    """Random interleavings of invokes, answers in any order and timeouts: each invokeId ends in
    exactly one of result/error/reject/timeout, and no outstanding id is ever handed out twice."""
    pair = Pair(max_invoke_id=8)
    pair.associate(handshake=False)
    now = 0.0
    sent: list[int] = []
    pending: list[int] = []  # server-side invoke ids not answered yet
    completions: dict[int, int] = {}
    for action, number in actions:
        if action == "invoke" and len(pair.client.outstanding) < 8:
            invoke_id = pair.client.invoke(SnapshotDeviceArgument(snapshot_object=DeviceId(number="1")), now)
            assert (
                invoke_id not in pair.client.outstanding
                or pair.client.outstanding[invoke_id] == SNAPSHOT_DEVICE
            )
            sent.append(invoke_id)
        elif action in ("answer", "error", "reject") and pending:
            invoke_id = pending.pop(number % len(pending))
            if action == "answer":
                pair.server.reply(invoke_id, None)
            elif action == "error":
                pair.server.reply_error(
                    invoke_id, UniversalFailure(category=ErrorCategory.operation, value=12)
                )
            else:
                pair.server.reject(invoke_id, UNRECOGNIZED_OPERATION)
        elif action == "tick":
            now += number / 5
            pair.client.tick(now)
        pair.now = now
        pair.pump()
        pending += [e.invoke_id for e in drain(pair.server) if isinstance(e, InvokeReceived)]
        for event in drain(pair.client):
            if isinstance(event, ResultReceived | ErrorReceived | RejectReceived | InvokeTimedOut):
                assert event.invoke_id is not None
                completions[event.invoke_id] = completions.get(event.invoke_id, 0) + 1
                assert event.invoke_id not in pair.client.outstanding
            else:
                assert isinstance(event, LateReply | HeartbeatDue | PeerSilent | Ready), event
        # completed ids may be reused: count per use, so compare with the ids in flight
        for invoke_id in pair.client.outstanding:
            assert pair.client.outstanding[invoke_id] == SNAPSHOT_DEVICE
    pair.client.tick(now + 1000.0)
    for event in drain(pair.client):
        if isinstance(event, InvokeTimedOut):
            completions[event.invoke_id] = completions.get(event.invoke_id, 0) + 1
    assert pair.client.outstanding == {}
    assert sum(completions.values()) == len(sent)


def test_timed_out_ids_are_not_reused_while_others_are_free() -> None:
    pair = Pair(max_invoke_id=3)
    pair.associate(handshake=False)
    arg = SnapshotDeviceArgument(snapshot_object=DeviceId(number="1"))
    assert pair.client.invoke(arg, 0.0, timeout=1.0) == 1
    pair.client.tick(1.0)
    assert drain(pair.client) == [InvokeTimedOut(1, SNAPSHOT_DEVICE)]
    assert [pair.client.invoke(arg, 2.0) for _ in range(2)] == [2, 3]
    pair.pump()
    for event in drain(pair.server):
        if event.invoke_id == 2:
            pair.server.reply(2, None)
    pair.pump()
    assert drain(pair.client) == [ResultReceived(2, SNAPSHOT_DEVICE, None)]
    assert pair.client.invoke(arg, 3.0) == 2  # 1 may still be answered late: skipped
    assert pair.client.invoke(arg, 3.0) == 1  # nothing else free: reused
