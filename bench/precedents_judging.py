"""Build and keep the judged set of precedent queries (tests/labels/precedents/, see its README).

    .venv/bin/python bench/precedents_judging.py select          # choose the queries (once; seeded)
    .venv/bin/python bench/precedents_judging.py sheet [--query ID ...] [--limit N]
    .venv/bin/python bench/precedents_judging.py status
    .venv/bin/python bench/precedents_judging.py record FILE   # merge "query-id result-id grade" lines

`sheet` pools the top 10 of every candidate system for each query, drops what is already judged, and
prints the rest in a seeded shuffle with no system named, so the judge reads each pair blind. The sheet
holds letter text: it is printed (or written under bench/out/), never stored in the repository.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from precedents_corpus import CorpusComment, load_corpus  # noqa: E402
from precedents_systems import SYSTEMS, build_systems, other_reviews, query_text  # noqa: E402

from comments.parser import PARSER_VERSION  # noqa: E402

LABELS = REPO / "tests" / "labels" / "precedents"
QUERIES = LABELS / "queries.json"
JUDGMENTS = LABELS / "judgments.json"
POOL_DEPTH = 10
GRADES = {
    "2": "the same issue asked of another company or in another review",
    "1": "the same subject, a different request",
    "0": "not related",
}
SEED = 11
FOLLOW_UP = re.compile(
    r"prior comment|previous comment|reissue|response to (?:our )?(?:prior )?comments? |your response|"
    r"your responses|preceding comment",
    re.IGNORECASE,
)


def first_words(text: str, n: int = 8) -> str:
    return " ".join(text.split()[:n])


def is_follow_up(c: CorpusComment) -> bool:
    return bool(FOLLOW_UP.search(c.text))


def select(corpus: list[CorpusComment]) -> list[dict]:
    """One comment per company that is not a follow-up, then up to 22 follow-ups (at most 3 a company)
    whose review has an earlier letter in the sample, all drawn at random with a fixed seed."""
    rng = random.Random(SEED)
    substantive = [c for c in corpus if len(c.text.split()) >= 12]
    by_company: dict[int, list[CorpusComment]] = {}
    for c in substantive:
        by_company.setdefault(c.cik, []).append(c)
    chosen = []
    for cik in sorted(by_company):
        fresh = [c for c in by_company[cik] if not is_follow_up(c)]
        if fresh:
            chosen.append(rng.choice(fresh))
    first_letter = {}
    for c in corpus:
        first_letter[c.review] = min(first_letter.get(c.review, c.letter_date or ""), c.letter_date or "")
    follow_ups = [c for c in substantive if is_follow_up(c) and (c.letter_date or "") > first_letter[c.review]]
    rng.shuffle(follow_ups)
    per_company: dict[int, int] = {}
    for c in follow_ups:
        if sum(per_company.values()) >= 22:
            break
        if per_company.get(c.cik, 0) < 3:
            per_company[c.cik] = per_company.get(c.cik, 0) + 1
            chosen.append(c)
    return [
        {
            "id": c.id,
            "cik": c.cik,
            "first_words": first_words(c.text),
            "follow_up": is_follow_up(c),
            "reissue_of": None,
            "topics": list(c.topics),
        }
        for c in chosen
    ]


def load_judgments() -> dict[str, dict[str, int]]:
    return json.loads(JUDGMENTS.read_text())["judgments"] if JUDGMENTS.exists() else {}


def save_judgments(judgments: dict[str, dict[str, int]]) -> None:
    """Write the judgments, noting the parser version whose comments were pooled (a re-parse can move
    a result into a pool: `status` then shows it as still to judge)."""
    previous = json.loads(JUDGMENTS.read_text()) if JUDGMENTS.exists() else {}
    versions = list(dict.fromkeys([*previous.get("pooled_with_parser", []), PARSER_VERSION]))
    ordered = {q: dict(sorted(judgments[q].items())) for q in sorted(judgments)}
    JUDGMENTS.write_text(json.dumps({"scale": GRADES, "pooled_with_parser": versions, "judgments": ordered}, indent=1) + "\n")


def record(path: Path, queries: list[dict], by_id: dict[str, CorpusComment]) -> int:
    known = {q["id"] for q in queries}
    judgments = load_judgments()
    for n, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        qid, cid, grade = line.split()
        if qid not in known or cid not in by_id or grade not in ("0", "1", "2"):
            print(f"{path}:{n}: not a judgment of a known query and comment: {line!r}", file=sys.stderr)
            return 1
        judgments.setdefault(qid, {})[cid] = int(grade)
    save_judgments(judgments)
    print(f"{sum(len(v) for v in judgments.values())} judgments over {len(judgments)} queries")
    return 0


def pools(corpus: list[CorpusComment], queries: list[dict]) -> dict[str, list[str]]:
    """query id -> the union of every system's top POOL_DEPTH, in the precedent scope (other reviews)."""
    systems = build_systems(corpus)
    by_id = {c.id: c for c in corpus}
    out = {}
    for q in queries:
        comment = by_id[q["id"]]
        pooled: set[str] = set()
        for name in SYSTEMS:
            hits = systems[name].search(query_text(comment), k=POOL_DEPTH, exclude_ids=other_reviews(corpus, comment))
            pooled.update(h.id for h in hits)
        out[q["id"]] = sorted(pooled)
    return out


def _show(c: CorpusComment, width: int) -> str:
    text = " ".join(c.text.split())
    return f"[{c.heading or '-'}]\n    {text[:width]}{'…' if len(text) > width else ''}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=("select", "sheet", "status", "record"))
    ap.add_argument("file", nargs="?", help="for record: lines of 'query-id result-id grade'")
    ap.add_argument("--query", nargs="*", default=None)
    ap.add_argument("--limit", type=int, default=None, help="at most this many queries with unjudged results")
    ap.add_argument("--width", type=int, default=700)
    args = ap.parse_args()
    corpus = load_corpus()
    by_id = {c.id: c for c in corpus}
    if args.command == "select":
        if QUERIES.exists():
            print(f"{QUERIES} exists: the queries are chosen once", file=sys.stderr)
            return 1
        LABELS.mkdir(parents=True, exist_ok=True)
        QUERIES.write_text(json.dumps(select(corpus), indent=1) + "\n")
        return 0
    queries = json.loads(QUERIES.read_text())
    if args.command == "record":
        return record(Path(args.file), queries, by_id)
    if args.query:
        queries = [q for q in queries if q["id"] in set(args.query)]
    judged = load_judgments()
    todo = {qid: [c for c in pool if c not in judged.get(qid, {})] for qid, pool in pools(corpus, queries).items()}
    if args.command == "status":
        print(
            f"{len(queries)} queries; {sum(len(v) for v in todo.values())} pooled results still to judge "
            f"in {sum(1 for v in todo.values() if v)} queries"
        )
        return 0
    shown = 0
    for q in queries:
        pending = todo[q["id"]]
        if not pending or (args.limit is not None and shown >= args.limit):
            continue
        shown += 1
        random.Random(f"{SEED}:{q['id']}").shuffle(pending)
        query = by_id[q["id"]]
        print(f"\n===== QUERY {q['id']} (cik {query.cik}, {query.letter_date})\n  {_show(query, 4000)}")
        for cid in pending:
            c = by_id[cid]
            same = " SAME-COMPANY" if c.cik == query.cik else ""
            print(f"  -- {cid}{same} ({c.letter_date})\n    {_show(c, args.width)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
