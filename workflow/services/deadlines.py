"""What a team enters about deadlines that the letters do not say: an extension agreed with the staff, and a
company's filer status (which decides whether Form 10-K Item 1B applies)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from comments.models import Letter
from filings.models import Company
from teams.models import Organisation, Role
from workflow.models import Extension, FilerStatus
from workflow.selectors import organisation_letter_deadlines
from workflow.services.roles import history_user_set, role_require


def extension_enter(
    *,
    user: Any,
    organisation: Organisation,
    staff_letter: Letter,
    reason: str,
    until: date | None = None,
    days: int | None = None,
    business_days: bool = True,
    today: date | None = None,
) -> Extension:
    """Record an extension of a staff letter's due date (until a date, or so many more days), with its reason."""
    role_require(user=user, organisation=organisation, at_least=Role.EDITOR, doing="enter extensions")
    if staff_letter.kind != Letter.Kind.STAFF_COMMENT_LETTER:
        raise ValidationError("only a staff comment letter has a response due date", code="not_a_comment_letter")
    if staff_letter.is_private and staff_letter.organisation_id != organisation.pk:
        raise PermissionDenied("no such letter")
    if (until is None) == (days is None) or (days is not None and days <= 0):
        raise ValidationError("give either a new due date or a number of days (more than none)", code="until_or_days")
    if not reason.strip():
        raise ValidationError("say why the due date moves (who at the staff agreed, and when)", code="no_reason")
    if until is not None and staff_letter.letter_date and until <= staff_letter.letter_date:
        raise ValidationError("the new due date must come after the staff letter's date", code="until_too_early")
    entered_on = today or timezone.localdate()
    if until is not None and staff_letter.letter_date:
        current = organisation_letter_deadlines(organisation=organisation, letters=[staff_letter])[staff_letter.pk].response_due
        if current is not None and until <= current:
            raise ValidationError(
                f"the letter is already due on {current.isoformat()}: an extension moves it later", code="not_later"
            )
    extension = Extension(
        organisation=organisation,
        staff_letter=staff_letter,
        until=until,
        days=days,
        business_days=business_days,
        reason=reason.strip(),
        entered_by=user,
        entered_on=entered_on,
    )
    history_user_set(extension, user).save()
    return extension


def filer_status_set(
    *, user: Any, organisation: Organisation, company: Company, category: str, well_known_seasoned_issuer: bool = False
) -> FilerStatus:
    """Say what the company's filer status is (EDGAR does not): it decides whether Form 10-K Item 1B applies."""
    role_require(user=user, organisation=organisation, at_least=Role.ADMIN, doing="set a company's filer status")
    if category not in FilerStatus.Category.values:
        raise ValidationError(f"category must be one of {', '.join(FilerStatus.Category.values)}", code="bad_category")
    status = FilerStatus.objects.filter(organisation=organisation, company=company).first() or FilerStatus(
        organisation=organisation, company=company
    )
    status.category, status.well_known_seasoned_issuer, status.updated_by = category, well_known_seasoned_issuer, user
    history_user_set(status, user).save()
    return status
