"""What any topic may draw on: follow-up asks for later rounds, and the words its placeholders are filled with.

All sentences here are our own.
"""

from __future__ import annotations

# Follow-up asks that fit any topic, for second and third rounds.
GENERIC_FOLLOWUPS = (
    "We note your response to prior comment {prior}. Please tell us how you considered disclosing this information to investors.",
    "Please provide us with the analysis underlying your conclusion, including the specific amounts for each period presented.",
    "Please tell us whether your auditors concurred with this conclusion and describe any alternatives you considered.",
    "Please explain how this conclusion is consistent with the statements made by management on your most recent earnings call.",
)

CHANNELS = ["resellers", "app marketplaces", "online platforms", "travel agencies", "distributors"]
MEASURES = [
    "Adjusted EBITDA",
    "Adjusted Net Income",
    "Free Cash Flow",
    "Adjusted Operating Margin",
    "Core Earnings",
    "Organic Revenue Growth",
]
TARGETS = [
    "Lumen Fieldworks",
    "Carrow Instruments",
    "Belmont Logistics",
    "Sable Creek Software",
    "Ridgeway Clinical",
    "Harbor Point Foods",
]
