"""Topic taxonomy (documented in docs/topics.md) and the rules that assign topics to comments."""

from __future__ import annotations

import re
from functools import lru_cache

from comments.parser.prefilter import Prefiltered, fold

# (topic, wording pattern, literature prefixes). Order is the order topics are reported in.
_TOPIC_RULES: list[tuple[str, str, tuple[str, ...]]] = [
    (
        "revenue_recognition",
        r"revenue recognition|recogni[sz]e (?:the )?revenue|performance obligation|contracts? with customers|principal versus agent|gross versus net|deferred revenue|disaggregat\w* (?:of )?revenue",
        ("ASC 606", "ASC 605", "SAB Topic 13", "SAB 104"),
    ),
    (
        "non_gaap",
        r"non-gaap|adjusted ebitda|\bebitda\b|free cash flow|regulation g\b|item 10\(e\)",
        ("Regulation G", "Regulation S-K Item 10(e)", "C&DI 100", "C&DI 101", "C&DI 102", "C&DI 103", "C&DI 104"),
    ),
    (
        "mdna",
        r"management'?s discussion|\bmd&a\b|results of operations|liquidity and capital resources|critical accounting (?:policies|estimates)|known trends",
        ("Regulation S-K Item 303",),
    ),
    ("segments", r"\bsegments?\b|chief operating decision maker|\bcodm\b|reportable segment", ("ASC 280",)),
    (
        "loan_losses_credit",
        r"allowance for (?:loan|credit) losses|loan loss|credit losses|\bcecl\b|non-?accrual|charge-offs?|delinquen|troubled debt|credit quality",
        ("ASC 310", "ASC 326", "SAB 102"),
    ),
    ("goodwill_impairment", r"goodwill|impairment|reporting units?|intangible assets?", ("ASC 350", "ASC 360")),
    (
        "income_taxes",
        r"income tax|deferred tax|valuation allowance|effective tax rate|uncertain tax|tax position",
        ("ASC 740", "FIN 48"),
    ),
    ("fair_value", r"fair value|level 3|level 2|valuation techniques?", ("ASC 820", "SFAS 157")),
    ("risk_factors", r"risk factors?", ("Regulation S-K Item 105", "Regulation S-K Item 1A")),
    (
        "business_combinations",
        r"business combinations?|acquisitions? of|purchase price allocation|pro forma|merger",
        ("ASC 805", "Regulation S-X Rule 3-05", "Regulation S-X Item 11"),
    ),
    (
        "executive_compensation",
        r"executive compensation|compensation discussion|pay versus performance|compensation actually paid|named executive",
        ("Regulation S-K Item 402",),
    ),
    (
        "contingencies_legal",
        r"contingenc|legal proceedings|litigation|reasonably possible loss|loss contingenc",
        ("ASC 450", "Regulation S-K Item 103"),
    ),
    (
        "oil_gas_mining",
        r"oil and (?:natural )?gas reserves|proved (?:developed |undeveloped )?reserves|reserves? estimates?|productive wells|acreage|mineral (?:resources|reserves|properties)|mining",
        ("Regulation S-K Item 1202", "Regulation S-K Item 1204", "Regulation S-K Item 1208", "Regulation S-K Item 1300"),
    ),
    ("climate", r"climate|greenhouse|carbon|emissions?\b", ()),
    ("cybersecurity", r"cybersecurity|cyber", ("Regulation S-K Item 106",)),
    ("sanctions_countries", r"\biran\b|\bsyria\b|\bsudan\b|north korea|\bcuba\b|state sponsors of terrorism|\bofac\b", ()),
    (
        "financial_statements",
        r"statements? of (?:cash flows|operations|income)|balance sheet|financial statement presentation|cash flows?",
        ("Regulation S-X Rule 5-03", "Regulation S-X Rule 5-02", "ASC 230"),
    ),
    ("leases", r"\bleases?\b|right-of-use", ("ASC 842", "ASC 840")),
    ("derivatives_hedging", r"derivative|hedg", ("ASC 815",)),
    ("debt_liquidity", r"\bdebt\b|credit facilit|covenant|going concern", ("ASC 470",)),
    ("stock_compensation", r"stock-based compensation|share-based|equity awards", ("ASC 718",)),
    (
        "controls_procedures",
        r"internal control|disclosure controls|material weakness",
        ("Regulation S-K Item 307", "Regulation S-K Item 308"),
    ),
    (
        "exhibits_confidentiality",
        r"confidential treatment|redact|exhibit index|file (?:the|each|these|this) (?:agreements?|contracts?) as (?:an )?exhibits?|exhibits? (?:to be )?filed",
        ("Regulation S-K Item 601",),
    ),
    ("related_parties", r"related part", ("ASC 850", "Regulation S-K Item 404")),
    ("consolidation_vie", r"variable interest|consolidat\w* (?:of|the)|\bvie\b", ("ASC 810",)),
]

TOPICS: tuple[str, ...] = tuple(t for t, _, _ in _TOPIC_RULES) + ("other",)

_COMPILED = [(t, Prefiltered(re.compile(r"(?i)\b(?:" + rx + r")")), lit) for t, rx, lit in _TOPIC_RULES]


def topics_for(*, heading: str | None, text: str, literature: list[str]) -> list[str]:
    """Topics of one comment: its headings and literature decide first, its wording adds more."""
    found: list[str] = []
    by_heading = _heading_topics(heading or "")
    body = text[:3000]
    folded_body = fold(body)
    for topic, rx, lit in _COMPILED:
        if topic in by_heading or any(ref.startswith(lit) for ref in literature):
            found.append(topic)
        elif _at_least(rx, body, folded_body, 2):
            # Wording alone must recur: one passing "cash flows" does not make a cash-flow comment.
            found.append(topic)
    return found


@lru_cache(maxsize=1024)
def _heading_topics(heading: str) -> frozenset[str]:
    # The comments under one heading share it, and most headings recur from letter to letter: read once.
    folded = fold(heading)
    return frozenset(topic for topic, rx, _ in _COMPILED if rx.search(heading, folded))


def _at_least(rx: Prefiltered, text: str, folded: str, n: int) -> bool:
    count = 0
    for _ in rx.finditer(text, folded):
        count += 1
        if count >= n:
            return True
    return False
