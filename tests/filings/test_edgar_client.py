from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
import requests

from devtools.fake_edgar.server import FakeEdgar, Fault
from filings.edgar.client import EdgarClient
from filings.edgar.errors import (
    DocumentTooLargeError,
    EdgarConfigurationError,
    NotOnEdgarError,
    TransientEdgarError,
)
from filings.edgar.ratelimit import NullRateLimiter
from tests.plugins.fake_edgar import TEST_RATE_BLOCK_SECONDS, TEST_USER_AGENT, client_for, use_fake_edgar

APPLE = 320193
APPLE_CORRESP = "0000320193-24-000061"
APPLE_CORRESP_TXT = f"/Archives/edgar/data/{APPLE}/000032019324000061/{APPLE_CORRESP}.txt"
FORD = 37996
FORD_LETTER = "0000000000-18-011647"
FORD_LETTER_FOLDER = f"/Archives/edgar/data/{FORD}/000000000018011647"
FORD_LETTER_PDF = f"{FORD_LETTER_FOLDER}/filename1.pdf"


def sample_bytes(sample: Path, host: str, path: str) -> bytes:
    return (sample / host / path.lstrip("/")).read_bytes()


@pytest.mark.parametrize("kind", ["429", "503"])
def test_it_retries_a_refused_request_until_it_succeeds(
    kind: str, fake_edgar: FakeEdgar, edgar_client: EdgarClient, edgar_sample_dir: Path
) -> None:
    fake_edgar.inject(Fault(kind, path_contains=APPLE_CORRESP_TXT, times=2, retry_after=0.05))

    body = edgar_client.archive(APPLE_CORRESP_TXT)

    assert body == sample_bytes(edgar_sample_dir, "www.sec.gov", APPLE_CORRESP_TXT)
    assert edgar_client.requests_made == 3


def test_it_retries_a_response_too_slow_for_its_timeout(fake_edgar: FakeEdgar, tmp_path: Path, edgar_sample_dir: Path) -> None:
    client = client_for(fake_edgar, tmp_path, timeout=0.3)
    fake_edgar.inject(Fault("slow", path_contains=APPLE_CORRESP_TXT, delay=1.0))

    body = client.archive(APPLE_CORRESP_TXT)

    assert body == sample_bytes(edgar_sample_dir, "www.sec.gov", APPLE_CORRESP_TXT)
    assert client.requests_made == 2


# The PDF is sent as is (Content-Length mismatch); the .txt is gzipped (the stream breaks).
@pytest.mark.parametrize("path", [FORD_LETTER_PDF, APPLE_CORRESP_TXT])
def test_it_retries_a_truncated_body(path: str, fake_edgar: FakeEdgar, edgar_client: EdgarClient, edgar_sample_dir: Path) -> None:
    fake_edgar.inject(Fault("truncate", path_contains=path))

    body = edgar_client.archive(path)

    assert body == sample_bytes(edgar_sample_dir, "www.sec.gov", path)
    assert edgar_client.requests_made == 2


def test_it_waits_as_long_as_retry_after_says(fake_edgar: FakeEdgar, edgar_client: EdgarClient) -> None:
    fake_edgar.inject(Fault("429", path_contains=APPLE_CORRESP_TXT, retry_after=0.6))

    began = time.monotonic()
    edgar_client.archive(APPLE_CORRESP_TXT)

    assert time.monotonic() - began >= 0.6


def test_it_raises_the_last_transient_error_when_retries_run_out(fake_edgar: FakeEdgar, tmp_path: Path) -> None:
    client = client_for(fake_edgar, tmp_path, max_retries=2)
    fake_edgar.inject(Fault("503", path_contains=APPLE_CORRESP_TXT, times=10))

    with pytest.raises(TransientEdgarError) as raised:
        client.archive(APPLE_CORRESP_TXT)

    assert (raised.value.status, raised.value.retryable, client.requests_made) == (503, True, 3)


