"""The EDGAR HTTP client: the one place that sends requests to www.sec.gov and data.sec.gov."""

from __future__ import annotations

import os
import random
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

import requests
from django.conf import settings

from filings.edgar.errors import (
    USER_AGENT_HELP,
    DocumentTooLargeError,
    EdgarConfigurationError,
    NotOnEdgarError,
    PermanentEdgarError,
    RateLimitedError,
    TransientEdgarError,
)
from filings.edgar.ratelimit import RateLimiter, rate_limiter_from_settings

# Backoff never sleeps longer than this between two tries (except SEC's rate block).
MAX_BACKOFF_SECONDS = 60.0
# Error pages are small; read only this much of one to recognise it.
ERROR_BODY_BYTES = 256 * 1024
CHUNK_BYTES = 64 * 1024
# Archives files are immutable once published, so a cached copy never goes stale.
IMMUTABLE_PREFIX = "/Archives/edgar/data/"

_EMAIL = re.compile(r"[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+")
_ACCESSION = re.compile(r"\d{10}-\d{2}-\d{6}")
_SUBMISSIONS_NAME = re.compile(r"CIK\d{10}(-submissions-\d+)?\.json")


def user_agent_problem(user_agent: str) -> str | None:
    """Why SEC would refuse this User-Agent, or None when it looks like "Company Name email@domain"."""
    words = (user_agent or "").split()
    if not words:
        return "EDGAR_USER_AGENT is empty"
    if not any(_EMAIL.fullmatch(w) for w in words):
        return f"EDGAR_USER_AGENT {user_agent!r} has no contact email"
    if all(_EMAIL.fullmatch(w) for w in words):
        return f"EDGAR_USER_AGENT {user_agent!r} has no company name"
    return None


