"""Assignments, drafts and their approval, and internal notes, on the staff comments of a live review.

Roles (teams.Role): an editor assigns, drafts, submits for review and writes notes; an approver approves or
sends back, and never a draft any version of whose text they wrote. Every change of a draft takes its row
with select_for_update inside the transaction, so an approval and an edit of the same draft are
serialised: an approval only ever stands for the text it was given (the `revision` the approver read).
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from comments.models import CompanyResponse, Letter, StaffComment
from teams.models import Organisation, Role
from teams.selectors import has_role
from workflow.models import Assignment, Draft, Note, ResponseLetter
from workflow.services.roles import history_user_set, role_require
from workflow.signals import draft_approved, draft_submitted


def comment_workable_check(*, comment: StaffComment, organisation: Organisation) -> None:
    """Refuse work on a comment the organisation may not answer: only comments of staff comment letters that
    are public or the organisation's own private letters, as the latest parse found them."""
    letter = comment.letter
    if letter.kind != Letter.Kind.STAFF_COMMENT_LETTER:
        raise ValidationError("only the comments of a staff comment letter are answered", code="not_a_comment_letter")
    if letter.is_private and letter.organisation_id != organisation.pk:
        # Said as "not found": another organisation's private letter does not exist for this one.
        raise PermissionDenied("no such comment")
    if not comment.in_latest_parse:
        raise ValidationError("the latest parse of the letter no longer finds this comment", code="comment_gone")


def assignment_set(
    *, user: Any, organisation: Organisation, comment: StaffComment, owner: Any, due_on: date | None = None
) -> Assignment:
    """Give a comment to an owner (an editor or above of the organisation), with the team's own due date."""
    role_require(user=user, organisation=organisation, at_least=Role.EDITOR, doing="assign comments")
    comment_workable_check(comment=comment, organisation=organisation)
    if owner is not None and not has_role(user=owner, organisation=organisation, at_least=Role.EDITOR):
        raise ValidationError(f"{owner} is not an editor (or a higher role) of {organisation}", code="owner_not_editor")
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().filter(organisation=organisation, comment=comment).first()
        assignment = assignment or Assignment(organisation=organisation, comment=comment)
        assignment.owner, assignment.due_on, assignment.assigned_by = owner, due_on, user
        history_user_set(assignment, user).save()
    return assignment


def _draft_locked(organisation: Organisation, comment: StaffComment) -> tuple[Draft, bool]:
    """The draft row, locked until the transaction ends; made (unsaved) when there is none yet."""
    draft = Draft.objects.select_for_update().filter(organisation=organisation, comment=comment).first()
    return (draft, False) if draft else (Draft(organisation=organisation, comment=comment, revision=0), True)


def _response_letter_reopen(draft: Draft) -> None:
    # A letter generated as final no longer says what the drafts say: it must be generated again.
    for letter in ResponseLetter.objects.select_for_update().filter(
        organisation_id=draft.organisation_id, staff_letter_id=draft.comment.letter_id, status=ResponseLetter.Status.FINAL
    ):
        letter.status = ResponseLetter.Status.DRAFTING
        history_user_set(letter, getattr(draft, "_history_user", None)).save(update_fields=["status", "updated_at"])


def draft_save(*, user: Any, organisation: Organisation, comment: StaffComment, text: str, answer_type: str = "") -> Draft:
    """Write the organisation's answer to a comment. A changed text or answer type is a new revision, back in draft."""
    role_require(user=user, organisation=organisation, at_least=Role.EDITOR, doing="write draft answers")
    comment_workable_check(comment=comment, organisation=organisation)
    if answer_type and answer_type not in CompanyResponse.AnswerType.values:
        raise ValidationError(
            f"answer type must be one of {', '.join(CompanyResponse.AnswerType.values)}", code="bad_answer_type"
        )
    text = text.strip()
    for attempt in range(2):
        try:
            with transaction.atomic():
                draft, new = _draft_locked(organisation, comment)
                if not new and (draft.text, draft.answer_type) == (text, answer_type):
                    return draft
                was_approved = draft.status == Draft.Status.APPROVED
                draft.text, draft.answer_type = text, answer_type
                draft.revision += 1
                draft.status = Draft.Status.DRAFT
                draft.written_by = user
                draft.submitted_by = draft.submitted_at = draft.approved_by = draft.approved_at = None
                history_user_set(draft, user).save()
                if was_approved:
                    _response_letter_reopen(draft)
                return draft
        except IntegrityError:
            # Two first drafts of one comment at once: the other was stored first; edit that one.
            if attempt:
                raise
    raise AssertionError("unreachable")


