"""Retrieval quality of the candidate precedent systems on the judged set (tests/labels/precedents/).

    .venv/bin/python bench/precedents_quality.py [--bootstrap 10000] [--json bench/out/precedents/quality.json]

For each query (a real staff comment), every system searches the other reviews' comments of the sample
(its own review is excluded: a precedent comes from another company or another review). Scores:
- nDCG@10 and recall@10 with relevant = judged 2 ("the same issue"), over the queries with at least one
  relevant comment; graded nDCG@10 (gain 2^g - 1) as a second view;
- a 95% bootstrap interval over queries for each mean, and for the paired difference to lexical-only;
- for the follow-up comments ("we note your response to prior comment 3"), how often the comment they
  follow up, identified by hand, is in the top 3 when only the query's own letter is excluded.
A result no one judged counts as not relevant and is reported (0 for the pooled systems).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from precedents_corpus import load_corpus  # noqa: E402
from precedents_judging import JUDGMENTS, QUERIES  # noqa: E402
from precedents_systems import (  # noqa: E402
    BASELINE,
    SYSTEMS,
    build_systems,
    other_letters,
    other_reviews,
    query_text,
)

DEPTH = 10
REISSUE_DEPTH = 3


def dcg(gains: list[float]) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg(ranked: list[str], grades: dict[str, int], *, graded: bool) -> float:
    def gain(g: int) -> float:
        return float(2**g - 1) if graded else (1.0 if g == 2 else 0.0)

    got = [gain(grades.get(cid, 0)) for cid in ranked[:DEPTH]]
    ideal = sorted((gain(g) for g in grades.values()), reverse=True)[:DEPTH]
    best = dcg(ideal)
    return dcg(got) / best if best > 0 else float("nan")


def recall(ranked: list[str], grades: dict[str, int]) -> float:
    relevant = {cid for cid, g in grades.items() if g == 2}
    return len(relevant & set(ranked[:DEPTH])) / len(relevant) if relevant else float("nan")


def bootstrap(values: np.ndarray, *, samples: int, seed: int) -> tuple[float, float]:
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(values), size=(samples, len(values)))
    means = values[idx].mean(axis=1)
    return float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


def evaluate(*, samples: int, seed: int = 11) -> dict:
    corpus = load_corpus()
    by_id = {c.id: c for c in corpus}
    queries = json.loads(QUERIES.read_text())
    judgments = json.loads(JUDGMENTS.read_text())["judgments"]
    systems = build_systems(corpus)
    per_query: dict[str, dict[str, dict]] = {name: {} for name in SYSTEMS}
    unjudged = dict.fromkeys(SYSTEMS, 0)
    reissue_hits = {name: [] for name in SYSTEMS}
    for q in queries:
        comment = by_id[q["id"]]
        grades = judgments.get(q["id"], {})
        for name in SYSTEMS:
            hits = systems[name].search(query_text(comment), k=DEPTH, exclude_ids=other_reviews(corpus, comment))
            ranked = [h.id for h in hits]
            unjudged[name] += sum(1 for cid in ranked if cid not in grades)
            per_query[name][q["id"]] = {
                "ndcg": ndcg(ranked, grades, graded=False),
                "ndcg_graded": ndcg(ranked, grades, graded=True),
                "recall": recall(ranked, grades),
            }
            if q.get("reissue_of"):
                near = systems[name].search(query_text(comment), k=REISSUE_DEPTH, exclude_ids=other_letters(corpus, comment))
                reissue_hits[name].append(q["reissue_of"] in {h.id for h in near})
    scored = [q["id"] for q in queries if any(g == 2 for g in judgments.get(q["id"], {}).values())]
    out: dict = {
        "queries": len(queries),
        "scored_queries": len(scored),
        "bootstrap_samples": samples,
        "systems": {},
        "reissue_queries": sum(1 for q in queries if q.get("reissue_of")),
    }
    base = {m: np.array([per_query[BASELINE][qid][m] for qid in scored]) for m in ("ndcg", "ndcg_graded", "recall")}
    for name in SYSTEMS:
        row: dict = {"unjudged_in_top10": unjudged[name]}
        for m in ("ndcg", "ndcg_graded", "recall"):
            values = np.array([per_query[name][qid][m] for qid in scored])
            diff = values - base[m]
            row[m] = {
                "mean": float(values.mean()),
                "ci": bootstrap(values, samples=samples, seed=seed),
                "diff_vs_lexical": float(diff.mean()),
                "diff_ci": bootstrap(diff, samples=samples, seed=seed),
            }
        hits = np.array(reissue_hits[name], dtype=float)
        row["reissue_top3"] = {
            "hits": int(hits.sum()),
            "of": len(hits),
            "rate": float(hits.mean()),
            "ci": bootstrap(hits, samples=samples, seed=seed),
        }
        out["systems"][name] = row
    return out


def _fmt(m: dict) -> str:
    lo, hi = m["ci"]
    return f"{m['mean']:.3f} [{lo:.3f}, {hi:.3f}]"


def _fmt_diff(m: dict) -> str:
    lo, hi = m["diff_ci"]
    return f"{m['diff_vs_lexical']:+.3f} [{lo:+.3f}, {hi:+.3f}]"


def markdown(result: dict) -> str:
    lines = [
        (
            f"{result['scored_queries']} of {result['queries']} queries have at least one relevant comment; "
            f"95% bootstrap intervals over queries ({result['bootstrap_samples']:,} resamples)."
        ),
        "",
        (
            "| system | nDCG@10 | Δ nDCG@10 vs lexical | recall@10 | Δ recall@10 vs lexical | graded nDCG@10 | "
            f"original in top {REISSUE_DEPTH} (follow-ups) | unjudged in top 10 |"
        ),
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, row in result["systems"].items():
        r = row["reissue_top3"]
        lines.append(
            f"| {name} | {_fmt(row['ndcg'])} | {_fmt_diff(row['ndcg'])} | {_fmt(row['recall'])} | "
            f"{_fmt_diff(row['recall'])} | {_fmt(row['ndcg_graded'])} | {r['hits']}/{r['of']} "
            f"({r['rate']:.0%}) | {row['unjudged_in_top10']} |"
        )
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bootstrap", type=int, default=10_000)
    ap.add_argument("--json", type=Path, default=REPO / "bench" / "out" / "precedents" / "quality.json")
    args = ap.parse_args()
    result = evaluate(samples=args.bootstrap)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1))
    print(markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
