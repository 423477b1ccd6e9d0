"""Real audio for the null-device pjsua2 wheel: an `AudioMediaPort` bridged to Qt Multimedia.

    call audio --conference--> BridgePort.onFrameReceived --> speaker ring --> QAudioSink
    QAudioSource --> mic ring --> BridgePort.onFrameRequested --conference--> call audio

The port's callbacks run on pjmedia's clock thread: they only copy bytes into or out of a locked
ring. The Qt side lives on its own `QThread` with a 10 ms timer; it owns the QAudioSink/Source of
the chosen devices, the ringer sink, the ringback/ringtone generators and the clock-drift control
(tandem.sip.audio_buffers). Nothing here calls pjsua2 from the Qt thread, and no Qt object is touched
from pjmedia's thread. Device changes are reported back to the engine's loop thread through a queue
that `AudioBridge.poll()` drains (the engine calls it on every pump tick).
"""

from __future__ import annotations

import ctypes
import logging
import queue
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pjsua2 as pj
from PySide6.QtCore import QCoreApplication, QIODevice, Qt, QThread, QTimer
from PySide6.QtMultimedia import QAudioFormat, QAudioSink, QAudioSource, QtAudio

from tandem.sip import devices
from tandem.sip.audio_buffers import DriftControl, RingBuffer, ToneGenerator, ms_to_bytes, ringback, ringtone
from tandem.sip.events import (
    AudioDevicesChanged,
    CallEnded,
    CallMediaChanged,
    CallState,
    CallStateChanged,
    IncomingCall,
    SipEvent,
)

if TYPE_CHECKING:
    from tandem.sip.endpoint import SipEngine

log = logging.getLogger(__name__)

FRAME_MS = 20
SINK_BUFFER_MS = 100  # QAudioSink buffer: call audio is written as soon as it arrives
SINK_QUEUE_MS = 40  # tones are generated this far ahead
# Drift control set points (ms), the natural level is kept within them:
SPEAKER_LEVEL_MS = (40, 150)  # ring + sink queue, the playback jitter buffer
MIC_LEVEL_MS = (50, 120)  # the microphone jitter buffer (PulseAudio delivers ~64 ms at a time)
MIC_PREBUFFER_MS = 100  # one PulseAudio chunk (~64 ms) and a margin
SPEAKER_PREBUFFER_MS = 40
RESYNC_MS = 250  # more than this buffered means a stall, not drift: skip to the newest audio
SOURCE_BUFFER_MS = 200
TICK_MS = 20  # the Qt audio pump; the sink holds 100 ms and PulseAudio moves 16-64 ms at a time
DEVICE_POLL_S = 1.0


# ---------------------------------------------------------------------------- frame copies
def _vector_bytes_slow(vector: Any) -> bytes:
    return bytes(vector)


def _vector_bytes_fast(vector: Any) -> bytes:
    # `bytes(ByteVector)` walks the SWIG vector element by element (~0.3 ms a frame). A libstdc++
    # std::vector is three pointers (begin, end, capacity end): read the bytes straight from begin.
    address = int(vector.this)
    begin = ctypes.c_void_p.from_address(address).value
    end = ctypes.c_void_p.from_address(address + ctypes.sizeof(ctypes.c_void_p)).value
    if not begin or not end or end <= begin:
        return b""
    return ctypes.string_at(begin, end - begin)


def _pick_vector_copy() -> Any:
    """The fast copy when it provably reads this build's vectors right, else the slow one."""
    try:
        probe = bytes(range(256)) * 3
        vector = pj.ByteVector(probe)
        if _vector_bytes_fast(vector) == probe and _vector_bytes_fast(pj.ByteVector()) == b"":
            return _vector_bytes_fast
    except Exception:  # any surprise in the memory layout: stay on the safe path
        log.info("fast audio frame copy unavailable; using the slow one")
    return _vector_bytes_slow


vector_bytes = _pick_vector_copy()


