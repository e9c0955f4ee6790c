"""Who sees a private letter, asked through every path of the API: list, detail, filter, export and the
fields nested in public objects. The letters belong to the uploader's organisation. Viewers: anonymous
(with public reading on), a colleague in that organisation, a member of another organisation, staff in
none (staff grants nothing), and a superuser."""

from __future__ import annotations

import csv
import io

import pytest
from rest_framework.test import APIClient

from tests.api.fixtures import client_for
from tests.api.rows import conversation_make
from tests.comments.factories import company_make

pytestmark = pytest.mark.django_db

VIEWERS = [
    ("anonymous", False),
    ("colleague", True),
    ("member of another organisation", False),
    ("staff", False),
    ("superuser", True),
]


@pytest.fixture
def viewer_client(settings, colleague, outsider, staff_user, superuser):
    settings.API_ALLOW_ANONYMOUS_PUBLIC_READ = True
    users = {
        "anonymous": None,
        "colleague": colleague,
        "member of another organisation": outsider,
        "staff": staff_user,
        "superuser": superuser,
    }
    return lambda name: client_for(users[name]) if users[name] else APIClient()


@pytest.fixture
def private(member, organisation):
    return conversation_make(uploaded_by=member, organisation=organisation, comment_text="Private comment about the merger.")


def _paths(conversation) -> dict[str, tuple[str, str]]:  # noqa: ANN001
    """name: (list path, detail path) of each private object."""
    return {
        "staff letter": ("/api/v1/letters/", f"/api/v1/letters/{conversation.staff_letter.pk}/"),
        "company letter": ("/api/v1/letters/", f"/api/v1/letters/{conversation.company_letter.pk}/"),
        "staff comment": ("/api/v1/staff-comments/", f"/api/v1/staff-comments/{conversation.comments[0].pk}/"),
        "company response": ("/api/v1/company-responses/", f"/api/v1/company-responses/{conversation.responses[0].pk}/"),
        "referenced filing": ("/api/v1/referenced-filings/", f"/api/v1/referenced-filings/{conversation.reference.pk}/"),
    }


@pytest.mark.parametrize("viewer,sees", VIEWERS)
@pytest.mark.parametrize("kind", ["staff letter", "company letter", "staff comment", "company response", "referenced filing"])
def test_it_shows_a_private_object_only_to_its_uploader_and_staff(viewer_client, private, viewer, sees, kind):
    client = viewer_client(viewer)
    list_path, detail_path = _paths(private)[kind]
    listed = client.get(list_path).json()["count"] > 0
    detail = client.get(detail_path).status_code
    assert (listed, detail) == (sees, 200 if sees else 404)


@pytest.mark.parametrize("viewer,sees", VIEWERS)
@pytest.mark.parametrize(
    "path,params",
    [
        ("/api/v1/letters/", {"cik": None}),
        ("/api/v1/letters/", {"company_search": "Private Co"}),
        ("/api/v1/letters/", {"commitment": "true"}),
        ("/api/v1/staff-comments/", {"topic": "mdna"}),
        ("/api/v1/staff-comments/", {"letter": None}),
        ("/api/v1/company-responses/", {"commitment": "true"}),
        ("/api/v1/referenced-filings/", {"referenced_form": "10-K"}),
    ],
)
def test_it_finds_no_private_object_by_filter(viewer_client, member, organisation, viewer, sees, path, params):
    conversation = conversation_make(company=company_make(name="Private Co"), uploaded_by=member, organisation=organisation)
    fill = {"cik": conversation.company.cik, "letter": conversation.staff_letter.pk}
    params = {name: fill[name] if value is None else value for name, value in params.items()}
    assert (viewer_client(viewer).get(path, params).json()["count"] > 0) == sees


@pytest.mark.parametrize("viewer,sees", VIEWERS)
@pytest.mark.parametrize(
    "path", ["/api/v1/letters/", "/api/v1/staff-comments/", "/api/v1/company-responses/", "/api/v1/referenced-filings/"]
)
def test_it_exports_no_private_object(viewer_client, private, viewer, sees, path):
    response = viewer_client(viewer).get(path, {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    carries_comment_text = path in ("/api/v1/staff-comments/", "/api/v1/company-responses/")
    assert (len(rows) > 0, "Private comment" in response.content.decode()) == (sees, sees and carries_comment_text)


@pytest.mark.parametrize("viewer,sees", VIEWERS)
def test_it_links_a_public_answer_to_a_private_comment_only_for_those_who_may_see_it(viewer_client, private, viewer, sees):
    # EDGAR published the company's answer before the staff letter; it was linked to the uploaded copy.
    public = conversation_make(company=private.company)
    response = public.responses[0]
    response.comment = private.comments[0]
    response.save()
    public.company_letter.responds_to = private.staff_letter
    public.company_letter.save()
    client = viewer_client(viewer)
    letter = client.get(f"/api/v1/letters/{public.company_letter.pk}/").json()
    answer = client.get(f"/api/v1/company-responses/{response.pk}/").json()
    listed = client.get("/api/v1/company-responses/", {"letter": public.company_letter.pk}).json()["results"]
    by_comment = client.get("/api/v1/company-responses/", {"comment": private.comments[0].pk}).json()["count"]
    shown = [
        letter["responds_to"] == private.staff_letter.pk,
        letter["responses"][0]["comment"] == private.comments[0].pk,
        (answer["comment"] or {}).get("id") == private.comments[0].pk,
        any((row["comment"] or {}).get("id") == private.comments[0].pk for row in listed),
        by_comment > 0,
    ]
    assert shown == [sees] * 5


@pytest.mark.parametrize("viewer,sees", VIEWERS)
def test_it_shows_a_public_comment_only_the_answers_the_viewer_may_see(viewer_client, member, organisation, viewer, sees):
    public = conversation_make()
    private_answer = conversation_make(company=public.company, uploaded_by=member, organisation=organisation)
    # The second public comment is answered only in the uploader's private letter.
    public.responses[1].comment = None
    public.responses[1].save()
    answer = private_answer.responses[1]
    answer.comment = public.comments[1]
    answer.save()
    client = viewer_client(viewer)
    shown = [r["id"] for r in client.get(f"/api/v1/staff-comments/{public.comments[1].pk}/").json()["responses"]]
    answered = client.get("/api/v1/staff-comments/", {"answered": "true", "letter": public.staff_letter.pk}).json()["count"]
    assert (shown, answered) == (([answer.pk], 2) if sees else ([], 1))
