"""The precedent search as the product runs it, end to end through Django, on a scratch SQLite database.

    .venv/bin/python bench/precedents_product_speed.py [--comments 30000] [--queries 200] [--json PATH]
    PRECEDENTS_BENCH_DATABASE_URL=postgres://… .venv/bin/python bench/precedents_product_speed.py


Fills a throwaway database (under a temporary VAR_DIR, never var/) with N synthetic public staff comments
(bench/precedents_speed.py's generator: the sample's sentences recombined; 30,000 comments is about the
10,000-letter mirror). With PRECEDENTS_BENCH_DATABASE_URL it uses that database as it is instead (such as
bench/load_api.py's PostgreSQL database of 1,000,000 comments), and leaves its comments there. It measures: fitting a model version and re-indexing every comment under it
(precedents_index's path: embed, write the vectors, progress rows), loading the index into a fresh
process's memory (the first search), and one client's query latency of precedents_search (limit 10:
candidate ids, BM25, the query's embedding, vector search, fusion, the rows of the hits).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

SCRATCH = Path(tempfile.mkdtemp(prefix="precedents-bench-"))
os.environ["VAR_DIR"] = str(SCRATCH)
EXISTING = os.environ.get("PRECEDENTS_BENCH_DATABASE_URL")
if EXISTING:
    os.environ["DATABASE_URL"] = EXISTING
else:
    os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from precedents_corpus import load_corpus  # noqa: E402
from precedents_speed import percentiles, rss_peak_mb, synthetic_comments  # noqa: E402
from precedents_systems import query_text  # noqa: E402

from comments.models import Letter, StaffComment  # noqa: E402
from comments.selectors import letters_visible_to  # noqa: E402
from filings.models import Company  # noqa: E402
from precedents import store  # noqa: E402
from precedents.indexing import precedent_model_fit, precedent_reindex  # noqa: E402
from precedents.search import precedents_search  # noqa: E402

COMMENTS_PER_LETTER = 3
LETTERS_PER_COMPANY = 30


def fill(n: int) -> None:
    texts = synthetic_comments(n)
    letters_needed = -(-n // COMMENTS_PER_LETTER)
    companies = Company.objects.bulk_create(
        [Company(cik=8_000_000 + i, name=f"Synthetic {i}") for i in range(-(-letters_needed // LETTERS_PER_COMPANY))]
    )
    letters = Letter.objects.bulk_create(
        [
            Letter(
                company=companies[i // LETTERS_PER_COMPANY],
                form_type="UPLOAD",
                direction=Letter.Direction.STAFF,
                kind=Letter.Kind.STAFF_COMMENT_LETTER,
                letter_date=date(2010 + i % 15, 1 + i % 12, 1 + i % 28),
                parse_status=Letter.ParseStatus.PARSED,
            )
            for i in range(letters_needed)
        ],
        batch_size=2_000,
    )
    rows = []
    for i, text in enumerate(texts):
        heading, _, body = text.partition("\n")
        number = i % COMMENTS_PER_LETTER + 1
        rows.append(
            StaffComment(letter=letters[i // COMMENTS_PER_LETTER], number=number, position=number, heading=heading, text=body)
        )
    StaffComment.objects.bulk_create(rows, batch_size=2_000)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--comments", type=int, default=30_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--json", type=Path, default=REPO / "bench" / "out" / "precedents" / "product_speed.json")
    args = ap.parse_args()
    out: dict = {"database": EXISTING.rsplit("@", 1)[-1] if EXISTING else "sqlite (scratch)"}
    call_command("migrate", verbosity=0)
    if EXISTING:
        out["comments"] = StaffComment.objects.count()
    else:
        out["comments"] = args.comments
        start = time.perf_counter()
        fill(args.comments)
        out["fill_s"] = time.perf_counter() - start

    start = time.perf_counter()
    model = precedent_model_fit()
    out["fit_s"] = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    model = precedent_reindex(model_id=model.pk)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    out["reindex"] = {"s": wall, "comments_per_s": model.indexed / wall, "comments_per_cpu_s": model.indexed / cpu}

    letters = letters_visible_to(user=None)
    queries = [query_text(c) for c in load_corpus()][: args.queries]
    rss_before = rss_peak_mb()
    start = time.perf_counter()
    precedents_search(letters=letters, text=queries[0], limit=10)  # loads the model and the index
    out["first_search_load_s"] = time.perf_counter() - start
    loaded = store.precedent_index_of(model)
    exact = getattr(loaded.vectors, "exact", loaded.vectors)  # an IvfVectorIndex keeps its exact copy
    out["vector_index"] = type(loaded.vectors).__name__
    out["memory_mib"] = {
        "vectors": exact.vectors.nbytes / 2**20,
        "vectors_in_lists": exact.vectors.nbytes / 2**20 if exact is not loaded.vectors else 0,
        "bm25_postings": loaded.lexical.postings_bytes / 2**20,
        "process_peak_rss_growth_on_load": rss_peak_mb() - rss_before,
    }
    wall_s, cpu_s = [], []
    for q in queries:
        start, start_cpu = time.perf_counter(), time.process_time()
        precedents_search(letters=letters, text=q, limit=10)
        wall_s.append(time.perf_counter() - start)
        cpu_s.append(time.process_time() - start_cpu)
    out["query"] = {"wall": percentiles(wall_s), "cpu": percentiles(cpu_s)}
    out["disk_mib"] = {
        "database": (SCRATCH / "db.sqlite3").stat().st_size / 2**20 if not EXISTING else None,
        "model": len(bytes(model.__class__.objects.get(pk=model.pk).data)) / 2**20,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(out, indent=1))
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)
