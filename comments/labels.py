"""What the parser stores, in the words a person reads: topics, acknowledgements and lists of names.

Plain text only (no HTML), so the admin, the pages, the API and the exports can all use them.
"""

from __future__ import annotations

from collections.abc import Iterable

from comments.models import Acknowledgement

# Topics whose slug, read as words, is not how people write them; the rest read fine ("income taxes").
_TOPIC_LABELS = {
    "mdna": "MD&A",
    "non_gaap": "Non-GAAP measures",
    "consolidation_vie": "Consolidation and VIEs",
    "oil_gas_mining": "Oil, gas and mining",
    "loan_losses_credit": "Loan losses and credit",
    "contingencies_legal": "Contingencies and legal matters",
    "exhibits_confidentiality": "Exhibits and confidential treatment",
    "debt_liquidity": "Debt and liquidity",
    "derivatives_hedging": "Derivatives and hedging",
    "controls_procedures": "Controls and procedures",
    "sanctions_countries": "Sanctioned countries",
}

# The three "Tandy" statements by the names lawyers use for them.
_ACKNOWLEDGEMENT_NAMES = {
    Acknowledgement.Statement.RESPONSIBILITY: "Responsibility statement",
    Acknowledgement.Statement.NO_FORECLOSURE: "No-foreclosure statement",
    Acknowledgement.Statement.NO_DEFENSE: "No-defense statement",
}


def topic_label(topic: str) -> str:
    """A topic as a person reads it: "non_gaap" is "Non-GAAP measures"."""
    words = _TOPIC_LABELS.get(topic) or topic.replace("_", " ")
    return words[:1].upper() + words[1:]


def topics_text(topics: Iterable[str] | None) -> str:
    return ", ".join(topic_label(topic) for topic in topics or [])


def names_text(values: Iterable[object] | None) -> str:
    """A stored list of names (signatories, literature, tickers) as one line: "Jane Doe, John Roe"."""
    return ", ".join(str(value) for value in values or [] if str(value).strip())


def acknowledgement_label(*, statement: str, present: bool, required: bool) -> str:
    """ "Responsibility statement: missing (required)"."""
    name = _ACKNOWLEDGEMENT_NAMES.get(statement) or statement.replace("_", " ").capitalize()
    if present:
        return f"{name}: present"
    return f"{name}: missing (required)" if required else f"{name}: missing"
