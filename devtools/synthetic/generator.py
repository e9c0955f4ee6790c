"""Write an EDGAR-shaped mirror of synthetic companies and their SEC correspondence.

Layout matches ../shared/edgar-sample (so the fake EDGAR can serve it and ingestion can read it):
  data.sec.gov/submissions/CIK##########.json            (+ -submissions-001.json for some)
  www.sec.gov/Archives/edgar/data/<CIK>/<ACC>/            index.json, documents, usually <ACC>.txt
  ground_truth.json                                       one LABELS.md object per letter

Everything derives from the seed: each company has its own random.Random, timestamps are fixed,
JSON keys are sorted, so one seed gives a byte-identical tree. Companies are generated and written
one at a time and the ground truth is streamed, so memory stays flat however many companies.
"""

from __future__ import annotations

import binascii
import calendar
import html
import json
import random
import textwrap
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO

from devtools.synthetic import letters as L
from devtools.synthetic.letters import FilingRef, Para, Person, StaffComment, long_date
from devtools.synthetic.pdf import LINES_PER_PAGE, render_pdf

STAFF_PREFIX = "0000000000"
# Invented filing-agent CIKs, outside the range of real ones, so no accession can collide with EDGAR's.
AGENTS = [3900101, 3900117, 3900123, 3900139, 3900141]
COMPLETE_SUBMISSION_SHARE = 0.85


@dataclass(frozen=True)
class MirrorSummary:
    companies: int
    filings: int
    letters: int
    ground_truth_path: Path


# --- companies ------------------------------------------------------------------------------

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
    Industry("7372", "Services-Prepackaged Software", "Office of Information Technologies and Services", "Office of Technology",
             "Software", ("revenue", "nongaap", "mdna", "segments", "taxes", "risk"), ("Subscription", "Professional Services")),
    Industry("3674", "Semiconductors & Related Devices", "Office of Electronics and Machinery", "Office of Manufacturing",
             "Semiconductor", ("revenue", "mdna", "segments", "goodwill", "taxes", "acquisition"), ("Analog Products", "Embedded Processing")),
    Industry("2834", "Pharmaceutical Preparations", "Office of Healthcare and Insurance", "Office of Life Sciences",
             "Therapeutics", ("revenue", "mdna", "risk", "fair_value", "acquisition"), ("Specialty Products", "Generics")),
    Industry("6022", "State Commercial Banks", "Office of Financial Services", "Office of Finance",
             "Bancorp", ("loan_losses", "fair_value", "nongaap", "mdna", "goodwill"), ("Community Banking", "Wealth Management")),
    Industry("6798", "Real Estate Investment Trusts", "Office of Real Estate and Commodities", "Office of Real Estate & Construction",
             "Realty Trust", ("nongaap", "fair_value", "mdna", "segments", "acquisition"), ("Office Properties", "Industrial Properties")),
    Industry("1311", "Crude Petroleum & Natural Gas", "Office of Natural Resources", "Office of Energy & Transportation",
             "Energy", ("mdna", "fair_value", "taxes", "goodwill", "risk"), ("Upstream", "Midstream")),
    Industry("5812", "Retail-Eating Places", "Office of Consumer Products", "Office of Trade & Services",
             "Restaurant Group", ("nongaap", "mdna", "segments", "goodwill", "materiality"), ("Company-Operated Restaurants", "Franchise Operations")),
    Industry("3841", "Surgical & Medical Instruments & Apparatus", "Office of Healthcare and Insurance", "Office of Life Sciences",
             "Medical", ("revenue", "mdna", "goodwill", "acquisition", "materiality"), ("Surgical Devices", "Diagnostics")),
    Industry("4911", "Electric Services", "Office of Natural Resources", "Office of Energy & Transportation",
             "Power", ("mdna", "fair_value", "taxes", "segments"), ("Regulated Utility", "Renewable Generation")),
    Industry("3714", "Motor Vehicle Parts & Accessories", "Office of Transportation and Leisure", "Office of Manufacturing",
             "Automotive", ("revenue", "mdna", "segments", "goodwill", "materiality", "taxes"), ("Powertrain", "Aftermarket")),
    Industry("5331", "Retail-Variety Stores", "Office of Consumer Products", "Office of Trade & Services",
             "Stores", ("nongaap", "mdna", "segments", "taxes", "risk"), ("Stores", "Digital")),
]
NAME_FIRST = ["Aster", "Bramble", "Cobalt", "Drummond", "Elkhorn", "Fairlight", "Granite", "Halcyon", "Ironwood", "Juniper",
              "Kestrel", "Larkspur", "Meridian", "Northgate", "Orchard", "Pinecrest", "Quarry", "Redfern", "Silverline",
              "Tidewater", "Umber", "Vantage", "Westbrook", "Yellowpine", "Zephyr", "Alder", "Bluewater", "Calder", "Dovetail",
              "Emberly"]
NAME_SECOND = ["", " Bay", " Hill", " Creek", " Point", " Harbor", " Field", " Stone", " Ridge", " Valley"]
NAME_SUFFIX = ["Inc.", "Corp.", "Holdings, Inc.", "Corporation", "Group, Inc."]
CITIES = [("Austin", "TX", "78701"), ("Columbus", "OH", "43215"), ("Denver", "CO", "80202"), ("Raleigh", "NC", "27601"),
          ("Boise", "ID", "83702"), ("Tampa", "FL", "33602"), ("Madison", "WI", "53703"), ("Omaha", "NE", "68102"),
          ("Portland", "OR", "97204"), ("Richmond", "VA", "23219"), ("Hartford", "CT", "06103"), ("Tucson", "AZ", "85701")]
STREETS = ["Commerce Drive", "Lakeview Parkway", "Market Street", "Innovation Way", "Harbor Boulevard", "Ridge Road",
           "Enterprise Avenue", "Summit Plaza"]
STATES_OF_INC = ["DE", "DE", "DE", "DE", "NV", "MD", "NY", "TX", "OH"]
FISCAL_YEAR_ENDS = ["1231"] * 7 + ["0630", "0930", "0331", "0131"]


@dataclass
class Company:
    cik: int
    name: str
    ticker: str
    industry: Industry
    state: str
    fye: str
    file_number: str
    ein: str
    street: str
    city: str
    city_state: str
    zip: str
    phone: str
    former_names: list[dict]
    ceo: Person
    cfo: Person
    counsel: Person
    counsel_firm: str
    agent: int | None  # filing agent prefix for its filings; None files itself
    ipo_date: date | None
    # House style of its letters, fixed per company like a real legal department's template.
    restate_style: str
    marker: str
    repeat_headings: bool
    ack_variant: int
    ack_first_only: int

    @property
    def short(self) -> str:
        return self.name.split(",")[0]


@dataclass
class Filing:
    accession: str
    form: str
    filing_date: date
    report_date: date | None
    file_number: str
    primary_document: str
    description: str
    items: str = ""
    size: int = 0
    film: str = ""
    accepted: datetime | None = None


@dataclass
class Letter:
    filing: Filing
    kind: str
    paras: list[Para]
    doc_format: str  # "pdf" | "htm" | "txt"
    label: dict
    public_reference: str = ""
    page_header: list[str] = field(default_factory=list)  # repeated atop PDF pages after the first


@dataclass
class _Counters:
    """Accession sequence numbers shared by all companies: staff uploads and filing agents."""

    staff: dict[int, int] = field(default_factory=dict)
    agent: dict[tuple[int, int], int] = field(default_factory=dict)


# --- dates -------------------------------------------------------------------------------------

def _holidays(year: int) -> set[date]:
    nov = [date(year, 11, d) for d in range(1, 31) if date(year, 11, d).weekday() == 3]
    return {date(year, 1, 1), date(year, 7, 4), date(year, 12, 25), nov[3]}


def is_business_day(d: date) -> bool:
    return d.weekday() < 5 and d not in _holidays(d.year)


