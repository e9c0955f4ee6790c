"""The production shape, run for real on this machine (no Docker engine needed): `make prod-smoke`.

It starts, through scripts/entrypoint.sh (the command lines the Dockerfile and docker-compose.yml run),
the one-shot migrate (with collectstatic for WhiteNoise), gunicorn, a Celery worker and beat, all on
production settings against PostgreSQL and Redis on 127.0.0.1. They ingest a synthetic mirror served by
the project's fake EDGAR (a separate development-settings process: devtools is not installed in
production). It then signs in to the admin through its login form, reads the API with a session and a
token, and stops every process with SIGTERM, checking exit codes and that no child outlives its parent.

    .venv/bin/python scripts/prod_smoke.py [--database-url URL] [--redis-url URL] [--keep DIR]

The database named in --database-url (default: DATABASE_URL's server, database comment_letters_smoke)
is dropped and created; its role needs CREATEDB. Redis databases 3 and 4 under --redis-url are flushed.
Exit status 0 when every check passed; the last line reads "N passed, N failed".
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import psycopg
import redis

# Run as a script, its own folder is first on sys.path.
from smoke_http import Browser, free_port
from smoke_processes import REPO, SmokeRun, venv_path, wait_for
from smoke_web_checks import web_checks

ENTRYPOINT = REPO / "scripts" / "entrypoint.sh"
USER_AGENT = "Comment Letters Production Smoke smoke@example.com"
ADMIN_USER = "smoke-admin"


class Smoke(SmokeRun):
    def __init__(self, work: Path, database_url: str, redis_url: str) -> None:
        super().__init__(work)
        self.database_url, self.redis_url = database_url, redis_url

    # --- environments --------------------------------------------------------------------------------

    def dev_env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "CELERY_", "EDGAR_")) or k == "DJANGO_SETTINGS_MODULE"
        }
        env.pop("DATABASE_URL", None)
        env.pop("REDIS_URL", None)
        return {**env, "VAR_DIR": str(self.work / "dev-var"), "PATH": venv_path()}

    def prod_env(self, fake_urls: dict[str, str], watchlist: list[int], web_port: int) -> dict[str, str]:
        base = self.dev_env()
        return {
            **base,
            "DJANGO_ENV": "production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": self.database_url,
            "CELERY_BROKER_URL": with_db(self.redis_url, 3),
            "REDIS_URL": with_db(self.redis_url, 4),
            "EDGAR_USER_AGENT": USER_AGENT,
            "EDGAR_WATCHLIST": ",".join(str(c) for c in watchlist),
            # Beat polls the daily index every minute (on business days), so the smoke sees it send.
            "EDGAR_POLL_INTERVAL_SECONDS": "60",
            "VAR_DIR": str(self.work / "var"),
            "WEB_BIND": f"127.0.0.1:{web_port}",
            "WEB_CONCURRENCY": "2",
            "CELERY_CONCURRENCY": "2",
            **fake_urls,
        }

    # --- the run -------------------------------------------------------------------------------------

    def prepare_services(self) -> None:
        server = urlsplit(self.database_url)
        name = server.path.lstrip("/")
        admin_url = urlunsplit(server._replace(path="/postgres"))
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        for db in (3, 4):
            redis.Redis.from_url(with_db(self.redis_url, db)).flushdb()

    def main(self) -> None:
        t = time.monotonic()
        self.prepare_services()
        mirror = self.work / "mirror"
        dev = self.dev_env()
        code = self.run(
            "synth_edgar",
            [sys.executable, "manage.py", "synth_edgar", "--out", str(mirror), "--companies", "3", "--seed", "7"],
            dev,
        )
        if not self.check(code == 0, "synth_edgar writes a synthetic mirror"):
            return
        truth = json.loads((mirror / "ground_truth.json").read_text())
        expected_letters = len(truth)
        watchlist = sorted({int(row["cik"]) for row in truth})
        self.start("fake_edgar", [sys.executable, "manage.py", "fake_edgar", "--root", str(mirror), "--port", "0"], dev)
        fake_urls = wait_for(
            lambda: dict(re.findall(r"^(EDGAR_(?:ARCHIVES|DATA)_URL)=(\S+)$", self.log_text("fake_edgar"), re.M)) or None, 30
        )
        if not self.check(fake_urls and len(fake_urls) == 2, "fake EDGAR serves the mirror", fake_urls):
            return
        web_port = free_port()
        env = self.prod_env(fake_urls, watchlist, web_port)
        self.mark("prepare (database, redis, mirror, fake EDGAR)", t)

        t = time.monotonic()
        self.check(self.run("migrate", [str(ENTRYPOINT), "migrate"], env) == 0, "entrypoint migrate (migrate + collectstatic)")
        self.check(
            "static files copied" in self.log_text("migrate") and "post-processed" in self.log_text("migrate"),
            "collectstatic writes hashed files for WhiteNoise",
        )
        self.mark("migrate + collectstatic", t)
        self.check(
            self.run("check_deploy", [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], env) == 0,
            "check --deploy is clean on these settings",
            self.log_text("check_deploy").strip()[-200:],
        )
        password = secrets.token_urlsafe(16)
        su_env = {
            **env,
            "DJANGO_SUPERUSER_USERNAME": ADMIN_USER,
            "DJANGO_SUPERUSER_PASSWORD": password,
            "DJANGO_SUPERUSER_EMAIL": "smoke@example.com",
        }
        self.check(
            self.run("createsuperuser", [sys.executable, "manage.py", "createsuperuser", "--noinput"], su_env) == 0,
            "createsuperuser",
        )

        t = time.monotonic()
        for name in ("web", "worker", "beat"):
            self.start(name, [str(ENTRYPOINT), name], env)
        healthy = wait_for(lambda: self.run("healthcheck_web", [str(ENTRYPOINT), "healthcheck", "web"], env, 20) == 0, 60)
        self.check(healthy, "the image's HEALTHCHECK (entrypoint healthcheck web) passes")
        worker_ok = wait_for(lambda: self.run("healthcheck_worker", [str(ENTRYPOINT), "healthcheck", "worker"], env, 30) == 0, 90)
        self.check(worker_ok, "compose's worker health check (entrypoint healthcheck worker) passes")
        self.mark("start web + worker (healthy)", t)
        if not healthy:
            return

        t = time.monotonic()
        # The operator's trigger, through the broker; beat sends its own schedule below.
        code = self.run("trigger", ["celery", "-A", "config", "call", "filings.tasks.sync_watchlist"], env, 60)
        self.check(code == 0, "sync_watchlist sent to the worker through Redis")
        state = wait_for(lambda: settled(self.database_url, expected_letters), 300)
        self.check(
            state is not None,
            f"worker stores and parses all {expected_letters} letters",
            state or stored_state(self.database_url),
        )
        self.mark("ingest (watchlist sync → fetch → parse)", t)

        t = time.monotonic()
        if datetime.now(ZoneInfo("America/New_York")).weekday() < 5:
            sent = wait_for(
                lambda: (
                    "Sending due task poll EDGAR daily index" in self.log_text("beat")
                    and finished_runs(self.database_url, "daily_index") > 0
                ),
                90,
            )
            self.check(sent, "beat sends its daily-index poll and the worker runs it")
        else:
            self.check("beat: Starting" in self.log_text("beat"), "beat started (its poll runs on business days only)")
        self.mark("beat's scheduled poll", t)

        t = time.monotonic()
        web_checks(
            self,
            Browser("127.0.0.1", web_port),
            username=ADMIN_USER,
            password=password,
            expected_letters=expected_letters,
            env=env,
        )
        self.mark("web: admin sign-in and API", t)

        stats = json.loads(Browser(*urlsplit(fake_urls["EDGAR_DATA_URL"]).netloc.split(":")).get("/_fake/stats").body)
        self.check(
            stats["max_in_any_second"] <= 10 and not stats.get("rate_limited"),
            "EDGAR rate limit held",
            f"{stats['requests']} requests, max {stats['max_in_any_second']}/s",
        )
        for name in ("web", "worker", "beat"):
            unexpected = unexpected_tracebacks(self.log_text(name))
            self.check(not unexpected, f"{name} logged no traceback", "; ".join(unexpected)[:300])

        t = time.monotonic()
        # Beat first (no new work), then the worker (it finishes what it holds), then web.
        self.stop("beat", signal.SIGTERM, {0})
        self.stop("worker", signal.SIGTERM, {0})
        self.stop("web", signal.SIGTERM, {0})
        self.stop("fake_edgar", signal.SIGINT, {0})
        self.mark("stop (SIGTERM)", t)


# --- helpers -----------------------------------------------------------------------------------------


def with_db(url: str, db: int) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{db}"))


def unexpected_tracebacks(log: str) -> list[str]:
    """The exception line of each traceback in a log, but the refused Host this smoke sends on purpose."""
    found = []
    for block in log.split("Traceback (most recent call last):")[1:]:
        last = next((line for line in block.splitlines()[1:] if line and not line[0].isspace()), "")
        if not last.startswith("django.core.exceptions.DisallowedHost: Invalid HTTP_HOST header: 'evil.example'"):
            found.append(last)
    return found


def query(database_url: str, sql: str, *params: object) -> list[tuple]:
    with psycopg.connect(database_url) as conn:
        return conn.execute(sql, params).fetchall()


def stored_state(database_url: str) -> dict[str, int]:
    rows = query(
        database_url,
        "SELECT 'filing ' || fetch_status, count(*) FROM filings_filing GROUP BY 1 "
        "UNION ALL SELECT 'letter ' || parse_status, count(*) FROM comments_letter GROUP BY 1",
    )
    return dict(rows)


def settled(database_url: str, expected_letters: int) -> dict[str, int] | None:
    state = stored_state(database_url)
    busy = state.get("filing pending", 0) + state.get("filing fetching", 0) + state.get("letter pending", 0)
    done = finished_runs(database_url, "watchlist") > 0
    return state if done and not busy and state.get("letter parsed", 0) == expected_letters else None


def finished_runs(database_url: str, source: str) -> int:
    return query(database_url, "SELECT count(*) FROM filings_ingestionrun WHERE source = %s AND finished_at IS NOT NULL", source)[
        0
    ][0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_db = os.environ.get("PROD_SMOKE_DATABASE_URL") or urlunsplit(
        urlsplit(os.environ.get("DATABASE_URL") or "postgres://ci:ci@127.0.0.1:5432/x")._replace(path="/comment_letters_smoke")
    )
    parser.add_argument("--database-url", default=default_db)
    parser.add_argument("--redis-url", default=os.environ.get("PROD_SMOKE_REDIS_URL", "redis://127.0.0.1:6379/0"))
    parser.add_argument(
        "--keep", type=Path, default=None, help="write logs and state here and keep them (default: a temporary folder, removed)"
    )
    args = parser.parse_args()
    if not urlsplit(args.database_url).scheme.startswith("postgres"):
        parser.error("--database-url must be a PostgreSQL URL: the production shape runs on PostgreSQL")
    work = args.keep or Path(tempfile.mkdtemp(prefix="prod-smoke-"))
    smoke = Smoke(work.resolve(), args.database_url, args.redis_url)
    try:
        smoke.main()
    except Exception as exc:  # noqa: BLE001 - reported as a failed check, with the logs
        smoke.check(False, "the smoke ran to its end", f"{type(exc).__name__}: {exc}")
    finally:
        smoke.kill_all()
    status = smoke.report()
    if args.keep is None and status == 0:
        shutil.rmtree(work, ignore_errors=True)
    if status == 0:
        with psycopg.connect(urlunsplit(urlsplit(args.database_url)._replace(path="/postgres")), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{urlsplit(args.database_url).path.lstrip("/")}" WITH (FORCE)')
    return status


if __name__ == "__main__":
    sys.exit(main())
