"""Links between letters and filings: responses to comments, references to filings, private to public."""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce

from comments.models import CompanyResponse, FilingReference, Letter, StaffComment
from filings.edgar.client import EdgarClient
from filings.services import filing_by_accession_resolve, filing_reference_resolve


def _letters_one_may_link(letter: Letter) -> QuerySet[Letter]:
    """The company's letters that `letter` may link to: public letters, and private ones of the same organisation.

    A public letter never links to a private one (its nested fields would show it to everyone), and one
    organisation's private letter never to another's.
    """
    same_company = Letter.objects.filter(company_id=letter.company_id).exclude(pk=letter.pk)
    if letter.is_private and letter.organisation_id:
        return same_company.filter(Q(is_private=False) | Q(organisation_id=letter.organisation_id))
    return same_company.filter(is_private=False)


def _staff_letters(letter: Letter) -> QuerySet[Letter]:
    staff = _letters_one_may_link(letter).filter(direction=Letter.Direction.STAFF)
    # A private copy that has its public twin stands aside: the public letter is the one to link.
    return staff.exclude(is_private=True, public_twin__isnull=False)


# Ties go by what EDGAR assigned, not by the row id, which follows the order letters happened to be fetched in.
_NEWEST_FIRST = ("-filing__accession_number", "-document__sequence", "-pk")


def staff_letter_answered(*, letter: Letter) -> Letter | None:
    """The staff letter a company letter answers: by the date it names, else the latest earlier one."""
    staff = _staff_letters(letter)
    named = letter.responds_to_letter_date
    if named is not None:
        match = staff.filter(Q(letter_date=named) | Q(filing__filing_date=named)).order_by("is_private", *_NEWEST_FIRST).first()
        if match is not None:
            return match
    when = letter.letter_date or (letter.filing.filing_date if letter.filing else None)
    if when is None:
        return None
    return (
        staff.filter(kind=Letter.Kind.STAFF_COMMENT_LETTER)
        .annotate(dated=Coalesce("letter_date", "filing__filing_date"))
        .filter(dated__lt=when)
        .order_by("-dated", "is_private", *_NEWEST_FIRST)
        .first()
    )


def _words(text: str, n: int = 12) -> str:
    return " ".join(re.findall(r"\w+", text.lower())[:n])


def _pick_comment(candidates: list[StaffComment], response: CompanyResponse, used: set[int]) -> StaffComment | None:
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    # Numbering that restarts under each heading repeats numbers: the restated text tells them apart.
    restated = _words(response.restated_comment, 200)
    if restated:
        for comment in candidates:
            if _words(comment.text) and _words(comment.text) in restated:
                return comment
    return next((c for c in candidates if c.pk not in used), candidates[0])


def response_link(*, letter: Letter) -> int:
    """Link a company letter to the staff letter it answers and each response to its comment; returns links made."""
    if letter.direction != Letter.Direction.COMPANY:
        return 0
    staff = staff_letter_answered(letter=letter)
    if letter.responds_to_id != (staff.pk if staff else None):
        letter.responds_to = staff
        letter.save(update_fields=["responds_to", "updated_at"])
    if staff is None:
        return 0
    by_number: dict[int, list[StaffComment]] = {}
    for staff_comment in staff.comments.filter(in_latest_parse=True).order_by("position"):
        by_number.setdefault(staff_comment.number, []).append(staff_comment)
    used: set[int] = set()
    linked = 0
    for response in letter.responses.all():
        comment = _pick_comment(by_number.get(response.number, []), response, used)
        if comment is not None:
            used.add(comment.pk)
            linked += 1
        if response.comment_id != (comment.pk if comment else None):
            response.comment = comment
            response.save(update_fields=["comment"])
    return linked


def staff_letter_answers_relink(*, letter: Letter) -> int:
    """Relink the answers a new staff letter may be the one for: answers stored before it (EDGAR publishes
    out of order), answers naming its date, answers to its private copy (the public one stands in), and
    answers dated after it, whose latest-earlier staff letter it may now be. So the links end the same
    whatever order the letters were parsed in."""
    waiting = Q(responds_to__isnull=True) | Q(responds_to__public_twin=letter)
    if letter.letter_date:
        waiting |= Q(responds_to_letter_date=letter.letter_date)
    when = letter.letter_date or (letter.filing.filing_date if letter.filing else None)
    if when is not None:
        waiting |= Q(dated__gt=when)
    # Whoever may link to this letter: every company letter for a public one, the organisation's for a private one.
    may_answer = Letter.objects.filter(company_id=letter.company_id, direction=Letter.Direction.COMPANY).annotate(
        dated=Coalesce("letter_date", "filing__filing_date")
    )
    if letter.is_private:
        may_answer = may_answer.filter(is_private=True, organisation_id=letter.organisation_id)  # type: ignore[misc]
    answers = may_answer.filter(waiting)
    return sum(response_link(letter=answer) for answer in answers.exclude(parse_status=Letter.ParseStatus.PENDING))


def _base_form(form: str) -> str:
    return form.upper().removesuffix("/A").strip()


def _edgar_form(reference: FilingReference) -> str:
    # "Amendment No. 2 to Form S-1" is filed on EDGAR as S-1/A.
    form = reference.form.upper().strip()
    if reference.amendment and not form.endswith("/A"):
        return f"{form}/A"
    return form


