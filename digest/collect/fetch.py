"""HTTP fetching with httpx: the only network code. Polite, bounded, conditional.

Every fetch returns a `Fetched` that carries either the body or an error message that names
the problem; nothing here raises for a bad server. Bounds: connect, read and total timeouts,
a body size cap, a redirect limit, http and https only. Politeness: a per-host limit on
concurrent requests and a minimum delay between request starts to one host, a User-Agent
naming the project, conditional GET (ETag, Last-Modified), and Retry-After on 429 and 503.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

from digest.config import FetchConfig
from digest.models import FetchStatus

RETRY_STATUSES = (429, 503)


@dataclass(frozen=True)
class Fetched:
    """One fetch: `status` is ok, not_modified, failed or deferred (asked to come back later)."""

    url: str
    status: FetchStatus
    http_status: int | None = None
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    final_url: str = ""
    error: str = ""
    retry_after: datetime | None = None

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


class _TooBig(Exception):
    pass


class _TooSlow(Exception):
    pass


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def make_client(cfg: FetchConfig, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """The shared client: timeouts, redirect limit and User-Agent from the config."""
    return httpx.Client(
        transport=transport,
        follow_redirects=True,
        max_redirects=cfg.max_redirects,
        timeout=httpx.Timeout(
            connect=cfg.connect_timeout, read=cfg.read_timeout, write=cfg.read_timeout, pool=None
        ),
        headers={"User-Agent": cfg.user_agent, "Accept-Encoding": "gzip, deflate"},
        limits=httpx.Limits(max_connections=max(1, cfg.concurrency) * 2),
    )


class Fetcher:
    """Fetch URLs through one `httpx.Client`, safe to call from several threads."""

    def __init__(
        self,
        cfg: FetchConfig,
        client: httpx.Client,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.cfg = cfg
        self.client = client
        self.sleep = sleep
        self.clock = clock
        self._lock = threading.Lock()
        self._hosts: dict[str, tuple[threading.Semaphore, threading.Lock, list[float]]] = {}

    def _host(self, host: str) -> tuple[threading.Semaphore, threading.Lock, list[float]]:
        with self._lock:
            if host not in self._hosts:
                sem = threading.Semaphore(max(1, self.cfg.per_host))
                self._hosts[host] = (sem, threading.Lock(), [float("-inf")])
            return self._hosts[host]

    def _wait_turn(self, gate: threading.Lock, last: list[float]) -> None:
        with gate:
            wait = last[0] + self.cfg.host_delay - self.clock()
            if wait > 0:
                self.sleep(wait)
            last[0] = self.clock()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET `url`, conditionally if `etag`/`last_modified` are given. Never raises."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return Fetched(url, "failed", error="only http and https addresses can be fetched")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        deadline: float | None = None
        sem, gate, last = self._host(parts.hostname)
        attempt = 0
        while True:
            with sem:
                self._wait_turn(gate, last)
                if deadline is None:  # waiting for the host's turn does not count
                    deadline = self.clock() + self.cfg.total_timeout
                result = self._bounded(url, headers, deadline)
            if result.http_status not in RETRY_STATUSES:
                return result
            now = datetime.now(UTC)
            asked = retry_after_seconds(result.headers.get("retry-after"), now)
            wait = asked if asked is not None else 2.0 * 2**attempt
            in_time = self.clock() + wait < deadline and wait <= self.cfg.max_retry_wait
            if attempt >= self.cfg.retries or not in_time:
                reason = f"HTTP {result.http_status}; server asked to retry after {wait:.0f} s"
                return Fetched(
                    url,
                    "deferred",
                    result.http_status,
                    headers=result.headers,
                    error=reason,
                    retry_after=now + timedelta(seconds=wait),
                )
            attempt += 1
            self.sleep(wait)

    def _bounded(self, url: str, headers: dict[str, str], deadline: float) -> Fetched:
        """`_once` in a daemon thread, abandoned at the deadline: a server that trickles its
        headers a byte at a time never trips the read timeout, so the total one is enforced
        here. The abandoned request ends when the client closes its connections."""
        box: list[Fetched] = []
        worker = threading.Thread(
            target=lambda: box.append(self._once(url, headers, deadline)), daemon=True
        )
        worker.start()
        worker.join(max(0.0, deadline - self.clock()) + 1.0)
        if box:
            return box[0]
        return Fetched(url, "failed", error=f"took longer than {self.cfg.total_timeout:g} s in all")

    def _once(self, url: str, headers: dict[str, str], deadline: float) -> Fetched:
        try:
            with self.client.stream("GET", url, headers=headers) as resp:
                got = {k.lower(): v for k, v in resp.headers.items()}
                final = str(resp.url)
                if resp.status_code == 304:
                    return Fetched(url, "not_modified", 304, headers=got, final_url=final)
                if resp.status_code >= 400:
                    error = f"HTTP {resp.status_code} {resp.reason_phrase}".strip()
                    return Fetched(url, "failed", resp.status_code, headers=got, error=error)
                if 300 <= resp.status_code < 400:  # a redirect httpx could not follow
                    error = (f"HTTP {resp.status_code} redirect without a Location header: the"
                             " server does not say where the feed went")  # fmt: skip
                    return Fetched(url, "failed", resp.status_code, headers=got, error=error)
                body = self._read(resp, deadline)
                return Fetched(url, "ok", resp.status_code, body, got, final)
        except _TooBig:
            return Fetched(url, "failed", error=f"body larger than {self.cfg.max_bytes} bytes")
        except _TooSlow:
            return Fetched(
                url, "failed", error=f"took longer than {self.cfg.total_timeout:g} s in all"
            )
        except httpx.HTTPError as exc:
            return Fetched(url, "failed", error=describe(exc, self.cfg))
        except httpx.InvalidURL as exc:  # e.g. a redirect to javascript:…
            return Fetched(url, "failed", error=f"redirected to an unusable address ({exc})")
        except Exception as exc:  # never a thread's traceback: the feed fails with a reason
            return Fetched(url, "failed", error=f"fetch failed: {type(exc).__name__}: {exc}")

    def _read(self, resp: httpx.Response, deadline: float) -> bytes:
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.cfg.max_bytes:
            raise _TooBig
        chunks: list[bytes] = []
        size = 0
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > self.cfg.max_bytes:
                raise _TooBig
            if self.clock() > deadline:
                raise _TooSlow
            chunks.append(chunk)
        return b"".join(chunks)


def describe(exc: httpx.HTTPError, cfg: FetchConfig) -> str:
    """A one-line, human account of a transport failure."""
    if isinstance(exc, httpx.ConnectTimeout):
        return f"no connection within {cfg.connect_timeout:g} s (connect timeout)"
    if isinstance(exc, httpx.ReadTimeout):
        return f"server sent nothing for {cfg.read_timeout:g} s (read timeout)"
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out: {exc}"
    if isinstance(exc, httpx.TooManyRedirects):
        return f"more than {cfg.max_redirects} redirects (a redirect loop?)"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "redirected to an address that is not http or https"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect: {exc}"
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
        return f"connection broken by the server: {exc or type(exc).__name__}"
    if isinstance(exc, httpx.DecodingError):
        return f"response body could not be decompressed: {exc}"
    return f"{type(exc).__name__}: {exc}"
