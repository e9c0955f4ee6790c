"""A team's work on a live review: who answers each staff comment, the drafts and their approval, the
response letter, the extensions it entered and the filer status it declared.

Every row here belongs to one organisation (teams.Organisation) and is seen only through
teams.selectors.private_rows_visible_to. Rows hang off StaffComment and the staff Letter, never off
Review: threading may merge or drop Review rows, while letters and (with their dependent rows) comments
survive re-parses and re-threads. Drafts, assignments and response letters keep their history
(django-simple-history): who changed what, when.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from comments.models import CompanyResponse, Letter, StaffComment
from filings.models import Company
from teams.models import Organisation


class Assignment(models.Model):
    """Who answers one staff comment for one organisation, and by when (blank: the letter's due date)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="assignments")
    comment = models.ForeignKey(StaffComment, on_delete=models.CASCADE, related_name="workflow_assignments")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="workflow_assignments"
    )
    # The team's own date, earlier than the staff's if it likes; blank follows the letter's due date.
    due_on = models.DateField(null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["comment__letter", "comment__position", "pk"]
        constraints = [models.UniqueConstraint(fields=["organisation", "comment"], name="assignment_unique_comment")]

    def __str__(self) -> str:
        return f"{self.comment} → {self.owner or 'unassigned'}"


class Draft(models.Model):
    """An organisation's draft answer to one staff comment: draft → in review → approved.

    Any change of the text sends it back to draft. Whoever wrote any version of the text may not approve it.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        APPROVED = "approved", "Approved"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="drafts")
    comment = models.ForeignKey(StaffComment, on_delete=models.CASCADE, related_name="workflow_drafts")
    text = models.TextField(blank=True)
    answer_type = models.CharField(max_length=24, choices=CompanyResponse.AnswerType.choices, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    # One more on every change of the text: an approval names the revision it approves.
    revision = models.PositiveIntegerField(default=1)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["comment__letter", "comment__position", "pk"]
        constraints = [models.UniqueConstraint(fields=["organisation", "comment"], name="draft_unique_comment")]

    def __str__(self) -> str:
        return f"Draft answer to {self.comment} ({self.get_status_display()})"


class Note(models.Model):
    """An internal note on a staff comment: for the team only, never in the response letter."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="notes")
    comment = models.ForeignKey(StaffComment, on_delete=models.CASCADE, related_name="workflow_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["comment", "created_at", "pk"]

    def __str__(self) -> str:
        return f"Note on {self.comment}"


class Extension(models.Model):
    """An extension of a staff letter's due date that a team entered (agreed by phone, say), with its reason.

    Extensions the company asked for in an extension-request CORRESP are read from that letter instead
    (comments.services.deadlines), so they are never stored twice.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="extensions")
    staff_letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="workflow_extensions")
    until = models.DateField(null=True, blank=True, help_text="the new due date")
    days = models.PositiveIntegerField(null=True, blank=True, help_text="or so many more days")
    business_days = models.BooleanField(default=True, help_text="days counts business days (else calendar days)")
    reason = models.TextField()
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    entered_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["staff_letter", "entered_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(until__isnull=False, days__isnull=True) | models.Q(until__isnull=True, days__gt=0),
                name="extension_until_or_days",
            )
        ]

    def __str__(self) -> str:
        what = self.until.isoformat() if self.until else f"{self.days} more days"
        return f"Extension of {self.staff_letter} to {what}"


class FilerStatus(models.Model):
    """What an organisation says a company's filer status is, for Form 10-K Item 1B.

    EDGAR's submissions JSON carries the fiscal year end but no filer category, so the team enters it.
    """

    class Category(models.TextChoices):
        LARGE_ACCELERATED = "large_accelerated", "Large accelerated filer"
        ACCELERATED = "accelerated", "Accelerated filer"
        NON_ACCELERATED = "non_accelerated", "Non-accelerated filer"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="filer_statuses")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=24, choices=Category.choices)
    well_known_seasoned_issuer = models.BooleanField(default=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "filer statuses"
        constraints = [models.UniqueConstraint(fields=["organisation", "company"], name="filerstatus_unique_company")]

    def __str__(self) -> str:
        return f"{self.company}: {self.get_category_display()}"

    @property
    def item_1b_applies(self) -> bool:
        return self.well_known_seasoned_issuer or self.category in (self.Category.LARGE_ACCELERATED, self.Category.ACCELERATED)


class ResponseLetter(models.Model):
    """An organisation's answer to one staff comment letter, built from its approved drafts.

    Its status is the review round's workflow status: drafting until it is generated as final, filed once
    the company's CORRESP on EDGAR is matched to it (`filed_letter`).
    """

    class Status(models.TextChoices):
        DRAFTING = "drafting", "Drafting"
        FINAL = "final", "Generated as final"
        FILED = "filed", "Filed on EDGAR"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="response_letters")
    staff_letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="workflow_response_letters")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFTING, db_index=True)
    # Blank: the day it is generated.
    letter_date = models.DateField(null=True, blank=True)
    closing = models.CharField(max_length=64, default="Very truly yours,")
    signatory_name = models.CharField(max_length=255, blank=True)
    signatory_title = models.CharField(max_length=255, blank=True)
    final_generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    final_generated_at = models.DateTimeField(null=True, blank=True)
    # The CORRESP that EDGAR published for it.
    filed_letter = models.ForeignKey(Letter, on_delete=models.SET_NULL, null=True, blank=True, related_name="workflow_filed_for")
    filed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-staff_letter__letter_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "staff_letter"], name="responseletter_unique_staff_letter")
        ]

    def __str__(self) -> str:
        return f"Response to {self.staff_letter}"
