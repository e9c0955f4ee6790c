"""A fake EDGAR over real HTTP: serves an EDGAR-shaped folder the way www.sec.gov and data.sec.gov do.

Layout of `root`: `<root>/www.sec.gov/<path>` and `<root>/data.sec.gov/<path>`, served under the URL
prefixes `/www.sec.gov` and `/data.sec.gov`. On top of static files it generates the daily form and
master indexes from the submissions JSON, answers with EDGAR's real statuses and error pages,
enforces SEC's per-client rate limit, counts requests, and fails on demand (`inject`).
Control endpoints: GET /_fake/stats, POST /_fake/faults (a JSON Fault), POST /_fake/reset.
This module holds the server's state (statistics, rate windows, faults); `handler` speaks HTTP,
`content` finds what to serve, `faults` says how to fail.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from devtools.fake_edgar import pages
from devtools.fake_edgar.content import (
    ARCHIVES_HOST,
    DATA_HOST,
    build_catalogue,
    daily_index,
    static_file,
)
from devtools.fake_edgar.faults import Fault
from devtools.fake_edgar.handler import FakeEdgarHandler, FakeEdgarHTTPServer
from filings.parsers.daily_index import IndexEntry

__all__ = ["FakeEdgar", "Fault"]


class FakeEdgar:
    def __init__(
        self,
        root: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        rate_limit: float | None = 10.0,
        rate_block_seconds: float = 600,
        quiet: bool = True,
    ) -> None:
        self.root = Path(root).resolve()
        self.host = host
        self.port = port
        self.rate_limit = rate_limit
        self.rate_block_seconds = rate_block_seconds
        self.quiet = quiet
        self._server: FakeEdgarHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._catalogue: dict[date, list[IndexEntry]] | None = None
        self._catalogue_lock = threading.Lock()
        self.reset()

    # --- lifecycle --------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def archives_url(self) -> str:
        return f"{self.url}/{ARCHIVES_HOST}"

    @property
    def data_url(self) -> str:
        return f"{self.url}/{DATA_HOST}"

    def start(self) -> None:
        if self._server is not None:
            return
        server = FakeEdgarHTTPServer((self.host, self.port), FakeEdgarHandler)
        server.fake = self
        self._server = server
        self.port = server.server_address[1]
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.1}, name=f"fake-edgar-{self.port}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def serve_forever(self) -> None:
        self.start()
        assert self._thread is not None
        while self._thread.is_alive():
            self._thread.join(timeout=0.5)

    def __enter__(self) -> FakeEdgar:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --- faults and statistics --------------------------------------------------------------------

    def inject(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(replace(fault))  # a copy: serving counts down its `times`

    def stats(self) -> dict:
        """{"requests", "max_in_any_second", "rate_limited", "by_status": {"200": n}, "paths": {"/www.sec.gov/...": n}}."""
        with self._lock:
            return {
                "requests": self._requests,
                "max_in_any_second": self._max_in_any_second,
                "rate_limited": self._rate_limited,
                "by_status": {str(k): v for k, v in sorted(self._by_status.items())},
                # Requests per path (with its host prefix), to show what was asked for again.
                "paths": dict(self._paths),
            }

    def reset_stats(self) -> None:
        with self._lock:
            self._requests = 0
            self._max_in_any_second = 0
            self._rate_limited = 0
            self._by_status: Counter[int] = Counter()
            self._paths: Counter[str] = Counter()
            self._recent_all: deque[float] = deque()

    def reset(self) -> None:
        """Statistics, faults, rate windows and blocks: a clean server for the next test."""
        self.reset_stats()
        with self._lock:
            self._faults: list[Fault] = []
            self._recent_by_client: dict[str, deque[float]] = defaultdict(deque)
            self._blocked_until: dict[str, float] = {}

    def record_arrival(self, client: str, path: str) -> bool:
        """Count one request; False when this client is (now) over the rate limit."""
        now = time.monotonic()
        with self._lock:
            self._requests += 1
            self._paths[path] += 1
            _push(self._recent_all, now)
            self._max_in_any_second = max(self._max_in_any_second, len(self._recent_all))
            if self.rate_limit is None:
                return True
            if self._blocked_until.get(client, 0) > now:
                return False
            window = self._recent_by_client[client]
            _push(window, now)
            if len(window) > self.rate_limit:
                # Blocked for a fixed time from the offence; afterwards the client starts with a clean slate.
                self._blocked_until[client] = now + self.rate_block_seconds
                window.clear()
                return False
            return True

    def record_status(self, status: int, *, rate_limited: bool = False) -> None:
        with self._lock:
            self._by_status[status] += 1
            self._rate_limited += rate_limited

    def take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.matches(path):
                    fault.take(path)
                    return fault
        return None

    # --- content ----------------------------------------------------------------------------------

    def resolve(self, host: str, path: str) -> bytes | None:
        """The bytes EDGAR would serve for `path` on `host`, or None when it has none."""
        body = static_file(self.root, host, path)
        if body is None and host == ARCHIVES_HOST:
            return daily_index(path, catalogue=self.catalogue)
        return body

    def error_body(self, name: str, **kwargs: str) -> bytes:
        odd = self.root / "odd" / name
        if odd.is_file():
            return odd.read_bytes()
        render: dict[str, Callable[..., bytes]] = {
            pages.ACCESS_DENIED: pages.access_denied_xml,
            pages.NO_SUCH_KEY: pages.no_such_key_xml,
            pages.UNDECLARED_TOOL: pages.undeclared_tool_html,
            pages.RATE_THRESHOLD: pages.rate_threshold_html,
        }
        return render[name](**kwargs)

    def catalogue(self) -> dict[date, list[IndexEntry]]:
        """Every filing in the submissions JSON under root, by filing date; built once."""
        with self._catalogue_lock:
            if self._catalogue is None:
                self._catalogue = build_catalogue(self.root / DATA_HOST / "submissions")
            return self._catalogue


def _push(window: deque[float], now: float) -> None:
    # Keep the arrivals of the last second: (now - 1, now].
    window.append(now)
    while window and window[0] <= now - 1.0:
        window.popleft()
