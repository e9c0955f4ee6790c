"""How organisations, memberships and watchlists look in the API, and what a change sends."""

from __future__ import annotations

from rest_framework import serializers

from filings.api.serializers import CompanyBriefSerializer
from teams.models import Membership, Organisation, Role, WatchedCompany


class OrganisationSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="teams-api:organisation-detail", lookup_field="slug")
    role = serializers.SerializerMethodField(help_text="your role in it; none if you are not a member")

    class Meta:
        model = Organisation
        fields = ["slug", "name", "url", "role", "created_at"]

    def get_role(self, organisation: Organisation) -> str | None:
        return getattr(organisation, "your_role", None)


class OrganisationCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    slug = serializers.SlugField(max_length=64, required=False, allow_blank=True, help_text="made from the name if left out")


class MembershipSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="teams-api:membership-detail")
    organisation: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "url", "organisation", "username", "role", "created_at", "updated_at"]


class MembershipCreateSerializer(serializers.Serializer):
    organisation = serializers.SlugField(max_length=64)
    username = serializers.CharField(max_length=150)
    role = serializers.ChoiceField(choices=Role.choices, default=Role.VIEWER)


class MembershipRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)


class WatchedCompanySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="teams-api:watched-company-detail")
    organisation: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    company = CompanyBriefSerializer(read_only=True)

    class Meta:
        model = WatchedCompany
        fields = ["id", "url", "organisation", "company", "created_at"]


class WatchedCompanyCreateSerializer(serializers.Serializer):
    organisation = serializers.SlugField(max_length=64)
    cik = serializers.IntegerField(min_value=1)
