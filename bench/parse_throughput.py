"""Reading speed: letters per CPU-second for extraction alone and for extraction plus full parsing, per
format, beside an anchor run in the same process and the same rounds; and memory over 10,000 letters.

The anchor does what a plain EDGAR reader does with a letter: pdftotext (poppler) for a PDF, a regex
tag strip for HTML, and a one-regex classification of the text. Its CPU time includes pdftotext's
child processes. "Before" is the stdlib html.parser renderer that lxml replaced, kept as the reference
in tests/filings/test_extraction_html_parity.py. Every figure is the median of --rounds rounds; the
letters are read into memory first, so no figure includes disk reads.

Memory: every letter of a synthetic mirror (10,000+ letters with --companies 1000) is extracted and
parsed; the resident set is sampled every 1,000 letters and must stay flat.

The results file's last section, "## Reading the figures", is written by hand and kept by a rerun,
which rewrites everything above it.

Usage: python bench/parse_throughput.py [--mirror DIR | --companies 1000] [--rounds 3] [--out bench/RESULTS-parse-speed.md]
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared")) / "edgar-sample"
sys.path.insert(0, str(REPO))

from comments.parser import parse_letter  # noqa: E402
from filings.extraction import ExtractionError, extract_text, pdf_text  # noqa: E402
from tests.filings.test_extraction_html_parity import reference_extract_html  # noqa: E402

_TAG_RE = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]+>", re.I | re.S)
_SPACE_RE = re.compile(r"[ \t\r\f\v\u00a0]+")
_STAFF_RE = re.compile(r"Division of Corporation Finance|Office of [A-Z][a-z]+|staff has", re.I)


def cpu_seconds() -> float:
    """This process's CPU time and that of the children it waited for (pdftotext)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sample_letters() -> list[tuple[str, str, bytes, str]]:
    """(format, file name, bytes, form) of the sample's 325 staff PDFs and 234 company HTML letters."""
    letters = []
    for path in sorted((SAMPLE / "www.sec.gov" / "Archives" / "edgar" / "data").glob("*/*/filename1.*")):
        if path.suffix in (".pdf", ".htm"):
            fmt = "PDF" if path.suffix == ".pdf" else "HTML"
            letters.append((fmt, path.name, path.read_bytes(), "UPLOAD" if fmt == "PDF" else "CORRESP"))
    return letters


