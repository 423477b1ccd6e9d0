"""The pure parts of the audio bridge: ring buffers, clock-drift control and tone generators.

Audio here is 16-bit signed little-endian mono PCM. Two clocks meet in the bridge: pjmedia's
conference clock (which runs on the null sound device) and the sound server's clock. They drift
apart by up to a few hundred ppm, so a buffer between them slowly fills up or runs dry. `DriftControl`
watches the smoothed fill level and, when it leaves a band around the target, removes or repeats
one short block (2.5 ms) inside a chunk with a crossfade over the splice, so no click and no cut is
heard. No Qt and no pjsua2 here: all of it is tested on plain bytes.
"""

from __future__ import annotations

import math
import sys
import threading
from array import array
from dataclasses import dataclass

BYTES_PER_SAMPLE = 2


def ms_to_bytes(ms: float, rate: int) -> int:
    """Whole samples' worth of bytes for `ms` milliseconds at `rate` Hz (mono 16-bit)."""
    return int(rate * ms / 1000.0) * BYTES_PER_SAMPLE


def _samples(data: bytes | bytearray) -> array[int]:
    samples = array("h")
    samples.frombytes(bytes(data))
    if sys.byteorder == "big":
        samples.byteswap()
    return samples


def _to_bytes(samples: array[int]) -> bytes:
    if sys.byteorder == "big":
        samples = array("h", samples)
        samples.byteswap()
    return samples.tobytes()


def _crossfade(fading_out: array[int], fading_in: array[int]) -> array[int]:
    n = len(fading_out)
    out = array("h", bytes(2 * n))
    for i in range(n):
        w = (i + 0.5) / n
        out[i] = int(fading_out[i] * (1.0 - w) + fading_in[i] * w)
    return out


def drop_block(data: bytes, block: int) -> bytes:
    """`data` shortened by `block` samples: two blocks are merged into one with a crossfade.

    The splice sits in the middle of the chunk; the samples on both sides of it join without a step.
    Chunks shorter than three blocks are returned unchanged.
    """
    s = _samples(data)
    if len(s) < 3 * block:
        return data
    m = (len(s) - 2 * block) // 2
    out = s[:m] + _crossfade(s[m:m + block], s[m + block:m + 2 * block]) + s[m + 2 * block:]
    return _to_bytes(out)


def repeat_block(data: bytes, block: int) -> bytes:
    """`data` lengthened by `block` samples: one block is played twice, joined by a crossfade."""
    s = _samples(data)
    if len(s) < 3 * block:
        return data
    m = (len(s) - 2 * block) // 2
    out = (s[:m + block] + _crossfade(s[m + block:m + 2 * block], s[m:m + block]) + s[m + block:])
    return _to_bytes(out)


class RingBuffer:
    """A locked byte FIFO with a capacity; the oldest bytes go first when it overflows.

    One side runs on pjmedia's clock thread, the other on the Qt audio thread: every method holds
    the lock only for a copy.
    """

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._buf = bytearray()
        self._lock = threading.Lock()
        self.overruns = 0  # writes that pushed out unread audio
        self.underruns = 0  # reads that found less than asked for while running

    def write(self, data: bytes) -> None:
        with self._lock:
            self._buf += data
            excess = len(self._buf) - self.capacity
            if excess > 0:
                excess += excess % BYTES_PER_SAMPLE
                del self._buf[:excess]
                self.overruns += 1

    def read(self, n: int) -> bytes:
        """Up to `n` bytes (fewer if fewer are there)."""
        with self._lock:
            n -= n % BYTES_PER_SAMPLE
            out = bytes(self._buf[:n])
            del self._buf[:n]
            return out

    def read_exact(self, n: int) -> bytes | None:
        """Exactly `n` bytes, or None (counted as an underrun) when not that many are buffered."""
        with self._lock:
            if len(self._buf) < n:
                self.underruns += 1
                return None
            out = bytes(self._buf[:n])
            del self._buf[:n]
            return out

    def clear(self) -> None:
        with self._lock:
            self._buf.clear()

    def keep_newest(self, n: int) -> None:
        """Drop all but the newest `n` bytes (a resynchronisation after a stall, not a drift step)."""
        with self._lock:
            excess = len(self._buf) - (n - n % BYTES_PER_SAMPLE)
            if excess > 0:
                del self._buf[:excess]

    def __len__(self) -> int:
        return len(self._buf)


@dataclass
class DriftStats:
    drops: int = 0
    repeats: int = 0


