"""Edge cases of the comment-letter parser on small hand-written letters."""

from __future__ import annotations

from datetime import date

from comments.parser import parse_letter

STAFF_HEAD = """March 3, 2022

Jane Roe
Chief Financial Officer
Acme Widgets, Inc.
1 Main Street
Springfield, IL 62701

Re: Acme Widgets, Inc.
{re}

Dear Ms. Roe:

We have reviewed your filing and have the following comments. In some of our comments, we may ask you to
provide us with information so we may better understand your disclosure.

After reviewing your response to these comments, we may have additional comments.

"""
STAFF_TAIL = """
We remind you that the company and its management are responsible for the accuracy
and adequacy of their disclosures, notwithstanding any review, comments, action or absence of
action by the staff.

You may contact John Doe at (202) 551-0000 with any questions.

Sincerely,

Division of Corporation Finance
Office of Manufacturing
"""
RE_10K = "Form 10-K for the Fiscal Year Ended December 31, 2021\nFiled February 24, 2022\nFile No. 001-12345"


def staff(body: str, re: str = RE_10K, tail: str = STAFF_TAIL) -> str:
    return STAFF_HEAD.format(re=re) + body + tail


def test_it_numbers_comments_under_headings_with_their_pages():
    letter = parse_letter(
        staff("""Form 10-K for the Fiscal Year Ended December 31, 2021

Management's Discussion and Analysis
Results of Operations, page 45

1. Please quantify each factor you cite for the change in revenue.

Segment Information, page 80

2. Tell us how you identified your operating segments.
"""),
        form_type="UPLOAD",
    )
    assert [(c.number, c.page) for c in letter.comments] == [(1, "45"), (2, "80")]
    assert letter.comments[1].heading == "Form 10-K for the Fiscal Year Ended December 31, 2021 / Segment Information, page 80"


def test_it_keeps_lettered_sub_items_and_bullets_inside_their_comment():
    letter = parse_letter(
        staff("""Revenue Recognition, page 60

1. Please tell us:
a. how you identify performance obligations;
b. when control transfers; and
\u2022 whether you act as principal or agent.

2. Please revise your segment note.
"""),
        form_type="UPLOAD",
    )
    assert [c.number for c in letter.comments] == [1, 2]
    assert "when control transfers" in letter.comments[0].text and "principal or agent" in letter.comments[0].text


def test_it_follows_numbers_that_restart_under_each_filing_heading():
    letter = parse_letter(
        staff("""Form 10-K for the Fiscal Year Ended December 31, 2021

Liquidity, page 30

1. Please discuss your debt covenants.

2. Please expand your discussion of cash flows.

Form 10-Q for the Quarterly Period Ended March 31, 2022

Note 3. Revenue, page 9

1. Please disaggregate revenue by product line.
"""),
        form_type="UPLOAD",
    )
    assert [c.number for c in letter.comments] == [1, 2, 1]
    assert letter.comments[2].heading.startswith("Form 10-Q")


def test_it_numbers_a_single_unnumbered_comment_1():
    letter = parse_letter(
        staff("""Form 10-K for the Fiscal Year Ended December 31, 2021

Item 7. Management's Discussion and Analysis, page 44

We note your disclosure of a new regulatory order. Please expand MD&A to describe its expected
impact on revenues, as required by Item 303 of Regulation S-K.
"""),
        form_type="UPLOAD",
    )
    assert [(c.number, c.text[:7]) for c in letter.comments] == [(1, "We note")]
    assert "Regulation S-K Item 303" in letter.literature


def test_it_reads_a_completed_review_as_review_complete_without_comments():
    text = STAFF_HEAD.split("We have reviewed")[0].format(re=RE_10K) + (
        "We have completed our review of your filing. We remind you that the company and its management are\n"
        "responsible for the accuracy and adequacy of their disclosures.\n\nSincerely,\n\nDivision of Corporation Finance\n"
    )
    letter = parse_letter(text, form_type="UPLOAD")
    assert (letter.kind, letter.comments) == ("review_complete", [])


