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
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import psycopg
import redis

# Run as a script, its own folder is first on sys.path.
from smoke_http import Browser, free_port

REPO = Path(__file__).resolve().parent.parent
ENTRYPOINT = REPO / "scripts" / "entrypoint.sh"
USER_AGENT = "Comment Letters Production Smoke smoke@example.com"
ADMIN_USER = "smoke-admin"


class Smoke:
    def __init__(self, work: Path, database_url: str, redis_url: str) -> None:
        self.work, self.database_url, self.redis_url = work, database_url, redis_url
        self.logs = work / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.procs: dict[str, subprocess.Popen] = {}
        self.results: list[tuple[bool, str, str]] = []
        self.timings: dict[str, float] = {}
        self.started = time.monotonic()

    # --- bookkeeping ---------------------------------------------------------------------------------

    def check(self, ok: bool, what: str, detail: object = "") -> bool:
        self.results.append((bool(ok), what, str(detail)))
        print(f"{'PASS' if ok else 'FAIL'}  {what}" + (f"  ({detail})" if detail != "" else ""), flush=True)
        return bool(ok)

    def mark(self, phase: str, since: float) -> None:
        self.timings[phase] = time.monotonic() - since

    def log_text(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    # --- processes -----------------------------------------------------------------------------------

    def run(self, name: str, argv: list[str], env: dict[str, str], timeout: float = 300) -> int:
        with open(self.logs / f"{name}.log", "ab") as log:
            return subprocess.run(argv, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, timeout=timeout).returncode

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> subprocess.Popen:
        # Its own session (and so process group): what is left in the group after it exits is an orphan.
        with open(self.logs / f"{name}.log", "ab") as log:
            proc = subprocess.Popen(argv, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, start_new_session=True)
        self.procs[name] = proc
        return proc

    def stop(self, name: str, sig: signal.Signals, expected: set[int], timeout: float = 60) -> None:
        proc = self.procs.pop(name)
        began = time.monotonic()
        proc.send_signal(sig)
        try:
            code = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            code = None
        self.timings[f"stop {name}"] = time.monotonic() - began
        self.check(code in expected, f"{name} exits on {sig.name}", f"exit {code} in {time.monotonic() - began:.1f}s")
        deadline = time.monotonic() + 5
        while group_members(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = group_members(proc.pid)
        self.check(not left, f"{name} leaves no orphan processes", f"left: {left}" if left else "")
        kill_group(proc.pid)

    def kill_all(self) -> None:
        for name, proc in list(self.procs.items()):
            kill_group(proc.pid)
            proc.wait(timeout=10)
            self.procs.pop(name)

    # --- environments --------------------------------------------------------------------------------

    def dev_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("DJANGO_", "CELERY_", "EDGAR_")) or k == "DJANGO_SETTINGS_MODULE"}
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
        code = self.run("synth_edgar", [sys.executable, "manage.py", "synth_edgar", "--out", str(mirror),
                                        "--companies", "3", "--seed", "7"], dev)
        if not self.check(code == 0, "synth_edgar writes a synthetic mirror"):
            return
        truth = json.loads((mirror / "ground_truth.json").read_text())
        expected_letters = len(truth)
        watchlist = sorted({int(row["cik"]) for row in truth})
        self.start("fake_edgar", [sys.executable, "manage.py", "fake_edgar", "--root", str(mirror), "--port", "0"], dev)
        fake_urls = wait_for(lambda: dict(re.findall(r"^(EDGAR_(?:ARCHIVES|DATA)_URL)=(\S+)$",
                                                     self.log_text("fake_edgar"), re.M)) or None, 30)
        if not self.check(fake_urls and len(fake_urls) == 2, "fake EDGAR serves the mirror", fake_urls):
            return
        web_port = free_port()
        env = self.prod_env(fake_urls, watchlist, web_port)
        self.mark("prepare (database, redis, mirror, fake EDGAR)", t)

        t = time.monotonic()
        self.check(self.run("migrate", [str(ENTRYPOINT), "migrate"], env) == 0, "entrypoint migrate (migrate + collectstatic)")
        self.check("static files copied" in self.log_text("migrate") and "post-processed" in self.log_text("migrate"),
                   "collectstatic writes hashed files for WhiteNoise")
        self.mark("migrate + collectstatic", t)
        self.check(self.run("check_deploy", [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            env) == 0, "check --deploy is clean on these settings", self.log_text("check_deploy").strip()[-200:])
        password = secrets.token_urlsafe(16)
        su_env = {**env, "DJANGO_SUPERUSER_USERNAME": ADMIN_USER, "DJANGO_SUPERUSER_PASSWORD": password,
                  "DJANGO_SUPERUSER_EMAIL": "smoke@example.com"}
        self.check(self.run("createsuperuser", [sys.executable, "manage.py", "createsuperuser", "--noinput"], su_env) == 0,
                   "createsuperuser")

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
        self.check(state is not None, f"worker stores and parses all {expected_letters} letters",
                   state or stored_state(self.database_url))
        self.mark("ingest (watchlist sync → fetch → parse)", t)

        t = time.monotonic()
        if datetime.now(ZoneInfo("America/New_York")).weekday() < 5:
            sent = wait_for(lambda: "Sending due task poll EDGAR daily index" in self.log_text("beat")
                            and finished_runs(self.database_url, "daily_index") > 0, 90)
            self.check(sent, "beat sends its daily-index poll and the worker runs it")
        else:
            self.check("beat: Starting" in self.log_text("beat"), "beat started (its poll runs on business days only)")
        self.mark("beat's scheduled poll", t)

        t = time.monotonic()
        self.web_checks(Browser("127.0.0.1", web_port), password, expected_letters, env)
        self.mark("web: admin sign-in and API", t)

        stats = json.loads(Browser(*urlsplit(fake_urls["EDGAR_DATA_URL"]).netloc.split(":")).get("/_fake/stats").body)
        self.check(stats["max_in_any_second"] <= 10 and not stats.get("rate_limited"),
                   "EDGAR rate limit held", f"{stats['requests']} requests, max {stats['max_in_any_second']}/s")
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

    def web_checks(self, browser: Browser, password: str, expected_letters: int, env: dict[str, str]) -> None:
        plain = browser.get("/admin/login/", https=False)
        self.check(plain.status == 301 and plain.header("Location", "").startswith("https://"),
                   "plain HTTP is redirected to HTTPS", plain.status)
        self.check(browser.get("/admin/", extra={"Host": "evil.example"}).status == 400, "an unknown Host is refused")
        missing = browser.get("/no-such-page/")
        self.check(missing.status == 404 and "DEBUG = True" not in missing.text, "404 without the debug page")

        page = browser.get("/admin/login/?next=/admin/")
        self.check(page.status == 200 and "max-age=" in page.header("Strict-Transport-Security", "")
                   and page.header("X-Content-Type-Options") == "nosniff", "login page over HTTPS with HSTS", page.status)
        css = re.search(r'href="(/static/admin/css/base\.[0-9a-f]{12}\.css)"', page.text)
        if self.check(css is not None, "admin pages link hashed static files"):
            static = browser.get(css.group(1))
            self.check(static.status == 200 and len(static.body) > 1000 and "immutable" in static.header("Cache-Control", "")
                       and static.header("Content-Type", "").startswith("text/css"),
                       "WhiteNoise serves them, cached forever", f"{static.status} {static.header('Cache-Control')}")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        self.check(token is not None and "csrftoken" in browser.cookies, "login form carries a CSRF token")
        no_csrf = Browser(browser.host, browser.port).post_form("/admin/login/", {"username": ADMIN_USER, "password": password})
        self.check(no_csrf.status == 403, "a login POST without CSRF is refused", no_csrf.status)
        login = browser.post_form("/admin/login/?next=/admin/", {
            "csrfmiddlewaretoken": token.group(1) if token else "", "username": ADMIN_USER,
            "password": password, "next": "/admin/"})
        cookie = next((v for k, v in login.headers if k.lower() == "set-cookie" and v.startswith("sessionid=")), "")
        self.check(login.status == 302 and login.header("Location") == "/admin/" and "sessionid" in browser.cookies
                   and "Secure" in cookie and "HttpOnly" in cookie, "admin sign-in through the form", login.status)
        home = browser.get("/admin/")
        self.check(home.status == 200 and "Site administration" in home.text and ADMIN_USER in home.text,
                   "signed-in admin index", home.status)
        letters_page = browser.get("/admin/comments/letter/")
        self.check(letters_page.status == 200 and re.search(rf"\b{expected_letters} letters\b", letters_page.text),
                   "admin letter list shows every letter", letters_page.status)

        anonymous = Browser(browser.host, browser.port).get("/api/v1/letters/")
        self.check(anonymous.status in {401, 403}, "the API refuses an anonymous caller", anonymous.status)
        listed = browser.api_list("/api/v1/letters/")
        self.check(listed is not None and len(listed) == expected_letters, "API lists every letter (session)",
                   None if listed is None else len(listed))
        if listed:
            detail = browser.get(f"/api/v1/letters/{listed[0]['id']}/", extra={"Accept": "application/json"})
            self.check(detail.status == 200 and json.loads(detail.body).get("id") == listed[0]["id"],
                       "API letter detail (session)", detail.status)
        api = Browser(browser.host, browser.port)
        if self.run("drf_create_token", [sys.executable, "manage.py", "drf_create_token", ADMIN_USER], env) == 0:
            key = re.search(r"Generated token (\w+)", self.log_text("drf_create_token"))
            api.auth = f"Token {key.group(1)}" if key else ""
            how = "token"
        else:  # no rest_framework.authtoken: HTTP Basic, DRF's default
            api.basic(ADMIN_USER, password)
            how = "basic"
        listed = api.api_list("/api/v1/letters/")
        self.check(listed is not None and len(listed) == expected_letters, f"API lists every letter ({how} auth)",
                   None if listed is None else len(listed))

    def report(self) -> int:
        print("\ntimings:")
        for phase, seconds in self.timings.items():
            print(f"  {seconds:7.1f}s  {phase}")
        print(f"  {time.monotonic() - self.started:7.1f}s  total")
        failed = [r for r in self.results if not r[0]]
        if failed:
            print(f"\nlogs: {self.logs}")
            for name in ("web", "worker", "beat", "fake_edgar", "migrate"):
                tail = self.log_text(name).splitlines()[-15:]
                if tail:
                    print(f"--- {name}.log (last lines)\n" + "\n".join(tail))
        print(f"\nprod-smoke: {len(self.results) - len(failed)} passed, {len(failed)} failed")
        return 1 if failed else 0


# --- helpers -----------------------------------------------------------------------------------------

def venv_path() -> str:
    # gunicorn and celery are the virtualenv's, as they are the image's on its PATH.
    return os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "/usr/bin:/bin")])