def add_business_days(d: date, n: int) -> date:
    while n > 0:
        d += timedelta(days=1)
        if is_business_day(d):
            n -= 1
    while not is_business_day(d):
        d += timedelta(days=1)
    return d


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months_end(d: date, months: int) -> date:
    m = d.month - 1 + months
    return month_end(d.year + m // 12, m % 12 + 1)


# --- the generator ----------------------------------------------------------------------------

class _CompanyBuilder:
    def __init__(self, *, index: int, seed: int, start: date, end: date, counters: _Counters,
                 names: set[str], tickers: set[str], ciks: set[int], reviews: int | None):
        self.index = index
        self.rng = random.Random(f"{seed}:company:{index}")
        self.start, self.end = start, end
        self.counters = counters
        self.reviews_wanted = reviews
        self.self_seq: dict[int, int] = {}
        self.company = self._company(index, names, tickers, ciks)
        self.filings: list[Filing] = []
        self.letters: list[Letter] = []
        self.review_count = 0
        self.disseminated: dict[str, date] = {}

    # identity ---------------------------------------------------------------------------------
    def _company(self, index: int, names: set[str], tickers: set[str], ciks: set[int]) -> Company:
        rng = self.rng
        industry = rng.choice(INDUSTRIES)
        while True:
            base = rng.choice(NAME_FIRST) + rng.choice(NAME_SECOND)
            name = f"{base} {industry.word} {rng.choice(NAME_SUFFIX)}"
            if name not in names:
                names.add(name)
                break
        while True:
            letters = "".join(w[0] for w in base.split()) + industry.word[0]
            ticker = (letters + "".join(rng.choice("ABCDEFGHJKLMNPRSTVWXZ") for _ in range(3)))[: rng.choice([3, 4, 4])]
            if ticker not in tickers:
                tickers.add(ticker)
                break
        while True:
            cik = rng.randint(3_000_000, 3_899_999)
            if cik not in ciks:
                ciks.add(cik)
                break
        city, st, zipc = rng.choice(CITIES)
        former: list[dict] = []
        if rng.random() < 0.2:
            old = f"{base} {rng.choice(['Technologies', 'Industries', 'Systems', 'Partners'])} {rng.choice(NAME_SUFFIX)}".upper()
            changed = date(rng.randint(2003, 2011), rng.randint(1, 12), rng.randint(1, 28))
            former.append({"name": old, "from": f"{changed.year - rng.randint(3, 9)}-03-01T05:00:00.000Z",
                           "to": f"{changed.isoformat()}T04:00:00.000Z"})
        ipo = None
        if rng.random() < 0.2 and self.end.year - self.start.year >= 2:
            ipo = add_business_days(date(rng.randint(self.start.year, self.end.year - 1), rng.randint(1, 12), 1), rng.randint(0, 15))
        return Company(
            cik=cik, name=name, ticker=ticker, industry=industry, state=rng.choice(STATES_OF_INC), fye=rng.choice(FISCAL_YEAR_ENDS),
            file_number=f"{rng.choice(['001', '001', '001', '1', '000'])}-{rng.randint(10000, 41999)}",
            ein=f"{rng.randint(10, 98)}{rng.randint(1000000, 9999999)}",
            street=f"{rng.randint(100, 9900)} {rng.choice(STREETS)}", city=city, city_state=st, zip=zipc,
            phone=f"({rng.randint(201, 989)}) {rng.randint(200, 989)}-{rng.randint(1000, 9999)}", former_names=former,
            ceo=L.person(rng, "Chief Executive Officer"), cfo=L.person(rng, rng.choice(["Chief Financial Officer", "Executive Vice President and Chief Financial Officer"])),
            counsel=L.person(rng, "Partner"), counsel_firm=rng.choice(L.FIRM_NAMES),
            agent=None if rng.random() < 0.35 else rng.choice(AGENTS), ipo_date=ipo,
            restate_style=rng.choice(["i", "i", "i", "b", "bi"]), marker=rng.choice(L.RESPONSE_MARKERS),
            repeat_headings=rng.random() < 0.7, ack_variant=rng.randrange(len(L.ACK_FULL_VARIANTS)),
            ack_first_only=rng.randrange(len(L.ACK_FIRST_ONLY)),
        )

    # accession numbers ----------------------------------------------------------------------
    def _accession(self, d: date, *, staff: bool = False, agent: int | None = -1) -> str:
        yy = d.year % 100
        if staff:
            seq = self.counters.staff.get(yy, 900000) + self.rng.randint(1, 5)
            if seq > 999999:
                raise ValueError("too many staff letters in one year for the synthetic accession range")
            self.counters.staff[yy] = seq
            return f"{STAFF_PREFIX}-{yy:02d}-{seq:06d}"
        prefix = self.company.agent if agent == -1 else agent
        if prefix is None:
            seq = self.self_seq.get(yy, 0) + self.rng.randint(1, 4)
            self.self_seq[yy] = seq
            return f"{self.company.cik:010d}-{yy:02d}-{seq:06d}"
        seq = self.counters.agent.get((prefix, yy), 0) + self.rng.randint(1, 25)
        if seq > 999999:
            raise ValueError("too many agent filings in one year for the synthetic accession range")
        self.counters.agent[(prefix, yy)] = seq
        return f"{prefix:010d}-{yy:02d}-{seq:06d}"

    def _accepted(self, d: date) -> datetime:
        return datetime(d.year, d.month, d.day, self.rng.randint(7, 20), self.rng.randint(0, 59), self.rng.randint(0, 59))

    def _filing(self, form: str, filed: date, *, report: date | None = None, file_number: str | None = None,
                doc: str = "", desc: str = "", items: str = "", staff: bool = False) -> Filing:
        f = Filing(accession=self._accession(filed, staff=staff), form=form, filing_date=filed, report_date=report,
                   file_number=self.company.file_number if file_number is None else file_number, primary_document=doc,
                   description=desc, items=items, size=self.rng.randint(150_000, 9_000_000),
                   film=f"{filed.year % 100:02d}{self.rng.randint(0, 9_999_999):07d}", accepted=self._accepted(filed))
        self.filings.append(f)
        return f

    # periodic filings -----------------------------------------------------------------------
    def periodic_filings(self) -> list[Filing]:
        """10-K, 10-Q, earnings 8-K and DEF 14A rows from the first fiscal year in range; returns the 10-Ks."""
        c, rng = self.company, self.rng
        fye_month = int(c.fye[:2])
        public_from = c.ipo_date + timedelta(days=20) if c.ipo_date else date(1990, 1, 1)
        tenks = []
        t = c.ticker.lower()
        for fy in range(self.start.year - 1, self.end.year + 1):
            fy_end = month_end(fy, fye_month)
            for q in (1, 2, 3):
                qe = add_months_end(fy_end, -12 + 3 * q)
                filed = add_business_days(qe, rng.randint(26, 31))
                if public_from <= qe and filed <= self.end:
                    self._filing("8-K", add_business_days(qe, rng.randint(18, 24)),
                                 report=qe, doc=f"{t}-8k_{qe:%Y%m%d}.htm", desc="8-K", items="2.02,9.01")
                    self._filing("10-Q", filed, report=qe, doc=f"{t}-{qe:%Y%m%d}.htm", desc="10-Q")
            filed = add_business_days(fy_end, rng.randint(38, 55))
            if public_from <= fy_end and filed <= self.end:
                self._filing("8-K", add_business_days(fy_end, rng.randint(22, 30)), report=fy_end,
                             doc=f"{t}-8k_{fy_end:%Y%m%d}.htm", desc="8-K", items="2.02,9.01")
                tenks.append(self._filing("10-K", filed, report=fy_end, doc=f"{t}-{fy_end:%Y%m%d}.htm", desc="10-K"))
                proxy = add_business_days(filed, rng.randint(20, 35))
                if proxy <= self.end:
                    self._filing("DEF 14A", proxy, report=add_business_days(proxy, 30), doc=f"{t}-def14a_{proxy.year}.htm",
                                 desc="DEFINITIVE PROXY STATEMENT")
        return tenks

    # letters ---------------------------------------------------------------------------------
    def _letter(self, *, form: str, d: date, kind: str, paras: list[Para], refs: list[FilingRef], review_id: str,
                responds_to: date | None = None, comments: list[dict] | None = None, responses: list[int] | None = None,
                commitments: list[int] | None = None, acks: dict | None = None, acks_requested: bool | None = None,
                public_reference: str = "", file_number: str = "", note: str | None = None) -> Letter | None:
        if d > self.end:
            return None  # the review is still running when the mirror's window closes
        staff = form == "UPLOAD"
        doc_format = "pdf" if staff else self.rng.choices(["htm", "txt", "pdf"], [75, 15, 10])[0]
        filing = Filing(accession=self._accession(d, staff=staff), form=form, filing_date=d, report_date=None,
                        file_number=file_number if staff else "", primary_document=f"filename1.{doc_format}",
                        description="", accepted=self._accepted(d))
        self.filings.append(filing)
        label = {
            "accession": filing.accession, "cik": self.company.cik, "edgar_form": form, "document": filing.primary_document,
            "kind": kind, "letter_date": d.isoformat(), "referenced_filings": [r.label() for r in refs],
            "responds_to_letter_date": responds_to.isoformat() if responds_to else None,
            "comments": comments or [], "responses": responses or [], "commitments": commitments or [],
            "acknowledgements": acks, "acknowledgements_requested": acks_requested, "review_id": review_id, "note": note,
        }
        if staff:
            addressee = paras[[i for i, p in enumerate(paras) if p.text.startswith("Re:")][0] - 1].text.split("\n")[0]
            header = [addressee, self.company.name, long_date(d)]
        else:
            header = ["Securities and Exchange Commission", long_date(d)]
        letter = Letter(filing=filing, kind=kind, paras=paras, doc_format=doc_format, label=label,
                        public_reference=public_reference, page_header=header)
        self.letters.append(letter)
        return letter

    def _review_id(self) -> str:
        self.review_count += 1
        return f"{self.company.ticker}-{self.review_count}"

    def _fill(self, d: date, topic_key: str, amend: int = 1, prior: int = 1) -> dict:
        rng, ind = self.rng, self.company.industry
        values = {f"lit_{k}": L.lit(k, d) for k in ("revenue", "revenue_principal", "fair_value", "loan_losses", "mdna", "risk",
                                                     "nongaap", "segments", "goodwill", "taxes", "acquired", "materiality")}
        p = rng.randint(8, 90)
        values.update(p=p, p2=p + rng.randint(2, 20), fp=rng.randint(7, 40), n=rng.randint(3, 18), fy=d.year - 1,
                      pct=rng.randint(12, 65), amt=rng.randint(5, 400), segment1=ind.segments[0], segment2=ind.segments[1],
                      channel=rng.choice(L.CHANNELS), measure=rng.choice(L.MEASURES), target=rng.choice(L.TARGETS),
                      amend=amend, prior=prior)
        return values

    # Re: blocks ------------------------------------------------------------------------------
    @staticmethod
    def _ref_lines(ref: FilingRef, style: int) -> list[str]:
        if ref.form == "CORRESP":
            return [f"Response dated {long_date(ref.filed)}"]
        base = ref.form.removesuffix("/A")
        filed = [f"{'Submitted' if base == 'DRS' else 'Filed'} {long_date(ref.filed)}"] if ref.filed else []
        if base == "10-K":
            name = ["Form 10-K for the Fiscal Year Ended", "Form 10-K for Fiscal Year Ended", "Form 10-K for the Year Ended"][style % 3]
            line = f"{name} {long_date(ref.period_end)}"
        elif base == "10-Q":
            line = f"Form 10-Q for the Quarterly Period Ended {long_date(ref.period_end)}"
        elif base == "8-K":
            return [f"Form 8-K Filed {long_date(ref.filed)}"] if style % 2 else ["Form 8-K", *filed]
        elif base == "DEF 14A":
            line = "Definitive Proxy Statement on Schedule 14A"
        elif base == "DRS":
            line = "Draft Registration Statement on Form S-1"
        else:
            line = f"Registration Statement on Form {base}"
        if ref.amendment:
            line = f"Amendment No. {ref.amendment} to {line}"
        return [line, *filed]

    def _re_block(self, refs: list[FilingRef], style: int) -> str:
        lines = [self.company.name]
        for ref in refs:
            lines += self._ref_lines(ref, style)
        numbers = [r.file_number for r in refs if r.file_number]
        if numbers:
            lines.append(f"File No. {numbers[0]}")
        elif any(r.form.startswith("DRS") for r in refs):
            # Draft submissions are confidential and carry no file number in the letter; the CIK identifies them.
            lines.append(f"CIK No. {self.company.cik:010d}")
        return "Re:\t" + "\n\t".join(lines)

    @staticmethod
    def _filing_title(ref: FilingRef) -> str:
        return _CompanyBuilder._ref_lines(ref, 0)[0]

    # staff letters ---------------------------------------------------------------------------
    def _staff_head(self, d: date, addressee: Person, refs: list[FilingRef], style: int) -> list[Para]:
        c, rng = self.company, self.rng
        paras: list[Para] = []
        if d.year < 2019:
            paras.append(Para("UNITED STATES\nSECURITIES AND EXCHANGE COMMISSION\nWASHINGTON, D.C. 20549", lines=True, center=True))
            paras.append(Para(f"DIVISION OF\nCORPORATION FINANCE", lines=True))
            if d.year < 2018:
                paras.append(Para(f"Mail Stop {rng.choice([3030, 3561, 4561, 4720, 6010, 7010])}"))
        else:
            paras.append(Para("United States Securities and Exchange Commission logo", center=True))
        paras.append(Para(long_date(d)))
        paras.append(Para(f"{addressee.name}\n{addressee.title}\n{c.name}\n{c.street}\n{c.city}, {c.city_state} {c.zip}", lines=True))
        paras.append(Para(self._re_block(refs, style), lines=True))
        paras.append(Para(f"Dear {addressee.salutation} {addressee.last}:"))
        return paras

    def _staff_tail(self, d: date, *, ack_requested: bool, registration: bool, no_review: bool = False) -> list[Para]:
        paras: list[Para] = []
        if ack_requested:
            paras.append(Para(L.URGE))
            paras.append(Para(L.ACK_REQUEST_LEAD_NO_REVIEW if no_review else L.ACK_REQUEST_LEAD))
            paras += [Para(item, indent=1) for item in L.ACK_REQUEST_ITEMS]
        else:
            paras.append(Para(L.REMINDER))
        if registration:
            paras.append(Para(L.ACCELERATION_NOTE))
        return paras + self._staff_signature(d)

    def _staff_signature(self, d: date) -> list[Para]:
        rng = self.rng
        office = self.company.industry.office_old if d.year < 2019 else self.company.industry.office_new
        reviewers = [L.person(rng, rng.choice(L.STAFF_TITLES_REVIEWER)) for _ in range(2)]
        signer = L.person(rng, rng.choice(L.STAFF_TITLES_SIGNER))
        paras = [Para(L.staff_contact(rng, reviewers, f"(202) 551-{rng.randint(3000, 8999)}")),
                 Para(f"Sincerely,\n\n/s/ {signer.name}\n\n{signer.name}\n{signer.title}\n{office}", lines=True)]
        if rng.random() < 0.3:
            paras.append(Para(f"cc:\t{self.company.counsel.name}\n\t{self.company.counsel_firm}", lines=True))
        return paras

    def _comment_paras(self, comments: list[StaffComment], *, style: str = "", prefix: str = "",
                       show_headings: bool = True, heading_style: str = "b") -> list[Para]:
        paras: list[Para] = []
        previous: list[str] = []
        for cm in comments:
            if show_headings:
                shared = 0
                while shared < min(len(previous), len(cm.headings)) and previous[shared] == cm.headings[shared]:
                    shared += 1
                for h in cm.headings[shared:]:
                    paras.append(Para(h, style=heading_style))
                previous = cm.headings
            number = f"{prefix}{cm.number}. " if cm.printed else ""
            paras.append(Para(number + cm.text, style=style))
            for i, item in enumerate(cm.subitems):
                marker = f"({'abcdefgh'[i]}) " if cm.lettered else "- "
                paras.append(Para(marker + item, style=style, indent=1))
        return paras

    def _make_comments(self, d: date, refs: list[FilingRef], topic_keys: list[str], *, registration: bool,
                       top_headings: bool, amend: int = 1) -> list[StaffComment]:
        rng = self.rng
        primary = refs[0]
        top = [self._filing_title(primary)] if top_headings else []
        out: list[StaffComment] = []
        for key in topic_keys:
            topic = L.TOPIC_BY_KEY[key]
            options = topic.headings_registration if registration else topic.headings_periodic
            heading_top = top
            secondary = refs[1].form if len(refs) > 1 and top and not registration else ""
            if secondary == "10-Q" and rng.random() < 0.35:
                heading_top = [self._filing_title(refs[1])]
            elif secondary == "8-K" and key == "nongaap":
                # An earnings release is an exhibit to the 8-K, not a section of the annual report.
                heading_top, options = [self._filing_title(refs[1])], (("Exhibit 99.1", "Non-GAAP Financial Measures"),)
            picks = rng.sample(range(len(topic.comments)), k=rng.choice([1, 1, 2]))
            for ci in sorted(picks):
                # Pair each comment with its own section, so a topic's comments sit under fitting headings.
                chain = list(options[ci % len(options)]) if options else []
                fill = self._fill(d, key, amend=amend)
                text = topic.comments[ci].format_map(fill)
                sub: list[str] = []
                if topic.subitems and ci == topic.subitems_fit and rng.random() < 0.5:
                    keep = sorted(rng.sample(range(len(topic.subitems)), k=min(len(topic.subitems), rng.randint(2, 3))))
                    sub = [topic.subitems[i] for i in keep]
                    if not sub[-1].endswith("."):
                        sub[-1] = sub[-1].rstrip(";") + "."
                    text = text.rstrip(".") + ". In your response, please address:"
                out.append(StaffComment(number=0, printed=True, headings=heading_top + [h.format_map(fill) for h in chain],
                                        text=text, subitems=sub, lettered=rng.random() < 0.5, topic=key, variant=ci))
        # Comments about the later filing follow those about the primary one, as in real letters.
        out.sort(key=lambda cm: 0 if not cm.headings or not top or cm.headings[0] == top[0] else 1)
        return out

    def _number(self, comments: list[StaffComment], *, restart: bool, level: int = 0) -> None:
        n, previous_top = 0, None
        for cm in comments:
            top = tuple(cm.headings[: level + 1])
            if restart and top != previous_top:
                n = 0
            previous_top = top
            n += 1
            cm.number = n

    @staticmethod
    def _comment_labels(comments: list[StaffComment], with_headings: bool = True) -> list[dict]:
        return [{"number": cm.number, "heading": " / ".join(cm.headings) if (with_headings and cm.headings) else None,
                 "first_words": cm.first_words} for cm in comments]

    def staff_comment_letter(self, *, d: date, refs: list[FilingRef], comments: list[StaffComment], review_id: str,
                             registration: bool, intro: str, responds_to: date | None, public_reference: str,
                             note: str | None = None, file_number: str = "") -> Letter | None:
        rng = self.rng
        ack = d < L.ACK_CUTOFF
        addressee = self.company.ceo if registration else self.company.cfo
        paras = self._staff_head(d, addressee, refs, rng.randrange(6))
        paras.append(Para(intro if registration else f"{intro} {L.STAFF_INTRO_TAIL}"))
        paras.append(Para(L.STAFF_AFTER_COMMENTS))
        paras += self._comment_paras(comments)
        paras += self._staff_tail(d, ack_requested=ack, registration=registration)
        return self._letter(form="UPLOAD", d=d, kind="staff_comment_letter", paras=paras, refs=refs, review_id=review_id,
                            responds_to=responds_to, comments=self._comment_labels(comments), acks_requested=ack,
                            public_reference=public_reference, file_number=file_number or refs[0].file_number or "",
                            note=note)

    def staff_complete_letter(self, *, d: date, refs: list[FilingRef], review_id: str, public_reference: str,
                              registration: bool) -> Letter | None:
        rng = self.rng
        addressee = self.company.ceo if registration else self.company.cfo
        paras = self._staff_head(d, addressee, refs, rng.randrange(6))
        paras.append(Para(L.NO_FURTHER_COMMENTS if registration else rng.choice(L.COMPLETE_TEXTS).format(reminder=L.REMINDER)))
        if registration:
            paras.append(Para(L.ACCELERATION_NOTE))
        paras += self._staff_signature(d)
        return self._letter(form="UPLOAD", d=d, kind="review_complete", paras=paras, refs=refs, review_id=review_id,
                            acks_requested=False, public_reference=public_reference, file_number=refs[0].file_number or "")

    # company letters -------------------------------------------------------------------------
    def _company_head(self, d: date, refs: list[FilingRef], attention: list[Person] | None, counsel: bool) -> list[Para]:
        c, rng = self.company, self.rng
        paras: list[Para] = []
        if counsel:
            paras.append(Para(f"{c.counsel_firm}\n{rng.randint(100, 999)} Avenue of the Americas\nNew York, NY 10036", lines=True, center=True))
        else:
            paras.append(Para(f"{c.name}\n{c.street}\n{c.city}, {c.city_state} {c.zip}", lines=True, center=rng.random() < 0.5))
        paras.append(Para(long_date(d)))
        paras.append(Para(rng.choice(["VIA EDGAR", "BY EDGAR", "Via EDGAR Correspondence"]), style="u"))
        paras.append(Para("U.S. Securities and Exchange Commission\nDivision of Corporation Finance\n"
                          f"{c.industry.office_old if d.year < 2019 else c.industry.office_new}\n100 F Street, N.E.\nWashington, D.C. 20549",
                          lines=True))
        if attention:
            paras.append(Para("Attention:\t" + "\n\t".join(p.name for p in attention), lines=True))
        paras.append(Para(self._re_block(refs, rng.randrange(6)), lines=True))
        if attention and rng.random() < 0.6:
            names = " and ".join(f"{p.salutation} {p.last}" for p in attention)
            paras.append(Para(f"Dear {names}:"))
        else:
            paras.append(Para("Ladies and Gentlemen:"))
        return paras

    def _ack_paras(self, requested: bool) -> tuple[list[Para], dict]:
        c, rng = self.company, self.rng
        if requested:
            _, lead, items = L.ACK_FULL_VARIANTS[c.ack_variant]
            paras = ([Para(lead)] if lead else []) + [Para(i, indent=1 if lead else 0) for i in items]
            return paras, {"responsibility": True, "no_foreclosure": True, "no_defense": True}
        if rng.random() < 0.3:
            return [Para(L.ACK_FIRST_ONLY[c.ack_first_only])], {"responsibility": True, "no_foreclosure": False, "no_defense": False}
        return [], {"responsibility": False, "no_foreclosure": False, "no_defense": False}

    def _signature(self, signer: Person, counsel: bool) -> list[Para]:
        c, rng = self.company, self.rng
        who = f"{signer.name}\n{signer.title}\n" + (c.counsel_firm if counsel else c.name)
        paras = [Para(f"{rng.choice(L.SIGNOFFS)}\n\n/s/ {signer.name}\n\n{who}", lines=True)]
        if rng.random() < 0.5:
            cc = [c.ceo.name + ", " + c.ceo.title] if counsel else [f"{c.counsel.name}, {c.counsel_firm}"]
            paras.append(Para("cc:\t" + "\n\t".join(cc), lines=True))
        return paras

    def company_response(self, *, d: date, staff: Letter, staff_comments: list[StaffComment], refs: list[FilingRef],
                         review_id: str, registration: bool, ack_requested: bool, amendment: int | None,
                         counsel: bool, staff_people: list[Person]) -> tuple[Letter | None, list[int]]:
        c, rng = self.company, self.rng
        staff_date = staff.filing.filing_date
        paras = self._company_head(d, refs, staff_people, counsel)
        draft = refs[0].form.startswith("DRS")
        what = ("Draft Registration Statement" if draft else "Registration Statement") if registration else (
            "filings" if len(refs) > 1 else "filing")
        if counsel:
            verb = "confidentially submitting" if draft else "filing"
            paras.append(Para(L.COUNSEL_INTRO.format(company=c.name, staff_date=long_date(staff_date), what=what,
                                                     amend=amendment, verb=verb)))
        else:
            paras.append(Para(rng.choice(L.RESPONSE_INTROS).format(company=c.name, staff_date=long_date(staff_date), what=what)))
        commitments: list[int] = []
        notes: list[str] = []
        previous: list[str] = []
        for cm in staff_comments:
            if c.repeat_headings:
                shared = 0
                while shared < min(len(previous), len(cm.headings)) and previous[shared] == cm.headings[shared]:
                    shared += 1
                for h in cm.headings[shared:]:
                    paras.append(Para(h, style="bu" if rng.random() < 0.2 else "b"))
                previous = cm.headings
            paras += self._comment_paras([cm], style=c.restate_style, show_headings=False)
            topic = L.TOPIC_BY_KEY[cm.topic]
            fill = self._fill(d, cm.topic, amend=amendment or 1)
            answer = topic.answers[cm.variant % len(topic.answers)].format_map(fill)
            commits = rng.random() < (0.75 if registration else 0.45)
            if c.marker.endswith(":"):
                paras.append(Para(f"{c.marker} {answer}"))
            else:
                if c.marker:
                    paras.append(Para(c.marker, style="bu"))
                paras.append(Para(answer))
            if commits:
                if registration:
                    options = [s for s in topic.commitments if "Amendment No." in s] or [
                        "The Company has revised the disclosure on page {p} of Amendment No. {amend} in response to the Staff's comment."]
                else:
                    options = [s for s in topic.commitments if "Amendment No." not in s and "amended filing" not in s] or [
                        "In future filings we will revise the disclosure to address the Staff's comment."]
                sentence = rng.choice(options).format_map(fill)
                paras.append(Para(sentence))
                commitments.append(cm.number)
                if "amend our Form 10-K" in sentence:
                    notes.append("commits to amend the Form 10-K")
            elif rng.random() < 0.5:
                paras.append(Para("Based on the foregoing, the Company believes that its existing disclosure is appropriate."))
        ack_paras, acks = self._ack_paras(ack_requested)
        paras += ack_paras
        signer = c.counsel if counsel else c.cfo
        paras.append(Para(rng.choice(L.RESPONSE_CLOSINGS).format(phone=c.phone)))
        paras += self._signature(signer, counsel)
        letter = self._letter(
            form="CORRESP", d=d, kind="company_response", paras=paras, refs=refs, review_id=review_id, responds_to=staff_date,
            comments=self._comment_labels(staff_comments, with_headings=c.repeat_headings),
            responses=[cm.number for cm in staff_comments], commitments=commitments, acks=acks,
            note="; ".join(notes) or None,
        )
        return letter, commitments

    def extension_request(self, *, d: date, staff: Letter, refs: list[FilingRef], review_id: str, due: date) -> Letter | None:
        c = self.company
        paras = self._company_head(d, refs, None, False)
        paras.append(Para(f"We refer to the letter dated {long_date(staff.filing.filing_date)} from the staff of the Division of "
                          f"Corporation Finance regarding the above-referenced filing. As discussed with the Staff by telephone, "
                          f"the Company requires additional time to gather the information requested and to complete its review "
                          f"with its independent registered public accounting firm and audit committee."))
        paras.append(Para(f"Accordingly, the Company respectfully requests an extension of the response date and expects to "
                          f"submit its response on or before {long_date(due)}."))
        paras.append(Para(self.rng.choice(L.RESPONSE_CLOSINGS).format(phone=c.phone)))
        paras += self._signature(c.cfo, False)
        return self._letter(form="CORRESP", d=d, kind="extension_request", paras=paras, refs=refs, review_id=review_id,
                            responds_to=staff.filing.filing_date,
                            acks={"responsibility": False, "no_foreclosure": False, "no_defense": False})

    def acceleration_request(self, *, d: date, ref: FilingRef, review_id: str, effective: date, with_acks: bool) -> Letter | None:
        c, rng = self.company, self.rng
        bare = FilingRef(ref.form.removesuffix("/A"), None, None, ref.file_number)
        paras = self._company_head(d, [bare], None, False)
        paras.append(Para(f"In accordance with Rule 461 under the Securities Act of 1933, as amended, {c.name} (the \"Company\") "
                          f"asks that the effectiveness of the above-referenced Registration Statement be accelerated to "
                          f"{rng.choice(['4:00', '4:30', '5:00'])} p.m., Eastern Time, on {long_date(effective)}, or to the "
                          f"earliest practicable time after that."))
        acks = {"responsibility": with_acks, "no_foreclosure": with_acks, "no_defense": with_acks}
        if with_acks:
            _, lead, items = L.ACK_FULL_VARIANTS[c.ack_variant]
            paras += ([Para(lead)] if lead else []) + [Para(i, indent=1 if lead else 0) for i in items]
        paras.append(Para(f"Please notify {c.counsel.name} of {c.counsel_firm} at ({rng.randint(201, 989)}) {rng.randint(200, 989)}-"
                          f"{rng.randint(1000, 9999)} when the Registration Statement has been declared effective."))
        paras += self._signature(c.ceo, False)
        return self._letter(form="CORRESP", d=d, kind="acceleration_request", paras=paras, refs=[bare], review_id=review_id,
                            acks=acks)

    # reviews ---------------------------------------------------------------------------------
    def _topics(self, k: int) -> list[str]:
        keys = list(self.company.industry.topics)
        return self.rng.sample(keys, k=min(k, len(keys)))

    def _ref(self, f: Filing, amendment: int | None = None) -> FilingRef:
        return FilingRef(f.form, f.report_date if f.form.startswith(("10-K", "10-Q")) else None, f.filing_date,
                         None if f.form.startswith("DRS") else f.file_number, amendment, f.accession)

    def periodic_review(self, tenk: Filing, *, proxy: bool = False) -> None:
        rng = self.rng
        review_id = self._review_id()
        refs = [self._ref(tenk)]
        if not proxy and rng.random() < 0.3:
            later = [f for f in self.filings if f.form in ("10-Q", "8-K") and tenk.filing_date < f.filing_date
                     < add_business_days(tenk.filing_date, 90)]
            if later:
                refs.append(self._ref(rng.choice(later)))
        d = add_business_days(max(refs[-1].filed, tenk.filing_date), rng.randint(25, 120))
        if d < self.start:
            return
        topics = ["compensation"] if proxy else self._topics(rng.choice([1, 2, 2, 3, 3, 4]))
        if len(refs) > 1 and refs[1].form == "8-K":
            # The staff names an earnings release only when it comments on its non-GAAP measures.
            if "nongaap" in self.company.industry.topics:
                topics = ["nongaap"] + [t for t in topics if t != "nongaap"]
            else:
                refs = refs[:1]
        top_headings = rng.random() < 0.85 or len(refs) > 1
        comments = self._make_comments(d, refs, topics, registration=False, top_headings=top_headings)
        if not comments:
            return
        note = None
        multi_top = len({cm.headings[0] for cm in comments if cm.headings}) > 1
        restart = multi_top and rng.random() < 0.5
        level = 0
        if not multi_top and rng.random() < 0.08:
            restart, level = True, 1  # a few letters number afresh under each section heading
        if rng.random() < 0.1:
            comments = comments[:1]
            comments[0].printed = False
            comments[0].subitems = []
            note = "single unnumbered comment"
            restart = False
        self._number(comments, restart=restart, level=level)
        if restart and len({cm.number for cm in comments}) < len(comments):
            note = "comment numbering restarts under each heading"
        staff = self.staff_comment_letter(d=d, refs=refs, comments=comments, review_id=review_id, registration=False,
                                          intro=rng.choice(L.STAFF_INTROS_PERIODIC), responds_to=None,
                                          public_reference=tenk.accession, note=note)
        self._run_rounds(staff, comments, refs, review_id, registration=False, subject=tenk)

    def _run_rounds(self, staff: Letter | None, comments: list[StaffComment], refs: list[FilingRef], review_id: str, *,
                    registration: bool, subject: Filing, reg_form: str = "") -> None:
        rng = self.rng
        staff_people = [L.person(rng) for _ in range(rng.choice([1, 2]))]
        counsel = registration and rng.random() < 0.4
        amendment = 0
        latest_ref = refs[0]
        used_asks: set[str] = set()
        for round_no in range(1, 4):
            if staff is None:
                return
            ack_requested = bool(staff.label["acknowledgements_requested"])
            d_staff = staff.filing.filing_date
            d_resp = add_business_days(d_staff, rng.randint(7, 14))
            if not registration and rng.random() < 0.1:
                ext = self.extension_request(d=add_business_days(d_staff, rng.randint(6, 9)), staff=staff, refs=refs,
                                             review_id=review_id, due=add_business_days(d_staff, 22))
                if ext is None:
                    return
                d_resp = add_business_days(d_staff, rng.randint(18, 22))
            if d_resp > self.end:
                return
            if registration:
                amendment += 1
                amended = self._filing(f"{reg_form}/A", d_resp, file_number=subject.file_number,
                                       doc=f"{self.company.ticker.lower()}-{reg_form.lower().replace('-', '')}a{amendment}.htm",
                                       desc=f"{reg_form}/A")
            response, _ = self.company_response(
                d=d_resp, staff=staff, staff_comments=comments, refs=refs, review_id=review_id, registration=registration,
                ack_requested=ack_requested, amendment=amendment or None, counsel=counsel, staff_people=staff_people)
            if response is None:
                return
            if response.label["note"] and "amend" in response.label["note"] and not registration \
                    and add_business_days(d_resp, 20) <= self.end:
                self._filing("10-K/A", add_business_days(d_resp, rng.randint(5, 20)), report=subject.report_date,
                             doc=f"{self.company.ticker.lower()}-10ka.htm", desc="10-K/A")
            if registration:
                latest_ref = self._ref(amended, amendment)
            go_on = rng.random() < (0.65 if registration else 0.45) / round_no
            if not go_on:
                break
            d_next = add_business_days(d_resp, rng.randint(10, 30) if not registration else rng.randint(5, 15))
            prior = rng.sample(comments, k=min(len(comments), rng.choice([1, 1, 2, 3])))
            prior.sort(key=lambda cm: comments.index(cm))
            follow: list[StaffComment] = []
            for cm in prior:
                topic = L.TOPIC_BY_KEY[cm.topic]
                fill = self._fill(d_next, cm.topic, prior=cm.number)
                fresh = [a for a in topic.followups + L.GENERIC_FOLLOWUPS if a not in used_asks]
                ask = rng.choice(fresh or list(L.GENERIC_FOLLOWUPS))
                used_asks.add(ask)
                ask = ask.format_map(fill)
                if "prior comment" not in ask:
                    ask = f"We note your response to comment {cm.number}. {ask}" if cm.printed else f"We note your response to our prior comment. {ask}"
                follow.append(StaffComment(number=0, printed=True, headings=list(cm.headings), text=ask, topic=cm.topic,
                                           variant=rng.randrange(len(topic.answers))))
            self._number(follow, restart=False)
            if registration:
                refs = [latest_ref]
                intro = rng.choice(L.STAFF_INTROS_AMENDMENT).format(prior=long_date(d_staff))
                if reg_form == "DRS":
                    intro = intro.replace("amended registration statement", "amended draft registration statement")
                responds_to = None
            else:
                refs = [r for r in refs if r.form != "CORRESP"] + [FilingRef("CORRESP", None, d_resp, None)]
                intro = rng.choice(L.STAFF_INTROS_FOLLOWUP).format(resp=long_date(d_resp), prior=long_date(d_staff))
                responds_to = d_resp
            staff = self.staff_comment_letter(d=d_next, refs=refs, comments=follow, review_id=review_id,
                                              registration=registration, intro=intro, responds_to=responds_to,
                                              public_reference=latest_ref.accession or subject.accession,
                                              file_number=subject.file_number)
            comments = follow
        last = self.letters[-1].filing.filing_date if self.letters else subject.filing_date
        if reg_form == "DRS":
            # After the confidential rounds the company files publicly, then asks for effectiveness.
            public = add_business_days(last, rng.randint(10, 25))
            if public > self.end:
                return
            s1 = self._filing("S-1", public, file_number=f"333-{rng.randint(180000, 289999)}",
                              doc=f"{self.company.ticker.lower()}-s1.htm", desc="S-1")
            req = add_business_days(public, rng.randint(12, 20))
            self.acceleration_request(d=req, ref=self._ref(s1), review_id=review_id, effective=add_business_days(req, 2),
                                      with_acks=False)
        elif registration:
            if rng.random() < 0.5:
                done = self.staff_complete_letter(d=add_business_days(last, rng.randint(4, 10)), refs=[latest_ref],
                                                  review_id=review_id, public_reference=subject.accession, registration=True)
                last = done.filing.filing_date if done else last
            req = add_business_days(last, rng.randint(2, 8))
            self.acceleration_request(d=req, ref=latest_ref, review_id=review_id, effective=add_business_days(req, 2),
                                      with_acks=ack_requested)
        else:
            complete_refs = list(refs) if rng.random() < 0.5 else [r for r in refs if r.form != "CORRESP"]
            self.staff_complete_letter(d=add_business_days(last, rng.randint(10, 30)), refs=complete_refs, review_id=review_id,
                                       public_reference=subject.accession, registration=False)

    def registration_review(self, form: str, filed: date) -> None:
        rng = self.rng
        review_id = self._review_id()
        file_number = f"333-{rng.randint(180000, 289999)}"
        if form == "S-1" and filed >= date(2017, 7, 10) and rng.random() < 0.6:
            form, file_number = "DRS", f"377-{rng.randint(100, 9999):05d}"  # draft registration statement
        t = self.company.ticker.lower()
        subject = self._filing(form, filed, file_number=file_number, doc=f"{t}-{form.lower().replace('-', '')}.htm", desc=form)
        refs = [self._ref(subject)]
        d = add_business_days(filed, rng.randint(18, 26))
        keys = ["offering", "risk", "mdna", "revenue"] if form in ("S-1", "DRS") else ["merger", "acquisition", "risk", "taxes"]
        topics = rng.sample(keys, k=rng.randint(2, 4))
        if form in ("S-1", "DRS") and rng.random() < 0.5:
            topics.append("compensation")
        comments = self._make_comments(d, refs, topics, registration=True, top_headings=rng.random() < 0.5)
        self._number(comments, restart=False)
        intro = rng.choice(L.STAFF_INTROS_REGISTRATION)
        if form == "DRS":
            intro = intro.replace("your registration statement", "your draft registration statement")
        staff = self.staff_comment_letter(d=d, refs=refs, comments=comments, review_id=review_id, registration=True,
                                          intro=intro, responds_to=None, public_reference=subject.accession,
                                          file_number=file_number)
        self._run_rounds(staff, comments, refs, review_id, registration=True, subject=subject, reg_form=form)

    def no_review(self, filed: date) -> None:
        rng = self.rng
        review_id = self._review_id()
        subject = self._filing("S-3", filed, file_number=f"333-{rng.randint(180000, 289999)}",
                               doc=f"{self.company.ticker.lower()}-s3.htm", desc="S-3")
        ref = self._ref(subject)
        d = add_business_days(filed, rng.randint(2, 7))
        ack = d < L.ACK_CUTOFF
        paras = self._staff_head(d, self.company.ceo, [ref], rng.randrange(6))
        paras.append(Para(L.NO_REVIEW_TEXT))
        paras += self._staff_tail(d, ack_requested=ack, registration=False, no_review=True)
        letter = self._letter(form="UPLOAD", d=d, kind="no_review", paras=paras, refs=[ref], review_id=review_id,
                              acks_requested=ack, public_reference=subject.accession, file_number=subject.file_number)
        if letter is None:
            return
        req = add_business_days(d, rng.randint(1, 5))
        self.acceleration_request(d=req, ref=ref, review_id=review_id, effective=add_business_days(req, 2), with_acks=ack)

    def build(self) -> None:
        rng, c = self.rng, self.company
        tenks = [f for f in self.periodic_filings() if f.filing_date >= self.start]
        plans: list[tuple[str, object]] = []
        if c.ipo_date:
            plans.append(("S-1", c.ipo_date))
        wanted = self.reviews_wanted if self.reviews_wanted is not None else rng.choice([2, 2, 3, 3, 3, 4])
        pool: list[Filing] = list(tenks)
        rng.shuffle(pool)
        proxies = [f for f in self.filings if f.form == "DEF 14A" and f.filing_date >= self.start]
        earliest = c.ipo_date + timedelta(days=400) if c.ipo_date else self.start
        span = (self.end - earliest).days - 120
        while len(plans) < wanted:
            roll = rng.random()
            if roll < 0.62 and pool:
                plans.append(("10-K", pool.pop()))
            elif roll < 0.72 and proxies:
                plans.append(("DEF 14A", proxies.pop(rng.randrange(len(proxies)))))
            elif span > 0:
                when = add_business_days(earliest + timedelta(days=rng.randint(0, span)), 0)
                plans.append(("S-3" if roll < 0.9 else "S-4" if roll < 0.97 else "S-1", when))
            elif pool:
                plans.append(("10-K", pool.pop()))
            else:
                break
        for kind, subject in plans[:wanted]:
            if kind == "10-K":
                self.periodic_review(subject)  # type: ignore[arg-type]
            elif kind == "DEF 14A":
                self.periodic_review(subject, proxy=True)  # type: ignore[arg-type]
            elif kind == "S-3":
                self.no_review(subject)  # type: ignore[arg-type]
            else:
                self.registration_review(kind, subject)  # type: ignore[arg-type]
        # Correspondence is disseminated together once a review is over, at least 20 business days later.
        by_review: dict[str, date] = {}
        for letter in self.letters:
            rid = letter.label["review_id"]
            by_review[rid] = max(by_review.get(rid, letter.filing.filing_date), letter.filing.filing_date)
        offsets = {rid: rng.randint(20, 45) for rid in sorted(by_review)}
        for letter in self.letters:
            rid = letter.label["review_id"]
            self.disseminated[letter.filing.accession] = add_business_days(by_review[rid], offsets[rid])


# --- rendering ----------------------------------------------------------------------------------

TEXT_WIDTH = 78
PDF_WIDTH = 92


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False) or [""]


