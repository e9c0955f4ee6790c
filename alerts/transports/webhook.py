"""Alerts by webhook: an HTTP POST of a JSON document, signed with the channel's secret.

What a receiver gets
--------------------
``POST <the channel's URL>`` with ``Content-Type: application/json`` and these headers:

- ``X-Event-Id``: the event's id (a UUID). The same on every attempt at the same event, so a receiver
  drops a resend by it. Deliveries are at least once: a worker that dies after sending and before
  recording the success sends again once its claim times out.
- ``X-Event-Type``: what happened (``new_staff_letter``, ``new_company_response``, ``comment_due_soon``,
  ``comment_overdue``, ``review_closed``, ``draft_awaiting_approval``).
- ``X-Delivery-Id`` and ``X-Delivery-Attempt``: this delivery (one per event and channel) and which try it is.
- ``X-Signature-Timestamp``: when this attempt was signed, in whole seconds since 1970-01-01 UTC.
- ``X-Signature``: ``v1=`` and the hex HMAC-SHA256, keyed with the channel's secret (UTF-8), of the
  timestamp, a full stop and the raw body: ``f"{timestamp}.".encode() + body``.

The body is ``{"id", "type", "created_at", "organisation", "summary", "data"}``; ``id`` and ``type`` repeat
the headers, ``organisation`` is the slug of the channel's organisation.

Verifying it
------------
Check the signature over the raw bytes received (before parsing the JSON), compare in constant time,
and refuse a timestamp more than five minutes from your clock, so a captured request cannot be replayed
later. Each attempt is signed afresh, so a retry hours later carries a fresh timestamp::

    import hashlib, hmac, time

    def verify(secret: str, body: bytes, timestamp: str, signature: str, tolerance: int = 300) -> bool:
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > tolerance:
            return False
        expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(signature, "v1=" + expected)

Then keep the event ids seen in the last days and ignore one seen already.

Answer any 2xx to accept. A 408, 425, 429 or 5xx answer, a timeout or a refused connection is retried
with backoff; any other answer (a 3xx too: redirects are not followed) fails the delivery at once.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import socket
import time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import requests
from django.conf import settings
from urllib3.exceptions import HTTPError as Urllib3Error

from alerts.transports.base import Message, PermanentDeliveryError, TransientDeliveryError

if TYPE_CHECKING:
    from alerts.models import Channel

SIGNATURE_VERSION = "v1"
RETRYABLE_STATUSES = frozenset({408, 425, 429})
USER_AGENT = "sec-comment-letters-alerts/1"


def signature(*, secret: str, timestamp: int | str, body: bytes) -> str:
    """The X-Signature header of a body signed at `timestamp`."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"{SIGNATURE_VERSION}={digest}"


def signature_verify(
    *, secret: str, timestamp: str, body: bytes, signature_header: str, tolerance: float = 300, now: float | None = None
) -> bool:
    """What a receiver does (see the module's docstring): the signature matches and the timestamp is recent."""
    if not timestamp.isdigit() or abs((time.time() if now is None else now) - int(timestamp)) > tolerance:
        return False
    return hmac.compare_digest(signature_header, signature(secret=secret, timestamp=timestamp, body=body))


def url_problem(url: str) -> str | None:
    """Why a webhook may not be sent to this URL, or None. Checked when a channel is saved."""
    parts = urlsplit(url)
    allowed = ("https", "http") if settings.ALERTS_WEBHOOK_ALLOW_HTTP else ("https",)
    if parts.scheme not in allowed:
        return f"a webhook URL must start with {' or '.join(f'{s}://' for s in allowed)}"
    if not parts.hostname:
        return "a webhook URL needs a host"
    if parts.username or parts.password:
        return "put no credentials in a webhook URL; the signature authenticates the sender"
    return None


def _refuse_private_address(url: str) -> None:
    """An organisation's admin picks the URL: in production it may not reach our own network."""
    if settings.ALERTS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        return
    parts = urlsplit(url)
    try:
        found = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except socket.gaierror as exc:
        raise TransientDeliveryError(f"{parts.hostname} does not resolve: {exc}") from exc
    for *_, sockaddr in found:
        address = ipaddress.ip_address(sockaddr[0])
        if not address.is_global or address.is_multicast:
            raise PermanentDeliveryError(f"{parts.hostname} resolves to {address}, a private address alerts may not call")


def notify(*, channel: Channel, message: Message) -> None:
    problem = url_problem(channel.target)
    if problem:
        raise PermanentDeliveryError(problem)
    _refuse_private_address(channel.target)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Event-Id": message.event_id,
        "X-Event-Type": message.event_kind,
        "X-Delivery-Id": str(message.delivery_id),
        "X-Delivery-Attempt": str(message.attempt),
        "X-Signature-Timestamp": str(timestamp),
        "X-Signature": signature(secret=channel.secret, timestamp=timestamp, body=message.body),
    }
    try:
        response = requests.post(
            channel.target,
            data=message.body,
            headers=headers,
            timeout=settings.ALERTS_WEBHOOK_TIMEOUT_SECONDS,
            allow_redirects=False,
            stream=True,
        )
    except (requests.ConnectionError, requests.Timeout) as exc:
        raise TransientDeliveryError(f"could not reach {channel.target}: {exc.__class__.__name__}: {exc}") from exc
    except requests.RequestException as exc:
        raise PermanentDeliveryError(f"cannot send to {channel.target}: {exc!r}") from exc
    # Streamed, so a receiver's endless answer is never read: its status and first bytes say enough.
    with response:
        if 200 <= response.status_code < 300:
            return
        try:
            said = response.raw.read(200, decode_content=True).decode("utf-8", "replace").strip()
        except (OSError, Urllib3Error, ValueError):  # the status is the answer; its words are a courtesy
            said = ""
    what = f"{channel.target} answered {response.status_code}" + (f": {said}" if said else "")
    if response.status_code >= 500 or response.status_code in RETRYABLE_STATUSES:
        raise TransientDeliveryError(what)
    raise PermanentDeliveryError(what)
