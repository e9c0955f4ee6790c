"""Filters over alert channels, subscriptions and deliveries. Each list is already narrowed to the caller's
organisations; these narrow further."""

from __future__ import annotations

import django_filters

from alerts.models import Channel, Delivery, EventKind, Subscription
from config.api_filters import IntegerFilter


class ChannelFilterSet(django_filters.FilterSet):
    organisation = django_filters.CharFilter(field_name="organisation__slug", label="Organisation (slug)")
    kind = django_filters.ChoiceFilter(choices=Channel.Kind.choices)
    active = django_filters.BooleanFilter()
    failing = django_filters.BooleanFilter(
        field_name="failing_since", lookup_expr="isnull", exclude=True, label="Failing (too many failures in a row)"
    )

    class Meta:
        model = Channel
        fields = ["organisation", "kind", "active", "failing"]


class SubscriptionFilterSet(django_filters.FilterSet):
    organisation = django_filters.CharFilter(field_name="channel__organisation__slug", label="Organisation (slug)")
    channel = IntegerFilter(field_name="channel_id")
    kind = django_filters.ChoiceFilter(choices=EventKind.choices)

    class Meta:
        model = Subscription
        fields = ["organisation", "channel", "kind"]


class DeliveryFilterSet(django_filters.FilterSet):
    organisation = django_filters.CharFilter(field_name="channel__organisation__slug", label="Organisation (slug)")
    channel = IntegerFilter(field_name="channel_id")
    status = django_filters.ChoiceFilter(choices=Delivery.Status.choices)
    kind = django_filters.ChoiceFilter(field_name="event__kind", choices=EventKind.choices, label="Event kind")
    event = django_filters.UUIDFilter(field_name="event__public_id", label="Event id (X-Event-Id)")

    class Meta:
        model = Delivery
        fields = ["organisation", "channel", "status", "kind", "event"]
