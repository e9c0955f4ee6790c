"""The staff-comment corpus of ../shared/edgar-sample, as the precedent benches and the judged set see it.

    .venv/bin/python bench/precedents_corpus.py [--refresh]

Every staff letter (accession folders starting 0000000000) goes the production way: extract_text, then
parse_letter(form_type="UPLOAD"); each of its comments becomes one CorpusComment. Parsing 300-odd PDFs
takes a minute, so the result is cached under bench/out/precedents/ (git-ignored: it holds letter text,
which never enters the repository) and keyed by PARSER_VERSION.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from comments.parser import PARSER_VERSION, parse_letter  # noqa: E402
from filings.extraction import ExtractionError, extract_text  # noqa: E402
from filings.parsers.sgml import parse_complete_submission  # noqa: E402

SHARED = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared"))
DATA = SHARED / "edgar-sample" / "www.sec.gov" / "Archives" / "edgar" / "data"
CACHE = REPO / "bench" / "out" / "precedents" / "corpus.json"
CORPUS_FORMAT = 2  # bump when what a CorpusComment holds changes


@dataclass(frozen=True)
class CorpusComment:
    cik: int
    accession: str
    letter_date: str | None
    number: int
    heading: str | None
    text: str
    topics: tuple[str, ...]
    review: str  # letters of one SEC review of one filing share it (see review_keys)

    @property
    def id(self) -> str:
        """Stable across re-parses as long as the numbering holds: what the judged set stores."""
        return f"{self.accession}#{self.number}"


def _accession(folder: str) -> str:
    return f"{folder[:10]}-{folder[10:12]}-{folder[12:]}"


def _letter_bytes(folder: Path) -> tuple[bytes, str] | None:
    pdf = folder / "filename1.pdf"
    if pdf.exists():
        return pdf.read_bytes(), pdf.name
    # A few letters are kept only inside their complete submission.
    complete = folder / f"{_accession(folder.name)}.txt"
    if not complete.exists():
        return None
    sub = parse_complete_submission(complete.read_bytes())
    for d in sub.documents:
        if (d.filename or "").lower().endswith(".pdf"):
            return d.content, d.filename
    first = sub.documents[0]
    return first.content, first.filename or complete.name


def staff_letter_folders() -> list[Path]:
    return sorted(p for p in DATA.glob("*/0000000000*") if p.is_dir())


@dataclass(frozen=True)
class _Letter:
    cik: int
    accession: str
    letter_date: str | None
    subject: tuple[str, str]  # (form family, period or "") of the filing under review


_FAMILIES = (
    ("periodic", ("10-K", "10-Q", "8-K", "20-F", "40-F", "6-K", "11-K")),
    ("registration", ("S-", "F-", "DRS", "10-12", "1-A", "N-")),
    ("proxy", ("DEF", "PRE", "DFAN", "PREM", "PREC", "DEFM", "SC ")),
)


def _subject(letter) -> tuple[str, str]:
    refs = [r for r in letter.referenced_filings if r.form not in ("CORRESP", "UPLOAD")]
    if not refs:
        return ("unknown", "")
    family = next((name for name, prefixes in _FAMILIES if refs[0].form.startswith(prefixes)), "other")
    if family != "periodic":
        return (family, "")
    annual = next((r for r in refs if r.form.startswith(("10-K", "20-F", "40-F"))), refs[0])
    when = annual.period_end or annual.filed
    return (family, when.isoformat() if when else "")


def review_keys(letters: list[_Letter], labelled: dict[str, str]) -> dict[str, str]:
    """accession -> review key. A hand label's review_id (tests/labels) joins letters; so does the same
    company asking about the same filing (same annual period, or the same registration statement or proxy
    within 200 days of the review's last letter). Erring towards one review only removes candidates from
    the precedent ranking (it searches other reviews), never adds a false precedent."""
    parent = {x.accession: x.accession for x in letters}

    def find(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    by_label: dict[tuple[int, str], str] = {}
    for x in letters:
        if x.accession in labelled:
            union(x.accession, by_label.setdefault((x.cik, labelled[x.accession]), x.accession))
    last: dict[tuple[int, tuple[str, str]], _Letter] = {}
    for x in sorted(letters, key=lambda x: (x.cik, x.letter_date or "")):
        prev = last.get((x.cik, x.subject))
        if prev is not None and (x.subject[1] or _days(prev.letter_date, x.letter_date) <= 200):
            union(x.accession, prev.accession)
        last[(x.cik, x.subject)] = x
    return {x.accession: find(x.accession) for x in letters}


def _days(a: str | None, b: str | None) -> int:
    if not a or not b:
        return 10_000
    return abs((date.fromisoformat(b) - date.fromisoformat(a)).days)


def _labelled_reviews() -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted((REPO / "tests" / "labels").rglob("*.json")):
        data = json.loads(path.read_text())
        for label in data if isinstance(data, list) else []:
            if label.get("accession") and label.get("review_id"):
                out[label["accession"]] = label["review_id"]
    return out


def build_corpus() -> list[CorpusComment]:
    parsed = []
    for folder in staff_letter_folders():
        got = _letter_bytes(folder)
        if got is None:
            continue
        data, name = got
        try:
            ext = extract_text(data, filename=name)
        except ExtractionError:
            continue
        letter = parse_letter(ext.text, form_type="UPLOAD", emphasis=ext.emphasis)
        if letter.comments:
            facts = _Letter(
                cik=int(folder.parent.name),
                accession=_accession(folder.name),
                letter_date=letter.letter_date.isoformat() if letter.letter_date else None,
                subject=_subject(letter),
            )
            parsed.append((facts, letter))
    reviews = review_keys([facts for facts, _ in parsed], _labelled_reviews())
    return [
        CorpusComment(
            cik=facts.cik,
            accession=facts.accession,
            letter_date=facts.letter_date,
            number=c.number,
            heading=c.heading,
            text=c.text,
            topics=tuple(c.topics),
            review=reviews[facts.accession],
        )
        for facts, letter in parsed
        for c in letter.comments
    ]


def load_corpus(*, refresh: bool = False) -> list[CorpusComment]:
    if not refresh and CACHE.exists():
        cached = json.loads(CACHE.read_text())
        if cached.get("parser_version") == PARSER_VERSION and cached.get("format") == CORPUS_FORMAT:
            return [CorpusComment(**{**c, "topics": tuple(c["topics"])}) for c in cached["comments"]]
    corpus = build_corpus()
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_text(
        json.dumps({"parser_version": PARSER_VERSION, "format": CORPUS_FORMAT, "comments": [asdict(c) for c in corpus]})
    )
    return corpus


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--refresh", action="store_true", help="re-parse the letters even if the cache is current")
    args = ap.parse_args()
    corpus = load_corpus(refresh=args.refresh)
    letters = {c.accession for c in corpus}
    companies = {c.cik for c in corpus}
    reviews = {c.review for c in corpus}
    print(
        f"{len(corpus)} staff comments from {len(letters)} letters in {len(reviews)} reviews of {len(companies)} companies "
        f"(parser {PARSER_VERSION})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
