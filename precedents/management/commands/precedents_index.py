"""Fit a precedent model version and re-index every staff comment under it, with a progress bar.

    python manage.py precedents_index [--fit] [--background] [--status]

Without --fit, a version is fitted only when none is active yet; the same comments give the same version
(its key is the hash of the model), so fitting again on unchanged data re-indexes the same vectors. With a
broker (CELERY_BROKER_URL) and --background the re-index runs in a worker (precedents.tasks.reindex_precedents)
and this command returns; --status prints each version's progress. Without a broker it runs here.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from precedents.indexing import precedent_model_fit, precedent_reindex
from precedents.models import PrecedentModel
from precedents.selectors import precedent_model_active
from precedents.tasks import reindex_precedents


class Command(BaseCommand):
    help = "Fit a precedent model version if needed and index every staff comment under it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fit", action="store_true", help="fit a version on the current comments")
        parser.add_argument("--background", action="store_true", help="send the re-index to a worker and return")
        parser.add_argument("--status", action="store_true", help="print each version's progress and stop")

    def _bar(self, done: int, total: int) -> None:
        width = 40
        filled = width * done // total if total else width
        self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} comments", ending="")
        self.stdout.flush()

    def handle(self, *args: Any, **options: Any) -> None:
        if options["status"]:
            for model in PrecedentModel.objects.defer("data", "centroids").order_by("-created_at", "-pk"):
                self.stdout.write(str(model))
            return
        active = precedent_model_active()
        if active is not None and not options["fit"]:
            model = active
        else:
            try:
                model = precedent_model_fit()
            except ValueError as exc:
                raise CommandError(f"cannot fit a model: {exc} (parse some staff letters first)") from exc
            lists = f"{model.lists:,} vector lists" if model.lists else "no vector lists (too few comments): searched exactly"
            self.stdout.write(f"Model {model.key}, fitted on {model.fitted_on:,} public comments; {lists}.")
        if options["background"]:
            reindex_precedents.delay(model.pk)
            self.stdout.write(f"Re-index of {model.key} sent; follow it with --status.")
            return
        model = precedent_reindex(model_id=model.pk, progress=self._bar)
        self.stdout.write("")
        self.stdout.write(f"Indexed {model.indexed:,} comments under {model.key}: it is now searched.")
