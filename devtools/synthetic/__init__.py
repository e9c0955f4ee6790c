"""Synthetic SEC correspondence: an EDGAR-shaped mirror plus ground truth, for demos, tests and benchmarks."""

from __future__ import annotations

from devtools.synthetic.generator import MirrorSummary, generate_mirror

__all__ = ["MirrorSummary", "generate_mirror"]
