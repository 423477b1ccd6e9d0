"""Checks on recorded audio for support and tests: the dominant tone, the level, and cuts.

`tandem sip call --record` reports these so that "one-way audio" or "choppy audio" can be diagnosed
without listening: a far end playing a test tone shows up as its frequency, silence as level 0, and
gaps in a continuous tone as cuts. Pure Python (Goertzel), 16-bit mono PCM.
"""

from __future__ import annotations

import math
import sys
import wave
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ToneReport:
    seconds: float
    rms: float  # 0..1 of full scale
    frequency: float  # the strongest frequency in Hz (0 when silent)
    purity: float  # share of the signal's energy at that frequency, 0..1
    cuts: int  # gaps of 10 ms or more inside the tone


def pcm_samples(data: bytes) -> array[int]:
    samples = array("h")
    samples.frombytes(data[: len(data) - len(data) % 2])
    if sys.byteorder == "big":
        samples.byteswap()
    return samples


def read_wav(path: Path) -> tuple[array[int], int]:
    """Mono 16-bit samples and the sample rate of a WAV file (the first channel if several)."""
    with wave.open(str(path), "rb") as wav:
        if wav.getsampwidth() != 2:
            raise ValueError(f"{path}: only 16-bit WAV files are supported")
        rate, channels = wav.getframerate(), wav.getnchannels()
        samples = pcm_samples(wav.readframes(wav.getnframes()))
    if channels > 1:
        samples = samples[::channels]
    return samples, rate


def goertzel_power(samples: Sequence[float], rate: int, freq: float) -> float:
    coeff = 2.0 * math.cos(2.0 * math.pi * freq / rate)
    s1 = s2 = 0.0
    for x in samples:
        s1, s2 = x + coeff * s1 - s2, s1
    return s1 * s1 + s2 * s2 - coeff * s1 * s2


def _rms(samples: array[int] | list[int]) -> float:
    if not samples:
        return 0.0
    return math.sqrt(sum(x * x for x in samples) / len(samples)) / 32768.0


def count_cuts(samples: array[int], rate: int, window_ms: float = 10.0) -> int:
    """Runs of near-silent windows between the first and the last loud window of a steady tone."""
    n = max(1, int(rate * window_ms / 1000))
    levels = [_rms(samples[i:i + n]) for i in range(0, len(samples) - n + 1, n)]
    audible = sorted(v for v in levels if v > 0.003)
    if not audible:
        return 0
    median = audible[len(audible) // 2]
    # The tone proper runs from the first to the last window at half its typical level: the codec's
    # fade-in and the silence before and after the call are not cuts.
    loud = [i for i, v in enumerate(levels) if v >= median * 0.5]
    threshold = median * 0.1
    cuts, quiet = 0, False
    for level in levels[loud[0]:loud[-1] + 1]:
        if level < threshold:
            if not quiet:
                cuts += 1
            quiet = True
        else:
            quiet = False
    return cuts


def analyse(samples: array[int], rate: int, lo: float = 100.0, hi: float = 3900.0) -> ToneReport:
    """Level, dominant frequency and cuts.

    The frequency is found in 0.1 s stretches: on a 10 Hz grid first (the window's main lobe is
    10 Hz wide either side, so no tone falls between two grid points) in three stretches, then in
    1 Hz steps around the median of those in nine stretches spread over the middle of the tone,
    of which the median counts: a jitter buffer concealing lost packets disturbs a stretch, not
    the tone.
    """
    seconds = len(samples) / rate if rate else 0.0
    rms = _rms(samples)
    if rms < 1e-4 or len(samples) < rate // 10:
        return ToneReport(seconds, rms, 0.0, 0.0, 0)
    n = rate // 10
    span = len(samples) - n
    top = min(hi, rate / 2 - 10)
    grid = [lo + 10.0 * i for i in range(int((top - lo) / 10.0) + 1)]
    coarse = sorted(_strongest(_window(samples, span * k // 10, n), rate, grid)[0] for k in (3, 5, 7))[1]
    fine = [coarse + d for d in range(-10, 11) if lo <= coarse + d <= top]
    readings = []
    for start in sorted({span // 2 + span * k // 20 for k in range(-4, 5)}):  # the middle 80 %
        window = _window(samples, start, n)
        energy = sum(x * x for x in window) * n / 2.0
        best_f, best_p = _strongest(window, rate, fine)
        readings.append((best_f, min(1.0, best_p / energy) if energy else 0.0))
    best_f, purity = sorted(readings)[len(readings) // 2]
    return ToneReport(seconds, rms, best_f, purity, count_cuts(samples, rate))


def _window(samples: array[int], start: int, n: int) -> list[float]:
    return [float(x) for x in samples[start:start + n]]


def _strongest(window: list[float], rate: int, frequencies: list[float]) -> tuple[float, float]:
    """(frequency, power) of the strongest of `frequencies` in `window`."""
    return max(((f, goertzel_power(window, rate, f)) for f in frequencies), key=lambda fp: fp[1])
