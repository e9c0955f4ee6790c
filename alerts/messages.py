"""The words and the JSON document of one delivery, made from its event's summary and payload.

The payload is fixed when the event happens (alerts.services.events), so every attempt sends the same
document; only the attempt number and, for a webhook, the signature's timestamp change.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from alerts.models import Delivery
from alerts.transports.base import Message

SUBJECT_PREFIX = "[Comment letters]"

_LABELS = (
    ("company", "Company"),
    ("letter", "Letter"),
    ("review", "Review"),
    ("comment", "Comment"),
    ("due_on", "Due"),
    ("owner", "Owner"),
    ("draft", "Draft"),
)


def _line(value: Any) -> str:
    if isinstance(value, dict):
        return value.get("label") or ", ".join(f"{k} {v}" for k, v in value.items() if v not in (None, ""))
    return str(value)


def document_for(*, delivery: Delivery) -> dict[str, Any]:
    event = delivery.event
    return {
        "id": str(event.public_id),
        "type": event.kind,
        "created_at": event.created_at,
        "organisation": delivery.channel.organisation.slug,
        "summary": event.summary,
        "data": event.payload,
    }


def message_for(*, delivery: Delivery, attempt: int) -> Message:
    event = delivery.event
    body = json.dumps(document_for(delivery=delivery), cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"))
    lines = [event.summary, ""]
    lines += [f"{label}: {_line(event.payload[key])}" for key, label in _LABELS if event.payload.get(key) not in (None, "")]
    lines += [
        "",
        f"Event id: {event.public_id}",
        f"This alert comes from the channel {delivery.channel} of {delivery.channel.organisation}.",
    ]
    return Message(
        event_id=str(event.public_id),
        event_kind=event.kind,
        delivery_id=delivery.pk,
        attempt=attempt,
        subject=f"{SUBJECT_PREFIX} {event.summary}",
        text="\n".join(lines) + "\n",
        body=body.encode(),
    )
