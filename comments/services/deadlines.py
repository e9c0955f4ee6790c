"""Response deadlines: when a staff comment letter's answer is due, counted in SEC business days.

The one place due dates are computed, for comments (the `reviews` command) and workflow (assignments,
the alert sweep) alike. Nothing here is stored: a due date, due-soon and overdue are worked out from the
letters each time, so a new extension or a closure an admin adds applies at once.

- Due: the staff letter's date plus settings.RESPONSE_DUE_BUSINESS_DAYS business days (filings.business_days).
- Extensions move it, in the order they were asked for: an extension-request CORRESP answering the letter
  (read by comments.parser.extensions), or one a team entered (workflow passes those in).
- Due soon: unanswered and at most settings.RESPONSE_DUE_SOON_BUSINESS_DAYS business days before the due date.
- Form 10-K Item 1B: the day a comment has been unresolved for 180 days, and the fiscal year end it then
  counts against.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from comments.models import Letter
from comments.parser.extensions import extension_request_ask
from comments.services.letters import letter_text
from filings.business_days import business_days_add, business_days_between, is_business_day

# Form 10-K Item 1B: comments received this many days or more before the fiscal year end, still unresolved.
ITEM_1B_DAYS = 180


class DueState(models.TextChoices):
    ANSWERED = "answered", "Answered"
    OVERDUE = "overdue", "Overdue"
    DUE_SOON = "due_soon", "Due soon"
    ON_TRACK = "on_track", "On track"


@dataclass(frozen=True)
class Extension:
    """One move of a due date: until a date, or `days` more (business or calendar) days counted from the
    due date it moves or, with `from_letter_date`, from the staff letter's date."""

    asked_on: date | None
    until: date | None = None
    days: int | None = None
    business_days: bool = True
    from_letter_date: bool = False
    # "letter" for an extension-request CORRESP, "entered" for one a team entered with a reason.
    source: str = "letter"
    reason: str = ""
    letter_id: int | None = None


@dataclass(frozen=True)
class LetterDeadline:
    letter_id: int
    letter_date: date | None
    original_due: date | None
    response_due: date | None  # extensions applied
    responded_on: date | None  # the date of the first company letter that answered it
    extensions: tuple[Extension, ...] = field(default_factory=tuple)

    def state(self, *, today: date | None = None) -> str:
        return due_state(due_on=self.response_due, answered_on=self.responded_on, today=today)

    @property
    def answered_late(self) -> bool | None:
        if self.responded_on is None or self.response_due is None:
            return None
        return self.responded_on > self.response_due


def due_soon_business_days() -> int:
    return int(getattr(settings, "RESPONSE_DUE_SOON_BUSINESS_DAYS", 3))


def response_due_original(*, letter_date: date) -> date:
    return business_days_add(letter_date, int(getattr(settings, "RESPONSE_DUE_BUSINESS_DAYS", 10)))


def _next_business_day(day: date) -> date:
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


def extension_apply(*, due_on: date, letter_date: date, extension: Extension) -> date:
    """The due date after one extension. It only ever moves later: a company that promises an earlier date
    than it owes still owes the staff's date.

    A count of calendar days that ends on a weekend or a closure runs to the next business day, as the staff's
    own deadlines do; a date the company named is kept as named.
    """
    if extension.until is not None:
        moved = extension.until
    elif extension.days:
        start = letter_date if extension.from_letter_date else due_on
        if extension.business_days:
            moved = business_days_add(start, extension.days)
        else:
            moved = _next_business_day(start + timedelta(days=extension.days))
    else:
        return due_on
    return max(due_on, moved)


def response_due_on(*, letter_date: date, extensions: Iterable[Extension] = ()) -> date:
    """When the answer to a staff letter of that date is due, with the extensions applied in the order asked."""
    due = response_due_original(letter_date=letter_date)
    for extension in sorted(extensions, key=lambda e: (e.asked_on or date.min, e.source != "letter")):
        due = extension_apply(due_on=due, letter_date=letter_date, extension=extension)
    return due


def due_state(*, due_on: date | None, today: date | None = None, answered_on: date | None = None) -> str:
    """Answered, overdue, due soon or on track, as of today (the local date unless given)."""
    if answered_on is not None:
        return DueState.ANSWERED
    if due_on is None:
        return DueState.ON_TRACK
    today = today or timezone.localdate()
    if today > due_on:
        return DueState.OVERDUE
    if business_days_between(today, due_on) <= due_soon_business_days():
        return DueState.DUE_SOON
    return DueState.ON_TRACK


def _same_letters(letters: Sequence[Letter]) -> dict[int, int]:
    """Each letter's id, and each of its twins' ids (a private upload and its EDGAR copy), to the letter's id:
    an answer or an extension request may name either."""
    ids = {letter.pk for letter in letters}
    out = {pk: pk for pk in ids}
    for letter in letters:
        if letter.public_twin_id:
            out.setdefault(letter.public_twin_id, letter.pk)
    for private_pk, public_pk in Letter.objects.filter(public_twin_id__in=ids).values_list("pk", "public_twin_id"):
        out.setdefault(private_pk, public_pk)
    return out


