"""Cursor (keyset) pagination with a choice of ordering, for every list of the API.

A page is found by the position of its edge row, never by an offset, so page 2,000 of the letters costs
what page 1 does, and rows stored while someone pages do not shift what they see. The position is the
ordering field's value and the primary key, which breaks ties. An empty value (an undated letter) sorts
below every value: last when newest come first. DRF's own CursorPagination cannot order by a field that
may be empty, which most dates here may.

A view names what it may be ordered by and how it is ordered by default:

    ordering_fields = ["letter_date", "id"]
    ordering = "-letter_date"

The answer also carries `count`, the number of rows the filters matched, counted up to COUNT_LIMIT: an
exact count of a million comments through the visibility rule costs half a second on every page
(bench/RESULTS-load.md), and no one pages that far. Past the limit `count` is COUNT_LIMIT and
`count_exact` false; `?count=exact` asks for the exact number, at that price.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections import OrderedDict
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Field, Model, Q, QuerySet
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import remove_query_param, replace_query_param

EXPORT_FORMATS = ("csv", "xlsx")
COUNT_LIMIT = 1_000


def count_up_to(queryset: QuerySet, limit: int) -> tuple[int, bool]:
    """The rows matched, counted up to `limit`, and whether that is all of them: one query that reads only
    the key, so annotations (a search's rank and snippets) are never computed to be counted."""
    found = queryset.order_by().values("pk")[: limit + 1].count()
    return min(found, limit), found <= limit


class KeysetCursorPagination(BasePagination):
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    ordering_query_param = "ordering"
    count_query_param = "count"
    max_page_size = 200
    count_limit = COUNT_LIMIT

    def __init__(self) -> None:
        self.page_size: int = api_settings.PAGE_SIZE or 50

    # --- the parameters it reads ----------------------------------------------------------------

    def query_params(self) -> set[str]:
        return {self.cursor_query_param, self.page_size_query_param, self.ordering_query_param, self.count_query_param}

    def ordering_choices(self, view: Any) -> list[str]:
        fields = list(getattr(view, "ordering_fields", None) or ["id"])
        return [choice for field in fields for choice in (field, f"-{field}")]

    def get_ordering(self, request: Request, view: Any) -> str:
        default = getattr(view, "ordering", None) or "-id"
        chosen = request.query_params.get(self.ordering_query_param, default)
        allowed = self.ordering_choices(view)
        if chosen not in allowed:
            raise ValidationError(
                {self.ordering_query_param: [f"'{chosen}' is not an ordering; use one of: {', '.join(allowed)}"]},
                code="invalid_ordering",
            )
        return chosen

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [f"a whole number from 1 to {self.max_page_size}"]}, code="invalid_page_size"
            )
        return int(raw)

    def exact_count_asked(self, request: Request) -> bool:
        """Whether the client asks for the exact number (`?count=exact`); any other value is a 400."""
        asked = request.query_params.get(self.count_query_param)
        if asked not in (None, "exact"):
            raise ValidationError({self.count_query_param: ["'exact', or leave it out"]}, code="invalid_count")
        return asked == "exact"

    def count_rows(self, queryset: QuerySet, request: Request) -> tuple[int, bool]:
        """The rows matched, and whether that is all of them: counted up to count_limit unless the
        client asks for the exact number. Either way one query."""
        if self.exact_count_asked(request):
            return queryset.count(), True
        return count_up_to(queryset, self.count_limit)

    # --- ordering and the position of a row -------------------------------------------------------

    def order_queryset(self, request: Request, queryset: QuerySet, view: Any) -> QuerySet:
        """The queryset in the chosen order, with the key as tie-break: exports use it too."""
        field, descending = _split(self.get_ordering(request, view))
        return queryset.order_by(*_order_by(field, descending))

    def paginate_queryset(self, queryset: QuerySet, request: Request, view: Any = None) -> list[Model]:
        self.request = request
        self.ordering = self.get_ordering(request, view)
        self.page_size = self.get_page_size(request)
        field, descending = _split(self.ordering)
        self.field = field
        self.model_field, self.nullable = _model_field(queryset, field)
        self.count, self.count_exact = self.count_rows(queryset, request)

        cursor = self._decode(request.query_params.get(self.cursor_query_param))
        backwards = cursor is not None and cursor["d"] == "prev"
        # Reading backwards is reading forwards in the opposite order, then turning the page round.
        scan_descending = descending != backwards
        rows = queryset.order_by(*_order_by(field, scan_descending))
        if cursor is not None:
            rows = rows.filter(_beyond(field, self.nullable, cursor["v"], cursor["pk"], after=not scan_descending))
        page = list(rows[: self.page_size + 1])
        more = len(page) > self.page_size
        page = page[: self.page_size]
        if backwards:
            page.reverse()
            self.has_next, self.has_previous = True, more
        else:
            self.has_next, self.has_previous = more, cursor is not None
        self.page = page
        return page

    def _position(self, row: Model) -> tuple[Any, int]:
        value = getattr(row, self.field)
        # isoformat, not DjangoJSONEncoder: that drops microseconds, and the position must be exact.
        return (value.isoformat() if hasattr(value, "isoformat") else value), row.pk

    def _link(self, row: Model | None, direction: str) -> str | None:
        url = self.request.build_absolute_uri()
        if row is None:  # the previous page of the second page is the first page
            return remove_query_param(url, self.cursor_query_param)
        value, pk = self._position(row)
        token = json.dumps({"o": self.ordering, "v": value, "pk": pk, "d": direction}, separators=(",", ":"))
        return replace_query_param(url, self.cursor_query_param, base64.urlsafe_b64encode(token.encode()).decode().rstrip("="))

    def get_next_link(self) -> str | None:
        return self._link(self.page[-1], "next") if self.has_next and self.page else None

    def get_previous_link(self) -> str | None:
        if not self.has_previous:
            return None
        return self._link(self.page[0] if self.page else None, "prev")

    def _decode(self, token: str | None) -> dict[str, Any] | None:
        if token is None:
            return None
        try:
            cursor = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            if not isinstance(cursor, dict) or cursor.get("o") != self.ordering or cursor.get("d") not in ("next", "prev"):
                raise ValueError
            cursor["pk"] = int(cursor["pk"])
            if cursor["v"] is not None and self.model_field is not None:
                cursor["v"] = self.model_field.to_python(cursor["v"])
            elif cursor["v"] is None and not self.nullable:
                raise ValueError
        except (ValueError, TypeError, KeyError, binascii.Error, DjangoValidationError, UnicodeDecodeError):
            # A cursor is only ever one of our own links; a changed ordering needs a fresh first page.
            raise NotFound("This cursor is not one of this list's page links.", code="invalid_cursor") from None
        return cursor

    # --- the answer and its schema -----------------------------------------------------------------

    def get_paginated_response(self, data: list[Any]) -> Response:
        return Response(
            OrderedDict(
                [
                    ("count", self.count),
                    ("count_exact", self.count_exact),
                    ("next", self.get_next_link()),
                    ("previous", self.get_previous_link()),
                    ("results", data),
                ]
            )
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["count", "count_exact", "next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "description": f"rows the filters matched, over every page; at most {self.count_limit:,} "
                    "unless `count=exact` is asked (see count_exact)",
                },
                "count_exact": {
                    "type": "boolean",
                    "description": f"false when more than {self.count_limit:,} rows matched and `count` says only "
                    f"{self.count_limit:,}",
                },
                "next": {**link, "description": "the next page, or null on the last"},
                "previous": {**link, "description": "the previous page, or null on the first"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = [
            {
                "name": self.cursor_query_param,
                "in": "query",
                "required": False,
                "description": "The page to read: take it from a `next` or `previous` link, never build it.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "description": f"Rows per page, {self.page_size} unless given.",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
            {
                "name": self.ordering_query_param,
                "in": "query",
                "required": False,
                "description": f"Order by this field, descending with a leading '-'; {getattr(view, 'ordering', None) or '-id'} unless given.",
                "schema": {"type": "string", "enum": self.ordering_choices(view)},
            },
            {
                "name": self.count_query_param,
                "in": "query",
                "required": False,
                "description": f"exact: count every matching row, however many (slower on large lists); else "
                f"`count` stops at {self.count_limit:,}.",
                "schema": {"type": "string", "enum": ["exact"]},
            },
        ]
        if getattr(view, "export_formats", ()):
            parameters.append(
                {
                    "name": api_settings.URL_FORMAT_OVERRIDE,
                    "in": "query",
                    "required": False,
                    "description": "csv or xlsx: every matching row (up to the export limit) as a file, instead of a page of JSON.",
                    "schema": {"type": "string", "enum": ["json", *view.export_formats]},
                }
            )
        return parameters


def _split(ordering: str) -> tuple[str, bool]:
    return ordering.lstrip("-"), ordering.startswith("-")


def _model_field(queryset: QuerySet, name: str) -> tuple[Field | None, bool]:
    """The field a list is ordered by (the model's own, or an annotation's, such as a letter's date on
    its comments) and whether it may be empty. No field for the primary key, which never is."""
    if name in ("id", "pk"):
        return None, False
    if name in queryset.query.annotations:
        # An annotation through a relation may be empty whatever its field says.
        return queryset.query.annotations[name].output_field, True
    try:
        field = queryset.model._meta.get_field(name)
        return field, bool(field.null)
    except FieldDoesNotExist:
        raise ValueError(f"{queryset.model.__name__} has no field {name!r} to order by") from None


def _order_by(field: str, descending: bool) -> list[Any]:
    if field in ("id", "pk"):
        return ["-pk" if descending else "pk"]
    if descending:
        return [F(field).desc(nulls_last=True), "-pk"]
    return [F(field).asc(nulls_first=True), "pk"]


def _beyond(field: str, nullable: bool, value: Any, pk: int, *, after: bool) -> Q:
    """Rows past (value, pk) in ascending order if `after`, else in descending order. An empty value
    sorts below every other value, so it comes first going up and last going down."""
    if field in ("id", "pk"):
        return Q(pk__gt=pk) if after else Q(pk__lt=pk)
    tie = Q(pk__gt=pk) if after else Q(pk__lt=pk)
    if value is None:
        return (
            (Q(**{f"{field}__isnull": False}) | (Q(**{f"{field}__isnull": True}) & tie))
            if after
            else (Q(**{f"{field}__isnull": True}) & tie)
        )
    past = Q(**{f"{field}__gt" if after else f"{field}__lt": value}) | (Q(**{field: value}) & tie)
    if nullable and not after:
        past |= Q(**{f"{field}__isnull": True})
    return past
