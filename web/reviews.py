"""The review timeline page's read: a review's letters in order, each staff comment beside the company's
answers, the filings they name, and for members their team's work on it (owners, due dates, drafts, the
response letter) from the workflow app.

Every letter, comment and answer comes through `selectors.letters_visible_to`; the review itself through
`reviews_visible_to`. A private copy whose published letter is shown stands aside for it (its team's
work is shown on the published letter's comments), so a member does not read each letter twice.
The number of queries does not depend on how many letters or comments the review has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Prefetch, QuerySet
from django.http import Http404

from comments import selectors
from comments.labels import topic_label
from comments.models import CompanyResponse, FilingReference, Letter, Review, StaffComment
from comments.review_selectors import ReviewFigures, review_figures, reviews_visible_to
from comments.services.deadlines import DueState
from filings.api.links import edgar_folder_url
from teams.models import Organisation
from teams.selectors import organisations_of
from workflow import selectors as workflow_selectors
from workflow.models import ResponseLetter


@dataclass
class TeamWork:
    """One organisation's work on one staff comment (workflow.selectors.CommentDue, as the page shows it)."""

    organisation: Organisation
    owner: str | None
    due_on: Any
    state: str
    state_label: str
    draft_status: str | None


@dataclass
class CommentRow:
    comment: StaffComment
    answers: list[CompanyResponse]
    work: list[TeamWork] = field(default_factory=list)


@dataclass
class LetterBlock:
    letter: Letter
    edgar_url: str | None
    comments: list[CommentRow]
    responses: list[CompanyResponse]
    references: list[tuple[FilingReference, str | None]]
    has_private_copy: bool = False
    response_letters: list[ResponseLetter] = field(default_factory=list)


@dataclass
class ReviewPage:
    review: Review
    figures: ReviewFigures
    topics: list[str]
    subject_url: str | None
    blocks: list[LetterBlock]
    organisations: list[Organisation]
    # The answers shown beside a comment; a company letter lists the others in full.
    shown_answer_ids: set[int]
    # True when a member's team has work to show: the workflow columns are drawn only then.
    shows_work: bool


def _letter_url(letter: Letter) -> str | None:
    if letter.is_private or letter.filing is None:
        return None
    return edgar_folder_url(cik=letter.company.cik, accession_number=letter.filing.accession_number)


def _team_work(organisation: Organisation, due: Any) -> TeamWork:
    owner = due.assignment.owner if due.assignment is not None else None
    return TeamWork(
        organisation=organisation,
        owner=(owner.get_full_name() or owner.get_username()) if owner is not None else None,
        due_on=due.due_on,
        state=str(due.state),
        state_label=DueState(due.state).label,
        draft_status=due.draft.get_status_display() if due.draft is not None else None,
    )


