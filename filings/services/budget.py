"""One EDGAR rate budget per identity: every process sending as one EDGAR_USER_AGENT counts its requests
in the same limiter, whatever kind of process it is (worker, beat, command line, web).

SEC counts one user's requests across all of its machines. A process whose limiter is not its
fleet's (a command run without REDIS_URL beside workers that use Redis) would spend a budget of
its own and together they would go over. So the database every process shares records which
limiter each identity uses: the first process records its own, later ones must match it, and
one of another kind is refused until the recorded one has been idle for EDGAR_RATE_BUDGET_IDLE_SECONDS.
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from filings.edgar.client import EdgarClient
from filings.edgar.errors import EdgarConfigurationError
from filings.models import EdgarRateBudget
from filings.services.processes import process_identity

# A process in use confirms its record this often, so a busy fleet's record never looks idle.
_RECHECK_SECONDS = 60


def rate_budget_check(*, client: EdgarClient) -> None:
    """Refuse a client whose rate limiter is not the one its EDGAR identity's other processes use.

    Raises EdgarConfigurationError naming the setting to change. Cheap to call often: it asks the
    database at most once a minute per client.
    """
    if client.budget_checked_at is not None and time.monotonic() - client.budget_checked_at < _RECHECK_SECONDS:
        return
    backend, location = client.rate_limiter.describe()
    if backend == "none":
        # No limiter at all (EDGAR_RATE_LIMIT=0): only ever aimed at the fake EDGAR in benchmarks.
        client.budget_checked_at = time.monotonic()
        return
    for _ in range(3):
        if _claim_budget(identity=client.user_agent, backend=backend, location=location):
            client.budget_checked_at = time.monotonic()
            return
    raise EdgarConfigurationError(
        f"EDGAR_USER_AGENT {client.user_agent!r}: its rate budget changed hands three times at once; try again"
    )


def _claim_budget(*, identity: str, backend: str, location: str) -> bool:
    now = timezone.now()
    mine = {"backend": backend, "location": location, "process": process_identity(), "seen_at": now}
    record, created = EdgarRateBudget.objects.get_or_create(identity=identity, defaults=mine)
    if created:
        return True
    same = (record.backend, record.location) == (backend, location)
    idle = record.seen_at < now - timedelta(seconds=settings.EDGAR_RATE_BUDGET_IDLE_SECONDS)
    if not same and not idle:
        raise EdgarConfigurationError(_mismatch(identity=identity, record=record, backend=backend, location=location))
    # Only if nobody took it over meanwhile: two processes of different kinds never both win.
    return bool(EdgarRateBudget.objects.filter(pk=record.pk, backend=record.backend, location=record.location).update(**mine))


def _mismatch(*, identity: str, record: EdgarRateBudget, backend: str, location: str) -> str:
    ago = max(0, int((timezone.now() - record.seen_at).total_seconds()))
    return (
        f"EDGAR_USER_AGENT {identity!r} already counts its requests in {_describe(record.backend, record.location)}, "
        f"used {ago} s ago by process {record.process}; this process would count them in "
        f"{_describe(backend, location)}, a budget of its own, and together they would exceed SEC's limit. "
        "Give every process the same REDIS_URL (set it here, or unset it there), then run again; "
        f"or wait until that budget has been idle for EDGAR_RATE_BUDGET_IDLE_SECONDS "
        f"({settings.EDGAR_RATE_BUDGET_IDLE_SECONDS:.0f} s)."
    )


def _describe(backend: str, location: str) -> str:
    if backend == "redis":
        return f"Redis ({location})"
    if backend == "file":
        return f"a file lock under VAR_DIR on {location}"
    return f"{backend} {location}".strip()
