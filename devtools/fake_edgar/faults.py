"""Faults the fake EDGAR injects on demand: rate pages, outages, slow and cut-short bodies, resets, bad index rows."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

# "reset": the connection is dropped with a TCP reset before any answer, as a flaky network does.
FAULT_KINDS = {"429", "503", "slow", "truncate", "malformed_index", "reset"}
# Rows no index parser should accept: too short, a CIK that is not a number, an impossible date.
MALFORMED_ROWS = (
    "CORRESP     ROW CUT SHORT BY THE FAKE\n",
    "UPLOAD      FAKE BAD CIK CORP                                             NOT-A-CIK   2024-01-02  edgar/data/x/0000000000-24-000000.txt\n",
    "CORRESP|FAKE BAD DATE CORP|1234567|2024-13-45|edgar/data/1234567/0001234567-24-000001.txt\n",
)


@dataclass
class Fault:
    kind: str  # "429" | "503" | "slow" | "truncate" | "malformed_index" | "reset"
    path_contains: str = ""
    # Without a share: this many requests in all. With one: this many for each path it picked.
    times: int = 1
    retry_after: float = 1
    delay: float = 2.0
    # A share of the matching paths (0 to 1), picked by a stable hash of seed and path, so a run
    # can be repeated with the same faults on the same paths.
    share: float | None = None
    seed: int = 0
    served: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; one of {sorted(FAULT_KINDS)}")
        if self.share is not None and not 0 <= self.share <= 1:
            raise ValueError(f"share must be between 0 and 1, got {self.share!r}")

    def matches(self, path: str) -> bool:
        if self.path_contains not in path:
            return False
        # A malformed index only makes sense on an index.
        if self.kind == "malformed_index" and not path.endswith(".idx"):
            return False
        if self.share is None:
            return self.times > 0
        return self.served.get(path, 0) < self.times and self._picks(path)

    def take(self, path: str) -> None:
        """Count one faulty answer on `path`."""
        if self.share is None:
            self.times -= 1
        else:
            self.served[path] = self.served.get(path, 0) + 1

    def _picks(self, path: str) -> bool:
        digest = hashlib.sha256(f"{self.seed}:{self.kind}:{path}".encode()).digest()
        return int.from_bytes(digest[:8], "big") / 2**64 < (self.share or 0)


def malformed_index(index: bytes) -> bytes:
    """The index with MALFORMED_ROWS spliced into the middle of its rows."""
    lines = index.decode("latin-1").splitlines(keepends=True)
    # After the dashed rule under the column headings, or at the end when there is none.
    at = next((i + 1 for i, line in enumerate(lines) if line.startswith("-----")), len(lines))
    middle = min(len(lines), at + max(0, (len(lines) - at) // 2))
    return "".join([*lines[:middle], *MALFORMED_ROWS, *lines[middle:]]).encode("latin-1")
