"""Private intake belongs to an organisation: only its editors (and above) upload, and the same file
uploaded twice by one organisation is one letter."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from rest_framework.test import APIClient

from comments.models import Letter
from comments.services import filing_letters_process
from teams.models import Role
from tests.comments.factories import STAFF_LETTER, company_make, document_make, filing_make, letter_make
from tests.teams.factories import intake, member_make, organisation_make, user_make

pytestmark = pytest.mark.django_db

LETTER = STAFF_LETTER.encode()


def _api_upload(user, organisation, company, data: bytes = LETTER):  # noqa: ANN001, ANN202
    client = APIClient()
    client.force_authenticate(user)
    body = {
        "file": SimpleUploadedFile("letter.txt", data),
        "cik": company.cik,
        "form_type": "UPLOAD",
        "organisation": organisation.slug,
    }
    return client.post("/api/v1/letters/intake/", body, format="multipart")


# --- who may upload --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.EDITOR, Role.APPROVER, Role.ADMIN])
def test_it_takes_a_private_letter_from_an_editor_or_above(role):
    organisation = organisation_make()
    user = member_make(organisation=organisation, role=role)
    letter = intake(data=LETTER, company=company_make(), organisation=organisation, user=user).letter
    assert (letter.is_private, letter.organisation, letter.uploaded_by, letter.parse_status) == (
        True,
        organisation,
        user,
        Letter.ParseStatus.PARSED,
    )


def test_it_refuses_an_upload_from_a_viewer_and_stores_nothing():
    organisation = organisation_make()
    viewer = member_make(organisation=organisation, role=Role.VIEWER)
    with pytest.raises(PermissionDenied, match="editor"):
        intake(data=LETTER, company=company_make(), organisation=organisation, user=viewer)
    assert not Letter.objects.exists()


def test_it_refuses_an_upload_for_an_organisation_the_user_is_not_in():
    editor_of_b = member_make(organisation=organisation_make(), role=Role.EDITOR)
    with pytest.raises(PermissionDenied):
        intake(data=LETTER, company=company_make(), organisation=organisation_make(), user=editor_of_b)
    assert not Letter.objects.exists()


def test_it_answers_403_to_a_viewer_through_the_api():
    organisation = organisation_make()
    response = _api_upload(member_make(organisation=organisation, role=Role.VIEWER), organisation, company_make())
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    assert "editor" in response.json()["detail"] and not Letter.objects.exists()


def test_it_answers_201_to_an_editor_through_the_api():
    organisation = organisation_make()
    response = _api_upload(member_make(organisation=organisation, role=Role.EDITOR), organisation, company_make())
    assert (response.status_code, response.json()["duplicate"], response.json()["is_private"]) == (201, False, True)
    assert Letter.objects.get().organisation == organisation


def test_it_answers_400_for_an_organisation_the_caller_is_not_in_through_the_api():
    editor_of_b = member_make(organisation=organisation_make(), role=Role.EDITOR)
    response = _api_upload(editor_of_b, organisation_make(), company_make())
    assert (response.status_code, response.json()["code"]) == (400, "unknown_organisation")
    assert "organisation" in response.json() and not Letter.objects.exists()


def test_it_refuses_the_admin_add_page_to_a_viewer(client):
    organisation = organisation_make()
    viewer = member_make(organisation=organisation, role=Role.VIEWER, staff=True)
    viewer.user_permissions.add(*_add_letter_permission())
    client.force_login(viewer)
    assert client.get("/admin/comments/letter/add/").status_code == 403


def test_it_takes_a_private_letter_from_an_editor_through_the_admin(client):
    organisation = organisation_make()
    editor = member_make(organisation=organisation, role=Role.EDITOR, staff=True)
    editor.user_permissions.add(*_add_letter_permission())
    client.force_login(editor)
    company = company_make()
    response = client.post(
        "/admin/comments/letter/add/",
        {
            "organisation": organisation.pk,
            "company": company.pk,
            "form_type": "UPLOAD",
            "file": SimpleUploadedFile("l.txt", LETTER),
        },
    )
    letter = Letter.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{letter.pk}/change/")
    assert letter.organisation == organisation


def test_it_offers_the_admin_form_only_the_organisations_the_user_edits_for(client):
    mine, theirs = organisation_make(), organisation_make()
    editor = member_make(organisation=mine, role=Role.EDITOR, staff=True)
    member_make(organisation=theirs, role=Role.VIEWER, user=editor)
    editor.user_permissions.add(*_add_letter_permission())
    client.force_login(editor)
    form = client.get("/admin/comments/letter/add/").context["form"]
    assert list(form.fields["organisation"].queryset) == [mine]


def _add_letter_permission():  # noqa: ANN202
    return Permission.objects.filter(codename__in=["add_letter", "view_letter"])


# --- the same file twice -----------------------------------------------------------------------------


def test_it_returns_the_existing_letter_when_the_same_file_comes_again():
    organisation = organisation_make()
    editor = member_make(organisation=organisation, role=Role.EDITOR)
    company = company_make()
    first = intake(data=LETTER, company=company, organisation=organisation, user=editor)
    again = intake(
        data=LETTER, company=company, organisation=organisation, user=member_make(organisation=organisation, role=Role.ADMIN)
    )
    assert (first.duplicate, again.duplicate, again.letter.pk) == (False, True, first.letter.pk)
    assert Letter.objects.count() == 1


def test_it_knows_the_same_file_by_its_bytes_not_its_name():
    organisation = organisation_make()
    editor = member_make(organisation=organisation, role=Role.EDITOR)
    company = company_make()
    first = intake(data=LETTER, company=company, organisation=organisation, user=editor, name="from-email.txt")
    again = intake(data=LETTER, company=company, organisation=organisation, user=editor, name="renamed.txt")
    changed = intake(data=LETTER + b"\n", company=company, organisation=organisation, user=editor)
    assert (again.duplicate, again.letter.pk, changed.duplicate) == (True, first.letter.pk, False)
    assert Letter.objects.count() == 2


def test_it_gives_another_organisation_its_own_private_letter_of_the_same_file():
    a, b = organisation_make(), organisation_make()
    company = company_make()
    of_a = intake(data=LETTER, company=company, organisation=a, user=member_make(organisation=a, role=Role.EDITOR))
    of_b = intake(data=LETTER, company=company, organisation=b, user=member_make(organisation=b, role=Role.EDITOR))
    assert (of_b.duplicate, of_a.letter.organisation, of_b.letter.organisation) == (False, a, b)
    assert of_a.letter.pk != of_b.letter.pk and of_a.letter.upload_sha256 == of_b.letter.upload_sha256


def test_it_answers_200_with_the_existing_letter_and_duplicate_true_through_the_api():
    organisation = organisation_make()
    editor = member_make(organisation=organisation, role=Role.EDITOR)
    company = company_make()
    first = _api_upload(editor, organisation, company)
    again = _api_upload(editor, organisation, company)
    assert (first.status_code, again.status_code) == (201, 200)
    assert (again.json()["duplicate"], again.json()["id"]) == (True, first.json()["id"])
    assert [c["number"] for c in again.json()["comments"]] == [1, 2] and Letter.objects.count() == 1


def test_it_says_so_and_shows_the_existing_letter_when_the_admin_gets_the_same_file(client):
    organisation = organisation_make()
    admin = user_make(superuser=True)
    client.force_login(admin)
    company = company_make()

    def post():  # noqa: ANN202
        body = {
            "organisation": organisation.pk,
            "company": company.pk,
            "form_type": "UPLOAD",
            "file": SimpleUploadedFile("l.txt", LETTER),
        }
        return client.post("/admin/comments/letter/add/", body, follow=True)

    post()
    response = post()
    letter = Letter.objects.get()
    assert response.redirect_chain[-1][0].endswith(f"/{letter.pk}/change/")
    assert any("same file before" in str(m) for m in response.context["messages"])


def test_it_stores_one_letter_per_organisation_and_file_even_when_two_uploads_race():
    organisation = organisation_make()
    company = company_make()
    fields = {"company": company, "is_private": True, "organisation": organisation, "upload_sha256": "a" * 64}
    letter_make(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        letter_make(**fields)


def test_it_refuses_an_organisation_on_a_public_letter():
    with pytest.raises(IntegrityError), transaction.atomic():
        letter_make(company=company_make(), organisation=organisation_make())


# --- a private letter and its public twin --------------------------------------------------------------


def _publish(company):  # noqa: ANN001, ANN202
    filing = filing_make(company=company, form_type="UPLOAD", filing_date=date(2015, 2, 10))
    document_make(filing=filing, text=STAFF_LETTER, type="LETTER", filename="filename1.pdf")
    [public] = filing_letters_process(filing_id=filing.pk)
    return public


def test_it_links_a_private_letter_to_its_public_twin_in_one_review():
    organisation = organisation_make()
    company = company_make()
    private = intake(
        data=LETTER, company=company, organisation=organisation, user=member_make(organisation=organisation, role=Role.EDITOR)
    ).letter
    public = _publish(company)
    private.refresh_from_db()
    public.refresh_from_db()
    assert private.public_twin_id == public.pk
    assert private.review_id is not None and private.review_id == public.review_id


def test_it_links_every_organisations_private_copy_to_the_public_twin():
    a, b = organisation_make(), organisation_make()
    company = company_make()
    of_a = intake(data=LETTER, company=company, organisation=a, user=member_make(organisation=a, role=Role.EDITOR)).letter
    of_b = intake(data=LETTER, company=company, organisation=b, user=member_make(organisation=b, role=Role.EDITOR)).letter
    public = _publish(company)
    of_a.refresh_from_db()
    of_b.refresh_from_db()
    assert (of_a.public_twin_id, of_b.public_twin_id) == (public.pk, public.pk)
