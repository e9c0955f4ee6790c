from __future__ import annotations

import multiprocessing
import os
import time
import uuid
from pathlib import Path

import pytest

from filings.edgar.ratelimit import (
    FileRateLimiter,
    NullRateLimiter,
    RedisRateLimiter,
    rate_limiter_from_settings,
    window_for,
)

PROCESSES = 4
RUN_SECONDS = 3.0


def max_in_any_window(starts: list[float], window: float = 1.0) -> int:
    """The most starts inside any half-open window [t, t + window)."""
    starts = sorted(starts)
    best, first = 0, 0
    for last, t in enumerate(starts):
        while t - starts[first] >= window:
            first += 1
        best = max(best, last - first + 1)
    return best


def _hammer(make_limiter, start_at: float, stop_at: float, queue) -> None:  # noqa: ANN001
    limiter = make_limiter()
    starts = []
    time.sleep(max(0.0, start_at - time.time()))
    while True:
        limiter.acquire()
        now = time.time()
        if now >= stop_at:
            break
        starts.append(now)
    queue.put(starts)


def hammer_from_processes(make_limiter) -> list[float]:  # noqa: ANN001
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    start_at = time.time() + 0.3
    stop_at = start_at + RUN_SECONDS
    workers = [ctx.Process(target=_hammer, args=(make_limiter, start_at, stop_at, queue)) for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    starts = [t for _ in workers for t in queue.get(timeout=RUN_SECONDS + 30)]
    for worker in workers:
        worker.join(timeout=10)
    return starts


class _FileLimiterFactory:
    def __init__(self, path: Path, rate: float) -> None:
        self.path, self.rate = path, rate

    def __call__(self) -> FileRateLimiter:
        return FileRateLimiter(self.path, rate=self.rate)


class _RedisLimiterFactory:
    def __init__(self, url: str, key: str, rate: float) -> None:
        self.url, self.key, self.rate = url, key, rate

    def __call__(self) -> RedisRateLimiter:
        return RedisRateLimiter(self.url, key=self.key, rate=self.rate)


@pytest.fixture(scope="module")
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        pytest.skip("REDIS_URL is not set: the Redis rate limiter needs a server (CI provides one on 127.0.0.1:6379)")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        pytest.skip(f"no Redis reachable at REDIS_URL={url}: {exc}")
    return url


# One run per backend feeds two tests: the run takes seconds, and each test checks one property of it.
@pytest.fixture(scope="module")
def file_starts(tmp_path_factory: pytest.TempPathFactory) -> list[float]:
    return hammer_from_processes(_FileLimiterFactory(tmp_path_factory.mktemp("ratelimit") / "limit.state", rate=10))


@pytest.fixture(scope="module")
def redis_starts(redis_url: str) -> list[float]:
    return hammer_from_processes(_RedisLimiterFactory(redis_url, f"test:edgar:ratelimit:{uuid.uuid4()}", rate=10))


@pytest.mark.slow
def test_it_never_lets_processes_sharing_a_file_exceed_the_rate_in_any_second(file_starts: list[float]) -> None:
    assert max_in_any_window(file_starts) <= 10


@pytest.mark.slow
def test_it_lets_processes_sharing_a_file_use_at_least_90_percent_of_the_rate(file_starts: list[float]) -> None:
    assert len(file_starts) >= 0.9 * 10 * RUN_SECONDS


@pytest.mark.slow
def test_it_never_lets_processes_sharing_redis_exceed_the_rate_in_any_second(redis_starts: list[float]) -> None:
    assert max_in_any_window(redis_starts) <= 10


@pytest.mark.slow
def test_it_lets_processes_sharing_redis_use_at_least_90_percent_of_the_rate(redis_starts: list[float]) -> None:
    assert len(redis_starts) >= 0.9 * 10 * RUN_SECONDS


def test_it_keeps_a_fractional_rate_under_its_floor_in_any_second(tmp_path: Path) -> None:
    limiter = FileRateLimiter(tmp_path / "limit.state", rate=2.5)
    starts = []
    for _ in range(3):
        limiter.acquire()
        starts.append(time.time())

    assert max_in_any_window(starts) <= 2


def test_it_keeps_the_rate_when_every_request_comes_from_a_new_limiter(tmp_path: Path) -> None:
    # A client, and its limiter, is made per task; a new one may take a dropped one's place in memory.
    starts = []
    for _ in range(8):
        limiter = FileRateLimiter(tmp_path / "limit.state", rate=2.5)
        ticket = limiter.acquire()
        starts.append(time.time())
        limiter.complete(ticket)
        del limiter

    assert max_in_any_window(starts) <= 2


def test_it_spaces_requests_two_seconds_apart_at_half_a_request_per_second() -> None:
    assert window_for(0.5) == (1, 2.0)


def test_it_refuses_a_rate_that_is_not_positive() -> None:
    with pytest.raises(ValueError):
        window_for(0)


def test_it_starts_afresh_when_the_state_file_is_corrupt(tmp_path: Path) -> None:
    state = tmp_path / "limit.state"
    state.write_bytes(b"not a timestamp\n\x00\x01")
    limiter = FileRateLimiter(state, rate=10)

    began = time.monotonic()
    limiter.acquire()

    assert time.monotonic() - began < 0.5


def test_it_uses_the_file_limiter_when_no_redis_is_configured(settings, tmp_path: Path) -> None:  # noqa: ANN001
    settings.REDIS_URL = ""
    settings.VAR_DIR = tmp_path
    settings.EDGAR_RATE_LIMIT = 10

    assert isinstance(rate_limiter_from_settings(), FileRateLimiter)


def test_it_uses_the_redis_limiter_when_redis_is_configured(settings) -> None:  # noqa: ANN001
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # never contacted: constructing does not connect
    settings.EDGAR_RATE_LIMIT = 10

    assert isinstance(rate_limiter_from_settings(), RedisRateLimiter)


def test_it_turns_the_limit_off_when_the_rate_is_zero(settings) -> None:  # noqa: ANN001
    settings.EDGAR_RATE_LIMIT = 0

    assert isinstance(rate_limiter_from_settings(), NullRateLimiter)


def _time_to_acquire(limiter) -> float:  # noqa: ANN001
    began = time.monotonic()
    limiter.acquire()
    return time.monotonic() - began


def test_it_holds_every_process_sharing_a_file_while_sec_blocks_us(tmp_path: Path) -> None:
    blocked, other = FileRateLimiter(tmp_path / "rate", rate=10), FileRateLimiter(tmp_path / "rate", rate=10)

    blocked.block(0.4)

    assert _time_to_acquire(other) >= 0.35
    assert _time_to_acquire(other) < 0.2  # the block is over for everyone


def test_it_holds_every_process_sharing_redis_while_sec_blocks_us(redis_url: str) -> None:
    key = f"test:edgar:ratelimit:{uuid.uuid4()}"
    blocked, other = RedisRateLimiter(redis_url, key, rate=10), RedisRateLimiter(redis_url, key, rate=10)

    blocked.block(0.4)

    assert _time_to_acquire(other) >= 0.35
    assert _time_to_acquire(other) < 0.2


def _counts_a_request_from_its_completion(limiter) -> None:  # noqa: ANN001
    began = time.monotonic()
    late, *prompt = [limiter.acquire() for _ in range(10)]
    for ticket in prompt:
        limiter.complete(ticket)
    time.sleep(0.3)  # the first request's answer (a send delayed on a loaded machine) is back only now
    limiter.complete(late)

    for _ in range(10):
        limiter.complete(limiter.acquire())

    # The first may have reached SEC as late as 0.3 s: the tenth after it waits a window from then.
    assert time.monotonic() - began >= 1.3


def test_it_counts_a_request_from_its_completion_with_the_file_lock(tmp_path: Path) -> None:
    _counts_a_request_from_its_completion(FileRateLimiter(tmp_path / "limit.state", rate=10))


def test_it_counts_a_request_from_its_completion_with_redis(redis_url: str) -> None:
    _counts_a_request_from_its_completion(RedisRateLimiter(redis_url, f"test:edgar:ratelimit:{uuid.uuid4()}", rate=10))