def render_text(paras: list[Para]) -> str:
    out: list[str] = []
    for p in paras:
        pad = "    " * p.indent
        if p.lines:
            lines = [ln.expandtabs(8) for ln in p.text.split("\n")]
        else:
            lines = _wrap(p.text, TEXT_WIDTH - len(pad))
        for ln in lines:
            out.append((ln.center(TEXT_WIDTH).rstrip() if p.center else pad + ln).rstrip())
        out.append("")
    return "\n".join(out)


def _html_run(text: str, style: str, italic_tag: str) -> str:
    s = html.escape(text, quote=False)
    if "i" in style:
        s = f"<i>{s}</i>" if italic_tag == "i" else f'<font style="font-style:italic">{s}</font>'
    if "b" in style:
        s = f"<b>{s}</b>"
    if "u" in style:
        s = f"<u>{s}</u>"
    return s


def render_html(paras: list[Para], *, title: str, italic_tag: str) -> str:
    body: list[str] = []
    for p in paras:
        css = ["margin-top:0pt", "margin-bottom:10pt"]
        if p.indent:
            css.append(f"margin-left:{36 * p.indent}pt")
        if p.center:
            css.append("text-align:center")
        if p.lines:
            content = "<br>".join(_html_run(ln.replace("\t", " "), p.style, italic_tag) if ln else "&nbsp;" for ln in p.text.split("\n"))
        else:
            content = _html_run(p.text, p.style, italic_tag)
        body.append(f'<p style="{";".join(css)}">{content}</p>')
    return ("<html>\n<head>\n<title>" + html.escape(title) + "</title>\n</head>\n"
            '<body style="font-family:Times New Roman;font-size:10pt">\n' + "\n".join(body) + "\n</body>\n</html>")