class DriftControl:
    """Keeps a buffer between two clocks at its natural level by dropping or repeating 2.5 ms blocks.

    `observe(level_bytes, dt)` feeds the fill level after every transfer; the level is smoothed with
    a time constant of `tau_s` so that bursty delivery (PulseAudio hands over ~64 ms at a time) is not
    mistaken for drift. The level reached after `warmup_s` becomes the set point, clamped into
    [floor_ms, ceiling_ms] (enough headroom against underruns, no needless latency); from then on
    only a slow departure of more than `band_ms` is corrected. `adjust(chunk)` returns the chunk
    shortened by one block, lengthened by one block, or unchanged, and corrects at most every
    `min_interval_s`. With 100 ppm of drift that is one inaudible splice every couple of minutes.
    """

    def __init__(self, rate: int, floor_ms: float, ceiling_ms: float, *, band_ms: float = 15.0,
                 tau_s: float = 2.0, min_interval_s: float = 0.5, block_ms: float = 2.5,
                 warmup_s: float = 2.0) -> None:
        self.rate = rate
        self.floor = ms_to_bytes(floor_ms, rate)
        self.ceiling = ms_to_bytes(ceiling_ms, rate)
        self.target = (self.floor + self.ceiling) // 2
        self.band = ms_to_bytes(band_ms, rate)
        self.tau_s = tau_s
        self.min_interval_s = min_interval_s
        self.block = max(8, int(rate * block_ms / 1000.0))  # samples
        self.warmup_s = warmup_s
        self.level: float | None = None
        self._since_correction = 0.0
        self._age = 0.0
        self._settled = False
        self.stats = DriftStats()

    def reset(self) -> None:
        """Forget the level (a device was opened): measure again before correcting anything."""
        self.level = None
        self._since_correction = 0.0
        self._age = 0.0
        self._settled = False

    def observe(self, level_bytes: int, dt: float) -> None:
        if self.level is None and level_bytes <= 0:
            return  # nothing flows yet: the warm-up starts with the audio
        self._age += dt
        if self.level is None:
            self.level = float(level_bytes)
        else:
            # Settle fast while warming up, then follow only slow trends (drift, not jitter).
            tau = self.tau_s if self._settled else self.tau_s / 8
            alpha = min(1.0, dt / tau)
            self.level += alpha * (level_bytes - self.level)
        if not self._settled and self._age >= self.warmup_s:
            self._settled = True
            self.target = int(min(max(self.level, self.floor), self.ceiling))
        self._since_correction += dt

    def direction(self) -> int:
        """-1: too much buffered (drop), +1: too little (repeat), 0: fine."""
        if self.level is None or not self._settled or self._since_correction < self.min_interval_s:
            return 0
        if self.level > self.target + self.band:
            return -1
        if self.level < self.target - self.band:
            return +1
        return 0

    def adjust(self, chunk: bytes) -> bytes:
        step = self.direction()
        if step == 0 or len(chunk) < 3 * self.block * BYTES_PER_SAMPLE:
            return chunk
        self._since_correction = 0.0
        block_bytes = self.block * BYTES_PER_SAMPLE
        # Move the smoothed level by what we changed so one excursion is not corrected twice.
        assert self.level is not None
        if step < 0:
            self.stats.drops += 1
            self.level -= block_bytes
            return drop_block(chunk, self.block)
        self.stats.repeats += 1
        self.level += block_bytes
        return repeat_block(chunk, self.block)


class ToneGenerator:
    """A continuous cadenced tone (ringback, ringtone): `read(n)` gives the next n bytes of it."""

    def __init__(self, rate: int, freqs: tuple[float, ...], on_ms: int, off_ms: int,
                 amplitude: float = 0.25) -> None:
        self.rate = rate
        self.freqs = freqs
        self.on = int(rate * on_ms / 1000)
        self.period = self.on + int(rate * off_ms / 1000)
        self.amplitude = amplitude * 32767 / max(1, len(freqs))
        self._pos = 0

    def read(self, n: int) -> bytes:
        count = n // BYTES_PER_SAMPLE
        out = array("h", bytes(2 * count))
        two_pi = 2 * math.pi
        for i in range(count):
            t = self._pos + i
            phase = t % self.period
            if phase < self.on:
                value = sum(math.sin(two_pi * f * t / self.rate) for f in self.freqs)
                out[i] = int(self.amplitude * value)
        self._pos = (self._pos + count) % (self.rate * 3600)
        return _to_bytes(out)


def ringback(rate: int) -> ToneGenerator:
    """The European ringback tone: 425 Hz, 1 s on, 4 s off."""
    return ToneGenerator(rate, (425.0,), 1000, 4000, amplitude=0.2)


def ringtone(rate: int) -> ToneGenerator:
    """Tandem's ringer: a two-tone burst, 1 s on, 2 s off."""
    return ToneGenerator(rate, (660.0, 880.0), 1000, 2000, amplitude=0.35)
