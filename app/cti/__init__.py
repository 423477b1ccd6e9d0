"""CSTA Phase III (ECMA-269/285) as a sans-IO protocol core: bytes in, typed events out, and back.

Public entry points (import from the module named; the names are stable):

- `tandem.cti.link`: `CstaLink(Role.CLIENT | Role.SERVER, framing=Framing.SIEMENS, timers=LinkTimers(),
  strict=True)`, its events (`Associated`, `Ready`, `AssociationRequested`, `EventReceived`,
  `InvokeReceived`, `ResultReceived`, `ErrorReceived`, `RejectReceived`, `InvokeTimedOut`,
  `HeartbeatDue`, `PeerSilent`, `UndecodablePdu`, `Released`, `Aborted`, … union `LinkEvent`) and its
  errors `LocalProtocolError` (our misuse) / `RemoteProtocolError` (the peer's).
- `tandem.cti.services`: argument/result dataclasses (`MonitorStartArgument`, `MakeCallArgument`,
  `SnapshotDeviceResult`, `NoData`, …), opcodes (`MONITOR_START`, …), `OPERATIONS`.
- `tandem.cti.events`: event dataclasses (`DeliveredEvent`, `EstablishedEvent`,
  `ConnectionClearedEvent`, `DoNotDisturbEvent`, `ForwardingEvent`, …, `UnknownEvent`), `EventReport`,
  `event_name()`.
- `tandem.cti.types`: `DeviceId`, `ConnectionId`, `DeviceAbsence`, `LocalConnectionState`, `EventCause`,
  `SystemStatus`, `ForwardingType`, `MonitorFilter`, `CommonArguments`.
- `tandem.cti.rose`: `Invoke`, `ReturnResult`, `ReturnError`, `Reject`, `UniversalFailure`,
  `ErrorCategory`, reject problems (`UNRECOGNIZED_OPERATION`, …).
- `tandem.cti.acse`: `AARQ`, `AARE`, `RLRQ`, `RLRE`, `ABRT`.
- `tandem.cti.framing`: `Framing`, `FrameReader`, `frame()`, `detect_framing()`.
- `tandem.cti.pdu`: `decode_pdu()`, `encode_pdu()` for one unframed PDU.
- `tandem.cti.ber`: `CstaDecodeError`, `NeedMoreData`, `MalformedPDU`, `Limits`, `Tlv`.
- `tandem.cti.codec`: the schema-driven codec machinery behind the typed values (internal).
- `tandem.cti.json_view`: `pdu_to_json()` (what `tandem csta decode` prints).

Usage (the I/O layer owns the socket and the clock; `now` is monotonic seconds):

    client = CstaLink(Role.CLIENT, framing=Framing.SIEMENS)
    client.associate(now, auth_name=b"AMHOST", password=secret)    # AARQ
    sock.send(client.data_to_send())
    client.receive_data(sock.recv(4096), now)                      # AARE, systemStatus (auto-answered)
    while (event := client.next_event()) is not None: ...          # Associated, Ready, EventReceived
    invoke_id = client.invoke(MonitorStartArgument(monitor_object=DeviceId(number="100")), now)
    client.tick(now)  # at client.next_deadline(): InvokeTimedOut, HeartbeatDue (-> send_heartbeat)

    server = CstaLink(Role.SERVER, framing=Framing.AUTO)           # the simulated PBX
    server.receive_data(data, now)            # -> AssociationRequested(aarq): check aarq.password
    server.accept(now)                        # or server.refuse(13)
    server.invoke(SystemStatusArgument(system_status=SystemStatus.normal), now)
    server.send_event(cross_ref, DeliveredEvent(...))             # cSTAEventReport
    # InvokeReceived(invoke) -> server.reply(invoke.invoke_id, MonitorStartResult(...))
    #                        or server.reply_error(invoke.invoke_id, UniversalFailure(...))
"""
