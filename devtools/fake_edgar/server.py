"""A fake EDGAR over real HTTP: serves an EDGAR-shaped folder the way www.sec.gov and data.sec.gov do.

Layout of `root`: `<root>/www.sec.gov/<path>` and `<root>/data.sec.gov/<path>`, served under the URL
prefixes `/www.sec.gov` and `/data.sec.gov`. On top of static files it generates the daily form and
master indexes from the submissions JSON, answers with EDGAR's real statuses and error pages,
enforces SEC's per-client rate limit, counts requests, and fails on demand (`inject`).
Control endpoints: GET /_fake/stats, POST /_fake/faults (a JSON Fault), POST /_fake/reset.
"""

from __future__ import annotations

import gzip
import json
import logging
import mimetypes
import re
import socket
import sys
import threading
import time
from collections import Counter, defaultdict, deque
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from devtools.fake_edgar import pages

logger = logging.getLogger(__name__)

ARCHIVES_HOST = "www.sec.gov"
DATA_HOST = "data.sec.gov"
FAULT_KINDS = {"429", "503", "slow", "truncate", "malformed_index"}
_EMAIL = re.compile(r"[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+")
_DAILY_INDEX = re.compile(r"/Archives/edgar/daily-index/(\d{4})/QTR([1-4])/(form|master)\.(\d{8})\.idx")
_SUBMISSIONS_FILE = re.compile(r"CIK(\d{10})(-submissions-\d+)?\.json")
_CONTENT_TYPES = {
    ".idx": "text/plain",
    ".txt": "text/plain",
    ".htm": "text/html",
    ".html": "text/html",
    ".json": "application/json",
    ".xml": "application/xml",
    ".atom": "application/atom+xml",
    ".pdf": "application/pdf",
}
_COMPRESSIBLE = ("text/", "application/json", "application/xml", "application/atom+xml")
# Rows no index parser should accept: too short, a CIK that is not a number, an impossible date.
MALFORMED_ROWS = (
    "CORRESP     ROW CUT SHORT BY THE FAKE\n",
    "UPLOAD      FAKE BAD CIK CORP                                             NOT-A-CIK   2024-01-02  edgar/data/x/0000000000-24-000000.txt\n",
    "CORRESP|FAKE BAD DATE CORP|1234567|2024-13-45|edgar/data/1234567/0001234567-24-000001.txt\n",
)


