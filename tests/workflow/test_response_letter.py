"""The response letter from approved drafts, as DOCX (read back with python-docx) and HTML; and the seed
response rebuilt from its own parsed parts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from comments.parser import parse_letter
from filings.extraction import extract_text
from tests.workflow.docx_reading import docx_header_text, docx_paragraphs, paragraph_with, re_block
from tests.workflow.letters import COMMENTS, Team, company_make, staff_letter_text, upload
from workflow import services
from workflow.models import ResponseLetter
from workflow.rendering import response_letter_docx

pytestmark = pytest.mark.django_db

ANSWERS = [
    "In future filings we will quantify each factor that contributed to the change in revenue.\n\nFor example, "
    "price increases added $12 million.",
    "We respectfully advise the Staff that the two operating segments have similar economic characteristics.",
    "In future filings we will disclose the amounts available under the facility at each quarter end.",
]
TANDY = ("is responsible for the adequacy and accuracy", "do not foreclose the Commission", "may not assert staff comments")


@pytest.fixture
def team() -> Team:
    return Team()


def answered(team: Team, letter_date: date = date(2024, 12, 20), *, approve: int = 3) -> ResponseLetter:
    """A staff letter through intake, every comment drafted, the first `approve` of them approved."""
    letter = upload(organisation=team.organisation, user=team.editor, company=company_make(), text=staff_letter_text(letter_date))
    for i, comment in enumerate(letter.comments.order_by("position")):
        draft = services.draft_save(user=team.editor, organisation=team.organisation, comment=comment, text=ANSWERS[i])
        draft = services.draft_submit(user=team.editor, draft=draft)
        if i < approve:
            services.draft_approve(user=team.approver, draft=draft, revision=draft.revision)
    response_letter = services.response_letter_for(user=team.editor, organisation=team.organisation, staff_letter=letter)
    return services.response_letter_update(
        user=team.editor, response_letter=response_letter, signatory_name="John Smith", signatory_title="Chief Financial Officer"
    )


def generate(
    team: Team, response_letter: ResponseLetter, *, final: bool = True, file_format: str = "docx", today: date = date(2025, 1, 6)
):  # noqa: ANN201
    return services.response_letter_generate(
        user=team.editor, response_letter=response_letter, final=final, file_format=file_format, today=today
    )


def test_it_restates_each_comment_in_italics_followed_by_its_approved_response(team):
    paragraphs = docx_paragraphs(generate(team, answered(team)).data)

    for (_, comment), answer in zip(COMMENTS, ANSWERS):
        restated = paragraph_with(paragraphs, comment)
        assert restated.italic
        assert not paragraph_with(paragraphs, answer.split("\n\n")[0]).italic
    texts = [p.text for p in paragraphs]
    order = [next(i for i, t in enumerate(texts) if comment in t) for _, comment in COMMENTS]
    assert order == sorted(order)
    # An answer's own paragraphs stay paragraphs.
    assert "For example, price increases added $12 million." in texts


def test_it_prints_each_heading_once_above_the_comments_under_it(team):
    texts = [p.text for p in docx_paragraphs(generate(team, answered(team)).data)]
    texts = texts[texts.index("Ladies and Gentlemen:") :]  # the body, after the Re: block
    assert texts.count("Form 10-K for the Fiscal Year Ended December 31, 2023") == 1
    assert texts.index("Note 4. Segments, page 82") < texts.index(next(t for t in texts if COMMENTS[1][1] in t))


def test_it_names_every_filing_under_review_with_its_file_number(team):
    paragraphs = docx_paragraphs(generate(team, answered(team)).data)
    assert re_block(paragraphs) == [
        "Acme Widgets Inc.",
        "Form 10-K for the Fiscal Year Ended December 31, 2023",
        "Filed February 20, 2024",
        "Form 10-Q for the Quarterly Period Ended June 30, 2024",
        "Filed August 1, 2024",
        "File No. 001-37711",
    ]


def test_it_is_dated_addressed_to_the_staff_office_and_refers_to_the_staff_letter(team):
    texts = [p.text for p in docx_paragraphs(generate(team, answered(team)).data)]
    assert texts[0] == "January 6, 2025"
    assert "Office of Manufacturing" in texts and "U.S. Securities and Exchange Commission" in texts
    assert any("your letter dated December 20, 2024" in t for t in texts)
    assert "Very truly yours," in texts and "By: John Smith\nChief Financial Officer" in texts


def test_a_letter_after_2016_10_05_carries_no_acknowledgements(team):
    text = "\n".join(p.text for p in docx_paragraphs(generate(team, answered(team)).data))
    assert not any(statement in text for statement in TANDY)


def test_a_letter_before_2016_10_05_carries_the_three_acknowledgements(team):
    response_letter = answered(team, date(2015, 3, 2))
    text = "\n".join(p.text for p in docx_paragraphs(generate(team, response_letter, today=date(2015, 3, 16)).data))
    assert all(statement in text for statement in TANDY)


def test_it_is_not_final_while_a_draft_is_unapproved(team):
    response_letter = answered(team, approve=2)
    with pytest.raises(ValidationError, match="comment 3"):
        generate(team, response_letter)
    assert ResponseLetter.objects.get().status == ResponseLetter.Status.DRAFTING


def test_a_marked_draft_says_so_on_every_page_and_beside_each_unapproved_answer(team):
    generated = generate(team, answered(team, approve=2), final=False)

    paragraphs = docx_paragraphs(generated.data)
    assert "DRAFT" in docx_header_text(generated.data) and paragraphs[0].text == "DRAFT"
    assert [p.text for p in paragraphs if p.text.startswith("Response:")] == ["Response:"] * 2 + ["Response:  [in review]"]
    assert generated.filename.endswith("-DRAFT.docx")
    assert ResponseLetter.objects.get().status == ResponseLetter.Status.DRAFTING


def test_a_viewer_may_read_a_marked_draft_but_not_make_the_final_letter(team):
    response_letter = answered(team)
    assert services.response_letter_generate(user=team.viewer, response_letter=response_letter, final=False).data
    with pytest.raises(PermissionDenied):
        services.response_letter_generate(user=team.viewer, response_letter=response_letter, final=True)


def test_internal_notes_never_reach_the_letter(team):
    response_letter = answered(team)
    comment = response_letter.staff_letter.comments.get(number=1)
    services.note_add(user=team.editor, organisation=team.organisation, comment=comment, text="Ask the auditors first.")
    html = generate(team, response_letter, file_format="html").data.decode()
    docx_text = "\n".join(p.text for p in docx_paragraphs(generate(team, response_letter).data))
    assert "auditors" not in html and "auditors" not in docx_text


def test_the_html_letter_escapes_the_text_it_shows(team):
    response_letter = answered(team, approve=0)
    comment = response_letter.staff_letter.comments.get(number=1)
    services.draft_save(
        user=team.editor, organisation=team.organisation, comment=comment, text='<script>alert("x")</script> & <b>bold</b>'
    )
    html = generate(team, response_letter, final=False, file_format="html").data.decode()
    assert "<script>" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "DRAFT" in html


def test_the_generated_letter_reads_back_through_the_parser_as_the_answers_it_holds(team):
    response_letter = answered(team)
    for file_format, filename in (("html", "filename1.htm"), ("docx", "filename1.docx")):
        data = generate(team, response_letter, file_format=file_format).data
        extraction = extract_text(data, filename=filename, doc_type="CORRESP")
        parsed = parse_letter(extraction.text, form_type="CORRESP", emphasis=list(extraction.emphasis) or None)
        assert (parsed.kind, parsed.responds_to_letter_date) == ("company_response", date(2024, 12, 20))
        assert [r.text for r in parsed.responses] == ANSWERS
        assert [r.heading for r in parsed.responses] == [heading for heading, _ in COMMENTS]


# --- the seed response (../shared/seeds/000_*.txt), rebuilt from its own parsed parts ---------------------

SEED = "000_9b39a0a9723855a0.txt"


def test_the_seed_response_rebuilt_from_its_parts_has_its_re_block_comment_and_acknowledgements(team, seeds_dir: Path):
    path = seeds_dir / SEED
    company = company_make(cik=930236, name="REDWOOD TRUST INC")
    seed = upload(
        organisation=team.organisation, user=team.editor, company=company, text=path.read_text(), form_type="CORRESP", name=SEED
    )

    content = services.company_letter_content(letter=seed)
    paragraphs = docx_paragraphs(response_letter_docx(content))

    assert re_block(paragraphs) == [
        "Redwood Trust, Inc.",
        "Form 10-K for the Fiscal Year Ended December 31, 2008",
        "Filed February 17, 2009",
        "Form 10-Q for the Quarterly Period Ended March 31, 2009",
        "Filed May 5, 2009",
        "Form 10-Q for the Quarterly Period Ended June 30, 2009",
        "Filed August 5, 2009",
        "Form 10-Q for the Quarterly Period Ended September 30, 2009",
        "Filed November 4, 2009",
        "File No. 001-13759",
    ]
    restated = paragraph_with(paragraphs, "We note that serious delinquencies on consolidated Sequoia loans")
    assert restated.italic and restated.text.startswith("1.")
    assert not paragraph_with(paragraphs, "To respond to the Staff's comment").italic
    assert "Note 7. Allowance for Loan Losses, page 24" in [p.text for p in paragraphs]
    text = "\n".join(p.text for p in paragraphs)
    assert content.letter_date == date(2010, 1, 12) and all(statement in text for statement in TANDY)
    assert "your letter dated December 29, 2009" in text and "By: Martin S. Hughes" in text