def layout_pdf(paras: list[Para], *, header: list[str]) -> list[list[tuple[str, int]]]:
    """Lay paragraphs out on pages; pages after the first repeat a short header, like staff letters."""
    pages: list[list[tuple[str, int]]] = [[]]
    for p in paras:
        indent = 24 * p.indent
        if p.lines:
            lines = [ln.replace("\t", "    ") for ln in p.text.split("\n")]
        else:
            lines = _wrap(p.text, PDF_WIDTH - 5 * p.indent)
        # Keep a paragraph's opening lines together so a comment's first words never straddle a page.
        if len(pages[-1]) + min(len(lines), 3) > LINES_PER_PAGE:
            pages.append([])
        for ln in lines:
            if len(pages[-1]) >= LINES_PER_PAGE:
                pages.append([])
            if not pages[-1] and len(pages) > 1:
                pages[-1] += [(h, 0) for h in header] + [(f"Page {len(pages)}", 0), ("", 0)]
            x = max(0, (PDF_WIDTH - len(ln)) * 5 // 2) if p.center else indent
            pages[-1].append((ln, x))
        pages[-1].append(("", 0))
    return pages


def uuencode(data: bytes, name: str) -> str:
    lines = [f"begin 644 {name}"]
    for i in range(0, len(data), 45):
        lines.append(binascii.b2a_uu(data[i:i + 45]).decode("ascii").rstrip("\n"))
    lines += ["", "end"]
    return "\n".join(lines)


# --- writing -----------------------------------------------------------------------------------

def _dump(obj: object) -> bytes:
    return (json.dumps(obj, sort_keys=True, indent=1) + "\n").encode("utf-8")


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _sgml_document(doc_type: str, seq: int, filename: str, body: str, description: str = "") -> str:
    desc = f"<DESCRIPTION>{description}\n" if description else ""
    return f"<DOCUMENT>\n<TYPE>{doc_type}\n<SEQUENCE>{seq}\n<FILENAME>{filename}\n{desc}<TEXT>\n{body}\n</TEXT>\n</DOCUMENT>\n"


def _header(c: Company, letter: Letter, disseminated: date, doc_count: int) -> str:
    f = letter.filing
    upload = f.form == "UPLOAD"
    acc = f.accession
    lines = [
        f"<SEC-DOCUMENT>{acc}.txt : {disseminated:%Y%m%d}",
        f"<SEC-HEADER>{acc}.hdr.sgml : {disseminated:%Y%m%d}",
        f"<ACCEPTANCE-DATETIME>{f.accepted:%Y%m%d%H%M%S}",
        "<PRIVATE-TO-PUBLIC>",
        f"ACCESSION NUMBER:\t\t{acc}",
        f"CONFORMED SUBMISSION TYPE:\t{f.form}",
        f"PUBLIC DOCUMENT COUNT:\t\t{doc_count}",
        f"FILED AS OF DATE:\t\t{f.filing_date:%Y%m%d}",
        "",
        "FILED FOR:\t\t" if upload else "FILER:",
        "",
        "\tCOMPANY DATA:\t",
        f"\t\tCOMPANY CONFORMED NAME:\t\t\t{c.name}",
        f"\t\tCENTRAL INDEX KEY:\t\t\t{c.cik:010d}",
        f"\t\tSTANDARD INDUSTRIAL CLASSIFICATION:\t{c.industry.description.upper()} [{c.industry.sic}]",
        f"\t\tORGANIZATION NAME:           \t{c.industry.office_new.replace('Office of ', '')}",
        f"\t\tIRS NUMBER:\t\t\t\t{c.ein}",
        f"\t\tSTATE OF INCORPORATION:\t\t\t{c.state}",
        f"\t\tFISCAL YEAR END:\t\t\t{c.fye}",
        "",
        "\tFILING VALUES:",
        f"\t\tFORM TYPE:\t\t{f.form}",
    ]
    if upload and f.file_number:
        lines.append(f"\t\tSEC FILE NUMBER:\t{f.file_number}")
    address = [f"\t\tSTREET 1:\t\t{c.street.upper()}", f"\t\tCITY:\t\t\t{c.city.upper()}", f"\t\tSTATE:\t\t\t{c.city_state}",
               f"\t\tZIP:\t\t\t{c.zip}"]
    lines += ["", "\tBUSINESS ADDRESS:\t", *address, f"\t\tBUSINESS PHONE:\t\t{c.phone}", "", "\tMAIL ADDRESS:\t", *address]
    for former in c.former_names:
        lines += ["", "\tFORMER COMPANY:\t", f"\t\tFORMER CONFORMED NAME:\t{former['name']}",
                  f"\t\tDATE OF NAME CHANGE:\t{former['to'][:10].replace('-', '')}"]
    if upload and letter.public_reference:
        lines.append(f"PUBLIC REFERENCE ACCESSION NUMBER:\t\t{letter.public_reference}")
    lines.append("</SEC-HEADER>")
    return "\n".join(lines) + "\n"


def _write_letter(root: Path, builder: _CompanyBuilder, letter: Letter) -> int:
    c, f = builder.company, letter.filing
    rng = random.Random(f.accession)  # per-filing choices stay stable whatever else changes
    disseminated = builder.disseminated[f.accession]
    folder = root / "www.sec.gov" / "Archives" / "edgar" / "data" / str(c.cik) / f.accession.replace("-", "")
    title = f"{c.name} {f.form} {f.filing_date.isoformat()}"
    docs: list[tuple[str, bytes, str]] = []  # (filename, served bytes, SGML document)
    if letter.doc_format == "pdf":
        pdf = render_pdf(layout_pdf(letter.paras, header=letter.page_header), title=title)
        doc_type = "LETTER" if f.form == "UPLOAD" else "CORRESP"
        encoded = f"<PDF>\n{uuencode(pdf, 'filename1' if f.form == 'UPLOAD' else 'filename1.pdf')}\n</PDF>"
        docs.append(("filename1.pdf", pdf, _sgml_document(doc_type, 1, "filename1.pdf", encoded)))
        if f.form == "UPLOAD" and f.filing_date.year >= 2023:
            text = render_text(letter.paras)
            sgml = _sgml_document("TEXT-EXTRACT", 2, "filename2.txt", text)
            docs.append(("filename2.txt", sgml.encode("utf-8"), sgml))
    else:
        description = "" if rng.random() < 0.6 else rng.choice(["RESPONSE LETTER", "CORRESP", "LETTER"])
        if letter.doc_format == "htm":
            body = render_html(letter.paras, title="", italic_tag=rng.choice(["i", "font"]))
        else:
            body = render_text(letter.paras)
        sgml = _sgml_document("CORRESP", 1, f.primary_document, body, description)
        # EDGAR serves correspondence documents with their SGML wrapper; the sample's .htm files show it.
        docs.append((f.primary_document, sgml.encode("utf-8"), sgml))
    complete = _header(c, letter, disseminated, len(docs)) + "".join(d[2] for d in docs) + "</SEC-DOCUMENT>\n"
    complete_bytes = complete.encode("utf-8")
    for name, data, _ in docs:
        _write(folder / name, data)
    if rng.random() < COMPLETE_SUBMISSION_SHARE:
        _write(folder / f"{f.accession}.txt", complete_bytes)
    stamp = f"{disseminated.isoformat()} {rng.randint(6, 21):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
    items = [{"last-modified": stamp, "name": f"{f.accession}-index-headers.html", "size": "", "type": "text.gif"},
             {"last-modified": stamp, "name": f"{f.accession}-index.html", "size": "", "type": "text.gif"},
             {"last-modified": stamp, "name": f"{f.accession}.txt", "size": "", "type": "text.gif"}]
    items += [{"last-modified": stamp, "name": name, "size": str(len(data)), "type": "" if name.endswith(".pdf") else "text.gif"}
              for name, data, _ in docs]
    index = {"directory": {"item": items, "name": f"/Archives/edgar/data/{c.cik}/{f.accession.replace('-', '')}",
                           "parent-dir": f"/Archives/edgar/data/{c.cik}"}}
    _write(folder / "index.json", _dump(index))
    f.size = len(complete_bytes)
    return len(docs)


COLUMNS = ["accessionNumber", "filingDate", "reportDate", "acceptanceDateTime", "act", "form", "fileNumber", "filmNumber",
           "items", "core_type", "size", "isXBRL", "isInlineXBRL", "primaryDocument", "primaryDocDescription"]


def _columns(filings: list[Filing]) -> dict[str, list]:
    cols: dict[str, list] = {k: [] for k in COLUMNS}
    for f in filings:
        corr = f.form in ("UPLOAD", "CORRESP")
        xbrl = int(f.form in ("10-K", "10-Q", "10-K/A", "8-K") and f.filing_date.year >= 2011)
        cols["accessionNumber"].append(f.accession)
        cols["filingDate"].append(f.filing_date.isoformat())
        cols["reportDate"].append(f.report_date.isoformat() if f.report_date else "")
        cols["acceptanceDateTime"].append(f"{f.accepted:%Y-%m-%dT%H:%M:%S}.000Z")
        cols["act"].append("" if corr else ("33" if f.form.startswith(("S-", "424")) else "34"))
        cols["form"].append(f.form)
        cols["fileNumber"].append(f.file_number)
        cols["filmNumber"].append("" if corr else f.film)
        cols["items"].append(f.items)
        cols["core_type"].append({"UPLOAD": "LETTER"}.get(f.form, "XBRL" if xbrl else f.form))
        cols["size"].append(f.size)
        cols["isXBRL"].append(xbrl)
        cols["isInlineXBRL"].append(int(xbrl and f.filing_date.year >= 2019))
        cols["primaryDocument"].append(f.primary_document)
        cols["primaryDocDescription"].append(f.description)
    return cols


def _write_submissions(root: Path, builder: _CompanyBuilder) -> None:
    c = builder.company
    filings = sorted(builder.filings, key=lambda f: (f.filing_date, f.accession), reverse=True)
    folder = root / "data.sec.gov" / "submissions"
    files: list[dict] = []
    recent = filings
    # Some companies page their older rows out, as EDGAR does once `recent` is full.
    if builder.index % 6 == 1 and len(filings) > 12:
        cut = len(filings) * 2 // 3
        recent, older = filings[:cut], filings[cut:]
        name = f"CIK{c.cik:010d}-submissions-001.json"
        _write(folder / name, _dump(_columns(older)))
        files.append({"name": name, "filingCount": len(older), "filingFrom": older[-1].filing_date.isoformat(),
                      "filingTo": older[0].filing_date.isoformat()})
    address = {"street1": c.street.upper(), "street2": None, "city": c.city.upper(), "stateOrCountry": c.city_state,
               "zipCode": c.zip, "stateOrCountryDescription": c.city_state, "isForeignLocation": 0,
               "foreignStateTerritory": None, "country": None, "countryCode": None}
    doc = {
        "cik": f"{c.cik:010d}", "entityType": "operating", "sic": c.industry.sic, "sicDescription": c.industry.description,
        "ownerOrg": c.industry.office_new.replace("Office of ", ""), "insiderTransactionForOwnerExists": 0,
        "insiderTransactionForIssuerExists": 1, "name": c.name, "tickers": [c.ticker],
        "exchanges": ["Nasdaq" if c.cik % 2 else "NYSE"], "ein": c.ein, "lei": None, "description": "", "website": "",
        "investorWebsite": "", "category": "Large accelerated filer" if c.cik % 3 else "Accelerated filer",
        "fiscalYearEnd": c.fye, "stateOfIncorporation": c.state, "stateOfIncorporationDescription": c.state,
        "addresses": {"mailing": address, "business": address}, "phone": c.phone, "flags": "",
        "formerNames": c.former_names, "filings": {"recent": _columns(recent), "files": files},
    }
    _write(folder / f"CIK{c.cik:010d}.json", _dump(doc))


def generate_mirror(*, out_dir: Path, companies: int, seed: int, start_year: int = 2012, end_year: int = 2025,
                    reviews_per_company: int | None = None) -> MirrorSummary:
    """Write `companies` synthetic companies with their correspondence and a ground-truth file under `out_dir`."""
    if companies < 0 or end_year < start_year:
        raise ValueError("companies must be >= 0 and end_year >= start_year")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    start, end = date(start_year, 1, 1), date(end_year, 12, 31)
    counters = _Counters()
    names: set[str] = set()
    tickers: set[str] = set()
    ciks: set[int] = set()
    filings_total = letters_total = 0
    ground_truth = out_dir / "ground_truth.json"
    with ground_truth.open("w", encoding="utf-8") as gt:
        gt.write("[")
        first = True
        for index in range(companies):
            builder = _CompanyBuilder(index=index, seed=seed, start=start, end=end, counters=counters, names=names,
                                      tickers=tickers, ciks=ciks, reviews=reviews_per_company)
            builder.build()
            for letter in sorted(builder.letters, key=lambda lt: (lt.filing.filing_date, lt.filing.accession)):
                _write_letter(out_dir, builder, letter)
                _stream(gt, letter.label, first)
                first = False
            _write_submissions(out_dir, builder)
            filings_total += len(builder.filings)
            letters_total += len(builder.letters)
        gt.write("\n]\n")
    return MirrorSummary(companies=companies, filings=filings_total, letters=letters_total, ground_truth_path=ground_truth)


def _stream(gt: IO[str], label: dict, first: bool) -> None:
    gt.write(("\n" if first else ",\n") + json.dumps(label, sort_keys=True))