# ---------------------------------------------------------------------------- pjmedia side
class BridgePort(pj.AudioMediaPort):  # type: ignore[misc]
    """The conference port of the bridge. Its callbacks run on pjmedia's clock thread."""

    def __init__(self, rate: int, speaker: RingBuffer, mic: RingBuffer) -> None:
        super().__init__()
        self.rate = rate
        self.speaker = speaker
        self.mic = mic
        self.frame_bytes = ms_to_bytes(FRAME_MS, rate)
        self._silence = bytes(self.frame_bytes)
        self._mic_prebuffer = ms_to_bytes(MIC_PREBUFFER_MS, rate)
        self._mic_priming = True
        self.mic_underruns = 0
        self.frames_in = 0
        self.frames_out = 0
        self.speaker_open = False  # set by the audio thread: drop call audio while nothing plays it
        fmt = pj.MediaFormatAudio()
        fmt.type = pj.PJMEDIA_TYPE_AUDIO
        fmt.clockRate = rate
        fmt.channelCount = 1
        fmt.bitsPerSample = 16
        fmt.frameTimeUsec = FRAME_MS * 1000
        self.createPort("tandem-bridge", fmt)

    def onFrameReceived(self, frame: pj.MediaFrame) -> None:
        if frame.type == pj.PJMEDIA_FRAME_TYPE_AUDIO:
            self.frames_in += 1
            if self.speaker_open:
                self.speaker.write(vector_bytes(frame.buf))

    def onFrameRequested(self, frame: pj.MediaFrame) -> None:
        data: bytes | None = None
        if self._mic_priming and len(self.mic) >= self._mic_prebuffer:
            self._mic_priming = False
        if not self._mic_priming:
            data = self.mic.read_exact(self.frame_bytes)
            if data is None:
                self.mic_underruns += 1
                self._mic_priming = True
        frame.type = pj.PJMEDIA_FRAME_TYPE_AUDIO
        frame.buf = pj.ByteVector(data if data is not None else self._silence)
        self.frames_out += 1


# ---------------------------------------------------------------------------- Qt side
@dataclass(frozen=True)
class AudioStats:
    speaker_underruns: int  # the speaker ran dry while a call was playing (an audible cut)
    mic_underruns: int  # pjmedia asked for microphone audio that had not arrived
    speaker_overruns: int
    mic_overruns: int
    drift_drops: int
    drift_repeats: int
    resyncs: int  # jumps to the newest audio after a stall (device start, sound server hiccup)
    frames_in: int
    frames_out: int


def _format(rate: int) -> QAudioFormat:
    fmt = QAudioFormat()
    fmt.setSampleRate(rate)
    fmt.setChannelCount(1)
    fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    return fmt


