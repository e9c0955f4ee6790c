"""What an extractor gives back, and the one error it raises."""

from __future__ import annotations

from dataclasses import dataclass, field


class ExtractionError(Exception):
    """The document's bytes cannot give text. Permanent: a retry cannot help."""


@dataclass
class Extraction:
    text: str
    emphasis: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, "i"|"b") over text
    extractor: str = ""
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
