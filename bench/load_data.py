"""The load benchmark's data (bench/load_api.py generate): 100,000 letters, 1,000,000 staff comments and as
many company responses, written with COPY into a database of the benchmark's own. See bench/load_api.py."""

from __future__ import annotations

import json
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

LETTER_PAIRS = int(os.environ.get("LOAD_LETTER_PAIRS", "50000"))  # a staff letter and the company's answer: 100,000 letters
COMMENTS_PER_LETTER = 20  # 1,000,000 staff comments, 1,000,000 responses
COMPANIES = 5_000
SEED = 9
OUT = REPO / "bench" / "out" / "load.json"

TOPIC_PHRASES = [
    ("revenue_recognition", "revenue recognition"),
    ("goodwill_impairment", "goodwill impairment"),
    ("non_gaap", "non-GAAP measures"),
    ("segments", "segment reporting"),
    ("mdna", "results of operations"),
    ("debt_liquidity", "liquidity and capital resources"),
    ("income_taxes", "income tax valuation allowance"),
    ("financial_statements", "critical accounting estimates"),
    ("fair_value", "fair value measurements"),
    ("leases", "lease liabilities"),
    ("business_combinations", "purchase price allocation"),
    ("risk_factors", "risk factors"),
    ("controls_procedures", "disclosure controls and procedures"),
    ("contingencies_legal", "loss contingencies"),
    ("financial_statements", "inventory reserves"),
    ("stock_compensation", "stock-based compensation"),
    ("debt_liquidity", "debt covenants"),
    ("financial_statements", "operating cash flows"),
    ("climate", "climate-related disclosure"),
    ("cybersecurity", "cybersecurity incidents"),
    ("other", "crypto asset holdings"),
    ("sanctions_countries", "operations in China"),
    ("oil_gas_mining", "proved oil and gas reserves"),
    ("other", "pension plan assumptions"),
    ("related_parties", "related party transactions"),
]
# Words every comment shares, so the filler reads like a request.
PLAIN_TEXT = (
    "please tell us the basis for your conclusion and revise future filings to disclose how you "
    "determined the amounts recognized in each period including the judgments made by management and "
    "the effect on your financial statements"
)


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
        plain = rng.sample(PLAIN_TEXT.split(), 12)
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
