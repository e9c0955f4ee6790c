"""Leave-one-company-out figures for answer types (bench/evaluate_parser.py --loco).

The parser decides answer types by rules (comments/parser/answers.py, changes.py); no rule is trained, so
their per-company figures below are plain development figures, split by company. Beside them, a candidate
learned component is scored honestly: a multinomial logistic regression on TF-IDF word 1-2-grams of the
answer and of the restated comment, alone and with the rules' decisions as extra features, trained on every
other company's labelled answers and scored on the company left out. It is deterministic (full-batch
gradient descent from zeros, fixed steps) and needs numpy, which the bench has and the parser does not use.
It ships only if it beats the rules; see bench/RESULTS-parser.md for what it measured.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from comments.parser.answers import staff_request
from comments.parser.result import ANSWER_TYPES, COMMITTED_TYPES

_WORD = re.compile(r"[a-z][a-z'&-]+|\d+")
REQUESTS = ("change", "information", None)


def dev_answers(rows: list[tuple[dict, dict | None, str, str | None]]) -> list[dict]:
    """One row per labelled answer the parser found: company, answer and restated text, both types."""
    out = []
    for label, got, _, _ in rows:
        if got is None or label.get("answer_types") is None:
            continue
        found: dict[int, dict] = {}
        for r in got["responses"]:
            found.setdefault(r["number"], r)
        for n, t in zip(label.get("responses") or [], label["answer_types"]):
            r = found.get(n)
            if r is not None:
                out.append(
                    {
                        "cik": label["cik"],
                        "answer": r["text"][:3000],
                        "restated": r["restated_comment"] or "",
                        "rules": r["answer_type"],
                        "label": t,
                    }
                )
    return out


def _grams(text: str) -> list[str]:
    words = _WORD.findall(text.lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


class Tfidf:
    def __init__(self, docs: list[str], *, min_df: int = 2) -> None:
        df = Counter(g for d in docs for g in set(_grams(d)))
        kept = sorted(g for g, n in df.items() if n >= min_df)
        self.index = {g: i for i, g in enumerate(kept)}
        self.idf = [math.log((1 + len(docs)) / (1 + df[g])) + 1 for g in kept]

    def rows(self, docs: list[str]) -> list[dict[int, float]]:
        out = []
        for d in docs:
            tf = Counter(self.index[g] for g in _grams(d) if g in self.index)
            row = {i: (1 + math.log(n)) * self.idf[i] for i, n in tf.items()}
            norm = math.sqrt(sum(v * v for v in row.values())) or 1.0
            out.append({i: v / norm for i, v in row.items()})
        return out


def _features(train: list[dict], test: list[dict], *, with_rules: bool):
    import numpy as np

    answers = Tfidf([r["answer"] for r in train])
    restated = Tfidf([r["restated"] for r in train])
    width = len(answers.index) + len(restated.index) + (len(ANSWER_TYPES) + len(REQUESTS) if with_rules else 0)

    def matrix(items: list[dict]):
        m = np.zeros((len(items), width + 1))
        m[:, width] = 1.0  # bias
        for k, (a, q) in enumerate(
            zip(answers.rows([r["answer"] for r in items]), restated.rows([r["restated"] for r in items]))
        ):
            for i, v in a.items():
                m[k, i] = v
            for i, v in q.items():
                m[k, len(answers.index) + i] = v
            if with_rules:
                base = len(answers.index) + len(restated.index)
                m[k, base + ANSWER_TYPES.index(items[k]["rules"])] = 1.0
                m[k, base + len(ANSWER_TYPES) + REQUESTS.index(staff_request(items[k]["restated"]))] = 1.0
        return m

    return matrix(train), matrix(test)


def train_predict(
    train: list[dict], test: list[dict], *, with_rules: bool, l2: float = 1e-3, steps: int = 400, rate: float = 2.0
) -> list[str]:
    import numpy as np

    x, x_test = _features(train, test, with_rules=with_rules)
    y = np.zeros((len(train), len(ANSWER_TYPES)))
    for k, r in enumerate(train):
        y[k, ANSWER_TYPES.index(r["label"])] = 1.0
    w = np.zeros((x.shape[1], len(ANSWER_TYPES)))
    for _ in range(steps):
        z = x @ w
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        w -= rate * (x.T @ (p - y) / len(train) + l2 * w)
    return [ANSWER_TYPES[i] for i in (x_test @ w).argmax(axis=1)]


def loco_report(rows: list[tuple[dict, dict | None, str, str | None]], tally_class) -> list[str]:
    answers = dev_answers(rows)
    by_company: dict[int, list[dict]] = defaultdict(list)
    for a in answers:
        by_company[a["cik"]].append(a)
    letters: dict[int, list] = defaultdict(list)
    for row in rows:
        letters[row[0]["cik"]].append(row)

    def committed(t: str) -> bool:
        return t in COMMITTED_TYPES

    lines = [
        "leave-one-company-out (dev set): answers right per company; rules are not trained, the models are",
        f"{'company (cik)':>14s} {'letters':>7s} {'answers':>7s} {'rules':>6s} {'text LR':>8s} {'text+rules LR':>14s} "
        f"{'commit rules':>12s} {'commit LR':>9s} {'headings':>9s} {'pages':>7s}",
    ]
    totals = Counter()
    for cik in sorted(letters):
        test = by_company.get(cik, [])
        train = [a for a in answers if a["cik"] != cik]
        text_lr = train_predict(train, test, with_rules=False) if test else []
        both_lr = train_predict(train, test, with_rules=True) if test else []
        tally = tally_class()
        for label, got, _, _ in letters[cik]:
            tally.add(label, got)
        row = Counter(
            answers=len(test),
            rules=sum(a["rules"] == a["label"] for a in test),
            text=sum(p == a["label"] for p, a in zip(text_lr, test)),
            both=sum(p == a["label"] for p, a in zip(both_lr, test)),
            commit_rules=sum(committed(a["rules"]) == committed(a["label"]) for a in test),
            commit_lr=sum(committed(p) == committed(a["label"]) for p, a in zip(both_lr, test)),
            letters=len(letters[cik]),
            headings=tally.right["heading_above"],
            headings_n=tally.total["heading_above"],
            pages=tally.right["page"],
            pages_n=tally.total["page"],
        )
        totals.update(row)
        lines.append(
            f"{cik:>14d} {row['letters']:7d} {row['answers']:7d} {row['rules']:6d} {row['text']:8d} {row['both']:14d} "
            f"{row['commit_rules']:12d} {row['commit_lr']:9d} {row['headings']:4d}/{row['headings_n']:<4d} {row['pages']:3d}/{row['pages_n']:<3d}"
        )
    n = max(1, totals["answers"])
    lines.append(
        f"{'all':>14s} {totals['letters']:7d} {totals['answers']:7d} {totals['rules']:6d} {totals['text']:8d} {totals['both']:14d} "
        f"{totals['commit_rules']:12d} {totals['commit_lr']:9d} {totals['headings']:4d}/{totals['headings_n']:<4d} {totals['pages']:3d}/{totals['pages_n']:<3d}"
    )
    lines.append(
        f"{'share':>14s} {'':7s} {'':7s} {100 * totals['rules'] / n:5.1f}% {100 * totals['text'] / n:7.1f}% {100 * totals['both'] / n:13.1f}% "
        f"{100 * totals['commit_rules'] / n:11.1f}% {100 * totals['commit_lr'] / n:8.1f}%"
    )
    return lines
