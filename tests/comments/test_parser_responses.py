"""Commitments in company answers and the acknowledgement statements."""

from __future__ import annotations

import pytest

from comments.parser.acknowledgements import acknowledgements_requested, find_acknowledgements
from comments.parser.changes import find_commitment
from comments.parser.responses import company_names


@pytest.mark.parametrize(
    "text",
    [
        "In future filings, we will expand our discussion of segment results.",
        "The Company will revise the disclosure in its next Form 10-K.",
        "In response to the Staff's comment, the Company has revised the disclosure on page 45 of Amendment No. 1.",
        "We propose the following revised disclosure for future filings:",
        "Segment operating income will be the only segment profitability measure disclosed in future filings.",
        "In future filings, we will include additional clarification, as applicable.",
        "The Company has elected to disclose the matter on page F-32.",
        "We will, in future quarterly and annual reports, expand the discussion of our consolidated results.",
        "We will remove the footnote reference in future filings, as it was included in error and is not required.",
        "The Company does not believe more disclosure is needed; however, it will revise the caption in future filings.",
        "Exhibits 8.1 and 8.2 have been revised in response to this comment.",
        "We have expanded the disclosure in note (e) to include the following:",
        "Future earnings releases will not include combined results.",
        "The Company agrees in future filings to expand its disclosures.",
        "We will consider and address the comments above.",
    ],
)
def test_it_sees_a_commitment(text):
    assert find_commitment(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "We believe our current disclosure is adequate and do not believe a revision is necessary.",
        "To the extent new regulations take effect, we will include relevant disclosures in future filings.",
        "We will continue to monitor this matter and will disclose material developments in future filings.",
        "We will not revise the disclosure.",
        '"In addition, new requirements will be included in the upcoming regulation."',
        "The Company will submit a supplemental response letter promptly.",
        "Please revise your disclosure in future filings.",
        "The Company has never disclosed, nor does it plan to disclose, these measures.",
        "We intend to reach out to the lenders to discuss potential options.",
        "We will consider the Staff's comment when preparing future filings.",
    ],
)
def test_it_sees_no_commitment(text):
    assert find_commitment(text) is None


def test_it_finds_the_acknowledgements_of_an_acceleration_request():
    text = (
        "should the Commission or the staff declare the filing effective, it does not foreclose the Commission from taking any action; "
        "the action of the Commission does not relieve the company from its full responsibility for the adequacy and accuracy of the disclosure; "
        "and the company may not assert staff comments and the declaration of effectiveness as a defense in any proceeding."
    )
    assert [a.present for a in find_acknowledgements(text)] == [True, True, True]


def test_it_finds_only_the_responsibility_statement_when_that_is_all_there_is():
    text = (
        "We acknowledge that the Company and its management are responsible for the accuracy and adequacy of their disclosures."
    )
    assert [a.present for a in find_acknowledgements(text)] == [True, False, False]


def test_a_reminder_is_not_a_request_for_acknowledgements():
    assert (
        acknowledgements_requested(
            "We remind you that the company and its management are responsible for the accuracy and adequacy of their disclosures."
        )
        is False
    )
    assert (
        acknowledgements_requested(
            "In responding to our comments, please provide a written statement from the company acknowledging that the company is responsible"
        )
        is True
    )


def test_it_reads_the_companys_short_name_as_the_company_speaking():
    names = company_names('M&T Bank Corporation ("M&T" or the "Company")')
    assert find_commitment("M&T will disclose in future filings that it revised its capital plan.", names=names)
