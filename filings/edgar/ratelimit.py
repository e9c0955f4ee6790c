"""One EDGAR request budget shared by every process and worker.

SEC fair access allows 10 requests per second per user, across all of its machines, and blocks a
client that goes over for about 10 minutes. Every request the project sends logs its start time
here first, and once its answer is back, moves that entry to the time it completed. The rule is a
sliding-window log: a request may start once the request `limit` positions earlier was logged at
least one window ago. That bounds the count in ANY one-second window, not just in aligned ones,
which is what SEC's counter sees; and since a request reaches SEC after it starts but before its
answer comes back, logging the completion keeps the bound even when a loaded machine delays a send.
"""

from __future__ import annotations

import fcntl
import itertools
import math
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol, cast

import redis
from django.conf import settings

from filings.edgar.errors import TransientEdgarError

# The server counts arrival times, which trail our start times by scheduling and network jitter.
# Logged by start time alone, 15 ms of guard still let 11-12 through on a loaded 2-core machine and
# 50 ms were needed. Logged by completion (never before arrival), a request needs the guard only
# while it is still in flight a whole window after it started.
GUARD_SECONDS = 0.02


class RateLimiter(Protocol):
    def acquire(self) -> object:
        """Block until this process may start one request; returns a ticket for `complete`."""

    def complete(self, ticket: object) -> None:
        """The request of `ticket` has its answer: count it from now, the latest it can have reached SEC."""

    def block(self, seconds: float) -> None:
        """SEC has blocked us: hold every process's requests for `seconds`, since knocking prolongs the block."""

    def blocked_for(self) -> float:
        """Seconds every process sharing this budget must still hold off (0 when free to go)."""

    def describe(self) -> tuple[str, str]:
        """(backend, where): processes share one budget only when both are the same."""


def window_for(rate: float) -> tuple[int, float]:
    """(limit, window seconds) so that no one-second window holds more than `rate` requests.

    10/s is 10 per 1 s; 2.5/s is 2 per 1 s (never 3 in a second); 0.5/s is 1 per 2 s.
    """
    if rate <= 0 or math.isnan(rate):
        raise ValueError(f"rate must be positive, got {rate!r}")
    limit = max(1, math.floor(rate))
    return limit, max(1.0, limit / rate)


def next_start(recent: list[float], *, now: float, limit: int, window: float) -> float:
    """The earliest start allowed after the `recent` starts (sorted, oldest first)."""
    if len(recent) < limit:
        return now
    return max(now, recent[-limit] + window + GUARD_SECONDS)


class NullRateLimiter:
    """No limit at all: only for benchmarks against the fake EDGAR."""

    def acquire(self) -> None:
        return None

    def complete(self, ticket: object) -> None:
        return None

    def block(self, seconds: float) -> None:
        return None

    def blocked_for(self) -> float:
        return 0.0

    def describe(self) -> tuple[str, str]:
        return ("none", "")


_TICKETS = itertools.count(1)


class FileRateLimiter:
    """Processes on one machine share a small state file under VAR_DIR, guarded by flock."""

    def __init__(self, path: Path | str, rate: float = 10.0) -> None:
        self.path = Path(path)
        self.rate = rate
        self.limit, self.window = window_for(rate)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.block_path = self.path.with_name(self.path.name + ".blocked-until")

    def block(self, seconds: float) -> None:
        until = max(time.time() + seconds, self._blocked_until())
        tmp = self.block_path.with_name(f"{self.block_path.name}.{os.getpid()}")
        tmp.write_text(f"{until:.6f}")
        os.replace(tmp, self.block_path)  # atomic: a reader sees the old or the new time, never half

    def _blocked_until(self) -> float:
        try:
            return float(self.block_path.read_text())
        except (OSError, ValueError):
            return 0.0

    def blocked_for(self) -> float:
        return max(0.0, self._blocked_until() - time.time())

    def describe(self) -> tuple[str, str]:
        # A file lock holds only on one machine; which file is the operator's to keep the same (VAR_DIR).
        return ("file", socket.gethostname())

    def acquire(self) -> str:
        while (wait := self._blocked_until() - time.time()) > 0:
            time.sleep(wait)
        # Unique in the process, not per limiter: a client, and its limiter, is made per task, and a new
        # limiter may sit at a dropped one's address; a ticket made from that would stand for both
        # requests, and completing one would drop the other's entry, letting an 11th start in the second.
        ticket = f"{os.getpid()}.{next(_TICKETS)}"
        while True:
            with self._locked() as fd:
                recent = _read_entries(fd)
                now = time.time()
                start = next_start([t for t, _ in recent], now=now, limit=self.limit, window=self.window)
                if start <= now:
                    # Log the moment we actually go, not a slot planned earlier: a process that
                    # wakes late must not bunch up with the next second's requests.
                    _write_entries(fd, [*recent, (now, ticket)], keep=self.limit)
                    return ticket
            # Sleep outside the lock so other processes can check in; then try again.
            time.sleep(start - now)

    def complete(self, ticket: object) -> None:
        with self._locked() as fd:
            recent = [(t, other) for t, other in _read_entries(fd) if other != ticket]
            _write_entries(fd, [*recent, (time.time(), str(ticket))], keep=self.limit)

    @contextmanager
    def _locked(self) -> Iterator[int]:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield fd
        finally:
            os.close(fd)  # closing releases the flock


def _read_entries(fd: int) -> list[tuple[float, str]]:
    os.lseek(fd, 0, os.SEEK_SET)
    raw = b""
    while chunk := os.read(fd, 65536):
        raw += chunk
    try:
        lines = (line.split() for line in raw.decode("ascii").splitlines())
        entries = [(float(parts[0]), parts[1] if len(parts) > 1 else "") for parts in lines if parts]
    except ValueError:  # UnicodeDecodeError is one
        # A torn write from a killed process: forgetting a few starts is safer than never starting.
        return []
    return sorted(entries)


