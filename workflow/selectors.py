"""Reads over an organisation's workflow: what is due and when, what awaits approval, what falls under Item 1B,
and how the filed letter differs from what was approved.

Every read of workflow rows by a user goes through `workflow_rows_visible_to` (teams' one rule). The alert
sweep reads per organisation: `comments_due_soon`, `comments_overdue`, `drafts_awaiting_approval` and
`item_1b_comments` are its hooks, each computed afresh (nothing due-related is stored).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from comments.models import CompanyResponse, Letter, Review, StaffComment
from comments.selectors import letters_visible_to_organisation
from comments.services.deadlines import (
    DueState,
    Item1BMark,
    LetterDeadline,
    due_state,
    item_1b_mark,
    staff_letter_deadlines,
)
from comments.services.deadlines import (
    Extension as DueExtension,
)
from teams.models import Organisation, WatchedCompany
from teams.selectors import private_rows_visible_to
from workflow.models import Assignment, Draft, Extension, FilerStatus, ResponseLetter

M = TypeVar("M", bound=Model)


def workflow_rows_visible_to(*, user: Any, rows: QuerySet[M]) -> QuerySet[M]:
    """Workflow rows (assignments, drafts, notes, extensions, response letters, filer statuses) the user may see."""
    return private_rows_visible_to(user=user, rows=rows)


def letters_of_organisation(*, organisation: Organisation) -> QuerySet[Letter]:
    """The letters whose facts count for an organisation's deadlines: every public one and its own private ones."""
    return letters_visible_to_organisation(organisation=organisation)


def entered_extensions(*, organisation: Organisation, staff_letter_ids: list[int]) -> dict[int, list[DueExtension]]:
    """The organisation's entered extensions, by staff letter id, as the deadline service takes them."""
    out: dict[int, list[DueExtension]] = {}
    for row in Extension.objects.filter(organisation=organisation, staff_letter_id__in=staff_letter_ids):
        out.setdefault(row.staff_letter_id, []).append(
            DueExtension(
                asked_on=row.entered_on,
                until=row.until,
                days=row.days,
                business_days=row.business_days,
                source="entered",
                reason=row.reason,
            )
        )
    return out


def organisation_letter_deadlines(*, organisation: Organisation, letters: list[Letter]) -> dict[int, LetterDeadline]:
    """Deadlines of staff letters as one organisation sees them: public facts, its own letters and extensions."""
    return staff_letter_deadlines(
        letters=letters,
        company_letters=letters_of_organisation(organisation=organisation),
        entered=entered_extensions(organisation=organisation, staff_letter_ids=[letter.pk for letter in letters]),
    )


@dataclass(frozen=True)
class CommentDue:
    comment: StaffComment
    assignment: Assignment | None
    draft: Draft | None
    letter_deadline: LetterDeadline
    # The assignment's own date when it has one, else the letter's (extensions applied).
    due_on: date | None
    state: str


_ANSWERED = (StaffComment.Status.RESPONDED, StaffComment.Status.RESOLVED, StaffComment.Status.REISSUED)


def live_comments(*, organisation: Organisation) -> QuerySet[StaffComment]:
    """The staff comments an organisation is answering: those of its own private comment letters, those it has
    assigned or drafted, and those of open reviews of the companies it watches."""
    worked = Q(pk__in=Assignment.objects.filter(organisation=organisation).values("comment_id")) | Q(
        pk__in=Draft.objects.filter(organisation=organisation).values("comment_id")
    )
    own = Q(letter__is_private=True, letter__organisation=organisation)
    watched = Q(
        letter__is_private=False,
        letter__company_id__in=WatchedCompany.objects.filter(organisation=organisation).values("company_id"),
        letter__review__status__in=[Review.Status.AWAITING_COMPANY, Review.Status.AWAITING_STAFF],
    )
    return (
        StaffComment.objects.filter(letter__kind=Letter.Kind.STAFF_COMMENT_LETTER, in_latest_parse=True)
        .filter(own | worked | watched)
        .select_related("letter__company")
        .order_by("letter__letter_date", "letter_id", "position")
    )


def comments_due(
    *, organisation: Organisation, comments: QuerySet[StaffComment] | None = None, today: date | None = None
) -> list[CommentDue]:
    """Each comment with its owner, draft, due date and state as of today, in the same queries however many."""
    today = today or timezone.localdate()
    comments_list = list(live_comments(organisation=organisation) if comments is None else comments.select_related("letter"))
    letters = list({c.letter_id: c.letter for c in comments_list}.values())
    deadlines = organisation_letter_deadlines(organisation=organisation, letters=letters)
    ids = [c.pk for c in comments_list]
    assignments = {
        a.comment_id: a for a in Assignment.objects.filter(organisation=organisation, comment_id__in=ids).select_related("owner")
    }
    drafts = {d.comment_id: d for d in Draft.objects.filter(organisation=organisation, comment_id__in=ids)}
    filed = set(
        ResponseLetter.objects.filter(
            organisation=organisation, staff_letter_id__in=[x.pk for x in letters], status=ResponseLetter.Status.FILED
        ).values_list("staff_letter_id", flat=True)
    )
    out = []
    for comment in comments_list:
        deadline = deadlines.get(comment.letter_id) or LetterDeadline(
            comment.letter_id, comment.letter.letter_date, None, None, None
        )
        assignment = assignments.get(comment.pk)
        due_on = (assignment.due_on if assignment and assignment.due_on else None) or deadline.response_due
        answered = comment.status in _ANSWERED or comment.letter_id in filed
        state = DueState.ANSWERED if answered else due_state(due_on=due_on, answered_on=deadline.responded_on, today=today)
        out.append(CommentDue(comment, assignment, drafts.get(comment.pk), deadline, due_on, state))
    return out


