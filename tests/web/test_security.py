"""Letter text, company names and file names come from filers and uploaders. Script-laden ones are
shown escaped wherever they are rendered (pages, the admin, the browsable API) and exported inert:
no spreadsheet runs a cell of ours as a formula."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.db import connection

from comments.models import CompanyResponse, Letter, StaffComment
from comments.services import reviews_thread_all
from filings.models import Document
from tests.api.fixtures import client_for
from tests.api.rows import conversation_make
from tests.comments.factories import company_make

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('letter')</script>"
IMAGE = '<img src=x onerror="alert(2)">'
LINK = '<a href="javascript:alert(3)">click</a>'
HOSTILE_TEXT = f"Dear Sir: {SCRIPT} {IMAGE} {LINK}"
HOSTILE_NAME = '"><script>alert(4)</script>..\\..\\etc\\passwd\x07.htm'
HOSTILE_COMPANY = '<b onmouseover="alert(5)">Evil & Co</b>'
FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)", "\t=1+1", "\r=1+1"]


@pytest.fixture
def hostile(member, organisation):
    company = company_make(name=HOSTILE_COMPANY)
    public = conversation_make(
        company=company, comment_text=f"{FORMULAS[0]} {SCRIPT}", response_text=FORMULAS[1], filename=HOSTILE_NAME
    )
    Document.objects.filter(letter__in=[public.staff_letter, public.company_letter]).update(text=HOSTILE_TEXT)
    for i, formula in enumerate(FORMULAS[2:]):
        CompanyResponse.objects.create(letter=public.company_letter, number=10 + i, position=10 + i, text=formula)
    private = conversation_make(company=company, uploaded_by=member, organisation=organisation)
    private.staff_letter.original_filename = HOSTILE_NAME
    private.staff_letter.text = HOSTILE_TEXT
    private.staff_letter.save()
    return public, private


def _assert_inert(html: str) -> None:
    for raw in (SCRIPT, IMAGE, LINK, HOSTILE_COMPANY, "<script>alert(4)</script>"):
        assert raw not in html
    assert 'href="javascript:' not in html and "onmouseover=" not in html.replace("onmouseover=&quot;", "")


def _pages(public, private) -> list[str]:  # noqa: ANN001
    return [
        "/",
        "/search/",
        f"/companies/{public.company.cik}/",
        f"/letters/{public.staff_letter.pk}/",
        f"/letters/{public.company_letter.pk}/",
        f"/letters/{private.staff_letter.pk}/",
    ]


def test_it_shows_hostile_text_and_names_escaped_on_every_page(client, member, hostile):
    client.force_login(member)
    for path in _pages(*hostile):
        page = client.get(path)
        assert page.status_code == 200, path
        _assert_inert(page.content.decode())


def test_it_shows_the_hostile_text_as_text_on_the_letter_page(client, member, hostile):
    public, private = hostile
    client.force_login(member)
    page = client.get(f"/letters/{public.staff_letter.pk}/").content.decode()
    upload = client.get(f"/letters/{private.staff_letter.pk}/").content.decode()
    assert "&lt;script&gt;alert(&#x27;letter&#x27;)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;script&gt;alert(4)&lt;/script&gt;" in page and "&quot;&gt;&lt;script&gt;alert(4)" in upload


def test_it_shows_hostile_text_and_names_escaped_in_the_admin(client, superuser, hostile):
    public, _ = hostile
    client.force_login(superuser)
    for path in (
        f"/admin/comments/letter/{public.staff_letter.pk}/change/",
        f"/admin/comments/letter/{public.company_letter.pk}/change/",
        "/admin/comments/letter/",
        "/admin/filings/document/",
        "/admin/filings/company/",
    ):
        page = client.get(path)
        assert page.status_code == 200, path
        _assert_inert(page.content.decode())


def test_it_shows_hostile_text_escaped_in_the_browsable_api(member, hostile):
    public, _ = hostile
    page = client_for(member).get(f"/api/v1/letters/{public.staff_letter.pk}/", {"format": "api"})
    assert page.status_code == 200 and SCRIPT not in page.content.decode()


def test_it_neutralises_formulas_in_csv_exports(member, hostile):
    api = client_for(member)
    responses = list(
        csv.DictReader(
            io.StringIO(api.get("/api/v1/company-responses/", {"format": "csv"}).content.decode("utf-8-sig"), newline="")
        )
    )
    comments = list(
        csv.DictReader(io.StringIO(api.get("/api/v1/staff-comments/", {"format": "csv"}).content.decode("utf-8-sig"), newline=""))
    )
    texts = {row["text"] for row in responses} | {row["text"] for row in comments}
    for formula in FORMULAS:
        assert not any(text.startswith(formula[:1]) for text in texts), formula
    assert "'" + FORMULAS[1] in texts and "'-2+3" in texts and "'\t=1+1" in texts and "'\r=1+1" in texts
    assert "'" + f"{FORMULAS[0]} {SCRIPT}" in texts


def test_it_neutralises_formulas_and_hostile_names_in_xlsx_exports(member, hostile):
    api = client_for(member)
    documents = openpyxl.load_workbook(io.BytesIO(api.get("/api/v1/documents/", {"format": "xlsx"}).content)).active
    responses = openpyxl.load_workbook(io.BytesIO(api.get("/api/v1/company-responses/", {"format": "xlsx"}).content)).active
    cells = [cell for sheet in (documents, responses) for row in sheet.iter_rows(min_row=2) for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    values = {cell.value for cell in cells if isinstance(cell.value, str)}
    assert "'" + FORMULAS[1] in values and "'@SUM(1,2)" in values
    # The control character a spreadsheet cannot hold is dropped; the rest of the name is kept, as text.
    assert HOSTILE_NAME.replace("\x07", "") in values


def test_it_exports_comment_text_with_script_as_plain_text(member, hostile):
    body = client_for(member).get("/api/v1/staff-comments/", {"format": "csv"})
    assert body["Content-Type"].startswith("text/csv") and StaffComment.objects.count() == 4


def test_it_shows_hostile_text_and_names_escaped_on_the_review_page_and_in_search_hits(client, member, hostile):
    public, private = hostile
    for conversation in hostile:
        Letter.objects.filter(pk=conversation.company_letter.pk).update(
            responds_to_letter_date=conversation.staff_letter.letter_date
        )
    reviews_thread_all(company_ids=[public.company.pk])
    client.force_login(member)
    reviews = {Letter.objects.get(pk=c.staff_letter.pk).review_id for c in hostile}
    paths = (
        [f"/reviews/{pk}/" for pk in reviews]
        + [f"/search/?q=alert&within={within}" for within in ("letter", "comment", "response")]
        + ["/search/?q=Dear", "/search/?q=HYPERLINK&within=comment"]
    )
    for path in paths:
        page = client.get(path)
        assert page.status_code == 200, path
        _assert_inert(page.content.decode())
    hits = client.get("/search/?q=hyperlink&within=comment").content.decode()
    assert "Staff comment 1</a>" in hits  # the hostile comment is found, and shown inert above
    # SQLite's snippet keeps the tag's text, shown escaped; PostgreSQL's text search leaves tags out of its
    # index and its snippets.
    assert "&lt;script&gt;" in hits or connection.vendor == "postgresql"
