"""The simulator's CDR download endpoint: OSBiz's WBM accounting portlet over HTTPS.

Same request shape as OSBiz (docs/cdr.md §5)::

    GET /management/portlet/?portlet=hipath-accountingdownload::HiPathAccountingDownloadPortlet
        &entity=accounting&action=get|delete&username=NAME@system&password=SECRET

`action=get` answers with the pending CDR text (empty when nothing is pending); `action=delete`
removes what the last `get` served. (What a real PBX deletes when records arrive between the two
requests is not documented; removing only what was served is the behaviour that loses nothing.)

The call model appends one record per extension's part in a trunk call with `CdrBook.append()`
(`trunk_call_record()` builds it from the call's facts); `CdrBook.written` is the ground truth of
everything the PBX ever wrote. `CdrFaults` injects what networks and PBXs do:
a connection dropped mid-body, HTTP 500, slow answers; wrong credentials get HTTP 401.
For tests and scripts without an event loop of their own, `serve_cdr()` runs the endpoint on a
background thread.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from aiohttp import web

from tandem.journal.parse_osbiz import OsbizLayout, format_line
from tandem.journal.records import CdrRecord, InfoCode
from tandem.pbxsim.certs import ServerCertificate, generate_self_signed, server_ssl_context

log = logging.getLogger(__name__)

PORTLET_PATH = "/management/portlet/"
PORTLET = "hipath-accountingdownload::HiPathAccountingDownloadPortlet"
DEFAULT_LAYOUT = OsbizLayout()


def trunk_call_record(*, ended_at: datetime, trunk: int | str, extension: str, number: str, incoming: bool,
                      ring_seconds: int | None = None, talk_seconds: int | None = None,
                      transferred: bool = False, ringing_notice: bool = False) -> CdrRecord:
    """The record OSBiz writes for one extension's part in a trunk call, from what the call model
    knows about it (so the call model need not know information codes).

    `ended_at` is the PBX wall clock at the end (for a `ringing_notice`: when ringing started);
    `talk_seconds` None means the call was not answered; `transferred` marks the part of an
    extension that passed the call on (info 5/6).
    """
    if ringing_notice:
        code = InfoCode.RINGING
    elif transferred:
        code = InfoCode.INCOMING_TRANSFERRED if incoming else InfoCode.OUTGOING_TRANSFERRED
    else:
        code = InfoCode.INCOMING if incoming else InfoCode.OUTGOING
    return CdrRecord(ended_at.replace(microsecond=0), str(trunk), extension,
                     None if ringing_notice or not incoming else ring_seconds,
                     None if ringing_notice else talk_seconds, number, "", int(code))


class CdrBook:
    """The PBX's pending CDR file, and every record it ever wrote. Thread-safe."""

    def __init__(self, layout: OsbizLayout = DEFAULT_LAYOUT) -> None:
        self.layout = layout
        self._lock = threading.Lock()
        self._pending: list[bytes] = []
        self._served = 0
        self._written: list[CdrRecord] = []

    def append(self, record: CdrRecord) -> None:
        """Write the record of a finished trunk call, as the PBX does when the call ends."""
        line = (format_line(record, self.layout) + "\r\n").encode("latin-1")
        with self._lock:
            self._pending.append(line)
            self._written.append(record)

    def extend(self, records: Iterable[CdrRecord]) -> None:
        for record in records:
            self.append(record)

    def append_raw(self, line: bytes) -> None:
        """Put arbitrary bytes into the file (a damaged line, a header); not part of `written`."""
        with self._lock:
            self._pending.append(line)

    @property
    def written(self) -> list[CdrRecord]:
        with self._lock:
            return list(self._written)

    @property
    def pending_lines(self) -> int:
        with self._lock:
            return len(self._pending)

    def serve(self) -> bytes:
        with self._lock:
            self._served = len(self._pending)
            return b"".join(self._pending)

    def delete_served(self) -> int:
        with self._lock:
            count = self._served
            del self._pending[:count]
            self._served = 0
            return count