def comments_due_soon(*, organisation: Organisation, today: date | None = None) -> list[CommentDue]:
    """Unanswered comments due within settings.RESPONSE_DUE_SOON_BUSINESS_DAYS business days (alert hook)."""
    return [row for row in comments_due(organisation=organisation, today=today) if row.state == DueState.DUE_SOON]


def comments_overdue(*, organisation: Organisation, today: date | None = None) -> list[CommentDue]:
    """Unanswered comments past their due date (alert hook)."""
    return [row for row in comments_due(organisation=organisation, today=today) if row.state == DueState.OVERDUE]


def drafts_awaiting_approval(*, organisation: Organisation) -> QuerySet[Draft]:
    """Drafts in review, oldest submission first (alert hook)."""
    return (
        Draft.objects.filter(organisation=organisation, status=Draft.Status.IN_REVIEW)
        .select_related("comment__letter__company", "submitted_by")
        .order_by("submitted_at", "pk")
    )


# --- Form 10-K Item 1B ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item1BComment:
    comment: StaffComment
    mark: Item1BMark
    filer_status: FilerStatus


_UNRESOLVED = (StaffComment.Status.OPEN, StaffComment.Status.RESPONDED)


def item_1b_comments(*, organisation: Organisation, today: date | None = None) -> list[Item1BComment]:
    """Unresolved comments on the companies the organisation says are accelerated, large accelerated or
    well-known seasoned issuers, once 180 days have passed since the staff letter (alert hook).

    The fiscal year end comes from the company's submissions JSON (Company.fiscal_year_end); the filer
    status from the organisation (FilerStatus), since EDGAR publishes none.
    """
    today = today or timezone.localdate()
    statuses = {s.company_id: s for s in FilerStatus.objects.filter(organisation=organisation) if s.item_1b_applies}
    if not statuses:
        return []
    comments = (
        StaffComment.objects.filter(
            letter__company_id__in=list(statuses),
            letter__kind=Letter.Kind.STAFF_COMMENT_LETTER,
            letter__letter_date__isnull=False,
            in_latest_parse=True,
            status__in=_UNRESOLVED,
        )
        .filter(letter__in=letters_of_organisation(organisation=organisation))
        # A private copy stands aside for its published twin: one comment, counted once.
        .exclude(letter__is_private=True, letter__public_twin__isnull=False)
        .select_related("letter__company")
        .order_by("letter__letter_date", "position")
    )
    out = []
    for comment in comments:
        received_on = comment.letter.letter_date
        if received_on is None:  # not after the filter above; said for the type checker
            continue
        mark = item_1b_mark(received_on=received_on, fiscal_year_end=comment.letter.company.fiscal_year_end)
        if mark.flagged(today=today):
            out.append(Item1BComment(comment, mark, statuses[comment.letter.company_id]))
    return out


# --- what was filed against what was approved ----------------------------------------------------------


@dataclass(frozen=True)
class FiledDifference:
    comment_number: int
    approved: str
    filed: str | None  # None: the filed letter has no answer to this comment
    same: bool
    # Word by word: ("equal" | "delete" | "insert", words); "delete" is approved text the filing lacks.
    diff: list[tuple[str, str]]


def _word_diff(approved: str, filed: str) -> list[tuple[str, str]]:
    a, b = approved.split(" "), filed.split(" ")
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("equal", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("delete", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("insert", " ".join(b[j1:j2])))
    return out


def _paragraphs(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def _twin_comment_ids(response_letter: ResponseLetter) -> dict[int, set[int]]:
    """Each comment of the response letter's staff letter, with the same comment in the letter's twin."""
    staff = response_letter.staff_letter
    twins = [pk for pk in (staff.public_twin_id,) if pk] + list(
        Letter.objects.filter(public_twin=staff).values_list("pk", flat=True)
    )
    ours = list(staff.comments.filter(in_latest_parse=True))
    theirs = list(StaffComment.objects.filter(letter_id__in=twins, in_latest_parse=True))
    return {c.pk: {c.pk} | {t.pk for t in theirs if (t.number, t.position) == (c.number, c.position)} for c in ours}


def response_letter_differences(*, response_letter: ResponseLetter) -> list[FiledDifference]:
    """Per approved draft, what the filed CORRESP says instead: a word-level diff where they differ."""
    filed_letter = response_letter.filed_letter
    if filed_letter is None:
        return []
    responses = list(filed_letter.responses.order_by("position"))
    same_comment = _twin_comment_ids(response_letter)
    out = []
    drafts = (
        Draft.objects.filter(
            organisation_id=response_letter.organisation_id,
            comment__letter_id=response_letter.staff_letter_id,
            status=Draft.Status.APPROVED,
        )
        .select_related("comment")
        .order_by("comment__position")
    )
    for draft in drafts:
        ids = same_comment.get(draft.comment_id, {draft.comment_id})
        answer: CompanyResponse | None = next((r for r in responses if r.comment_id in ids), None)
        answer = answer or next((r for r in responses if r.number == draft.comment.number), None)
        approved = "\n\n".join(_paragraphs(draft.text))
        filed = "\n\n".join(_paragraphs(answer.text)) if answer else None
        same = filed is not None and approved == filed
        diff = [] if same else _word_diff(approved, filed or "")
        out.append(FiledDifference(draft.comment.number, approved, filed, same, diff))
    return out
