"""The letters API under /api/v1/: reading, filtering, private intake, who sees what, and the error body."""

from __future__ import annotations

import html
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from rest_framework.test import APIClient

from comments import selectors
from comments.models import Letter
from comments.services import letter_store_parsed
from teams.models import Membership, Organisation, Role
from tests.comments.factories import STAFF_LETTER, Comment, Parsed, Response, company_make, letter_make

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def user():
    user = get_user_model().objects.create_user("paralegal", password="x")
    # Private letters belong to an organisation; a paralegal of the company's reporting team is an editor of it.
    team = Organisation.objects.create(name="Acme reporting", slug="acme-reporting")
    Membership.objects.create(user=user, organisation=team, role=Role.EDITOR)
    return user


def _html(text: str, extra: str = "") -> bytes:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n"))
    return f"<html><head>{extra}</head><body>{paragraphs}</body></html>".encode()


@pytest.fixture
def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_it_takes_a_private_letter_through_the_api(api):
    company = company_make()
    upload = SimpleUploadedFile("letter.txt", STAFF_LETTER.encode())
    response = api.post(
        "/api/v1/letters/intake/",
        {"file": upload, "cik": company.cik, "form_type": "UPLOAD", "organisation": "acme-reporting"},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert [c["number"] for c in response.json()["comments"]] == [1, 2]


def test_it_answers_400_to_a_hostile_upload_through_the_api(api):
    company = company_make()
    upload = SimpleUploadedFile("letter.html", _html("Dear Sir", "<script>x()</script>"))
    response = api.post(
        "/api/v1/letters/intake/",
        {"file": upload, "cik": company.cik, "form_type": "UPLOAD", "organisation": "acme-reporting"},
        format="multipart",
    )
    assert response.status_code == 400
    assert "script" in str(response.json()["file"]) and Letter.objects.count() == 0


def test_it_answers_400_for_an_unknown_cik(api):
    upload = SimpleUploadedFile("letter.txt", STAFF_LETTER.encode())
    response = api.post(
        "/api/v1/letters/intake/",
        {"file": upload, "cik": 1, "form_type": "UPLOAD", "organisation": "acme-reporting"},
        format="multipart",
    )
    assert response.status_code == 400 and "cik" in response.json()


def _letters(n: int) -> None:
    for i in range(n):
        company = company_make()
        staff = letter_store_parsed(
            letter=letter_make(company=company),
            parsed=Parsed(letter_date=date(2024, 1, 1 + i), comments=[Comment(1), Comment(2)]),
        )
        answer = letter_store_parsed(
            letter=letter_make(company=company, form_type="CORRESP"),
            parsed=Parsed(kind="company_response", letter_date=date(2024, 2, 1 + i), responses=[Response(1), Response(2)]),
        )
        assert staff and answer


def test_it_lists_letters_in_a_fixed_number_of_queries(api, django_assert_num_queries):
    _letters(4)
    with django_assert_num_queries(2):  # count, page
        response = api.get("/api/v1/letters/")
    assert response.json()["count"] == 8


def test_it_shows_a_letter_with_its_comments_in_a_fixed_number_of_queries(api, django_assert_num_queries):
    _letters(2)
    letter = Letter.objects.filter(direction=Letter.Direction.STAFF).first()
    with django_assert_num_queries(5):  # letter, comments, responses, acknowledgements, references
        response = api.get(f"/api/v1/letters/{letter.pk}/")
    assert [c["number"] for c in response.json()["comments"]] == [1, 2]


def test_it_filters_letters_by_commitment(api):
    company = company_make()
    committed = letter_store_parsed(
        letter=letter_make(company=company, form_type="CORRESP"),
        parsed=Parsed(kind="company_response", responses=[Response(1, commitment=True)]),
    )
    letter_store_parsed(
        letter=letter_make(company=company, form_type="CORRESP"),
        parsed=Parsed(kind="company_response", responses=[Response(1)]),
    )
    response = api.get("/api/v1/letters/", {"commitment": "true"})
    assert [row["id"] for row in response.json()["results"]] == [committed.pk]


def test_it_filters_letters_by_topic(api):
    company = company_make()
    tagged = letter_store_parsed(letter=letter_make(company=company), parsed=Parsed(topics=["non_gaap", "segments"]))
    letter_store_parsed(letter=letter_make(company=company), parsed=Parsed(topics=["non_gaap_reconciliation"]))
    response = api.get("/api/v1/letters/", {"topic": "non_gaap"})
    assert [row["id"] for row in response.json()["results"]] == [tagged.pk]


def test_it_hides_other_users_private_letters_from_the_api(api):
    other = get_user_model().objects.create_user("someone-else")
    letter_make(company=company_make(), is_private=True, uploaded_by=other)
    assert api.get("/api/v1/letters/").json()["count"] == 0


# --- who sees a private letter: one rule, asked through each path ------------------------------------


@pytest.fixture
def private_letter(user):
    return letter_make(company=company_make(), is_private=True, uploaded_by=user)


def _viewer(kind: str, uploader):
    if kind == "uploader":
        return uploader
    if kind == "staff":
        return get_user_model().objects.create_user("examiner", is_staff=True)
    if kind == "superuser":
        return get_user_model().objects.create_superuser("root", "root@example.com", "x")
    return get_user_model().objects.create_user("someone-else")


@pytest.mark.parametrize("viewer,sees", [("uploader", True), ("superuser", True), ("staff", False), ("other user", False)])
def test_it_shows_a_private_letter_only_to_its_uploader_and_superusers_in_the_api(viewer, sees, user, private_letter):
    client = APIClient()
    client.force_authenticate(_viewer(viewer, user))
    listed = [row["id"] for row in client.get("/api/v1/letters/").json()["results"]]
    detail = client.get(f"/api/v1/letters/{private_letter.pk}/")
    assert (private_letter.pk in listed, detail.status_code) == (sees, 200 if sees else 404)


def test_it_shows_private_letters_of_any_uploader_to_superusers_in_the_admin(client, private_letter):
    client.force_login(get_user_model().objects.create_superuser("examiner", "examiner@example.com", "x"))
    response = client.get("/admin/comments/letter/")
    assert list(response.context["cl"].result_list) == [private_letter]


@pytest.mark.parametrize(
    "viewer,sees", [("uploader", True), ("superuser", True), ("staff", False), ("other user", False), ("anonymous", False)]
)
def test_it_applies_one_visibility_rule_to_private_letters(viewer, sees, user, private_letter):
    public = letter_make(company=company_make())
    who = AnonymousUser() if viewer == "anonymous" else _viewer(viewer, user)
    visible = set(selectors.letters_visible_to(user=who))
    assert (public in visible, private_letter in visible) == (True, sees)


# --- the unversioned paths of the first API ----------------------------------------------------------


def test_it_redirects_the_unversioned_letters_path_to_v1_keeping_the_query(api):
    response = api.get("/api/letters/", {"topic": "non_gaap"})
    assert (response.status_code, response["Location"]) == (308, "/api/v1/letters/?topic=non_gaap")


def test_it_still_answers_a_letter_at_its_unversioned_path(api):
    letter = letter_store_parsed(letter=letter_make(company=company_make()), parsed=Parsed(comments=[Comment(1)]))
    response = api.get(f"/api/letters/{letter.pk}/", follow=True)
    assert (response.status_code, response.json()["id"]) == (200, letter.pk)


def test_it_still_takes_an_intake_post_at_its_unversioned_path(api):
    company = company_make()
    upload = SimpleUploadedFile("letter.txt", STAFF_LETTER.encode())
    # Encoded once, as a real client's body is: the redirect must carry the same bytes to /api/v1/.
    body = encode_multipart(
        BOUNDARY, {"file": upload, "cik": company.cik, "form_type": "UPLOAD", "organisation": "acme-reporting"}
    )
    response = api.post("/api/letters/intake/", body, content_type=MULTIPART_CONTENT, follow=True)
    assert (response.status_code, response.redirect_chain) == (201, [("/api/v1/letters/intake/", 308)])
    assert Letter.objects.get().is_private


# --- one error body ------------------------------------------------------------------------------------


def test_it_answers_every_error_with_a_detail_and_a_code(api):
    company = company_make()
    upload = SimpleUploadedFile("letter.html", _html("Dear Sir", "<script>x()</script>"))
    errors = {
        "not found": api.get("/api/v1/letters/999999/"),
        "not allowed": api.delete("/api/v1/letters/999999/"),
        "invalid": api.post(
            "/api/v1/letters/intake/",
            {"file": upload, "cik": company.cik, "form_type": "UPLOAD", "organisation": "acme-reporting"},
            format="multipart",
        ),
        "not authenticated": APIClient().get("/api/v1/letters/"),
    }
    bodies = {name: response.json() for name, response in errors.items()}
    assert {name: (body["code"], bool(body["detail"])) for name, body in bodies.items()} == {
        "not found": ("not_found", True),
        "not allowed": ("method_not_allowed", True),
        "invalid": ("active_content", True),
        "not authenticated": ("not_authenticated", True),
    }
    assert bodies["invalid"]["detail"].startswith("file: ") and "script" in bodies["invalid"]["detail"]
