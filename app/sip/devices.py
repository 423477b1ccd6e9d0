"""Audio devices as Qt Multimedia lists them, and which one to use for capture, playback and ringing.

A device is chosen by its name (the description the user saw in the settings dialog). The preferred
name is remembered even while that device is unplugged: the choice falls back to the system default,
and switches back as soon as the preferred device reappears (hot-plug). With no device at all the
choice is None and `problem_text` says what the user can do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtMultimedia import QAudioDevice, QMediaDevices


@dataclass(frozen=True)
class DeviceInfo:
    name: str
    id: bytes
    is_default: bool


def _info(device: QAudioDevice) -> DeviceInfo:
    return DeviceInfo(device.description(), bytes(device.id().data()), device.isDefault())


def list_outputs() -> list[DeviceInfo]:
    return [_info(d) for d in QMediaDevices.audioOutputs()]


def list_inputs() -> list[DeviceInfo]:
    return [_info(d) for d in QMediaDevices.audioInputs()]


def choose(devices: Sequence[DeviceInfo], preferred: str) -> DeviceInfo | None:
    """The preferred device by exact name, else by case-insensitive part of the name, else the
    default, else the first one; None when there is none."""
    if not devices:
        return None
    if preferred:
        for device in devices:
            if device.name == preferred:
                return device
        wanted = preferred.casefold()
        for device in devices:
            if wanted in device.name.casefold():
                return device
    for device in devices:
        if device.is_default:
            return device
    return devices[0]


def find_qt_device(info: DeviceInfo, output: bool) -> QAudioDevice | None:
    devices = QMediaDevices.audioOutputs() if output else QMediaDevices.audioInputs()
    for device in devices:
        if bytes(device.id().data()) == info.id:
            return device
    return None


def problem_text(capture: DeviceInfo | None, playback: DeviceInfo | None) -> str:
    if capture is None and playback is None:
        return ("No audio device found (no sound server or no headset): calls connect but have no "
                "sound until a headset or speaker is plugged in.")
    if capture is None:
        return "No microphone found: the other party cannot hear you until one is plugged in."
    if playback is None:
        return "No speaker or headset found: you cannot hear the other party until one is plugged in."
    return ""
