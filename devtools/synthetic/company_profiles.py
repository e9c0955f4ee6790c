"""What a synthetic company can be: its industry (SIC code, reviewing office, comment topics, segments),
the parts its name is made of, where it is based and incorporated, and when its fiscal year ends.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Industry:
    sic: str
    description: str
    office_old: str
    office_new: str
    word: str
    topics: tuple[str, ...]
    segments: tuple[str, str]


INDUSTRIES = [
    Industry(
        "7372",
        "Services-Prepackaged Software",
        "Office of Information Technologies and Services",
        "Office of Technology",
        "Software",
        ("revenue", "nongaap", "mdna", "segments", "taxes", "risk"),
        ("Subscription", "Professional Services"),
    ),
    Industry(
        "3674",
        "Semiconductors & Related Devices",
        "Office of Electronics and Machinery",
        "Office of Manufacturing",
        "Semiconductor",
        ("revenue", "mdna", "segments", "goodwill", "taxes", "acquisition"),
        ("Analog Products", "Embedded Processing"),
    ),
    Industry(
        "2834",
        "Pharmaceutical Preparations",
        "Office of Healthcare and Insurance",
        "Office of Life Sciences",
        "Therapeutics",
        ("revenue", "mdna", "risk", "fair_value", "acquisition"),
        ("Specialty Products", "Generics"),
    ),
    Industry(
        "6022",
        "State Commercial Banks",
        "Office of Financial Services",
        "Office of Finance",
        "Bancorp",
        ("loan_losses", "fair_value", "nongaap", "mdna", "goodwill"),
        ("Community Banking", "Wealth Management"),
    ),
    Industry(
        "6798",
        "Real Estate Investment Trusts",
        "Office of Real Estate and Commodities",
        "Office of Real Estate & Construction",
        "Realty Trust",
        ("nongaap", "fair_value", "mdna", "segments", "acquisition"),
        ("Office Properties", "Industrial Properties"),
    ),
    Industry(
        "1311",
        "Crude Petroleum & Natural Gas",
        "Office of Natural Resources",
        "Office of Energy & Transportation",
        "Energy",
        ("mdna", "fair_value", "taxes", "goodwill", "risk"),
        ("Upstream", "Midstream"),
    ),
    Industry(
        "5812",
        "Retail-Eating Places",
        "Office of Consumer Products",
        "Office of Trade & Services",
        "Restaurant Group",
        ("nongaap", "mdna", "segments", "goodwill", "materiality"),
        ("Company-Operated Restaurants", "Franchise Operations"),
    ),
    Industry(
        "3841",
        "Surgical & Medical Instruments & Apparatus",
        "Office of Healthcare and Insurance",
        "Office of Life Sciences",
        "Medical",
        ("revenue", "mdna", "goodwill", "acquisition", "materiality"),
        ("Surgical Devices", "Diagnostics"),
    ),
    Industry(
        "4911",
        "Electric Services",
        "Office of Natural Resources",
        "Office of Energy & Transportation",
        "Power",
        ("mdna", "fair_value", "taxes", "segments"),
        ("Regulated Utility", "Renewable Generation"),
    ),
    Industry(
        "3714",
        "Motor Vehicle Parts & Accessories",
        "Office of Transportation and Leisure",
        "Office of Manufacturing",
        "Automotive",
        ("revenue", "mdna", "segments", "goodwill", "materiality", "taxes"),
        ("Powertrain", "Aftermarket"),
    ),
    Industry(
        "5331",
        "Retail-Variety Stores",
        "Office of Consumer Products",
        "Office of Trade & Services",
        "Stores",
        ("nongaap", "mdna", "segments", "taxes", "risk"),
        ("Stores", "Digital"),
    ),
]
NAME_FIRST = [
    "Aster",
    "Bramble",
    "Cobalt",
    "Drummond",
    "Elkhorn",
    "Fairlight",
    "Granite",
    "Halcyon",
    "Ironwood",
    "Juniper",
    "Kestrel",
    "Larkspur",
    "Meridian",
    "Northgate",
    "Orchard",
    "Pinecrest",
    "Quarry",
    "Redfern",
    "Silverline",
    "Tidewater",
    "Umber",
    "Vantage",
    "Westbrook",
    "Yellowpine",
    "Zephyr",
    "Alder",
    "Bluewater",
    "Calder",
    "Dovetail",
    "Emberly",
]
NAME_SECOND = ["", " Bay", " Hill", " Creek", " Point", " Harbor", " Field", " Stone", " Ridge", " Valley"]
NAME_SUFFIX = ["Inc.", "Corp.", "Holdings, Inc.", "Corporation", "Group, Inc."]
CITIES = [
    ("Austin", "TX", "78701"),
    ("Columbus", "OH", "43215"),
    ("Denver", "CO", "80202"),
    ("Raleigh", "NC", "27601"),
    ("Boise", "ID", "83702"),
    ("Tampa", "FL", "33602"),
    ("Madison", "WI", "53703"),
    ("Omaha", "NE", "68102"),
    ("Portland", "OR", "97204"),
    ("Richmond", "VA", "23219"),
    ("Hartford", "CT", "06103"),
    ("Tucson", "AZ", "85701"),
]
STREETS = [
    "Commerce Drive",
    "Lakeview Parkway",
    "Market Street",
    "Innovation Way",
    "Harbor Boulevard",
    "Ridge Road",
    "Enterprise Avenue",
    "Summit Plaza",
]
STATES_OF_INC = ["DE", "DE", "DE", "DE", "NV", "MD", "NY", "TX", "OH"]
FISCAL_YEAR_ENDS = ["1231"] * 7 + ["0630", "0930", "0331", "0131"]
