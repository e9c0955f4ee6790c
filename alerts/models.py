"""Alerts: where an organisation wants to hear of what happens (channels and their subscriptions), what
happened (events) and each event's way to each channel (deliveries, with every attempt).

A Delivery is keyed by (event, channel): each event reaches each channel through exactly one row, which
is the idempotency key. The row is created in the transaction that creates the event, and sending it is
claimed by one worker at a time (alerts.services.deliveries). Channels, subscriptions and deliveries
belong to one organisation, through the channel, and are seen only through teams' one rule
(teams.selectors.private_rows_visible_to).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from comments.models import Letter, Review, StaffComment
from filings.models import Company
from teams.models import Organisation
from workflow.models import Draft


class EventKind(models.TextChoices):
    NEW_STAFF_LETTER = "new_staff_letter", "New staff letter for a watched company"
    NEW_COMPANY_RESPONSE = "new_company_response", "New company response for a watched company"
    COMMENT_DUE_SOON = "comment_due_soon", "Comment due soon"
    COMMENT_OVERDUE = "comment_overdue", "Comment overdue"
    REVIEW_CLOSED = "review_closed", "Review closed"
    DRAFT_AWAITING_APPROVAL = "draft_awaiting_approval", "Draft awaiting approval"


class Channel(models.Model):
    """One place an organisation's alerts go: an email address, or a webhook URL signed with `secret`."""

    class Kind(models.TextChoices):
        EMAIL = "email", "Email"
        WEBHOOK = "webhook", "Webhook"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="alert_channels")
    name = models.CharField(max_length=120, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    target = models.CharField(max_length=500, help_text="the email address, or the webhook's URL")
    # The HMAC-SHA256 key of a webhook's signatures; it has to be stored as is to sign with it.
    secret = models.CharField(max_length=128, blank=True)
    active = models.BooleanField(default=True)
    # Failures in a row; at settings.ALERTS_CHANNEL_FAILING_AFTER the channel is failing (failing_since set):
    # from then on one delivery probes it every ALERTS_FAILING_CHANNEL_RETRY_SECONDS, the others wait.
    consecutive_failures = models.PositiveIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True)
    next_probe_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation", "name", "pk"]

    def __str__(self) -> str:
        return self.name or f"{self.get_kind_display()} {self.target}"

    @property
    def is_failing(self) -> bool:
        return self.failing_since is not None


class Subscription(models.Model):
    """One kind of event a channel gets."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="subscriptions")
    kind = models.CharField(max_length=32, choices=EventKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["channel", "kind"]
        constraints = [models.UniqueConstraint(fields=["channel", "kind"], name="subscription_unique_channel_kind")]

    def __str__(self) -> str:
        return f"{self.channel}: {self.get_kind_display()}"


class Event(models.Model):
    """Something that happened, once: `dedupe_key` says what makes it the same event when it is seen again
    (a re-parse, the next sweep). `organisation` is whose private data it is about; None for public data
    (a public letter), which goes to the organisations watching `company`."""

    kind = models.CharField(max_length=32, choices=EventKind.choices, db_index=True)
    dedupe_key = models.CharField(max_length=255, unique=True)
    # Sent with every delivery (X-Event-Id, Message-ID): a receiver drops a resend by it.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="alert_events")
    company = models.ForeignKey(Company, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    letter = models.ForeignKey(Letter, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    comment = models.ForeignKey(StaffComment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Threading may merge or drop reviews: the payload keeps what the event said.
    review = models.ForeignKey(Review, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    draft = models.ForeignKey(Draft, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    due_on = models.DateField(null=True, blank=True)
    summary = models.CharField(max_length=300)
    # What every delivery sends, fixed when the event happens so a retry sends the same words.
    payload = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.summary


class Delivery(models.Model):
    """One event on its way to one channel."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        # Claimed by a worker (claim_token) at claimed_at; given back by the sweep if it never finishes.
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    # The attempts made before an admin asked for another round: the limit counts from here.
    attempts_before_retry = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "deliveries"
        constraints = [models.UniqueConstraint(fields=["event", "channel"], name="delivery_unique_event_channel")]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_status_next_attempt")]

    def __str__(self) -> str:
        return f"{self.event} → {self.channel} ({self.get_status_display()})"


class DeliveryAttempt(models.Model):
    """One try at sending a delivery: the delivery log the admin shows."""

    class Outcome(models.TextChoices):
        SENDING = "sending", "Sending (not finished)"
        SENT = "sent", "Sent"
        TRANSIENT_ERROR = "transient_error", "Failed; a retry may help"
        PERMANENT_ERROR = "permanent_error", "Failed; a retry cannot help"
        ABANDONED = "abandoned", "Abandoned (the worker stopped mid-delivery)"

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    claim_token = models.CharField(max_length=32)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.SENDING)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["delivery", "number", "pk"]

    def __str__(self) -> str:
        return f"Attempt {self.number}: {self.get_outcome_display()}"
