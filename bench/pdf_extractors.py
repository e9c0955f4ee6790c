"""Compare PDF text extractors on the real SEC staff letters in ../shared/edgar-sample.

Run from the repo root:  .venv/bin/python bench/pdf_extractors.py [--limit N]
Needs pypdf and pdfminer.six in the venv for the comparison only (the project uses pypdfium2).
All extractors run in one process, one after another per file, so machine noise hits them alike.

Quality proxies (higher is better unless marked):
- words%: alphabetic tokens found in /usr/share/dict/words (Debian package wamerican), case-folded
- glued/1k (lower): alphabetic tokens of 20+ letters per 1000 tokens, i.e. words run together
- numbered: lines that start a numbered comment, "1. We note ..." with number and text on one line
- orphan# (lower): lines holding only "1." (number split from its comment)
- para/page: blank lines per page (paragraph structure kept)
- F1 vs SEC: bag-of-words F1 against the TEXT-EXTRACT document SEC ships in the 3 UPLOAD .txt files
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
warnings.filterwarnings("ignore")

SHARED = Path(os.environ.get("SHARED_DIR", Path(__file__).resolve().parent.parent.parent / "shared"))
DATA = SHARED / "edgar-sample" / "www.sec.gov" / "Archives" / "edgar" / "data"
UPLOAD_TXT = ["0000000000-24-003505.txt", "0000000000-24-005673.txt", "0000000000-26-001655.txt"]

TOKEN_RE = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
NUMBERED_RE = re.compile(r"(?m)^\s*\d{1,2}\.\s+[A-Z(“\"]")
ORPHAN_RE = re.compile(r"(?m)^\s*\d{1,2}\.\s*$")


def pdfium_raw(data: bytes) -> tuple[str, int]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    pages = []
    for page in pdf:
        textpage = page.get_textpage()
        pages.append(textpage.get_text_range(0, textpage.count_chars()))
    return "\n\f".join(p.replace("\r\n", "\n") for p in pages), len(pdf)


def pdfium_project(data: bytes) -> tuple[str, int]:
    from filings.extraction import extract_text

    result = extract_text(data, filename="filename1.pdf")
    return result.text, result.pages or 0


def pypdf_plain(data: bytes) -> tuple[str, int]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n\f".join(page.extract_text() or "" for page in reader.pages), len(reader.pages)


def pdfminer_plain(data: bytes) -> tuple[str, int]:
    from pdfminer.high_level import extract_text

    text = extract_text(io.BytesIO(data))
    return text, text.count("\f") or 1


EXTRACTORS = {
    "pypdfium2 raw": pdfium_raw,
    "pypdfium2 + line gaps (project)": pdfium_project,
    "pypdf": pypdf_plain,
    "pdfminer.six": pdfminer_plain,
}


def versions() -> dict[str, str]:
    from importlib.metadata import version

    return {name: version(name) for name in ("pypdfium2", "pypdf", "pdfminer.six")}


def load_words() -> set[str]:
    path = Path("/usr/share/dict/words")
    if not path.exists():
        return set()
    return {w.strip().lower() for w in path.read_text(errors="ignore").splitlines() if w.strip().isalpha()}


def bag_f1(text: str, reference: str) -> float:
    a = Counter(t.lower() for t in TOKEN_RE.findall(text))
    b = Counter(t.lower() for t in TOKEN_RE.findall(reference))
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def upload_pairs() -> list[tuple[bytes, str]]:
    from filings.parsers.sgml import parse_complete_submission

    pairs = []
    for path in DATA.glob("*/*/*.txt"):
        if path.name not in UPLOAD_TXT:
            continue
        docs = parse_complete_submission(path.read_bytes()).documents
        pdf = next(d.content for d in docs if d.filename.endswith(".pdf"))
        extract = next(d.content for d in docs if d.type == "TEXT-EXTRACT")
        pairs.append((pdf, extract.decode("utf-8", "replace")))
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    files = sorted(DATA.glob("*/*/filename1.pdf"))
    if args.limit:
        files = files[: args.limit]
    blobs = [f.read_bytes() for f in files]
    words = load_words()
    stats = {name: Counter() for name in EXTRACTORS}
    for fn in EXTRACTORS.values():
        fn(blobs[0])  # warm-up: imports and first-call setup are not per-document costs
    for data in blobs:
        for name, fn in EXTRACTORS.items():
            start = time.perf_counter()
            try:
                text, pages = fn(data)
            except Exception as exc:  # a failing extractor is a result, not a crash of the bench
                stats[name]["errors"] += 1
                print(f"{name}: {type(exc).__name__}: {exc}", file=sys.stderr)
                continue
            s = stats[name]
            s["seconds"] += time.perf_counter() - start
            s["docs"] += 1
            s["pages"] += pages
            tokens = TOKEN_RE.findall(text)
            s["tokens"] += len(tokens)
            s["dict"] += sum(1 for t in tokens if t.lower() in words)
            s["glued"] += sum(1 for t in tokens if len(t) >= 20)
            s["numbered"] += len(NUMBERED_RE.findall(text))
            s["orphan"] += len(ORPHAN_RE.findall(text))
            s["blank"] += len(re.findall(r"\n[ \t]*\n", text))
            s["empty"] += not text.strip()
    f1 = {name: [] for name in EXTRACTORS}
    for pdf, reference in upload_pairs():
        for name, fn in EXTRACTORS.items():
            f1[name].append(bag_f1(fn(pdf)[0], reference))

    print(f"{len(blobs)} PDFs, {sum(len(b) for b in blobs) / 1e6:.1f} MB; versions {versions()}\n")
    print("| extractor | docs/s | ms/page | errors | empty | words% | glued/1k | numbered | orphan# | para/page | F1 vs SEC |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, s in stats.items():
        docs, pages = s["docs"] or 1, s["pages"] or 1
        print(
            f"| {name} | {docs / s['seconds']:.1f} | {1000 * s['seconds'] / pages:.2f} | {s['errors']} | {s['empty']} "
            f"| {100 * s['dict'] / max(s['tokens'], 1):.2f} | {1000 * s['glued'] / max(s['tokens'], 1):.2f} "
            f"| {s['numbered']} | {s['orphan']} | {s['blank'] / pages:.1f} "
            f"| {sum(f1[name]) / max(len(f1[name]), 1):.3f} |"
        )


if __name__ == "__main__":
    main()
