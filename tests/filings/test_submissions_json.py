from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from filings.parsers.submissions import SubmissionsParseError, parse_submissions_json

SUBMISSIONS = Path("data.sec.gov/submissions")


def _parse(edgar_sample_dir: Path, name: str):
    return parse_submissions_json((edgar_sample_dir / SUBMISSIONS / name).read_bytes())


def test_it_reads_the_company_facts(edgar_sample_dir):
    company = _parse(edgar_sample_dir, "CIK0000749647.json").company
    assert (company.cik, company.name, company.tickers) == (749647, "Imunon, Inc.", ["IMNN"])
    assert (company.sic, company.state_of_incorporation, company.fiscal_year_end) == ("2834", "DE", "1231")


def test_it_gives_former_names_iso_dates(edgar_sample_dir):
    company = _parse(edgar_sample_dir, "CIK0000749647.json").company
    assert company.former_names[0] == {"name": "CELSION CORP", "from": "2007-11-21", "to": "2022-09-19"}


def test_it_reads_a_correspondence_row(edgar_sample_dir):
    rows = _parse(edgar_sample_dir, "CIK0000320193.json").filings
    row = next(r for r in rows if r.accession_number == "0000000000-24-003505")
    assert (row.form_type, row.filing_date, row.report_date) == ("UPLOAD", date(2024, 4, 2), None)
    assert row.file_number == "001-36743"
    assert row.primary_document == "filename1.pdf"


def test_acceptance_time_matches_the_sgml_header_clock(edgar_sample_dir):
    rows = _parse(edgar_sample_dir, "CIK0000320193.json").filings
    row = next(r for r in rows if r.accession_number == "0000320193-24-000061")
    # The SGML header of this filing says 20240429090018 (Eastern); the JSON's "Z" is not UTC.
    assert row.acceptance_datetime == datetime(2024, 4, 29, 9, 0, 18)


def test_it_lists_the_more_pages_of_a_big_filer(edgar_sample_dir):
    assert _parse(edgar_sample_dir, "CIK0000749647.json").more_pages == ["CIK0000749647-submissions-001.json"]


def test_it_reads_a_paged_file_whose_top_level_is_the_arrays(edgar_sample_dir):
    page = _parse(edgar_sample_dir, "CIK0000749647-submissions-001.json")
    assert page.company is None
    assert len(page.filings) == 395
    assert page.filings[0].accession_number == "0000749647-10-000032"


def test_it_reads_a_company_without_filings(edgar_sample_dir):
    result = _parse(edgar_sample_dir, "CIK0000350001.json")
    assert result.company.cik == 350001
    assert result.filings == [] and result.more_pages == []


def test_it_parses_every_sample_file(edgar_sample_dir):
    for path in (edgar_sample_dir / SUBMISSIONS).glob("*.json"):
        parse_submissions_json(path.read_bytes())


def test_ragged_arrays_raise():
    arrays = {
        "accessionNumber": ["0000320193-24-000061", "0000320193-24-000062"],
        "form": ["CORRESP"],
        "filingDate": ["2024-04-29", "2024-04-30"],
    }
    with pytest.raises(SubmissionsParseError, match="ragged.*form"):
        parse_submissions_json(json.dumps(arrays).encode())


def test_bad_json_raises():
    with pytest.raises(SubmissionsParseError, match="not JSON"):
        parse_submissions_json(b"<?xml version='1.0'?><Error><Code>NoSuchKey</Code></Error>")


def test_an_object_of_another_shape_raises():
    with pytest.raises(SubmissionsParseError, match="neither"):
        parse_submissions_json(b'{"hello": 1}')
