"""Child process of `tandem doctor`: what Qt sees. Run apart because a missing platform plugin aborts.

Prints one JSON line about Qt and audio (QCoreApplication), then tries a QGuiApplication and prints
a second line with the platform plugin's name; if that aborts, the parent has the first line.
"""

from __future__ import annotations

import json
import sys


def main() -> None:
    from PySide6 import QtCore
    from PySide6 import __version__ as pyside_version

    core = QtCore.QCoreApplication(sys.argv[:1])
    from PySide6.QtMultimedia import QMediaDevices

    def names(devices: list) -> list[str]:  # type: ignore[type-arg]
        return [d.description() for d in devices]

    first = {
        "pyside": pyside_version,
        "qt": QtCore.qVersion(),
        "audio_inputs": names(QMediaDevices.audioInputs()),
        "audio_outputs": names(QMediaDevices.audioOutputs()),
        "default_input": QMediaDevices.defaultAudioInput().description() or None,
        "default_output": QMediaDevices.defaultAudioOutput().description() or None,
    }
    print(json.dumps(first), flush=True)
    # One application object at a time: PySide's shutdown() destroys the singleton so that the
    # QGuiApplication below can be created (deleting the Python reference is not enough).
    core.shutdown()
    del core
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])
    print(json.dumps({"platform": app.platformName()}), flush=True)


if __name__ == "__main__":
    main()
