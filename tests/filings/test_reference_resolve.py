"""Finding the filing a letter names: locally, else through the company's submissions JSON on EDGAR."""

from __future__ import annotations

import json
from datetime import date

import pytest

from filings import services
from filings.models import Filing
from filings.services import references
from tests.plugins.fake_edgar import client_for

APPLE = 320193


@pytest.fixture(autouse=True)
def empty_cache():
    references._submissions_cache.clear()
    yield
    references._submissions_cache.clear()


def apple_rows(sample, form):
    recent = json.loads((sample / "data.sec.gov/submissions/CIK0000320193.json").read_text())["filings"]["recent"]
    return [
        (acc, date.fromisoformat(rep), date.fromisoformat(filed))
        for acc, f, rep, filed in zip(recent["accessionNumber"], recent["form"], recent["reportDate"], recent["filingDate"])
        if f == form and rep
    ]


@pytest.mark.django_db
def test_it_stores_a_named_filing_found_in_the_submissions_json(fake_edgar, edgar_sample_dir, tmp_path):
    accession, period, filed = apple_rows(edgar_sample_dir, "10-K")[0]

    filing = services.filing_reference_resolve(cik=APPLE, form="10-K", period_end=period, client=client_for(fake_edgar, tmp_path))

    assert filing.accession_number == accession and filing.filing_date == filed
    assert filing.fetch_status == Filing.FetchStatus.METADATA_ONLY
    assert filing.companies.get().cik == APPLE


@pytest.mark.django_db
def test_it_asks_edgar_once_for_several_references_to_one_company(fake_edgar, edgar_sample_dir, tmp_path):
    client = client_for(fake_edgar, tmp_path)
    ((_, k_period, _),) = apple_rows(edgar_sample_dir, "10-K")[:1]
    quarters = apple_rows(edgar_sample_dir, "10-Q")[:2]

    found = [services.filing_reference_resolve(cik=APPLE, form="10-K", period_end=k_period, client=client)]
    found += [services.filing_reference_resolve(cik=APPLE, form="10-Q", period_end=p, client=client) for _, p, _ in quarters]

    assert all(found) and len({f.pk for f in found}) == 3
    assert fake_edgar.stats()["requests"] == 1


@pytest.mark.django_db
def test_it_resolves_nothing_without_a_period_or_date_and_asks_nothing(fake_edgar, tmp_path):
    assert services.filing_reference_resolve(cik=APPLE, form="10-K", client=client_for(fake_edgar, tmp_path)) is None
    assert fake_edgar.stats()["requests"] == 0


def local_10k(accession: str, *, filed: date, file_number: str) -> Filing:
    filing, _ = services.filing_register(
        accession_number=accession, cik=APPLE, form_type="10-K", source=Filing.Source.REFERENCE, filing_date=filed
    )
    Filing.objects.filter(pk=filing.pk).update(period_of_report=date(2024, 9, 28), file_number=file_number)
    return filing


@pytest.mark.django_db
def test_it_prefers_the_filing_with_the_named_file_number_when_two_match():
    original = local_10k("0000320193-24-000123", filed=date(2024, 11, 1), file_number="001-36743")
    other = local_10k("0000320193-24-000999", filed=date(2024, 11, 8), file_number="333-000001")

    named = services.filing_reference_resolve(cik=APPLE, form="10-K", period_end=date(2024, 9, 28), file_number="333-000001")
    unnamed = services.filing_reference_resolve(cik=APPLE, form="10-K", period_end=date(2024, 9, 28))
    unknown = services.filing_reference_resolve(cik=APPLE, form="10-K", period_end=date(2024, 9, 28), file_number="000-0")

    assert named == other
    assert unnamed == original and unknown == original


@pytest.mark.django_db
def test_it_registers_a_filing_named_by_accession_from_the_submissions_json(fake_edgar, edgar_sample_dir, tmp_path):
    accession, period, filed = apple_rows(edgar_sample_dir, "10-K")[0]

    filing = services.filing_by_accession_resolve(cik=APPLE, accession_number=accession, client=client_for(fake_edgar, tmp_path))

    assert (filing.form_type, filing.filing_date, filing.period_of_report) == ("10-K", filed, period)
    assert filing.fetch_status == Filing.FetchStatus.METADATA_ONLY
    again = services.filing_by_accession_resolve(cik=APPLE, accession_number=accession)
    assert again == filing


@pytest.mark.django_db
def test_it_finds_no_filing_by_an_accession_edgar_does_not_list(fake_edgar, tmp_path):
    client = client_for(fake_edgar, tmp_path)

    assert services.filing_by_accession_resolve(cik=APPLE, accession_number="0000320193-99-999999", client=client) is None
    assert services.filing_by_accession_resolve(cik=APPLE, accession_number="0000320193-99-999999") is None
    assert not Filing.objects.exists()
