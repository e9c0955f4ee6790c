"""Filters over workflow rows. Each list is already narrowed to the caller's organisations; these narrow further."""

from __future__ import annotations

import django_filters

from config.api_filters import IntegerFilter
from workflow.models import Assignment, Draft, Extension, FilerStatus, Note, ResponseLetter


class _ByOrganisation(django_filters.FilterSet):
    organisation = django_filters.CharFilter(field_name="organisation__slug", label="Organisation (slug)")


class _ByComment(_ByOrganisation):
    comment = IntegerFilter(field_name="comment_id")
    letter = IntegerFilter(field_name="comment__letter_id", label="Staff letter (id)")


class AssignmentFilterSet(_ByComment):
    owner = django_filters.CharFilter(field_name="owner__username", label="Owner (username)")

    class Meta:
        model = Assignment
        fields = ["organisation", "comment", "letter", "owner"]


class DraftFilterSet(_ByComment):
    status = django_filters.ChoiceFilter(choices=Draft.Status.choices)
    q = django_filters.CharFilter(field_name="text", lookup_expr="icontains", label="Words in the text")

    class Meta:
        model = Draft
        fields = ["organisation", "comment", "letter", "status", "q"]


class NoteFilterSet(_ByComment):
    q = django_filters.CharFilter(field_name="text", lookup_expr="icontains", label="Words in the text")

    class Meta:
        model = Note
        fields = ["organisation", "comment", "letter", "q"]


class ExtensionFilterSet(_ByOrganisation):
    staff_letter = IntegerFilter(field_name="staff_letter_id")

    class Meta:
        model = Extension
        fields = ["organisation", "staff_letter"]


class FilerStatusFilterSet(_ByOrganisation):
    cik = IntegerFilter(field_name="company__cik", label="CIK")

    class Meta:
        model = FilerStatus
        fields = ["organisation", "cik"]


class ResponseLetterFilterSet(_ByOrganisation):
    staff_letter = IntegerFilter(field_name="staff_letter_id")
    status = django_filters.ChoiceFilter(choices=ResponseLetter.Status.choices)

    class Meta:
        model = ResponseLetter
        fields = ["organisation", "staff_letter", "status"]
