from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from filings.parsers.daily_index import (
    CORRESPONDENCE_FORMS,
    IndexEntry,
    daily_index_path,
    parse_daily_index,
    render_form_index,
    render_master_index,
)

DAILY = Path("www.sec.gov/Archives/edgar/daily-index")

HEADER = """Description:           Daily Index of EDGAR Dissemination Feed by Form Type
Last Data Received:    Mar 18, 2020
Comments:              webmaster@sec.gov
Anonymous FTP:         ftp://ftp.sec.gov/edgar/

Form Type   Company Name                                                  CIK         Date Filed  File Name
---------------------------------------------------------------------------------------------------------------------------------------------
"""


def _read(edgar_sample_dir: Path, relative: str) -> str:
    return (edgar_sample_dir / relative).read_text(encoding="latin-1")


def _data_rows(text: str) -> int:
    lines = text.splitlines()
    dash = next(i for i, line in enumerate(lines) if line.startswith("-----"))
    return sum(1 for line in lines[dash + 1 :] if line.strip())


def test_it_reads_every_row_of_a_real_form_index(edgar_sample_dir):
    text = _read(edgar_sample_dir, str(DAILY / "2020/QTR1/form.20200318.idx"))
    result = parse_daily_index(text)
    assert len(result.entries) == _data_rows(text)
    assert result.malformed == []


def test_it_keeps_spaces_inside_form_types_and_company_names(edgar_sample_dir):
    result = parse_daily_index(_read(edgar_sample_dir, str(DAILY / "2020/QTR1/form.20200318.idx")))
    entry = next(e for e in result.entries if e.accession_number == "0001010549-20-000033")
    assert (entry.form_type, entry.company_name, entry.cik) == ("1-A POS", "Belpointe REIT, Inc.", 1749817)


def test_it_derives_the_accession_number_from_the_file_name(edgar_sample_dir):
    result = parse_daily_index(_read(edgar_sample_dir, str(DAILY / "2020/QTR1/form.20200318.idx")))
    entry = next(e for e in result.entries if e.filename == "edgar/data/1690511/0001193125-20-031314.txt")
    assert entry.accession_number == "0001193125-20-031314"
    assert entry.form_type == "CORRESP"


def test_it_keeps_the_date_filed_of_late_published_correspondence(edgar_sample_dir):
    result = parse_daily_index(_read(edgar_sample_dir, str(DAILY / "2020/QTR1/form.20200318.idx")))
    correspondence = [e for e in result.entries if e.form_type in CORRESPONDENCE_FORMS]
    assert len(correspondence) == 31
    assert all(e.date_filed < date(2020, 3, 18) for e in correspondence)


def test_it_reads_a_company_index_whose_header_wraps(edgar_sample_dir):
    text = _read(edgar_sample_dir, str(DAILY / "2022/QTR4/company.20221003.idx"))
    result = parse_daily_index(text)
    assert len(result.entries) == _data_rows(text) and result.malformed == []
    first = result.entries[0]
    assert (first.company_name, first.form_type, first.cik) == ("1st stREIT Office Inc.", "1-A POS", 1700461)


def test_it_reads_a_pipe_delimited_master_index(edgar_sample_dir):
    result = parse_daily_index(_read(edgar_sample_dir, str(DAILY / "2018/QTR4/master.20181231.idx")))
    assert result.entries[0] == IndexEntry(
        form_type="4",
        company_name="HENRY SCHEIN INC",
        cik=1000228,
        date_filed=date(2018, 12, 31),
        filename="edgar/data/1000228/0001209191-18-064398.txt",
        accession_number="0001209191-18-064398",
    )


def test_it_reads_iso_dates_in_the_full_index(edgar_sample_dir):
    result = parse_daily_index(_read(edgar_sample_dir, "www.sec.gov/Archives/edgar/full-index/1993/QTR4/master.idx"))
    assert result.entries[0].date_filed == date(1993, 12, 30)
    assert result.malformed == []


def test_it_reads_a_company_name_that_overflows_its_column(edgar_sample_dir):
    result = parse_daily_index(_read(edgar_sample_dir, "odd/badform.idx"))
    entry = next(e for e in result.entries if e.cik == 820694)
    assert entry.form_type == "X-17A-5"
    assert entry.company_name == "UNITED PLANNERS' FINANCIAL SERVICES OF AMERICA A LIMITED PARTNER"


def test_it_returns_nothing_for_an_index_without_rows(edgar_sample_dir):
    result = parse_daily_index(_read(edgar_sample_dir, "odd/empty-form.idx"))
    assert result.entries == [] and result.malformed == []


