"""What an organisation has due and when, as the alert sweep will read it; and the Item 1B flag."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from comments.models import StaffComment
from comments.services.deadlines import DueState
from tests.workflow.letters import Team, company_make, extension_request_text, staff_letter_text, upload
from workflow import selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def team() -> Team:
    return Team()


@pytest.fixture
def letter(team):  # noqa: ANN201
    return upload(
        organisation=team.organisation,
        user=team.editor,
        company=company_make(fiscal_year_end="1231"),
        text=staff_letter_text(date(2024, 12, 20)),
    )


def states(team: Team, today: date) -> list[tuple[int, date, str]]:
    return [(r.comment.number, r.due_on, r.state) for r in selectors.comments_due(organisation=team.organisation, today=today)]


def test_every_comment_of_a_private_letter_is_due_ten_business_days_after_it(team, letter):
    assert states(team, date(2025, 1, 2)) == [(n, date(2025, 1, 8), DueState.ON_TRACK) for n in (1, 2, 3)]


def test_due_soon_and_overdue_are_worked_out_as_of_the_day_asked(team, letter):
    assert [r.comment.number for r in selectors.comments_due_soon(organisation=team.organisation, today=date(2025, 1, 6))] == [
        1,
        2,
        3,
    ]
    assert selectors.comments_overdue(organisation=team.organisation, today=date(2025, 1, 6)) == []
    assert [r.comment.number for r in selectors.comments_overdue(organisation=team.organisation, today=date(2025, 1, 9))] == [
        1,
        2,
        3,
    ]


def test_an_assignment_with_its_own_date_is_due_then(team, letter):
    comment = letter.comments.get(number=2)
    services.assignment_set(
        user=team.editor, organisation=team.organisation, comment=comment, owner=team.editor, due_on=date(2025, 1, 3)
    )
    assert states(team, date(2025, 1, 6))[1] == (2, date(2025, 1, 3), DueState.OVERDUE)


def test_an_extension_the_team_entered_moves_every_comment(team, letter):
    services.extension_enter(
        user=team.editor,
        organisation=team.organisation,
        staff_letter=letter,
        until=date(2025, 1, 22),
        reason="Agreed with the staff accountant by phone on 2025-01-06.",
    )
    assert {due for _, due, _ in states(team, date(2025, 1, 9))} == {date(2025, 1, 22)}


def test_an_extension_of_days_counts_business_days_from_the_current_due_date(team, letter):
    services.extension_enter(
        user=team.editor,
        organisation=team.organisation,
        staff_letter=letter,
        days=10,
        reason="The staff agreed to ten more business days.",
    )
    assert {due for _, due, _ in states(team, date(2025, 1, 9))} == {date(2025, 1, 24)}


def test_an_extension_needs_a_reason_and_must_move_the_date_later(team, letter):
    with pytest.raises(ValidationError):
        services.extension_enter(
            user=team.editor, organisation=team.organisation, staff_letter=letter, until=date(2025, 1, 22), reason=" "
        )
    with pytest.raises(ValidationError, match="already due on 2025-01-08"):
        services.extension_enter(
            user=team.editor, organisation=team.organisation, staff_letter=letter, until=date(2025, 1, 7), reason="Why not."
        )
    with pytest.raises(PermissionDenied):
        services.extension_enter(
            user=team.viewer, organisation=team.organisation, staff_letter=letter, until=date(2025, 1, 22), reason="Agreed."
        )


def test_an_extension_request_the_team_uploaded_moves_the_due_date(team, letter):
    upload(
        organisation=team.organisation,
        user=team.editor,
        company=letter.company,
        text=extension_request_text(date(2024, 12, 30), date(2024, 12, 20), date(2025, 1, 17)),
        form_type="CORRESP",
    )
    assert {due for _, due, _ in states(team, date(2025, 1, 9))} == {date(2025, 1, 17)}


def test_another_organisations_extension_moves_nothing_here(team, letter):
    other = Team()
    upload(
        organisation=other.organisation,
        user=other.editor,
        company=letter.company,
        text=extension_request_text(date(2024, 12, 30), date(2024, 12, 20), date(2025, 1, 17)),
        form_type="CORRESP",
    )
    assert {due for _, due, _ in states(team, date(2025, 1, 9))} == {date(2025, 1, 8)}


def test_drafts_awaiting_approval_are_those_in_review(team, letter):
    first, second = letter.comments.order_by("position")[:2]
    submitted = services.draft_submit(
        user=team.editor,
        draft=services.draft_save(user=team.editor, organisation=team.organisation, comment=first, text="An answer."),
    )
    services.draft_save(user=team.editor, organisation=team.organisation, comment=second, text="Not yet.")
    assert list(selectors.drafts_awaiting_approval(organisation=team.organisation)) == [submitted]


# --- Form 10-K Item 1B ---------------------------------------------------------------------------------


def test_item_1b_flags_an_unresolved_comment_of_an_accelerated_filer_once_180_days_pass(team, letter):
    services.filer_status_set(user=team.admin, organisation=team.organisation, company=letter.company, category="accelerated")

    assert selectors.item_1b_comments(organisation=team.organisation, today=date(2025, 6, 17)) == []
    flagged = selectors.item_1b_comments(organisation=team.organisation, today=date(2025, 6, 18))

    assert [f.comment.number for f in flagged] == [1, 2, 3]
    assert (flagged[0].mark.flag_on, flagged[0].mark.fiscal_year_end) == (date(2025, 6, 18), date(2025, 12, 31))


def test_item_1b_leaves_out_non_accelerated_filers_unless_well_known_seasoned_issuers(team, letter):
    services.filer_status_set(user=team.admin, organisation=team.organisation, company=letter.company, category="non_accelerated")
    assert selectors.item_1b_comments(organisation=team.organisation, today=date(2025, 7, 1)) == []
    services.filer_status_set(
        user=team.admin,
        organisation=team.organisation,
        company=letter.company,
        category="non_accelerated",
        well_known_seasoned_issuer=True,
    )
    assert len(selectors.item_1b_comments(organisation=team.organisation, today=date(2025, 7, 1))) == 3


def test_item_1b_leaves_out_resolved_comments(team, letter):
    services.filer_status_set(
        user=team.admin, organisation=team.organisation, company=letter.company, category="large_accelerated"
    )
    StaffComment.objects.filter(letter=letter, number=1).update(status=StaffComment.Status.RESOLVED)
    assert [f.comment.number for f in selectors.item_1b_comments(organisation=team.organisation, today=date(2025, 7, 1))] == [
        2,
        3,
    ]


def test_only_an_admin_sets_a_filer_status(team, letter):
    with pytest.raises(PermissionDenied):
        services.filer_status_set(
            user=team.approver, organisation=team.organisation, company=letter.company, category="accelerated"
        )
