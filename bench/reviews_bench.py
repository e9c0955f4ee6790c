"""Reviews: the sample's review metrics, and how fast threading is.

    .venv/bin/python bench/reviews_bench.py metrics      # ../shared/edgar-sample: ingest, thread, print metrics
    .venv/bin/python bench/reviews_bench.py metrics|speed --var-dir /tmp/reviews-bench-XXXX   # reuse an earlier run's database
    .venv/bin/python bench/reviews_bench.py speed [--companies 1000]   # synthetic mirror of ~10,000 letters

Both ingest through the real client and pipeline over HTTP from the fake EDGAR on 127.0.0.1 into a fresh
SQLite database under a temporary VAR_DIR (the post-parse step threads each letter as it arrives).
`speed` then times a full re-thread of every company and one company's threading at two sizes, and counts
the queries each takes. Letter folders the submissions JSON does not list (its older pages are not in the sample)
are registered with the form their own document names before they are fetched by accession.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared")) / "edgar-sample"


def setup(var_dir: Path) -> None:
    os.environ.update(VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="config.settings", EDGAR_RATE_LIMIT="1000")
    for name in ("DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL"):
        os.environ.pop(name, None)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def ingest(root: Path) -> float:
    """Ingest every company of a mirror's submissions JSON; returns wall seconds."""
    from django.conf import settings

    from devtools.fake_edgar import FakeEdgar
    from filings.edgar.client import EdgarClient
    from filings.models import Filing
    from filings.services import filing_register, ingest_accessions, ingest_watchlist

    ciks = sorted(int(p.stem[3:]) for p in (root / "data.sec.gov" / "submissions").glob("CIK??????????.json"))
    with FakeEdgar(root, rate_limit=None) as fake:  # the limit is not what this measures
        settings.EDGAR_ARCHIVES_URL, settings.EDGAR_DATA_URL = fake.archives_url, fake.data_url
        settings.EDGAR_USER_AGENT = "Comment Letters Bench bench@example.com"
        client = EdgarClient.from_settings(max_retries=1)
        start = time.perf_counter()
        ingest_watchlist(client=client, ciks=ciks)
        # Folders the submissions JSON does not list (older pages absent from the sample) by accession.
        for cik in ciks:
            folders = root / "www.sec.gov" / "Archives" / "edgar" / "data" / str(cik)
            accessions = [f.name for f in folders.iterdir() if f.is_dir() and len(f.name) == 18] if folders.is_dir() else []
            stored = set(
                Filing.objects.filter(accession_number__in=[_dashed(a) for a in accessions]).values_list(
                    "accession_number", flat=True
                )
            )
            missing = [a for a in accessions if _dashed(a) not in stored]
            for folder in missing:
                # Without the submissions row EDGAR would still serve the form in the folder's -index-headers.html,
                # which the sample lacks; the bench reads it from the letter itself, as the evaluator does.
                form = _folder_form(folders / folder)
                if form:
                    filing_register(accession_number=_dashed(folder), cik=cik, form_type=form, source=Filing.Source.ACCESSION)
            if missing:
                ingest_accessions(client=client, accessions=missing, cik=cik)
        return time.perf_counter() - start


def _folder_form(folder: Path) -> str:
    """A company letter's SGML wrapper names its type; a staff letter's accession prefix says what it is."""
    for htm in folder.glob("*.htm"):
        if m := re.search(r"<TYPE>\s*([A-Z0-9 /-]+?)\s*$", htm.read_text(errors="replace")[:2000], re.M):
            return m.group(1)
    if folder.name.startswith("0000000000"):
        return "UPLOAD"
    if folder.name.startswith("9999999997"):
        return "SEC STAFF LETTER"
    return ""


def _dashed(folder: str) -> str:
    return f"{folder[:10]}-{folder[10:12]}-{folder[12:]}"


