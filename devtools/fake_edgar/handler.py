"""The fake EDGAR's HTTP layer: EDGAR's statuses, headers and error pages, and the /_fake/ control endpoints.

The handler asks its FakeEdgar what to serve and whether the client may have it; it holds no state.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import logging
import re
import socket
import struct
import sys
import time
from dataclasses import asdict, fields
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from devtools.fake_edgar import pages
from devtools.fake_edgar.content import ARCHIVES_HOST, DATA_HOST, content_type_for
from devtools.fake_edgar.faults import Fault, malformed_index

if TYPE_CHECKING:  # server.py imports this module to serve with it
    from devtools.fake_edgar.server import FakeEdgar

logger = logging.getLogger(__name__)

_EMAIL = re.compile(r"[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+")
_COMPRESSIBLE = ("text/", "application/json", "application/xml", "application/atom+xml")


class FakeEdgarHTTPServer(ThreadingHTTPServer):
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


class FakeEdgarHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; without TCP_NODELAY each response waits ~40 ms for a delayed ACK.
    disable_nagle_algorithm = True
    server_version = "FakeEDGAR/1"
    sys_version = ""
    timeout = 30  # idle keep-alive connections
    server: FakeEdgarHTTPServer

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
        allowed = fake.record_arrival(self.client_address[0], full_path)
        user_agent = self.headers.get("User-Agent", "")
        if not _EMAIL.search(user_agent):
            return self._send(403, fake.error_body(pages.UNDECLARED_TOOL), "text/html")
        if not allowed:
            fake.record_status(403, rate_limited=True)
            return self._send(403, fake.error_body(pages.RATE_THRESHOLD), "text/html", counted=True)
        if host not in (ARCHIVES_HOST, DATA_HOST):
            return self._send(404, pages.no_such_key_xml(full_path), "application/xml")
        fault = fake.take_fault(full_path)
        if fault is not None and fault.kind == "429":
            return self._send(429, pages.too_many_requests_html(), "text/html", headers={"Retry-After": f"{fault.retry_after:g}"})
        if fault is not None and fault.kind == "503":
            return self._send(503, pages.service_unavailable_html(), "text/html")
        if fault is not None and fault.kind == "reset":
            return self._reset_connection()
        if fault is not None and fault.kind == "slow":
            time.sleep(fault.delay)
        body = fake.resolve(host, path)
        if body is None:
            # EDGAR answers 403, not 404, for a missing Archives path; data.sec.gov answers 404.
            if host == ARCHIVES_HOST:
                return self._send(403, fake.error_body(pages.ACCESS_DENIED), "application/xml")
            return self._send(404, fake.error_body(pages.NO_SUCH_KEY, key=path.lstrip("/")), "application/xml")
        if fault is not None and fault.kind == "malformed_index":
            body = malformed_index(body)
        self._send(200, body, content_type_for(path), truncate=fault is not None and fault.kind == "truncate")

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str,
        *,
        headers: dict[str, str] | None = None,
        truncate: bool = False,
        counted: bool = False,
    ) -> None:
        if not counted:
            self.server.fake.record_status(status)
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
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.wfile.write(body)

    def _reset_connection(self) -> None:
        # Linger 0 makes close() send a TCP reset instead of an orderly goodbye.
        self.server.fake.record_status(0)
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True
        self.wfile = io.BytesIO()  # what the server still flushes goes nowhere

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
