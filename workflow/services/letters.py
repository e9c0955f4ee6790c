"""The response letter: built from an organisation's drafts on one staff comment letter, as DOCX or HTML.

Final only when every comment of the staff letter has an approved draft; otherwise only as a marked draft,
whose every page says so. Generating it as final is the round's workflow status (ResponseLetter.status),
kept with its history; any later change of an approved draft sends the letter back to drafting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from comments.models import FilingReference, Letter
from teams.models import Organisation, Role
from workflow.models import Draft, ResponseLetter
from workflow.rendering import FilingNamed, LetterContent, RestatedComment, response_letter_docx, response_letter_html
from workflow.rendering.content import SEC_ADDRESS
from workflow.services.roles import history_user_set, role_require

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
}


@dataclass(frozen=True)
class GeneratedLetter:
    response_letter: ResponseLetter | None
    content: LetterContent
    data: bytes
    content_type: str
    filename: str


def response_letter_for(*, user: Any, organisation: Organisation, staff_letter: Letter) -> ResponseLetter:
    """The organisation's response letter to a staff comment letter, made on first use."""
    role_require(user=user, organisation=organisation, at_least=Role.VIEWER, doing="read response letters")
    if staff_letter.kind != Letter.Kind.STAFF_COMMENT_LETTER:
        raise ValidationError("only a staff comment letter is answered by a response letter", code="not_a_comment_letter")
    if staff_letter.is_private and staff_letter.organisation_id != organisation.pk:
        raise PermissionDenied("no such letter")
    try:
        with transaction.atomic():
            letter, _ = ResponseLetter.objects.get_or_create(organisation=organisation, staff_letter=staff_letter)
    except IntegrityError:  # made a moment ago by a concurrent request
        letter = ResponseLetter.objects.get(organisation=organisation, staff_letter=staff_letter)
    return letter


def response_letter_update(
    *,
    user: Any,
    response_letter: ResponseLetter,
    letter_date: date | None = None,
    signatory_name: str | None = None,
    signatory_title: str | None = None,
    closing: str | None = None,
) -> ResponseLetter:
    """Set what the drafts do not say: the letter's date, the company's signatory and closing."""
    role_require(user=user, organisation=response_letter.organisation, at_least=Role.EDITOR, doing="edit response letters")
    with transaction.atomic():
        letter = ResponseLetter.objects.select_for_update().get(pk=response_letter.pk)
        for name, value in (
            ("letter_date", letter_date),
            ("signatory_name", signatory_name),
            ("signatory_title", signatory_title),
            ("closing", closing),
        ):
            if value is not None:
                setattr(letter, name, value.strip() if isinstance(value, str) else value)
        if letter.status == ResponseLetter.Status.FINAL:
            letter.status = ResponseLetter.Status.DRAFTING  # what was generated no longer matches
        history_user_set(letter, user).save()
    return letter


def _filings(references: list[FilingReference]) -> tuple[FilingNamed, ...]:
    return tuple(
        FilingNamed(form=r.form, period_end=r.period_end, filed=r.filing_date, file_number=r.file_number, amendment=r.amendment)
        for r in references
    )


def _office_lines(office: str) -> list[str]:
    office = (office or "").strip()
    rest = office.removeprefix(SEC_ADDRESS[0]).strip(" ,")
    return [rest] if rest else []


def _status_label(draft: Draft | None) -> str:
    return draft.get_status_display().lower() if draft else "no draft yet"


