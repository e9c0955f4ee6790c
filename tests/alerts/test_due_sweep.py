"""Due-soon and overdue, found by the beat sweep: once per comment and due date, for its organisation only.

The staff letter is dated 2024-12-20, so its answer is due 2025-01-08 (ten business days, skipping
Christmas and New Year's Day); due soon is three business days or fewer before that.
"""

from __future__ import annotations

from datetime import date

import pytest

from alerts import services
from alerts.models import Delivery, Event, EventKind
from alerts.tasks import deliveries_queue
from comments.models import StaffComment
from tests.alerts.factories import Team, company_make, email_channel, private_staff_letter
from workflow import services as workflow

pytestmark = pytest.mark.django_db

LETTER_DATE = date(2024, 12, 20)
DUE = date(2025, 1, 8)


@pytest.fixture
def sweep_on(django_capture_on_commit_callbacks):
    """The sweep as it runs on a given day, with what it queues sent."""

    def run(today: date) -> list[Event]:
        before = set(Event.objects.values_list("pk", flat=True))
        with django_capture_on_commit_callbacks(execute=True):
            deliveries_queue(services.alerts_sweep(today=today).to_send)
        return list(Event.objects.exclude(pk__in=before).order_by("comment__number"))

    return run


@pytest.fixture
def team_with_letter():  # noqa: ANN201
    team = Team()
    letter = private_staff_letter(team, company_make(), when=LETTER_DATE)
    return team, letter


def test_the_sweep_alerts_each_comment_due_soon_once_per_due_date(team_with_letter, sweep_on):
    team, letter = team_with_letter
    channel = email_channel(team, "team@example.com", events=[EventKind.COMMENT_DUE_SOON])
    assert sweep_on(date(2025, 1, 2)) == []  # four business days to go
    raised = sweep_on(date(2025, 1, 6))
    assert [(e.kind, e.comment.number, e.due_on) for e in raised] == [(EventKind.COMMENT_DUE_SOON, n, DUE) for n in (1, 2, 3)]
    assert all(e.organisation == team.organisation for e in raised)
    assert sweep_on(date(2025, 1, 6)) == [] and sweep_on(date(2025, 1, 7)) == []
    assert Delivery.objects.filter(channel=channel, status=Delivery.Status.SENT).count() == 3
    # An extension moves the due date: the same comments are due soon again, once, before the new date.
    workflow.extension_enter(
        user=team.editor,
        organisation=team.organisation,
        staff_letter=letter,
        until=date(2025, 1, 21),
        reason="agreed with the staff by phone",
    )
    assert sweep_on(date(2025, 1, 8)) == []
    again = sweep_on(date(2025, 1, 16))
    assert [(e.comment.number, e.due_on) for e in again] == [(n, date(2025, 1, 21)) for n in (1, 2, 3)]
    assert sweep_on(date(2025, 1, 17)) == []


def test_the_sweep_alerts_each_unanswered_comment_overdue_once(team_with_letter, sweep_on):
    team, letter = team_with_letter
    email_channel(team, "team@example.com", events=[EventKind.COMMENT_OVERDUE])
    StaffComment.objects.filter(letter=letter, number=3).update(status=StaffComment.Status.RESPONDED)
    assert sweep_on(DUE) == []  # due today is not late
    raised = sweep_on(date(2025, 1, 9))
    assert [(e.kind, e.comment.number) for e in raised] == [(EventKind.COMMENT_OVERDUE, 1), (EventKind.COMMENT_OVERDUE, 2)]
    assert sweep_on(date(2025, 1, 10)) == [] and sweep_on(date(2025, 2, 3)) == []
    assert raised[0].payload["due_on"] == "2025-01-08"


def test_an_organisation_hears_nothing_of_another_organisations_due_dates(team_with_letter, sweep_on):
    team, _ = team_with_letter
    other = Team()
    theirs = email_channel(other, "other@example.com", events=[EventKind.COMMENT_DUE_SOON, EventKind.COMMENT_OVERDUE])
    ours = email_channel(team, "team@example.com", events=[EventKind.COMMENT_OVERDUE])
    sweep_on(date(2025, 1, 6))
    sweep_on(date(2025, 1, 9))
    assert not Delivery.objects.filter(channel=theirs).exists()
    assert Delivery.objects.filter(channel=ours).count() == 3
