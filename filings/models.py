"""A mirror of what EDGAR holds: companies, filings, their documents, and the runs that fetched them."""

from __future__ import annotations

from django.db import models


class Company(models.Model):
    cik = models.PositiveBigIntegerField(unique=True, verbose_name="CIK")
    name = models.CharField(max_length=255, blank=True)
    tickers = models.JSONField(default=list, blank=True)
    sic = models.CharField("SIC", max_length=8, blank=True)
    sic_description = models.CharField("SIC description", max_length=255, blank=True)
    state_of_incorporation = models.CharField(max_length=8, blank=True)
    fiscal_year_end = models.CharField(max_length=4, blank=True, help_text="MMDD, as EDGAR prints it")
    # [{"name": ..., "from": "YYYY-MM-DD"|null, "to": "YYYY-MM-DD"|null}]
    former_names = models.JSONField(default=list, blank=True)
    # The scheduled watchlist sync follows these companies' correspondence.
    watched = models.BooleanField(default=False, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "companies"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name or 'CIK'} ({self.cik})"


class Filing(models.Model):
    class Source(models.TextChoices):
        DAILY_INDEX = "daily_index", "Daily index"
        SUBMISSIONS = "submissions", "Submissions JSON (watchlist)"
        ACCESSION = "accession", "Single accession"
        REFERENCE = "reference", "Named by a letter"

    class FetchStatus(models.TextChoices):
        # Known from an index or submissions JSON; documents not fetched yet.
        PENDING = "pending", "Pending"
        # Claimed by one worker; a claim older than the task time limit is stale and may be retaken.
        FETCHING = "fetching", "Fetching"
        FETCHED = "fetched", "Fetched"
        FAILED = "failed", "Failed"
        # Filings named by a letter (a 10-K, an S-1): we keep their metadata, not their documents.
        METADATA_ONLY = "metadata_only", "Metadata only"

    class FetchedVia(models.TextChoices):
        COMPLETE_SUBMISSION = "txt", "Complete submission .txt"
        FOLDER_INDEX = "index_json", "index.json and documents"

    accession_number = models.CharField(max_length=20, unique=True, help_text="0000320193-24-000061")
    companies = models.ManyToManyField(Company, related_name="filings", blank=True)
    form_type = models.CharField(max_length=32, db_index=True)
    filing_date = models.DateField(null=True, blank=True, db_index=True)
    acceptance_datetime = models.DateTimeField(null=True, blank=True)
    # Correspondence is disseminated weeks after its filing date; this is when EDGAR published it.
    index_date = models.DateField(null=True, blank=True, db_index=True)
    period_of_report = models.DateField(null=True, blank=True)
    file_number = models.CharField(max_length=32, blank=True, db_index=True)
    film_number = models.CharField(max_length=32, blank=True)
    primary_document = models.CharField(max_length=255, blank=True)
    # An UPLOAD's SGML header names the filing under review.
    public_reference_accession = models.CharField(max_length=20, blank=True, db_index=True)
    source = models.CharField(max_length=16, choices=Source.choices)
    fetch_status = models.CharField(max_length=16, choices=FetchStatus.choices, default=FetchStatus.PENDING, db_index=True)
    fetched_via = models.CharField(max_length=16, choices=FetchedVia.choices, blank=True)
    fetch_error = models.TextField(blank=True)
    # Whether the last failure was transient; only those are retried by scheduled runs.
    fetch_retryable = models.BooleanField(default=False)
    fetched_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # The process holding the claim ("host:pid:start"), so a rerun on that host can tell it died.
    claimed_by = models.CharField(max_length=128, blank=True)
    # Transient failures in a row; the sweep retries at retry_at, with a growing delay, up to a limit.
    fetch_attempts = models.PositiveSmallIntegerField(default=0)
    retry_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # When upper layers were told the filing is stored; a stored filing without it was interrupted.
    announced_at = models.DateTimeField(null=True, blank=True)
    # The run that discovered the filing, so fan-out fetch tasks can report into it.
    last_run = models.ForeignKey("IngestionRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-filing_date", "accession_number"]
        indexes = [models.Index(fields=["form_type", "filing_date"])]

    def __str__(self) -> str:
        return f"{self.form_type} {self.accession_number}"

    @property
    def accession_path(self) -> str:
        return self.accession_number.replace("-", "")


