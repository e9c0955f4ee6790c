"""Synthetic SEC correspondence: an EDGAR-shaped mirror plus ground truth, for demos, tests and benchmarks.

world (companies, filings, calendar) -> scenarios (reviews and their letters, ground truth; wording
from drafting, topics, wording, people) -> rendering (text, HTML, PDF, SGML) -> mirror (files on disk).
"""

from __future__ import annotations

from devtools.synthetic.mirror import MirrorSummary, generate_mirror

__all__ = ["MirrorSummary", "generate_mirror"]
