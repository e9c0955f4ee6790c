"""Alert services: raising events, sending deliveries, managing channels, and the sweep."""

from alerts.services.channels import (
    channel_create,
    channel_delete,
    channel_failing_clear,
    channel_resume,
    channel_secret_rotate,
    channel_update,
    delivery_retry,
    subscription_add,
    subscription_remove,
)
from alerts.services.deliveries import (
    backoff_seconds,
    deliveries_due,
    deliveries_release_abandoned,
    delivery_claim,
    delivery_requeue,
    delivery_send,
)
from alerts.services.events import draft_events_raise, due_events_raise, event_raise, letter_events_raise
from alerts.services.sweep import SweepReport, alerts_sweep

__all__ = [
    "SweepReport",
    "alerts_sweep",
    "backoff_seconds",
    "channel_create",
    "channel_delete",
    "channel_failing_clear",
    "channel_resume",
    "channel_secret_rotate",
    "channel_update",
    "deliveries_due",
    "deliveries_release_abandoned",
    "delivery_claim",
    "delivery_requeue",
    "delivery_retry",
    "delivery_send",
    "draft_events_raise",
    "due_events_raise",
    "event_raise",
    "letter_events_raise",
    "subscription_add",
    "subscription_remove",
]