def response_letter_content(*, response_letter: ResponseLetter, final: bool, today: date | None = None) -> LetterContent:
    """What the letter says from the drafts as they stand. Final: refused unless every comment is approved."""
    staff = Letter.objects.select_related("company").get(pk=response_letter.staff_letter_id)
    comments = list(staff.comments.filter(in_latest_parse=True).order_by("position"))
    drafts = {
        d.comment_id: d for d in Draft.objects.filter(organisation_id=response_letter.organisation_id, comment__in=comments)
    }
    missing = [c.number for c in comments if getattr(drafts.get(c.pk), "status", None) != Draft.Status.APPROVED]
    if final and (missing or not comments):
        raise ValidationError(
            "the letter can be generated as final only when every comment has an approved draft; not yet: "
            + (", ".join(f"comment {n}" for n in missing) or "the letter has no comments"),
            code="drafts_not_approved",
        )
    restated = tuple(
        RestatedComment(
            number=c.number,
            heading=c.heading,
            comment=c.text,
            response=drafts[c.pk].text if c.pk in drafts else "",
            approved=getattr(drafts.get(c.pk), "status", None) == Draft.Status.APPROVED,
            status=_status_label(drafts.get(c.pk)),
        )
        for c in comments
    )
    names = tuple(str(name) for name in (staff.signatories or []) if str(name).strip())
    return LetterContent(
        letter_date=response_letter.letter_date or today or timezone.localdate(),
        company_name=staff.company_name_as_printed or staff.company.name or f"CIK {staff.company.cik}",
        addressee=(*names, *_office_lines(staff.staff_office), *SEC_ADDRESS),
        staff_letter_date=staff.letter_date,
        filings=_filings(list(staff.references.order_by("position"))),
        comments=restated,
        signatory_name=response_letter.signatory_name,
        signatory_title=response_letter.signatory_title,
        closing=response_letter.closing,
        final=final,
        staff_names=names,
    )


def letter_render(*, content: LetterContent, file_format: str, name: str) -> tuple[bytes, str, str]:
    if file_format not in FORMATS:
        raise ValidationError(f"format must be one of {', '.join(FORMATS)}", code="bad_format")
    data = response_letter_docx(content) if file_format == "docx" else response_letter_html(content).encode()
    suffix = "" if content.final else "-DRAFT"
    return data, FORMATS[file_format], f"{name}{suffix}.{file_format}"


def response_letter_generate(
    *, user: Any, response_letter: ResponseLetter, final: bool, file_format: str = "docx", today: date | None = None
) -> GeneratedLetter:
    """The letter as DOCX or HTML. A marked draft for any member; final for an editor or above, and only
    when every comment's draft is approved (then the letter's status becomes final)."""
    organisation = response_letter.organisation
    if final:
        role_require(user=user, organisation=organisation, at_least=Role.EDITOR, doing="generate the final response letter")
    else:
        role_require(user=user, organisation=organisation, at_least=Role.VIEWER, doing="read response letters")
    with transaction.atomic():
        # Locked while it is read: an approval withdrawn meanwhile cannot slip into a "final" letter.
        letter = ResponseLetter.objects.select_for_update().get(pk=response_letter.pk)
        if final:
            list(Draft.objects.select_for_update().filter(organisation=organisation, comment__letter_id=letter.staff_letter_id))
        content = response_letter_content(response_letter=letter, final=final, today=today)
        if final and letter.status != ResponseLetter.Status.FILED:
            letter.status = ResponseLetter.Status.FINAL
            letter.final_generated_by, letter.final_generated_at = user, timezone.now()
            history_user_set(letter, user).save()
    stem = f"response-{content.staff_letter_date.isoformat() if content.staff_letter_date else letter.staff_letter_id}"
    data, content_type, filename = letter_render(content=content, file_format=file_format, name=stem)
    return GeneratedLetter(letter, content, data, content_type, filename)


def company_letter_content(*, letter: Letter) -> LetterContent:
    """A filed (or uploaded) company response rebuilt from its own parsed parts: its date, addressee, Re: block,
    the staff letter's date it names, each restated comment with its answer, and its signatory. The caller
    has checked the reader may see the letter."""
    if letter.kind != Letter.Kind.COMPANY_RESPONSE:
        raise ValidationError("only a company response can be rebuilt as a response letter", code="not_a_response")
    if letter.letter_date is None:
        raise ValidationError("the letter has no date to rebuild it with", code="undated")
    responses = list(letter.responses.order_by("position"))
    names = tuple(n for n in [letter.addressee.strip()] if n)
    signatories = [str(s) for s in (letter.signatories or []) if str(s).strip()]
    return LetterContent(
        letter_date=letter.letter_date,
        company_name=letter.company_name_as_printed or letter.company.name,
        addressee=(*names, *_office_lines(letter.staff_office), *SEC_ADDRESS),
        staff_letter_date=letter.responds_to_letter_date or (letter.responds_to.letter_date if letter.responds_to else None),
        filings=_filings(list(letter.references.order_by("position"))),
        comments=tuple(
            RestatedComment(number=r.number, heading=r.heading, comment=r.restated_comment, response=r.text) for r in responses
        ),
        signatory_name=signatories[0] if signatories else "",
        final=True,
        staff_names=names,
    )