class Document(models.Model):
    class ExtractionStatus(models.TextChoices):
        PENDING = "pending", "Pending"
        OK = "ok", "Text extracted"
        FAILED = "failed", "Failed"
        # Images and other documents that carry no text we read.
        SKIPPED = "skipped", "Skipped"

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="documents")
    sequence = models.PositiveIntegerField()
    type = models.CharField(max_length=32, blank=True)
    filename = models.CharField(max_length=255)
    description = models.CharField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    # The bytes as EDGAR served them (uudecoded), kept so a better extractor can run again.
    content = models.BinaryField(null=True, blank=True, editable=False)
    text = models.TextField(blank=True)
    # [[start, end, "i"|"b"], ...] over `text`: restated staff comments are often italic.
    emphasis = models.JSONField(default=list, blank=True)
    extraction_status = models.CharField(
        max_length=16, choices=ExtractionStatus.choices, default=ExtractionStatus.PENDING, db_index=True
    )
    extraction_error = models.TextField(blank=True)
    extractor = models.CharField(max_length=64, blank=True, help_text="which extractor and version produced the text")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["filing", "sequence"]
        constraints = [models.UniqueConstraint(fields=["filing", "filename"], name="document_unique_filename")]

    def __str__(self) -> str:
        return f"{self.filing.accession_number} #{self.sequence} {self.filename}"


class IndexDay(models.Model):
    """A daily index already read in full, so an interrupted backfill resumes after it."""

    date = models.DateField(unique=True)
    entries = models.PositiveIntegerField(default=0)
    processed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date"]


class IngestionRun(models.Model):
    class Source(models.TextChoices):
        DAILY_INDEX = "daily_index", "Daily index"
        WATCHLIST = "watchlist", "Watchlist (submissions JSON)"
        ACCESSION = "accession", "Accession numbers"
        # The beat sweep: claims of dead processes, orphaned filings, transient failures due again.
        SWEEP = "sweep", "Sweep (recovery)"

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        # Finished, but some items failed; those are in its failures.
        PARTIAL = "partial", "Finished with failures"
        FAILED = "failed", "Failed"

    source = models.CharField(max_length=16, choices=Source.choices)
    parameters = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING, db_index=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    filings_seen = models.PositiveIntegerField(default=0)
    filings_fetched = models.PositiveIntegerField(default=0)
    filings_skipped = models.PositiveIntegerField(default=0, help_text="already stored; nothing to do")
    filings_failed = models.PositiveIntegerField(default=0)
    filings_busy = models.PositiveIntegerField(
        default=0, help_text="of those skipped, being fetched by another live process at the time"
    )
    filings_reclaimed = models.PositiveIntegerField(
        default=0, help_text="of those fetched or failed, taken over from a process that died"
    )
    documents_stored = models.PositiveIntegerField(default=0)
    failures_count = models.PositiveIntegerField(default=0)
    requests_made = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    # The process that discovers and dispatches ("host:pid:start"); dispatched_at once it has.
    owner = models.CharField(max_length=128, blank=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    # Last sign of life (a counted outcome, an index day read), so the sweep can tell a run was abandoned.
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} run {self.pk} ({self.status})"


class IngestionRunFiling(models.Model):
    """A filing a run found, and its outcome in that run: each is counted once, however often it is delivered."""

    class Outcome(models.TextChoices):
        AWAITED = "", "Awaited"
        FETCHED = "fetched", "Fetched"
        SKIPPED = "skipped", "Already stored"
        FAILED = "failed", "Failed"
        BUSY = "busy", "Being fetched by another process"

    run = models.ForeignKey(IngestionRun, on_delete=models.CASCADE, related_name="found")
    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="run_entries")
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True, default="", db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "filing"], name="run_filing_unique")]


class IndexDayRetry(models.Model):
    """A daily index whose read failed for a reason a retry can help; the sweep reads it again at retry_at."""

    date = models.DateField(unique=True)
    kind = models.CharField(max_length=8, default="form")
    attempts = models.PositiveSmallIntegerField(default=0)
    retry_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["date"]


class EdgarRateBudget(models.Model):
    """Which rate limiter the processes using one EDGAR identity share, so that none runs on a budget of its own."""

    identity = models.CharField(max_length=255, unique=True, help_text="EDGAR_USER_AGENT")
    backend = models.CharField(max_length=16)
    location = models.CharField(max_length=255)
    process = models.CharField(max_length=128, blank=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.identity}: {self.backend} {self.location}"


class IngestionFailure(models.Model):
    class Stage(models.TextChoices):
        INDEX = "index", "Index"
        FETCH = "fetch", "Fetch"
        PARSE = "parse", "Parse"
        EXTRACT = "extract", "Text extraction"

    run = models.ForeignKey(IngestionRun, on_delete=models.CASCADE, related_name="failures", null=True, blank=True)
    stage = models.CharField(max_length=16, choices=Stage.choices)
    # What failed: an accession number, a URL, or an index line.
    item = models.CharField(max_length=500)
    filing = models.ForeignKey(Filing, on_delete=models.SET_NULL, null=True, blank=True, related_name="failures")
    document = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="failures")
    error_type = models.CharField(max_length=100)
    message = models.TextField()
    # Whether running again can help (a 503) or not (a corrupt PDF, a 404).
    retryable = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.stage}: {self.item}"


class FederalClosure(models.Model):
    """A day the federal government (and so EDGAR and the SEC staff) closed that the `holidays` package does
    not know yet, such as a national day of mourning declared at short notice."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}"
