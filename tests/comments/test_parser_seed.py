"""The parser on the real seed letter: Redwood Trust's 2010 response to one staff comment on a 10-Q."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from comments.parser import parse_letter

SEED = "000_9b39a0a9723855a0.txt"


@pytest.fixture(scope="module")
def seed(seeds_dir: Path):
    path = seeds_dir / SEED
    if not path.exists():
        pytest.skip(f"{path} is missing")
    return parse_letter(path.read_text(), form_type="CORRESP")


def test_it_reads_the_seed_as_a_company_response(seed):
    assert seed.kind == "company_response"


def test_it_dates_the_seed_and_the_staff_letter_it_answers(seed):
    assert (seed.letter_date, seed.responds_to_letter_date) == (date(2010, 1, 12), date(2009, 12, 29))


def test_it_lists_the_10k_and_three_10qs_of_the_re_block(seed):
    forms = [(f.form, f.period_end, f.filed) for f in seed.referenced_filings]
    assert forms == [
        ("10-K", date(2008, 12, 31), date(2009, 2, 17)),
        ("10-Q", date(2009, 3, 31), date(2009, 5, 5)),
        ("10-Q", date(2009, 6, 30), date(2009, 8, 5)),
        ("10-Q", date(2009, 9, 30), date(2009, 11, 4)),
    ]


def test_it_gives_the_shared_file_number_to_every_filing(seed):
    assert {f.file_number for f in seed.referenced_filings} == {"001-13759"}


def test_it_restates_comment_1_under_its_headings(seed):
    assert [(c.number, c.page) for c in seed.comments] == [(1, "24")]
    assert seed.comments[0].heading.endswith("Note 7. Allowance for Loan Losses, page 24")
    assert seed.comments[0].text.startswith("We note that serious delinquencies")


def test_it_separates_the_answer_from_the_restated_comment(seed):
    (response,) = seed.responses
    assert response.number == 1
    assert response.text.startswith("To respond to the Staff's comment")


def test_it_finds_no_commitment_where_the_company_defends_its_disclosure(seed):
    assert seed.responses[0].commitment is False


def test_it_finds_all_three_acknowledgements_including_the_unbulleted_one(seed):
    assert {a.statement: a.present for a in seed.acknowledgements} == {
        "responsibility": True,
        "no_foreclosure": True,
        "no_defense": True,
    }


def test_it_unescapes_dollar_signs(seed):
    assert "$145 million" in seed.comments[0].text and "\\$" not in seed.comments[0].text


def test_it_names_the_signatory_and_the_company(seed):
    assert seed.signatories == ["Martin S. Hughes"]
    assert seed.company_name == "Redwood Trust, Inc."


def test_it_cites_the_loan_loss_literature(seed):
    assert "ASC 310" in seed.literature and "loan_losses_credit" in seed.topics


# --- the seed response as issue #7 states it -------------------------------------------------------------


def test_it_gives_one_response_to_comment_1_under_the_10q_heading_on_page_24(seed):
    (response,) = seed.responses
    assert response.number == 1
    assert "Form 10-Q for the quarter ended September 30, 2009" in response.heading
    assert response.heading.endswith("Note 7. Allowance for Loan Losses, page 24")
    assert response.page == "24"


def test_it_calls_the_seed_answer_provided_information(seed):
    # The staff asked the company to "explain to us" how it judged the reserve adequate; the company explains
    # its method and the factors it weighed, and changes no filing.
    (response,) = seed.responses
    assert (response.answer_type, response.commitment) == ("provided_information", False)


def test_the_seed_carries_all_three_acknowledgements_its_date_requires(seed):
    # Before 2016-10-05 a response acknowledged all three statements; this one is dated 2010-01-12.
    assert seed.letter_date < date(2016, 10, 5)
    assert all(a.present for a in seed.acknowledgements) and len(seed.acknowledgements) == 3


def test_the_seed_contract_gives_the_answer_type_heading_and_page_per_response(seed):
    (response,) = seed.to_contract(file=SEED)["responses"]
    assert response["answer_type"] == "provided_information" and response["commitment"] is False
    assert (response["page"], response["heading"].split(" / ")[0]) == ("24", "Form 10-Q for the quarter ended September 30, 2009")