class EdgarClient:
    def __init__(
        self,
        *,
        archives_url: str,
        data_url: str,
        user_agent: str,
        rate_limiter: RateLimiter,
        timeout: float = 30,
        max_retries: int = 6,
        backoff_base: float = 1.0,
        rate_block_seconds: float = 600,
        cache_dir: Path | None = None,
        max_bytes: int = 50 * 2**20,
        retry_after_cap: float = 60,
        deadline: float | None = None,
    ) -> None:
        problem = user_agent_problem(user_agent)
        if problem:
            raise EdgarConfigurationError(f"{problem}: {USER_AGENT_HELP}")
        self.archives_url = archives_url.rstrip("/")
        self.data_url = data_url.rstrip("/")
        self.user_agent = user_agent.strip()
        self.rate_limiter = rate_limiter
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.rate_block_seconds = rate_block_seconds
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.max_bytes = max_bytes
        # A Retry-After longer than this is not slept through: the request fails as "retry later".
        self.retry_after_cap = retry_after_cap
        # time.monotonic() past which the client never sleeps (a task's time limit); None: no limit.
        self.deadline = deadline
        # When the services last checked this client shares its identity's one rate budget.
        self.budget_checked_at: float | None = None
        self.requests_made = 0
        # One session: keep-alive saves a TLS handshake per request against the real EDGAR.
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"})

    @classmethod
    def from_settings(cls, **overrides) -> EdgarClient:
        kwargs: dict[str, Any] = {
            "archives_url": settings.EDGAR_ARCHIVES_URL,
            "data_url": settings.EDGAR_DATA_URL,
            "user_agent": settings.EDGAR_USER_AGENT,
            "timeout": settings.EDGAR_TIMEOUT,
            "max_retries": settings.EDGAR_MAX_RETRIES,
            "backoff_base": settings.EDGAR_BACKOFF_BASE,
            "rate_block_seconds": settings.EDGAR_RATE_BLOCK_SECONDS,
            "cache_dir": settings.EDGAR_CACHE_DIR,
            "max_bytes": settings.EDGAR_MAX_DOCUMENT_BYTES,
            "retry_after_cap": settings.EDGAR_RETRY_AFTER_MAX_SECONDS,
        }
        kwargs.update(overrides)
        if "rate_limiter" not in kwargs:
            # Checked first so a missing user agent fails before we touch Redis or VAR_DIR.
            problem = user_agent_problem(kwargs["user_agent"])
            if problem:
                raise EdgarConfigurationError(f"{problem}: {USER_AGENT_HELP}")
            kwargs["rate_limiter"] = rate_limiter_from_settings()
        return cls(**kwargs)

    def close(self) -> None:
        self.session.close()

    # --- requests -------------------------------------------------------------------------------

    @contextmanager
    def deadline_within(self, seconds: float) -> Iterator[None]:
        """Never sleep more than `seconds` from now (nor past an earlier deadline) inside this block."""
        previous = self.deadline
        mine = time.monotonic() + seconds
        self.deadline = mine if previous is None else min(previous, mine)
        try:
            yield
        finally:
            self.deadline = previous

    def get(self, url: str) -> bytes:
        """GET one URL within the shared rate budget, retrying what a retry can fix."""
        last: TransientEdgarError | None = None
        for attempt in range(self.max_retries + 1):
            if last is not None:
                self._sleep(self._backoff(last, attempt - 1), url=url, error=last)
            # Held off by another process (a rate page, a 429): wait with it, unless that runs past the deadline.
            self._check_deadline(self.rate_limiter.blocked_for(), url=url, error=last)
            ticket = self.rate_limiter.acquire()
            self.requests_made += 1
            try:
                return self._send(url)
            except RateLimitedError as exc:
                # Every process shares our IP address with SEC: they all hold off, not only this one.
                self.rate_limiter.block(self.rate_block_seconds)
                last = exc
            except TransientEdgarError as exc:
                if exc.status == 429:
                    self._hold_off_for_429(exc, url=url)
                last = exc
            finally:
                # The answer is back: the request reached SEC no later than now.
                self.rate_limiter.complete(ticket)
        assert last is not None
        raise last

    def _hold_off_for_429(self, error: TransientEdgarError, *, url: str) -> None:
        wait = error.retry_after
        if wait is not None and wait > self.retry_after_cap:
            raise TransientEdgarError(
                f"{url}: EDGAR asked us to wait {wait:.0f} s (429 Retry-After), over the "
                f"{self.retry_after_cap:.0f} s cap (EDGAR_RETRY_AFTER_MAX_SECONDS); released to retry later",
                url=url,
                status=429,
                retry_after=wait,
            ) from error
        # Too many requests from our address, not from this one request: the whole fleet holds off.
        self.rate_limiter.block(wait if wait is not None else self.backoff_base)

    def _sleep(self, seconds: float, *, url: str, error: TransientEdgarError) -> None:
        self._check_deadline(seconds, url=url, error=error)
        time.sleep(seconds)

    def _check_deadline(self, seconds: float, *, url: str, error: TransientEdgarError | None) -> None:
        if seconds <= 0 or self.deadline is None or time.monotonic() + seconds <= self.deadline:
            return
        raise TransientEdgarError(
            f"{url}: would wait {seconds:.0f} s{f' after {error}' if error else ' (rate hold)'}, past this "
            "task's time limit; released to retry later",
            url=url,
            status=error.status if error else None,
            retry_after=seconds,
        ) from error

    def _backoff(self, error: TransientEdgarError, attempt: int) -> float:
        if isinstance(error, RateLimitedError):
            # SEC keeps blocking for a while; knocking again sooner only prolongs it.
            return self.rate_block_seconds
        if error.retry_after is not None:
            return error.retry_after
        # Full jitter: spreads the retries of many workers instead of synchronising them.
        return random.uniform(0, min(MAX_BACKOFF_SECONDS, self.backoff_base * 2**attempt))

    def _send(self, url: str) -> bytes:
        try:
            response = self.session.get(url, timeout=self.timeout, stream=True)
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise TransientEdgarError(f"{url}: {type(exc).__name__}: {exc}", url=url) from exc
        except requests.RequestException as exc:
            raise PermanentEdgarError(f"{url}: cannot request: {exc}", url=url) from exc
        with response:
            if response.status_code == 200:
                return self._read(response, url, limit=self.max_bytes)
            body = self._read(response, url, limit=ERROR_BODY_BYTES, truncate=True)
            raise classify_error(response.status_code, body, url=url, retry_after=response.headers.get("Retry-After"))

    def _read(self, response: requests.Response, url: str, *, limit: int, truncate: bool = False) -> bytes:
        length = response.headers.get("Content-Length")
        encoded = bool(response.headers.get("Content-Encoding"))
        if not truncate and length and not encoded and int(length) > limit:
            raise DocumentTooLargeError(f"{url}: {int(length):,} bytes is over the {limit:,}-byte cap", url=url, status=200)
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(CHUNK_BYTES):
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    if truncate:
                        break
                    # Stop reading: the rest would only fill memory.
                    raise DocumentTooLargeError(f"{url}: body is over the {limit:,}-byte cap", url=url, status=200)
        except (
            requests.ConnectionError,
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError,
        ) as exc:
            raise TransientEdgarError(f"{url}: body cut short: {exc}", url=url, status=response.status_code) from exc
        body = b"".join(chunks)
        if not truncate and length and not encoded and len(body) != int(length):
            raise TransientEdgarError(f"{url}: got {len(body)} of {int(length)} bytes", url=url, status=response.status_code)
        return body

    # --- EDGAR resources ------------------------------------------------------------------------

    def archive(self, path: str) -> bytes:
        """A file under www.sec.gov, e.g. "/Archives/edgar/data/320193/000032019324000061/0000320193-24-000061.txt"."""
        path = _safe_path(path)
        cached = self._cache_path(path)
        if cached is not None and cached.is_file():
            return cached.read_bytes()
        body = self.get(self.archives_url + path)
        if cached is not None:
            _write_atomic(cached, body)
        return body

    def daily_index(self, *, kind: str, day: date) -> bytes | None:
        """The daily index ("form", "master", "company"), or None when EDGAR has none that day (weekend, holiday)."""
        if kind not in {"form", "master", "company", "crawler", "sitemap"}:
            raise ValueError(f"unknown daily index kind {kind!r}")
        quarter = (day.month - 1) // 3 + 1
        try:
            return self.archive(f"/Archives/edgar/daily-index/{day.year}/QTR{quarter}/{kind}.{day:%Y%m%d}.idx")
        except NotOnEdgarError:
            return None

    def submissions(self, *, cik: int) -> bytes:
        # Never cached: it changes with every new filing.
        return self.get(f"{self.data_url}/submissions/CIK{int(cik):010d}.json")

    def submissions_page(self, *, name: str) -> bytes:
        """An older page named in filings.files, e.g. "CIK0000749647-submissions-001.json"."""
        if not _SUBMISSIONS_NAME.fullmatch(name):
            raise PermanentEdgarError(f"{name!r} is not a submissions page name", url="")
        return self.get(f"{self.data_url}/submissions/{name}")

    def complete_submission(self, *, cik: int, accession_number: str) -> bytes | None:
        """The complete submission .txt, or None when EDGAR does not serve it (the caller falls back to the folder)."""
        try:
            return self.archive(f"{_folder(cik, accession_number)}/{accession_number}.txt")
        except NotOnEdgarError:
            return None

    def folder_index(self, *, cik: int, accession_number: str) -> bytes:
        return self.archive(f"{_folder(cik, accession_number)}/index.json")

    def document(self, *, cik: int, accession_number: str, filename: str) -> bytes:
        if not filename or "/" in filename or filename in {".", ".."}:
            raise PermanentEdgarError(f"{filename!r} is not a file name in a filing folder", url="")
        return self.archive(f"{_folder(cik, accession_number)}/{filename}")

    def _cache_path(self, path: str) -> Path | None:
        if self.cache_dir is None or not path.startswith(IMMUTABLE_PREFIX):
            return None
        return self.cache_dir / path.lstrip("/")


