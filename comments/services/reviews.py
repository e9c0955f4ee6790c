"""Reviews: thread a company's letters, then derive each review's figures and each comment's life.

A company's letters are always threaded whole (comments.review_threading is pure and deterministic), so
the post-parse step after one new letter and a full re-thread of everything give the same reviews.
Review rows keep their ids across re-threads: each thread takes the existing review most of its letters
were in. The number of queries does not depend on how many letters the company has.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from comments.models import CompanyResponse, FilingReference, Letter, Review, StaffComment
from comments.parser.reissue import prior_comment_references
from comments.review_selectors import response_lags, staff_topics
from comments.review_threading import (
    COMPANY,
    STAFF,
    LetterFacts,
    Subject,
    Thread,
    form_family,
    thread_letters,
)
from filings.forms import LETTER_FORMS


def _facts(letter: Letter) -> LetterFacts:
    references = list(letter.references.all())
    filing = letter.filing
    return LetterFacts(
        key=letter.pk,
        direction=STAFF if letter.is_staff_letter else COMPANY,
        kind=letter.kind,
        letter_date=letter.letter_date,
        filing_date=filing.filing_date if filing else None,
        subjects=tuple(Subject(r.form, r.period_end, r.filing_date, r.file_number) for r in references),
        named_letter_dates=tuple(r.filing_date for r in references if r.form.upper() in LETTER_FORMS and r.filing_date),
        responds_to_letter_date=letter.responds_to_letter_date,
        file_number=filing.file_number if filing else "",
        subject_accession=filing.public_reference_accession if filing else "",
        accession=filing.accession_number if filing else f"private-{letter.pk:012d}",
    )


def _company_letters(company_id: int) -> list[Letter]:
    return list(
        Letter.objects.filter(company_id=company_id, parse_status=Letter.ParseStatus.PARSED)
        .select_related("filing", "public_twin")
        .prefetch_related(
            Prefetch("references", queryset=FilingReference.objects.select_related("filing").order_by("position")),
            Prefetch("comments", queryset=StaffComment.objects.filter(in_latest_parse=True).order_by("position", "pk")),
        )
        .order_by("pk")
    )


# Whose letters are threaded together: public letters with public letters, one organisation's private uploads
# with each other (a live review EDGAR has not published), and a private upload from before organisations
# with its uploader's. One universe never sees another's letters, so a review never mixes them.
Universe = tuple[str, int | None]


def _universe(letter: Letter) -> Universe:
    if not letter.is_private:
        return ("public", None)
    if letter.organisation_id:
        return ("organisation", letter.organisation_id)
    return ("uploader", letter.uploaded_by_id)


def _review_for_each_thread(
    threads: list[tuple[Universe, Thread]], letters: dict[Hashable, Letter], company_id: int
) -> list[Review]:
    """Reuse existing review rows by majority of their letters; make new ones for the rest."""
    existing = {r.pk: r for r in Review.objects.filter(company_id=company_id)}
    taken: set[int] = set()
    chosen: list[Review | None] = [None] * len(threads)
    by_size = sorted(range(len(threads)), key=lambda i: (-len(threads[i][1].keys), i))
    for i in by_size:
        universe, thread = threads[i]
        organisation_id = universe[1] if universe[0] == "organisation" else None
        votes = Counter(
            r
            for k in thread.keys
            if (r := letters[k].review_id) is not None and r in existing and existing[r].organisation_id == organisation_id
        )
        for review_id, _ in votes.most_common():
            if review_id not in taken:
                chosen[i] = existing[review_id]
                taken.add(review_id)
                break
        if chosen[i] is None:
            chosen[i] = Review(company_id=company_id, organisation_id=organisation_id)
    Review.objects.filter(pk__in=set(existing) - taken).delete()
    return [review for review in chosen if review is not None]


def _subject(thread: Thread, ordered: list[Letter], review: Review) -> None:
    subject = thread.subjects[0] if thread.subjects else None
    review.subject_form = subject.form if subject else ""
    review.subject_period_end = subject.period_end if subject else None
    review.subject_filed = subject.filed if subject else None
    review.subject_file_number = subject.file_number if subject else ""
    review.subject_filing = None
    for letter in ordered:
        if letter.subject_filing_id:
            review.subject_filing_id = letter.subject_filing_id
            return
        for reference in letter.references.all():
            if reference.filing_id and subject and form_family(reference.form) == form_family(subject.form):
                review.subject_filing_id = reference.filing_id
                return


_REVIEW_FIELDS = [
    "subject_filing",
    "subject_form",
    "subject_period_end",
    "subject_filed",
    "subject_file_number",
    "status",
    "opened_on",
    "closed_on",
    "incomplete",
    "is_private",
    "rounds",
    "comment_count",
    "staff_office",
    "letter_count",
    "topics",
    "response_lags",
    "updated_at",
]


def _status(thread: Thread, ordered: list[Letter]) -> str:
    rounds = sum(1 for letter in ordered if letter.kind == Letter.Kind.STAFF_COMMENT_LETTER)
    if thread.closing_kind == Letter.Kind.NO_REVIEW and not rounds:
        return Review.Status.NO_REVIEW
    if thread.closed:
        return Review.Status.CLOSED
    if not any(letter.is_private for letter in ordered):
        # EDGAR publishes a review's letters only after it ends: with no closing letter published, the
        # review is over all the same, and its closing letter is missing.
        return Review.Status.CLOSED
    for letter in reversed(ordered):
        if letter.kind == Letter.Kind.COMPANY_RESPONSE:
            return Review.Status.AWAITING_STAFF
        if letter.kind == Letter.Kind.STAFF_COMMENT_LETTER:
            return Review.Status.AWAITING_COMPANY
    return Review.Status.AWAITING_COMPANY


def _review_fill(review: Review, thread: Thread, ordered: list[Letter]) -> None:
    staff_letters = [letter for letter in ordered if letter.is_staff_letter]
    comment_letters = [letter for letter in ordered if letter.kind == Letter.Kind.STAFF_COMMENT_LETTER]
    _subject(thread, ordered, review)
    review.status = _status(thread, ordered)
    first_staff = next((letter for letter in staff_letters if letter.letter_date), None)
    review.opened_on = first_staff.letter_date if first_staff else thread.opened_on
    review.closed_on = thread.closed_on
    review.incomplete = thread.incomplete or (review.status == Review.Status.CLOSED and not thread.closed)
    review.is_private = all(letter.is_private for letter in ordered)
    review.rounds = len(comment_letters)
    review.comment_count = sum(len(letter.comments.all()) for letter in comment_letters)
    review.staff_office = next((letter.staff_office for letter in reversed(staff_letters) if letter.staff_office), "")
    review_figures_store(review, ordered)


def review_figures_store(review: Review, letters: list[Letter]) -> None:
    """The figures the metrics read, from the review's own letters (never another organisation's copies)."""
    review.letter_count = len(letters)
    review.topics = staff_topics(letters)
    review.response_lags = [[lag.days, lag.business_days] for lag in response_lags(letters)]


def _comment_lives(review: Review, ordered: list[Letter], answered: set[int]) -> list[StaffComment]:
    """Set each staff comment's status and reissue link; returns the comments whose values changed."""
    rounds = [letter for letter in ordered if letter.kind == Letter.Kind.STAFF_COMMENT_LETTER]
    reissued: set[int] = set()
    reissues: dict[int, int | None] = {}
    for i, letter in enumerate(rounds):
        for comment in letter.comments.all():
            reissues[comment.pk] = None
            if i == 0:
                continue
            for reference in prior_comment_references(comment.text):
                earlier = next(
                    (r for r in rounds[:i] if reference.letter_date and r.letter_date == reference.letter_date), rounds[i - 1]
                )
                target = next((c for c in earlier.comments.all() if c.number in reference.numbers), None)
                if target is not None:
                    reissues[comment.pk] = target.pk
                    reissued.add(target.pk)
                    break
    changed = []
    for i, letter in enumerate(rounds):
        later_round = i < len(rounds) - 1
        for comment in letter.comments.all():
            if comment.pk in reissued:
                status = StaffComment.Status.REISSUED
            elif review.status in (Review.Status.CLOSED, Review.Status.NO_REVIEW) or later_round:
                status = StaffComment.Status.RESOLVED
            elif comment.pk in answered:
                status = StaffComment.Status.RESPONDED
            else:
                status = StaffComment.Status.OPEN
            if (comment.status, comment.reissues_id) != (status, reissues[comment.pk]):
                comment.status, comment.reissues_id = status, reissues[comment.pk]
                changed.append(comment)
    return changed


