"""Accuracy of the comment-letter parser on hand-labelled real letters (tests/labels/*.json).

    .venv/bin/python bench/evaluate_parser.py [--shared ../shared] [--quiet] [--speed]

Each label names a document under ../shared/edgar-sample (or ../shared/seeds). The document goes through
the same path as production: filings.extraction.extract_text, then comments.parser.parse_letter with
the label's EDGAR form. Prints accuracy per field, then what went wrong on each letter (unless --quiet).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from comments.parser import parse_letter  # noqa: E402
from filings.extraction import extract_text  # noqa: E402

FIELDS = (
    "kind", "letter_date", "referenced_filings", "comment_numbers", "comment_boundaries", "responses",
    "commitments", "acknowledgements", "acknowledgements_requested",
)


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
    if label["edgar_form"] == "CORRESP" or label["kind"] == "company_response":
        put("responses", list(label.get("responses") or []), [r["number"] for r in got["responses"]])
        put("commitments", sorted(label.get("commitments") or []), sorted(r["number"] for r in got["responses"] if r["commitment"]))
        put("acknowledgements", label.get("acknowledgements"), got["acknowledgements"])
    else:
        put("acknowledgements_requested", label.get("acknowledgements_requested"), got["acknowledgements_requested"])
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=os.environ.get("SHARED_DIR", str(REPO.parent / "shared")))
    ap.add_argument("--labels", default=str(REPO / "tests" / "labels"))
    ap.add_argument("--quiet", action="store_true", help="only the accuracy table, not each letter's misses")
    ap.add_argument("--misses", action="store_true", help=argparse.SUPPRESS)  # the default; kept for old scripts
    ap.add_argument("--speed", action="store_true", help="also time extraction and parsing")
    args = ap.parse_args()
    shared = Path(args.shared)

    labels: list[dict] = []
    for f in sorted(Path(args.labels).glob("*.json")):
        labels.extend(json.loads(f.read_text()))
    right = {k: 0 for k in FIELDS}
    total = {k: 0 for k in FIELDS}
    misses: list[str] = []
    t_extract = t_parse = 0.0
    errors = 0
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
            errors += 1
            for k in FIELDS:
                total[k] += 1
            misses.append(f"{name}: ERROR {exc!r}")
            continue
        t_extract += t1 - t0
        t_parse += t2 - t1
        got = parsed.to_contract(file=filename)
        for k, (ok, exp, val) in compare(label, got).items():
            total[k] += 1
            right[k] += ok
            if not ok:
                misses.append(f"{name} [{label['kind']}] {k}:\n    expected {exp}\n    got      {val}")

    print(f"letters: {len(labels)}  errors: {errors}")
    for k in FIELDS:
        if total[k]:
            print(f"{k:28s} {right[k]:4d}/{total[k]:<4d} {100.0 * right[k] / total[k]:6.1f} %")
    if args.speed and labels:
        n = len(labels) - errors
        print(f"extract ms/letter {1000 * t_extract / max(1, n):.2f}   parse ms/letter {1000 * t_parse / max(1, n):.2f}   "
              f"letters/s (extract+parse) {n / max(1e-9, t_extract + t_parse):.1f}")
    if not args.quiet:
        print("\nmisses:")
        for m in misses:
            print(" ", m)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
