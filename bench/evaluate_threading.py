"""How well letters are threaded into reviews, against hand-checked review ids (tests/labels/**).

    .venv/bin/python bench/evaluate_threading.py [--shared ../shared] [--labels DIR ...]

Every correspondence letter of every labelled company in ../shared/edgar-sample is read the way production
reads it (extract_text, then parse_letter with its EDGAR form; filing date and file number from the company's
submissions JSON; the filing under review from the complete submission's header where EDGAR serves one), and
the company's letters are threaded with comments.review_threading.thread_letters. Pairwise precision and
recall of "same review" are counted over the labelled letters only, beside two published baselines:
- same company, within 120 days of the previous letter;
- same file number and form of the filing under review, with no time window (what the best-known open
  library does).
Only totals are printed: the held-out sets' misses are never shown.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from comments.parser import parse_letter  # noqa: E402
from comments.review_threading import (  # noqa: E402
    COMPANY,
    STAFF,
    LetterFacts,
    Subject,
    file_number_normalize,
    form_family,
    thread_letters,
)
from filings.extraction import ExtractionError, extract_text  # noqa: E402
from filings.forms import STAFF_FORMS  # noqa: E402
from filings.parsers.sgml import parse_complete_submission  # noqa: E402
from filings.parsers.submissions import parse_submissions_json  # noqa: E402


def _dashed(folder: str) -> str:
    return f"{folder[:10]}-{folder[10:12]}-{folder[12:]}"


def read_company(sample: Path, cik: int) -> list[LetterFacts]:
    """Every correspondence letter of one company in the sample, as threading facts."""
    rows = {}
    subs = sample / "data.sec.gov" / "submissions" / f"CIK{cik:010d}.json"
    if subs.exists():
        rows = {r.accession_number: r for r in parse_submissions_json(subs.read_bytes()).filings}
    out = []
    root = sample / "www.sec.gov" / "Archives" / "edgar" / "data" / str(cik)
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        accession = _dashed(folder.name)
        row = rows.get(accession)
        form = row.form_type if row else ("UPLOAD" if accession.startswith("0000000000") else "CORRESP")
        data, name, subject_accession = None, "", ""
        complete = folder / f"{accession}.txt"
        if complete.exists():
            sub = parse_complete_submission(complete.read_bytes())
            subject_accession = sub.header.public_reference_accession or ""
            doc = next((d for d in sub.documents if d.type.upper() == form), sub.documents[0])
            data, name = doc.content, doc.filename or "document"
        else:
            docs = sorted(folder.glob("filename1.*")) or sorted(
                p for p in folder.iterdir() if p.suffix in (".htm", ".pdf", ".txt")
            )
            if docs:
                data, name = docs[0].read_bytes(), docs[0].name
        if data is None:
            continue
        try:
            ex = extract_text(data, filename=name, doc_type=form)
        except ExtractionError:
            continue
        parsed = parse_letter(ex.text, form_type=form, emphasis=ex.emphasis)
        refs = parsed.referenced_filings
        out.append(
            LetterFacts(
                key=accession,
                direction=STAFF if form in STAFF_FORMS else COMPANY,
                kind=parsed.kind,
                letter_date=parsed.letter_date,
                filing_date=row.filing_date if row else None,
                subjects=tuple(Subject(r.form, r.period_end, r.filed, r.file_number or "") for r in refs),
                named_letter_dates=tuple(r.filed for r in refs if r.form in ("CORRESP", "UPLOAD") and r.filed),
                responds_to_letter_date=parsed.responds_to_letter_date,
                file_number=row.file_number if row else "",
                subject_accession=subject_accession,
                accession=accession,
            )
        )
    return out


def naive_120_days(letters: list[LetterFacts]) -> dict[str, int]:
    ordered = sorted((f for f in letters if f.when), key=lambda f: f.when)
    group, last, out = -1, None, {}
    for f in ordered:
        if last is None or (f.when - last).days > 120:
            group += 1
        out[f.key] = group
        last = f.when
    return out


def file_number_and_form(letters: list[LetterFacts]) -> dict[str, object]:
    out = {}
    for f in letters:
        subjects = [s for s in f.subjects if s.form.upper() not in ("CORRESP", "UPLOAD")]
        form = form_family(subjects[0].form) if subjects else ""
        number = file_number_normalize(f.file_number or (subjects[0].file_number if subjects else ""))
        out[f.key] = (number, form) if (number or form) else ("alone", f.key)
    return out


def ours(letters: list[LetterFacts]) -> dict[str, object]:
    result = thread_letters(letters)
    out: dict[str, object] = {}
    for i, thread in enumerate(result.threads):
        for key in thread.keys:
            out[key] = i
    for key in result.unthreaded:
        out[key] = ("alone", key)
    return out


def pairwise(labels: dict[str, str], predicted: dict[str, object]) -> tuple[int, int, int]:
    """(true positives, predicted pairs, labelled pairs) over labelled letters of one company."""
    keys = sorted(k for k in labels if k in predicted)
    tp = pp = lp = 0
    for a, b in itertools.combinations(keys, 2):
        same_label = labels[a] == labels[b]
        same_pred = predicted[a] == predicted[b]
        tp += same_label and same_pred
        pp += same_pred
        lp += same_label
    return tp, pp, lp


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=os.environ.get("SHARED_DIR", str(REPO.parent / "shared")))
    ap.add_argument("--labels", nargs="+", default=[str(REPO / "tests" / "labels"), str(REPO / "tests" / "labels" / "heldout")])
    args = ap.parse_args()
    sample = Path(args.shared) / "edgar-sample"
    systems = {"ours": ours, "naive 120 days": naive_120_days, "file number + form": file_number_and_form}
    cache: dict[int, list[LetterFacts]] = {}
    for label_dir in args.labels:
        by_company: dict[int, dict[str, str]] = defaultdict(dict)
        for f in sorted(Path(label_dir).glob("*.json")):
            for label in json.loads(f.read_text()):
                if label.get("accession"):
                    by_company[label["cik"]][label["accession"]] = label["review_id"]
        reviews = {(cik, r) for cik, labels in by_company.items() for r in labels.values()}
        years = sorted({a.split("-")[1] for labels in by_company.values() for a in labels})
        print(
            f"\n{label_dir}: {sum(map(len, by_company.values()))} letters, {len(reviews)} reviews, "
            f"{len(by_company)} companies, accession years 20{years[0]}-20{years[-1]}"
            if years
            else label_dir
        )
        for name, system in systems.items():
            tp = pp = lp = 0
            for cik, labels in by_company.items():
                if cik not in cache:
                    cache[cik] = read_company(sample, cik)
                got = pairwise(labels, system(cache[cik]))
                tp, pp, lp = tp + got[0], pp + got[1], lp + got[2]
            precision = tp / pp if pp else 1.0
            recall = tp / lp if lp else 1.0
            print(f"  {name:20s} precision {precision:.3f} ({tp}/{pp})  recall {recall:.3f} ({tp}/{lp})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
