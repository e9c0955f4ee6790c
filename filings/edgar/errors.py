"""EDGAR errors. Each says whether a retry can help (`retryable`): tasks auto-retry only the transient kind."""

from __future__ import annotations

USER_AGENT_HELP = 'set EDGAR_USER_AGENT="Company Name email@domain" (SEC fair access requires a company name and a contact email)'


class EdgarError(Exception):
    retryable: bool = False

    def __init__(self, message: str, *, url: str = "", status: int | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.status = status


class TransientEdgarError(EdgarError):
    """429, 5xx, connection errors, timeouts, truncated bodies: the same request may succeed later."""

    retryable = True

    def __init__(self, message: str, *, url: str = "", status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message, url=url, status=status)
        # Seconds the server asked us to wait (429 Retry-After), when it said.
        self.retry_after = retry_after


class RateLimitedError(TransientEdgarError):
    """SEC's 403 "Request Rate Threshold Exceeded": the client is blocked for a while (about 10 minutes)."""


class PermanentEdgarError(EdgarError):
    """Retrying the same request cannot help."""

    retryable = False


class NotOnEdgarError(PermanentEdgarError):
    """The path is not on EDGAR (403 AccessDenied for Archives, 404 NoSuchKey for data.sec.gov)."""


class EdgarConfigurationError(PermanentEdgarError):
    """Our identity is missing or refused: fix the configuration, then run again."""


class DocumentTooLargeError(PermanentEdgarError):
    """The body is over the configured size cap (EDGAR_MAX_DOCUMENT_BYTES)."""
