"""Accuracy of the comment-letter parser on hand-labelled real letters (tests/labels/*.json).

    .venv/bin/python bench/evaluate_parser.py [--labels DIR|FILE ...] [--shared ../shared] [--quiet] [--speed] [--loco]

Each label names a document under ../shared/edgar-sample (or ../shared/seeds). The document goes through
the same path as production: filings.extraction.extract_text, then comments.parser.parse_letter with
the label's EDGAR form. Prints accuracy per field, the per-answer accuracy of answer types and their
confusion table (aggregates, also under --quiet), then what went wrong on each letter (unless --quiet).

--loco scores the learned part of the parser (the answer-type model) leave-one-company-out: for each
company, a model trained on every other company's letters decides that company's answers. Run it on the
development set only: it trains on the labels it is given.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from comments.parser import parse_letter  # noqa: E402
from filings.extraction import extract_text  # noqa: E402

FIELDS = (
    "kind",
    "letter_date",
    "referenced_filings",
    "comment_numbers",
    "comment_boundaries",
    "responses",
    "commitments",
    "acknowledgements",
    "acknowledgements_requested",
    # added with parser 2026.12.1; the fields above keep their definitions so old figures stay comparable
    "answer_types",
    "heading_above",
    "page",
)
ANSWER_TYPES = ("revised", "will_revise", "clarified", "provided_information", "declined")
MISSING = "(no answer)"


def load_document(label: dict, shared: Path) -> tuple[bytes, str]:
    """The labelled document's bytes and file name; letters only kept inside a complete submission
    (.txt) are taken out of it."""
    doc = label["document"]
    if not label.get("accession"):
        path = shared / "seeds" / doc
        return path.read_bytes(), doc
    acc = label["accession"]
    folder = shared / "edgar-sample" / "www.sec.gov" / "Archives" / "edgar" / "data" / str(label["cik"]) / acc.replace("-", "")
    path = folder / doc
    if path.exists():
        return path.read_bytes(), doc
    complete = folder / f"{acc}.txt"
    if not complete.exists():
        raise FileNotFoundError(f"{path} (nor {complete.name})")
    from filings.parsers.sgml import parse_complete_submission

    sub = parse_complete_submission(complete.read_bytes())
    for d in sub.documents:
        if d.filename == doc:
            return d.content, doc
    wanted = label.get("edgar_form", "")
    for d in sub.documents:
        if d.type.upper() == wanted.upper():
            return d.content, d.filename or doc
    return sub.documents[0].content, sub.documents[0].filename or doc


def load_labels(paths: list[str]) -> list[dict]:
    """Labels from label files, or from every *.json directly inside a directory."""
    labels: list[dict] = []
    for name in paths:
        p = Path(name)
        for f in sorted(p.glob("*.json")) if p.is_dir() else [p]:
            labels.extend(json.loads(f.read_text()))
    return labels


def _norm_words(s: str | None, n: int = 5) -> str:
    words = re.findall(r"[a-z0-9]+", (s or "").lower().replace("\u2019", "'"))
    return " ".join(words[:n])


def _file_number(s: str | None) -> str | None:
    if not s:
        return None
    m = re.match(r"^0*(\d+)-0*(\d+.*)$", s.strip())
    return f"{m.group(1)}-{m.group(2)}" if m else s.strip()


def _filings_key(items: list[dict]) -> list[tuple]:
    return [(f.get("form"), _file_number(f.get("file_number")), f.get("period_end")) for f in items]


def heading_above(heading: str | None) -> str | None:
    """The heading right above a comment (the last " / " part of its chain), normalised."""
    if not heading:
        return None
    return " ".join(re.findall(r"[a-z0-9]+", heading.split(" / ")[-1].lower().replace("\u2019", "'"))) or None


# "page 45", "pages 12-13", "page F-7": the label's page, read independently of the parser's rules.
_LABEL_PAGE = re.compile(r"(?i)\bpages?\s+([A-Z]?-?\d{1,4}(?:\.\d{1,2})?(?:\s*(?:-|\u2013|through|to|and|,)\s*[A-Z]?-?\d{1,4})*)")


def label_page(heading: str | None) -> str | None:
    if not heading:
        return None
    found = _LABEL_PAGE.findall(heading.split(" / ")[-1])
    return _norm_page(found[-1]) if found else None


def _norm_page(page: str | None) -> str | None:
    if not page:
        return None
    return re.sub(r"\s+", "", page.lower().replace("\u2013", "-").replace("through", "-").replace("to", "-")) or None


def is_company_letter(label: dict) -> bool:
    return label["edgar_form"] == "CORRESP" or label["kind"] == "company_response"


def compare(label: dict, got: dict) -> dict[str, tuple[bool, object, object]]:
    """field -> (right, expected, got) for each field the label decides."""
    out: dict[str, tuple[bool, object, object]] = {}

    def put(name: str, exp: object, val: object) -> None:
        out[name] = (exp == val, exp, val)

    put("kind", label["kind"], got["kind"])
    put("letter_date", label.get("letter_date"), got["letter_date"])
    put("referenced_filings", _filings_key(label.get("referenced_filings") or []), _filings_key(got["referenced_filings"]))
    lc = label.get("comments") or []
    put("comment_numbers", [c["number"] for c in lc], [c["number"] for c in got["comments"]])
    put("comment_boundaries", [_norm_words(c.get("first_words")) for c in lc], [_norm_words(c["text"]) for c in got["comments"]])
    if lc:
        put(
            "heading_above", [heading_above(c.get("heading")) for c in lc], [heading_above(c["heading"]) for c in got["comments"]]
        )
        put("page", [label_page(c.get("heading")) for c in lc], [_norm_page(c["page"]) for c in got["comments"]])
    if is_company_letter(label):
        put("responses", list(label.get("responses") or []), [r["number"] for r in got["responses"]])
        put(
            "commitments",
            sorted(label.get("commitments") or []),
            sorted(r["number"] for r in got["responses"] if r["commitment"]),
        )
        put("acknowledgements", label.get("acknowledgements"), got["acknowledgements"])
        if label.get("answer_types") is not None:
            put("answer_types", list(label["answer_types"]), [r.get("answer_type") for r in got["responses"]])
    else:
        put("acknowledgements_requested", label.get("acknowledgements_requested"), got["acknowledgements_requested"])
    return out


def answer_pairs(label: dict, got: dict) -> list[tuple[str, str, bool, bool]]:
    """(labelled type, parser's type, labelled commitment, parser's commitment) for each labelled answer,
    matched by comment number."""
    if not is_company_letter(label) or label.get("answer_types") is None:
        return []
    found: dict[int, dict] = {}
    for r in got["responses"]:
        found.setdefault(r["number"], r)
    committed = set(label.get("commitments") or [])
    out = []
    for n, t in zip(label.get("responses") or [], label["answer_types"]):
        mine = found.get(n)
        out.append(
            (t, (mine.get("answer_type") or MISSING) if mine else MISSING, n in committed, bool(mine and mine["commitment"]))
        )
    return out


class Tally:
    """Right and total per field, per-answer figures, per-comment heading and page, the confusion table."""

    def __init__(self) -> None:
        self.right = Counter()
        self.total = Counter()
        self.confusion: Counter = Counter()
        self.comments_right = Counter()
        self.comments_total = 0
        self.commitments_right = 0

    def add(self, label: dict, got: dict | None) -> dict[str, tuple[bool, object, object]]:
        if got is None:  # an error counts as wrong on every field
            for k in FIELDS:
                self.total[k] += 1
            return {}
        result = compare(label, got)
        for k, (ok, _, _) in result.items():
            self.total[k] += 1
            self.right[k] += ok
        for exp, val, exp_commit, got_commit in answer_pairs(label, got):
            self.confusion[(exp, val)] += 1
            self.commitments_right += exp_commit == got_commit
        lc, gc = label.get("comments") or [], {c["number"]: c for c in got["comments"]}
        for c in lc:
            self.comments_total += 1
            mine = gc.get(c["number"])
            self.comments_right["heading_above"] += bool(mine) and heading_above(mine["heading"]) == heading_above(
                c.get("heading")
            )
            self.comments_right["page"] += bool(mine) and _norm_page(mine["page"]) == label_page(c.get("heading"))
        return result

    def report(self, title: str = "") -> list[str]:
        out = [title] if title else []
        for k in FIELDS:
            if self.total[k]:
                out.append(f"{k:28s} {self.right[k]:4d}/{self.total[k]:<4d} {100.0 * self.right[k] / self.total[k]:6.1f} %")
        answers = sum(self.confusion.values())
        if answers:
            ok = sum(n for (e, g), n in self.confusion.items() if e == g)
            committed = self.commitments_right
            out.append(f"{'answers (per answer)':28s} {ok:4d}/{answers:<4d} {100.0 * ok / answers:6.1f} %")
            out.append(f"{'commitment (per answer)':28s} {committed:4d}/{answers:<4d} {100.0 * committed / answers:6.1f} %")
        if self.comments_total:
            for k in ("heading_above", "page"):
                n = self.comments_right[k]
                out.append(
                    f"{k + ' (per comment)':28s} {n:4d}/{self.comments_total:<4d} {100.0 * n / self.comments_total:6.1f} %"
                )
        if answers:
            out.extend(confusion_table(self.confusion))
        return out


def confusion_table(confusion: Counter) -> list[str]:
    cols = list(ANSWER_TYPES) + [MISSING]
    short = {
        "revised": "revised",
        "will_revise": "will_rev",
        "clarified": "clarif",
        "provided_information": "prov_info",
        "declined": "declined",
        MISSING: "none",
    }
    lines = [
        "",
        "answer types: labelled (rows) against the parser's (columns)",
        f"{'':22s}" + "".join(f"{short[c]:>10s}" for c in cols) + f"{'right':>8s}",
    ]
    for e in ANSWER_TYPES:
        row = [confusion.get((e, g), 0) for g in cols]
        n = sum(row)
        if n:
            lines.append(f"{e:22s}" + "".join(f"{v:10d}" for v in row) + f"{confusion.get((e, e), 0):5d}/{n}")
    return lines


def parse_all(labels: list[dict], shared: Path) -> tuple[list[tuple[dict, dict | None, str, str | None]], float, float]:
    """(label, contract or None, letter name, error) for each label, and the seconds spent extracting and parsing."""
    rows = []
    t_extract = t_parse = 0.0
    for label in labels:
        name = f"{label.get('cik')}/{label.get('accession')}/{label['document']}"
        try:
            data, filename = load_document(label, shared)
            t0 = time.perf_counter()
            ex = extract_text(data, filename=filename, doc_type=label.get("edgar_form", ""))
            t1 = time.perf_counter()
            parsed = parse_letter(ex.text, form_type=label.get("edgar_form"), emphasis=ex.emphasis)
            t2 = time.perf_counter()
        except Exception as exc:  # count the letter as wrong on every field and go on
            rows.append((label, None, name, repr(exc)))
            continue
        t_extract += t1 - t0
        t_parse += t2 - t1
        rows.append((label, parsed.to_contract(file=filename), name, None))
    return rows, t_extract, t_parse


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=os.environ.get("SHARED_DIR", str(REPO.parent / "shared")))
    ap.add_argument("--labels", nargs="+", default=[str(REPO / "tests" / "labels")], help="label directories or files")
    ap.add_argument("--quiet", action="store_true", help="only the accuracy tables, not each letter's misses")
    ap.add_argument("--misses", action="store_true", help=argparse.SUPPRESS)  # the default; kept for old scripts
    ap.add_argument("--speed", action="store_true", help="also time extraction and parsing")
    ap.add_argument("--loco", action="store_true", help="also score the answer-type model leave-one-company-out (dev set only)")
    args = ap.parse_args()

    labels = load_labels(args.labels)
    rows, t_extract, t_parse = parse_all(labels, Path(args.shared))
    tally = Tally()
    misses: list[str] = []
    for label, got, name, error in rows:
        if error is not None:
            misses.append(f"{name}: ERROR {error}")
        for k, (ok, exp, val) in tally.add(label, got).items():
            if not ok:
                misses.append(f"{name} [{label['kind']}] {k}:\n    expected {exp}\n    got      {val}")

    errors = sum(1 for r in rows if r[3] is not None)
    print(f"letters: {len(labels)}  errors: {errors}")
    print("\n".join(tally.report()))
    if args.speed and labels:
        n = len(labels) - errors
        print(
            f"extract ms/letter {1000 * t_extract / max(1, n):.2f}   parse ms/letter {1000 * t_parse / max(1, n):.2f}   "
            f"letters/s (extract+parse) {n / max(1e-9, t_extract + t_parse):.1f}"
        )
    if args.loco:
        from bench.loco_answer_types import loco_report

        print()
        print("\n".join(loco_report(rows, Tally)))
    if not args.quiet:
        print("\nmisses:")
        for m in misses:
            print(" ", m)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
