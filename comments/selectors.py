"""Reads over letters, shared by the admin, the API and (later) the web pages, so all see and filter alike."""

from __future__ import annotations

from typing import NamedTuple

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from comments.models import Acknowledgement, CompanyResponse, FilingReference, Letter, StaffComment
from comments.parser import TOPICS
from teams import selectors as team_selectors
from teams.models import Organisation


def letters_visible_to(
    *, user: AbstractBaseUser | AnonymousUser | None, letters: QuerySet[Letter] | None = None
) -> QuerySet[Letter]:
    """The letters (of `letters`, else all) that user may see. The one place this rule lives:

    - every public letter, to everyone;
    - a private letter, to the members of its organisation (any role), through
      teams.selectors.organisations_visible_to, the rule every private row follows;
    - a private letter from before organisations (it has none), to its uploader alone;
    - everything, to a superuser. `is_staff` alone grants nothing: an organisation's admin is staff, so
      the admin can be used, and still sees only their own organisation's letters.
    """
    letters = Letter.objects.all() if letters is None else letters
    if team_selectors.is_superuser(user):
        return letters
    if user is None or not user.is_authenticated:
        return letters.filter(is_private=False)
    return letters.filter(
        Q(is_private=False)
        | Q(organisation__in=team_selectors.organisations_visible_to(user=user))
        | Q(organisation__isnull=True, uploaded_by=user)
    )


def letters_visible_to_organisation(*, organisation: Organisation, letters: QuerySet[Letter] | None = None) -> QuerySet[Letter]:
    """The same rule for work done on an organisation's behalf with no user (deadline and alert sweeps):
    every public letter and the organisation's own private ones."""
    letters = Letter.objects.all() if letters is None else letters
    return letters.filter(Q(is_private=False) | Q(organisation=organisation))


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


def in_json_list(field: str, value: str) -> Q:
    """A JSON list holding `value`, matched in its text: each item is in quotes, on SQLite and PostgreSQL alike."""
    return Q(**{f"{field}__icontains": f'"{value}"'})


def topic_match(field: str, value: str) -> Q:
    """A list of topic slugs holding `value`. PostgreSQL asks jsonb containment, which its GIN index on
    topics answers (migration 0009) where the text match reads every row's JSON; SQLite has no
    containment and matches the JSON text. The same rows either way: the slugs are the parser's own."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__contains": [value]})
    return in_json_list(field, value)


def letters_with_topic(*, letters: QuerySet[Letter], topic: str) -> QuerySet[Letter]:
    return letters.filter(topic_match("topics", topic))


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


class CommentResponsePair(NamedTuple):
    number: str
    comment: str
    response: str


def comment_response_pairs(*, letter: Letter, user: AbstractBaseUser | AnonymousUser) -> list[CommentResponsePair]:
    """Each comment beside its answer, in letter order: for a staff letter its comments with every answer
    the user may see; for a company letter its responses with the comment each answers (or restates)."""
    if letter.direction == Letter.Direction.STAFF:
        answers: dict[int | None, list[str]] = {}
        visible = letters_visible_to(user=user)
        answering = CompanyResponse.objects.filter(comment__letter=letter, letter__in=visible).order_by(
            "letter__letter_date", "pk"
        )
        for answer in answering:
            answers.setdefault(answer.comment_id, []).append(answer.text)
        return [
            CommentResponsePair(str(c.number), c.text, "\n\n".join(answers.get(c.pk, [])))
            for c in letter.comments.filter(in_latest_parse=True).order_by("position")
        ]
    responses = list(letter.responses.select_related("comment").order_by("position"))
    answered = {r.comment.letter_id for r in responses if r.comment is not None}
    # A comment from a private staff letter the user may not see is shown as the company restated it.
    shown = set(letters_visible_to(user=user).filter(pk__in=answered).values_list("pk", flat=True)) if answered else set()
    return [
        CommentResponsePair(
            str(r.number),
            r.comment.text if r.comment is not None and r.comment.letter_id in shown else r.restated_comment,
            r.text,
        )
        for r in responses
    ]