def classify_error(status: int, body: bytes, *, url: str, retry_after: str | None = None) -> Exception:
    """The error for a non-200 EDGAR answer; its class says whether a retry can help."""
    if status == 403 and b"Request Rate Threshold Exceeded" in body:
        return RateLimitedError(f"{url}: SEC rate threshold exceeded (403); backing off", url=url, status=status)
    if status == 403 and b"Undeclared Automated Tool" in body:
        return EdgarConfigurationError(
            f"{url}: SEC refused our User-Agent as an undeclared automated tool (403): {USER_AGENT_HELP}", url=url, status=status
        )
    if status == 403 and b"<Code>AccessDenied</Code>" in body:
        # EDGAR answers 403, not 404, for a missing Archives path.
        return NotOnEdgarError(f"{url}: not on EDGAR (403 AccessDenied)", url=url, status=status)
    if status == 404:
        return NotOnEdgarError(f"{url}: not on EDGAR (404)", url=url, status=status)
    if status == 429:
        return TransientEdgarError(f"{url}: too many requests (429)", url=url, status=status, retry_after=_seconds(retry_after))
    if status >= 500 or status == 408:
        return TransientEdgarError(f"{url}: server error ({status}); a retry may help", url=url, status=status)
    return PermanentEdgarError(f"{url}: unexpected status {status}", url=url, status=status)


def _seconds(retry_after: str | None) -> float | None:
    try:
        return max(0.0, float(retry_after)) if retry_after else None
    except ValueError:
        return None  # an HTTP date: rare from EDGAR, the normal backoff will do


def _folder(cik: int, accession_number: str) -> str:
    if not _ACCESSION.fullmatch(accession_number):
        raise PermanentEdgarError(f"{accession_number!r} is not an accession number (##########-##-######)", url="")
    return f"/Archives/edgar/data/{int(cik)}/{accession_number.replace('-', '')}"


def _safe_path(path: str) -> str:
    if not path.startswith("/"):
        path = "/" + path
    if ".." in PurePosixPath(path).parts:
        raise PermanentEdgarError(f"{path!r}: '..' is not allowed in an EDGAR path", url="")
    return path


def _write_atomic(target: Path, data: bytes) -> None:
    # Write beside the target, then rename: readers in other processes never see half a file.
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
