"""Which events happen, once each, and whose channels hear of them: private data only its organisation's,
public letters the organisations watching the company."""

from __future__ import annotations

import pytest

from alerts.models import Delivery, Event, EventKind
from comments.services import letter_parse
from tests.alerts.factories import (
    Team,
    company_make,
    days_ago,
    email_channel,
    private_staff_letter,
    public_letter,
    upload,
    watch,
    webhook_channel,
)
from tests.comments.test_reviews import ANSWERS, FIRST_ROUND, company_response, review_complete, staff_letter
from workflow import services as workflow

pytestmark = pytest.mark.django_db


def heard(channel) -> list[str]:  # noqa: ANN001
    return sorted(Delivery.objects.filter(channel=channel).values_list("event__kind", flat=True))


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what each step queues on commit, as ingestion and intake do outside a test's transaction."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_private_letter_alerts_its_own_organisation_and_no_other(run_on_commit):
    a, b = Team(), Team()
    company = company_make()
    watch(b, company)  # watching the company shows B its public letters, never A's uploads
    a_channel, b_channel = email_channel(a, "a@example.com"), email_channel(b, "b@example.com")
    with run_on_commit():
        private_staff_letter(a, company)
    assert heard(a_channel) == [EventKind.NEW_STAFF_LETTER]
    assert heard(b_channel) == []
    assert Event.objects.get().organisation == a.organisation


def test_a_public_staff_letter_alerts_the_organisations_watching_its_company_only(run_on_commit):
    watcher, other = Team(), Team()
    company = company_make()
    watch(watcher, company)
    watching, not_watching = email_channel(watcher, "w@example.com"), email_channel(other, "o@example.com")
    with run_on_commit():
        letter = public_letter(company, "UPLOAD", staff_letter(days_ago(3), FIRST_ROUND), days_ago(3))
    assert heard(watching) == [EventKind.NEW_STAFF_LETTER]
    assert heard(not_watching) == []
    event = Event.objects.get()
    assert event.organisation is None and event.letter == letter
    assert event.payload["letter"]["accession_number"] == letter.filing.accession_number


def test_a_re_parse_raises_no_second_alert(run_on_commit):
    team = Team()
    company = company_make()
    watch(team, company)
    channel = email_channel(team, "w@example.com")
    with run_on_commit():
        letter = public_letter(company, "UPLOAD", staff_letter(days_ago(3), FIRST_ROUND), days_ago(3))
    with run_on_commit():
        letter_parse(letter=letter, force=True)
    assert Event.objects.count() == 1 and heard(channel) == [EventKind.NEW_STAFF_LETTER]


def test_an_old_letter_parsed_in_a_backfill_raises_nothing(run_on_commit):
    team = Team()
    company = company_make()
    watch(team, company)
    email_channel(team, "w@example.com")
    with run_on_commit():
        public_letter(company, "UPLOAD", staff_letter(days_ago(400), FIRST_ROUND), days_ago(400))
    assert not Event.objects.exists()


def test_nothing_is_stored_while_no_channel_listens(run_on_commit):
    team = Team()
    company = company_make()
    watch(team, company)
    email_channel(team, "w@example.com", events=[EventKind.COMMENT_OVERDUE])
    with run_on_commit():
        public_letter(company, "UPLOAD", staff_letter(days_ago(3), FIRST_ROUND), days_ago(3))
        private_staff_letter(team, company)
    assert not Event.objects.exists() and not Delivery.objects.exists()


def test_a_company_response_and_the_closing_of_the_review_alert_the_watchers(run_on_commit):
    team = Team()
    company = company_make()
    watch(team, company)
    channel = webhook_channel(team, events=[EventKind.NEW_COMPANY_RESPONSE, EventKind.REVIEW_CLOSED])
    with run_on_commit():
        public_letter(company, "UPLOAD", staff_letter(days_ago(20), FIRST_ROUND), days_ago(20))
        public_letter(
            company, "CORRESP", company_response(days_ago(10), days_ago(20), list(zip(FIRST_ROUND, ANSWERS))), days_ago(10)
        )
        done = public_letter(company, "UPLOAD", review_complete(days_ago(2)), days_ago(2))
    assert heard(channel) == [EventKind.NEW_COMPANY_RESPONSE, EventKind.REVIEW_CLOSED]
    closed = Event.objects.get(kind=EventKind.REVIEW_CLOSED)
    assert closed.letter == done and closed.review == done.review
    assert closed.payload["review"]["status"] == "closed"


def test_a_draft_put_up_for_review_alerts_its_organisation_once_per_submission(run_on_commit):
    a, b = Team(), Team()
    a_channel = email_channel(a, "a@example.com", events=[EventKind.DRAFT_AWAITING_APPROVAL])
    b_channel = email_channel(b, "b@example.com", events=[EventKind.DRAFT_AWAITING_APPROVAL])
    comment = private_staff_letter(a).comments.get(number=1)
    draft = workflow.draft_save(user=a.editor, organisation=a.organisation, comment=comment, text="Our answer.")
    with run_on_commit():
        draft = workflow.draft_submit(user=a.editor, draft=draft)
    assert heard(a_channel) == [EventKind.DRAFT_AWAITING_APPROVAL] and heard(b_channel) == []
    event = Event.objects.get()
    assert event.draft == draft and event.payload["draft"]["submitted_by"] == a.editor.username
    with run_on_commit():
        draft = workflow.draft_send_back(user=a.approver, draft=draft)
        draft = workflow.draft_submit(user=a.editor, draft=draft)
    assert heard(a_channel) == [EventKind.DRAFT_AWAITING_APPROVAL] * 2


def test_the_sweep_raises_the_alerts_a_dead_worker_never_raised(sweep):
    team = Team()
    channel = email_channel(team, "team@example.com")
    letter = private_staff_letter(team)  # its on-commit alert task never runs here: as if the worker died
    comment = letter.comments.get(number=1)
    draft = workflow.draft_save(user=team.editor, organisation=team.organisation, comment=comment, text="Our answer.")
    workflow.draft_submit(user=team.editor, draft=draft)
    assert not Event.objects.exists()
    sweep()
    assert heard(channel) == [EventKind.DRAFT_AWAITING_APPROVAL, EventKind.NEW_STAFF_LETTER]
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}
    sweep()
    assert Delivery.objects.count() == 2


def test_the_published_copy_of_a_letter_a_team_uploaded_alerts_only_the_other_watchers(run_on_commit):
    uploader, other = Team(), Team()
    company = company_make()
    watch(uploader, company)
    watch(other, company)
    theirs, others = email_channel(uploader, "u@example.com"), email_channel(other, "o@example.com")
    when = days_ago(4)
    with run_on_commit():
        upload(organisation=uploader.organisation, user=uploader.editor, company=company, text=staff_letter(when, FIRST_ROUND))
    with run_on_commit():
        published = public_letter(company, "UPLOAD", staff_letter(when, FIRST_ROUND), when)
    assert published.private_twins.get().organisation == uploader.organisation
    assert heard(theirs) == [EventKind.NEW_STAFF_LETTER]  # their upload, weeks before EDGAR
    assert heard(others) == [EventKind.NEW_STAFF_LETTER]  # the published letter
    assert Delivery.objects.get(channel=others).event.letter == published
