"""Ingestion benchmark: the real client and pipeline over HTTP against the fake EDGAR.

Measures, in one run (the machines are noisy, so compare within a run):
- throughput with the rate limit off, on a synthetic mirror and on ../shared/edgar-sample:
  letters per second, CPU seconds per letter (this process only: the fake runs in another
  process), peak memory (max RSS);
- requests per filing (goal 1.0 where a complete submission .txt exists);
- with the limit on, the achieved request rate against the limit, as the fake counted it;
- two `edgar_ingest` processes sharing one budget (file lock, then Redis when REDIS_URL is set), on a
  quiet machine and beside four CPU-burning processes: achieved rate and the most in any second.

Usage: python bench/ingest_throughput.py [--companies 1000] [--limited-seconds 20] [--out bench/RESULTS-ingestion.md]
       python bench/ingest_throughput.py --shared-only   # only the two-process figures (a smaller mirror)
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared")) / "edgar-sample"
USER_AGENT = "Comment Letters Bench bench@example.com"


def start_fake(root: Path, port: int, rate_limit: str) -> subprocess.Popen:
    env = {**os.environ, "VAR_DIR": tempfile.mkdtemp(prefix="fake-var-")}
    env.pop("DATABASE_URL", None)
    proc = subprocess.Popen(
        [
            sys.executable,
            str(REPO / "manage.py"),
            "fake_edgar",
            "--root",
            str(root),
            "--port",
            str(port),
            "--rate-limit",
            rate_limit,
            "--rate-block-seconds",
            "1",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(600):
        try:
            fake_stats(port)
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("fake EDGAR did not start")


def fake_stats(port: int) -> dict:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/_fake/stats", headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response)


def setup_django(var_dir: Path) -> None:
    os.environ["VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def correspondence_ciks(root: Path) -> list[int]:
    return sorted(int(p.name[3:13]) for p in (root / "data.sec.gov" / "submissions").glob("CIK??????????.json"))


def ingest(root: Path, port: int, *, rate: float | None, ciks: list[int]) -> dict:
    from django.conf import settings

    from filings import services
    from filings.edgar.client import EdgarClient
    from filings.edgar.ratelimit import FileRateLimiter, NullRateLimiter
    from filings.models import Filing

    base = f"http://127.0.0.1:{port}"
    limiter = NullRateLimiter() if rate is None else FileRateLimiter(Path(tempfile.mkdtemp()) / "rate", rate)
    client = EdgarClient(
        archives_url=f"{base}/www.sec.gov",
        data_url=f"{base}/data.sec.gov",
        user_agent=USER_AGENT,
        rate_limiter=limiter,
        cache_dir=None,
        backoff_base=0.05,
        rate_block_seconds=1.0,
        max_bytes=settings.EDGAR_MAX_DOCUMENT_BYTES,
    )
    cpu0, wall0 = time.process_time(), time.perf_counter()
    run = services.ingest_watchlist(client=client, ciks=ciks)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    from comments.models import Letter

    fetched = Filing.objects.filter(fetch_status=Filing.FetchStatus.FETCHED)
    txt_folders = [
        f"/{cik}/{accession.replace('-', '')}/"
        for accession, cik in fetched.filter(fetched_via=Filing.FetchedVia.COMPLETE_SUBMISSION).values_list(
            "accession_number", "companies__cik"
        )
    ]
    via_txt = len(txt_folders)
    # Requests the fake saw for the filings whose complete submission exists (goal: exactly one each).
    paths = fake_stats(port)["paths"] if rate is None else {}
    txt_set = set(txt_folders)
    txt_requests = sum(n for path, n in paths.items() if _folder_of(path) in txt_set)
    letters = Letter.objects.filter(parse_status=Letter.ParseStatus.PARSED).count()
    return {
        "txt_requests": txt_requests,
        "filings_fetched": run.filings_fetched,
        "via_txt": via_txt,
        "letters": letters,
        "requests": run.requests_made,
        "submissions_requests": len(ciks),
        "wall_s": wall,
        "cpu_s": cpu,
        "failures": run.failures_count,
    }


def _folder_of(path: str) -> str:
    parts = path.split("/Archives/edgar/data/")[-1].split("/")
    return f"/{parts[0]}/{parts[1]}/" if len(parts) >= 3 else ""


def fmt(result: dict) -> str:
    filings = max(result["filings_fetched"], 1)
    per_filing = (result["requests"] - result["submissions_requests"]) / filings
    return (
        f"{result['letters']} letters in {result['wall_s']:.1f} s = **{result['letters'] / result['wall_s']:.1f} letters/s**, "
        f"CPU {1000 * result['cpu_s'] / max(result['letters'], 1):.1f} ms/letter; "
        f"{result['filings_fetched']} filings ({result['via_txt']} via .txt), "
        f"{per_filing:.2f} requests per filing overall (submissions JSON excluded), "
        f"{result['txt_requests'] / max(result['via_txt'], 1):.2f} per filing whose .txt exists; {result['failures']} failures recorded"
    )


def _burn(stop_at: float) -> None:
    x = 0
    while time.time() < stop_at:
        x = (x * 7 + 3) % 1_000_003


def shared_budget_rate(mirror: Path, work: Path, *, port: int, backend: str, burners: int, seconds: float) -> dict:
    """Two edgar_ingest processes sharing one budget at 10/s against the fake, optionally beside CPU burners."""
    label = f"{backend}-{'loaded' if burners else 'quiet'}"
    base_env = {
        k: v for k, v in os.environ.items() if not k.startswith(("EDGAR_", "CELERY_")) and k not in {"DATABASE_URL", "REDIS_URL"}
    }
    empty = work / f"{label}-empty.sqlite3"
    subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "migrate", "--noinput", "-v0"],
        cwd=REPO,
        check=True,
        env={**base_env, "DATABASE_URL": f"sqlite:///{empty}", "VAR_DIR": str(work / "var-migrate")},
    )
    fake = start_fake(mirror, port, rate_limit="10")
    # Each process backfills its own half of the mirror's years of daily indexes.
    first, last = mirror_years(mirror)
    middle = (first + last) // 2
    halves = [(f"{first}-01-01", f"{middle}-12-31"), (f"{middle + 1}-01-01", f"{last}-12-31")]
    stop_at = time.time() + seconds + 120
    burning = [multiprocessing.get_context("fork").Process(target=_burn, args=(stop_at,)) for _ in range(burners)]
    children = []
    try:
        for burner in burning:
            burner.start()
        for n, (since, until) in enumerate(halves):
            database = work / f"{label}-{n}.sqlite3"
            shutil.copy(empty, database)
            env = {
                **base_env,
                "DATABASE_URL": f"sqlite:///{database}",
                "VAR_DIR": str(work / f"var-{label}"),
                "EDGAR_ARCHIVES_URL": f"http://127.0.0.1:{port}/www.sec.gov",
                "EDGAR_DATA_URL": f"http://127.0.0.1:{port}/data.sec.gov",
                "EDGAR_USER_AGENT": USER_AGENT,
                "EDGAR_CACHE_DIR": str(work / f"cache-{label}-{n}"),
                "EDGAR_RATE_LIMIT": "10",
                "EDGAR_RATE_BLOCK_SECONDS": "1",
            }
            if backend == "redis":
                env["REDIS_URL"] = os.environ["REDIS_URL"]
            children.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        str(REPO / "manage.py"),
                        "edgar_ingest",
                        "--since",
                        since,
                        "--until",
                        until,
                        "--no-progress",
                    ],
                    cwd=REPO,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        deadline = time.monotonic() + 300
        while fake_stats(port)["requests"] < 20 and time.monotonic() < deadline:
            time.sleep(0.2)
        before = fake_stats(port)
        t0 = time.perf_counter()
        time.sleep(seconds)
        after = fake_stats(port)
        elapsed = time.perf_counter() - t0
    finally:
        for child in children:
            child.kill()
            child.wait()
        for burner in burning:
            burner.terminate()
            burner.join()
        fake.terminate()
        fake.wait()
    requests = after["requests"] - before["requests"]
    return {
        "label": label,
        "requests": requests,
        "seconds": elapsed,
        "rate": requests / elapsed,
        "max_in_any_second": after["max_in_any_second"],
        "rate_limited": after["rate_limited"],
    }


def mirror_years(mirror: Path) -> tuple[int, int]:
    years = [
        int(day[:4])
        for path in (mirror / "data.sec.gov" / "submissions").glob("CIK*.json")
        for day in (json.loads(path.read_text()).get("filings", {}).get("recent") or json.loads(path.read_text())).get(
            "filingDate", []
        )
    ]
    return min(years), max(years)


def shared_budget_lines(mirror: Path, work: Path, seconds: float) -> list[str]:
    lines = [
        "## Two processes sharing one budget (10 per second)",
        "",
        f"Two `edgar_ingest --since/--until` processes (each its own years of daily indexes of a 50-company "
        f"synthetic mirror, and its own database), one limiter between them; "
        f"loaded: beside {4} processes burning CPU on {os.cpu_count()} cores. {seconds:.0f} s measured each.",
        "",
    ]
    backends = ["file"] + (["redis"] if os.environ.get("REDIS_URL") else [])
    port = 18740
    for backend in backends:
        for burners in (0, 4):
            port += 1
            r = shared_budget_rate(mirror, work, port=port, backend=backend, burners=burners, seconds=seconds)
            print(r, flush=True)
            lines.append(
                f"- {backend}, {'loaded' if burners else 'quiet'}: {r['requests']} requests in {r['seconds']:.1f} s = "
                f"**{r['rate']:.2f} requests/s ({10 * r['rate']:.0f}% of the limit)**; most in any one-second "
                f"window: **{r['max_in_any_second']}**; rate-limit pages: {r['rate_limited']}"
            )
    if "redis" not in backends:
        lines.append("- Redis: not measured (REDIS_URL not set)")
    lines.append("")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--companies", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limited-seconds", type=float, default=20)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "RESULTS-ingestion.md")
    parser.add_argument("--shared-only", action="store_true", help="only the two-process figures; print them")
    args = parser.parse_args()
    if args.shared_only:
        work = Path(tempfile.mkdtemp(prefix="bench-shared-"))
        subprocess.run(
            [
                sys.executable,
                str(REPO / "manage.py"),
                "synth_edgar",
                "--out",
                str(work / "mirror"),
                "--companies",
                "50",
                "--seed",
                str(args.seed),
            ],
            cwd=REPO,
            check=True,
            env={**os.environ, "VAR_DIR": str(work / "var-synth")},
        )
        print("\n".join(shared_budget_lines(work / "mirror", work, args.limited_seconds)))
        return

    work = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    mirror = work / "mirror"
    t0 = time.perf_counter()
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
            str(args.seed),
        ],
        cwd=REPO,
        check=True,
        env={**os.environ, "VAR_DIR": str(work / "var-synth")},
    )
    synth_seconds = time.perf_counter() - t0
    letters_truth = len(json.loads((mirror / "ground_truth.json").read_text()))

    lines = [
        "# Ingestion benchmark",
        "",
        f"Run on {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores; "
        f"`python bench/ingest_throughput.py --companies {args.companies}`.",
        "",
    ]
    lines.append(f"Synthetic mirror: {args.companies} companies, {letters_truth} letters, generated in {synth_seconds:.0f} s.")
    lines.append("")

    results = {}
    for label, root, port in [("synthetic", mirror, 18731), ("edgar-sample", SAMPLE, 18732)]:
        setup_done = "django" in sys.modules
        var_dir = work / f"var-{label}"
        if not setup_done:
            setup_django(var_dir)
        else:
            from django.core.management import call_command

            call_command("flush", interactive=False, verbosity=0)
        fake = start_fake(root, port, rate_limit="0")
        try:
            results[label] = ingest(root, port, rate=None, ciks=correspondence_ciks(root))
        finally:
            fake.terminate()
            fake.wait()
        print(label, results[label], flush=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    lines.append("## Rate limit off")
    lines.append("")
    for label, result in results.items():
        lines.append(f"- {label}: {fmt(result)}")
    lines.append(f"- peak memory of the pipeline process over both runs (max RSS): {peak_mb:.0f} MB")
    lines.append("")

    # Rate limit on: the same pipeline for a fixed time, the fake counting per-second windows.
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    fake = start_fake(mirror, 18733, rate_limit="10")
    try:
        import threading

        from django.db import connection

        worker = threading.Thread(
            target=lambda: (ingest(mirror, 18733, rate=10.0, ciks=correspondence_ciks(mirror)), connection.close()), daemon=True
        )
        t0 = time.perf_counter()
        worker.start()
        worker.join(args.limited_seconds)
        elapsed = time.perf_counter() - t0
        stats = fake_stats(18733)
    finally:
        fake.terminate()
        fake.wait()
    achieved = stats["requests"] / elapsed
    lines.append("## Rate limit on (10 per second)")
    lines.append("")
    lines.append(
        f"- {stats['requests']} requests in {elapsed:.1f} s = **{achieved:.2f} requests/s ({100 * achieved / 10:.0f}% of the limit)**; "
        f"most in any one-second window: **{stats['max_in_any_second']}**; rate-limit pages served: {stats['rate_limited']}"
    )
    lines.append("")
    small = work / "mirror-50"
    subprocess.run(
        [
            sys.executable,
            str(REPO / "manage.py"),
            "synth_edgar",
            "--out",
            str(small),
            "--companies",
            "50",
            "--seed",
            str(args.seed),
        ],
        cwd=REPO,
        check=True,
        env={**os.environ, "VAR_DIR": str(work / "var-synth")},
    )
    lines += shared_budget_lines(small, work, args.limited_seconds)
    args.out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    os._exit(0)  # the limited run's thread is still fetching; nothing of it is needed


if __name__ == "__main__":
    main()
