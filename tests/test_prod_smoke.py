"""The production shape: what the Dockerfile and docker-compose.yml run is what the smoke runs natively,
production refuses weak secrets, and (CI's PostgreSQL pass) the whole shape ingests, serves and stops.

The end-to-end run needs PostgreSQL and Redis, so it is skipped unless TEST_CELERY_BROKER_URL is set and
DATABASE_URL names a PostgreSQL server, as in tests/test_worker.py.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

REPO = Path(__file__).resolve().parent.parent
ENTRYPOINT = REPO / "scripts" / "entrypoint.sh"
PROCESSES = {"migrate", "web", "worker", "beat"}


def compose_commands(text: str) -> dict[str, str]:
    """service name → the entrypoint subcommand its `command: ["…"]` names (docker-compose.yml's own layout)."""
    commands, service, in_services = {}, None, False
    for line in text.splitlines():
        if re.match(r"^\S", line):
            in_services = line.startswith("services:")
        elif in_services and (m := re.match(r"^  ([\w-]+):\s*$", line)):
            service = m.group(1)
        elif in_services and service and (m := re.match(r'^    command:\s*\["([\w-]+)"\]\s*$', line)):
            commands[service] = m.group(1)
    return commands


def test_it_deploys_each_process_through_the_entrypoint_the_smoke_runs():
    commands = compose_commands((REPO / "docker-compose.yml").read_text())
    assert commands == {name: name for name in PROCESSES}

    script = ENTRYPOINT.read_text()
    assert os.access(ENTRYPOINT, os.X_OK)
    for name in PROCESSES | {"healthcheck"}:
        assert re.search(rf"^  {name}\)", script, re.M), f"entrypoint.sh has no `{name}` subcommand"
    smoke = (REPO / "scripts" / "prod_smoke.py").read_text()
    assert '[str(ENTRYPOINT), "migrate"]' in smoke and 'for name in ("web", "worker", "beat")' in smoke


def test_it_builds_an_image_that_runs_unprivileged_with_a_health_check():
    dockerfile = (REPO / "Dockerfile").read_text()
    assert re.search(r'^ENTRYPOINT \["/app/scripts/entrypoint\.sh"\]$', dockerfile, re.M)
    assert re.search(r'^CMD \["web"\]$', dockerfile, re.M)
    user = re.findall(r"^USER (\S+)$", dockerfile, re.M)
    assert user and user[-1].split(":")[0] not in {"0", "root"}
    assert re.search(r'HEALTHCHECK .*\n?.*CMD \["/app/scripts/entrypoint\.sh", "healthcheck", "web"\]', dockerfile)
    ignored = (REPO / ".dockerignore").read_text().split()
    assert {".env", ".git", ".venv", "var"} <= set(ignored)


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    return {
        **env,
        "DJANGO_ENV": "production",
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "VAR_DIR": str(tmp_path),
        **overrides,
    }


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    "key",
    [
        "",
        "short",
        "x" * 60,
        "django-insecure-" + secrets.token_urlsafe(60),
        "dev-only-insecure-key-do-not-use-in-production-0123456789",
    ],
)
def test_it_refuses_to_start_production_on_a_weak_or_missing_secret(tmp_path, key):
    result = manage(production_env(tmp_path, DJANGO_SECRET_KEY=key), "check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_it_refuses_a_weak_fallback_key_too(tmp_path):
    result = manage(production_env(tmp_path, DJANGO_SECRET_KEY_FALLBACKS="old-and-short"), "check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY_FALLBACKS must be set" in result.stderr


def test_it_passes_the_deploy_check_on_production_settings(tmp_path):
    fallback = secrets.token_urlsafe(60)
    result = manage(
        production_env(tmp_path, DJANGO_SECRET_KEY_FALLBACKS=fallback), "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stdout + result.stderr


BROKER = os.environ.get("TEST_CELERY_BROKER_URL", "")
DATABASE_URL = os.environ.get("DATABASE_URL", "")


@pytest.mark.worker
@pytest.mark.slow
@pytest.mark.skipif(
    not BROKER or not DATABASE_URL.startswith("postgres"),
    reason="needs PostgreSQL (DATABASE_URL) and Redis (TEST_CELERY_BROKER_URL); CI's second pass sets them",
)
def test_it_ingests_serves_and_stops_in_the_production_shape():
    # Its own database and Redis databases (3 and 4), beside those the rest of the suite uses.
    database = urlunsplit(urlsplit(DATABASE_URL)._replace(path="/comment_letters_smoke"))
    redis_base = urlunsplit(urlsplit(BROKER)._replace(path="/0"))
    result = subprocess.run(
        [sys.executable, "scripts/prod_smoke.py", "--database-url", database, "--redis-url", redis_base],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert re.search(r"prod-smoke: \d+ passed, 0 failed", result.stdout)
