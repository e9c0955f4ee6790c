"""The letter parser alone: letters per CPU-second on cached letter texts, its cProfile hot spots, and a
byte-for-byte check that a speed change left every output as it was.

Texts are extracted once (--cache-texts) and read back from a JSON lines file, so changes to extraction
cannot move the parser's figures or its recorded outputs. Three corpora:
- the sample's letters (../shared/edgar-sample: 325 staff PDFs, 234 company HTML letters);
- a synthetic mirror's letters (--mirror, from `manage.py synth_edgar`);
- "hostile": the bounded-time inputs of tests/comments/test_parser_properties.py and seeded random
  letter-like texts with random emphasis spans, built here (--hostile).

Every letter is parsed three ways for --record/--check: with its form and emphasis, without its form
(the text decides staff or company), and without emphasis. A record line holds the whole ParsedLetter
(dataclasses.asdict) and its labelled contract.

Usage:
  python bench/profile_parser.py --cache-texts /tmp/texts-sample.jsonl [--mirror DIR]
  python bench/profile_parser.py --texts /tmp/texts-sample.jsonl [--rounds 5] [--top 30]
  python bench/profile_parser.py --texts A.jsonl --texts B.jsonl --hostile --record /tmp/before.jsonl
  python bench/profile_parser.py --texts A.jsonl --texts B.jsonl --hostile --check /tmp/before.jsonl
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import io
import json
import os
import pstats
import random
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared")) / "edgar-sample"
sys.path.insert(0, str(REPO))

from comments.parser import parse_letter  # noqa: E402
from devtools.letter_fragments import LETTER_FRAGMENTS  # noqa: E402
from filings.extraction import ExtractionError, extract_text  # noqa: E402

# (file, form, text, emphasis)
Letter = tuple[str, str, str, list[tuple[int, int, str]] | None]


def documents(mirror: Path | None) -> Iterator[tuple[str, Path, str]]:
    """(name, path, EDGAR form) of the sample's letters, or of a synthetic mirror's."""
    if mirror is None:
        data = SAMPLE / "www.sec.gov" / "Archives" / "edgar" / "data"
        for path in sorted(data.glob("*/*/filename1.*")):
            if path.suffix in (".pdf", ".htm"):
                yield str(path.relative_to(data)), path, "UPLOAD" if path.suffix == ".pdf" else "CORRESP"
        return
    for row in json.loads((mirror / "ground_truth.json").read_text()):
        folder = mirror / "www.sec.gov" / "Archives" / "edgar" / "data" / str(row["cik"]) / row["accession"].replace("-", "")
        yield f"{row['cik']}/{row['accession']}/{row['document']}", folder / row["document"], row["edgar_form"]


def cache_texts(out: Path, mirror: Path | None) -> None:
    count = unreadable = 0
    with out.open("w") as f:
        for name, path, form in documents(mirror):
            try:
                read = extract_text(path.read_bytes(), filename=path.name)
            except ExtractionError:
                unreadable += 1
                continue
            f.write(json.dumps({"file": name, "form": form, "text": read.text, "emphasis": read.emphasis}) + "\n")
            count += 1
    print(f"{out}: {count} letters, {unreadable} unreadable")


def load_texts(path: Path) -> list[Letter]:
    letters = []
    for line in path.open():
        row = json.loads(line)
        emphasis = [tuple(span) for span in row["emphasis"]] if row["emphasis"] is not None else None
        letters.append((row["file"], row["form"], row["text"], emphasis))
    return letters


def hostile_letters(count: int = 1500, seed: int = 11) -> list[Letter]:
    """The property tests' bounded-time inputs and seeded random letter-like texts with emphasis."""
    rnd = random.Random(7)
    garbage = "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz0123456789.,;:-()$\\ \n\u2022/") for _ in range(1_000_000))
    fixed = [
        (
            "comment-like lines",
            "UPLOAD",
            "Re: X\nForm 10-K\n\nDear Sir:\n\n" + "\n".join(f"{i % 150 + 1}. Please revise item {i}." for i in range(100_000)),
        ),
        (
            "comment-like lines",
            "CORRESP",
            "Re: X\nForm 10-K\n\nDear Sir:\n\n" + "\n".join(f"{i % 150 + 1}. Please revise item {i}." for i in range(100_000)),
        ),
        (
            "unnumbered lines",
            "CORRESP",
            "\n".join("We note your disclosure on page 4 and in future filings we will revise" for _ in range(100_000)),
        ),
        (
            "one huge line",
            "CORRESP",
            "Response " + "we will " * 50_000 + "x" + " foreclose" * 20_000 + " (" * 20_000 + '"' * 20_000,
        ),
        ("ocr garbage", "UPLOAD", garbage),
        ("stray numbers", "UPLOAD", "Re: X\n\nDear Sir:\n\n" + "\n\n".join("1.\n\nlower case text here" for _ in range(30_000))),
        (
            "labels",
            "CORRESP",
            "Dear Sir:\n\n" + "\n\n".join("Comment:\n\nWe note x.\n\nResponse:\n\nWe will revise." for _ in range(20_000)),
        ),
    ]
    out: list[Letter] = [(f"hostile/{name}", form, text, None) for name, form, text in fixed]
    rnd = random.Random(seed)
    for k in range(count):
        text = (" " if k % 2 else "").join(rnd.choice(LETTER_FRAGMENTS) for _ in range(rnd.randrange(0, 500)))
        spans = [
            (rnd.randrange(-50, len(text) + 50), rnd.randrange(-50, len(text) + 50), rnd.choice("ib"))
            for _ in range(rnd.randrange(0, 30))
        ]
        out.append((f"random/{k}", rnd.choice(["UPLOAD", "CORRESP", "LETTER", "10-K", ""]), text, spans or None))
    return out


