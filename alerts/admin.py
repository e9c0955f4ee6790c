"""The admin for alerts: channels with their subscriptions, and the delivery log with every attempt.

Every list and page is narrowed by teams' one rule (alerts.selectors), so a staff user sees only their own
organisations' channels and deliveries. Rows are read-only here; channels are set up through the API. The
two actions (send a delivery again, try a failing channel again) call the services, which check that the
user is an admin of the organisation.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from alerts import selectors, services
from alerts.models import Channel, Delivery, DeliveryAttempt, Subscription
from alerts.tasks import deliveries_queue


class _ReadOnly:
    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _each(modeladmin: admin.ModelAdmin, request: HttpRequest, rows: QuerySet, service: Any, done: str) -> None:
    queued, refused = 0, []
    for row in rows:
        try:
            ids = service(user=request.user, row=row)
        except (PermissionDenied, ValidationError) as exc:
            refused.append(f"{row}: {'; '.join(getattr(exc, 'messages', [str(exc)]))}")
            continue
        deliveries_queue(ids)
        queued += len(ids)
    if queued:
        modeladmin.message_user(request, f"{done}: {queued} deliveries queued.", messages.SUCCESS)
    for message in refused:
        modeladmin.message_user(request, message, messages.ERROR)


class SubscriptionInline(_ReadOnly, admin.TabularInline):
    model = Subscription
    extra = 0
    fields = readonly_fields = ("kind", "created_at")


@admin.register(Channel)
class ChannelAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = [
        "__str__",
        "organisation",
        "kind",
        "target",
        "active",
        "failing_since",
        "consecutive_failures",
        "last_success_at",
    ]
    list_filter = ["kind", "active", ("organisation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organisation"]
    search_fields = ["name", "target"]
    # Never the secret: whoever reads the page could sign as us.
    fields = readonly_fields = (
        "organisation",
        "name",
        "kind",
        "target",
        "active",
        "consecutive_failures",
        "failing_since",
        "next_probe_at",
        "last_error",
        "last_failure_at",
        "last_success_at",
        "created_by",
        "created_at",
        "updated_at",
    )
    inlines = [SubscriptionInline]
    actions = ["resume"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Channel]:
        return super().get_queryset(request).filter(pk__in=selectors.channels_visible_to(user=request.user).values("pk"))

    @admin.action(description="Try again now (with the deliveries that waited)")
    def resume(self, request: HttpRequest, queryset: QuerySet[Channel]) -> None:
        _each(
            self,
            request,
            queryset.select_related("organisation"),
            lambda user, row: services.channel_resume(user=user, channel=row),
            "Channels tried again",
        )


class DeliveryAttemptInline(_ReadOnly, admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    fields = readonly_fields = ("number", "outcome", "error", "started_at", "finished_at")


@admin.register(Delivery)
class DeliveryAdmin(_ReadOnly, admin.ModelAdmin):
    """The delivery log."""

    list_display = [
        "event_summary",
        "event_kind",
        "channel",
        "organisation",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "short_error",
    ]
    list_filter = ["status", "event__kind", ("channel", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["event", "channel__organisation"]
    search_fields = ["event__summary", "last_error", "channel__name", "channel__target"]
    date_hierarchy = "created_at"
    fields = readonly_fields = (
        "event_summary",
        "event_kind",
        "event_id",
        "channel",
        "status",
        "attempts",
        "next_attempt_at",
        "claimed_at",
        "sent_at",
        "last_error",
        "created_at",
        "updated_at",
    )
    inlines = [DeliveryAttemptInline]
    actions = ["retry"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Delivery]:
        return super().get_queryset(request).filter(pk__in=selectors.deliveries_visible_to(user=request.user).values("pk"))

    @admin.display(description="event", ordering="event__summary")
    def event_summary(self, delivery: Delivery) -> str:
        return delivery.event.summary

    @admin.display(description="kind", ordering="event__kind")
    def event_kind(self, delivery: Delivery) -> str:
        return delivery.event.get_kind_display()

    @admin.display(description="event id (X-Event-Id)")
    def event_id(self, delivery: Delivery) -> str:
        return str(delivery.event.public_id)

    @admin.display(description="organisation")
    def organisation(self, delivery: Delivery) -> str:
        return str(delivery.channel.organisation)

    @admin.display(description="last error")
    def short_error(self, delivery: Delivery) -> str:
        return delivery.last_error[:120]

    @admin.action(description="Send again now")
    def retry(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        _each(
            self,
            request,
            queryset.select_related("channel__organisation"),
            lambda user, row: services.delivery_retry(user=user, delivery=row),
            "Sent again",
        )
