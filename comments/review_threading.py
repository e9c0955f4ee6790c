"""Thread one company's letters into reviews. Pure: facts about letters in, threads out; no ORM.

A review is one SEC review of one filing, from the first staff letter to "we have completed our review".
The rules, strongest first, each giving the reason a letter joined its review:
1. an explicit link: a company letter answers a staff letter of the review by its date ("responds to your
   letter dated …"), or a letter's Re: block names a letter of the review ("Response dated …");
2. the filing under review: the same PUBLIC REFERENCE ACCESSION NUMBER, or the same filing named in the Re:
   block (form family and period, or form family and filing date);
3. the same SEC file number and a compatible form family, while the review is recent.
A closed review takes no new staff comment letter (that is a new review), and takes other letters only by an
explicit link or, within a few weeks, by its subject (an acceleration request after "no review").
Letters outside any comment review (acceleration requests, cover letters) never open one.

Every company's letters are threaded from scratch in date order, so threading again gives the same result
whatever order the letters arrived in.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

STAFF = "staff"
COMPANY = "company"

# Kinds that take part in a review; the rest are only attached when a review matches.
OPENS_REVIEW = frozenset({"staff_comment_letter", "no_review", "review_complete", "company_response", "extension_request"})
CLOSES_REVIEW = frozenset({"review_complete", "no_review"})

# A review waits for the company for weeks, sometimes months; past this, the same file number is a new review.
RECENT_DAYS = 200
# After "review complete" or "no review", a letter about the same filing still belongs to it for a while
# (the acceleration request that follows a no-review letter, a late cover letter).
AFTER_CLOSE_DAYS = 45
# An explicit answer to a letter of the review is honoured this long after it.
EXPLICIT_DAYS = 400

_REGISTRATION = frozenset(
    {"S-1", "S-3", "S-4", "S-11", "F-1", "F-3", "F-4", "10-12B", "10-12G", "10", "S-8", "N-2", "1-A", "20-FR12B"}
)
_ANNUAL = frozenset({"10-K", "10-KT", "20-F", "40-F", "10-KSB", "N-CSR"})
_PROXY = frozenset({"DEF 14A", "PRE 14A", "PREM14A", "DEFM14A", "PREC14A", "DEFC14A", "DFAN14A", "DEFA14A", "PRER14A", "DEFR14A"})
_LETTER_FORMS = frozenset({"CORRESP", "UPLOAD", "LETTER"})


@dataclass(frozen=True)
class Subject:
    """A filing named in a letter's Re: block."""

    form: str
    period_end: date | None = None
    filed: date | None = None
    file_number: str = ""


@dataclass(frozen=True)
class LetterFacts:
    key: Hashable
    direction: str  # STAFF or COMPANY
    kind: str
    letter_date: date | None
    filing_date: date | None = None
    subjects: tuple[Subject, ...] = ()
    # Dates of letters the Re: block names ("Response dated …", "Comment letter dated …").
    named_letter_dates: tuple[date, ...] = ()
    responds_to_letter_date: date | None = None
    file_number: str = ""  # the letter filing's own SEC file number, from EDGAR
    subject_accession: str = ""  # an UPLOAD's PUBLIC REFERENCE ACCESSION NUMBER
    accession: str = ""  # only to order letters of one day deterministically

    @property
    def when(self) -> date | None:
        return self.letter_date or self.filing_date


@dataclass
class Thread:
    """One review as threading found it. `reasons` says, per letter key, why the letter joined."""

    keys: list[Hashable] = field(default_factory=list)
    reasons: dict[Hashable, str] = field(default_factory=dict)
    subjects: list[Subject] = field(default_factory=list)
    file_numbers: set[str] = field(default_factory=set)
    subject_accessions: set[str] = field(default_factory=set)
    staff_dates: set[date] = field(default_factory=set)
    company_dates: set[date] = field(default_factory=set)
    opened_on: date | None = None
    last_on: date | None = None
    closed_on: date | None = None
    closing_kind: str = ""
    # A company letter opened it, or answers a staff letter not in it: the staff letter is missing from EDGAR.
    incomplete: bool = False

    @property
    def closed(self) -> bool:
        return self.closed_on is not None


@dataclass
class ThreadingResult:
    threads: list[Thread]
    # Letters in no review, with why (an acceleration request with nothing to attach to).
    unthreaded: dict[Hashable, str]


