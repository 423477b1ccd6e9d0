"""One Tandem per user session: a second start (or a clicked tel:/sip:/callto: link) hands its request
to the running instance over a local socket and exits."""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

TIMEOUT_MS = 2000


def server_name() -> str:
    """Per user and per profile (TANDEM_HOME), so the demo and tests never meet the real instance."""
    profile = os.environ.get("TANDEM_HOME", "")
    digest = hashlib.sha256(f"{getpass.getuser()}|{profile}".encode()).hexdigest()[:16]
    return f"tandem-{digest}"


def send_to_running(request: dict[str, str], name: str | None = None) -> bool:
    """Hand `request` (e.g. {"dial": "tel:+4989…"}) to a running Tandem; False when none runs."""
    socket = QLocalSocket()
    socket.connectToServer(name or server_name())
    if not socket.waitForConnected(TIMEOUT_MS):
        return False
    socket.write(json.dumps(request).encode() + b"\n")
    socket.flush()
    socket.waitForBytesWritten(TIMEOUT_MS)
    socket.waitForReadyRead(TIMEOUT_MS)  # the instance answers "ok" once it took the request
    answer = bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return answer.strip() == b"ok"


class SingleInstance(QObject):
    """Listens for requests from later starts; `handler` gets each request dict."""

    def __init__(self, handler: Callable[[dict[str, str]], None], name: str | None = None) -> None:
        super().__init__()
        self._handler = handler
        self._name = name or server_name()
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self._server.listen(self._name):
            # A crashed instance leaves its socket file behind: nobody answers on it, so take it.
            QLocalServer.removeServer(self._name)
            if not self._server.listen(self._name):
                raise RuntimeError(f"cannot listen for other Tandem starts: {self._server.errorString()}")
        self._server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        line = bytes(socket.readLine().data())
        try:
            request = json.loads(line)
            if not isinstance(request, dict):
                raise ValueError("not an object")
        except ValueError:
            socket.write(b"error\n")
            return
        socket.write(b"ok\n")
        socket.flush()
        self._handler({str(k): str(v) for k, v in request.items()})

    def close(self) -> None:
        self._server.close()
