"""Organisations, their members and their watchlists. Each queryset starts from the caller's
organisations (teams.selectors), so no path here reaches another organisation's members or watchlist;
each change is an explicit call to a teams service."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, QuerySet, Subquery
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from filings.models import Company
from teams import selectors, services
from teams.api import filtersets
from teams.api.organisations import organisation_of_caller
from teams.api.serializers import (
    MembershipCreateSerializer,
    MembershipRoleSerializer,
    MembershipSerializer,
    OrganisationCreateSerializer,
    OrganisationSerializer,
    WatchedCompanyCreateSerializer,
    WatchedCompanySerializer,
)
from teams.models import Membership, Organisation, WatchedCompany


class _Listed(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    ordering_fields = ["id"]
    ordering = "id"


@extend_schema_view(
    list=extend_schema(summary="Organisations", description="The organisations you belong to (every one, for a superuser)."),
    retrieve=extend_schema(summary="One organisation, by slug"),
)
class OrganisationViewSet(_Listed):
    serializer_class = OrganisationSerializer
    lookup_field = "slug"

    queryset = Organisation.objects.none()  # for the schema; get_queryset answers the caller

    def get_queryset(self) -> QuerySet[Organisation]:
        user = self.request.user
        your_role = Membership.objects.filter(user=user, organisation=OuterRef("pk")).values("role")[:1]
        return selectors.organisations_visible_to(user=user).annotate(your_role=Subquery(your_role))

    @extend_schema(
        summary="Create an organisation", request=OrganisationCreateSerializer, responses={201: OrganisationSerializer}
    )
    def create(self, request: Request) -> Response:
        form = OrganisationCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        organisation = services.organisation_create(
            name=form.validated_data["name"], slug=form.validated_data.get("slug", ""), creator=request.user
        )
        organisation = self.get_queryset().get(pk=organisation.pk)
        return Response(self.get_serializer(organisation).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Memberships", description="Who belongs to your organisations, and in what role."),
    retrieve=extend_schema(summary="One membership"),
)
class MembershipViewSet(_Listed):
    serializer_class = MembershipSerializer
    filterset_class = filtersets.MembershipFilterSet

    def get_queryset(self) -> QuerySet[Membership]:
        memberships = Membership.objects.select_related("user", "organisation")
        return selectors.private_rows_visible_to(user=self.request.user, rows=memberships)

    @extend_schema(
        summary="Add a member (an admin of the organisation)",
        request=MembershipCreateSerializer,
        responses={201: MembershipSerializer},
    )
    def create(self, request: Request) -> Response:
        form = MembershipCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        organisation = organisation_of_caller(request, form.validated_data["organisation"])
        user = get_user_model().objects.filter(username=form.validated_data["username"]).first()
        if user is None:
            raise ValidationError({"username": ["no user has this username"]}, code="unknown_user")
        membership = services.membership_add(
            organisation=organisation, user=user, role=form.validated_data["role"], by=request.user
        )
        return Response(self.get_serializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a member's role (an admin of the organisation)",
        request=MembershipRoleSerializer,
        responses={200: MembershipSerializer},
    )
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        form = MembershipRoleSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        membership = services.membership_role_change(
            membership=self.get_object(), role=form.validated_data["role"], by=request.user
        )
        return Response(self.get_serializer(membership).data)

    @extend_schema(summary="Remove a member (an admin of the organisation, or the member leaving)", responses={204: None})
    def destroy(self, request: Request, pk: str | None = None) -> Response:
        services.membership_remove(membership=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="Watchlists", description="The companies your organisations watch."),
    retrieve=extend_schema(summary="One watched company"),
)
class WatchedCompanyViewSet(_Listed):
    serializer_class = WatchedCompanySerializer
    filterset_class = filtersets.WatchedCompanyFilterSet

    def get_queryset(self) -> QuerySet[WatchedCompany]:
        watched = WatchedCompany.objects.select_related("organisation", "company")
        return selectors.private_rows_visible_to(user=self.request.user, rows=watched)

    @extend_schema(
        summary="Watch a company (an editor or above)",
        request=WatchedCompanyCreateSerializer,
        responses={201: WatchedCompanySerializer},
    )
    def create(self, request: Request) -> Response:
        form = WatchedCompanyCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        organisation = organisation_of_caller(request, form.validated_data["organisation"])
        company = Company.objects.filter(cik=form.validated_data["cik"]).first()
        if company is None:
            raise ValidationError({"cik": ["no company with this CIK is known"]}, code="unknown_cik")
        watched = services.watchlist_add(organisation=organisation, company=company, by=request.user)
        return Response(self.get_serializer(watched).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Stop watching a company (an editor or above)", responses={204: None})
    def destroy(self, request: Request, pk: str | None = None) -> Response:
        watched = self.get_object()
        services.watchlist_remove(organisation=watched.organisation, company=watched.company, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
