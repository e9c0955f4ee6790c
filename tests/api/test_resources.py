"""Each resource: what it lists, what one object shows, its filters, and a query count that does not
grow with the page."""

from __future__ import annotations

from datetime import date

import pytest

from comments.models import Letter
from filings.models import Document, IngestionFailure
from tests.api.rows import conversation_make, conversations_make, ingestion_run_make
from tests.comments.factories import company_make

pytestmark = pytest.mark.django_db


def _ids(response) -> list:  # noqa: ANN001
    assert response.status_code == 200, response.content
    return [row.get("id", row.get("cik", row.get("accession_number"))) for row in response.json()["results"]]


# --- query counts: lists and details --------------------------------------------------------------------

LISTS = {
    # path: queries (count, page, and one per prefetched relation)
    "/api/v1/companies/": 2,
    "/api/v1/filings/": 3,  # + companies
    "/api/v1/documents/": 2,
    "/api/v1/letters/": 2,
    "/api/v1/staff-comments/": 2,
    "/api/v1/company-responses/": 2,
    "/api/v1/referenced-filings/": 2,
    "/api/v1/ingestion-runs/": 2,
    "/api/v1/ingestion-failures/": 2,
}


@pytest.mark.parametrize("path,queries", LISTS.items())
@pytest.mark.parametrize("page_size", [2, 6])
def test_it_lists_in_a_fixed_number_of_queries_whatever_the_page_size(
    staff_api, django_assert_num_queries, path, queries, page_size
):
    conversations_make(6)
    for _ in range(6):
        ingestion_run_make(failures=1)
    with django_assert_num_queries(queries):
        response = staff_api.get(path, {"page_size": page_size})
    assert len(response.json()["results"]) == page_size


def _detail_paths() -> dict[str, tuple[str, int]]:
    conversation = conversation_make()
    run = ingestion_run_make()
    failure = IngestionFailure.objects.get(run=run)
    document = Document.objects.filter(filing=conversation.staff_letter.filing).get()
    return {
        "company": (f"/api/v1/companies/{conversation.company.cik}/", 1),
        "filing": (f"/api/v1/filings/{conversation.staff_letter.filing.accession_number}/", 3),  # + companies, documents
        "document": (f"/api/v1/documents/{document.pk}/", 1),
        "letter": (f"/api/v1/letters/{conversation.company_letter.pk}/", 5),  # + comments, responses, acks, references
        "staff comment": (f"/api/v1/staff-comments/{conversation.comments[0].pk}/", 2),  # + responses
        "company response": (f"/api/v1/company-responses/{conversation.responses[0].pk}/", 1),
        "referenced filing": (f"/api/v1/referenced-filings/{conversation.reference.pk}/", 1),
        "ingestion run": (f"/api/v1/ingestion-runs/{run.pk}/", 1),
        "ingestion failure": (f"/api/v1/ingestion-failures/{failure.pk}/", 1),
    }


@pytest.mark.parametrize(
    "name",
    [
        "company",
        "filing",
        "document",
        "letter",
        "staff comment",
        "company response",
        "referenced filing",
        "ingestion run",
        "ingestion failure",
    ],
)
def test_it_shows_one_object_in_a_fixed_number_of_queries(staff_api, django_assert_num_queries, name):
    path, queries = _detail_paths()[name]
    with django_assert_num_queries(queries):
        response = staff_api.get(path)
    assert response.status_code == 200, response.content


# --- companies, filings, documents ----------------------------------------------------------------------


def test_it_finds_companies_by_ticker_name_and_cik(api):
    apple = company_make(cik=320193, name="Apple Inc.")
    apple.tickers = ["AAPL"]
    apple.save()
    applied = company_make(name="Applied Widgets")
    company_make(name="Other Corp")
    assert _ids(api.get("/api/v1/companies/", {"ticker": "aapl"})) == [320193]
    assert _ids(api.get("/api/v1/companies/", {"name": "appl"})) == [320193, applied.cik]
    assert _ids(api.get("/api/v1/companies/", {"cik": 320193})) == [320193]


def test_it_shows_a_company_by_cik_with_its_fiscal_year_end(api):
    company = company_make(cik=320193)
    company.fiscal_year_end = "0928"
    company.save()
    assert api.get("/api/v1/companies/320193/").json()["fiscal_year_end"] == "0928"


def test_it_filters_filings_by_form_any_case_and_date_range(api):
    conversation = conversation_make(when=date(2024, 3, 1))
    found = _ids(
        api.get("/api/v1/filings/", {"form": "upload,corresp", "filing_date_from": "2024-03-01", "filing_date_to": "2024-03-31"})
    )
    assert sorted(found) == sorted(
        [conversation.staff_letter.filing.accession_number, conversation.company_letter.filing.accession_number]
    )


def test_it_shows_a_filing_with_its_documents_and_its_edgar_folder(api):
    conversation = conversation_make()
    filing = conversation.staff_letter.filing
    body = api.get(f"/api/v1/filings/{filing.accession_number}/").json()
    assert body["edgar_url"] == f"https://www.sec.gov/Archives/edgar/data/{conversation.company.cik}/{filing.accession_path}/"
    assert [d["filename"] for d in body["documents"]] == ["filename1.htm"] and "content" not in body["documents"][0]


def test_it_never_serves_a_documents_bytes(api):
    conversation = conversation_make()
    Document.objects.update(content=b"%PDF secret bytes")
    listed = api.get("/api/v1/documents/").json()["results"][0]
    detail = api.get(f"/api/v1/documents/{listed['id']}/").json()
    assert "content" not in listed and "text" not in listed and "content" not in detail
    assert detail["text"] in (conversation.staff_letter.document.text, conversation.company_letter.document.text)


