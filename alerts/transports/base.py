"""What every transport shares: the message it sends and the errors that say whether a retry can help."""

from __future__ import annotations

from dataclasses import dataclass


class DeliveryError(Exception):
    retryable: bool = False


class TransientDeliveryError(DeliveryError):
    """A timeout, a refused connection, a 5xx or 429 answer, a 4xx SMTP reply: trying later may work."""

    retryable = True


class PermanentDeliveryError(DeliveryError):
    """A 4xx HTTP answer, an address the mail server refuses, a URL we may not call: trying again cannot work."""

    retryable = False


@dataclass(frozen=True)
class Message:
    """What one delivery sends: the same words and the same event id on every attempt."""

    event_id: str  # Event.public_id
    event_kind: str
    delivery_id: int
    attempt: int
    subject: str
    text: str
    body: bytes  # the webhook's JSON document
