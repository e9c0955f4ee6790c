"""Filters over organisations' memberships and watchlists."""

from __future__ import annotations

import django_filters

from teams.models import Membership, Role, WatchedCompany


class MembershipFilterSet(django_filters.FilterSet):
    organisation = django_filters.CharFilter(field_name="organisation__slug", label="Organisation (slug)")
    role = django_filters.ChoiceFilter(choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["organisation", "role"]


class WatchedCompanyFilterSet(django_filters.FilterSet):
    organisation = django_filters.CharFilter(field_name="organisation__slug", label="Organisation (slug)")
    cik = django_filters.NumberFilter(field_name="company__cik", label="CIK")

    class Meta:
        model = WatchedCompany
        fields = ["organisation", "cik"]