def test_it_filters_documents_by_the_cik_of_their_filing(api):
    wanted = conversation_make()
    conversation_make()
    assert len(_ids(api.get("/api/v1/documents/", {"cik": wanted.company.cik}))) == 2


def test_it_filters_ingestion_failures_by_stage_and_retryable(staff_api):
    run = ingestion_run_make(failures=2)
    assert len(_ids(staff_api.get("/api/v1/ingestion-failures/", {"run": run.pk, "stage": "fetch", "retryable": "true"}))) == 2
    assert _ids(staff_api.get("/api/v1/ingestion-failures/", {"retryable": "false"})) == []


def test_it_filters_ingestion_runs_by_status(staff_api):
    run = ingestion_run_make(failures=0)
    assert _ids(staff_api.get("/api/v1/ingestion-runs/", {"status": "partial"})) == [run.pk]


# --- letters and what they say ---------------------------------------------------------------------------


def test_it_filters_letters_by_literature_including_finer_citations(api):
    cited = conversation_make(literature=("ASC 606-10-50-5",))
    conversation_make(literature=("ASC 6060",))
    assert sorted(_ids(api.get("/api/v1/letters/", {"literature": "asc 606"}))) == sorted(
        [cited.staff_letter.pk, cited.company_letter.pk]
    )


def test_it_filters_letters_by_kind_form_and_date_range(api):
    march = conversation_make(when=date(2024, 3, 1))
    conversation_make(when=date(2023, 3, 1))
    found = _ids(
        api.get("/api/v1/letters/", {"kind": "staff_comment_letter", "form": "upload", "letter_date_from": "2024-01-01"})
    )
    assert found == [march.staff_letter.pk]


def test_it_filters_letters_by_ticker_and_company_name(api):
    company = company_make(name="Acme Widgets Inc.")
    company.tickers = ["ACME"]
    company.save()
    acme = conversation_make(company=company)
    conversation_make(company=company_make(name="Other Corp"))
    expected = sorted([acme.staff_letter.pk, acme.company_letter.pk])
    assert sorted(_ids(api.get("/api/v1/letters/", {"ticker": "acme"}))) == expected
    assert sorted(_ids(api.get("/api/v1/letters/", {"company_name": "widgets"}))) == expected


def test_it_shows_a_letter_with_its_text_and_edgar_folder(api):
    conversation = conversation_make()
    body = api.get(f"/api/v1/letters/{conversation.staff_letter.pk}/").json()
    assert body["text"].startswith("Dear Sir") and body["edgar_url"].startswith("https://www.sec.gov/Archives/edgar/data/")
    assert [c["number"] for c in body["comments"]] == [1, 2]


def test_it_links_a_company_letter_to_the_staff_letter_it_answers(api):
    conversation = conversation_make()
    body = api.get(f"/api/v1/letters/{conversation.company_letter.pk}/").json()
    assert body["responds_to"] == conversation.staff_letter.pk
    assert [r["comment"] for r in body["responses"]] == [c.pk for c in conversation.comments]


def test_it_shows_a_staff_comment_with_the_companys_answers(api):
    conversation = conversation_make()
    body = api.get(f"/api/v1/staff-comments/{conversation.comments[0].pk}/").json()
    assert (body["letter"]["id"], [r["id"] for r in body["responses"]]) == (
        conversation.staff_letter.pk,
        [conversation.responses[0].pk],
    )


def test_it_filters_staff_comments_by_topic_and_commitment(api):
    conversation = conversation_make(topics=("non_gaap",))
    assert _ids(api.get("/api/v1/staff-comments/", {"topic": "non_gaap", "commitment": "true"})) == [conversation.comments[0].pk]
    assert _ids(api.get("/api/v1/staff-comments/", {"topic": "non_gaap", "commitment": "false"})) == []


def test_it_lists_only_comments_of_the_latest_parse_unless_asked(api):
    conversation = conversation_make()
    stale = conversation.comments[1]
    stale.in_latest_parse, stale.position = False, None
    stale.save()
    assert _ids(api.get("/api/v1/staff-comments/")) == [conversation.comments[0].pk]
    assert _ids(api.get("/api/v1/staff-comments/", {"in_latest_parse": "false"})) == [stale.pk]


def test_it_filters_company_responses_by_commitment_and_shows_the_comment(api):
    conversation = conversation_make()
    body = api.get("/api/v1/company-responses/", {"commitment": "true"}).json()
    assert [r["id"] for r in body["results"]] == [conversation.responses[0].pk]
    assert body["results"][0]["comment"]["id"] == conversation.comments[0].pk


def test_it_lists_referenced_filings_with_the_filing_matched(api):
    conversation = conversation_make()
    body = api.get("/api/v1/referenced-filings/", {"referenced_form": "10-k", "resolved": "true"}).json()
    assert [(r["id"], r["filing"]["accession_number"]) for r in body["results"]] == [
        (conversation.reference.pk, conversation.subject.accession_number)
    ]


def test_it_orders_staff_comments_by_their_letters_date(api):
    old = conversation_make(when=date(2020, 1, 1))
    new = conversation_make(when=date(2024, 1, 1))
    found = _ids(api.get("/api/v1/staff-comments/", {"ordering": "letter_date", "page_size": 1}))
    assert found == [old.comments[0].pk] and new


def test_it_lists_the_resources_at_the_root(api):
    body = api.get("/api/v1/").json()
    assert {"companies", "filings", "documents", "letters", "staff_comments", "company_responses", "referenced_filings"} <= set(
        body
    )


def test_it_orders_letters_newest_first_by_default(api):
    conversations_make(3)
    dates = [row["letter_date"] for row in api.get("/api/v1/letters/").json()["results"]]
    assert dates == sorted(dates, reverse=True) and Letter.objects.count() == 6