def test_it_skips_a_malformed_index_row():
    text = HEADER + (
        "CORRESP     Good Co                                                       1234        20200211    edgar/data/1234/0001193125-20-031314.txt\n"
        "CORRESP     Truncated Co                                                  99\n"
        "UPLOAD      Bad Date Co                                                   5678        20201399    edgar/data/5678/0000000000-20-000001.txt\n"
    )
    result = parse_daily_index(text)
    assert [e.company_name for e in result.entries] == ["Good Co"]
    assert [(m.line_number, m.reason) for m in result.malformed] == [
        (9, "does not end with CIK, date filed and file name"),
        (10, "bad date '20201399'"),
    ]


def test_it_records_a_master_row_without_an_accession_number():
    text = "CIK|Company Name|Form Type|Date Filed|File Name\n" + "-" * 80 + "\n1|A|CORRESP|20200101|edgar/data/1/x.txt\n"
    result = parse_daily_index(text)
    assert result.entries == []
    assert "no accession number" in result.malformed[0].reason


def test_it_reads_a_master_row_whose_company_name_holds_a_pipe():
    text = (
        "CIK|Company Name|Form Type|Date Filed|File Name\n"
        + "-" * 80
        + "\n350001|A\\|B|CORRESP|20200101|edgar/data/350001/0000350001-20-000001.txt\n"
    )
    assert parse_daily_index(text).entries[0].company_name == "A\\|B"


def test_it_reports_garbage_without_a_header_as_malformed():
    result = parse_daily_index("<html>Request Rate Threshold Exceeded</html>")
    assert result.entries == [] and len(result.malformed) == 1


@pytest.mark.parametrize(
    ("kind", "day", "path"),
    [
        ("form", date(2020, 3, 18), "/Archives/edgar/daily-index/2020/QTR1/form.20200318.idx"),
        ("master", date(2018, 12, 31), "/Archives/edgar/daily-index/2018/QTR4/master.20181231.idx"),
        ("company", date(2022, 10, 3), "/Archives/edgar/daily-index/2022/QTR4/company.20221003.idx"),
    ],
)
def test_it_builds_the_daily_index_path_for_a_day(kind, day, path):
    assert daily_index_path(kind, day) == path


def test_it_rejects_an_unknown_index_kind():
    with pytest.raises(ValueError, match="unknown daily index kind"):
        daily_index_path("crawler", date(2020, 1, 2))


def test_a_rendered_form_index_reads_back_the_same_entries(edgar_sample_dir):
    entries = parse_daily_index(_read(edgar_sample_dir, str(DAILY / "2020/QTR1/form.20200318.idx"))).entries
    result = parse_daily_index(render_form_index(entries, day=date(2020, 3, 18)))
    assert sorted(result.entries, key=str) == sorted(entries, key=str)
    assert result.malformed == []


def test_a_rendered_master_index_reads_back_the_same_entries(edgar_sample_dir):
    entries = parse_daily_index(_read(edgar_sample_dir, str(DAILY / "2022/QTR4/company.20221003.idx"))).entries
    result = parse_daily_index(render_master_index(entries, day=date(2022, 10, 3)))
    assert sorted(result.entries, key=str) == sorted(entries, key=str)
    assert result.malformed == []


def test_a_rendered_form_index_has_edgars_header_and_dash_line():
    entry = IndexEntry(
        "UPLOAD", "Apple Inc.", 320193, date(2024, 4, 2), "edgar/data/320193/0000000000-24-003505.txt", "0000000000-24-003505"
    )
    lines = render_form_index([entry], day=date(2024, 6, 14)).splitlines()
    assert lines[0].startswith("Description:")
    assert lines[9].startswith("-" * 20)
    assert lines[10].startswith("UPLOAD      Apple Inc.")


def test_it_reads_a_form_type_that_overflows_its_column():
    text = HEADER + (
        "SEC STAFF LETTER Example Staff Letter Co                                  990011      20240227    edgar/data/990011/9999999997-24-000001.txt\n"
        "SCHEDULE 13G/A Example Holder Inc.                                          990012      20240227    edgar/data/990012/0000990012-24-000002.txt\n"
        "UPLOAD      Example Upload Co                                             990013      20240227    edgar/data/990013/0000000000-24-000003.txt\n"
    )
    result = parse_daily_index(text)
    assert result.malformed == []
    assert [(e.form_type, e.company_name) for e in result.entries] == [
        ("SEC STAFF LETTER", "Example Staff Letter Co"),
        ("SCHEDULE 13G/A", "Example Holder Inc."),
        ("UPLOAD", "Example Upload Co"),
    ]