@dataclass
class Fault:
    kind: str  # "429" | "503" | "slow" | "truncate" | "malformed_index"
    path_contains: str = ""
    times: int = 1
    retry_after: float = 1
    delay: float = 2.0

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; one of {sorted(FAULT_KINDS)}")

    def matches(self, path: str) -> bool:
        if self.times <= 0 or self.path_contains not in path:
            return False
        # A malformed index only makes sense on an index.
        return self.kind != "malformed_index" or path.endswith(".idx")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128  # floods from many processes must reach the rate limiter, not a full backlog
    fake: FakeEdgar

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            # Clients that time out and hang up are part of the job (the "slow" fault); stay quiet.
            logger.debug("fake EDGAR: %s hung up", client_address, exc_info=True)
        else:
            logger.exception("fake EDGAR: failed serving %s", client_address)


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
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._catalogue: dict[date, list] | None = None
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
        server = _Server((self.host, self.port), _Handler)
        server.fake = self
        self._server = server
        self.port = server.server_address[1]
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, name=f"fake-edgar-{self.port}", daemon=True)
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
            self._by_status = Counter()
            self._paths = Counter()
            self._recent_all = deque()

    def reset(self) -> None:
        """Statistics, faults, rate windows and blocks: a clean server for the next test."""
        self.reset_stats()
        with self._lock:
            self._faults = []
            self._recent_by_client: dict[str, deque[float]] = defaultdict(deque)
            self._blocked_until: dict[str, float] = {}

    def _record_arrival(self, client: str, path: str) -> bool:
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

    def _record_status(self, status: int, *, rate_limited: bool = False) -> None:
        with self._lock:
            self._by_status[status] += 1
            self._rate_limited += rate_limited

    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.matches(path):
                    fault.times -= 1
                    return fault
        return None

    # --- content ----------------------------------------------------------------------------------

    def resolve(self, host: str, path: str) -> bytes | None:
        """The bytes EDGAR would serve for `path` on `host`, or None when it has none."""
        file = (self.root / host / path.lstrip("/")).resolve()
        if file.is_relative_to(self.root / host) and file.is_file():
            return file.read_bytes()
        if host == ARCHIVES_HOST:
            return self._generated_index(path)
        return None

    def error_body(self, name: str, **kwargs: str) -> bytes:
        odd = self.root / "odd" / name
        if odd.is_file():
            return odd.read_bytes()
        return {
            pages.ACCESS_DENIED: pages.access_denied_xml,
            pages.NO_SUCH_KEY: pages.no_such_key_xml,
            pages.UNDECLARED_TOOL: pages.undeclared_tool_html,
            pages.RATE_THRESHOLD: pages.rate_threshold_html,
        }[name](**kwargs)

    def _generated_index(self, path: str) -> bytes | None:
        match = _DAILY_INDEX.fullmatch(path)
        if not match:
            return None
        year, quarter, kind, stamp = match.groups()
        try:
            day = date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:]))
        except ValueError:
            return None
        if int(year) != day.year or int(quarter) != (day.month - 1) // 3 + 1:
            return None
        entries = self.catalogue().get(day)
        if not entries:
            return None  # EDGAR has no index for a day without filings (weekend, holiday)
        from filings.parsers.daily_index import render_form_index, render_master_index

        render = render_form_index if kind == "form" else render_master_index
        return render(entries, day=day).encode("latin-1", errors="replace")

    def catalogue(self) -> dict[date, list]:
        """Every filing in the submissions JSON under root, by filing date; built once."""
        with self._catalogue_lock:
            if self._catalogue is None:
                self._catalogue = build_catalogue(self.root / DATA_HOST / "submissions")
            return self._catalogue


def build_catalogue(folder: Path) -> dict[date, list]:
    from filings.parsers.daily_index import IndexEntry
    from filings.parsers.submissions import parse_submissions_json

    files = sorted(folder.glob("CIK*.json")) if folder.is_dir() else []
    names: dict[int, str] = {}
    rows_by_cik: dict[int, list] = defaultdict(list)
    for file in files:
        match = _SUBMISSIONS_FILE.fullmatch(file.name)
        if not match:
            continue
        cik = int(match.group(1))
        try:
            parsed = parse_submissions_json(file.read_bytes())
        except Exception:  # a broken file must not take the whole fake down
            logger.warning("fake EDGAR: skipping unreadable submissions file %s", file, exc_info=True)
            continue
        if not match.group(2):
            names[cik] = getattr(parsed.company, "name", "") or ""
        rows_by_cik[cik].extend(parsed.filings)
    by_day: dict[date, list] = defaultdict(list)
    for cik, rows in rows_by_cik.items():
        for row in rows:
            if not row.filing_date or not row.accession_number:
                continue
            filed = row.filing_date if isinstance(row.filing_date, date) else date.fromisoformat(str(row.filing_date))
            by_day[filed].append(
                IndexEntry(
                    form_type=row.form_type,
                    company_name=names.get(cik, ""),
                    cik=cik,
                    date_filed=filed,
                    filename=f"edgar/data/{cik}/{row.accession_number}.txt",
                    accession_number=row.accession_number,
                )
            )
    return dict(by_day)


def _push(window: deque[float], now: float) -> None:
    # Keep the arrivals of the last second: (now - 1, now].
    window.append(now)
    while window and window[0] <= now - 1.0:
        window.popleft()


