"""What an extension-request letter asks: until a date, or so many more days (comments.parser.extensions)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from comments.parser import parse_letter
from comments.parser.extensions import extension_request_ask
from filings.extraction import extract_text


def test_it_reads_the_date_the_company_asks_for():
    ask = extension_request_ask(
        "We have determined that we will require additional time to complete our response, and we hereby "
        "respectfully request to extend the reply deadline to no later than Friday, June 14, 2024."
    )
    assert (ask.until, ask.days) == (date(2024, 6, 14), None)


def test_it_takes_the_further_extension_over_the_one_asked_before():
    ask = extension_request_ask(
        "On July 27, 2016, MMC requested an extension until August 17, 2016 to respond to comments of the Staff "
        "received on July 20, 2016. Accordingly, we respectfully request a further extension to August 22, 2016 "
        "to submit our response.",
        letter_date=date(2016, 8, 16),
    )
    assert ask.until == date(2016, 8, 22)


def test_dates_of_the_staff_letter_and_of_a_call_are_not_deadlines():
    ask = extension_request_ask(
        "Reference is made to your letter dated January 21, 2020. I submit this letter to confirm the telephone "
        "conversation on January 29, 2020, pursuant to which the Staff agreed to an extension until February 18, "
        "2020 for the Company's response to the Comment Letter."
    )
    assert ask.until == date(2020, 2, 18)


def test_a_date_wins_over_a_count_of_days():
    ask = extension_request_ask(
        "The Company respectfully requests an extension of an additional ten business days to respond to the "
        "Comment letter. The Company confirms that it will respond on or before May 6, 2024."
    )
    assert (ask.until, ask.days) == (date(2024, 5, 6), None)


def test_it_reads_a_count_of_business_days():
    ask = extension_request_ask(
        "The Company respectfully requests an extension of an additional ten (10) business days to respond."
    )
    assert (ask.until, ask.days, ask.business_days, ask.from_letter_date) == (None, 10, True, False)


def test_it_reads_calendar_days_counted_from_the_staff_letter():
    ask = extension_request_ask(
        "The Company respectfully requests an extension of the original due date requested by the Staff of 30 "
        "calendar days from the date of your correspondence in order to allow it to prepare a response."
    )
    assert (ask.days, ask.business_days, ask.from_letter_date) == (30, False, True)


def test_the_staffs_own_ten_days_is_not_what_the_company_asks():
    assert (
        extension_request_ask(
            "In that letter, you requested that the Company respond to the comments within ten business days. "
            "We will be in touch."
        )
        is None
    )


def test_a_letter_that_names_no_deadline_asks_nothing_readable():
    assert extension_request_ask("We respectfully request additional time to respond to the Staff's comments.") is None


# --- real extension requests on EDGAR (../shared/edgar-sample) -------------------------------------------

REAL = {
    # accession folder: (CIK, the letter's date, what it asks)
    "000119312524149010": (7084, date(2024, 5, 29), date(2024, 6, 14)),
    "000114036124020443": (1551182, date(2024, 4, 18), date(2024, 5, 6)),
    "000006270916000070": (62709, date(2016, 8, 16), date(2016, 8, 22)),
    "000095010322020073": (1326801, date(2022, 11, 23), date(2022, 12, 21)),
    "000110465916110081": (24545, date(2016, 4, 6), date(2016, 4, 15)),
}


@pytest.mark.parametrize("folder", sorted(REAL))
def test_it_reads_real_extension_requests(edgar_sample_dir: Path, folder: str):
    cik, letter_date, until = REAL[folder]
    path = edgar_sample_dir / "www.sec.gov" / "Archives" / "edgar" / "data" / str(cik) / folder / "filename1.htm"
    extraction = extract_text(path.read_bytes(), filename=path.name, doc_type="CORRESP")
    parsed = parse_letter(extraction.text, form_type="CORRESP")
    assert parsed.kind == "extension_request"
    assert extension_request_ask(extraction.text, letter_date=parsed.letter_date).until == until
    assert parsed.letter_date == letter_date
