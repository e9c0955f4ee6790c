"""Reads over letters, shared by the admin and the API so both filter the same way."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from comments.models import Acknowledgement, CompanyResponse, FilingReference, Letter, StaffComment
from comments.parser import TOPICS


def topic_taxonomy() -> list[str]:
    """The parser's fixed topic list: the only topics a letter can carry."""
    return list(TOPICS)


def letters_with_commitment(*, letters: QuerySet[Letter], value: bool = True) -> QuerySet[Letter]:
    committed = Exists(CompanyResponse.objects.filter(letter=OuterRef("pk"), makes_commitment=True))
    return letters.filter(committed if value else ~committed)


def letters_missing_acknowledgements(*, letters: QuerySet[Letter], value: bool = True) -> QuerySet[Letter]:
    """Letters that had to carry the acknowledgements (before 2016-10-05) and lack at least one."""
    missing = Exists(Acknowledgement.objects.filter(letter=OuterRef("pk"), required=True, present=False))
    return letters.filter(missing if value else ~missing)


def letters_with_topic(*, letters: QuerySet[Letter], topic: str) -> QuerySet[Letter]:
    # JSON containment (`topics__contains`) is PostgreSQL-only; the JSON text holds each topic in
    # quotes on SQLite and PostgreSQL alike, so a quoted substring match works on both.
    return letters.filter(topics__icontains=f'"{topic}"')


def letter_list() -> QuerySet[Letter]:
    # Never join Document: its content column holds the whole PDF.
    return Letter.objects.select_related("company", "filing")


def letter_detail() -> QuerySet[Letter]:
    return letter_list().prefetch_related(
        Prefetch("comments", queryset=StaffComment.objects.order_by("position", "pk")),
        Prefetch("responses", queryset=CompanyResponse.objects.select_related("comment").order_by("position")),
        "acknowledgements",
        Prefetch("references", queryset=FilingReference.objects.select_related("filing")),
    )
