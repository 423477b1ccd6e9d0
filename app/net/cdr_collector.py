"""The CDR collector: download the PBX's call data file over HTTPS, commit it to the journal, and
only then delete it on the PBX.

One cycle (`CdrCollector.fetch_once`)::

    GET  → spool/<stamp>.part  → fsync → rename to .cdr      (a download cut off is thrown away)
    import .cdr into the journal (deduplicated, committed)
    DELETE on the PBX                                        (only after the commit)
    remove the spool file

A kill at any point loses nothing and duplicates nothing: before the commit the PBX still has
the data; after it, a left-over spool file or a second download of the same lines is recognised
line by line by the journal's deduplication. Every cycle first imports spool files a killed
cycle left behind. Only one collector may own a PBX's download, because it deletes the file.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import Any

import aiohttp

from tandem.core.errors import EnvironmentProblem
from tandem.journal.importer import CHUNK_LINES, ImportReport, import_file
from tandem.journal.store import JournalStore
from tandem.net.tls import client_tls, explain_tls_failure

log = logging.getLogger(__name__)

PORTLET_PATH = "/management/portlet/"
PORTLET = "hipath-accountingdownload::HiPathAccountingDownloadPortlet"
Checkpoint = Callable[[str], None]


class CdrCredentialsRejected(EnvironmentProblem):
    """The PBX refused the user name or password; retrying will not help."""


@dataclass(frozen=True)
class CdrEndpoint:
    """Where and how to download. The password is passed in (from the keyring), never stored."""

    host: str
    user: str
    password: str = field(repr=False)
    port: int = 443
    pin_sha256: str = ""  # empty: verify the certificate against the CAs (or `cafile`)
    cafile: Path | None = None
    timeout: float = 30.0  # connect and per-read timeout, seconds
    retries: int = 3  # attempts per request after the first
    retry_delay: float = 2.0  # first pause between attempts; doubles each time

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def wbm_user(self) -> str:
        """OSBiz WBM logins carry the realm suffix `@system`."""
        return self.user if "@" in self.user else f"{self.user}@system"

    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"https://{host}:{self.port}{PORTLET_PATH}"

    def params(self, action: str) -> dict[str, str]:
        return {"portlet": PORTLET, "entity": "accounting", "action": action,
                "username": self.wbm_user, "password": self.password}


@dataclass
class FetchResult:
    """What one cycle did. `recovered` are imports of spool files a killed cycle left."""

    downloaded_bytes: int = 0
    report: ImportReport | None = None
    deleted: bool = False
    recovered: list[ImportReport] = field(default_factory=list)

    def summary(self) -> str:
        parts = [r.summary() for r in self.recovered]
        if self.report is None:
            parts.append("nothing pending on the PBX")
        else:
            parts.append(self.report.summary())
            parts.append("deleted on the PBX" if self.deleted else "NOT deleted on the PBX")
        return "; ".join(parts)


class CdrCollector:
    """Downloads into `spool_dir`, imports into `store`, deletes on the PBX. See the module doc."""

    def __init__(self, endpoint: CdrEndpoint, store: JournalStore, spool_dir: Path, *,
                 tz: tzinfo | None, checkpoint: Checkpoint | None = None,
                 chunk_lines: int = CHUNK_LINES) -> None:
        self.endpoint = endpoint
        self.chunk_lines = chunk_lines
        self._trust = client_tls(endpoint.pin_sha256, cafile=endpoint.cafile)  # built once: loads CAs
        self.store = store
        self.spool_dir = spool_dir
        self.tz = tz
        # Called with a name at each step; the crash-consistency test kills the process there.
        self._checkpoint = checkpoint or (lambda _name: None)

    async def fetch_once(self, session: aiohttp.ClientSession | None = None) -> FetchResult:
        self.spool_dir.mkdir(parents=True, exist_ok=True)
        with _SpoolLock(self.spool_dir):
            result = FetchResult(recovered=await self._recover())
            if session is None:
                async with self._session() as own:
                    return await self._cycle(own, result)
            return await self._cycle(session, result)

    async def collect(self, interval: float, stop: asyncio.Event,
                      on_result: Callable[[FetchResult | Exception], None] | None = None) -> None:
        """Run cycles every `interval` seconds until `stop` is set. Failures are reported to
        `on_result` (and logged) and the next cycle tries again; wrong credentials end the loop."""
        async with self._session() as session:
            while not stop.is_set():
                try:
                    outcome: FetchResult | Exception = await self.fetch_once(session)
                except CdrCredentialsRejected:
                    raise
                except EnvironmentProblem as exc:
                    log.warning("CDR download from %s failed: %s", self.endpoint.where, exc)
                    outcome = exc
                if on_result is not None:
                    on_result(outcome)
                try:
                    await asyncio.wait_for(stop.wait(), interval)
                except asyncio.TimeoutError:
                    pass

    def _session(self) -> aiohttp.ClientSession:
        timeout = aiohttp.ClientTimeout(total=None, connect=self.endpoint.timeout,
                                        sock_read=self.endpoint.timeout)
        return aiohttp.ClientSession(timeout=timeout)

    async def _recover(self) -> list[ImportReport]:
        reports = []
        for part in sorted(self.spool_dir.glob("*.part")):
            part.unlink()  # an unfinished download: the PBX still has all of it
        for spooled in sorted(self.spool_dir.glob("*.cdr")):
            log.info("importing %s left by an interrupted CDR download", spooled.name)
            reports.append(await self._import(spooled))
            spooled.unlink()
        return reports

    async def _cycle(self, session: aiohttp.ClientSession, result: FetchResult) -> FetchResult:
        spooled = await self._download(session)
        if spooled is None:
            return result
        result.downloaded_bytes = spooled.stat().st_size
        report = await self._import(spooled)
        result.report = report
        self._checkpoint("imported")
        if report.added == 0 and report.duplicates == 0 and report.rejected and not report.already_imported:
            # Not one line was a record: an error page rather than CDR data. Keep it on the PBX.
            spooled.unlink()
            first = report.rejected[0]
            raise EnvironmentProblem(
                f"the CDR download from {self.endpoint.where} held no call record ({first}); it was "
                "kept in the journal's rejects and NOT deleted on the PBX: does the user have the "
                "accounting download role?")
        self._checkpoint("deleting")
        await self._request(session, "delete")
        result.deleted = True
        self._checkpoint("deleted")
        spooled.unlink()
        _fsync_dir(self.spool_dir)
        self._checkpoint("cleaned")
        return result

    async def _download(self, session: aiohttp.ClientSession) -> Path | None:
        stamp = f"{time.strftime('%Y%m%d-%H%M%S')}-{time.monotonic_ns()}"
        part = self.spool_dir / f"{stamp}.part"

        async def read(response: aiohttp.ClientResponse) -> None:
            # A retry after a broken-off body starts the file again from nothing.
            with part.open("wb") as out:
                async for block in response.content.iter_chunked(1 << 16):
                    out.write(block)
                    self._checkpoint("downloading")
                out.flush()
                os.fsync(out.fileno())

        await self._request(session, "get", read)
        size = part.stat().st_size
        if size == 0:
            part.unlink()
            return None
        with part.open("rb") as head:
            start = head.read(64).lstrip()
        if start.startswith(b"<"):
            part.unlink()
            raise EnvironmentProblem(
                f"{self.endpoint.where} answered the CDR download with a web page instead of call "
                "data: is this the PBX's WBM address, and may the user download accounting data?")
        spooled = part.with_suffix(".cdr")
        os.replace(part, spooled)
        _fsync_dir(self.spool_dir)
        self._checkpoint("downloaded")
        return spooled

    async def _import(self, path: Path) -> ImportReport:
        def run() -> ImportReport:
            return import_file(self.store, path, tz=self.tz, source=f"{self.endpoint.where} {path.name}",
                               chunk_lines=self.chunk_lines,
                               after_chunk=lambda _seq: self._checkpoint("chunk-committed"))

        return await asyncio.to_thread(run)

    async def _request(self, session: aiohttp.ClientSession, action: str,
                       read: Callable[[aiohttp.ClientResponse], Any] | None = None) -> None:
        """One portlet request with retries; `read` consumes the body of a successful answer."""
        ep = self.endpoint
        delay = ep.retry_delay
        for attempt in range(ep.retries + 1):
            try:
                # No redirects: the credentials travel in the query, and a WBM that redirects
                # sends us to its login page, not to call data.
                async with session.get(ep.url(), params=ep.params(action), allow_redirects=False,
                                       ssl=self._trust) as response:
                    if response.status in (401, 403):
                        raise CdrCredentialsRejected(
                            f"{ep.where} refused the CDR {action} for user {ep.wbm_user} "
                            f"(HTTP {response.status}): wrong user name or password?")
                    if 300 <= response.status < 400:
                        where_to = response.headers.get("Location", "elsewhere").split("?", 1)[0]
                        raise CdrCredentialsRejected(
                            f"{ep.where} sent the CDR {action} of user {ep.wbm_user} to {where_to} "
                            f"(HTTP {response.status}) instead of answering: a login page? Check the "
                            "user name, password and the user's right to download accounting data")
                    if response.status != 200:
                        raise _Retryable(f"HTTP {response.status}")
                    if read is not None:
                        await read(response)
                    else:
                        await response.read()
                    return
            except CdrCredentialsRejected:
                raise
            except (aiohttp.ServerFingerprintMismatch, aiohttp.ClientConnectorCertificateError) as exc:
                raise EnvironmentProblem(explain_tls_failure(exc, ep.host, ep.port) or str(exc)) from exc
            except (_Retryable, aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
                problem = explain_tls_failure(exc, ep.host, ep.port) or _describe(exc)
                problem = _without(problem, ep.password)
                if attempt == ep.retries:
                    raise EnvironmentProblem(
                        f"the CDR {action} on {ep.where} failed after {attempt + 1} "
                        f"attempt{'s' if attempt else ''}, last: {problem}; "
                        "nothing was lost: the PBX keeps its data until a download is committed"
                    ) from exc
                log.info("CDR %s on %s failed (%s); trying again in %.1f s", action, ep.where, problem,
                         delay)
                await asyncio.sleep(delay)
                delay *= 2


class _Retryable(Exception):
    pass


def _without(text: str, secret: str) -> str:
    """`text` with the password blanked out, in case a library put the request URL in a message."""
    from urllib.parse import quote, quote_plus

    for form in {secret, quote(secret, safe=""), quote_plus(secret)}:
        if form:
            text = text.replace(form, "***")
    return text


def _describe(exc: BaseException) -> str:
    if isinstance(exc, asyncio.TimeoutError):
        return "no answer in time"
    if isinstance(exc, aiohttp.ClientPayloadError):
        return "the connection broke off during the download"
    return str(exc) or type(exc).__name__


class _SpoolLock:
    """Only one collector per spool folder: a second one would import and delete in parallel.

    An advisory lock on POSIX (released by the kernel even when the process is killed); where
    there is no fcntl (Windows) the folder is not shared between collectors anyway.
    """

    def __init__(self, folder: Path) -> None:
        self._path = folder / ".collector.lock"
        self._fd: int | None = None

    def __enter__(self) -> _SpoolLock:
        try:
            import fcntl
        except ImportError:
            return self
        self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(self._fd)
            self._fd = None
            raise EnvironmentProblem(
                f"another CDR collector is running on {self._path.parent}; only one may download "
                "(and delete) the PBX's call data") from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing releases the lock
            self._fd = None


def _fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
