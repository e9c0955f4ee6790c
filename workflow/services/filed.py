"""Closing the loop: the company's CORRESP appears on EDGAR (or is uploaded), and is matched to the response
letter it came from.

The match is on company, review and the comments it answers: the staff letter it answers (or that letter's
private or public twin) must be the response letter's, and it must answer at least one comment that the
organisation drafted. Each match marks the response letter filed, and its comments responded. Run again,
it changes nothing.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models import Q

from comments.models import Letter, StaffComment
from workflow.models import Draft, ResponseLetter
from workflow.services.roles import history_user_set
from workflow.signals import response_letter_filed


def _twins(letter: Letter | None) -> set[int]:
    if letter is None:
        return set()
    ids = {letter.pk}
    if letter.public_twin_id:
        ids.add(letter.public_twin_id)
    ids |= set(Letter.objects.filter(public_twin_id=letter.pk).values_list("pk", flat=True))
    return ids


def _answered_numbers(letter: Letter) -> tuple[set[int], set[int]]:
    """The comment numbers the company letter answers, and the staff comments it was linked to."""
    rows = list(letter.responses.values_list("number", "comment_id"))
    return {n for n, _ in rows}, {c for _, c in rows if c}


def _candidates(letter: Letter) -> list[ResponseLetter]:
    staff_ids = _twins(letter.responds_to)
    # Only a letter that names no staff letter is matched by its review alone: one that does names its round.
    by_review = Q(staff_letter__review_id=letter.review_id) if letter.review_id and not staff_ids else Q(pk__in=[])
    already = Q(filed_letter_id__in=_twins(letter))
    return list(
        ResponseLetter.objects.select_for_update(of=("self",))
        .filter(staff_letter__company_id=letter.company_id)
        .filter(Q(staff_letter_id__in=staff_ids) | by_review | already)
        .select_related("staff_letter")
        .order_by("pk")
    )


def _answers_drafted_comments(response_letter: ResponseLetter, numbers: set[int], linked: set[int]) -> list[StaffComment]:
    drafted = list(
        StaffComment.objects.filter(
            pk__in=Draft.objects.filter(
                organisation_id=response_letter.organisation_id, comment__letter_id=response_letter.staff_letter_id
            ).values("comment_id")
        )
    )
    twin_letters = _twins(response_letter.staff_letter)
    linked_keys = set(
        StaffComment.objects.filter(pk__in=linked, letter_id__in=twin_letters).values_list("number", "position")
    )
    return [c for c in drafted if c.number in numbers or (c.number, c.position) in linked_keys]


def response_letter_link_filed(*, letter_id: int) -> list[ResponseLetter]:
    """Match a parsed company response to the response letters it came from; returns those matched."""
    letter = Letter.objects.select_related("responds_to", "filing").filter(pk=letter_id).first()
    if letter is None or letter.kind != Letter.Kind.COMPANY_RESPONSE or letter.direction != Letter.Direction.COMPANY:
        return []
    numbers, linked = _answered_numbers(letter)
    matched = []
    with transaction.atomic():
        for response_letter in _candidates(letter):
            answered = _answers_drafted_comments(response_letter, numbers, linked)
            if not answered:
                continue
            current = response_letter.filed_letter
            # The published copy wins over a private upload of the same letter; otherwise the first match stays.
            if current is not None and current.pk != letter.pk and not (current.is_private and not letter.is_private):
                continue
            changed = (response_letter.filed_letter_id, response_letter.status) != (letter.pk, ResponseLetter.Status.FILED)
            if changed:
                response_letter.filed_letter = letter
                response_letter.filed_on = letter.letter_date or (letter.filing.filing_date if letter.filing else None)
                response_letter.status = ResponseLetter.Status.FILED
                history_user_set(response_letter, None).save()
                transaction.on_commit(partial(
                    response_letter_filed.send, sender=ResponseLetter, response_letter_id=response_letter.pk,
                    organisation_id=response_letter.organisation_id, letter_id=letter.pk,
                ))
            # Threading sets the life of the comments it threads; a private copy's comments it leaves alone.
            StaffComment.objects.filter(pk__in=[c.pk for c in answered], status=StaffComment.Status.OPEN).update(
                status=StaffComment.Status.RESPONDED
            )
            matched.append(response_letter)
    return matched
