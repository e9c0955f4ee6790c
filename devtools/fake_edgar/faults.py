"""Faults the fake EDGAR injects on demand: rate pages, outages, slow and cut-short bodies, bad index rows."""

from __future__ import annotations

from dataclasses import dataclass

FAULT_KINDS = {"429", "503", "slow", "truncate", "malformed_index"}
# Rows no index parser should accept: too short, a CIK that is not a number, an impossible date.
MALFORMED_ROWS = (
    "CORRESP     ROW CUT SHORT BY THE FAKE\n",
    "UPLOAD      FAKE BAD CIK CORP                                             NOT-A-CIK   2024-01-02  edgar/data/x/0000000000-24-000000.txt\n",
    "CORRESP|FAKE BAD DATE CORP|1234567|2024-13-45|edgar/data/1234567/0001234567-24-000001.txt\n",
)


@dataclass
class Fault:
    kind: str  # "429" | "503" | "slow" | "truncate" | "malformed_index"
    path_contains: str = ""
    times: int = 1
    retry_after: float = 1
    delay: float = 2.0

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; one of {sorted(FAULT_KINDS)}")

    def matches(self, path: str) -> bool:
        if self.times <= 0 or self.path_contains not in path:
            return False
        # A malformed index only makes sense on an index.
        return self.kind != "malformed_index" or path.endswith(".idx")


def malformed_index(index: bytes) -> bytes:
    """The index with MALFORMED_ROWS spliced into the middle of its rows."""
    lines = index.decode("latin-1").splitlines(keepends=True)
    # After the dashed rule under the column headings, or at the end when there is none.
    at = next((i + 1 for i, line in enumerate(lines) if line.startswith("-----")), len(lines))
    middle = min(len(lines), at + max(0, (len(lines) - at) // 2))
    return "".join([*lines[:middle], *MALFORMED_ROWS, *lines[middle:]]).encode("latin-1")
