"""Filings named in a Re: block."""

from __future__ import annotations

from datetime import date

from comments.parser.references import parse_reference_text


def refs(text: str) -> list[tuple]:
    return [(f.form, f.period_end, f.filed, f.file_number, f.amendment) for f in parse_reference_text(text)]


def test_it_spreads_dates_printed_with_respectively_over_the_filings_above():
    got = refs(
        "Form 10-K for the fiscal year ended December 31, 2017 | Form 10-Q for the quarterly period ended June 30, 2018 | "
        "Filed February 28, 2018 and August 7, 2018, respectively | File No. 1-13087"
    )
    assert got == [
        ("10-K", date(2017, 12, 31), date(2018, 2, 28), "1-13087", None),
        ("10-Q", date(2018, 6, 30), date(2018, 8, 7), "1-13087", None),
    ]


def test_it_keeps_each_registrants_own_file_number():
    got = refs(
        "Registration Statement on Form S-4 | Filed March 29, 2017 | File No. 333-216991 | Baker Hughes, Inc. | "
        "Form 10-K for Fiscal Year Ended December 31, 2016 | Filed February 8, 2017 | File No. 001-09397"
    )
    assert [(g[0], g[3]) for g in got] == [("S-4", "333-216991"), ("10-K", "001-09397")]


def test_it_reads_a_file_number_broken_by_a_space():
    assert refs("Registration Statement on Form S-4 (File No. 333- 227503)")[0][3] == "333-227503"


def test_it_ignores_a_form_named_inside_a_defined_term():
    assert len(refs('Form 10-K for Fiscal Year Ended December 31, 2021 ("2021 Form 10-K") | File No. 001-03950')) == 1


def test_it_takes_the_date_of_an_8k_as_its_period():
    assert refs("Form 8-K dated February 5, 2019 | Filed February 5, 2019 | File No. 1-1")[0][1:3] == (
        date(2019, 2, 5),
        date(2019, 2, 5),
    )


def test_it_reads_a_draft_registration_statement_as_drs():
    assert refs("Amendment No. 7 to | Draft Registration Statement on Form 10-12G | Submitted February 9, 2024")[0][:3] == (
        "DRS",
        None,
        date(2024, 2, 9),
    )


def test_it_reads_proxy_schedules_as_edgar_forms():
    assert refs("Definitive Proxy Statement on Schedule 14A | Filed March 30, 2016")[0][0] == "DEF 14A"
    assert refs("Soliciting Material on Schedule 14A | Filed April 23, 2018 by Elaine P. Wynn")[0][0] == "DFAN14A"


def test_it_reads_a_comment_letter_line_as_upload_and_a_response_line_as_corresp():
    got = refs("Comment letter dated March 1, 2022 | Response Letter dated February 10, 2023")
    assert [(g[0], g[2], g[3]) for g in got] == [("UPLOAD", date(2022, 3, 1), None), ("CORRESP", date(2023, 2, 10), None)]


def test_it_reads_a_form_printed_without_the_word_form():
    assert refs("10-K for the Fiscal Year Ended December 31, 2021 | File No. 000-30713")[0][:2] == ("10-K", date(2021, 12, 31))
