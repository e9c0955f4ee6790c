"""Assignments, drafts and approval on a private staff letter: roles, the four-eyes rule, history, re-parses."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from comments.models import Letter, StaffComment
from comments.services import letter_parse, reviews_thread_all
from teams.models import Role
from tests.workflow.letters import COMMENTS, Team, company_make, member_make, organisation_make, staff_letter_text, upload
from workflow import services
from workflow.models import Assignment, Draft, Note, ResponseLetter

pytestmark = pytest.mark.django_db


@pytest.fixture
def team() -> Team:
    return Team()


@pytest.fixture
def letter(team) -> Letter:
    return upload(
        organisation=team.organisation, user=team.editor, company=company_make(), text=staff_letter_text(date(2024, 12, 20))
    )


@pytest.fixture
def comment(letter) -> StaffComment:
    return letter.comments.get(number=1)


def in_review(team: Team, comment: StaffComment, *, writer=None, text: str = "We will revise the discussion.") -> Draft:  # noqa: ANN001
    draft = services.draft_save(user=writer or team.editor, organisation=team.organisation, comment=comment, text=text)
    return services.draft_submit(user=writer or team.editor, draft=draft)


def test_an_editor_assigns_a_comment_to_an_editor_with_its_own_due_date(team, comment):
    assignment = services.assignment_set(
        user=team.editor, organisation=team.organisation, comment=comment, owner=team.other_editor, due_on=date(2025, 1, 6)
    )
    assert (assignment.owner, assignment.due_on, assignment.assigned_by) == (team.other_editor, date(2025, 1, 6), team.editor)


@pytest.mark.parametrize("role", ["viewer"])
def test_a_viewer_may_not_assign_draft_or_write_notes(team, comment, role):
    with pytest.raises(PermissionDenied):
        services.assignment_set(user=team.viewer, organisation=team.organisation, comment=comment, owner=team.editor)
    with pytest.raises(PermissionDenied):
        services.draft_save(user=team.viewer, organisation=team.organisation, comment=comment, text="An answer.")
    with pytest.raises(PermissionDenied):
        services.note_add(user=team.viewer, organisation=team.organisation, comment=comment, text="A thought.")
    assert not Assignment.objects.exists() and not Draft.objects.exists() and not Note.objects.exists()


def test_an_owner_must_be_able_to_draft(team, comment):
    with pytest.raises(ValidationError):
        services.assignment_set(user=team.editor, organisation=team.organisation, comment=comment, owner=team.viewer)


def test_an_approver_approves_a_draft_in_review(team, comment):
    draft = in_review(team, comment)
    approved = services.draft_approve(user=team.approver, draft=draft, revision=draft.revision)
    assert (approved.status, approved.approved_by) == (Draft.Status.APPROVED, team.approver)


def test_an_editor_may_not_approve(team, comment):
    draft = in_review(team, comment)
    with pytest.raises(PermissionDenied):
        services.draft_approve(user=team.other_editor, draft=draft, revision=draft.revision)


def test_the_author_may_not_approve_their_own_draft_even_as_an_approver(team, comment):
    draft = in_review(team, comment, writer=team.approver)
    with pytest.raises(PermissionDenied, match="author"):
        services.draft_approve(user=team.approver, draft=draft, revision=draft.revision)
    assert services.draft_approve(user=team.other_approver, draft=draft, revision=draft.revision).status == Draft.Status.APPROVED


def test_whoever_wrote_an_earlier_version_may_not_approve_either(team, comment):
    services.draft_save(user=team.approver, organisation=team.organisation, comment=comment, text="First words.")
    draft = in_review(team, comment, text="Better words.")
    assert services.draft_writers(draft=draft) == {team.approver.pk, team.editor.pk}
    with pytest.raises(PermissionDenied):
        services.draft_approve(user=team.approver, draft=draft, revision=draft.revision)


def test_an_approval_of_a_revision_since_rewritten_is_refused(team, comment):
    draft = in_review(team, comment)
    read = draft.revision
    rewritten = in_review(team, comment, text="We will revise the discussion, and quantify each factor.")
    with pytest.raises(ValidationError, match="changed since you read it"):
        services.draft_approve(user=team.approver, draft=rewritten, revision=read)


def test_a_draft_must_be_in_review_to_be_approved(team, comment):
    draft = services.draft_save(user=team.editor, organisation=team.organisation, comment=comment, text="An answer.")
    with pytest.raises(ValidationError, match="not in review"):
        services.draft_approve(user=team.approver, draft=draft, revision=draft.revision)


def test_changing_an_approved_draft_sends_it_and_its_final_letter_back(team, letter):
    for comment in letter.comments.all():
        draft = in_review(team, comment)
        services.draft_approve(user=team.approver, draft=draft, revision=draft.revision)
    response_letter = services.response_letter_for(user=team.editor, organisation=team.organisation, staff_letter=letter)
    services.response_letter_generate(user=team.editor, response_letter=response_letter, final=True)
    assert ResponseLetter.objects.get().status == ResponseLetter.Status.FINAL

    draft = services.draft_save(
        user=team.editor, organisation=team.organisation, comment=letter.comments.get(number=2), text="New words."
    )

    assert draft.status == Draft.Status.DRAFT and draft.approved_by is None
    assert ResponseLetter.objects.get().status == ResponseLetter.Status.DRAFTING


def test_saving_the_same_text_again_is_no_new_revision(team, comment):
    first = services.draft_save(user=team.editor, organisation=team.organisation, comment=comment, text="An answer.")
    again = services.draft_save(user=team.other_editor, organisation=team.organisation, comment=comment, text="An answer.")
    assert (again.revision, again.written_by) == (first.revision, team.editor)


def test_a_draft_keeps_its_history_who_when_and_what(team, comment):
    draft = in_review(team, comment, text="First words.")
    services.draft_approve(user=team.approver, draft=draft, revision=draft.revision)
    services.draft_save(user=team.other_editor, organisation=team.organisation, comment=comment, text="Second words.")

    history = list(Draft.objects.get(pk=draft.pk).history.order_by("history_date", "history_id"))

    assert [(h.history_user, h.status, h.text) for h in history] == [
        (team.editor, "draft", "First words."),
        (team.editor, "in_review", "First words."),
        (team.approver, "approved", "First words."),
        (team.other_editor, "draft", "Second words."),
    ]
    assert all(h.history_date for h in history)
    changed = history[-1].diff_against(history[-2])
    assert {"text", "status"} <= set(changed.changed_fields)


def test_an_assignment_keeps_its_history(team, comment):
    services.assignment_set(user=team.editor, organisation=team.organisation, comment=comment, owner=team.editor)
    services.assignment_set(user=team.admin, organisation=team.organisation, comment=comment, owner=team.other_editor)
    history = list(Assignment.objects.get().history.order_by("history_date", "history_id"))
    assert [(h.history_user, h.owner) for h in history] == [(team.editor, team.editor), (team.admin, team.other_editor)]


def test_another_organisation_may_not_work_on_a_private_letter(comment):
    outsiders = organisation_make("Another firm")
    editor = member_make(outsiders, Role.EDITOR)
    with pytest.raises(PermissionDenied):
        services.draft_save(user=editor, organisation=outsiders, comment=comment, text="Not ours to answer.")


def test_a_member_of_one_organisation_may_not_act_for_another(team, comment):
    with pytest.raises(PermissionDenied):
        services.draft_save(user=team.editor, organisation=organisation_make(), comment=comment, text="An answer.")


def test_a_reparse_keeps_the_workflow_rows_on_the_same_comments(team, letter):
    comment = letter.comments.get(number=2)
    draft = in_review(team, comment)
    services.assignment_set(user=team.editor, organisation=team.organisation, comment=comment, owner=team.editor)

    letter_parse(letter=letter, force=True)
    reviews_thread_all()

    assert Draft.objects.get(pk=draft.pk).comment_id == comment.pk
    assert StaffComment.objects.get(pk=comment.pk).in_latest_parse
    assert Assignment.objects.get().comment_id == comment.pk


def test_a_comment_the_reparse_no_longer_finds_keeps_its_draft(team, letter):
    comment = letter.comments.get(number=3)
    draft = in_review(team, comment)
    letter.text = staff_letter_text(date(2024, 12, 20), COMMENTS[:2])
    letter.save(update_fields=["text"])

    letter_parse(letter=letter, force=True)

    kept = StaffComment.objects.get(pk=comment.pk)
    assert (kept.in_latest_parse, Draft.objects.get(pk=draft.pk).comment_id) == (False, comment.pk)