class _AudioThread(QThread):
    """Owns every Qt audio object; all of them are created, used and deleted in `run()`."""

    def __init__(self, bridge: AudioBridge) -> None:
        super().__init__()
        self.setObjectName("tandem-audio")
        self.b = bridge
        self.sink: QAudioSink | None = None
        self.sink_io: QIODevice | None = None
        self.source: QAudioSource | None = None
        self.source_io: QIODevice | None = None
        self.ringer: QAudioSink | None = None
        self.ringer_io: QIODevice | None = None
        self.capture: devices.DeviceInfo | None = None
        self.playback: devices.DeviceInfo | None = None
        self.ringer_device: devices.DeviceInfo | None = None
        self._last_tick = time.monotonic()
        self._last_poll = 0.0
        self._last_report = 0.0
        self._speaker_playing = False

    def run(self) -> None:
        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        # This QThread object lives in the creating thread: connect directly so _tick runs here.
        timer.timeout.connect(self._tick, Qt.ConnectionType.DirectConnection)
        timer.start(TICK_MS)
        self._refresh_devices(force=True)
        self.exec()
        timer.stop()
        self._close_output()
        self._close_input()
        self._close_ringer()
        del timer

    # -- devices
    def _refresh_devices(self, force: bool = False) -> None:
        outputs, inputs = devices.list_outputs(), devices.list_inputs()
        b = self.b
        playback = devices.choose(outputs, b.preferred_playback)
        capture = devices.choose(inputs, b.preferred_capture)
        ringer = devices.choose(outputs, b.preferred_ringer) if b.preferred_ringer else playback
        changed = (force or playback != self.playback or capture != self.capture
                   or ringer != self.ringer_device)
        # (Re)open on a change, and retry a device that would not open while a call needs it.
        if playback != self.playback or (playback is not None and self.sink is None and b.active):
            self._close_output()
            self.playback = playback
            if b.active:
                self._open_output()
        if capture != self.capture or (capture is not None and self.source is None and b.active):
            self._close_input()
            self.capture = capture
            if b.active:
                self._open_input()
        if ringer != self.ringer_device:
            self._close_ringer()
            self.ringer_device = ringer
        if changed:
            b.notices.put(AudioDevicesChanged(
                capture.name if capture else None, playback.name if playback else None,
                ringer.name if ringer else None, devices.problem_text(capture, playback)))

    def _open_output(self) -> None:
        if self.playback is None:
            return
        device = devices.find_qt_device(self.playback, output=True)
        if device is None:
            return
        sink = QAudioSink(device, _format(self.b.rate))
        sink.setBufferSize(ms_to_bytes(SINK_BUFFER_MS, self.b.rate))
        self.sink, self.sink_io = sink, sink.start()
        self._speaker_playing = False
        self.b.speaker.clear()
        self.b.speaker_drift.reset()
        self.b.set_speaker_open(True)

    def _close_output(self) -> None:
        self.b.set_speaker_open(False)
        if self.sink is not None:
            self.sink.stop()
        self.sink = self.sink_io = None

    def _open_input(self) -> None:
        if self.capture is None:
            return
        device = devices.find_qt_device(self.capture, output=False)
        if device is None:
            return
        source = QAudioSource(device, _format(self.b.rate))
        source.setBufferSize(ms_to_bytes(SOURCE_BUFFER_MS, self.b.rate))
        self.source, self.source_io = source, source.start()
        self.b.mic_drift.reset()

    def _close_input(self) -> None:
        if self.source is not None:
            self.source.stop()
        self.source = self.source_io = None

    def _close_ringer(self) -> None:
        if self.ringer is not None:
            self.ringer.stop()
        self.ringer = self.ringer_io = None

    # -- the 10 ms pump
    def _tick(self) -> None:
        now = time.monotonic()
        dt, self._last_tick = now - self._last_tick, now
        b = self.b
        if b.stopping:
            self.quit()
            return
        if b.wake.is_set() or now - self._last_poll >= DEVICE_POLL_S:
            b.wake.clear()
            self._last_poll = now
            if not b.active:
                self._close_output()
                self._close_input()
            self._refresh_devices()
        if b.active:
            self._pump_speaker(dt)
            self._pump_mic(dt)
            if now - self._last_report >= 1.0:
                self._last_report = now
                log.debug("audio levels: speaker %s/%s mic %s/%s (bytes, smoothed/target)",
                          _round(b.speaker_drift.level), b.speaker_drift.target,
                          _round(b.mic_drift.level), b.mic_drift.target)
        else:
            b.speaker.clear()
        self._pump_ringer()

    def _pump_speaker(self, dt: float) -> None:
        b = self.b
        sink, io = self.sink, self.sink_io
        if sink is None or io is None:
            return
        free = sink.bytesFree()
        free -= free % 2
        queued = sink.bufferSize() - free
        tone = b.ringback_tone
        if tone is not None:
            b.speaker.clear()
            want = ms_to_bytes(SINK_QUEUE_MS, b.rate) - queued
            if want > 0:
                io.write(tone.read(want - want % 2))
            return
        if self._speaker_playing and sink.state() == QtAudio.State.IdleState:
            # The sink ran dry: an audible cut. Build the prebuffer up again before playing on.
            b.speaker_underruns += 1
            self._speaker_playing = False
        if len(b.speaker) > ms_to_bytes(RESYNC_MS, b.rate):
            # The sound server stalled (or is still starting): catching up block by block would
            # take minutes of extra latency. One jump to the newest audio instead.
            b.speaker.keep_newest(ms_to_bytes(SPEAKER_PREBUFFER_MS, b.rate))
            b.speaker_drift.reset()
            b.resyncs += 1
        b.speaker_drift.observe(len(b.speaker) + queued, dt)
        if not self._speaker_playing:
            # Prebuffer before starting once the sink takes data; what piled up beyond that while
            # the sound server connected is stale, so only the newest audio is kept.
            prebuffer = ms_to_bytes(SPEAKER_PREBUFFER_MS, b.rate)
            if len(b.speaker) < prebuffer or free <= 0:
                return
            b.speaker.keep_newest(prebuffer)
            b.speaker_drift.reset()
            self._speaker_playing = True
        if free <= 0:
            return
        data = b.speaker.read(free)
        if not data:
            return
        block = b.speaker_drift.block * 2
        if b.speaker_drift.direction() < 0 or len(data) + block <= free:
            data = b.speaker_drift.adjust(data)
        io.write(data)

    def _pump_mic(self, dt: float) -> None:
        b = self.b
        io = self.source_io
        if io is None:
            return
        data = bytes(io.readAll().data())
        if not data:
            b.mic_drift.observe(len(b.mic), dt)
            return
        b.mic_drift.observe(len(b.mic) + len(data), dt)
        b.mic.write(b.mic_drift.adjust(data))
        if len(b.mic) > ms_to_bytes(RESYNC_MS, b.rate):
            b.mic.keep_newest(ms_to_bytes(MIC_PREBUFFER_MS, b.rate))
            b.mic_drift.reset()
            b.resyncs += 1

    def _pump_ringer(self) -> None:
        b = self.b
        tone = b.ringtone_tone
        if tone is None:
            if self.ringer is not None:
                self._close_ringer()
            return
        if self.ringer is None:
            if self.ringer_device is None:
                return
            device = devices.find_qt_device(self.ringer_device, output=True)
            if device is None:
                return
            self.ringer = QAudioSink(device, _format(b.rate))
            self.ringer.setBufferSize(ms_to_bytes(SINK_BUFFER_MS, b.rate))
            self.ringer_io = self.ringer.start()
        assert self.ringer is not None and self.ringer_io is not None
        queued = self.ringer.bufferSize() - self.ringer.bytesFree()
        want = ms_to_bytes(SINK_QUEUE_MS, b.rate) - queued
        if want > 0:
            self.ringer_io.write(tone.read(want - want % 2))


