"""Comment letters read from the mirror (or uploaded privately) and what they say.

Parsed rows (StaffComment, CompanyResponse, FilingReference, Acknowledgement) are rebuilt by
`letter_parse`; workflow rows (Assignment) hang off StaffComment and must survive a re-parse, so
`letter_parse` updates StaffComment rows in place instead of recreating them.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.db import models

from filings.models import Company, Document, Filing

# The SEC stopped asking for the three "Tandy" acknowledgements on this day.
ACKNOWLEDGEMENTS_DROPPED_ON = date(2016, 10, 5)



def private_letter_path(instance: Letter, filename: str) -> str:
    # Never keep the uploader's file name on disk: it is user input.
    return f"private-letters/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Review(models.Model):
    """One SEC review of one filing of one company: a thread of letters (threading comes later)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        COMPLETE = "complete", "Complete"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="reviews")
    subject_filing = models.ForeignKey(Filing, on_delete=models.SET_NULL, null=True, blank=True, related_name="reviews")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True)
    opened_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_on", "-pk"]

    def __str__(self) -> str:
        return f"Review {self.pk} of {self.company}"


class Letter(models.Model):
    class Kind(models.TextChoices):
        STAFF_COMMENT_LETTER = "staff_comment_letter", "Staff comment letter"
        REVIEW_COMPLETE = "review_complete", "Review complete"
        NO_REVIEW = "no_review", "No review"
        COMPANY_RESPONSE = "company_response", "Company response"
        ACCELERATION_REQUEST = "acceleration_request", "Acceleration request"
        EXTENSION_REQUEST = "extension_request", "Extension request"
        OTHER = "other", "Other"

    class Direction(models.TextChoices):
        STAFF = "staff", "SEC staff to company"
        COMPANY = "company", "Company to SEC staff"

    class ParseStatus(models.TextChoices):
        PENDING = "pending", "Pending"
        PARSED = "parsed", "Parsed"
        FAILED = "failed", "Failed"

    # A public letter is one correspondence document; a private upload has none.
    document = models.OneToOneField(Document, on_delete=models.CASCADE, null=True, blank=True, related_name="letter")
    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, null=True, blank=True, related_name="letters")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="letters")
    review = models.ForeignKey(Review, on_delete=models.SET_NULL, null=True, blank=True, related_name="letters")
    # The EDGAR form (UPLOAD, LETTER, CORRESP); for a private upload, what the uploader says it is.
    form_type = models.CharField(max_length=32)
    kind = models.CharField(max_length=32, choices=Kind.choices, blank=True, db_index=True)
    direction = models.CharField(max_length=16, choices=Direction.choices, db_index=True)
    letter_date = models.DateField(null=True, blank=True, db_index=True)
    addressee = models.CharField(max_length=255, blank=True)
    signatories = models.JSONField(default=list, blank=True)
    staff_office = models.CharField(max_length=255, blank=True)
    responds_to_letter_date = models.DateField(null=True, blank=True)
    responds_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="answered_by",
        help_text="the staff letter this company letter answers",
    )
    # The filing under review, from an UPLOAD's PUBLIC REFERENCE ACCESSION NUMBER.
    subject_filing = models.ForeignKey(
        Filing, on_delete=models.SET_NULL, null=True, blank=True, related_name="reviewed_in_letters"
    )
    company_name_as_printed = models.CharField(max_length=255, blank=True)
    literature = models.JSONField(default=list, blank=True)
    topics = models.JSONField(default=list, blank=True)
    acknowledgements_requested = models.BooleanField(null=True, blank=True)
    parser_version = models.CharField(max_length=32, blank=True)
    parse_status = models.CharField(max_length=16, choices=ParseStatus.choices, default=ParseStatus.PENDING, db_index=True)
    parse_error = models.TextField(blank=True)
    parsed_at = models.DateTimeField(null=True, blank=True)
    # Private intake: a letter a company received before EDGAR publishes it (weeks later).
    is_private = models.BooleanField(default=False, db_index=True)
    uploaded_file = models.FileField(upload_to=private_letter_path, blank=True)
    original_filename = models.CharField(max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="private_letters"
    )
    # Set on the private letter; `public.private_twin` is the way back.
    public_twin = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="private_twin"
    )
    # Only private letters keep their text here; public ones read document.text.
    text = models.TextField(blank=True)
    emphasis = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-letter_date", "-pk"]
        indexes = [models.Index(fields=["company", "direction", "letter_date"])]

    def __str__(self) -> str:
        label = self.get_kind_display() if self.kind else self.form_type
        when = self.letter_date.isoformat() if self.letter_date else "undated"
        return f"{label} {when} ({self.company.name or self.company.cik})"

    @property
    def is_staff_letter(self) -> bool:
        return self.direction == self.Direction.STAFF


