"""Load benchmark of the API on PostgreSQL with generated data (issue 9): 100,000 letters, 1,000,000 staff
comments and as many company responses, then p50/p95/p99 latency under 1 and 16 concurrent clients.

    # a throwaway database beside the real one (never the project's own)
    export DATABASE_URL=postgres://ci:ci@127.0.0.1:5432/comment_letters_load
    nice -n 19 .venv/bin/python bench/load_api.py generate      # createdb, migrate, COPY the rows, index
    .venv/bin/python bench/load_api.py measure                  # starts gunicorn, writes bench/out/load.json
    .venv/bin/python bench/load_api.py drop                     # dropdb

Rows are written with COPY, ids chosen here, so no ORM save and no parser runs: the shape is what the
parser stores (a public staff letter with 20 comments, the company's answer with 20 responses each linked
to its comment, one review per exchange). Text is made from a fixed vocabulary with a Zipf tail, and a
topic phrase per comment, so a search can be common ("revenue recognition", ~1 in 25 comments) or rare.
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

LETTER_PAIRS = int(os.environ.get("LOAD_LETTER_PAIRS", "50000"))  # a staff letter and the company's answer: 100,000 letters
COMMENTS_PER_LETTER = 20  # 1,000,000 staff comments, 1,000,000 responses
COMPANIES = 5_000
BATCH = 50_000
SEED = 9
OUT = REPO / "bench" / "out" / "load.json"

TOPIC_PHRASES = [
    ("revenue_recognition", "revenue recognition"),
    ("goodwill", "goodwill impairment"),
    ("non_gaap", "non-GAAP measures"),
    ("segments", "segment reporting"),
    ("mdna", "results of operations"),
    ("liquidity", "liquidity and capital resources"),
    ("income_taxes", "income tax valuation allowance"),
    ("critical_estimates", "critical accounting estimates"),
    ("fair_value", "fair value measurements"),
    ("leases", "lease liabilities"),
    ("business_combinations", "purchase price allocation"),
    ("risk_factors", "risk factors"),
    ("controls", "disclosure controls and procedures"),
    ("contingencies", "loss contingencies"),
    ("inventory", "inventory reserves"),
    ("stock_compensation", "stock-based compensation"),
    ("debt", "debt covenants"),
    ("cash_flows", "operating cash flows"),
    ("climate", "climate-related disclosure"),
    ("cybersecurity", "cybersecurity incidents"),
    ("crypto", "crypto asset holdings"),
    ("china", "operations in China"),
    ("reserves", "proved oil and gas reserves"),
    ("pensions", "pension plan assumptions"),
    ("other", "related party transactions"),
]
PLAIN = [
    "please",
    "tell",
    "us",
    "the",
    "basis",
    "for",
    "your",
    "conclusion",
    "and",
    "revise",
    "future",
    "filings",
    "to",
    "disclose",
    "how",
    "you",
    "determined",
    "the",
    "amounts",
    "recognized",
    "in",
    "each",
    "period",
    "including",
    "the",
    "judgments",
    "made",
    "by",
    "management",
    "and",
    "the",
    "effect",
    "on",
    "your",
    "financial",
    "statements",
]


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    syllables = ["ka", "lo", "mi", "ter", "van", "dor", "pel", "sun", "rix", "bra", "quo", "zen", "tal", "mur", "fex"]
    words = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(8000)})
    rng.shuffle(words)
    return words, [1 / (rank + 1) for rank in range(len(words))]


def _texts(rng: random.Random, n: int, opening: str) -> list[tuple[str, str]]:
    """(topic, text) pairs: a pool the rows draw from."""
    words, weights = _vocabulary(rng)
    pool = []
    for _ in range(n):
        topic, phrase = rng.choice(TOPIC_PHRASES)
        filler = rng.choices(words, weights, k=14)
        plain = rng.sample(PLAIN, 12)
        text = f"{opening} {phrase}: " + " ".join(plain[:6] + filler[:7] + plain[6:] + filler[7:]) + "."
        pool.append((topic, text))
    return pool


# --- writing rows --------------------------------------------------------------------------------------


def _copy(cursor, model, rows, columns: list[str]) -> int:  # noqa: ANN001
    """COPY rows (tuples in `columns` order, by attname) into the model's table, every other column its default."""
    from django.db import models
    from psycopg.types.json import Jsonb

    now = datetime.now(UTC)
    fields = list(model._meta.concrete_fields)
    given = {name: i for i, name in enumerate(columns)}
    fill = []
    for field in fields:
        if field.attname in given:
            fill.append(None)
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            fill.append(now)
        elif field.has_default():
            fill.append(field.get_default())
        elif field.null:
            fill.append(None)
        elif isinstance(field, (models.CharField, models.TextField, models.FileField)):
            fill.append("")
        else:
            raise ValueError(f"{model.__name__}.{field.name} needs a value")
    is_json = [isinstance(f, models.JSONField) for f in fields]
    names = ", ".join(f'"{f.column}"' for f in fields)
    count = 0
    with cursor.copy(f'COPY "{model._meta.db_table}" ({names}) FROM STDIN') as copy:
        for row in rows:
            out = []
            for j, field in enumerate(fields):
                i = given.get(field.attname)
                value = row[i] if i is not None else fill[j]
                out.append(Jsonb(value) if is_json[j] and value is not None else value)
            copy.write_row(out)
            count += 1
    return count