@transaction.atomic
def company_reviews_thread(*, company_id: int) -> list[Review]:
    """Thread every parsed letter of one company into reviews and store the result; returns the reviews."""
    letters = _company_letters(company_id)
    by_pk: dict[Hashable, Letter] = {letter.pk: letter for letter in letters}
    # A private upload and its public twin are one letter: the public one is threaded, the copy follows it.
    copies = [letter for letter in letters if letter.is_private and letter.public_twin_id in by_pk]
    universes: dict[Universe, list[Letter]] = defaultdict(list)
    for letter in letters:
        if letter not in copies:
            universes[_universe(letter)].append(letter)
    threads: list[tuple[Universe, Thread]] = []
    unthreaded: dict[Hashable, str] = {}
    for universe in sorted(universes, key=str):
        result = thread_letters([_facts(letter) for letter in universes[universe]])
        threads += [(universe, thread) for thread in result.threads]
        unthreaded.update(result.unthreaded)
    reviews = _review_for_each_thread(threads, by_pk, company_id)
    answered = set(
        CompanyResponse.objects.filter(comment__letter__company_id=company_id, comment__isnull=False).values_list(
            "comment_id", flat=True
        )
    )
    placement: dict[Hashable, tuple[Review | None, str]] = {}
    changed_comments: list[StaffComment] = []
    for (_, thread), review in zip(threads, reviews):
        _review_fill(review, thread, [by_pk[k] for k in thread.keys])
    kept = [review for review in reviews if review.pk is not None]
    Review.objects.bulk_create([review for review in reviews if review.pk is None])
    now = timezone.now()
    for review in kept:
        review.updated_at = now  # bulk_update does not apply auto_now
    Review.objects.bulk_update(kept, _REVIEW_FIELDS, batch_size=500)
    for (_, thread), review in zip(threads, reviews):
        for key in thread.keys:
            placement[key] = (review, thread.reasons[key])
        changed_comments += _comment_lives(review, [by_pk[k] for k in thread.keys], answered)
    for key, reason in unthreaded.items():
        placement[key] = (None, reason)
    for copy in copies:
        twin_review, _ = placement.get(copy.public_twin_id, (None, ""))
        published = copy.public_twin.filing if copy.public_twin else None
        placement[copy.pk] = (
            twin_review,
            f"private copy of the published letter {published.accession_number}"
            if published
            else "private copy of a published letter",
        )
    changed_letters = []
    for letter in letters:
        placed, reason = placement.get(letter.pk, (None, ""))
        review_id = placed.pk if placed else None
        if (letter.review_id, letter.review_reason) != (review_id, reason[:300]):
            letter.review_id, letter.review_reason = review_id, reason[:300]
            changed_letters.append(letter)
    Letter.objects.bulk_update(changed_letters, ["review", "review_reason"], batch_size=500)
    StaffComment.objects.bulk_update(changed_comments, ["status", "reissues"], batch_size=500)
    return reviews


def reviews_thread_all(*, company_ids: Iterable[int] | None = None) -> int:
    """Re-thread every company with letters (or the ones given); returns how many reviews there are now."""
    if company_ids is None:
        company_ids = Letter.objects.order_by().values_list("company_id", flat=True).distinct()
    total = 0
    for company_id in sorted(set(company_ids)):
        total += len(company_reviews_thread(company_id=company_id))
    return total
