"""Closing the loop: the company's CORRESP appears on EDGAR (or is uploaded), and is matched to the response
letter it came from.

The match is on company, review round and the comments it answers:
- the same company;
- the staff letter it answers: the one linking found (or that letter's private or public twin), or, since a
  letter on EDGAR never links to one only uploaded privately, the staff letter of the date it names;
- at least one comment the organisation drafted, answered by number and, where the company restated the
  comment, by the same words.
Each match marks the response letter filed, and its comments responded. Run again, it changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial

from django.db import transaction
from django.db.models import Q

from comments.models import Letter, StaffComment
from workflow.models import Draft, ResponseLetter
from workflow.services.roles import history_user_set
from workflow.signals import response_letter_filed


def _twins(letter: Letter | None) -> set[int]:
    """The letter, its public copy and its private copies: one letter, however many rows."""
    if letter is None:
        return set()
    ids = {letter.pk}
    if letter.public_twin_id:
        ids.add(letter.public_twin_id)
    ids |= set(Letter.objects.filter(public_twin_id=letter.pk).values_list("pk", flat=True))
    return ids


def _words(text: str, n: int | None = None) -> str:
    words = re.findall(r"\w+", (text or "").lower())
    return " ".join(words[:n] if n else words)


def _candidates(letter: Letter) -> list[ResponseLetter]:
    staff_ids = _twins(letter.responds_to)
    named = Q(staff_letter__letter_date=letter.responds_to_letter_date) if letter.responds_to_letter_date else Q(pk__in=[])
    already = Q(filed_letter_id__in=_twins(letter))
    return list(
        ResponseLetter.objects.select_for_update(of=("self",))
        .filter(staff_letter__company_id=letter.company_id)
        .filter(Q(staff_letter_id__in=staff_ids) | named | already)
        .select_related("staff_letter")
        .order_by("pk")
    )


def _answered_drafted_comments(
    response_letter: ResponseLetter, answers: Sequence[tuple[int, int | None, str]]
) -> list[StaffComment]:
    """The comments the organisation drafted that the company letter answers."""
    drafted = list(
        StaffComment.objects.filter(
            pk__in=Draft.objects.filter(
                organisation_id=response_letter.organisation_id, comment__letter_id=response_letter.staff_letter_id
            ).values("comment_id")
        )
    )
    linked_ids = {comment_id for _, comment_id, _ in answers if comment_id}
    linked = set(
        StaffComment.objects.filter(pk__in=linked_ids, letter_id__in=_twins(response_letter.staff_letter)).values_list(
            "number", "position"
        )
    )
    out = []
    for comment in drafted:
        opening = _words(comment.text, 12)
        if (comment.number, comment.position) in linked or any(
            number == comment.number and (not restated or opening in restated) for number, _, restated in answers
        ):
            out.append(comment)
    return out


def response_letter_link_filed(*, letter_id: int) -> list[ResponseLetter]:
    """Match a parsed company response to the response letters it came from; returns those matched."""
    letter = Letter.objects.select_related("responds_to", "filing").filter(pk=letter_id).first()
    if letter is None or letter.kind != Letter.Kind.COMPANY_RESPONSE or letter.direction != Letter.Direction.COMPANY:
        return []
    answers = [
        (number, comment_id, _words(restated))
        for number, comment_id, restated in letter.responses.values_list("number", "comment_id", "restated_comment")
    ]
    matched = []
    with transaction.atomic():
        for response_letter in _candidates(letter):
            answered = _answered_drafted_comments(response_letter, answers)
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
                transaction.on_commit(
                    partial(
                        response_letter_filed.send,
                        sender=ResponseLetter,
                        response_letter_id=response_letter.pk,
                        organisation_id=response_letter.organisation_id,
                        letter_id=letter.pk,
                    )
                )
            # Threading sets the life of the comments it threads; a private copy's comments it leaves alone.
            StaffComment.objects.filter(pk__in=[c.pk for c in answered], status=StaffComment.Status.OPEN).update(
                status=StaffComment.Status.RESPONDED
            )
            matched.append(response_letter)
    return matched
