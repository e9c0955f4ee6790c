"""The dense half of the precedent index: a model version and each staff comment's vector under it.

The lexical half is the database's full-text index (comments/search.py), which follows the comments by
itself. A model (TF-IDF + SVD fitted on the comments, precedents/tfidf.py) is kept in the database, not
under var/: the web processes and the workers read the same version without sharing a disk, the model and
its version row are written in one transaction, and at about 2 MiB it is smaller than many letters.
"""

from __future__ import annotations

from django.db import models

from comments.models import StaffComment


class PrecedentModel(models.Model):
    """One version of the embedder, and how far re-indexing the comments under it has got."""

    class Status(models.TextChoices):
        INDEXING = "indexing", "Indexing"
        ACTIVE = "active", "Active"
        RETIRED = "retired", "Retired"
        FAILED = "failed", "Failed"

    # name@version; the version is the hash of the model's arrays, so fitting the same texts again is this row.
    key = models.CharField(max_length=100, unique=True)
    name = models.CharField(max_length=40)
    dim = models.PositiveIntegerField()
    data = models.BinaryField(help_text="the model's arrays and vocabulary (precedents.tfidf, no pickle)")
    fitted_on = models.PositiveIntegerField(default=0, help_text="comments the model was fitted on")
    centroids = models.BinaryField(
        null=True, blank=True, help_text="k-means centroids of the fitted comments' vectors (precedents.vectors_ivf), float32"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.INDEXING, db_index=True)
    revision = models.PositiveBigIntegerField(
        default=0, help_text="moves with every write to the version's vectors: a process's loaded index is current while it holds"
    )
    # Progress of the re-index: comments to embed, comments embedded so far.
    total = models.PositiveIntegerField(default=0)
    indexed = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    @property
    def lists(self) -> int:
        """How many vector lists (centroids) the version has; 0: it is searched exactly at any size."""
        return len(self.centroids) // (4 * self.dim) if self.centroids else 0

    def __str__(self) -> str:
        return f"{self.key} ({self.get_status_display()}, {self.indexed}/{self.total})"


class PrecedentVector(models.Model):
    """A staff comment's vector under one model version: dim float32, little-endian."""

    # Derived data, rebuilt at will: no constraint and no cascade, so a re-parse's check for rows that
    # depend on a comment (comments.services.letters) never keeps a dropped comment alive for its vector.
    # Vectors of deleted comments are never searched (search starts from the comments) and a re-index drops them.
    comment = models.ForeignKey(StaffComment, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    model = models.ForeignKey(PrecedentModel, on_delete=models.CASCADE, related_name="vectors")
    vector = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["model", "comment"], name="precedentvector_unique_comment")]

    def __str__(self) -> str:
        return f"vector of comment {self.comment_id} under {self.model_id}"