def metrics(*, ingested: bool) -> None:
    from comments.models import Letter, Review
    from comments.review_selectors import METRIC_GROUPS, review_metrics

    seconds = 0.0 if ingested else ingest(SAMPLE)
    reviews = Review.objects.all()
    comment_reviews = reviews.filter(rounds__gt=0)
    letters_per = [r.letters.count() for r in comment_reviews]
    print(
        f"{'read' if ingested else 'ingested'} {Letter.objects.count()} letters in {seconds:.0f} s; {reviews.count()} reviews, "
        f"{comment_reviews.count()} with at least one staff comment letter; "
        f"letters per comment review: mean {statistics.fmean(letters_per):.2f}, median {statistics.median(letters_per)}"
    )
    for by in METRIC_GROUPS:
        rows = review_metrics(reviews=reviews, by=by)
        print(
            f"\n| {by} | reviews | rounds | days to close (mean) | (median) | response lag days | business days | comments/review | letters/review | closed in 1 round | in 1-2 |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for row in rows[:15]:
            print(
                f"| {row.group} | {row.reviews} | {row.rounds_mean} | {row.days_to_close_mean} | {row.days_to_close_median} | "
                f"{row.response_lag_days_mean} | {row.response_lag_business_days_mean} | {row.comments_per_review} | "
                f"{row.letters_per_review} | {_pct(row.resolved_in_one_round)} | {_pct(row.resolved_in_two_rounds)} |"
            )


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f} %"


class QueryCount:
    """Counts every query run inside it (Django's own query log keeps only the last 9,000)."""

    def __enter__(self) -> QueryCount:
        from django.db import connection

        self.n = 0
        self._wrapper = connection.execute_wrapper(self._count)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._wrapper.__exit__(*exc)

    def _count(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.n += 1
        return execute(sql, params, many, context)


def speed(companies: int, *, ingested: bool) -> None:
    from django.db.models import Count

    from comments.models import Letter, Review
    from comments.services import company_reviews_thread, reviews_thread_all
    from devtools.synthetic import generate_mirror

    if not ingested:
        with tempfile.TemporaryDirectory(prefix="reviews-mirror-") as mirror:
            generate_mirror(out_dir=Path(mirror), companies=companies, seed=11)
            seconds = ingest(Path(mirror))
        n_letters = Letter.objects.count()
        print(
            f"synthetic mirror: {n_letters} letters stored; ingestion with threading in the post-parse step took "
            f"{seconds:.0f} s ({n_letters / seconds:.1f} letters/s)"
        )
    n_letters = Letter.objects.count()
    n_companies = Letter.objects.order_by().values("company_id").distinct().count()
    wall, cpu = time.perf_counter(), time.process_time()
    with QueryCount() as all_queries:
        total = reviews_thread_all()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"full re-thread of {n_letters} letters of {n_companies} companies: {total} reviews in {wall:.1f} s "
        f"({n_letters / wall:.0f} letters/s; {cpu:.1f} CPU s, {1000 * cpu / n_letters:.2f} CPU ms per letter), "
        f"{all_queries.n} queries ({all_queries.n / n_companies:.1f} per company)"
    )

    def by_size():
        return Letter.objects.values("company_id").annotate(n=Count("pk"))

    largest = by_size().order_by("-n").first()
    if largest is None or largest["n"] < 200:
        with tempfile.TemporaryDirectory(prefix="big-company-") as big:
            generate_mirror(out_dir=Path(big), companies=1, seed=12, start_year=1995, end_year=2025, reviews_per_company=60)
            ingest(Path(big))
        largest = by_size().order_by("-n").first()
    smallest = by_size().order_by("n").first()
    for label, row in (("largest company", largest), ("smallest company", smallest)):
        assert row is not None
        start = time.perf_counter()
        with QueryCount() as queries:
            company_reviews_thread(company_id=row["company_id"])
        elapsed = time.perf_counter() - start
        reviews = Review.objects.filter(company_id=row["company_id"]).count()
        print(f"{label}: {row['n']} letters, {reviews} reviews, threaded in {1000 * elapsed:.0f} ms with {queries.n} queries")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["metrics", "speed"])
    ap.add_argument("--companies", type=int, default=1000)
    ap.add_argument("--var-dir", type=Path, help="use the database an earlier run left there instead of ingesting again")
    args = ap.parse_args()
    var_dir = args.var_dir or Path(tempfile.mkdtemp(prefix="reviews-bench-"))
    print(f"VAR_DIR {var_dir} (the database stays there for inspection)")
    setup(var_dir)
    if args.what == "metrics":
        metrics(ingested=args.var_dir is not None)
    else:
        speed(args.companies, ingested=args.var_dir is not None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