def file_number_normalize(value: str | None) -> str:
    """ "001-13759" and "1-13759" are the same file number; the prefix's zeros are not significant."""
    value = re.sub(r"\s+", "", (value or "").upper())
    m = re.fullmatch(r"0*(\d+)-(\d+)(-\d+)?", value)
    if not m:
        return value
    return f"{int(m.group(1))}-{m.group(2)}{m.group(3) or ''}"


def form_family(form: str | None) -> str:
    form = re.sub(r"\s+", " ", (form or "").upper()).strip().removesuffix("/A").strip()
    if form in ("DRS", "DRSLTR") or form in _REGISTRATION:
        return "registration"
    if form in _ANNUAL:
        return "annual"
    if form in _PROXY:
        return "proxy"
    return form


def _subject_label(subject: Subject) -> str:
    if subject.period_end:
        if form_family(subject.form) == "annual":
            return f"{subject.form} FY{subject.period_end.year}"
        return f"{subject.form} {subject.period_end.isoformat()}"
    if subject.filed:
        return f"{subject.form} filed {subject.filed.isoformat()}"
    return subject.form


def _same_filing(a: Subject, b: Subject) -> bool:
    if form_family(a.form) != form_family(b.form):
        return False
    if a.period_end and b.period_end:
        return a.period_end == b.period_end
    if a.filed and b.filed and form_family(a.form) != "registration":
        return a.filed == b.filed
    return False


def _filing_subjects(letter: LetterFacts) -> list[Subject]:
    return [s for s in letter.subjects if s.form.upper() not in _LETTER_FORMS]


def _letter_file_numbers(letter: LetterFacts) -> set[str]:
    numbers = {file_number_normalize(s.file_number) for s in _filing_subjects(letter) if s.file_number}
    if letter.file_number:
        numbers.add(file_number_normalize(letter.file_number))
    return numbers


def _families(letter: LetterFacts) -> set[str]:
    return {form_family(s.form) for s in _filing_subjects(letter)}


def _thread_families(thread: Thread) -> set[str]:
    return {form_family(s.form) for s in thread.subjects}


def _days(a: date | None, b: date | None) -> int:
    if a is None or b is None:
        return 0
    return abs((a - b).days)


def _explicit_link(letter: LetterFacts, thread: Thread) -> str | None:
    mine, theirs = _letter_file_numbers(letter), thread.file_numbers
    if mine and theirs and not mine & theirs and _families(letter) and not _families(letter) & _thread_families(thread):
        return None  # another filing under another file number: a letter of the same date, by chance
    answered = thread.staff_dates if letter.direction == COMPANY else thread.company_dates
    if letter.responds_to_letter_date and letter.responds_to_letter_date in answered:
        return f"answers letter dated {letter.responds_to_letter_date.isoformat()}"
    for named in letter.named_letter_dates:
        if named in thread.staff_dates or named in thread.company_dates:
            return f"names letter dated {named.isoformat()}"
    return None


def _subject_link(letter: LetterFacts, thread: Thread) -> tuple[int, str] | None:
    """(strength, reason) when the letter is about the thread's filing."""
    if letter.subject_accession and letter.subject_accession in thread.subject_accessions:
        return 3, f"same filing under review {letter.subject_accession}"
    numbers = _letter_file_numbers(letter) & thread.file_numbers
    number = sorted(numbers)[0] if numbers else ""
    for mine in _filing_subjects(letter):
        for theirs in thread.subjects:
            if _same_filing(mine, theirs):
                label = _subject_label(theirs)
                return 3, f"same file number {number} and {label}" if number else f"same filing {label}"
    if not number:
        return _unnumbered_link(letter, thread)
    families = _families(letter)
    if not families or families & _thread_families(thread) or not _thread_families(thread):
        shared = sorted(families & _thread_families(thread))
        what = f" and {shared[0]} form" if shared else ""
        return 2, f"same file number {number}{what}"
    return None


def _unnumbered_link(letter: LetterFacts, thread: Thread) -> tuple[int, str] | None:
    """Letters with no file number to go by: a draft registration statement has none until it is filed
    publicly, and some letters name no filing at all (a question about a press release or a website)."""
    if thread.file_numbers:
        return None
    subjects = _filing_subjects(letter)
    if not subjects and not thread.subjects:
        return 1, "names no filing, as the review's other letters"
    drafts = [s for s in subjects if s.form.upper().startswith("DRS")]
    if drafts and not _letter_file_numbers(letter) and any(s.form.upper().startswith("DRS") for s in thread.subjects):
        return 1, f"same draft registration statement ({drafts[0].form}, no file number yet)"
    return None


