"""Real receivers on 127.0.0.1 for the alert tests: an HTTP server that checks webhook signatures the way
alerts.transports.webhook's docstring tells a receiver to (written here again, not imported), and an SMTP
sink (aiosmtpd). Both run in threads of the test process."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message as EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller

TOLERANCE_SECONDS = 300


def free_port() -> int:
    """A port nothing listens on (yet)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def documented_verify(*, secret: str, body: bytes, timestamp: str, signature: str, now: float | None = None) -> bool:
    """The receiver's check, as the webhook transport's docstring gives it."""
    if not timestamp.isdigit() or abs((time.time() if now is None else now) - int(timestamp)) > TOLERANCE_SECONDS:
        return False
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(signature, "v1=" + expected)


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    verified: bool
    answered: int

    @property
    def document(self) -> dict[str, Any]:
        return json.loads(self.body)


@dataclass
class WebhookReceiver:
    """Answers each request with the next status in `answers` (then 200); refuses a bad signature with 401."""

    secret: str = ""
    port: int = 0
    answers: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)

    def __post_init__(self) -> None:
        receiver = self
        lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                headers = dict(self.headers.items())
                verified = documented_verify(
                    secret=receiver.secret,
                    body=body,
                    timestamp=headers.get("X-Signature-Timestamp", ""),
                    signature=headers.get("X-Signature", ""),
                )
                with lock:
                    status = (receiver.answers.pop(0) if receiver.answers else 200) if verified else 401
                    receiver.received.append(Received(headers, body, verified, status))
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"ok" if status < 300 else b"receiver says no")

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/alerts"

    @property
    def accepted(self) -> list[Received]:
        return [r for r in self.received if r.verified and r.answered < 300]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _SinkHandler:
    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: ANN001, ANN201, N802
        if address in self.sink.refuse:
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        if self.sink.busy:
            self.sink.busy -= 1
            return "451 4.3.0 try again later"
        self.sink.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


@dataclass
class SmtpSink:
    """Keeps every message it accepts; refuses the addresses in `refuse`; says "try later" `busy` times."""

    refuse: set[str] = field(default_factory=set)
    busy: int = 0
    messages: list[EmailMessage] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.port = free_port()
        self.controller = Controller(_SinkHandler(self), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()