def _write_entries(fd: int, entries: list[tuple[float, str]], *, keep: int) -> None:
    # Only the latest `keep` times decide the next start.
    data = "".join(f"{t:.6f} {ticket}\n" for t, ticket in sorted(entries)[-keep:]).encode()
    # Overwritten in place, then cut to length, never truncated to zero first: ext4 flushes a file
    # truncated to zero and written again when it is closed (auto_da_alloc), which cost 4-12 ms per
    # write here, twice per request and under the lock every process waits on.
    os.pwrite(fd, data, 0)
    os.ftruncate(fd, len(data))


# KEYS[1]: sorted set of recent start times. ARGV: limit, window + guard (seconds).
# Redis TIME is the one clock every machine sees; the script is atomic, so two callers never take
# the same slot. Logs a start and returns "0", or returns the seconds to wait before asking again.
_ACQUIRE_SCRIPT = """
if redis.replicate_commands then pcall(redis.replicate_commands) end
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local recent = redis.call('ZRANGE', key, -limit, -1, 'WITHSCORES')
if #recent >= 2 * limit then
  local wait = tonumber(recent[2]) + window - now
  if wait > 0 then return string.format('%.6f', wait) end
end
local seq = redis.call('INCR', key .. ':seq')
local ticket = string.format('%.6f', now) .. ':' .. seq
redis.call('ZADD', key, now, ticket)
redis.call('ZREMRANGEBYRANK', key, 0, -(limit + 1))
local ttl = math.ceil(window) + 60
redis.call('EXPIRE', key, ttl)
redis.call('EXPIRE', key .. ':seq', ttl)
return 'go ' .. ticket
"""

# KEYS[1]: the same sorted set. ARGV: limit, ticket. Moves the request's entry to now (Redis's clock).
_COMPLETE_SCRIPT = """
if redis.replicate_commands then pcall(redis.replicate_commands) end
local t = redis.call('TIME')
redis.call('ZADD', KEYS[1], tonumber(t[1]) + tonumber(t[2]) / 1000000, ARGV[2])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[1]) + 1))
return 1
"""


class RedisRateLimiter:
    """Processes on any machine share a sorted set in Redis, updated by one atomic Lua script."""

    def __init__(self, url: str, key: str = "edgar:ratelimit", rate: float = 10.0) -> None:
        self.key = key
        self.rate = rate
        self.limit, self.window = window_for(rate)
        self._redis = redis.Redis.from_url(url)
        self._acquire = self._redis.register_script(_ACQUIRE_SCRIPT)
        self._complete = self._redis.register_script(_COMPLETE_SCRIPT)

    def _blocked_ms(self) -> int:
        return cast(int, self._redis.pttl(f"{self.key}:blocked"))  # the client is synchronous: an int, never an awaitable

    def block(self, seconds: float) -> None:
        try:
            # Redis expires the key on its own clock, the one every machine shares. A shorter hold
            # (a 429's Retry-After) must not cut a longer one (SEC's rate block) short.
            ms = max(1, int(seconds * 1000))
            if self._blocked_ms() < ms:
                self._redis.set(f"{self.key}:blocked", "1", px=ms)
        except redis.RedisError as exc:
            raise TransientEdgarError(f"rate limiter unavailable (Redis): {exc}; retry when Redis is back") from exc

    def blocked_for(self) -> float:
        try:
            return max(0.0, self._blocked_ms() / 1000)
        except redis.RedisError as exc:
            raise TransientEdgarError(f"rate limiter unavailable (Redis): {exc}; retry when Redis is back") from exc

    def describe(self) -> tuple[str, str]:
        # Where, never with whom: the location is stored and shown, so no password goes in it.
        kwargs = self._redis.connection_pool.connection_kwargs
        where = kwargs.get("path") or f"{kwargs.get('host', 'localhost')}:{kwargs.get('port', 6379)}"
        return ("redis", f"redis://{where}/{kwargs.get('db', 0)} key {self.key}")

    def acquire(self) -> str:
        while True:
            try:
                blocked_ms = self._blocked_ms()
            except redis.RedisError as exc:
                raise TransientEdgarError(f"rate limiter unavailable (Redis): {exc}; retry when Redis is back") from exc
            if blocked_ms <= 0:
                break
            time.sleep(blocked_ms / 1000)
        while True:
            try:
                answer = self._acquire(keys=[self.key], args=[self.limit, self.window + GUARD_SECONDS]).decode()
            except redis.RedisError as exc:
                raise TransientEdgarError(f"rate limiter unavailable (Redis): {exc}; retry when Redis is back") from exc
            if answer.startswith("go "):
                return answer[3:]
            time.sleep(float(answer))

    def complete(self, ticket: object) -> None:
        try:
            self._complete(keys=[self.key], args=[self.limit, str(ticket)])
        except redis.RedisError:
            pass  # the entry keeps its start time: a little less margin, never a request lost


def rate_limiter_from_settings() -> RateLimiter:
    """Redis when REDIS_URL is set (shared across machines), else a file under VAR_DIR; EDGAR_RATE_LIMIT=0 turns it off."""
    rate = float(settings.EDGAR_RATE_LIMIT)
    if rate <= 0:
        return NullRateLimiter()
    if settings.REDIS_URL:
        return RedisRateLimiter(settings.REDIS_URL, rate=rate)
    return FileRateLimiter(Path(settings.VAR_DIR) / "edgar-ratelimit.state", rate=rate)
