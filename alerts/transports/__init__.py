"""One module per kind of channel, each with one `notify(*, channel, message)`.

A transport either returns (the receiver accepted the message) or raises a DeliveryError saying whether a
retry can help (base.TransientDeliveryError, retried with backoff; base.PermanentDeliveryError, which fails
the delivery at once).
"""

from __future__ import annotations

from collections.abc import Callable

from alerts.transports import email, webhook
from alerts.transports.base import PermanentDeliveryError

Notify = Callable[..., None]

TRANSPORTS: dict[str, Notify] = {"email": email.notify, "webhook": webhook.notify}


def transport_for(kind: str) -> Notify:
    try:
        return TRANSPORTS[kind]
    except KeyError:
        raise PermanentDeliveryError(f"no transport for channels of kind {kind!r}") from None