def test_it_reads_a_no_review_letter():
    text = STAFF_HEAD.split("We have reviewed")[0].format(
        re="Registration Statement on Form S-3\nFiled May 1, 2022\nFile No. 333-264000"
    ) + (
        "This is to advise you that we have not reviewed and will not review your registration statement.\n\n"
        "Sincerely,\n\nDivision of Corporation Finance\n"
    )
    assert parse_letter(text, form_type="UPLOAD").kind == "no_review"


def test_it_sees_that_a_pre_2016_staff_letter_asks_for_the_acknowledgements():
    tail = """
In responding to our comments, please provide a written statement from the company acknowledging that:
\u2022 the company is responsible for the adequacy and accuracy of the disclosure in the filing;

Sincerely,

/s/ Mary Major
Mary Major
Branch Chief
"""
    letter = parse_letter(staff("1. Please revise your risk factors.\n", tail=tail), form_type="UPLOAD")
    assert letter.acknowledgements_requested is True
    assert letter.signatories == ["Mary Major"]


def test_it_sees_that_a_post_2016_staff_letter_only_reminds():
    letter = parse_letter(staff("1. Please revise your risk factors.\n"), form_type="UPLOAD")
    assert letter.acknowledgements_requested is False
    assert letter.staff_office == "Office of Manufacturing"


def test_it_reads_an_amendment_to_a_registration_statement_in_the_re_block():
    letter = parse_letter(
        staff(
            "1. Please revise the cover page.\n",
            re="Amendment No. 2 to Registration Statement on Form S-1\nFiled June 1, 2022\nFile No. 333-260000",
        ),
        form_type="UPLOAD",
    )
    (ref,) = letter.referenced_filings
    assert (ref.form, ref.amendment, ref.filed, ref.file_number) == ("S-1/A", 2, date(2022, 6, 1), "333-260000")


def test_it_reads_responses_and_comment_letters_named_in_the_re_block():
    re = "Form 10-K for the Fiscal Year Ended December 31, 2021\nResponse dated April 1, 2022\nFile No. 1-5678"
    letter = parse_letter(staff("1. Please revise.\n", re=re), form_type="UPLOAD")
    assert [(f.form, f.file_number) for f in letter.referenced_filings] == [("10-K", "1-5678"), ("CORRESP", None)]


COMPANY_HEAD = """VIA EDGAR

April 10, 2022

U.S. Securities and Exchange Commission
Division of Corporation Finance
100 F Street, N.E.
Washington, D.C. 20549

Re: Acme Widgets, Inc.
Form 10-K for the Fiscal Year Ended December 31, 2021
Filed February 24, 2022
File No. 001-12345

Dear Ms. Doe:

This letter responds to the comments of the staff in your letter dated March 3, 2022.

"""
COMPANY_TAIL = """
If you have any questions, please call me.

Sincerely,

/s/ Jane Roe
Jane Roe
Chief Financial Officer
"""


def test_it_splits_restated_comments_from_answers_at_response_markers():
    letter = parse_letter(
        COMPANY_HEAD
        + """Results of Operations, page 45

1. Please quantify each factor you cite.

Response: In future filings, we will quantify each material factor.

2. Tell us how you identified your operating segments.

Response: We respectfully advise the Staff that our chief operating decision maker reviews one segment.
"""
        + COMPANY_TAIL,
        form_type="CORRESP",
    )
    assert [(r.number, r.commitment) for r in letter.responses] == [(1, True), (2, False)]
    assert letter.responses[0].restated_comment == "Please quantify each factor you cite."
    assert letter.responses[0].text.startswith("In future filings")
    assert letter.responds_to_letter_date == date(2022, 3, 3)


def test_it_uses_italics_to_split_when_there_is_no_response_marker():
    body = (
        "1. Please expand your discussion of liquidity.\n\n"
        "Our disclosure already addresses liquidity. We will revise the discussion in our next Form 10-K.\n\n"
        "2. Please tell us about your leases.\n\n"
        "We have no material leases.\n"
    )
    text = COMPANY_HEAD + body + COMPANY_TAIL
    spans = []
    for sentence in ("Please expand your discussion of liquidity.", "Please tell us about your leases."):
        start = text.index(sentence)
        spans.append((start, start + len(sentence), "i"))
    letter = parse_letter(text, form_type="CORRESP", emphasis=spans)
    assert [(r.number, r.text.split(".")[0]) for r in letter.responses] == [
        (1, "Our disclosure already addresses liquidity"),
        (2, "We have no material leases"),
    ]
    assert [r.commitment for r in letter.responses] == [True, False]


