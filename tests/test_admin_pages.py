"""The admin shows people words, dates and links, not what the database stores: topics by name, lists as
text, "December 31" for a fiscal year end, statuses by their labels. A letter's page has its text, its place
on EDGAR, its review and the letters around it. Checked as a superuser and as an organisation's admin."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import Acknowledgement, Letter, Review
from comments.services import reviews_thread_all
from filings.models import Company, Document, Filing, IngestionFailure
from teams.models import Membership, Role
from tests.api.rows import conversation_make, ingestion_run_make
from tests.comments.factories import company_make
from tests.teams.factories import member_make, organisation_make

pytestmark = pytest.mark.django_db

# What the admin used to show, and must not any more.
RAW = ['["mdna"]', '["Rafael Villanueva"]', '["ACRD"]', "non gaap", "no_defense", "non_gaap", "revenue_recognition"]


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    company = company_make(cik=3_300_001, name="Arcadia Resources Holdings Corporation of North America")
    Company.objects.filter(pk=company.pk).update(
        tickers=["ACRD"],
        fiscal_year_end="1231",
        sic="1311",
        sic_description="Crude Petroleum & Natural Gas",
        former_names=[{"name": "Arcadia Oil Co", "from": "1999-04-01", "to": "2012-06-30"}],
    )
    company.refresh_from_db()
    talk = conversation_make(company=company, when=date(2015, 2, 10), topics=("mdna", "non_gaap"))
    Letter.objects.filter(pk=talk.staff_letter.pk).update(signatories=["Rafael Villanueva"], acknowledgements_requested=True)
    Letter.objects.filter(pk=talk.company_letter.pk).update(responds_to_letter_date=date(2015, 2, 10))
    for statement, present in [("responsibility", True), ("no_foreclosure", True), ("no_defense", False)]:
        Acknowledgement.objects.create(letter=talk.company_letter, statement=statement, present=present, required=True)
    organisation = organisation_make(name="Arcadia reporting team")
    private = conversation_make(company=company, organisation=organisation, when=date(2024, 5, 6))
    reviews_thread_all()
    org_admin = member_make(organisation=organisation, role=Role.ADMIN, staff=True)
    superuser = get_user_model().objects.create_superuser("operator", "operator@example.com", "x")
    run = ingestion_run_make(failures=1)
    return {
        "company": company,
        "talk": talk,
        "private": private,
        "organisation": organisation,
        "org_admin": org_admin,
        "superuser": superuser,
        "run": run,
    }


def _text(html: str) -> str:
    """The words of a page, as a person reads them (no tags, entities decoded)."""
    import html as html_module

    return html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def _letters_pages(w) -> list[str]:  # noqa: ANN001
    talk = w["talk"]
    review = talk.staff_letter.__class__.objects.get(pk=talk.staff_letter.pk).review
    return [
        "/admin/comments/letter/",
        f"/admin/comments/letter/{talk.staff_letter.pk}/change/",
        f"/admin/comments/letter/{talk.company_letter.pk}/change/",
        f"/admin/comments/letter/{w['private'].staff_letter.pk}/change/",
        "/admin/comments/review/",
        f"/admin/comments/review/{review.pk}/change/",
        "/admin/comments/review/metrics/?by=topic",
        "/admin/comments/staffcomment/",
        f"/admin/comments/staffcomment/{talk.comments[0].pk}/change/",
        "/admin/workflow/assignment/",
        "/admin/workflow/draft/",
        "/admin/teams/organisation/",
        f"/admin/teams/organisation/{w['organisation'].pk}/change/",
        "/admin/teams/membership/",
        f"/admin/teams/membership/{Membership.objects.get(user=w['org_admin']).pk}/change/",
    ]


def _filings_pages(w) -> list[str]:  # noqa: ANN001
    talk, run = w["talk"], w["run"]
    document = Document.objects.get(letter=talk.staff_letter)
    return [
        "/admin/filings/company/",
        f"/admin/filings/company/{w['company'].pk}/change/",
        "/admin/filings/filing/",
        f"/admin/filings/filing/{talk.staff_letter.filing_id}/change/",
        "/admin/filings/document/",
        f"/admin/filings/document/{document.pk}/change/",
        "/admin/filings/ingestionrun/",
        f"/admin/filings/ingestionrun/{run.pk}/change/",
        "/admin/filings/ingestionfailure/",
        f"/admin/filings/ingestionfailure/{IngestionFailure.objects.first().pk}/change/",
    ]


@pytest.mark.parametrize("who", ["superuser", "org_admin"])
def test_it_renders_every_letters_and_teams_page_in_words(client, world, who):
    client.force_login(world[who])
    for url in _letters_pages(world):
        page = client.get(url)
        assert page.status_code == 200, url
        text = _text(page.content.decode())
        for raw in RAW:
            assert raw not in text, (url, raw)


def test_it_renders_every_ingestion_page_in_words_for_a_superuser(client, world):
    client.force_login(world["superuser"])
    for url in _filings_pages(world):
        page = client.get(url)
        assert page.status_code == 200, url
        text = _text(page.content.decode())
        assert '["ACRD"]' not in text and not re.search(r"\b1231\b", text), url


def test_it_keeps_the_ingestion_pages_from_an_organisations_admin(client, world):
    client.force_login(world["org_admin"])
    for url in _filings_pages(world):
        assert client.get(url).status_code == 403, url


def test_it_shows_a_company_in_words(client, world):
    client.force_login(world["superuser"])
    listed = _text(client.get("/admin/filings/company/").content.decode())
    page = _text(client.get(f"/admin/filings/company/{world['company'].pk}/change/").content.decode())
    for text in (listed, page):
        assert "ACRD" in text and "December 31" in text
    assert "SIC: 1311 SIC description: Crude Petroleum & Natural Gas" in page
    assert "Arcadia Oil Co (April 1, 1999 to June 30, 2012)" in page
    # Its reviews (with what they reviewed) and its latest filings, each a link.
    assert (
        "10-K for the period ended Dec. 31, 2014" in page
        and f"All {Filing.objects.filter(companies=world['company']).count()} filings" in page
    )


def test_it_shows_a_letter_in_words(client, world):
    client.force_login(world["superuser"])
    talk = world["talk"]
    staff = _text(client.get(f"/admin/comments/letter/{talk.staff_letter.pk}/change/").content.decode())
    answer = _text(client.get(f"/admin/comments/letter/{talk.company_letter.pk}/change/").content.decode())
    assert "Staff comment letter of Feb. 10, 2015, Arcadia Resources" in staff  # the heading, not "2015-02-10"
    assert "Signatories: Rafael Villanueva" in staff and "Topics: MD&A, Non-GAAP measures" in staff
    assert "Literature cited: ASC 606-10-50-5" in staff and "Asks for the acknowledgements: Yes" in staff
    assert "10-K for the period ended Dec. 31, 2014, filed Feb. 1, 2015, file no. 001-34567" in staff
    assert "Responsibility statement: present" in answer and "No-defense statement: missing (required)" in answer
    # Why a letter is in its review is threading's own sentence, dates and all; everything else is in words.
    for text in (staff, answer):
        for reason in filter(None, Letter.objects.values_list("review_reason", flat=True)):
            text = text.replace(reason, "")
        assert "2015-02-10" not in text


def test_it_shows_a_letters_text_its_place_on_edgar_its_review_and_its_correspondence(client, world):
    client.force_login(world["superuser"])
    talk = world["talk"]
    staff_letter = Letter.objects.select_related("filing", "review").get(pk=talk.staff_letter.pk)
    html = client.get(f"/admin/comments/letter/{staff_letter.pk}/change/").content.decode()
    folder = f"https://www.sec.gov/Archives/edgar/data/3300001/{staff_letter.filing.accession_number.replace('-', '')}/"
    assert f'href="{folder}filename1.htm"' in html and f'href="{folder}"' in html
    text_block = html[html.index('class="text-block"') :]
    assert "overflow: auto" in text_block[:300] and "1. Please quantify the effect" in text_block[: text_block.index("</pre>")]
    assert f'href="/admin/comments/review/{staff_letter.review_id}/change/"' in html
    assert "Why this review: " + staff_letter.review_reason in _text(html)
    assert f'href="/admin/comments/letter/{talk.company_letter.pk}/change/"' in html
    assert "Answered by: Company response of" in _text(html)
    answer = _text(client.get(f"/admin/comments/letter/{talk.company_letter.pk}/change/").content.decode())
    assert "Answers: Staff comment letter of Feb. 10, 2015" in answer


def test_it_shows_a_private_letters_copies_to_its_organisation_only(client, world):
    """A public review also holds an organisation's private copies: another organisation never sees them."""
    talk = world["talk"]
    copy = Letter.objects.get(pk=talk.staff_letter.pk)
    copy.pk, copy.document, copy.filing, copy.is_private, copy.organisation = None, None, None, True, world["organisation"]
    copy.public_twin_id, copy.text = talk.staff_letter.pk, "our copy"
    copy.save()
    reviews_thread_all()
    review = Letter.objects.get(pk=talk.staff_letter.pk).review
    assert Letter.objects.get(pk=copy.pk).review == review
    outsider = member_make(organisation=organisation_make(), role=Role.ADMIN, staff=True)
    client.force_login(world["org_admin"])
    assert (
        f"/admin/comments/letter/{copy.pk}/change/" in client.get(f"/admin/comments/review/{review.pk}/change/").content.decode()
    )
    assert "Private copy: " in _text(client.get(f"/admin/comments/letter/{talk.staff_letter.pk}/change/").content.decode())
    client.force_login(outsider)
    assert f"/admin/comments/letter/{copy.pk}/" not in client.get(f"/admin/comments/review/{review.pk}/change/").content.decode()
    assert (
        f"/admin/comments/letter/{copy.pk}/"
        not in client.get(f"/admin/comments/letter/{talk.staff_letter.pk}/change/").content.decode()
    )