def review_page(*, user: Any, review_id: int) -> ReviewPage:
    """The page of one review the user may see; Http404 for any other (private to another team, or none)."""
    visible = selectors.letters_visible_to(user=user)
    letters = visible.select_related("company", "filing").order_by(F("letter_date").asc(nulls_last=True), "pk")
    reviews = Review.objects.select_related("company", "subject_filing").prefetch_related(Prefetch("letters", queryset=letters))
    review = reviews_visible_to(user=user, reviews=reviews).filter(pk=review_id).first()
    if review is None:
        raise Http404("No such review, or not one you may see.")
    every_letter = list(review.letters.all())
    shown_ids = {letter.pk for letter in every_letter}
    copies = {
        letter.pk: letter.public_twin_id for letter in every_letter if letter.is_private and letter.public_twin_id in shown_ids
    }
    shown = [letter for letter in every_letter if letter.pk not in copies]

    comments = list(
        StaffComment.objects.filter(
            letter_id__in=[letter.pk for letter in every_letter if letter.is_staff_letter], in_latest_parse=True
        ).order_by("letter_id", "position", "pk")
    )
    answers: dict[int, list[CompanyResponse]] = {}
    for answer in (
        CompanyResponse.objects.filter(comment__in=[c.pk for c in comments], letter__in=visible)
        .select_related("letter")
        .order_by(F("letter__letter_date").asc(nulls_last=True), "pk")
    ):
        answers.setdefault(answer.comment_id, []).append(answer)
    responses: dict[int, list[CompanyResponse]] = {}
    for response in CompanyResponse.objects.filter(letter_id__in=[x.pk for x in shown if not x.is_staff_letter]).order_by(
        "position", "pk"
    ):
        responses.setdefault(response.letter_id, []).append(response)
    references: dict[int, list[tuple[FilingReference, str | None]]] = {}
    for reference in (
        FilingReference.objects.filter(letter_id__in=shown_ids).select_related("filing").order_by("letter_id", "position")
    ):
        url = (
            edgar_folder_url(cik=review.company.cik, accession_number=reference.filing.accession_number)
            if reference.filing
            else None
        )
        references.setdefault(reference.letter_id, []).append((reference, url))

    # A copy's comment is the published comment with the same number and place.
    rows: dict[int, CommentRow] = {}
    by_place: dict[tuple[int, int, int | None], CommentRow] = {}
    for comment in comments:
        if comment.letter_id not in copies:
            row = rows[comment.pk] = CommentRow(comment, answers.get(comment.pk, []))
            by_place[(comment.letter_id, comment.number, comment.position)] = row
    for comment in comments:
        if comment.letter_id in copies:
            published = by_place.get((copies[comment.letter_id], comment.number, comment.position))
            if published is not None:
                rows[comment.pk] = published
                known = {answer.pk for answer in published.answers}
                published.answers += [a for a in answers.get(comment.pk, []) if a.pk not in known]

    organisations = list(organisations_of(user=user))
    shows_work = _add_team_work(organisations, comments, rows, review)
    response_letters: dict[int, list[ResponseLetter]] = {}
    if organisations:
        staff_ids = [letter.pk for letter in every_letter if letter.is_staff_letter]
        rows_visible = workflow_selectors.workflow_rows_visible_to(
            user=user,
            rows=ResponseLetter.objects.filter(staff_letter_id__in=staff_ids).select_related("organisation", "filed_letter"),
        )
        for response_letter in rows_visible.order_by("pk"):
            response_letters.setdefault(copies.get(response_letter.staff_letter_id, response_letter.staff_letter_id), []).append(
                response_letter
            )
        shows_work = shows_work or bool(response_letters)

    blocks = []
    for letter in shown:
        own_rows = [rows[c.pk] for c in comments if c.letter_id == letter.pk and c.pk in rows]
        blocks.append(
            LetterBlock(
                letter=letter,
                edgar_url=_letter_url(letter),
                comments=own_rows,
                responses=responses.get(letter.pk, []),
                references=references.get(letter.pk, []),
                has_private_copy=letter.pk in copies.values(),
                response_letters=response_letters.get(letter.pk, []),
            )
        )
    figures = review_figures(review)
    subject = review.subject_filing
    return ReviewPage(
        review=review,
        figures=figures,
        topics=[topic_label(topic) for topic in figures.topics],
        subject_url=edgar_folder_url(cik=review.company.cik, accession_number=subject.accession_number) if subject else None,
        blocks=blocks,
        organisations=organisations,
        shown_answer_ids={answer.pk for row in rows.values() for answer in row.answers},
        shows_work=shows_work,
    )


def _add_team_work(
    organisations: list[Organisation], comments: list[StaffComment], rows: dict[int, CommentRow], review: Review
) -> bool:
    """Each of the member's organisations' work on the comments; True if there is any to show (an open
    review of theirs, or an owner or draft on one of its comments)."""
    if not organisations or not comments:
        return False
    shows = False
    ids = [comment.pk for comment in comments]
    for organisation in organisations:
        own = review.organisation_id == organisation.pk and review.is_open
        for due in workflow_selectors.comments_due(organisation=organisation, comments=StaffComment.objects.filter(pk__in=ids)):
            row = rows.get(due.comment.pk)
            if row is None:
                continue
            if own or due.assignment is not None or due.draft is not None:
                row.work.append(_team_work(organisation, due))
                shows = True
    return shows


def reviews_of_company(*, user: Any, company_id: int) -> QuerySet[Review]:
    """A company's reviews the user may see, newest first, with the visible letters review_figures reads."""
    letters = (
        selectors.letters_visible_to(user=user).order_by(F("letter_date").asc(nulls_last=True), "pk").defer("text", "emphasis")
    )
    return (
        reviews_visible_to(user=user, reviews=Review.objects.filter(company_id=company_id))
        .select_related("subject_filing")
        .prefetch_related(Prefetch("letters", queryset=letters))
        .order_by(F("opened_on").desc(nulls_last=True), "-pk")
    )
