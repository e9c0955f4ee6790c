"""The company's CORRESP appears on EDGAR: it is matched to the response letter it came from, its comments
become responded, and the team sees what was filed against what was approved."""

from __future__ import annotations

from datetime import date

import pytest

from comments.models import Letter, StaffComment
from filings.extraction import extract_text
from tests.comments.test_reviews import store
from tests.workflow.letters import Team, company_make, staff_letter_text, upload
from tests.workflow.test_response_letter import ANSWERS, answered, generate
from workflow import selectors, services
from workflow.models import ResponseLetter
from workflow.signals import response_letter_filed

pytestmark = pytest.mark.django_db


@pytest.fixture
def team() -> Team:
    return Team()


def filed_html(team: Team, response_letter: ResponseLetter, *, edit: tuple[str, str] | None = None) -> str:
    """The generated letter as the company files it: its text, as EDGAR's HTML document is read."""
    html = generate(team, response_letter, file_format="html", today=date(2025, 1, 7)).data.decode()
    html = html.replace(*edit) if edit else html
    return extract_text(html.encode(), filename="filename1.htm", doc_type="CORRESP").text


def file_on_edgar(django_capture_on_commit_callbacks, response_letter: ResponseLetter, html: str) -> Letter:
    """The CORRESP as ingestion stores it, with the on-commit steps (parse, letter_parsed, workflow) run."""
    with django_capture_on_commit_callbacks(execute=True):
        return store(response_letter.staff_letter.company, "CORRESP", html, date(2025, 1, 7))


def test_the_filed_corresp_links_to_its_response_letter_and_the_comments_become_responded(
    team, django_capture_on_commit_callbacks
):
    response_letter = answered(team)
    announced = []
    response_letter_filed.connect(lambda sender, **kw: announced.append(kw), weak=False, dispatch_uid="test-filed")
    try:
        filed = file_on_edgar(django_capture_on_commit_callbacks, response_letter, filed_html(team, response_letter))
    finally:
        response_letter_filed.disconnect(dispatch_uid="test-filed")

    response_letter.refresh_from_db()
    assert (response_letter.status, response_letter.filed_letter_id, response_letter.filed_on) == (
        ResponseLetter.Status.FILED,
        filed.pk,
        date(2025, 1, 7),
    )
    statuses = set(StaffComment.objects.filter(letter=response_letter.staff_letter).values_list("status", flat=True))
    assert statuses == {StaffComment.Status.RESPONDED}
    assert announced == [
        {
            "response_letter_id": response_letter.pk,
            "organisation_id": team.organisation.pk,
            "letter_id": filed.pk,
            "signal": response_letter_filed,
        }
    ]


def test_the_team_sees_where_the_filed_text_differs_from_the_approved(team, django_capture_on_commit_callbacks):
    response_letter = answered(team)
    edit = ("In future filings we will disclose the amounts", "In future filings we will disclose, by facility, the amounts")
    file_on_edgar(django_capture_on_commit_callbacks, response_letter, filed_html(team, response_letter, edit=edit))
    response_letter.refresh_from_db()

    differences = selectors.response_letter_differences(response_letter=response_letter)

    assert [(d.comment_number, d.same) for d in differences] == [(1, True), (2, True), (3, False)]
    changed = differences[2]
    assert changed.approved == ANSWERS[2]
    assert ("delete", "disclose") in changed.diff and ("insert", "disclose, by facility,") in changed.diff


def test_a_corresp_answering_another_staff_letter_is_not_linked(team, django_capture_on_commit_callbacks):
    response_letter = answered(team)
    html = filed_html(team, response_letter).replace("December 20, 2024", "November 15, 2024")
    other = upload(
        organisation=team.organisation,
        user=team.editor,
        company=response_letter.staff_letter.company,
        text=staff_letter_text(date(2024, 11, 15)),
    )
    services.response_letter_for(user=team.editor, organisation=team.organisation, staff_letter=other)

    file_on_edgar(django_capture_on_commit_callbacks, response_letter, html)

    response_letter.refresh_from_db()
    assert response_letter.status == ResponseLetter.Status.FINAL and response_letter.filed_letter is None
    # The other letter's round has no drafts: the filed answers are to nothing the team drafted there.
    assert ResponseLetter.objects.get(staff_letter=other).filed_letter is None


def test_a_corresp_of_another_company_is_not_linked(team, django_capture_on_commit_callbacks):
    response_letter = answered(team)
    with django_capture_on_commit_callbacks(execute=True):
        store(company_make(), "CORRESP", filed_html(team, response_letter), date(2025, 1, 7))
    response_letter.refresh_from_db()
    assert response_letter.filed_letter is None


def test_linking_again_changes_nothing(team, django_capture_on_commit_callbacks):
    response_letter = answered(team)
    filed = file_on_edgar(django_capture_on_commit_callbacks, response_letter, filed_html(team, response_letter))
    versions = ResponseLetter.objects.get().history.count()

    assert services.response_letter_link_filed(letter_id=filed.pk) == [ResponseLetter.objects.get()]
    assert ResponseLetter.objects.get().history.count() == versions


def test_a_corresp_on_edgar_answers_the_private_letter_it_names_by_date_for_its_deadline(
    team, django_capture_on_commit_callbacks
):
    response_letter = answered(team)
    file_on_edgar(django_capture_on_commit_callbacks, response_letter, filed_html(team, response_letter))
    staff = response_letter.staff_letter
    deadline = selectors.organisation_letter_deadlines(organisation=team.organisation, letters=[staff])[staff.pk]
    assert (deadline.response_due, deadline.responded_on, deadline.answered_late) == (date(2025, 1, 8), date(2025, 1, 7), False)


def test_it_links_through_the_published_copy_of_the_staff_letter(team, django_capture_on_commit_callbacks):
    response_letter = answered(team)
    staff = response_letter.staff_letter
    with django_capture_on_commit_callbacks(execute=True):
        published = store(staff.company, "UPLOAD", staff.text, date(2024, 12, 20))
    assert Letter.objects.get(pk=staff.pk).public_twin_id == published.pk

    filed = file_on_edgar(django_capture_on_commit_callbacks, response_letter, filed_html(team, response_letter))

    assert filed.responds_to_id == published.pk
    response_letter.refresh_from_db()
    assert (response_letter.status, response_letter.filed_letter_id) == (ResponseLetter.Status.FILED, filed.pk)
