"""Ring buffers, the drop/repeat splices and the clock-drift control, on plain PCM."""

from __future__ import annotations

import math
from array import array

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.sip.audio_buffers import (
    DriftControl,
    RingBuffer,
    drop_block,
    ms_to_bytes,
    repeat_block,
    ringback,
)

RATE = 16000


def sine(freq: float, n: int, phase: int = 0, amp: float = 10000.0) -> bytes:
    wave = (int(amp * math.sin(2 * math.pi * freq * (i + phase) / RATE)) for i in range(n))
    return array("h", wave).tobytes()


def samples(data: bytes) -> array:
    out = array("h")
    out.frombytes(data)
    return out


def max_step(data: bytes) -> int:
    s = samples(data)
    return max(abs(s[i + 1] - s[i]) for i in range(len(s) - 1))


def test_ring_buffer_fifo_overrun_and_underrun():
    ring = RingBuffer(8)
    ring.write(b"abcd")
    ring.write(b"efghij")  # 10 bytes into 8: the oldest two go
    assert ring.overruns == 1
    assert ring.read(3) == b"cd"  # reads whole samples only
    assert ring.read_exact(10) is None
    assert ring.underruns == 1
    assert ring.read_exact(6) == b"efghij"
    ring.write(b"0123456789"[:8])
    ring.keep_newest(4)
    assert ring.read(100) == b"4567"


@pytest.mark.parametrize("splice", [drop_block, repeat_block])
def test_splices_change_the_length_by_one_block_without_a_click(splice):
    block = 40
    chunk = sine(440, 640)
    out = splice(chunk, block)
    expected = len(chunk) + (2 * block if splice is repeat_block else -2 * block)
    assert len(out) == expected
    # A 440 Hz sine at amplitude 10000 steps by at most ~1730 per sample; a splice without a
    # crossfade jumps by up to 20000.
    assert max_step(out) < 2 * max_step(chunk)


def test_splices_leave_short_chunks_alone():
    chunk = sine(440, 100)
    assert drop_block(chunk, 40) == chunk
    assert repeat_block(chunk, 40) == chunk


@given(st.integers(min_value=120, max_value=2000), st.integers(min_value=8, max_value=40))
def test_splice_lengths_for_any_chunk(n, block):
    chunk = sine(300, n)
    assert len(drop_block(chunk, block)) in (len(chunk), len(chunk) - 2 * block)
    assert len(repeat_block(chunk, block)) in (len(chunk), len(chunk) + 2 * block)


def simulate(ppm: float, seconds: float, chunk_ms: float = 64.0) -> tuple[DriftControl, list[float]]:
    """A producer on one clock writing 20 ms frames through the drift control (as the microphone
    path does) and a consumer on another clock reading bursts of `chunk_ms` (as PulseAudio does)."""
    control = DriftControl(RATE, floor_ms=40, ceiling_ms=150)
    frame = sine(300, 320)
    level = ms_to_bytes(80, RATE)
    frames_per_ms = (1 + ppm / 1e6) / 20.0
    chunk = ms_to_bytes(chunk_ms, RATE)
    t, due, levels = 0, 0.0, []
    next_read = chunk_ms
    while t < seconds * 1000:
        t += 10
        due += frames_per_ms * 10
        while due >= 1:
            due -= 1
            level += len(control.adjust(frame))
        if t >= next_read:
            next_read += chunk_ms
            level -= min(level, chunk)
        control.observe(level, 0.01)
        levels.append(level / (RATE * 2 / 1000))
    return control, levels


def test_no_corrections_without_drift_despite_bursty_reads():
    control, _ = simulate(ppm=0, seconds=60)
    assert control.stats.drops == 0 and control.stats.repeats == 0


@pytest.mark.parametrize("ppm", [500, -500])
def test_drift_is_absorbed_and_the_buffer_stays_in_its_band(ppm):
    control, levels = simulate(ppm=ppm, seconds=120)
    settled = levels[len(levels) // 4:]
    assert max(settled) - min(settled) < 64 + 2 * 15 + 10  # one burst plus the band either side
    assert min(settled) > 0  # never ran dry: no cut
    corrections = control.stats.drops if ppm > 0 else control.stats.repeats
    # 500 ppm over 120 s is 60 ms: about 24 blocks of 2.5 ms, in the right direction only.
    assert 12 <= corrections <= 40
    assert (control.stats.repeats if ppm > 0 else control.stats.drops) == 0


def test_ringback_cadence():
    tone = ringback(8000)
    first_second = samples(tone.read(8000 * 2))
    silent_second = samples(tone.read(8000 * 2))
    assert max(abs(x) for x in first_second) > 1000
    assert max(abs(x) for x in silent_second) == 0