def anchor_read(fmt: str, data: bytes) -> str:
    if fmt == "PDF":
        return subprocess.run(
            ["pdftotext", "-q", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode()
    text = html.unescape(_TAG_RE.sub(" ", data.decode("utf-8", errors="replace")))
    return "\n".join(line.strip() for line in _SPACE_RE.sub(" ", text).splitlines() if line.strip())


def anchor(fmt: str, name: str, data: bytes, form: str) -> None:
    text = anchor_read(fmt, data)
    _ = "UPLOAD" if _STAFF_RE.search(text) else "CORRESP"


def extraction_before(fmt: str, name: str, data: bytes, form: str) -> None:
    if fmt == "HTML":
        reference_extract_html(data)
        return
    check, pdf_text.check_pdf_streams = pdf_text.check_pdf_streams, lambda data: None
    try:
        extract_text(data, filename=name)  # PDF reading did not change but for the stream check it now makes first
    finally:
        pdf_text.check_pdf_streams = check


def extraction(fmt: str, name: str, data: bytes, form: str) -> None:
    extract_text(data, filename=name)


def extraction_and_parsing(fmt: str, name: str, data: bytes, form: str) -> None:
    read = extract_text(data, filename=name)
    parse_letter(read.text, form_type=form, emphasis=read.emphasis)


GOAL = 164
ANCHOR = "anchor: pdftotext / regex strip, + classify"
READING = "## Reading the figures"
PATHS = {
    ANCHOR: anchor,
    "extraction, before (html.parser; PDF without the stream check)": extraction_before,
    "extraction": extraction,
    "extraction + full parsing": extraction_and_parsing,
}


def one_round(letters) -> dict[tuple[str, str], float]:
    """CPU seconds per (path, format), the paths interleaved format by format."""
    spent: dict[tuple[str, str], float] = {}
    for fmt in ("HTML", "PDF"):
        subset = [letter for letter in letters if letter[0] == fmt]
        for label, read in PATHS.items():
            start = cpu_seconds()
            for letter in subset:
                read(*letter)
            spent[(label, fmt)] = cpu_seconds() - start
    return spent


def speed_table(letters, rounds: int) -> tuple[list[str], dict[tuple[str, str], float]]:
    for letter in letters[:20]:  # warm-up: imports, PDFium, regex caches
        for read in PATHS.values():
            read(*letter)
    runs = [one_round(letters) for _ in range(rounds)]
    spent = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    counts = {fmt: sum(1 for letter in letters if letter[0] == fmt) for fmt in ("HTML", "PDF")}
    rows = [
        "| path | HTML letters/CPU-s | PDF letters/CPU-s | all letters/CPU-s | ms per letter (all) |",
        "|---|---|---|---|---|",
    ]
    for label in PATHS:
        html_rate, pdf_rate = (counts[f] / spent[(label, f)] for f in ("HTML", "PDF"))
        total = spent[(label, "HTML")] + spent[(label, "PDF")]
        rows.append(
            f"| {label} | {html_rate:.0f} | {pdf_rate:.0f} | **{len(letters) / total:.0f}** | {1000 * total / len(letters):.2f} |"
        )
    return rows, spent


def letters_of_mirror(mirror: Path):
    for row in json.loads((mirror / "ground_truth.json").read_text()):
        folder = mirror / "www.sec.gov" / "Archives" / "edgar" / "data" / str(row["cik"]) / row["accession"].replace("-", "")
        yield folder / row["document"], row["edgar_form"]


def memory_run(mirror: Path) -> tuple[str, list[str]]:
    count = failures = 0
    samples = []
    start = cpu_seconds()
    for path, form in letters_of_mirror(mirror):
        try:
            read = extract_text(path.read_bytes(), filename=path.name)
        except ExtractionError:
            failures += 1
            continue
        parse_letter(read.text, form_type=form, emphasis=read.emphasis)
        count += 1
        if count % 1000 == 0:
            samples.append(f"{count}: {rss_mb():.0f} MB")
    spent = cpu_seconds() - start
    line = (
        f"- synthetic mirror: {count} letters, {count / spent:.0f} letters per CPU-second (extraction + full parsing), "
        f"{failures} unreadable, peak RSS {peak_rss_mb():.0f} MB"
    )
    return line, samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mirror", type=Path)
    parser.add_argument("--companies", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "RESULTS-parse-speed.md")
    args = parser.parse_args()
    if args.mirror is not None:
        run(args, args.mirror)
        return
    with tempfile.TemporaryDirectory(prefix="bench-parse-") as tmp:  # 11,400 letters: not left behind
        mirror = Path(tmp) / "mirror"
        subprocess.run(
            [
                sys.executable,
                str(REPO / "manage.py"),
                "synth_edgar",
                "--out",
                str(mirror),
                "--companies",
                str(args.companies),
                "--seed",
                "1",
            ],
            cwd=REPO,
            check=True,
        )
        run(args, mirror)


def run(args: argparse.Namespace, mirror: Path) -> None:
    # The synthetic run goes first so its memory samples are not hidden under the sample's peak.
    memory_line, samples = memory_run(mirror)
    letters = sample_letters()
    rows, spent = speed_table(letters, args.rounds)
    extracting = spent[("extraction", "HTML")] + spent[("extraction", "PDF")]
    whole = spent[("extraction + full parsing", "HTML")] + spent[("extraction + full parsing", "PDF")]
    share = [
        f"- where the time goes (extraction + full parsing, all {len(letters)} letters): extraction "
        f"{100 * extracting / whole:.0f}% ({1000 * extracting / len(letters):.2f} ms a letter), parsing "
        f"{100 * (whole - extracting) / whole:.0f}% ({1000 * (whole - extracting) / len(letters):.2f} ms a letter)"
    ]
    for fmt in ("HTML", "PDF"):
        e, w = spent[("extraction", fmt)], spent[("extraction + full parsing", fmt)]
        share.append(f"  - {fmt}: extraction {100 * e / w:.0f}%, parsing {100 * (w - e) / w:.0f}%")
    rate = len(letters) / whole
    anchor_rate = len(letters) / (spent[(ANCHOR, "HTML")] + spent[(ANCHOR, "PDF")])
    share.insert(
        0,
        f"- goal ({GOAL} letters per CPU-second, extraction + full parsing): {'met' if rate >= GOAL else 'not met'}, "
        f"{rate:.0f} against the anchor's {anchor_rate:.0f} in this run",
    )
    print("\n".join(rows + share + [memory_line, ", ".join(samples)]))
    if args.out:
        reading = kept_reading(args.out)
        args.out.write_text(report(args, letters, rows, share, memory_line, samples) + reading)


def kept_reading(out: Path) -> str:
    """The hand-written reading of the figures at the foot of the results file, which a rerun keeps."""
    if not out.exists():
        return ""
    text = out.read_text()
    at = text.find(READING)
    return "\n" + text[at:] if at != -1 else ""


def report(args, letters, rows, share, memory_line, samples) -> str:
    versions = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True).stderr.splitlines()[0]
    return "\n".join(
        [
            "# Reading speed: extraction and parsing",
            "",
            f"Run on {time.strftime('%Y-%m-%d')}: `python bench/parse_throughput.py --companies {args.companies} --rounds {args.rounds}`; "
            f"one process, no database, {os.cpu_count()}-core machine shared with other work. CPU time is this process's "
            f"and its children's, so the figures are per core; each is the median of {args.rounds} rounds. Anchor: {versions}.",
            f"Letters: ../shared/edgar-sample, {sum(1 for fmt, *_ in letters if fmt == 'HTML')} CORRESP HTML and "
            f"{sum(1 for fmt, *_ in letters if fmt == 'PDF')} UPLOAD PDF. Goal: extraction + full parsing at least 164 letters "
            "per CPU-second, memory flat over 10,000 letters.",
            "",
            *rows,
            "",
            *share,
            "",
            "## Memory",
            "",
            memory_line,
            "",
            "Resident set after every 1,000 synthetic letters (flat means no growth):",
            "",
            ", ".join(samples),
            "",
        ]
    )


if __name__ == "__main__":
    main()
