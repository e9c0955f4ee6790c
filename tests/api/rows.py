"""Rows for the API and page tests: a staff letter and the company's answer, as the parser stores them.
Built from tests/comments/factories.py, row by row, so these tests do not depend on the parser."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from comments.models import CompanyResponse, FilingReference, Letter, Review, StaffComment
from comments.services import reviews_thread_all
from filings.models import Company, Document, Filing, IngestionFailure, IngestionRun
from tests.comments.factories import company_make, document_make, filing_make, letter_make


@dataclass
class Conversation:
    company: Company
    staff_letter: Letter
    company_letter: Letter
    comments: list[StaffComment]
    responses: list[CompanyResponse]
    reference: FilingReference
    subject: Filing
    review: Review | None = None


def conversation_make(
    *,
    company: Company | None = None,
    uploaded_by=None,  # noqa: ANN001  a user: the letters are then private uploads of theirs
    organisation=None,  # noqa: ANN001  the organisation private letters belong to
    when: date = date(2024, 3, 1),
    comment_text: str = "Please quantify the effect of the price increase on net sales.",
    response_text: str = "In future filings we will quantify the effect of price changes.",
    topics: tuple[str, ...] = ("mdna", "revenue_recognition"),
    literature: tuple[str, ...] = ("ASC 606-10-50-5",),
    filename: str = "filename1.htm",
) -> Conversation:
    company = company or company_make()
    private = uploaded_by is not None or organisation is not None
    subject = filing_make(company=company, form_type="10-K", filing_date=date(when.year, 2, 1))

    def one_letter(form: str, kind: str, dated: date, text: str) -> Letter:
        fields = {"is_private": True, "uploaded_by": uploaded_by, "organisation": organisation, "text": text} if private else {}
        if not private:
            filing = filing_make(company=company, form_type=form, filing_date=dated)
            fields.update(filing=filing, document=document_make(filing=filing, text=text, filename=filename))
        return letter_make(
            company=company,
            form_type=form,
            kind=kind,
            letter_date=dated,
            topics=list(topics),
            literature=list(literature),
            parse_status=Letter.ParseStatus.PARSED,
            subject_filing=subject,
            **fields,
        )

    staff = one_letter("UPLOAD", Letter.Kind.STAFF_COMMENT_LETTER, when, f"Dear Sir:\n\n1. {comment_text}\n\n2. Tell us more.")
    answer_date = date(when.year, when.month, min(when.day + 20, 28))
    answer = one_letter("CORRESP", Letter.Kind.COMPANY_RESPONSE, answer_date, f"1. {comment_text}\n\nResponse: {response_text}")
    Letter.objects.filter(pk=answer.pk).update(responds_to=staff)
    answer.refresh_from_db()
    comments = [
        StaffComment.objects.create(letter=staff, number=1, text=comment_text, topics=list(topics), position=0),
        StaffComment.objects.create(letter=staff, number=2, text="Tell us more.", topics=["other"], position=1),
    ]
    responses = [
        CompanyResponse.objects.create(
            letter=answer,
            comment=comments[0],
            number=1,
            position=0,
            restated_comment=comment_text,
            text=response_text,
            makes_commitment=True,
            commitment_text=response_text,
        ),
        CompanyResponse.objects.create(
            letter=answer,
            comment=comments[1],
            number=2,
            position=1,
            restated_comment="Tell us more.",
            text="We have nothing to add.",
        ),
    ]
    reference = FilingReference.objects.create(
        letter=staff,
        form="10-K",
        period_end=date(when.year - 1, 12, 31),
        filing_date=subject.filing_date,
        file_number="001-34567",
        filing=subject,
    )
    return Conversation(company, staff, answer, comments, responses, reference, subject)


def reviewed_conversation_make(**kwargs) -> Conversation:
    """A conversation threaded into its review by the real threading service: the company letter names
    the date of the staff letter it answers, as company letters do."""
    conversation = conversation_make(**kwargs)
    Letter.objects.filter(pk=conversation.company_letter.pk).update(responds_to_letter_date=conversation.staff_letter.letter_date)
    reviews_thread_all(company_ids=[conversation.company.pk])
    for letter in (conversation.staff_letter, conversation.company_letter):
        letter.refresh_from_db()
    conversation.review = Review.objects.get(pk=conversation.staff_letter.review_id)
    return conversation


def conversations_make(n: int, **kwargs) -> list[Conversation]:
    return [conversation_make(when=date(2020 + i % 5, 1 + i % 12, 1 + i), **kwargs) for i in range(n)]


def ingestion_run_make(*, failures: int = 1) -> IngestionRun:
    run = IngestionRun.objects.create(source=IngestionRun.Source.ACCESSION, status=IngestionRun.Status.PARTIAL, filings_seen=3)
    company = company_make()
    for i in range(failures):
        filing = filing_make(company=company, fetch_status=Filing.FetchStatus.FAILED)
        IngestionFailure.objects.create(
            run=run,
            stage=IngestionFailure.Stage.FETCH,
            item=filing.accession_number,
            filing=filing,
            document=Document.objects.create(filing=filing, sequence=1, filename=f"doc{i}.pdf", content=b"%PDF-1.4 bytes"),
            error_type="TransientError",
            message="503 from EDGAR",
            retryable=True,
        )
    return run
