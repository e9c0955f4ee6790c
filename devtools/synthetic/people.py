"""The people in synthetic correspondence: officers, counsel and staff, with invented names."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass
class Person:
    first: str
    last: str
    title: str = ""
    salutation: str = "Mr."

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


FIRST_NAMES = [
    ("James", "Mr."),
    ("Linda", "Ms."),
    ("Robert", "Mr."),
    ("Patricia", "Ms."),
    ("Michael", "Mr."),
    ("Barbara", "Ms."),
    ("David", "Mr."),
    ("Susan", "Ms."),
    ("Thomas", "Mr."),
    ("Karen", "Ms."),
    ("Daniel", "Mr."),
    ("Nancy", "Ms."),
    ("Andrew", "Mr."),
    ("Rachel", "Ms."),
    ("Kevin", "Mr."),
    ("Melanie", "Ms."),
    ("Brian", "Mr."),
    ("Angela", "Ms."),
    ("Gregory", "Mr."),
    ("Heather", "Ms."),
    ("Samuel", "Mr."),
    ("Lauren", "Ms."),
    ("Victor", "Mr."),
    ("Denise", "Ms."),
    ("Oliver", "Mr."),
    ("Priya", "Ms."),
    ("Marcus", "Mr."),
    ("Yuki", "Ms."),
    ("Rafael", "Mr."),
    ("Ingrid", "Ms."),
]
LAST_NAMES = [
    "Abernathy",
    "Bellamy",
    "Castellano",
    "Dunmore",
    "Eastwick",
    "Fairbanks",
    "Galloway",
    "Hartigan",
    "Iverson",
    "Jorgensen",
    "Kowalczyk",
    "Lindqvist",
    "Montrose",
    "Nakamura",
    "Okonkwo",
    "Pemberton",
    "Quintero",
    "Rasmussen",
    "Sorensen",
    "Thibodeaux",
    "Underhill",
    "Villanueva",
    "Whitcombe",
    "Yarborough",
    "Zielinski",
    "Ashworth",
    "Brandt",
    "Cavanaugh",
    "Delacroix",
    "Esposito",
    "Finnegan",
    "Gutierrez",
    "Holloway",
    "Ingram",
    "Kearney",
    "Lockhart",
    "Marchetti",
    "Novak",
    "Ostrowski",
    "Prescott",
]
STAFF_TITLES_REVIEWER = ["Staff Accountant", "Senior Staff Accountant", "Staff Attorney", "Attorney-Adviser"]
STAFF_TITLES_SIGNER = [
    "Branch Chief",
    "Accounting Branch Chief",
    "Assistant Director",
    "Legal Branch Chief",
    "Senior Assistant Chief Accountant",
]
FIRM_NAMES = [
    "Harrow & Vance LLP",
    "Castellane Whitby LLP",
    "Morrow, Pike & Selden LLP",
    "Tallis Greer LLP",
    "Bexley Ruiz & Hammond LLP",
    "Ostrander Lowe LLP",
]


def person(rng: random.Random, title: str = "") -> Person:
    first, sal = rng.choice(FIRST_NAMES)
    return Person(first, rng.choice(LAST_NAMES), title, sal)