def test_it_ignores_a_numbered_list_inside_an_answer():
    letter = parse_letter(
        COMPANY_HEAD
        + """1. Please describe your reserves process.

Response: Our process has three steps:

1. data review;

2. actuarial analysis; and

3. management review.

2. Please tell us about goodwill.

Response: We tested goodwill for impairment.
"""
        + COMPANY_TAIL,
        form_type="CORRESP",
    )
    assert [r.number for r in letter.responses] == [1, 2]


def test_it_matches_paraphrased_acknowledgements_in_a_company_letter():
    letter = parse_letter(
        COMPANY_HEAD
        + """1. Please revise.

Response: We will revise the disclosure in future filings.

The Company acknowledges that it is responsible for the accuracy and adequacy of its disclosures,
that comments of the staff do not foreclose the Commission from taking any action, and that it may not
assert staff comments as a defense in any proceeding.
"""
        + COMPANY_TAIL,
        form_type="CORRESP",
    )
    assert {a.statement: a.present for a in letter.acknowledgements} == {
        "responsibility": True,
        "no_foreclosure": True,
        "no_defense": True,
    }
    assert letter.acknowledgements_requested is None


def test_it_reads_an_acceleration_request():
    letter = parse_letter(
        COMPANY_HEAD.replace(
            "This letter responds to the comments of the staff in your letter dated March 3, 2022.",
            (
                "Pursuant to Rule 461, the Company hereby requests acceleration of the effective date of the Registration "
                "Statement so that it becomes effective at 4:00 p.m. on April 12, 2022."
            ),
        )
        + COMPANY_TAIL,
        form_type="CORRESP",
    )
    assert letter.kind == "acceleration_request"


def test_it_reads_an_extension_request():
    letter = parse_letter(
        COMPANY_HEAD.replace(
            "This letter responds to the comments of the staff in your letter dated March 3, 2022.",
            (
                "We received your letter dated March 3, 2022. The Company respectfully requests an extension and will respond "
                "no later than April 30, 2022."
            ),
        )
        + COMPANY_TAIL,
        form_type="CORRESP",
    )
    assert letter.kind == "extension_request"


def test_it_drops_page_furniture_and_joins_hyphenated_words():
    letter = parse_letter(
        staff("""1. Please expand your discussion of the allow-
ance for credit losses.

Page 2 of 3

2. Please revise.
"""),
        form_type="UPLOAD",
    )
    assert letter.comments[0].text.startswith("Please expand your discussion of the allowance for credit losses.")
    assert "Page 2" not in letter.comments[0].text


def test_it_normalises_literature_references():
    letter = parse_letter(
        staff("""1. Refer to ASC 280-10-50-5, FAS 157, SAB Topic 1.M, SAB 99, Rule 3-05 of Regulation S-X
and Rule 14a-8 and revise.
"""),
        form_type="UPLOAD",
    )
    for ref in ("ASC 280-10-50-5", "SFAS 157", "SAB Topic 1.M", "SAB 99", "Regulation S-X Rule 3-05", "Rule 14a-8"):
        assert ref in letter.literature


def test_it_decides_the_side_from_the_text_when_the_form_is_unknown():
    assert parse_letter(staff("1. Please revise.\n")).kind == "staff_comment_letter"
    assert (
        parse_letter(COMPANY_HEAD + "1. Please revise.\n\nResponse: We will revise.\n" + COMPANY_TAIL).kind == "company_response"
    )


