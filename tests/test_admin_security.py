"""Letter text, company names, signatories and file names come from filers and uploaders. Every admin page
shows script-laden ones as text: escaped, never markup, never a live link."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from comments.models import Letter, StaffComment
from comments.services import reviews_thread_all
from filings.models import Document, IngestionFailure
from teams.models import Role
from tests.api.rows import conversation_make, ingestion_run_make
from tests.comments.factories import company_make
from tests.teams.factories import member_make, organisation_make

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('letter')</script>"
IMAGE = '<img src=x onerror="alert(2)">'
LINK = '<a href="javascript:alert(3)">click</a>'
HOSTILE_TEXT = f"Dear Sir: {SCRIPT} {IMAGE} {LINK}"
HOSTILE_NAME = '"><script>alert(4)</script>..\\..\\etc\\passwd.htm'
HOSTILE_COMPANY = '<b onmouseover="alert(5)">Evil & Co</b>'
RAW = (SCRIPT, IMAGE, LINK, HOSTILE_COMPANY, "<script>alert(4)</script>", '<b onmouseover="alert(6)">')


@pytest.fixture
def hostile(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    company = company_make(name=HOSTILE_COMPANY)
    public = conversation_make(
        company=company,
        comment_text=f"Comment {SCRIPT}",
        response_text=f"Answer {IMAGE}",
        filename=HOSTILE_NAME,
        when=date(2015, 2, 10),
    )
    Document.objects.filter(letter__in=[public.staff_letter, public.company_letter]).update(text=HOSTILE_TEXT)
    Letter.objects.filter(pk=public.staff_letter.pk).update(
        signatories=[SCRIPT],
        literature=[LINK],
        addressee=IMAGE,
        topics=['<b onmouseover="alert(6)">'],
        parse_error=SCRIPT,
        review_reason=SCRIPT,
    )
    StaffComment.objects.filter(letter=public.staff_letter).update(heading=SCRIPT)
    organisation = organisation_make(name=HOSTILE_COMPANY)
    private = conversation_make(company=company, organisation=organisation, when=date(2024, 5, 6))
    Letter.objects.filter(pk=private.staff_letter.pk).update(original_filename=HOSTILE_NAME, text=HOSTILE_TEXT)
    run = ingestion_run_make(failures=1)
    IngestionFailure.objects.filter(run=run).update(item=HOSTILE_NAME, message=HOSTILE_TEXT)
    Document.objects.filter(failures__run=run).update(filename=HOSTILE_NAME, extraction_error=SCRIPT)
    reviews_thread_all()
    Letter.objects.filter(pk=public.staff_letter.pk).update(review_reason=SCRIPT)
    return {
        "public": public,
        "private": private,
        "run": run,
        "superuser": get_user_model().objects.create_superuser("operator", "operator@example.com", "x"),
        "org_admin": member_make(organisation=organisation, role=Role.ADMIN, staff=True),
    }


def _pages(h) -> list[str]:  # noqa: ANN001
    public, private = h["public"], h["private"]
    review = Letter.objects.get(pk=public.staff_letter.pk).review
    return [
        "/admin/comments/letter/",
        f"/admin/comments/letter/{public.staff_letter.pk}/change/",
        f"/admin/comments/letter/{public.company_letter.pk}/change/",
        f"/admin/comments/letter/{private.staff_letter.pk}/change/",
        "/admin/comments/review/",
        f"/admin/comments/review/{review.pk}/change/",
        "/admin/comments/staffcomment/",
        f"/admin/comments/staffcomment/{public.comments[0].pk}/change/",
        "/admin/teams/organisation/",
    ]


def _ingestion_pages(h) -> list[str]:  # noqa: ANN001
    public, failure = h["public"], IngestionFailure.objects.get(run=h["run"])
    document = Document.objects.get(letter=public.staff_letter)
    return [
        "/admin/filings/company/",
        f"/admin/filings/company/{public.company.pk}/change/",
        "/admin/filings/filing/",
        f"/admin/filings/filing/{public.staff_letter.filing_id}/change/",
        f"/admin/filings/filing/{failure.filing_id}/change/",
        "/admin/filings/document/",
        f"/admin/filings/document/{document.pk}/change/",
        f"/admin/filings/ingestionrun/{h['run'].pk}/change/",
        "/admin/filings/ingestionfailure/",
        f"/admin/filings/ingestionfailure/{failure.pk}/change/",
    ]


def _assert_inert(html: str, url: str) -> None:
    for raw in RAW:
        assert raw not in html, (url, raw)
    assert 'href="javascript:' not in html and "onmouseover=" not in html.replace("onmouseover=&quot;", ""), url


@pytest.mark.parametrize("who", ["superuser", "org_admin"])
def test_it_shows_hostile_letters_escaped_on_every_admin_page(client, hostile, who):
    client.force_login(hostile[who])
    pages = _pages(hostile) + (_ingestion_pages(hostile) if who == "superuser" else [])
    for url in pages:
        page = client.get(url)
        assert page.status_code == 200, url
        _assert_inert(page.content.decode(), url)


def test_it_shows_the_hostile_text_as_text_on_the_letter_page(client, hostile):
    client.force_login(hostile["superuser"])
    public, private = hostile["public"], hostile["private"]
    page = client.get(f"/admin/comments/letter/{public.staff_letter.pk}/change/").content.decode()
    upload = client.get(f"/admin/comments/letter/{private.staff_letter.pk}/change/").content.decode()
    escaped_script = "&lt;script&gt;alert(&#x27;letter&#x27;)&lt;/script&gt;"
    text_block = page[page.index('class="text-block"') :]
    assert escaped_script in text_block[: text_block.index("</pre>")]
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in page
    # The hostile file name, in the link to EDGAR: quoted in the address, escaped in the words.
    assert "%22%3E%3Cscript%3Ealert%284%29%3C/script%3E" in page and "&quot;&gt;&lt;script&gt;alert(4)" in page
    assert "&quot;&gt;&lt;script&gt;alert(4)&lt;/script&gt;" in upload and escaped_script in upload