def _score(letter: LetterFacts, thread: Thread) -> tuple[int, str] | None:
    when = letter.when
    explicit = _explicit_link(letter, thread)
    if explicit and _days(when, thread.last_on) <= EXPLICIT_DAYS:
        # Two reviews can have letters of the same day: the one about the same filing wins.
        subject = _subject_link(letter, thread)
        return (5, f"{subject[1]}; {explicit}") if subject else (4, explicit)
    subject = _subject_link(letter, thread)
    if subject is None:
        return None
    if thread.closed:
        if letter.kind == "staff_comment_letter" or _days(when, thread.closed_on) > AFTER_CLOSE_DAYS:
            return None
    elif _days(when, thread.last_on) > (EXPLICIT_DAYS if subject[0] >= 3 else RECENT_DAYS):
        # The same filing named again: an open review may wait a year for the staff's last letter.
        return None
    elif subject[0] == 1 and _days(when, thread.last_on) > AFTER_CLOSE_DAYS:
        return None
    return subject


def _kind_rank(letter: LetterFacts) -> int:
    # Letters of one day: a staff letter is answered later that day, and "review complete" follows the answer.
    return {"staff_comment_letter": 0, "no_review": 0, "company_response": 1, "extension_request": 1}.get(
        letter.kind, 3 if letter.kind == "review_complete" else 2
    )


def _order(letters: Iterable[LetterFacts]) -> list[LetterFacts]:
    return sorted(letters, key=lambda f: (f.when or date.max, _kind_rank(f), f.accession, str(f.key)))


def _join(thread: Thread, letter: LetterFacts, reason: str) -> None:
    thread.keys.append(letter.key)
    thread.reasons[letter.key] = reason
    when = letter.when
    for subject in _filing_subjects(letter):
        if not any(s == subject for s in thread.subjects):
            thread.subjects.append(subject)
    thread.file_numbers |= _letter_file_numbers(letter)
    if letter.subject_accession:
        thread.subject_accessions.add(letter.subject_accession)
    if when is not None:
        (thread.staff_dates if letter.direction == STAFF else thread.company_dates).add(when)
        if letter.letter_date and letter.filing_date and letter.letter_date != letter.filing_date:
            # Letters are named by their printed date, sometimes by their EDGAR date.
            (thread.staff_dates if letter.direction == STAFF else thread.company_dates).add(letter.filing_date)
        thread.opened_on = min(filter(None, [thread.opened_on, when]))
        thread.last_on = max(filter(None, [thread.last_on, when]))
    if letter.kind in CLOSES_REVIEW and not thread.closed:
        thread.closed_on = when or thread.last_on
        thread.closing_kind = letter.kind
    if (
        letter.direction == COMPANY
        and letter.responds_to_letter_date
        and letter.responds_to_letter_date not in thread.staff_dates
    ):
        thread.incomplete = True


def _open_reason(letter: LetterFacts) -> str:
    subjects = _filing_subjects(letter)
    about = f" of {_subject_label(subjects[0])}" if subjects else ""
    if letter.kind == "staff_comment_letter":
        return f"first staff letter{about}"
    if letter.kind == "no_review":
        return f"staff will not review{about}"
    if letter.kind == "review_complete":
        return f"review complete{about}; no earlier letter of it on EDGAR"
    return f"{letter.kind.replace('_', ' ')}{about}; the staff letter it answers is not on EDGAR"


def thread_letters(letters: Sequence[LetterFacts]) -> ThreadingResult:
    """Thread the letters of ONE company into reviews."""
    threads: list[Thread] = []
    unthreaded: dict[Hashable, str] = {}
    for letter in _order(letters):
        best: tuple[int, int, Thread, str] | None = None
        for position, thread in enumerate(threads):
            scored = _score(letter, thread)
            if scored is None:
                continue
            strength, reason = scored
            # Strongest link first; among equals, the most recent review.
            if best is None or (strength, position) > (best[0], best[1]):
                best = (strength, position, thread, reason)
        if best is not None:
            _join(best[2], letter, best[3])
            continue
        if letter.kind not in OPENS_REVIEW:
            unthreaded[letter.key] = (
                f"{letter.kind.replace('_', ' ') or 'letter'}: not part of a comment review, and no review of its filing is known"
            )
            continue
        thread = Thread()
        _join(thread, letter, _open_reason(letter))
        if letter.direction == COMPANY:
            thread.incomplete = True
        threads.append(thread)
    return ThreadingResult(threads=threads, unthreaded=unthreaded)
