"""What the pages keep for a person: their saved searches."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SavedSearch(models.Model):
    """A search a person named, to run again from the search page or the dashboard. Private to its owner."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(max_length=100)
    # The search page's query string (only its own parameters), as web.saved_searches cleaned it.
    query = models.CharField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="savedsearch_unique_name_per_owner")]

    def __str__(self) -> str:
        return self.name
