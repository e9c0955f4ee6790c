"""How alert channels, subscriptions and deliveries look in the API, and what a change sends.

A webhook's secret is shown twice only: in the answer to creating the channel and to rotating the secret.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from alerts.models import Channel, Delivery, DeliveryAttempt, EventKind, Subscription


class ChannelSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="alerts-api:channel-detail")
    organisation: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    events = serializers.SerializerMethodField(help_text="the kinds of event it gets")
    failing = serializers.BooleanField(source="is_failing", read_only=True)

    class Meta:
        model = Channel
        fields = [
            "id",
            "url",
            "organisation",
            "name",
            "kind",
            "target",
            "active",
            "events",
            "failing",
            "failing_since",
            "consecutive_failures",
            "last_error",
            "last_failure_at",
            "last_success_at",
            "created_at",
            "updated_at",
        ]

    def get_events(self, channel: Channel) -> list[str]:
        return sorted(s.kind for s in channel.subscriptions.all())


class ChannelWithSecretSerializer(ChannelSerializer):
    secret = serializers.CharField(read_only=True, help_text="the webhook's HMAC-SHA256 key; shown only now")

    class Meta(ChannelSerializer.Meta):
        fields = [*ChannelSerializer.Meta.fields, "secret"]


class ChannelCreateInput(serializers.Serializer):
    organisation = serializers.SlugField(max_length=64)
    kind = serializers.ChoiceField(choices=Channel.Kind.choices)
    target = serializers.CharField(max_length=500, help_text="an email address, or the webhook's URL")
    name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    events = serializers.ListField(child=serializers.ChoiceField(choices=EventKind.choices), required=False, default=list)


class ChannelUpdateInput(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    target = serializers.CharField(max_length=500, required=False)
    active = serializers.BooleanField(required=False)


class SubscriptionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="alerts-api:subscription-detail")
    organisation = serializers.CharField(source="channel.organisation.slug", read_only=True)

    class Meta:
        model = Subscription
        fields = ["id", "url", "organisation", "channel", "kind", "created_at"]
        read_only_fields = fields


class SubscriptionCreateInput(serializers.Serializer):
    channel = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(choices=EventKind.choices)


class _DeliveryChannelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Channel
        fields = ["id", "name", "kind", "target"]


class _DeliveryEventSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    kind = serializers.CharField()
    summary = serializers.CharField()
    created_at = serializers.DateTimeField()


class DeliverySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="alerts-api:delivery-detail")
    organisation = serializers.CharField(source="channel.organisation.slug", read_only=True)
    channel = _DeliveryChannelSerializer(read_only=True)
    event = _DeliveryEventSerializer(read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "url",
            "organisation",
            "channel",
            "event",
            "status",
            "attempts",
            "next_attempt_at",
            "sent_at",
            "last_error",
            "created_at",
            "updated_at",
        ]


class DeliveryAttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeliveryAttempt
        fields = ["number", "outcome", "error", "started_at", "finished_at"]


class DeliveryDetailSerializer(DeliverySerializer):
    attempt_log = DeliveryAttemptSerializer(many=True, read_only=True, help_text="every attempt, first to last")
    payload = serializers.SerializerMethodField(help_text="what the event's messages say (the webhook body's data)")

    class Meta(DeliverySerializer.Meta):
        fields = [*DeliverySerializer.Meta.fields, "payload", "attempt_log"]

    def get_payload(self, delivery: Delivery) -> dict[str, Any]:
        return delivery.event.payload
