"""Alert channels, their subscriptions and the delivery log in the API.

Every queryset starts from teams' one rule through alerts.selectors, so no path reaches another
organisation's channel or delivery, by id, filter or export; every change is an explicit call to an alerts
service, which checks the caller is an admin of the organisation.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from alerts import selectors, services
from alerts.api import filtersets
from alerts.api.serializers import (
    ChannelCreateInput,
    ChannelSerializer,
    ChannelUpdateInput,
    ChannelWithSecretSerializer,
    DeliveryDetailSerializer,
    DeliverySerializer,
    SubscriptionCreateInput,
    SubscriptionSerializer,
)
from alerts.models import Channel, Delivery, Subscription
from alerts.tasks import deliveries_queue
from config.api_export import ReadOnlyExportViewSet
from teams.api.organisations import organisation_of_caller


def _input(serializer_class: type, request: Request) -> dict[str, Any]:
    form = serializer_class(data=request.data)
    form.is_valid(raise_exception=True)
    return form.validated_data


class _Rows(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    ordering_fields = ["id"]
    ordering = "id"


@extend_schema_view(
    list=extend_schema(summary="Alert channels", description="Your organisations' email and webhook channels."),
    retrieve=extend_schema(summary="One alert channel"),
)
class ChannelViewSet(_Rows):
    serializer_class = ChannelSerializer
    filterset_class = filtersets.ChannelFilterSet
    queryset = Channel.objects.none()  # for the schema; get_queryset answers the caller

    def get_queryset(self) -> QuerySet[Channel]:
        channels = selectors.channels_visible_to(user=self.request.user)
        return channels.select_related("organisation").prefetch_related("subscriptions")

    def _answer(self, channel: Channel, serializer: type = ChannelSerializer, code: int = status.HTTP_200_OK) -> Response:
        return Response(serializer(self.get_queryset().get(pk=channel.pk), context={"request": self.request}).data, status=code)

    @extend_schema(
        summary="Add a channel (an admin of the organisation)",
        request=ChannelCreateInput,
        responses={201: ChannelWithSecretSerializer},
    )
    def create(self, request: Request) -> Response:
        data = _input(ChannelCreateInput, request)
        channel = services.channel_create(
            user=request.user,
            organisation=organisation_of_caller(request, data["organisation"]),
            kind=data["kind"],
            target=data["target"],
            name=data["name"],
            event_kinds=data["events"],
        )
        return self._answer(channel, ChannelWithSecretSerializer, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Rename, repoint, switch off or on (an admin)", request=ChannelUpdateInput, responses={200: ChannelSerializer}
    )
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        data = _input(ChannelUpdateInput, request)
        channel = services.channel_update(user=request.user, channel=self.get_object(), **data)
        return self._answer(channel)

    @extend_schema(summary="Delete a channel and its delivery log (an admin)", responses={204: None})
    def destroy(self, request: Request, pk: str | None = None) -> Response:
        services.channel_delete(user=request.user, channel=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="A new webhook secret (an admin)", request=None, responses={200: ChannelWithSecretSerializer})
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request: Request, pk: str) -> Response:
        channel = services.channel_secret_rotate(user=request.user, channel=self.get_object())
        return self._answer(channel, ChannelWithSecretSerializer)

    @extend_schema(
        summary="Try a failing channel again now, with what waited for it (an admin)",
        request=None,
        responses={200: ChannelSerializer},
    )
    @action(detail=True, methods=["post"])
    def resume(self, request: Request, pk: str) -> Response:
        channel = self.get_object()
        deliveries_queue(services.channel_resume(user=request.user, channel=channel))
        return self._answer(channel)


@extend_schema_view(
    list=extend_schema(summary="Alert subscriptions", description="Which kinds of event each channel gets."),
    retrieve=extend_schema(summary="One subscription"),
)
class SubscriptionViewSet(_Rows):
    serializer_class = SubscriptionSerializer
    filterset_class = filtersets.SubscriptionFilterSet
    queryset = Subscription.objects.none()

    def get_queryset(self) -> QuerySet[Subscription]:
        return selectors.subscriptions_visible_to(user=self.request.user).select_related("channel__organisation")

    @extend_schema(
        summary="Send a kind of event to a channel (an admin)",
        request=SubscriptionCreateInput,
        responses={201: SubscriptionSerializer},
    )
    def create(self, request: Request) -> Response:
        data = _input(SubscriptionCreateInput, request)
        channel = (
            selectors.channels_visible_to(user=request.user).select_related("organisation").filter(pk=data["channel"]).first()
        )
        if channel is None:
            raise ValidationError({"channel": ["no alert channel with this id"]}, code="unknown_channel")
        subscription = services.subscription_add(user=request.user, channel=channel, kind=data["kind"])
        answer = SubscriptionSerializer(self.get_queryset().get(pk=subscription.pk), context={"request": request})
        return Response(answer.data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Stop sending a kind of event to a channel (an admin)", responses={204: None})
    def destroy(self, request: Request, pk: str | None = None) -> Response:
        services.subscription_remove(user=request.user, subscription=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="Alert deliveries", description="The delivery log: each event on its way to each channel."),
    retrieve=extend_schema(summary="One delivery, with every attempt"),
)
class DeliveryViewSet(ReadOnlyExportViewSet):
    permission_classes = [IsAuthenticated]
    filterset_class = filtersets.DeliveryFilterSet
    ordering_fields = ["id", "created_at", "next_attempt_at"]
    ordering = "-id"
    export_name = "alert-deliveries"
    queryset = Delivery.objects.none()

    def get_queryset(self) -> QuerySet[Delivery]:
        deliveries = selectors.deliveries_visible_to(user=self.request.user).select_related("event", "channel__organisation")
        return deliveries.prefetch_related("attempt_log") if self.action == "retrieve" else deliveries

    def get_serializer_class(self) -> type:
        return DeliveryDetailSerializer if self.action in ("retrieve", "retry") else DeliverySerializer

    @extend_schema(summary="Send a failed delivery again (an admin)", request=None, responses={200: DeliveryDetailSerializer})
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, pk: str) -> Response:
        delivery = self.get_object()
        deliveries_queue(services.delivery_retry(user=request.user, delivery=delivery))
        fresh = self.get_queryset().prefetch_related("attempt_log").get(pk=delivery.pk)
        return Response(DeliveryDetailSerializer(fresh, context={"request": request}).data)
