"""Write a synthetic EDGAR mirror (submissions JSON, Archives folders, ground truth) for demos and benchmarks."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from devtools.synthetic import generate_mirror


class Command(BaseCommand):
    # Writes files only; it needs neither the database nor the URL configuration to be in shape.
    requires_system_checks: list[str] = []
    help = "Generate an EDGAR-shaped mirror of N synthetic companies with comment-letter reviews and a ground-truth file."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path, help="directory to write the mirror into")
        parser.add_argument("--companies", type=int, default=10)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--start-year", type=int, default=2012)
        parser.add_argument("--end-year", type=int, default=2025)
        parser.add_argument("--reviews-per-company", type=int, default=None)

    def handle(self, *args, **options):
        if options["companies"] < 0:
            raise CommandError("--companies must be zero or more")
        if options["end_year"] < options["start_year"]:
            raise CommandError("--end-year must not be before --start-year")
        started = time.monotonic()
        summary = generate_mirror(
            out_dir=options["out"],
            companies=options["companies"],
            seed=options["seed"],
            start_year=options["start_year"],
            end_year=options["end_year"],
            reviews_per_company=options["reviews_per_company"],
        )
        self.stdout.write(
            f"companies={summary.companies} filings={summary.filings} letters={summary.letters} "
            f"ground_truth={summary.ground_truth_path} seconds={time.monotonic() - started:.1f}"
        )