def test_it_backs_off_after_the_rate_threshold_page_then_succeeds(
    fake_edgar: FakeEdgar, edgar_client: EdgarClient, edgar_sample_dir: Path
) -> None:
    # Another tool on the same machine floods EDGAR and gets our address blocked.
    with requests.Session() as flood:
        for _ in range(12):
            flood.get(f"{fake_edgar.data_url}/submissions/CIK0000320193.json", headers={"User-Agent": TEST_USER_AGENT})

    began = time.monotonic()
    body = edgar_client.submissions(cik=APPLE)

    assert body == sample_bytes(edgar_sample_dir, "data.sec.gov", "/submissions/CIK0000320193.json")
    assert time.monotonic() - began >= TEST_RATE_BLOCK_SECONDS
    assert edgar_client.requests_made == 2


def test_it_holds_other_clients_sharing_its_limit_after_the_rate_threshold_page(fake_edgar: FakeEdgar, tmp_path: Path) -> None:
    with requests.Session() as flood:
        for _ in range(12):
            flood.get(f"{fake_edgar.data_url}/submissions/CIK0000320193.json", headers={"User-Agent": TEST_USER_AGENT})
    blocked = client_for(fake_edgar, tmp_path)
    other = client_for(fake_edgar, tmp_path)  # same limiter state file: another worker on this machine
    assert blocked.rate_limiter.path == other.rate_limiter.path

    began = time.time()
    blocked.submissions(cik=APPLE)  # meets the rate page, tells the shared limiter, waits it out

    # The other worker was told to hold off for as long as SEC blocks the address.
    assert other.rate_limiter._blocked_until() >= began + TEST_RATE_BLOCK_SECONDS


def test_it_raises_not_on_edgar_for_a_missing_archives_path_without_retrying(edgar_client: EdgarClient) -> None:
    with pytest.raises(NotOnEdgarError) as raised:
        edgar_client.archive(f"/Archives/edgar/data/{APPLE}/000032019399999999/missing.htm")

    assert (raised.value.status, edgar_client.requests_made) == (403, 1)


def test_it_raises_not_on_edgar_for_an_unknown_submissions_cik_without_retrying(edgar_client: EdgarClient) -> None:
    with pytest.raises(NotOnEdgarError) as raised:
        edgar_client.submissions(cik=1)

    assert (raised.value.status, edgar_client.requests_made) == (404, 1)


def test_it_raises_a_configuration_error_when_edgar_calls_it_an_undeclared_tool(edgar_client: EdgarClient) -> None:
    # As if SEC stopped accepting the identity we were configured with.
    edgar_client.session.headers["User-Agent"] = "python-requests"

    with pytest.raises(EdgarConfigurationError, match="EDGAR_USER_AGENT") as raised:
        edgar_client.submissions(cik=APPLE)

    assert (raised.value.retryable, edgar_client.requests_made) == (False, 1)


@pytest.mark.parametrize("user_agent", ["", "   ", "Acme Corp", "ops@acme.example", "Acme Corp ops-at-acme.example"])
def test_it_refuses_to_start_without_a_declared_user_agent(user_agent: str, fake_edgar: FakeEdgar, tmp_path: Path) -> None:
    with pytest.raises(EdgarConfigurationError, match='EDGAR_USER_AGENT="Company Name email@domain"'):
        client_for(fake_edgar, tmp_path, user_agent=user_agent)

    assert fake_edgar.stats()["requests"] == 0


def test_it_refuses_to_start_from_settings_without_a_user_agent(settings, fake_edgar: FakeEdgar) -> None:  # noqa: ANN001
    settings.EDGAR_USER_AGENT = ""
    settings.EDGAR_ARCHIVES_URL = fake_edgar.archives_url

    with pytest.raises(EdgarConfigurationError, match="EDGAR_USER_AGENT"):
        EdgarClient.from_settings()