def generate() -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from comments.models import CompanyResponse, FilingReference, Letter, Review, StaffComment
    from comments.search import search_index_install, search_index_uninstall
    from filings.models import Company, Document, Filing

    assert connection.vendor == "postgresql", "the load benchmark runs on PostgreSQL (set DATABASE_URL)"
    timings: dict[str, float] = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    timings["migrate"] = time.perf_counter() - started

    rng = random.Random(SEED)
    comments_pool = _texts(rng, 40_000, "Please explain your")
    answers_pool = [text for _, text in _texts(rng, 40_000, "We respectfully advise the staff regarding our")]
    t = time.perf_counter()
    search_index_uninstall(connection=connection)  # built once at the end: far faster than row by row
    raw = connection.connection
    with raw.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        _copy(
            cursor,
            Company,
            ((i, 100_000 + i, f"Generated Company {i} Inc.", [f"GC{i}"], "1231") for i in range(1, COMPANIES + 1)),
            ["id", "cik", "name", "tickers", "fiscal_year_end"],
        )
        first = date(2005, 1, 1)
        pair_dates = [first + timedelta(days=rng.randrange(7300)) for _ in range(LETTER_PAIRS)]

        def company_of(pair: int) -> int:
            return pair % COMPANIES + 1

        def filings():  # noqa: ANN202
            for pair in range(1, LETTER_PAIRS + 1):
                when = pair_dates[pair - 1]
                for side, form in ((0, "UPLOAD"), (1, "CORRESP")):
                    fid = 2 * pair - 1 + side
                    filed = when + timedelta(days=22 * side)
                    acc = f"{9_000_000_000 + fid:010d}-{filed.year % 100:02d}-{fid:06d}"[:20]
                    yield (fid, acc, form, filed, "daily_index", "fetched")

        _copy(cursor, Filing, filings(), ["id", "accession_number", "form_type", "filing_date", "source", "fetch_status"])
        _copy(
            cursor,
            Filing.companies.through,
            ((fid, fid, company_of((fid + 1) // 2)) for fid in range(1, 2 * LETTER_PAIRS + 1)),
            ["id", "filing_id", "company_id"],
        )
        timings["companies_filings"] = time.perf_counter() - t

        t = time.perf_counter()
        picks = [[rng.randrange(len(comments_pool)) for _ in range(COMMENTS_PER_LETTER)] for _ in range(LETTER_PAIRS)]

        def body(pair: int, side: int) -> str:
            lines = []
            for n, k in enumerate(picks[pair - 1], start=1):
                lines.append(f"{n}. {comments_pool[k][1]}")
                if side:
                    lines.append(f"Response: {answers_pool[k]}")
            return ("Dear Sir or Madam:\n\n" if not side else "Ladies and Gentlemen:\n\n") + "\n\n".join(lines)

        def documents():  # noqa: ANN202
            for fid in range(1, 2 * LETTER_PAIRS + 1):
                pair, side = (fid + 1) // 2, (fid + 1) % 2
                text = body(pair, side)
                yield (fid, fid, 1, "CORRESP" if side else "UPLOAD", f"filename{fid}.htm", len(text), text, "ok")

        _copy(
            cursor,
            Document,
            documents(),
            ["id", "filing_id", "sequence", "type", "filename", "size", "text", "extraction_status"],
        )
        timings["documents"] = time.perf_counter() - t

        t = time.perf_counter()

        def reviews():  # noqa: ANN202
            for pair in range(1, LETTER_PAIRS + 1):
                when = pair_dates[pair - 1]
                yield (
                    pair,
                    company_of(pair),
                    "10-K",
                    date(when.year - 1, 12, 31),
                    "closed",
                    when,
                    when + timedelta(days=60),
                    1,
                    20,
                )

        _copy(
            cursor,
            Review,
            reviews(),
            [
                "id",
                "company_id",
                "subject_form",
                "subject_period_end",
                "status",
                "opened_on",
                "closed_on",
                "rounds",
                "comment_count",
            ],
        )

        def letters():  # noqa: ANN202
            for lid in range(1, 2 * LETTER_PAIRS + 1):
                pair, side = (lid + 1) // 2, (lid + 1) % 2
                when = pair_dates[pair - 1] + timedelta(days=22 * side)
                topics = sorted({comments_pool[k][0] for k in picks[pair - 1]})
                yield (
                    lid,
                    lid,
                    lid,
                    company_of(pair),
                    pair,
                    "CORRESP" if side else "UPLOAD",
                    "company_response" if side else "staff_comment_letter",
                    "company" if side else "staff",
                    when,
                    (lid - 1) if side else None,
                    topics,
                    ["ASC 606-10-50-5"] if "revenue_recognition" in topics else [],
                    "parsed",
                )

        _copy(
            cursor,
            Letter,
            letters(),
            [
                "id",
                "document_id",
                "filing_id",
                "company_id",
                "review_id",
                "form_type",
                "kind",
                "direction",
                "letter_date",
                "responds_to_id",
                "topics",
                "literature",
                "parse_status",
            ],
        )
        _copy(
            cursor,
            FilingReference,
            ((pair, 2 * pair - 1, "10-K", date(pair_dates[pair - 1].year - 1, 12, 31)) for pair in range(1, LETTER_PAIRS + 1)),
            ["id", "letter_id", "form", "period_end"],
        )
        timings["reviews_letters"] = time.perf_counter() - t

        t = time.perf_counter()

        def comments():  # noqa: ANN202
            cid = 0
            for pair in range(1, LETTER_PAIRS + 1):
                for n, k in enumerate(picks[pair - 1], start=1):
                    cid += 1
                    topic, text = comments_pool[k]
                    yield (cid, 2 * pair - 1, n, n - 1, text, [topic], "responded")

        _copy(cursor, StaffComment, comments(), ["id", "letter_id", "number", "position", "text", "topics", "status"])
        timings["staff_comments"] = time.perf_counter() - t

        t = time.perf_counter()
        answer_types = ["will_revise", "clarified", "provided_information", "revised", "declined"]

        def responses():  # noqa: ANN202
            rid = 0
            for pair in range(1, LETTER_PAIRS + 1):
                for n, k in enumerate(picks[pair - 1], start=1):
                    rid += 1
                    kind = answer_types[(k + n) % 5]
                    committed = kind in ("will_revise", "revised")
                    yield (
                        rid,
                        2 * pair,
                        rid,
                        n,
                        n - 1,
                        comments_pool[k][1],
                        answers_pool[k],
                        kind,
                        committed,
                        answers_pool[k] if committed else "",
                    )

        _copy(
            cursor,
            CompanyResponse,
            responses(),
            [
                "id",
                "letter_id",
                "comment_id",
                "number",
                "position",
                "restated_comment",
                "text",
                "answer_type",
                "makes_commitment",
                "commitment_text",
            ],
        )
        timings["company_responses"] = time.perf_counter() - t
        raw.commit()

        for model in (
            Company,
            Filing,
            Filing.companies.through,
            Document,
            Review,
            Letter,
            FilingReference,
            StaffComment,
            CompanyResponse,
        ):
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM \"{table}\"))")
        raw.commit()

    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
    search_index_install(connection=connection)
    timings["search_indexes"] = time.perf_counter() - t
    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    timings["vacuum_analyze"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - started
    counts = {
        "letters": Letter.objects.count(),
        "staff_comments": StaffComment.objects.count(),
        "company_responses": CompanyResponse.objects.count(),
        "reviews": Review.objects.count(),
        "companies": Company.objects.count(),
    }
    _bench_user()
    result = {"generation_seconds": {k: round(v, 1) for k, v in timings.items()}, "rows": counts}
    _save({"generation": result})
    print(json.dumps(result, indent=2))
    return result


def _bench_user() -> str:
    """A member of one organisation (the ordinary reader: the visibility rule applies), and its token."""
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from teams.models import Membership, Organisation, Role

    user, _ = get_user_model().objects.get_or_create(username="load-bench")
    organisation, _ = Organisation.objects.get_or_create(slug="load-bench", defaults={"name": "Load bench team"})
    Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": Role.EDITOR})
    token, _ = Token.objects.get_or_create(user=user)
    return token.key


def _save(part: dict) -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(OUT.read_text()) if OUT.exists() else {}
    data.update(part)
    OUT.write_text(json.dumps(data, indent=2))


# --- measuring ---------------------------------------------------------------------------------------------


def _requests(rng: random.Random) -> dict[str, callable]:
    """name: a function answering the next path to ask (random rows, so caches do not flatter)."""
    pairs, comments = LETTER_PAIRS, LETTER_PAIRS * COMMENTS_PER_LETTER
    searches = ["goodwill impairment", '"revenue recognition"', "valuation allowance", "cybersecurity incidents"]
    rare = ["kaloter", "vandorpel", "sunrix"]
    return {
        "letters list": lambda: "/api/v1/letters/",
        "letter detail": lambda: f"/api/v1/letters/{rng.randint(1, 2 * pairs)}/",
        "letters filtered (cik, kind)": lambda: (
            f"/api/v1/letters/?cik={100_000 + rng.randint(1, COMPANIES)}&kind=staff_comment_letter"
        ),
        "letters filtered (topic, date range)": lambda: (
            f"/api/v1/letters/?topic=goodwill&letter_date_from={rng.randint(2005, 2023)}-01-01"
        ),
        "staff comments list": lambda: "/api/v1/staff-comments/",
        "staff comment detail": lambda: f"/api/v1/staff-comments/{rng.randint(1, comments)}/",
        "staff comments filtered (letter)": lambda: f"/api/v1/staff-comments/?letter={2 * rng.randint(1, pairs) - 1}",
        "staff comments filtered (cik, topic)": lambda: (
            f"/api/v1/staff-comments/?cik={100_000 + rng.randint(1, COMPANIES)}&topic=segments"
        ),
        "review timeline (API)": lambda: f"/api/v1/reviews/{rng.randint(1, pairs)}/",
        "review timeline (page)": lambda: f"/reviews/{rng.randint(1, pairs)}/",
        "search letters": lambda: "/api/v1/search/?" + urllib.parse.urlencode({"q": rng.choice(searches)}),
        "search comments": lambda: "/api/v1/search/?" + urllib.parse.urlencode({"q": rng.choice(searches), "kind": "comment"}),
        "search comments (rare word)": lambda: (
            "/api/v1/search/?" + urllib.parse.urlencode({"q": rng.choice(rare), "kind": "comment"})
        ),
        "search responses": lambda: "/api/v1/search/?" + urllib.parse.urlencode({"q": rng.choice(searches), "kind": "response"}),
    }


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    q = statistics.quantiles(ordered, n=100, method="inclusive")
    return {"p50": round(q[49], 1), "p95": round(q[94], 1), "p99": round(q[98], 1), "n": len(ordered)}


def _run(base: str, sessions: list, path_of, clients: int, per_client: int) -> tuple[list[float], list[int]]:  # noqa: ANN001
    samples: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()

    def client(session) -> None:  # noqa: ANN001
        mine, codes = [], []
        for _ in range(per_client):
            path = path_of()
            t = time.perf_counter()
            response = session.get(base + path, timeout=60)
            mine.append((time.perf_counter() - t) * 1000)
            codes.append(response.status_code)
        with lock:
            samples.extend(mine)
            statuses.extend(codes)

    threads = [threading.Thread(target=client, args=(sessions[i],)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, statuses


def _serve(workers: int):  # noqa: ANN202
    """gunicorn on a free port, DEBUG off and the throttles out of the way: the server is what is measured."""
    import requests

    base = "http://127.0.0.1:8765"
    env = {**os.environ, "DJANGO_DEBUG": "0", "API_THROTTLE_USER": "100000000/hour", "API_THROTTLE_ANON": "100000000/hour"}
    command = [str(REPO / ".venv/bin/gunicorn"), "config.wsgi:application", "-b", "127.0.0.1:8765", "-w", str(workers)]
    server = subprocess.Popen([*command, "-k", "sync", "--log-level", "warning"], cwd=REPO, env=env)
    for _ in range(200):
        try:
            if requests.get(base + "/api/v1/", timeout=10).status_code in (200, 401):
                return base, server
        except requests.RequestException:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not answer")


def measure(*, base: str | None, only: list[str] | None, single: int, concurrent: int, workers: int) -> dict:
    import django
    import requests

    django.setup()
    token = _bench_user()
    server = None
    try:
        if base is None:
            base, server = _serve(workers)
        # The page needs a session: sign in once per client through the form, as a browser would.
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.get(username="load-bench")
        user.set_password("load bench passphrase")
        user.save()

        def session_for():  # noqa: ANN202
            session = requests.Session()
            session.headers["Authorization"] = f"Token {token}"
            page = session.get(base + "/sign-in/")
            csrf = session.cookies.get("csrftoken")
            session.post(
                base + "/sign-in/",
                data={"username": "load-bench", "password": "load bench passphrase", "csrfmiddlewaretoken": csrf},
                headers={"Referer": base + "/sign-in/"},
            )
            assert page.status_code == 200
            return session

        sessions = [session_for() for _ in range(16)]
        rng = random.Random(SEED)
        results: dict[str, dict] = {}
        for name, path_of in _requests(rng).items():
            if only and not any(word in name for word in only):
                continue
            _run(base, sessions, path_of, 1, 5)  # warm the workers and this kind of query
            one, codes_one = _run(base, sessions, path_of, 1, single)
            many, codes_many = _run(base, sessions, path_of, 16, concurrent)
            bad = sorted({c for c in codes_one + codes_many if c != 200})
            results[name] = {"1 client": _percentiles(one), "16 clients": _percentiles(many), "non_200": bad}
            print(name, json.dumps(results[name]), flush=True)
        _save({"latency_ms": results, "measured_at": datetime.now(UTC).isoformat(timespec="seconds")})
        return results
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)


def drop() -> None:
    url = urllib.parse.urlparse(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    assert name.endswith("_load"), "drop only ever removes the load benchmark's own database"
    env = {**os.environ, "PGPASSWORD": url.password or ""}
    subprocess.run(["dropdb", "-h", url.hostname, "-U", url.username, "--if-exists", name], check=True, env=env)


def create() -> None:
    url = urllib.parse.urlparse(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    assert name.endswith("_load"), "the load benchmark writes only to a database of its own (…_load)"
    env = {**os.environ, "PGPASSWORD": url.password or ""}
    subprocess.run(["dropdb", "-h", url.hostname, "-U", url.username, "--if-exists", name], check=True, env=env)
    subprocess.run(["createdb", "-h", url.hostname, "-U", url.username, name], check=True, env=env)


def main() -> None:
    faulthandler.dump_traceback_later(int(os.environ.get("LOAD_HANG_SECONDS", "0")) or 10**6, exit=False)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["generate", "measure", "drop"])
    parser.add_argument("--base", help="a running server's URL (else gunicorn is started here)")
    parser.add_argument("--only", nargs="*", help="measure only the requests whose name has one of these words")
    parser.add_argument("--single", type=int, default=200, help="requests under one client, per endpoint")
    parser.add_argument("--concurrent", type=int, default=20, help="requests per client under 16 clients")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    args = parser.parse_args()
    if args.step == "generate":
        create()
        generate()
    elif args.step == "measure":
        measure(base=args.base, only=args.only, single=args.single, concurrent=args.concurrent, workers=args.workers)
    else:
        drop()


if __name__ == "__main__":
    main()