def _round(value: float | None) -> int | None:
    return None if value is None else round(value)


class AudioBridge:
    """The audio of the softphone: attach it to a running engine, `close()` it before shutdown.

    `active` is True while at least one call has audio; the Qt devices are opened only then (and the
    ringer only while a call rings), so an idle Tandem holds no sound device.
    """

    def __init__(self, rate: int = 16000, capture: str = "", playback: str = "", ringer: str = "",
                 drive_qt_events: bool = False) -> None:
        if QCoreApplication.instance() is None:
            raise RuntimeError("the audio bridge needs a QCoreApplication (or QApplication) first")
        self.rate = rate
        # Qt's device lists follow hot-plug only while the main thread handles Qt events. Under
        # qasync the loop does that; a plain asyncio loop (headless commands) needs us to.
        self.drive_qt_events = drive_qt_events
        self._events_at = 0.0
        self.preferred_capture = capture
        self.preferred_playback = playback
        self.preferred_ringer = ringer
        self.speaker = RingBuffer(ms_to_bytes(500, rate))
        self.mic = RingBuffer(ms_to_bytes(500, rate))
        self.speaker_drift = DriftControl(rate, *SPEAKER_LEVEL_MS)
        self.mic_drift = DriftControl(rate, *MIC_LEVEL_MS)
        self.speaker_underruns = 0
        self.resyncs = 0
        self.notices: queue.SimpleQueue[AudioDevicesChanged] = queue.SimpleQueue()
        self.wake = threading.Event()
        self.active = False
        self.stopping = False
        self.ringback_tone: ToneGenerator | None = None
        self.ringtone_tone: ToneGenerator | None = None
        self.devices: AudioDevicesChanged | None = None
        self.port: BridgePort | None = None
        self._engine: SipEngine | None = None
        self._unsubscribe: Any = None
        self._ringing: set[int] = set()
        self._ringback: set[int] = set()
        self._thread = _AudioThread(self)
        self._thread.start()

    # ------------------------------------------------------------------ engine wiring
    def attach(self, engine: SipEngine) -> None:
        """Create the conference port in `engine` and connect every call's audio to it."""
        self._engine = engine
        self.port = BridgePort(self.rate, self.speaker, self.mic)
        self.port.speaker_open = self._thread.sink is not None
        engine.set_local_audio(self.port)
        engine.add_tick_hook(self.poll)
        engine.add_shutdown_hook(self.close)
        self._unsubscribe = engine.subscribe(self._on_event)

    def poll(self) -> None:
        """Publish device changes from the audio thread on the engine's loop thread."""
        now = time.monotonic()
        if self.drive_qt_events and now - self._events_at >= 0.2:
            self._events_at = now
            QCoreApplication.processEvents()
        while True:
            try:
                notice = self.notices.get_nowait()
            except queue.Empty:
                return
            self.devices = notice
            if self._engine is not None:
                self._engine.publish(notice)

    def _on_event(self, event: SipEvent) -> None:
        engine = self._engine
        if engine is None:
            return
        if isinstance(event, IncomingCall):
            self._ringing.add(event.call_id)
        elif isinstance(event, CallStateChanged):
            if event.state in (CallState.CONNECTING, CallState.CONFIRMED, CallState.DISCONNECTED):
                self._ringing.discard(event.call_id)
                self._ringback.discard(event.call_id)
            elif event.state is CallState.EARLY and event.call_id not in self._ringing:
                self._ringback.add(event.call_id)
        elif isinstance(event, CallMediaChanged) and event.early:
            self._ringback.discard(event.call_id)  # the far end plays its own ringback
        elif isinstance(event, CallEnded):
            self._ringing.discard(event.call_id)
            self._ringback.discard(event.call_id)
        self._set_tones(engine)

    def _set_tones(self, engine: SipEngine) -> None:
        if self._ringing and self.ringtone_tone is None:
            self.ringtone_tone = ringtone(self.rate)
        elif not self._ringing:
            self.ringtone_tone = None
        if self._ringback and self.ringback_tone is None:
            self.ringback_tone = ringback(self.rate)
        elif not self._ringback:
            self.ringback_tone = None
        active = any(c.audio is not None for c in engine.calls.values()) or bool(self._ringback)
        if active != self.active:
            self.set_active(active)

    # ------------------------------------------------------------------ controls
    def set_active(self, active: bool) -> None:
        self.active = active
        if not active:
            self.mic.clear()
        self.wake.set()

    def select(self, capture: str | None = None, playback: str | None = None,
               ringer: str | None = None) -> None:
        """Prefer these devices by name (also mid-call); None leaves a choice as it is."""
        if capture is not None:
            self.preferred_capture = capture
        if playback is not None:
            self.preferred_playback = playback
        if ringer is not None:
            self.preferred_ringer = ringer
        self.wake.set()

    def set_speaker_open(self, is_open: bool) -> None:
        port = self.port
        if port is not None:
            port.speaker_open = is_open
        if not is_open:
            self.speaker.clear()

    def stats(self) -> AudioStats:
        port = self.port
        return AudioStats(
            speaker_underruns=self.speaker_underruns,
            mic_underruns=port.mic_underruns if port else 0,
            speaker_overruns=self.speaker.overruns, mic_overruns=self.mic.overruns,
            drift_drops=self.speaker_drift.stats.drops + self.mic_drift.stats.drops,
            drift_repeats=self.speaker_drift.stats.repeats + self.mic_drift.stats.repeats,
            resyncs=self.resyncs,
            frames_in=port.frames_in if port else 0, frames_out=port.frames_out if port else 0)

    def close(self) -> None:
        """Disconnect from the engine and stop the audio thread (before `engine.shutdown()`)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        engine, self._engine = self._engine, None
        if engine is not None:
            engine.remove_tick_hook(self.poll)
            engine.remove_shutdown_hook(self.close)
            if engine.running:
                engine.set_local_audio(None)
            if self.port is not None:
                engine.retire(self.port)
        self.port = None
        self.stopping = True
        self._thread.wait(5000)