@dataclass
class CdrFaults:
    """Faults for the next requests. Counters count down as they strike; all zero = a healthy PBX."""

    drop_mid_body: int = 0  # next `get`s whose connection is cut half way through the body
    http_500: int = 0  # next requests (get or delete) answered with HTTP 500
    delay_seconds: float = 0.0  # every answer waits this long first
    redirect_to_login: int = 0  # next requests answered with a redirect to a login page


class CdrServer:
    """The endpoint on an aiohttp server in the running event loop."""

    def __init__(self, book: CdrBook, user: str, password: str, cert: ServerCertificate, *,
                 host: str = "127.0.0.1", port: int = 0, faults: CdrFaults | None = None) -> None:
        self.book = book
        self.user = user if "@" in user else f"{user}@system"
        self._password = password
        self.cert = cert
        self.host = host
        self.port = port
        self.faults = faults or CdrFaults()
        self.requests: list[str] = []  # actions in order of arrival, for tests
        self._runner: web.AppRunner | None = None

    async def start(self) -> int:
        app = web.Application()
        app.router.add_get(PORTLET_PATH, self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, ssl_context=server_ssl_context(self.cert))
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self.port

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        query = request.query
        if query.get("portlet") != PORTLET or query.get("entity") != "accounting":
            return web.Response(status=404, text="unknown portlet")
        action = query.get("action", "")
        self.requests.append(action)
        if self.faults.delay_seconds:
            await asyncio.sleep(self.faults.delay_seconds)
        if not (hmac.compare_digest(query.get("username", ""), self.user)
                and hmac.compare_digest(query.get("password", ""), self._password)):
            return web.Response(status=401, text="login failed")
        if self.faults.redirect_to_login:
            self.faults.redirect_to_login -= 1
            raise web.HTTPFound("/login.html?expired=1")
        if self.faults.http_500:
            self.faults.http_500 -= 1
            return web.Response(status=500, text="internal error")
        if action == "get":
            return await self._get(request)
        if action == "delete":
            removed = self.book.delete_served()
            log.debug("CDR delete: %d lines removed", removed)
            return web.Response(text="")
        return web.Response(status=400, text=f"unknown action {action!r}")

    async def _get(self, request: web.Request) -> web.StreamResponse:
        body = self.book.serve()
        if self.faults.drop_mid_body and len(body) > 1:
            self.faults.drop_mid_body -= 1
            response = web.StreamResponse(headers={"Content-Type": "text/plain; charset=iso-8859-1"})
            response.content_length = len(body)
            await response.prepare(request)
            await response.write(body[: len(body) // 2])
            if request.transport is not None:
                request.transport.abort()  # the promised rest never comes
            return response
        return web.Response(body=body, content_type="text/plain", charset="iso-8859-1")


class CdrServerThread:
    """A CdrServer on its own thread and event loop: for tests and scripts that block."""

    def __init__(self, server: CdrServer) -> None:
        self.server = server
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="pbxsim-cdr", daemon=True)

    def start(self) -> CdrServerThread:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.server.start(), self._loop).result(timeout=30)
        return self

    @property
    def port(self) -> int:
        return self.server.port

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        asyncio.run_coroutine_threadsafe(self.server.stop(), self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)
        self._loop.close()

    def __enter__(self) -> CdrServerThread:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve_cdr(folder: Path, book: CdrBook, *, user: str, password: str,
              faults: CdrFaults | None = None) -> CdrServerThread:
    """Start the endpoint on 127.0.0.1 (a free port) with a new self-signed certificate in `folder`.

    Returns the running thread; `.port`, `.server.cert.sha256` (to pin) and `.server.cert.cert_path`
    (to trust as CA file) tell a client how to reach it. Stop it with `.stop()` or a `with` block.
    """
    cert = generate_self_signed(folder, stem="pbxsim-cdr")
    return CdrServerThread(CdrServer(book, user, password, cert, faults=faults)).start()