OLD_STAFF_LETTER = """Mail Stop 4561

March 3, 2010

Mr. John Smith
Chief Financial Officer
Old Bank Corp.

Re: Old Bank Corp.
Form 10-K for the Fiscal Year Ended December 31, 2008
File No. 0-12345

Dear Mr. Smith:

We have reviewed your filing and have the following comments.

Allowance for Loan Losses, page 34

1.       Please revise future filings to disclose impaired loans
         with no related allowance.

Closing Comments

In connection with responding to our comments, please provide, in writing, a statement
from the company acknowledging that:

\u2022 the company is responsible for the adequacy and accuracy of the disclosure in the filing;

You may contact Jane Doe at (202) 551-3400 if you have questions.

Sincerely,

Amit Pande
Accounting Branch Chief
"""


def test_it_recognises_an_old_staff_letter_without_a_form_type():
    letter = parse_letter(OLD_STAFF_LETTER)
    assert (letter.kind, letter.acknowledgements_requested, letter.signatories) == ("staff_comment_letter", True, ["Amit Pande"])


def test_it_ends_the_last_comment_before_the_closing_comments():
    (comment,) = parse_letter(OLD_STAFF_LETTER, form_type="UPLOAD").comments
    assert comment.text == "Please revise future filings to disclose impaired loans with no related allowance."


def test_it_numbers_unnumbered_restated_comments_between_comment_and_response_labels():
    body = """Results of Operations, page 45

Comment:

We note your discussion of revenue.

Please quantify each factor you cite.

Response:

In future filings, we will quantify each material factor.

Segments, page 80

Comment: Tell us how you identified your operating segments.

Response: We respectfully advise the Staff that our CODM reviews one segment.
"""
    letter = parse_letter(COMPANY_HEAD + body + COMPANY_TAIL, form_type="CORRESP")
    assert [(c.number, c.text.split(".")[0], c.heading) for c in letter.comments] == [
        (1, "We note your discussion of revenue", "Results of Operations, page 45"),
        (2, "Tell us how you identified your operating segments", "Segments, page 80"),
    ]
    assert [(r.number, r.commitment) for r in letter.responses] == [(1, True), (2, False)]


def test_it_reports_a_reference_once_in_its_most_specific_form():
    letter = parse_letter(
        staff("1. Refer to Rule 100(b) of Regulation G and Question 100.01 of the Non-GAAP C&DIs.\n"), form_type="UPLOAD"
    )
    assert letter.literature == ["Regulation G Rule 100", "C&DI 100.01"]
    assert "non_gaap" in letter.topics


def test_a_letter_that_prints_no_date_is_undated_not_dated_by_its_re_block_or_body():
    body = "1. Please quantify each factor you cite.\n\nResponse: On May 2, 2022 we filed an amendment that quantifies them.\n"
    letter = parse_letter(COMPANY_HEAD.replace("April 10, 2022\n", "") + body + COMPANY_TAIL, form_type="CORRESP")
    # Not the period (2021-12-31) or filing date in the Re: block, nor the letter answered, nor a date in the body:
    # the date comes from EDGAR's filing date instead.
    assert (letter.letter_date, letter.responds_to_letter_date) == (None, date(2022, 3, 3))


def test_a_letter_dated_below_its_letterhead_on_one_glued_line_keeps_that_date():
    head = COMPANY_HEAD.replace("VIA EDGAR\n\nApril 10, 2022\n\n", "Jane Roe Chief Financial Officer Via EDGAR April 10, 2022 ")
    letter = parse_letter(head + "1. Please quantify.\n\nResponse: We will.\n" + COMPANY_TAIL, form_type="CORRESP")
    assert letter.letter_date == date(2022, 4, 10)


def test_it_spells_each_staff_office_one_way_however_the_letter_prints_it():
    def office(printed: str) -> str | None:
        tail = STAFF_TAIL.replace("Office of Manufacturing", printed)
        return parse_letter(staff("1. Please revise.\n", tail=tail), form_type="UPLOAD").staff_office

    assert office("Office of Trade & Services") == office("Office of Trade and Services") == "Office of Trade and Services"
    assert office("Office of Beverages, Apparel, and Mining") == "Office of Beverages, Apparel and Mining"
    assert office("Office of Disclosure Support, Mail Stop 4561") == "Office of Disclosure Support"