def test_it_lists_letters_in_five_columns_by_their_labels(client, world):
    client.force_login(world["superuser"])
    html = client.get("/admin/comments/letter/").content.decode()
    headers = re.findall(r'<th scope="col" class="(?:sortable )?column-(\w+)', html)
    assert headers == ["company_name", "letter_date", "kind_label", "review_status", "parse_status_label"]
    text = _text(html)
    assert "Staff comment letter" in text and "Closed" in text and "Parsed" in text
    # A long company name is cut short, and whole on hover.
    assert 'title="Arcadia Resources Holdings Corporation of North America"' in html
    topic_filter = text[text.index("By topic") :]
    assert "Non-GAAP measures" in topic_filter and "MD&A" in topic_filter


def test_it_lists_reviews_by_what_they_reviewed(client, world):
    client.force_login(world["superuser"])
    html = client.get("/admin/comments/review/").content.decode()
    text = _text(html)
    assert "10-K, Dec. 31, 2014" in text and 'title="10-K for the period ended Dec. 31, 2014"' in html
    assert "Closed" in text and "1 round, 2 comments" in text
    by_topic = _text(client.get("/admin/comments/review/metrics/", {"by": "topic"}).content.decode())
    assert "Non-GAAP measures" in by_topic


def test_it_shows_a_filings_documents_without_their_bytes_and_its_failures(client, world):
    client.force_login(world["superuser"])
    failure = IngestionFailure.objects.select_related("filing").first()
    with CaptureQueriesContext(connection) as queries:
        html = client.get(f"/admin/filings/filing/{failure.filing_id}/change/").content.decode()
    text = _text(html)
    assert "doc0.pdf 0 bytes Pending" in text and "Fetch 0000" in text and "503 from EDGAR" in text
    document_reads = [q["sql"] for q in queries if 'FROM "filings_document"' in q["sql"]]
    assert document_reads and not any('"filings_document"."content"' in sql for sql in document_reads)


def test_it_lists_a_companys_filings_from_its_page(client, world):
    client.force_login(world["superuser"])
    listed = client.get("/admin/filings/filing/", {"companies__id__exact": world["company"].pk}).context["cl"].result_list
    assert {f.pk for f in listed} == set(Filing.objects.filter(companies=world["company"]).values_list("pk", flat=True))


def _queries(client, url: str) -> int:  # noqa: ANN001
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/admin/comments/letter/", "/admin/comments/review/"])
@pytest.mark.parametrize("who", ["superuser", "org_admin"])
def test_it_reads_the_letters_and_reviews_lists_in_the_same_queries_however_many_rows(client, world, url, who):
    client.force_login(world[who])
    few = _queries(client, url)
    for i in range(6):
        conversation_make(company=company_make(name=f"Company {i}"), when=date(2016 + i, 3, 1))
    reviews_thread_all()
    assert Review.objects.count() >= 8
    assert _queries(client, url) == few
