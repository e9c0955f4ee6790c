"""Load benchmark of the API on PostgreSQL with generated data (issue 9): 100,000 letters, 1,000,000 staff
comments and as many company responses, then p50/p95/p99 latency under 1 and 16 concurrent clients.

    # a throwaway database beside the real one (never the project's own)
    export DATABASE_URL=postgres://ci:ci@127.0.0.1:5432/comment_letters_load
    nice -n 19 .venv/bin/python bench/load_api.py generate      # createdb, migrate, COPY the rows, index
    .venv/bin/python bench/load_api.py measure                  # starts gunicorn, writes bench/out/load.json
    .venv/bin/python bench/load_api.py drop                     # dropdb

Rows are written with COPY, ids chosen here, so no ORM save and no parser runs: the shape is what the
parser stores (a public staff letter with 20 comments, the company's answer with 20 responses each linked
to its comment, one review per exchange). Text is made from a fixed vocabulary with a Zipf tail, and a
topic phrase per comment, so a search can be common ("revenue recognition", ~1 in 25 comments) or rare.
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_data import COMMENTS_PER_LETTER, COMPANIES, LETTER_PAIRS, OUT, REPO, SEED, _bench_user, _save, generate  # noqa: E402

# --- measuring ---------------------------------------------------------------------------------------------


def _requests(rng: random.Random) -> dict[str, callable]:
    """name: a function answering the next path to ask (random rows, so caches do not flatter)."""
    pairs, comments = LETTER_PAIRS, LETTER_PAIRS * COMMENTS_PER_LETTER
    searches = ["goodwill impairment", '"revenue recognition"', "valuation allowance", "cybersecurity incidents"]
    rare = ["kaloter", "vandorpel", "sunrix"]
    return {
        "letters list": lambda: "/api/v1/letters/",
        "letter detail": lambda: f"/api/v1/letters/{rng.randint(1, 2 * pairs)}/",
        "letters filtered (cik, kind)": lambda: (
            f"/api/v1/letters/?cik={100_000 + rng.randint(1, COMPANIES)}&kind=staff_comment_letter"
        ),
        "letters filtered (topic, date range)": lambda: (
            f"/api/v1/letters/?topic=segments&letter_date_from={rng.randint(2005, 2023)}-01-01"
        ),
        "staff comments list": lambda: "/api/v1/staff-comments/",
        "staff comment detail": lambda: f"/api/v1/staff-comments/{rng.randint(1, comments)}/",
        "staff comments filtered (letter)": lambda: f"/api/v1/staff-comments/?letter={2 * rng.randint(1, pairs) - 1}",
        "staff comments filtered (cik, topic)": lambda: (
            f"/api/v1/staff-comments/?cik={100_000 + rng.randint(1, COMPANIES)}&topic=segments"
        ),
        "review timeline (API)": lambda: f"/api/v1/reviews/{rng.randint(1, pairs)}/",
        "review timeline (page)": lambda: f"/reviews/{rng.randint(1, pairs)}/",
        "search letters": lambda: "/api/v1/search/?" + urllib.parse.urlencode({"q": rng.choice(searches)}),
        "search letters (rare word)": lambda: "/api/v1/search/?" + urllib.parse.urlencode({"q": rng.choice(rare)}),
        "search comments": lambda: "/api/v1/search/?" + urllib.parse.urlencode({"q": rng.choice(searches), "kind": "comment"}),
        "search comments (rare word)": lambda: (
            "/api/v1/search/?" + urllib.parse.urlencode({"q": rng.choice(rare), "kind": "comment"})
        ),
        "search responses": lambda: "/api/v1/search/?" + urllib.parse.urlencode({"q": rng.choice(searches), "kind": "response"}),
    }


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    q = statistics.quantiles(ordered, n=100, method="inclusive")
    return {"p50": round(q[49], 1), "p95": round(q[94], 1), "p99": round(q[98], 1), "n": len(ordered)}


def _run(base: str, sessions: list, path_of, clients: int, per_client: int) -> tuple[list[float], list[int]]:  # noqa: ANN001
    samples: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()

    def client(session) -> None:  # noqa: ANN001
        mine, codes = [], []
        for _ in range(per_client):
            path = path_of()
            t = time.perf_counter()
            response = session.get(base + path, timeout=60)
            mine.append((time.perf_counter() - t) * 1000)
            codes.append(response.status_code)
        with lock:
            samples.extend(mine)
            statuses.extend(codes)

    threads = [threading.Thread(target=client, args=(sessions[i],)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, statuses


def _serve(workers: int, timeout: int):  # noqa: ANN202
    """gunicorn on a free port, DEBUG off and the throttles out of the way: the server is what is measured."""
    import requests

    base = "http://127.0.0.1:8765"
    env = {**os.environ, "DJANGO_DEBUG": "0", "API_THROTTLE_USER": "100000000/hour", "API_THROTTLE_ANON": "100000000/hour"}
    command = [str(REPO / ".venv/bin/gunicorn"), "config.wsgi:application", "-b", "127.0.0.1:8765", "-w", str(workers)]
    server = subprocess.Popen([*command, "-k", "sync", "-t", str(timeout), "--log-level", "error"], cwd=REPO, env=env)
    for _ in range(200):
        try:
            if requests.get(base + "/api/v1/", timeout=10).status_code in (200, 401):
                return base, server
        except requests.RequestException:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not answer")


def measure(*, base: str | None, only: list[str] | None, single: int, concurrent: int, workers: int, timeout: int) -> dict:
    import django
    import requests

    django.setup()
    token = _bench_user()
    server = None
    try:
        if base is None:
            base, server = _serve(workers, timeout)
        # The page needs a session: sign in once per client through the form, as a browser would.
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.get(username="load-bench")
        user.set_password("load bench passphrase")
        user.save()

        def session_for():  # noqa: ANN202
            session = requests.Session()
            session.headers["Authorization"] = f"Token {token}"
            page = session.get(base + "/sign-in/")
            csrf = session.cookies.get("csrftoken")
            session.post(
                base + "/sign-in/",
                data={"username": "load-bench", "password": "load bench passphrase", "csrfmiddlewaretoken": csrf},
                headers={"Referer": base + "/sign-in/"},
                allow_redirects=False,  # to the dashboard, which is measured on its own (see RESULTS-load.md)
            )
            assert page.status_code == 200
            return session

        sessions = [session_for() for _ in range(16)]
        rng = random.Random(SEED)
        results: dict[str, dict] = {}
        for name, path_of in _requests(rng).items():
            if only and not any(word in name for word in only):
                continue
            _run(base, sessions, path_of, 1, 5)  # warm the workers and this kind of query
            one, codes_one = _run(base, sessions, path_of, 1, single)
            many, codes_many = _run(base, sessions, path_of, 16, concurrent)
            bad = sorted({c for c in codes_one + codes_many if c != 200})
            results[name] = {"1 client": _percentiles(one), "16 clients": _percentiles(many), "non_200": bad}
            results[name]["load_average"] = round(os.getloadavg()[0], 1)
            print(name, json.dumps(results[name]), flush=True)
        previous = json.loads(OUT.read_text()).get("latency_ms", {}) if OUT.exists() else {}
        _save({"latency_ms": {**previous, **results}, "measured_at": datetime.now(UTC).isoformat(timespec="seconds")})
        return results
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)


def drop() -> None:
    url = urllib.parse.urlparse(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    assert name.endswith("_load"), "drop only ever removes the load benchmark's own database"
    env = {**os.environ, "PGPASSWORD": url.password or ""}
    subprocess.run(["dropdb", "-h", url.hostname, "-U", url.username, "--if-exists", name], check=True, env=env)


def create() -> None:
    url = urllib.parse.urlparse(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    assert name.endswith("_load"), "the load benchmark writes only to a database of its own (…_load)"
    env = {**os.environ, "PGPASSWORD": url.password or ""}
    subprocess.run(["dropdb", "-h", url.hostname, "-U", url.username, "--if-exists", name], check=True, env=env)
    subprocess.run(["createdb", "-h", url.hostname, "-U", url.username, name], check=True, env=env)


def main() -> None:
    faulthandler.dump_traceback_later(int(os.environ.get("LOAD_HANG_SECONDS", "0")) or 10**6, exit=False)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["generate", "measure", "drop"])
    parser.add_argument("--base", help="a running server's URL (else gunicorn is started here)")
    parser.add_argument("--only", nargs="*", help="measure only the requests whose name has one of these words")
    parser.add_argument("--single", type=int, default=200, help="requests under one client, per endpoint")
    parser.add_argument("--concurrent", type=int, default=20, help="requests per client under 16 clients")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--timeout", type=int, default=30, help="gunicorn's worker timeout, seconds")
    args = parser.parse_args()
    if args.step == "generate":
        create()
        generate()
    elif args.step == "measure":
        measure(
            base=args.base,
            only=args.only,
            single=args.single,
            concurrent=args.concurrent,
            workers=args.workers,
            timeout=args.timeout,
        )
    else:
        drop()


if __name__ == "__main__":
    main()
