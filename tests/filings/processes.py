"""Helpers for tests that run ingestion in another process: a database both can open, and the child's environment."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections

from devtools.fake_edgar.server import FakeEdgar
from tests.plugins.fake_edgar import TEST_RATE_BLOCK_SECONDS, TEST_USER_AGENT

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def shared_database_url(transactional_db, tmp_path: Path) -> Iterator[str]:  # noqa: ANN001
    """A URL another process can open for the database this test uses.

    PostgreSQL's test database is a server database already; SQLite's is in memory, so the test
    moves to a file for its duration (as tests/test_races.py does) and hands its path on.
    """
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        yield f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
        return
    path = tmp_path / "shared.sqlite3"
    in_memory_connection = connections[DEFAULT_DB_ALIAS]
    in_memory_settings = connections.settings[DEFAULT_DB_ALIAS]
    connections.settings[DEFAULT_DB_ALIAS] = {**in_memory_settings, "NAME": str(path)}
    connections[DEFAULT_DB_ALIAS] = connections.create_connection(DEFAULT_DB_ALIAS)
    call_command("migrate", verbosity=0)
    try:
        yield f"sqlite:///{path}"
    finally:
        connections[DEFAULT_DB_ALIAS].close()
        connections.settings[DEFAULT_DB_ALIAS] = in_memory_settings
        connections[DEFAULT_DB_ALIAS] = in_memory_connection


def child_environment(*, database_url: str, fake: FakeEdgar, var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of an ingesting process aimed at `fake`, on the test's database, with its own VAR_DIR."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("EDGAR_", "CELERY_", "DJANGO_")) and key not in {"REDIS_URL", "DATABASE_URL"}
    }
    env.update(
        DATABASE_URL=database_url,
        VAR_DIR=str(var_dir),
        EDGAR_ARCHIVES_URL=fake.archives_url,
        EDGAR_DATA_URL=fake.data_url,
        EDGAR_USER_AGENT=TEST_USER_AGENT,
        EDGAR_CACHE_DIR=str(var_dir / "edgar-cache"),
        EDGAR_BACKOFF_BASE="0.02",
        EDGAR_MAX_RETRIES="4",
        EDGAR_RATE_BLOCK_SECONDS=str(TEST_RATE_BLOCK_SECONDS),
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def start_child(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.filings.ingest_child", *args],
        cwd=REPO,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )


def wait_until(condition: Callable[[], object], *, timeout: float, what: str, child: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if child is not None and child.poll() is not None:
            raise AssertionError(f"the child exited ({child.returncode}) before {what}")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        time.sleep(0.05)
