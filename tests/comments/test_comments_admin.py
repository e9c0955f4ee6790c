from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from comments.models import Letter
from comments.services import letter_store_parsed, response_link
from teams.models import Organisation
from tests.comments.factories import (
    STAFF_LETTER,
    Comment,
    Parsed,
    Response,
    all_acknowledged,
    company_make,
    filing_make,
    letter_make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "x")
    client.force_login(user)
    return client


@pytest.fixture
def thread():
    company = company_make(cik=4_444_444, name="Road Runner Supply Co")
    filing = filing_make(company=company, form_type="CORRESP", accession_number="0004444444-15-000007")
    staff = letter_store_parsed(
        letter=letter_make(company=company),
        parsed=Parsed(
            letter_date=date(2015, 2, 10),
            topics=["revenue_recognition"],
            comments=[
                Comment(1, text="Please quantify the <b>price</b> effect."),
                Comment(2, text="Tell us about control."),
            ],
        ),
    )
    answer = letter_store_parsed(
        letter=letter_make(company=company, form_type="CORRESP", filing=filing),
        parsed=Parsed(
            kind="company_response",
            letter_date=date(2015, 3, 2),
            responds_to_letter_date=date(2015, 2, 10),
            responses=[Response(1, text="It added $12 million.", commitment=True), Response(2, text="On delivery.")],
            acknowledgements=all_acknowledged(False),
        ),
    )
    response_link(letter=answer)
    return staff, answer


FILTERS = [
    {},
    {"kind": "company_response"},
    {"commitment": "yes"},
    {"commitment": "no"},
    {"missing_ack": "yes"},
    {"missing_ack": "no"},
    {"topic": "revenue_recognition"},
    {"q": "Road Runner"},
    {"q": "4444444"},
    {"q": "0004444444-15-000007"},
]


@pytest.mark.parametrize("params", FILTERS, ids=[str(p) for p in FILTERS])
def test_it_renders_the_letter_changelist_with_each_filter(admin_client, thread, params):
    response = admin_client.get("/admin/comments/letter/", params)
    assert response.status_code == 200


def test_it_narrows_the_changelist_to_letters_missing_required_acknowledgements(admin_client, thread):
    response = admin_client.get("/admin/comments/letter/", {"missing_ack": "yes"})
    assert list(response.context["cl"].result_list) == [thread[1]]


def test_it_finds_a_letter_by_accession_number(admin_client, thread):
    response = admin_client.get("/admin/comments/letter/", {"q": "0004444444-15-000007"})
    assert list(response.context["cl"].result_list) == [thread[1]]


def test_it_shows_comments_and_responses_side_by_side_on_the_staff_letter(admin_client, thread):
    staff, _ = thread
    page = admin_client.get(f"/admin/comments/letter/{staff.pk}/change/").content.decode()
    row = page[page.index('class="side-by-side"') :]
    assert row.index("Tell us about control.") < row.index("On delivery.")
    assert "Please quantify the &lt;b&gt;price&lt;/b&gt; effect." in row  # escaped, not markup


def test_it_shows_each_response_beside_the_comment_it_answers_on_the_company_letter(admin_client, thread):
    _, answer = thread
    page = admin_client.get(f"/admin/comments/letter/{answer.pk}/change/").content.decode()
    row = page[page.index('class="side-by-side"') :]
    assert row.index("Tell us about control.") < row.index("On delivery.") < row.index("</table>")


def test_it_reparses_the_selected_letters_from_the_admin_action(admin_client):
    letter = letter_make(company=company_make(), is_private=True, text=STAFF_LETTER)
    response = admin_client.post(
        "/admin/comments/letter/", {"action": "reparse_selected", "_selected_action": [letter.pk]}, follow=True
    )
    assert response.status_code == 200
    assert Letter.objects.get(pk=letter.pk).parse_status == Letter.ParseStatus.PARSED


def test_it_takes_a_private_letter_through_the_admin_add_form(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    organisation = Organisation.objects.create(name="Acme reporting", slug="acme-reporting")
    company = company_make()
    response = admin_client.post(
        "/admin/comments/letter/add/",
        {
            "organisation": organisation.pk,
            "company": company.pk,
            "form_type": "UPLOAD",
            "file": SimpleUploadedFile("letter.txt", STAFF_LETTER.encode()),
        },
    )
    letter = Letter.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{letter.pk}/change/")
    assert letter.is_private


def test_it_shows_why_the_admin_add_form_rejected_a_file(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    organisation = Organisation.objects.create(name="Acme reporting", slug="acme-reporting")
    company = company_make()
    response = admin_client.post(
        "/admin/comments/letter/add/",
        {
            "organisation": organisation.pk,
            "company": company.pk,
            "form_type": "UPLOAD",
            "file": SimpleUploadedFile("letter.txt", b"%PDF-1.4\n"),
        },
    )
    assert response.status_code == 200 and b"its content is PDF" in response.content
    assert not Letter.objects.exists()


@pytest.mark.parametrize("url", ["/admin/comments/review/", "/admin/workflow/assignment/", "/admin/comments/letter/add/"])
def test_it_renders_the_other_comment_admin_pages(admin_client, url):
    assert admin_client.get(url).status_code == 200
