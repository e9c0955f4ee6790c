"""Strict filtering: a list answers only what was asked, or says why it cannot.

django-filter on its own ignores a parameter it does not know (`?comitment=true`) and a boolean it cannot
read (`?commitment=maybe`), and answers the whole unfiltered list: a notebook would then count every
letter as committed. Here either is a 400 that names the allowed parameters or values.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.settings import api_settings

BOOLEAN_VALUES = ("true", "false")
# What a boolean filter reads, as NullBooleanSelect and django-filter's BooleanWidget both do.
_BOOLEAN_WORDS = {"true", "false", "1", "0"}


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.NumberFilter):
    """A whole number (an id, a CIK). NumberFilter reads decimals, so "0.5" or "1e300" would reach the
    database, which refuses them with a 500; here they are a 400."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", -(2**63))
        kwargs.setdefault("max_value", 2**63 - 1)  # what a 64-bit column holds
        super().__init__(*args, **kwargs)


def filter_parameter_names(filterset: django_filters.FilterSet) -> list[str]:
    """Every query parameter a filterset reads: a range filter reads two (`x_after`, `x_before`)."""
    names: list[str] = []
    for name, declared in filterset.filters.items():
        suffixes = getattr(declared.field.widget, "suffixes", None) or [""]
        names.extend(f"{name}_{suffix}" if suffix else name for suffix in suffixes)
    return names


def filter_parameter_errors(
    *, filterset: django_filters.FilterSet, params: QueryDict, also_allowed: set[str] = frozenset()
) -> dict[str, list[str]]:
    """What is wrong with `params` for this filterset, parameter by parameter; empty if nothing is.
    Shared by the API (a 400) and the pages (a message beside the form)."""
    allowed = filter_parameter_names(filterset)
    errors: dict[str, list[str]] = {}
    for name in params:
        if name not in allowed and name not in also_allowed:
            errors[name] = [f"'{name}' is not a parameter here; use one of: {', '.join(sorted({*allowed, *also_allowed}))}"]
    for name, declared in filterset.filters.items():
        for raw in params.getlist(name):
            if raw == "":
                continue  # an empty field of a form means "any", as django-filter reads it
            if isinstance(declared, django_filters.BooleanFilter) and raw.lower() not in _BOOLEAN_WORDS:
                errors[name] = [f"'{raw}' is not true or false; use one of: {', '.join(BOOLEAN_VALUES)}"]
            elif isinstance(declared, (django_filters.ChoiceFilter, django_filters.MultipleChoiceFilter)):
                choices = [str(value) for value, _ in declared.field.choices if value != ""]
                for value in raw.split(",") if getattr(declared, "comma_separated", False) else [raw]:
                    if value not in choices:
                        errors[name] = [f"'{value}' is not a value of {name}; use one of: {', '.join(choices)}"]
    return errors


class StrictFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend that refuses unknown parameters and unreadable values with a 400."""

    def filter_queryset(self, request: Request, queryset: QuerySet, view: Any) -> QuerySet:
        filterset = self.get_filterset(request, queryset, view)
        also_allowed = allowed_non_filter_parameters(view)
        if filterset is None:
            unknown = sorted(set(request.query_params) - also_allowed)
            if unknown:
                raise ValidationError(
                    {
                        name: [f"'{name}' is not a parameter here; use one of: {', '.join(sorted(also_allowed))}"]
                        for name in unknown
                    },
                    code="unknown_parameter",
                )
            return queryset
        errors = filter_parameter_errors(filterset=filterset, params=request.query_params, also_allowed=also_allowed)
        if errors:
            code = "unknown_parameter" if any("is not a parameter" in m[0] for m in errors.values()) else "invalid_filter"
            raise ValidationError(errors, code=code)
        return super().filter_queryset(request, queryset, view)


def allowed_non_filter_parameters(view: Any) -> set[str]:
    """Parameters a view reads besides its filters: the page, the ordering, the format, and its own."""
    allowed = {api_settings.URL_FORMAT_OVERRIDE, *getattr(view, "extra_query_params", ())}
    paginator = getattr(view, "paginator", None)
    if paginator is not None and hasattr(paginator, "query_params"):
        allowed |= paginator.query_params()
    return allowed
