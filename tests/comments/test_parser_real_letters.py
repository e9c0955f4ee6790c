"""The parser over every real letter of ../shared/edgar-sample: no crash, and the basics found."""

from __future__ import annotations

from pathlib import Path

import pytest

from comments.parser import parse_letter
from filings.extraction import ExtractionError, extract_text

ARCHIVES = Path("www.sec.gov/Archives/edgar/data")


@pytest.fixture(scope="module")
def parsed(edgar_sample_dir):
    out = []
    for path in sorted((edgar_sample_dir / ARCHIVES).glob("*/*/filename1.*")):
        try:
            ex = extract_text(path.read_bytes(), filename=path.name)
        except ExtractionError:
            continue
        form = "UPLOAD" if path.suffix == ".pdf" else "CORRESP"
        out.append((path, form, ex.text, parse_letter(ex.text, form_type=form, emphasis=ex.emphasis)))
    assert len(out) > 500
    return out


# Checked by hand: these two responses print no date anywhere above the greeting, only the 10-K's period.
PRINT_NO_DATE = {"62709/000006270923000019/filename1.htm", "62709/000006270923000059/filename1.htm"}


def test_it_dates_every_real_letter_that_prints_a_date(parsed):
    undated = {"/".join(p.parts[-3:]) for p, _, _, letter in parsed if letter.letter_date is None}
    assert undated == PRINT_NO_DATE


def test_it_finds_comments_in_every_staff_letter_that_announces_them(parsed):
    missing = [
        str(p)
        for p, form, text, letter in parsed
        if form == "UPLOAD" and "have the following comment" in " ".join(text.split()) and not letter.comments
    ]
    assert missing == []


def test_staff_comment_numbers_run_in_order_or_restart_at_1(parsed):
    bad = []
    for p, form, _, letter in parsed:
        numbers = [c.number for c in letter.comments]
        if form == "UPLOAD" and any(b not in (a + 1, 1) for a, b in zip(numbers, numbers[1:])):
            bad.append((str(p), numbers))
    assert bad == []


def test_it_classifies_every_company_letter_as_a_company_kind(parsed):
    kinds = {letter.kind for _, form, _, letter in parsed if form == "CORRESP"}
    assert kinds <= {"company_response", "acceleration_request", "extension_request", "other"}
