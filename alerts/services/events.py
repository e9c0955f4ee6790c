"""Raising events: each happens once (its dedupe key), and reaches each listening channel through one
Delivery row, created in the same transaction as the event.

Raising an event again (a re-parse, the next sweep) changes nothing but to add deliveries for channels
that have started listening since. Each function returns the ids of the deliveries it created, for the
caller to queue once the transaction commits.

What each kind is, and whose it is:

- new_staff_letter / new_company_response: a letter parsed for the first time and dated within
  ALERTS_NEW_LETTER_MAX_AGE_DAYS (older ones are a backfill, not news). A private upload is its
  organisation's; a public letter goes to the organisations watching its company, except one that
  uploaded the letter itself before EDGAR published it. A company response is a CORRESP that answers
  the staff or asks for more time.
- review_closed: the review-complete letter that closed a review, by the same rule.
- comment_due_soon / comment_overdue: found by the sweep for each organisation, once per comment and due
  date (a new due date, after an extension, alerts again).
- draft_awaiting_approval: once per submission of a draft for review.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from alerts.models import Delivery, Event, EventKind
from alerts.selectors import channels_listening, kinds_listened_to
from comments.models import Letter, Review, StaffComment
from comments.services.deadlines import DueState
from filings.models import Company
from teams.models import Organisation
from workflow.models import Draft
from workflow.selectors import CommentDue, comments_due

LETTER_EVENT_KINDS = (EventKind.NEW_STAFF_LETTER, EventKind.NEW_COMPANY_RESPONSE, EventKind.REVIEW_CLOSED)
DUE_EVENT_KINDS = (EventKind.COMMENT_DUE_SOON, EventKind.COMMENT_OVERDUE)
_COMPANY_LETTERS_THAT_ANSWER = (Letter.Kind.COMPANY_RESPONSE, Letter.Kind.EXTENSION_REQUEST)


def _one_line(text: str, limit: int = 300) -> str:
    # A summary is an email's subject: one line, whatever a filer's name holds.
    return " ".join(text.split())[:limit]


def event_raise(
    *,
    kind: str,
    dedupe_key: str,
    summary: str,
    payload: dict[str, Any],
    organisation: Organisation | None,
    company: Company | None,
    skip_organisation_ids: Collection[int] = (),
    **subjects: Any,
) -> list[int]:
    """The event (made once per dedupe key) and a pending delivery to each channel listening to it that has none.

    `organisation` None makes it public: it goes to the organisations watching `company`. `subjects` are
    the event's letter, comment, review, draft and due_on. No channel listening, no row: a backfill parses
    thousands of letters nobody is told of.
    """
    channel_ids = set(
        channels_listening(
            kind=kind, organisation=organisation, company=company, skip_organisation_ids=skip_organisation_ids
        ).values_list("pk", flat=True)
    )
    if not channel_ids:
        return []
    now = timezone.now()
    with transaction.atomic():
        event = Event.objects.filter(dedupe_key=dedupe_key).first()
        if event is None:
            try:
                with transaction.atomic():
                    event = Event.objects.create(
                        kind=kind,
                        dedupe_key=dedupe_key,
                        summary=_one_line(summary),
                        payload=payload,
                        organisation=organisation,
                        company=company,
                        **subjects,
                    )
            except IntegrityError:  # raised a moment ago by another worker
                event = Event.objects.get(dedupe_key=dedupe_key)
        missing = channel_ids - set(Delivery.objects.filter(event=event).values_list("channel_id", flat=True))
        # queued_at now: the caller queues them on commit; the sweep takes any whose message was lost.
        Delivery.objects.bulk_create(
            [Delivery(event=event, channel_id=pk, next_attempt_at=now, queued_at=now) for pk in sorted(missing)],
            ignore_conflicts=True,
        )
        return list(
            Delivery.objects.filter(event=event, channel_id__in=missing, status=Delivery.Status.PENDING, attempts=0)
            .order_by("pk")
            .values_list("pk", flat=True)
        )


# --- what the payloads say -------------------------------------------------------------------------------


def _company(company: Company) -> dict[str, Any]:
    return {"cik": company.cik, "name": company.name, "label": f"{company.name or 'CIK'} (CIK {company.cik})"}


def _letter(letter: Letter) -> dict[str, Any]:
    accession = letter.filing.accession_number if letter.filing_id and letter.filing else None
    when = letter.letter_date.isoformat() if letter.letter_date else "undated"
    label = f"{letter.get_kind_display() or letter.form_type} dated {when}"
    edgar_url = None
    if accession:
        edgar_url = f"{settings.EDGAR_ARCHIVES_URL}/Archives/edgar/data/{letter.company.cik}/{accession.replace('-', '')}/"
        label += f", EDGAR {accession}"
    elif letter.is_private:
        label += ", a private upload"
    return {
        "id": letter.pk,
        "kind": letter.kind,
        "form_type": letter.form_type,
        "direction": letter.direction,
        "date": letter.letter_date,
        "private": letter.is_private,
        "accession_number": accession,
        "edgar_url": edgar_url,
        "label": label,
    }


def _review(review: Review) -> dict[str, Any]:
    subject = " ".join(x for x in (review.subject_form, review.subject_period_end and review.subject_period_end.isoformat()) if x)
    return {
        "id": review.pk,
        "status": review.status,
        "subject_form": review.subject_form,
        "subject_period_end": review.subject_period_end,
        "opened_on": review.opened_on,
        "closed_on": review.closed_on,
        "label": f"review of {subject or 'a filing'}, {review.get_status_display().lower()}",
    }


def _comment(comment: StaffComment) -> dict[str, Any]:
    heading = comment.heading.split(" / ")[-1] if comment.heading else ""
    return {
        "id": comment.pk,
        "number": comment.number,
        "heading": comment.heading,
        "label": f"{comment.number}" + (f" ({heading})" if heading else ""),
    }


# --- letters ---------------------------------------------------------------------------------------------


def _is_news(letter: Letter, today: date) -> bool:
    when = letter.letter_date or (letter.filing.filing_date if letter.filing_id and letter.filing else None)
    when = when or timezone.localdate(letter.created_at)
    return when >= today - timedelta(days=settings.ALERTS_NEW_LETTER_MAX_AGE_DAYS)


def _new_letter_kind(letter: Letter) -> str | None:
    if letter.direction == Letter.Direction.STAFF:
        return EventKind.NEW_STAFF_LETTER
    if letter.kind in _COMPANY_LETTERS_THAT_ANSWER:
        return EventKind.NEW_COMPANY_RESPONSE
    return None


def letter_events_raise(*, letter_id: int, today: date | None = None) -> list[int]:
    """The events a parsed letter raises: a new letter for its company, and a closed review."""
    letter = (
        Letter.objects.select_related("company", "filing", "review")
        .filter(pk=letter_id, parse_status=Letter.ParseStatus.PARSED)
        .first()
    )
    if letter is None or not _is_news(letter, today or timezone.localdate()):
        return []
    if letter.is_private and letter.organisation_id is None:
        return []  # uploaded before there were organisations: nobody's
    organisation = letter.organisation if letter.is_private else None
    # The team that uploaded the letter before EDGAR published it heard of it then.
    uploaded_by: set[int] = (
        set()
        if letter.is_private
        else set(Letter.objects.filter(public_twin=letter, organisation__isnull=False).values_list("organisation_id", flat=True))
    )
    payload: dict[str, Any] = {"company": _company(letter.company), "letter": _letter(letter)}
    name = letter.company.name or f"CIK {letter.company.cik}"

    def raise_one(kind: str, summary: str, review: Review | None = None, extra: dict[str, Any] | None = None) -> list[int]:
        return event_raise(
            kind=kind,
            dedupe_key=f"{kind}:letter:{letter.pk}",
            summary=summary,
            payload={**payload, **(extra or {})},
            organisation=organisation,
            company=letter.company,
            skip_organisation_ids=uploaded_by,
            letter=letter,
            review=review,
        )

    created: list[int] = []
    kind = _new_letter_kind(letter)
    if kind is not None:
        what = "staff letter" if kind == EventKind.NEW_STAFF_LETTER else "company letter"
        created += raise_one(kind, f"New {what} for {name}: {payload['letter']['label']}")
    review = letter.review
    if letter.kind == Letter.Kind.REVIEW_COMPLETE and review is not None and review.status == Review.Status.CLOSED:
        about = _review(review)
        created += raise_one(
            EventKind.REVIEW_CLOSED, f"Review closed for {name}: {about['label']}", review=review, extra={"review": about}
        )
    return created


# --- due dates -------------------------------------------------------------------------------------------


def _due_event(organisation: Organisation, row: CommentDue, kind: str) -> list[int]:
    comment, letter = row.comment, row.comment.letter
    owner = row.assignment.owner.get_username() if row.assignment and row.assignment.owner else None
    name = letter.company.name or f"CIK {letter.company.cik}"
    when = "due soon" if kind == EventKind.COMMENT_DUE_SOON else "overdue"
    return event_raise(
        kind=kind,
        dedupe_key=f"{kind}:{organisation.pk}:{comment.pk}:{row.due_on}",
        organisation=organisation,
        company=letter.company,
        letter=letter,
        comment=comment,
        due_on=row.due_on,
        summary=f"Comment {comment.number} {when} ({row.due_on}) for {name}",
        payload={
            "company": _company(letter.company),
            "letter": _letter(letter),
            "comment": _comment(comment),
            "due_on": row.due_on,
            "state": row.state,
            "owner": owner,
        },
    )


def due_events_raise(*, organisation: Organisation, today: date | None = None) -> list[int]:
    """Due-soon and overdue events for an organisation's unanswered comments, as of today."""
    kinds = kinds_listened_to(organisation=organisation, kinds=DUE_EVENT_KINDS)
    if not kinds:
        return []
    wanted: dict[str, str] = {DueState.DUE_SOON: EventKind.COMMENT_DUE_SOON, DueState.OVERDUE: EventKind.COMMENT_OVERDUE}
    created: list[int] = []
    for row in comments_due(organisation=organisation, today=today):
        kind = wanted.get(row.state)
        if kind in kinds and row.due_on is not None:
            created += _due_event(organisation, row, kind)
    return created


