"""Small hand-written staff-comment corpora for the precedent retrieval tests (no EDGAR data needed)."""

from __future__ import annotations

import importlib.util

import pytest

from precedents.embedders import EmbedderUnavailable, WordLlamaEmbedder
from precedents.text import comment_document
from tests.api.fixtures import *  # noqa: F403  (organisations, members, API clients)

# Invented comments in the staff's manner: three about non-GAAP prominence, three about goodwill
# reporting units, three about climate disclosure, three about segments, and a few strays.
COMMENTS: list[tuple[str, str]] = [
    (
        "Non-GAAP Financial Measures",
        (
            "Please present the most directly comparable GAAP measure with equal or greater prominence "
            "whenever you present adjusted EBITDA in your earnings release."
        ),
    ),
    (
        "Form 8-K furnished May 1, 2024 / Exhibit 99.1",
        (
            "Your highlights disclose adjusted earnings per share without the comparable "
            "GAAP measure. Present GAAP earnings per share with equal or greater prominence."
        ),
    ),
    (
        "Results of Operations, page 30",
        (
            "Please ensure the discussion of non-GAAP measures is preceded by an equally prominent "
            "discussion of the corresponding GAAP measure."
        ),
    ),
    (
        "Critical Accounting Estimates / Goodwill, page 41",
        (
            "Tell us whether any reporting unit is at risk of failing the "
            "quantitative goodwill impairment test and disclose the percentage by which fair value exceeded carrying value."
        ),
    ),
    (
        "Goodwill, page 55",
        (
            "For each reporting unit whose fair value is not substantially in excess of its carrying value, "
            "disclose the goodwill allocated and the key assumptions of the impairment test."
        ),
    ),
    (
        "Note 8 - Goodwill",
        (
            "Explain how you weighted the income and market approaches in estimating the fair value of your "
            "reporting units for goodwill impairment testing."
        ),
    ),
    ("General", "Quantify any material capital expenditures for climate-related projects for each period presented."),
    (
        "Risk Factors, page 12",
        ("Disclose any material litigation risks related to climate change and the potential impact to the company."),
    ),
    (
        "Management's Discussion and Analysis",
        (
            "Discuss the physical effects of climate change on your operations, such as "
            "the severity of weather and weather-related damage to your properties."
        ),
    ),
    (
        "Note 17 - Segment Information",
        (
            "Reconcile the total of the reportable segments' measures of profit or loss to "
            "consolidated income before income taxes as required by ASC 280-10-50-30."
        ),
    ),
    (
        "Segment Information, page 90",
        (
            "Tell us how the chief operating decision maker uses segment gross profit and which "
            "measure of segment profit you are required to disclose."
        ),
    ),
    ("Note 3 - Segments", "Disclose revenue from external customers for each product and service as required by ASC 280."),
    ("Exhibits", "Please file the consent of your independent registered public accounting firm as Exhibit 23."),
    ("Cover Page", "Please revise your filing to provide the address of your principal executive offices."),
]

IDS = [f"0000000000-24-00000{n // 10}#{n % 10 + 1}" for n in range(len(COMMENTS))]


@pytest.fixture()
def documents() -> list[str]:
    return [comment_document(heading=h, text=t) for h, t in COMMENTS]


@pytest.fixture()
def ids() -> list[str]:
    return list(IDS)


# wordllama is a candidate the bench measured, not what the product runs (requirements.txt does not have
# it); its tests run where it is installed (pip install wordllama==0.4.0.post1).
BENCH_ONLY_REASON = "the bench-only candidate wordllama is not installed (see bench/RESULTS-precedents.md)"
BENCH_CANDIDATES_INSTALLED = importlib.util.find_spec("wordllama") is not None
bench_candidates = pytest.mark.skipif(not BENCH_CANDIDATES_INSTALLED, reason=BENCH_ONLY_REASON)


@pytest.fixture(scope="session")
def wordllama() -> WordLlamaEmbedder:
    """The wheel-shipped model; its tests skip where the bench-only packages are not installed."""
    if not BENCH_CANDIDATES_INSTALLED:
        pytest.skip(BENCH_ONLY_REASON)
    try:
        return WordLlamaEmbedder()
    except EmbedderUnavailable:
        pytest.skip(BENCH_ONLY_REASON)
