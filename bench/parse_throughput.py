"""Text extraction plus letter parsing from local files: letters per second per core, and memory.

Reads every letter document of a synthetic mirror (10,000+ letters with --companies 1000) and of
../shared/edgar-sample, extracts its text and parses it, one process, no database. CPU time is
process time, so the figure is per core. Memory is sampled (max RSS) every 1,000 letters: it must
stay flat, i.e. not grow with the number of letters read.

Usage: python bench/parse_throughput.py [--mirror DIR | --companies 1000] [--out bench/RESULTS-parse-speed.md]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared")) / "edgar-sample"
sys.path.insert(0, str(REPO))

from comments.parser import parse_letter  # noqa: E402
from filings.extraction import ExtractionError, extract_text  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def letters_of_mirror(mirror: Path):
    truth = mirror / "ground_truth.json"
    for row in json.loads(truth.read_text()):
        folder = mirror / "www.sec.gov" / "Archives" / "edgar" / "data" / str(row["cik"]) / row["accession"].replace("-", "")
        yield folder / row["document"], row["edgar_form"]


def letters_of_sample(sample: Path):
    for path in sorted((sample / "www.sec.gov" / "Archives" / "edgar" / "data").glob("*/*/*")):
        if path.suffix in (".pdf", ".htm"):
            yield path, "UPLOAD" if path.suffix == ".pdf" else "CORRESP"


def measure(label: str, letters) -> tuple[str, list[str]]:
    count = failures = 0
    samples = []
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for path, form in letters:
        try:
            extraction = extract_text(path.read_bytes(), filename=path.name)
        except ExtractionError:
            failures += 1
            continue
        parse_letter(extraction.text, form_type=form, emphasis=extraction.emphasis)
        count += 1
        if count % 1000 == 0:
            samples.append(f"{count}: {rss_mb():.0f} MB")
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    line = (
        f"- {label}: {count} letters, **{count / cpu:.1f} letters per CPU-second** "
        f"({1000 * cpu / max(count, 1):.1f} ms each; wall {count / wall:.1f}/s), {failures} unreadable, "
        f"max RSS {rss_mb():.0f} MB"
    )
    return line, samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mirror", type=Path)
    parser.add_argument("--companies", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "RESULTS-parse-speed.md")
    args = parser.parse_args()
    mirror = args.mirror
    if mirror is None:
        mirror = Path(tempfile.mkdtemp(prefix="bench-parse-")) / "mirror"
        subprocess.run([sys.executable, str(REPO / "manage.py"), "synth_edgar", "--out", str(mirror),
                        "--companies", str(args.companies), "--seed", "1"], cwd=REPO, check=True)
    lines = ["# Extraction + parsing speed", "",
             f"Run on {time.strftime('%Y-%m-%d')}: `python bench/parse_throughput.py --companies {args.companies}`; "
             "one process, no database; CPU time is this process's, so the figures are per core. Goal: at least "
             "40 letters per second per core, memory flat over 10,000 letters.", ""]
    # The synthetic run goes first so its memory samples are not hidden under the sample's peak.
    synth_line, samples = measure("synthetic mirror", letters_of_mirror(mirror))
    sample_line, _ = measure("edgar-sample (325 PDFs, 234 HTML)", letters_of_sample(SAMPLE))
    lines += [sample_line, synth_line, "", "Max RSS after every 1,000 synthetic letters (flat means no growth):", "",
              ", ".join(samples), ""]
    args.out.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
