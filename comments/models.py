"""Comment letters read from the mirror (or uploaded privately) and what they say.

Parsed rows (StaffComment, CompanyResponse, FilingReference, Acknowledgement) are rebuilt by
`letter_parse`; workflow rows (workflow's assignments, drafts, notes) hang off StaffComment and must survive a re-parse, so
`letter_parse` updates StaffComment rows in place instead of recreating them.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.db import models

from filings.models import Company, Document, Filing
from teams.models import Organisation

# The SEC stopped asking for the three "Tandy" acknowledgements on this day.
ACKNOWLEDGEMENTS_DROPPED_ON = date(2016, 10, 5)


def private_letter_path(instance: Letter, filename: str) -> str:
    # Never keep the uploader's file name on disk: it is user input.
    return f"private-letters/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Review(models.Model):
    """One SEC review of one filing of one company, from the first staff letter to "review complete".

    Built by threading (comments.services.reviews); every figure here is derived from its letters and is
    written again whenever the company's letters are threaded, so it is never edited by hand.
    """

    class Status(models.TextChoices):
        AWAITING_COMPANY = "awaiting_company", "Awaiting the company"
        AWAITING_STAFF = "awaiting_staff", "Awaiting the staff"
        CLOSED = "closed", "Closed"
        NO_REVIEW = "no_review", "No review"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="reviews")
    # The filing under review, once it is known locally; the subject_* fields say what the letters name.
    subject_filing = models.ForeignKey(Filing, on_delete=models.SET_NULL, null=True, blank=True, related_name="reviews")
    subject_form = models.CharField(max_length=32, blank=True)
    subject_period_end = models.DateField(null=True, blank=True)
    subject_filed = models.DateField(null=True, blank=True)
    subject_file_number = models.CharField(max_length=32, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.AWAITING_COMPANY, db_index=True)
    opened_on = models.DateField(null=True, blank=True, db_index=True, help_text="date of the first staff letter")
    closed_on = models.DateField(null=True, blank=True, help_text="date of the review-complete (or no-review) letter")
    # A staff letter of the review is missing from EDGAR: a company letter opened it or answers one not here.
    incomplete = models.BooleanField(default=False)
    # Every letter of it is a private upload: a live review that EDGAR has not published, seen only by the
    # organisation that uploaded them.
    is_private = models.BooleanField(default=False, db_index=True)
    organisation = models.ForeignKey(
        "teams.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="reviews"
    )
    rounds = models.PositiveIntegerField(default=0, help_text="staff comment letters")
    comment_count = models.PositiveIntegerField(default=0, help_text="staff comments in all rounds")
    staff_office = models.CharField(max_length=255, blank=True)
    # Stored so the metrics over thousands of reviews read review rows alone, never their letters.
    letter_count = models.PositiveIntegerField(default=0, help_text="staff and company letters")
    topics = models.JSONField(default=list, blank=True, help_text="the staff letters' topics")
    response_lags = models.JSONField(
        default=list, blank=True, help_text="[days, business days] of each company response to its staff letter"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        indexes = [models.Index(fields=["company", "opened_on"])]

    def __str__(self) -> str:
        subject = self.subject_form or "filing"
        if self.subject_period_end:
            subject += f" {self.subject_period_end.isoformat()}"
        return f"{self.company.name or self.company.cik}: review of {subject}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.AWAITING_COMPANY, self.Status.AWAITING_STAFF)


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
    # Why threading put the letter in its review (or in none), in a few words a reader can check.
    review_reason = models.CharField(max_length=300, blank=True)
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
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answered_by",
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
    # Whose private letter this is: only its members see it (comments.selectors.letters_visible_to).
    # None on every public letter, and on private letters uploaded before there were organisations.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="letters")
    # The uploaded bytes' SHA-256: the same file uploaded again by the same organisation is this letter.
    upload_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    # Set on a private letter: its copy published on EDGAR. Each organisation may hold its own private copy,
    # so a public letter has `private_twins`.
    public_twin = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="private_twins")
    # Only private letters keep their text here; public ones read document.text.
    text = models.TextField(blank=True)
    emphasis = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-letter_date", "-pk"]
        indexes = [models.Index(fields=["company", "direction", "letter_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "upload_sha256"],
                condition=models.Q(organisation__isnull=False) & ~models.Q(upload_sha256=""),
                name="letter_unique_upload_per_organisation",
            ),
            # A public letter belongs to no one: an organisation on it would not hide it, only mislead.
            models.CheckConstraint(
                condition=models.Q(is_private=True) | models.Q(organisation__isnull=True),
                name="letter_public_has_no_organisation",
            ),
        ]

    def __str__(self) -> str:
        label = self.get_kind_display() if self.kind else self.form_type
        when = self.letter_date.isoformat() if self.letter_date else "undated"
        return f"{label} {when} ({self.company.name or self.company.cik})"

    @property
    def is_staff_letter(self) -> bool:
        return self.direction == self.Direction.STAFF


class StaffComment(models.Model):
    """A numbered comment in a staff letter. Company letters restate comments; those are CompanyResponse rows."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESPONDED = "responded", "Responded"
        # The next round returned to it: its life goes on in the comment that reissues it.
        REISSUED = "reissued", "Reissued"
        RESOLVED = "resolved", "Resolved"

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="comments")
    number = models.PositiveIntegerField()
    heading = models.TextField(blank=True, help_text="headings above the comment, joined with ' / '")
    page = models.CharField(max_length=64, blank=True)
    text = models.TextField()
    topics = models.JSONField(default=list, blank=True)
    # None once a re-parse no longer finds the comment; it is kept only for its workflow rows.
    position = models.PositiveIntegerField(null=True, blank=True)
    in_latest_parse = models.BooleanField(default=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True)
    # The earlier round's comment this one returns to ("we note your response to prior comment 3").
    reissues = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reissued_as",
        help_text="the comment of an earlier round that this comment takes up again",
    )

    class Meta:
        ordering = ["letter", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "number", "position"], name="staffcomment_unique_number_position")
        ]

    def __str__(self) -> str:
        return f"Comment {self.number}"


class CompanyResponse(models.Model):
    """The company's answer to one staff comment, with the comment as the company restated it."""

    class AnswerType(models.TextChoices):
        REVISED = "revised", "Revised (changed in a filed document)"
        WILL_REVISE = "will_revise", "Will revise in future filings"
        CLARIFIED = "clarified", "Clarified (no change)"
        PROVIDED_INFORMATION = "provided_information", "Provided information"
        DECLINED = "declined", "Declined"

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="responses")
    comment = models.ForeignKey(
        StaffComment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
        help_text="the staff comment this answers, once found",
    )
    number = models.PositiveIntegerField()
    position = models.PositiveIntegerField(default=0)
    restated_comment = models.TextField(blank=True)
    text = models.TextField()
    heading = models.TextField(blank=True, help_text="headings above the restated comment, joined with ' / '")
    page = models.CharField(max_length=64, blank=True)
    answer_type = models.CharField(max_length=24, choices=AnswerType.choices, blank=True, db_index=True)
    # True for revised and will_revise: the company changed, or will change, its disclosure.
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