def staff_letter_deadlines(
    *,
    letters: Sequence[Letter],
    company_letters: QuerySet[Letter] | None = None,
    entered: Mapping[int, Sequence[Extension]] | None = None,
) -> dict[int, LetterDeadline]:
    """The deadline of each staff comment letter given, by letter id, in three queries whatever their number.

    `company_letters` narrows the answers and extension requests that count (to those a reader may see);
    `entered` adds extensions a team entered, by staff letter id.
    """
    letters = [letter for letter in letters if letter.kind == Letter.Kind.STAFF_COMMENT_LETTER]
    if not letters:
        return {}
    same = _same_letters(letters)
    # A public letter never links to a private one: an answer on EDGAR to a letter only uploaded privately names
    # it by its date alone.
    by_date: dict[tuple[int, date | None], int] = {
        (letter.company_id, letter.letter_date): letter.pk for letter in reversed(letters) if letter.letter_date
    }
    answering = Letter.objects.all() if company_letters is None else company_letters
    answering = answering.filter(direction=Letter.Direction.COMPANY).filter(
        Q(responds_to_id__in=list(same))
        | Q(responds_to__isnull=True, company_id__in={c for c, _ in by_date}, responds_to_letter_date__in={d for _, d in by_date})
    )

    def answered(responds_to_id: int | None, company_id: int, named: date | None) -> int | None:
        return same.get(responds_to_id) if responds_to_id is not None else by_date.get((company_id, named))

    responded: dict[int, date] = {}
    rows = answering.filter(kind=Letter.Kind.COMPANY_RESPONSE).values_list(
        "responds_to_id", "company_id", "responds_to_letter_date", "letter_date"
    )
    for staff_pk, company_id, named, when in rows:
        key = answered(staff_pk, company_id, named)
        if key is not None and when is not None and (key not in responded or when < responded[key]):
            responded[key] = when
    asked: dict[int, list[Extension]] = defaultdict(list)
    requests = (
        answering.filter(kind=Letter.Kind.EXTENSION_REQUEST)
        .select_related("document")
        .defer("document__content", "document__emphasis")
    )
    for request in requests:
        key = answered(request.responds_to_id, request.company_id, request.responds_to_letter_date)
        text, _ = letter_text(letter=request)
        ask = extension_request_ask(text, letter_date=request.letter_date)
        if ask is not None and key is not None:
            asked[key].append(
                Extension(
                    asked_on=request.letter_date,
                    until=ask.until,
                    days=ask.days,
                    business_days=ask.business_days,
                    from_letter_date=ask.from_letter_date,
                    source="letter",
                    reason=ask.evidence,
                    letter_id=request.pk,
                )
            )
    out = {}
    for letter in letters:
        extensions = [*asked.get(letter.pk, ()), *((entered or {}).get(letter.pk, ()))]
        original = response_due_original(letter_date=letter.letter_date) if letter.letter_date else None
        due = response_due_on(letter_date=letter.letter_date, extensions=extensions) if letter.letter_date else None
        out[letter.pk] = LetterDeadline(
            letter_id=letter.pk,
            letter_date=letter.letter_date,
            original_due=original,
            response_due=due,
            responded_on=responded.get(letter.pk),
            extensions=tuple(sorted(extensions, key=lambda e: (e.asked_on or date.min, e.source != "letter"))),
        )
    return out


# --- Form 10-K Item 1B --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item1BMark:
    received_on: date
    # From this day the comment, if still unresolved, was received 180 days or more before a fiscal year end.
    flag_on: date
    # The first fiscal year end on or after flag_on: the annual report that must disclose it if unresolved.
    fiscal_year_end: date | None

    def flagged(self, *, today: date | None = None) -> bool:
        return (today or timezone.localdate()) >= self.flag_on


def _fiscal_year_end_on_or_after(day: date, mmdd: str) -> date | None:
    if len(mmdd) != 4 or not mmdd.isdigit():
        return None
    month, dom = int(mmdd[:2]), int(mmdd[2:])
    if not 1 <= month <= 12 or dom < 1:
        return None
    for year in (day.year, day.year + 1):
        # "0229" in a common year, and 52-53 week years printed as the 30th of a 31-day month, clamp to the month.
        end = date(year, month, min(dom, calendar.monthrange(year, month)[1]))
        if end >= day:
            return end
    return None


def item_1b_mark(*, received_on: date, fiscal_year_end: str) -> Item1BMark:
    """When an unresolved comment received on `received_on` falls under Item 1B, for a company whose fiscal year
    ends on `fiscal_year_end` ("MMDD", as the submissions JSON prints it; blank when unknown)."""
    flag_on = received_on + timedelta(days=ITEM_1B_DAYS)
    return Item1BMark(
        received_on=received_on,
        flag_on=flag_on,
        fiscal_year_end=_fiscal_year_end_on_or_after(flag_on, (fiscal_year_end or "").strip()),
    )