def references_resolve(*, letter: Letter, client: EdgarClient | None = None) -> int:
    """Point each FilingReference at its Filing; returns how many are resolved now.

    An UPLOAD's PUBLIC REFERENCE ACCESSION NUMBER names the filing under review outright; the rest
    go through filings.services.filing_reference_resolve (local first, EDGAR when given a client).
    """
    subject = None
    if letter.filing and letter.filing.public_reference_accession:
        subject = filing_by_accession_resolve(
            cik=letter.company.cik, accession_number=letter.filing.public_reference_accession, client=client
        )
        if subject is not None and letter.subject_filing_id != subject.pk:
            letter.subject_filing = subject
            letter.save(update_fields=["subject_filing", "updated_at"])
    references = list(letter.references.all())
    if subject is not None and not any(r.filing_id == subject.pk for r in references):
        for reference in references:
            if reference.filing_id is None and _base_form(reference.form) == _base_form(subject.form_type):
                reference.filing = subject
                reference.save(update_fields=["filing"])
                break
    for reference in references:
        if reference.filing_id is None:
            _reference_resolve(reference, cik=letter.company.cik, client=client)
    return sum(1 for r in references if r.filing_id is not None)


def _reference_resolve(reference: FilingReference, *, cik: int, client: EdgarClient | None = None) -> bool:
    """Point one reference at the filing it names, if one is found; whether it was."""
    filing = filing_reference_resolve(
        cik=cik,
        form=_edgar_form(reference),
        period_end=reference.period_end,
        filed=reference.filing_date,
        file_number=reference.file_number or None,
        client=client,
    )
    if filing is None:
        return False
    reference.filing = filing
    reference.save(update_fields=["filing"])
    return True


def references_answered_by(*, letter: Letter) -> int:
    """Resolve the references of the company's other letters that a filing this letter brought now answers:
    its own filing, the filing under review and the filings it names, which its resolution may just have
    fetched from EDGAR. So a reference ends resolved whatever order its letter and that filing arrived in, as
    a re-parse would find it. Returns how many were resolved."""
    named = FilingReference.objects.filter(letter=letter, filing__isnull=False).select_related("filing")
    known = [f for f in (letter.filing, letter.subject_filing, *(r.filing for r in named)) if f is not None]
    forms = {_base_form(f.form_type) for f in known}
    if not forms:
        return 0
    # Only a period or a filing date can pick a filing ("Form 10-K" alone could be any year's).
    waiting = (
        FilingReference.objects.filter(letter__company_id=letter.company_id, filing__isnull=True)
        .exclude(letter=letter)
        .filter(Q(period_end__isnull=False) | Q(filing_date__isnull=False))
        .select_related("letter__company")
    )
    return sum(
        _reference_resolve(reference, cik=reference.letter.company.cik)
        for reference in waiting
        if _base_form(reference.form) in forms
    )


def _twin_candidates(letter: Letter) -> QuerySet[Letter]:
    # A twin is the same letter: same company, kind and date, and as many comments (a staff letter) or
    # answers (a company letter).
    same = Letter.objects.filter(
        company_id=letter.company_id, kind=letter.kind, letter_date=letter.letter_date, is_private=not letter.is_private
    )
    if letter.is_staff_letter:
        return same.annotate(n_parts=Count("comments", filter=Q(comments__in_latest_parse=True))).filter(
            n_parts=letter.comments.filter(in_latest_parse=True).count()
        )
    return same.annotate(n_parts=Count("responses")).filter(n_parts=letter.responses.count())


def private_letter_link_twin(*, letter: Letter) -> Letter | None:
    """Link private letters and their public copy; returns the public twin of a private letter, or the first
    private copy of a public one.

    Each organisation may hold its own private copy of a public letter; all of them point at it. A link made
    before is checked again, since a re-parse of either letter can change what it says.
    """
    if letter.parse_status != Letter.ParseStatus.PARSED:
        return None  # a failed parse keeps its old rows, and so its old link
    matchable = bool(letter.kind) and letter.letter_date is not None
    candidates = _twin_candidates(letter) if matchable else Letter.objects.none()
    if letter.is_private:
        if letter.public_twin_id and not candidates.filter(pk=letter.public_twin_id).exists():
            Letter.objects.filter(pk=letter.pk).update(public_twin=None)
            letter.public_twin = None
        if letter.public_twin_id or not matchable:
            return letter.public_twin
        # One copy per organisation: a public letter its organisation has already matched is taken.
        taken = Letter.objects.filter(organisation_id=letter.organisation_id, public_twin__isnull=False).values("public_twin")  # type: ignore[misc]
        twin = candidates.exclude(pk__in=taken).order_by("pk").first()
        if twin is not None:
            Letter.objects.filter(pk=letter.pk).update(public_twin=twin)
            letter.public_twin = twin
        return twin
    stale = letter.private_twins.exclude(pk__in=candidates.values("pk"))
    stale.update(public_twin=None)
    linked_orgs: set[int | None] = set(letter.private_twins.values_list("organisation_id", flat=True))
    with transaction.atomic():
        for copy in candidates.filter(public_twin__isnull=True).order_by("pk"):
            if copy.organisation_id not in linked_orgs:
                Letter.objects.filter(pk=copy.pk).update(public_twin=letter)
                linked_orgs.add(copy.organisation_id)
    return letter.private_twins.order_by("pk").first()