def _date(value: object) -> str:
    return value.isoformat()  # type: ignore[attr-defined]


def record_lines(letters: list[Letter]) -> Iterator[str]:
    for name, form, text, emphasis in letters:
        for variant, form_type, spans in (
            ("form+emphasis", form, emphasis),
            ("no form", None, emphasis),
            ("no emphasis", form, None),
        ):
            parsed = parse_letter(text, form_type=form_type or None, emphasis=spans)
            row = {
                "file": name,
                "variant": variant,
                "contract": parsed.to_contract(file=name),
                "parsed": dataclasses.asdict(parsed),
            }
            yield json.dumps(row, default=_date, sort_keys=True, ensure_ascii=False)


def check(letters: list[Letter], recorded: Path) -> int:
    """Compare with a record, output by output; the letters may be a part of those recorded."""

    def keyed(lines: Iterator[str]) -> Iterator[tuple[tuple[str, str, int], str]]:
        seen: dict[tuple[str, str], int] = {}  # a name may recur (one text parsed as two forms)
        for line in lines:
            row = json.loads(line)
            name = (row["file"], row["variant"])
            seen[name] = seen.get(name, 0) + 1
            yield (*name, seen[name]), line.rstrip("\n")

    expected = dict(keyed(recorded.open()))
    checked = differ = missing = 0
    for key, line in keyed(record_lines(letters)):
        checked += 1
        if key not in expected:
            missing += 1
        elif expected[key] != line:
            differ += 1
            if differ <= 10:
                print(f"differs: {key[0]} ({key[1]})")
    print(f"checked {checked} outputs against {recorded}: {differ} differ, {missing} not recorded")
    return 1 if differ or missing else 0


def parse_all(letters: list[Letter]) -> None:
    for _, form, text, emphasis in letters:
        parse_letter(text, form_type=form, emphasis=emphasis)


def rate(letters: list[Letter], rounds: int) -> float:
    """Letters per CPU-second, parse only, the median of rounds."""
    parse_all(letters[:20])  # warm-up: imports and regex caches
    spent = []
    for _ in range(rounds):
        start = time.process_time()
        parse_all(letters)
        spent.append(time.process_time() - start)
    return len(letters) / statistics.median(spent)


def profile(letters: list[Letter], top: int) -> str:
    profiler = cProfile.Profile()
    profiler.runcall(parse_all, letters)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache-texts", type=Path, help="extract the sample's (or --mirror's) letters into this JSON lines file")
    ap.add_argument("--mirror", type=Path, help="a synthetic mirror for --cache-texts")
    ap.add_argument("--texts", type=Path, action="append", default=[], help="cached texts (repeatable)")
    ap.add_argument("--hostile", action="store_true", help="add the bounded-time and random inputs")
    ap.add_argument("--record", type=Path, help="write every output to this JSON lines file")
    ap.add_argument("--check", type=Path, help="compare every output with a --record file; exit 1 on any difference")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--top", type=int, default=30)
    args = ap.parse_args()
    if args.cache_texts:
        cache_texts(args.cache_texts, args.mirror)
        return 0
    letters = [letter for path in args.texts for letter in load_texts(path)]
    if args.hostile:
        letters += hostile_letters()
    if not letters:
        ap.error("no letters: give --texts (see --cache-texts) or --hostile")
    if args.record:
        with args.record.open("w") as f:
            for line in record_lines(letters):
                f.write(line + "\n")
        print(f"recorded {args.record}")
        return 0
    if args.check:
        return check(letters, args.check)
    print(
        f"{len(letters)} letters, parse only: {rate(letters, args.rounds):.0f} letters per CPU-second (median of {args.rounds})"
    )
    print(profile(letters, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