def _content_type(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return _CONTENT_TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def _malformed(index: bytes) -> bytes:
    lines = index.decode("latin-1").splitlines(keepends=True)
    # After the dashed rule under the column headings, or at the end when there is none.
    at = next((i + 1 for i, line in enumerate(lines) if line.startswith("-----")), len(lines))
    middle = min(len(lines), at + max(0, (len(lines) - at) // 2))
    return "".join([*lines[:middle], *MALFORMED_ROWS, *lines[middle:]]).encode("latin-1")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; without TCP_NODELAY each response waits ~40 ms for a delayed ACK.
    disable_nagle_algorithm = True
    server_version = "FakeEDGAR/1"
    sys_version = ""
    timeout = 30  # idle keep-alive connections
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if not self.server.fake.quiet:
            super().log_message(format, *args)

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if path.startswith("/_fake/"):
            return self._control("GET", path)
        self._edgar(path)

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if path.startswith("/_fake/"):
            return self._control("POST", path, body)
        self._send(405, b"", "text/plain")

    # --- EDGAR ------------------------------------------------------------------------------------

    def _edgar(self, full_path: str) -> None:
        fake = self.server.fake
        host, _, path = full_path.lstrip("/").partition("/")
        path = "/" + path
        allowed = fake._record_arrival(self.client_address[0], full_path)
        user_agent = self.headers.get("User-Agent", "")
        if not _EMAIL.search(user_agent):
            return self._send(403, fake.error_body(pages.UNDECLARED_TOOL), "text/html")
        if not allowed:
            fake._record_status(403, rate_limited=True)
            return self._send(403, fake.error_body(pages.RATE_THRESHOLD), "text/html", counted=True)
        if host not in (ARCHIVES_HOST, DATA_HOST):
            return self._send(404, pages.no_such_key_xml(full_path), "application/xml")
        fault = fake._take_fault(full_path)
        if fault is not None and fault.kind == "429":
            return self._send(429, pages.too_many_requests_html(), "text/html", headers={"Retry-After": f"{fault.retry_after:g}"})
        if fault is not None and fault.kind == "503":
            return self._send(503, pages.service_unavailable_html(), "text/html")
        if fault is not None and fault.kind == "slow":
            time.sleep(fault.delay)
        body = fake.resolve(host, path)
        if body is None:
            # EDGAR answers 403, not 404, for a missing Archives path; data.sec.gov answers 404.
            if host == ARCHIVES_HOST:
                return self._send(403, fake.error_body(pages.ACCESS_DENIED), "application/xml")
            return self._send(404, fake.error_body(pages.NO_SUCH_KEY, key=path.lstrip("/")), "application/xml")
        if fault is not None and fault.kind == "malformed_index":
            body = _malformed(body)
        self._send(200, body, _content_type(path), truncate=fault is not None and fault.kind == "truncate")

    def _send(self, status: int, body: bytes, content_type: str, *, headers: dict[str, str] | None = None, truncate: bool = False, counted: bool = False) -> None:
        if not counted:
            self.server.fake._record_status(status)
        accept = self.headers.get("Accept-Encoding", "")
        if "gzip" in accept and content_type.startswith(_COMPRESSIBLE) and len(body) > 256:
            body = gzip.compress(body, compresslevel=1)
            headers = {**(headers or {}), "Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if truncate:
            self.send_header("Connection", "close")
        self.end_headers()
        if truncate:
            # Content-Length promised the whole body; send half and hang up, as a dropped connection does.
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        self.wfile.write(body)

    # --- control ----------------------------------------------------------------------------------

    def _control(self, method: str, path: str, body: bytes = b"") -> None:
        fake = self.server.fake
        if method == "GET" and path == "/_fake/stats":
            return self._json(200, fake.stats())
        if method == "POST" and path == "/_fake/reset":
            fake.reset()
            return self._json(200, fake.stats())
        if method == "POST" and path == "/_fake/faults":
            try:
                data = json.loads(body or b"{}")
                known = {f.name for f in fields(Fault)}
                fault = Fault(**{k: v for k, v in data.items() if k in known})
            except (ValueError, TypeError) as exc:
                return self._json(400, {"error": str(exc)})
            fake.inject(fault)
            return self._json(201, asdict(fault))
        self._json(404, {"error": f"no control endpoint {method} {path}"})

    def _json(self, status: int, data: object) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