def with_db(url: str, db: int) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{db}"))


def wait_for(probe: Callable[[], object], timeout: float, every: float = 0.5) -> object:
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)


def group_members(pgid: int) -> list[str]:
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2:].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(f"{stat.parent.name} {text[text.index('(') + 1:text.rindex(')')]}")
    return members


def unexpected_tracebacks(log: str) -> list[str]:
    """The exception line of each traceback in a log, but the refused Host this smoke sends on purpose."""
    found = []
    for block in log.split("Traceback (most recent call last):")[1:]:
        last = next((line for line in block.splitlines()[1:] if line and not line[0].isspace()), "")
        if not last.startswith("django.core.exceptions.DisallowedHost: Invalid HTTP_HOST header: 'evil.example'"):
            found.append(last)
    return found


def kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def query(database_url: str, sql: str, *params: object) -> list[tuple]:
    with psycopg.connect(database_url) as conn:
        return conn.execute(sql, params).fetchall()


def stored_state(database_url: str) -> dict[str, int]:
    rows = query(database_url, "SELECT 'filing ' || fetch_status, count(*) FROM filings_filing GROUP BY 1 "
                               "UNION ALL SELECT 'letter ' || parse_status, count(*) FROM comments_letter GROUP BY 1")
    return dict(rows)


def settled(database_url: str, expected_letters: int) -> dict[str, int] | None:
    state = stored_state(database_url)
    busy = state.get("filing pending", 0) + state.get("filing fetching", 0) + state.get("letter pending", 0)
    done = finished_runs(database_url, "watchlist") > 0
    return state if done and not busy and state.get("letter parsed", 0) == expected_letters else None


def finished_runs(database_url: str, source: str) -> int:
    return query(database_url, "SELECT count(*) FROM filings_ingestionrun WHERE source = %s AND finished_at IS NOT NULL",
                 source)[0][0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_db = os.environ.get("PROD_SMOKE_DATABASE_URL") or urlunsplit(
        urlsplit(os.environ.get("DATABASE_URL") or "postgres://ci:ci@127.0.0.1:5432/x")._replace(path="/comment_letters_smoke"))
    parser.add_argument("--database-url", default=default_db)
    parser.add_argument("--redis-url", default=os.environ.get("PROD_SMOKE_REDIS_URL", "redis://127.0.0.1:6379/0"))
    parser.add_argument("--keep", type=Path, default=None, help="write logs and state here and keep them (default: a temporary folder, removed)")
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