def test_it_builds_a_working_client_from_settings_pointed_at_the_fake(
    settings, fake_edgar: FakeEdgar, tmp_path: Path, edgar_sample_dir: Path
) -> None:  # noqa: ANN001
    use_fake_edgar(settings, fake_edgar, cache_dir=tmp_path / "cache")
    settings.VAR_DIR = tmp_path
    settings.REDIS_URL = ""

    body = EdgarClient.from_settings().submissions(cik=APPLE)

    assert body == sample_bytes(edgar_sample_dir, "data.sec.gov", "/submissions/CIK0000320193.json")


# The PDF announces its length (refused before reading); the gzipped .txt is cut off while streaming.
@pytest.mark.parametrize("path", [FORD_LETTER_PDF, APPLE_CORRESP_TXT])
def test_it_refuses_a_body_over_the_size_cap(path: str, fake_edgar: FakeEdgar, tmp_path: Path) -> None:
    client = client_for(fake_edgar, tmp_path, max_bytes=10_000)

    with pytest.raises(DocumentTooLargeError):
        client.archive(path)

    assert client.requests_made == 1


def test_it_serves_a_second_fetch_of_an_archives_file_from_its_cache(fake_edgar: FakeEdgar, edgar_client: EdgarClient) -> None:
    first = edgar_client.document(cik=FORD, accession_number=FORD_LETTER, filename="filename1.pdf")
    second = edgar_client.document(cik=FORD, accession_number=FORD_LETTER, filename="filename1.pdf")

    assert second == first
    assert (edgar_client.requests_made, fake_edgar.stats()["requests"]) == (1, 1)


def test_it_fetches_submissions_afresh_every_time(edgar_client: EdgarClient) -> None:
    edgar_client.submissions(cik=APPLE)
    edgar_client.submissions(cik=APPLE)

    assert edgar_client.requests_made == 2


@pytest.mark.slow
def test_it_keeps_a_burst_of_50_requests_within_10_in_any_second(fake_edgar: FakeEdgar, edgar_client: EdgarClient) -> None:
    for _ in range(50):
        edgar_client.submissions(cik=APPLE)

    stats = fake_edgar.stats()
    assert (stats["requests"], stats["rate_limited"]) == (50, 0)
    assert stats["max_in_any_second"] <= 10


def test_it_gets_rate_limited_without_its_limiter(fake_edgar: FakeEdgar, tmp_path: Path) -> None:
    # The counterpart of the burst test: the fake does see a burst that skips the limiter.
    client = client_for(fake_edgar, tmp_path, rate_limiter=NullRateLimiter(), max_retries=0)

    with pytest.raises(TransientEdgarError):
        for _ in range(20):
            client.submissions(cik=APPLE)

    assert fake_edgar.stats()["max_in_any_second"] > 10


def test_it_returns_no_daily_index_for_a_day_edgar_has_none(edgar_client: EdgarClient) -> None:
    assert edgar_client.daily_index(kind="form", day=date(2020, 3, 21)) is None  # a Saturday


def test_it_fetches_a_daily_index_by_kind_and_day(edgar_client: EdgarClient, edgar_sample_dir: Path) -> None:
    body = edgar_client.daily_index(kind="form", day=date(2020, 3, 18))

    assert body == sample_bytes(edgar_sample_dir, "www.sec.gov", "/Archives/edgar/daily-index/2020/QTR1/form.20200318.idx")


def test_it_returns_no_complete_submission_when_edgar_does_not_serve_it(edgar_client: EdgarClient) -> None:
    # The sample keeps this letter's folder but not its .txt.
    assert edgar_client.complete_submission(cik=FORD, accession_number=FORD_LETTER) is None


def test_it_fetches_a_folder_index(edgar_client: EdgarClient, edgar_sample_dir: Path) -> None:
    body = edgar_client.folder_index(cik=FORD, accession_number=FORD_LETTER)

    assert body == sample_bytes(edgar_sample_dir, "www.sec.gov", f"{FORD_LETTER_FOLDER}/index.json")