# --- drafts ----------------------------------------------------------------------------------------------


def draft_events_raise(*, draft_id: int) -> list[int]:
    """A draft in review awaits an approver: once per submission. Approved or sent back meanwhile, nothing."""
    draft = (
        Draft.objects.select_related("organisation", "submitted_by", "comment__letter__company", "comment__letter__filing")
        .filter(pk=draft_id, status=Draft.Status.IN_REVIEW, submitted_at__isnull=False)
        .first()
    )
    if draft is None or draft.submitted_at is None:
        return []
    comment, letter = draft.comment, draft.comment.letter
    submitted_by = draft.submitted_by.get_username() if draft.submitted_by else None
    name = letter.company.name or f"CIK {letter.company.cik}"
    return event_raise(
        kind=EventKind.DRAFT_AWAITING_APPROVAL,
        dedupe_key=f"draft_awaiting_approval:{draft.pk}:{draft.submitted_at.timestamp():.6f}",
        organisation=draft.organisation,
        company=letter.company,
        letter=letter,
        comment=comment,
        draft=draft,
        summary=f"Draft answer to comment {comment.number} awaits approval ({name})",
        payload={
            "company": _company(letter.company),
            "letter": _letter(letter),
            "comment": _comment(comment),
            "draft": {
                "id": draft.pk,
                "revision": draft.revision,
                "submitted_by": submitted_by,
                "submitted_at": draft.submitted_at,
                "label": f"revision {draft.revision}, submitted by {submitted_by or 'someone'}",
            },
        },
    )
