"""Synthetic SEC correspondence: an EDGAR-shaped mirror plus ground truth, for demos, tests and benchmarks.

world (companies from company_profiles, filings, accession numbers; dates on business_calendar) ->
scenarios (the kinds of review) -> review_rounds (responses and follow-ups) -> review_letters (each
letter and its ground truth; wording from drafting, topics, wording, people) -> rendering (text, HTML,
PDF, SGML) -> mirror (files on disk).
"""

from __future__ import annotations

from devtools.synthetic.mirror import MirrorSummary, generate_mirror

__all__ = ["MirrorSummary", "generate_mirror"]