def test_it_fetches_a_submissions_page(edgar_client: EdgarClient, edgar_sample_dir: Path) -> None:
    body = edgar_client.submissions_page(name="CIK0000749647-submissions-001.json")

    assert body == sample_bytes(edgar_sample_dir, "data.sec.gov", "/submissions/CIK0000749647-submissions-001.json")


def test_it_releases_a_request_whose_retry_after_is_over_the_cap_without_sleeping(fake_edgar: FakeEdgar, tmp_path: Path) -> None:
    client = client_for(fake_edgar, tmp_path, retry_after_cap=5)
    fake_edgar.inject(Fault("429", path_contains=APPLE_CORRESP_TXT, retry_after=3600))

    began = time.monotonic()
    with pytest.raises(TransientEdgarError) as raised:
        client.archive(APPLE_CORRESP_TXT)

    assert time.monotonic() - began < 2
    assert (raised.value.status, raised.value.retry_after, raised.value.retryable) == (429, 3600, True)
    assert "EDGAR_RETRY_AFTER_MAX_SECONDS" in str(raised.value)
    assert client.requests_made == 1


def test_it_holds_off_every_process_sharing_its_limit_after_a_429(fake_edgar: FakeEdgar, tmp_path: Path) -> None:
    told = client_for(fake_edgar, tmp_path)
    other = client_for(fake_edgar, tmp_path)  # another worker on this machine: the same limiter state
    fake_edgar.inject(Fault("429", path_contains=APPLE_CORRESP_TXT, retry_after=0.8))

    began = time.time()
    told.archive(APPLE_CORRESP_TXT)

    assert other.rate_limiter._blocked_until() >= began + 0.75


def test_it_never_sleeps_past_its_deadline(fake_edgar: FakeEdgar, tmp_path: Path) -> None:
    client = client_for(fake_edgar, tmp_path, retry_after_cap=60, deadline=time.monotonic() + 0.5)
    fake_edgar.inject(Fault("429", path_contains=APPLE_CORRESP_TXT, retry_after=5))

    began = time.monotonic()
    with pytest.raises(TransientEdgarError, match="past this task's time limit") as raised:
        client.archive(APPLE_CORRESP_TXT)

    assert time.monotonic() - began < 1.5
    assert raised.value.retry_after == 5


def test_it_waits_for_a_fleet_hold_only_as_long_as_its_deadline_allows(fake_edgar: FakeEdgar, tmp_path: Path) -> None:
    held = client_for(fake_edgar, tmp_path)
    held.rate_limiter.block(30)  # another process met SEC's rate page
    client = client_for(fake_edgar, tmp_path, deadline=time.monotonic() + 1)

    began = time.monotonic()
    with pytest.raises(TransientEdgarError, match="rate hold"):
        client.archive(APPLE_CORRESP_TXT)

    assert time.monotonic() - began < 1 and fake_edgar.stats()["requests"] == 0


def test_it_retries_a_connection_reset(fake_edgar: FakeEdgar, edgar_client: EdgarClient, edgar_sample_dir: Path) -> None:
    fake_edgar.inject(Fault("reset", path_contains=APPLE_CORRESP_TXT, times=2))

    body = edgar_client.archive(APPLE_CORRESP_TXT)

    assert body == sample_bytes(edgar_sample_dir, "www.sec.gov", APPLE_CORRESP_TXT)
    assert edgar_client.requests_made == 3


def test_it_faults_the_same_share_of_paths_on_every_run(fake_edgar: FakeEdgar, edgar_client: EdgarClient) -> None:
    paths = [f"/Archives/edgar/data/{APPLE}/{n:018d}/x.htm" for n in range(200)]
    picked = {p for p in paths if Fault("503", share=0.25, seed=3).matches(p)}
    again = {p for p in paths if Fault("503", share=0.25, seed=3).matches(p)}

    assert picked == again and 20 < len(picked) < 80
    fault = Fault("503", share=0.25, seed=3, times=2)
    one = next(iter(picked))
    fault.take(one)
    fault.take(one)
    assert not fault.matches(one)  # each picked path fails `times` times, then is served