class StaffComment(models.Model):
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="comments")
    number = models.PositiveIntegerField()
    heading = models.TextField(blank=True, help_text="headings above the comment, joined with ' / '")
    page = models.CharField(max_length=64, blank=True)
    text = models.TextField()
    topics = models.JSONField(default=list, blank=True)
    # None once a re-parse no longer finds the comment; it is kept only for its workflow rows.
    position = models.PositiveIntegerField(null=True, blank=True)
    in_latest_parse = models.BooleanField(default=True)

    class Meta:
        ordering = ["letter", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "number", "position"], name="staffcomment_unique_number_position")
        ]

    def __str__(self) -> str:
        return f"Comment {self.number}"


class CompanyResponse(models.Model):
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="responses")
    comment = models.ForeignKey(
        StaffComment, on_delete=models.SET_NULL, null=True, blank=True, related_name="responses",
        help_text="the staff comment this answers, once found",
    )
    number = models.PositiveIntegerField()
    position = models.PositiveIntegerField(default=0)
    restated_comment = models.TextField(blank=True)
    text = models.TextField()
    makes_commitment = models.BooleanField(default=False, db_index=True)
    commitment_text = models.TextField(blank=True)

    class Meta:
        ordering = ["letter", "position", "pk"]

    def __str__(self) -> str:
        return f"Response {self.number}"


class FilingReference(models.Model):
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="references")
    form = models.CharField(max_length=32)
    period_end = models.DateField(null=True, blank=True)
    filing_date = models.DateField(null=True, blank=True)
    file_number = models.CharField(max_length=32, blank=True)
    amendment = models.PositiveIntegerField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    filing = models.ForeignKey(Filing, on_delete=models.SET_NULL, null=True, blank=True, related_name="letter_references")

    class Meta:
        ordering = ["letter", "position"]

    def __str__(self) -> str:
        return f"{self.form} {self.period_end or self.filing_date or ''}".strip()


class Acknowledgement(models.Model):
    class Statement(models.TextChoices):
        RESPONSIBILITY = "responsibility", "Company is responsible for its disclosure"
        NO_FORECLOSURE = "no_foreclosure", "Staff comments do not foreclose Commission action"
        NO_DEFENSE = "no_defense", "Staff comments are no defense"

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="acknowledgements")
    statement = models.CharField(max_length=32, choices=Statement.choices)
    present = models.BooleanField()
    # Company responses dated before 2016-10-05 had to carry all three statements.
    required = models.BooleanField(default=False)
    evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["letter", "statement"]
        constraints = [models.UniqueConstraint(fields=["letter", "statement"], name="acknowledgement_unique_statement")]

    def __str__(self) -> str:
        return f"{self.statement}: {'present' if self.present else 'missing'}"


class Assignment(models.Model):
    """Team workflow on one staff comment: who answers it, by when. Survives re-parses."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DRAFTING = "drafting", "Drafting"
        DONE = "done", "Done"

    comment = models.ForeignKey(StaffComment, on_delete=models.CASCADE, related_name="assignments")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="comment_assignments")
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return f"{self.comment} → {self.owner or 'unassigned'}"