def _locked(draft: Draft) -> Draft:
    return Draft.objects.select_for_update().select_related("comment__letter", "organisation").get(pk=draft.pk)


def draft_submit(*, user: Any, draft: Draft) -> Draft:
    """Put a draft up for approval."""
    role_require(user=user, organisation=draft.organisation, at_least=Role.EDITOR, doing="submit drafts for review")
    with transaction.atomic():
        draft = _locked(draft)
        if draft.status != Draft.Status.DRAFT:
            raise ValidationError(f"the draft is {draft.get_status_display().lower()}, not a draft", code="not_a_draft")
        if not draft.text:
            raise ValidationError("an empty draft cannot be reviewed", code="empty_draft")
        draft.status = Draft.Status.IN_REVIEW
        draft.submitted_by, draft.submitted_at = user, timezone.now()
        history_user_set(draft, user).save()
        transaction.on_commit(
            partial(draft_submitted.send, sender=Draft, draft_id=draft.pk, organisation_id=draft.organisation_id)
        )
    return draft


def draft_writers(*, draft: Draft) -> set[int]:
    """Everyone who wrote a version of the draft's text, from its history."""
    writers = set(draft.history.exclude(written_by__isnull=True).values_list("written_by_id", flat=True))
    return writers | ({draft.written_by_id} if draft.written_by_id else set())


def draft_approve(*, user: Any, draft: Draft, revision: int) -> Draft:
    """Approve the revision of a draft the approver read. Refused to anyone who wrote any version of it, and
    when the text changed since (another revision) or the draft is not in review."""
    role_require(user=user, organisation=draft.organisation, at_least=Role.APPROVER, doing="approve drafts")
    with transaction.atomic():
        draft = _locked(draft)
        if user.pk in draft_writers(draft=draft):
            raise PermissionDenied("a draft's author cannot approve it: another approver must")
        if draft.status != Draft.Status.IN_REVIEW:
            raise ValidationError(f"the draft is {draft.get_status_display().lower()}, not in review", code="not_in_review")
        if draft.revision != revision:
            raise ValidationError(
                f"the draft changed since you read it (revision {draft.revision}, not {revision}): read it again",
                code="stale_revision",
            )
        draft.status = Draft.Status.APPROVED
        draft.approved_by, draft.approved_at = user, timezone.now()
        history_user_set(draft, user).save()
        transaction.on_commit(
            partial(draft_approved.send, sender=Draft, draft_id=draft.pk, organisation_id=draft.organisation_id)
        )
    return draft


def draft_send_back(*, user: Any, draft: Draft) -> Draft:
    """An approver returns a draft in review (or approved) to its writers."""
    role_require(user=user, organisation=draft.organisation, at_least=Role.APPROVER, doing="send drafts back")
    with transaction.atomic():
        draft = _locked(draft)
        if draft.status == Draft.Status.DRAFT:
            raise ValidationError("the draft is already a draft", code="not_in_review")
        was_approved = draft.status == Draft.Status.APPROVED
        draft.status = Draft.Status.DRAFT
        draft.submitted_by = draft.submitted_at = draft.approved_by = draft.approved_at = None
        history_user_set(draft, user).save()
        if was_approved:
            _response_letter_reopen(draft)
    return draft


def note_add(*, user: Any, organisation: Organisation, comment: StaffComment, text: str) -> Note:
    """An internal note on a comment, for the team; never exported to the response letter."""
    role_require(user=user, organisation=organisation, at_least=Role.EDITOR, doing="write notes")
    comment_workable_check(comment=comment, organisation=organisation)
    if not text.strip():
        raise ValidationError("a note needs some text", code="empty_note")
    return Note.objects.create(organisation=organisation, comment=comment, author=user, text=text.strip())
