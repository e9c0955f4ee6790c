"""One EDGAR rate budget per identity: a process whose limiter differs from its fleet's is refused."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from filings import services
from filings.edgar.client import EdgarClient
from filings.edgar.errors import EdgarConfigurationError
from filings.edgar.ratelimit import FileRateLimiter, RedisRateLimiter
from filings.models import EdgarRateBudget, Filing
from tests.plugins.fake_edgar import TEST_USER_AGENT, client_for

WORKERS_REDIS = "redis://redis.internal:6379/1"  # never contacted: describing a limiter does not connect


def workers_use_redis(fake, tmp_path) -> None:  # noqa: ANN001
    """What a worker leaves behind once it has run a task: its identity's budget recorded as Redis."""
    worker = client_for(fake, tmp_path, rate_limiter=RedisRateLimiter(WORKERS_REDIS))
    services.rate_budget_check(client=worker)


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_start_a_command_without_redis_beside_workers_that_use_it(fake_edgar_settings, tmp_path):
    workers_use_redis(fake_edgar_settings, tmp_path)

    with pytest.raises(CommandError) as refused:
        call_command("edgar_ingest", "--accession", "0000320193-24-000061", "--no-progress", stdout=io.StringIO())

    message = str(refused.value)
    assert "REDIS_URL" in message and "redis.internal:6379/1" in message and "a file lock" in message
    assert fake_edgar_settings.stats()["requests"] == 0
    assert not Filing.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_redis_client_while_processes_of_its_identity_use_a_file_lock(fake_edgar, tmp_path):
    services.rate_budget_check(client=client_for(fake_edgar, tmp_path))  # a command on the file lock, running

    with pytest.raises(EdgarConfigurationError, match="REDIS_URL"):
        services.rate_budget_check(client=client_for(fake_edgar, tmp_path, rate_limiter=RedisRateLimiter(WORKERS_REDIS)))


@pytest.mark.django_db
def test_it_lets_every_process_on_the_same_limiter_share_the_budget(fake_edgar, tmp_path):
    first = client_for(fake_edgar, tmp_path, rate_limiter=RedisRateLimiter(WORKERS_REDIS))
    second = client_for(fake_edgar, tmp_path / "other", rate_limiter=RedisRateLimiter(WORKERS_REDIS))

    services.rate_budget_check(client=first)
    services.rate_budget_check(client=second)

    budget = EdgarRateBudget.objects.get(identity=TEST_USER_AGENT)
    assert budget.backend == "redis" and "redis.internal:6379/1" in budget.location


@pytest.mark.django_db
def test_it_hands_a_budget_idle_for_long_enough_to_another_limiter(settings, fake_edgar, tmp_path):
    settings.EDGAR_RATE_BUDGET_IDLE_SECONDS = 600
    services.rate_budget_check(client=client_for(fake_edgar, tmp_path, rate_limiter=RedisRateLimiter(WORKERS_REDIS)))
    EdgarRateBudget.objects.update(seen_at=timezone.now() - timedelta(seconds=601))

    services.rate_budget_check(client=client_for(fake_edgar, tmp_path))

    assert EdgarRateBudget.objects.get(identity=TEST_USER_AGENT).backend == "file"


@pytest.mark.django_db
def test_it_keeps_separate_identities_apart(fake_edgar, tmp_path):
    services.rate_budget_check(client=client_for(fake_edgar, tmp_path, rate_limiter=RedisRateLimiter(WORKERS_REDIS)))

    other = client_for(fake_edgar, tmp_path, user_agent="Another Firm LLP ops@another.example")
    services.rate_budget_check(client=other)

    assert dict(EdgarRateBudget.objects.values_list("identity", "backend")) == {
        TEST_USER_AGENT: "redis",
        "Another Firm LLP ops@another.example": "file",
    }


@pytest.mark.django_db
def test_it_refuses_a_task_whose_settings_give_it_a_budget_of_its_own(settings, fake_edgar, tmp_path):
    settings.EDGAR_USER_AGENT = TEST_USER_AGENT
    settings.EDGAR_ARCHIVES_URL, settings.EDGAR_DATA_URL = fake_edgar.archives_url, fake_edgar.data_url
    settings.VAR_DIR, settings.REDIS_URL = tmp_path, ""
    services.rate_budget_check(client=client_for(fake_edgar, tmp_path, rate_limiter=RedisRateLimiter(WORKERS_REDIS)))
    client = EdgarClient.from_settings()
    assert isinstance(client.rate_limiter, FileRateLimiter)

    with pytest.raises(EdgarConfigurationError, match="REDIS_URL"):
        services.ingestion_run_fetch_one(client=client, filing_id=1)
