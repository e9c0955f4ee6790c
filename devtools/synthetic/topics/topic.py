"""What a topic of staff comments holds, and the literature its comments cite, which changes with the era.

All sentences here are our own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


def lit(key: str, d: date) -> str:
    y = d.year
    table = {
        "revenue": "ASC 605-25-25-5" if y < 2018 else "ASC 606-10-50-5",
        "revenue_principal": "ASC 605-45-45" if y < 2018 else "ASC 606-10-55-36 through 55-40",
        "fair_value": "SFAS 157" if y < 2010 else "ASC 820-10-50-2",
        "loan_losses": "ASC 310-10-35" if y < 2020 else "ASC 326-20-30",
        "mdna": "Item 303(a) of Regulation S-K" if y < 2021 else "Item 303(b) of Regulation S-K",
        "risk": "Item 503(c) of Regulation S-K" if y < 2019 else "Item 105 of Regulation S-K",
        "nongaap": "Item 10(e) of Regulation S-K"
        if y < 2016
        else "Question 100.01 of the Non-GAAP Financial Measures Compliance and Disclosure Interpretations",
        "segments": "ASC 280-10-50-1" if y < 2024 else "ASC 280-10-50-26A",
        "goodwill": "ASC 350-20-35-30" if y < 2017 else "ASC 350-20-35-3C",
        "taxes": "ASC 740-10-50-9",
        "acquired": "Rule 3-05 of Regulation S-X",
        "materiality": "SAB Topic 1.M",
        "leases": "ASC 840-10-50" if y < 2019 else "ASC 842-20-50-3",
    }
    return table[key]


@dataclass(frozen=True)
class Topic:
    key: str
    headings_periodic: tuple[tuple[str, ...], ...]
    headings_registration: tuple[tuple[str, ...], ...]
    comments: tuple[str, ...]
    subitems: tuple[str, ...]
    followups: tuple[str, ...]
    answers: tuple[str, ...]
    commitments: tuple[str, ...]
    subitems_fit: int = 0  # the comment (by index) that the sub-items elaborate
