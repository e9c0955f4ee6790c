"""The synthetic world: companies, their filings and accession numbers.

Each company draws from its own random.Random, so one seed always gives the same companies and
the same filings; the accession counters are shared, as staff and filing agents file for many.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from devtools.synthetic import wording as W
from devtools.synthetic.business_calendar import add_business_days, add_months_end, month_end
from devtools.synthetic.company_profiles import (
    CITIES,
    FISCAL_YEAR_ENDS,
    INDUSTRIES,
    NAME_FIRST,
    NAME_SECOND,
    NAME_SUFFIX,
    STATES_OF_INC,
    STREETS,
    Industry,
)
from devtools.synthetic.people import FIRM_NAMES, Person, person

STAFF_PREFIX = "0000000000"
# Invented filing-agent CIKs, outside the range of real ones, so no accession can collide with EDGAR's.
AGENTS = [3900101, 3900117, 3900123, 3900139, 3900141]


@dataclass
class SynthCompany:
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
class SynthFiling:
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
class AccessionCounters:
    """Accession sequence numbers shared by all companies: staff uploads and filing agents."""

    staff: dict[int, int] = field(default_factory=dict)
    agent: dict[tuple[int, int], int] = field(default_factory=dict)


# --- one company's world ----------------------------------------------------------------------


class CompanyWorld:
    """One synthetic company over the mirror's window: who it is and every filing it makes."""

    def __init__(
        self,
        *,
        index: int,
        seed: int,
        start: date,
        end: date,
        counters: AccessionCounters,
        names: set[str],
        tickers: set[str],
        ciks: set[int],
    ):
        self.index = index
        self.rng = random.Random(f"{seed}:company:{index}")
        self.start, self.end = start, end
        self.counters = counters
        self.self_seq: dict[int, int] = {}
        self.company = self._company(index, names, tickers, ciks)
        self.filings: list[SynthFiling] = []

    # identity ---------------------------------------------------------------------------------
    def _company(self, index: int, names: set[str], tickers: set[str], ciks: set[int]) -> SynthCompany:
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
            former.append(
                {
                    "name": old,
                    "from": f"{changed.year - rng.randint(3, 9)}-03-01T05:00:00.000Z",
                    "to": f"{changed.isoformat()}T04:00:00.000Z",
                }
            )
        ipo = None
        if rng.random() < 0.2 and self.end.year - self.start.year >= 2:
            ipo = add_business_days(
                date(rng.randint(self.start.year, self.end.year - 1), rng.randint(1, 12), 1), rng.randint(0, 15)
            )
        return SynthCompany(
            cik=cik,
            name=name,
            ticker=ticker,
            industry=industry,
            state=rng.choice(STATES_OF_INC),
            fye=rng.choice(FISCAL_YEAR_ENDS),
            file_number=f"{rng.choice(['001', '001', '001', '1', '000'])}-{rng.randint(10000, 41999)}",
            ein=f"{rng.randint(10, 98)}{rng.randint(1000000, 9999999)}",
            street=f"{rng.randint(100, 9900)} {rng.choice(STREETS)}",
            city=city,
            city_state=st,
            zip=zipc,
            phone=f"({rng.randint(201, 989)}) {rng.randint(200, 989)}-{rng.randint(1000, 9999)}",
            former_names=former,
            ceo=person(rng, "Chief Executive Officer"),
            cfo=person(rng, rng.choice(["Chief Financial Officer", "Executive Vice President and Chief Financial Officer"])),
            counsel=person(rng, "Partner"),
            counsel_firm=rng.choice(FIRM_NAMES),
            agent=None if rng.random() < 0.35 else rng.choice(AGENTS),
            ipo_date=ipo,
            restate_style=rng.choice(["i", "i", "i", "b", "bi"]),
            marker=rng.choice(W.RESPONSE_MARKERS),
            repeat_headings=rng.random() < 0.7,
            ack_variant=rng.randrange(len(W.ACK_FULL_VARIANTS)),
            ack_first_only=rng.randrange(len(W.ACK_FIRST_ONLY)),
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

    def add_filing(
        self,
        form: str,
        filed: date,
        *,
        report: date | None = None,
        file_number: str | None = None,
        doc: str = "",
        desc: str = "",
        items: str = "",
        staff: bool = False,
    ) -> SynthFiling:
        f = SynthFiling(
            accession=self._accession(filed, staff=staff),
            form=form,
            filing_date=filed,
            report_date=report,
            file_number=self.company.file_number if file_number is None else file_number,
            primary_document=doc,
            description=desc,
            items=items,
            size=self.rng.randint(150_000, 9_000_000),
            film=f"{filed.year % 100:02d}{self.rng.randint(0, 9_999_999):07d}",
            accepted=self._accepted(filed),
        )
        self.filings.append(f)
        return f

    # periodic filings -----------------------------------------------------------------------
    def periodic_filings(self) -> list[SynthFiling]:
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
                    self.add_filing(
                        "8-K",
                        add_business_days(qe, rng.randint(18, 24)),
                        report=qe,
                        doc=f"{t}-8k_{qe:%Y%m%d}.htm",
                        desc="8-K",
                        items="2.02,9.01",
                    )
                    self.add_filing("10-Q", filed, report=qe, doc=f"{t}-{qe:%Y%m%d}.htm", desc="10-Q")
            filed = add_business_days(fy_end, rng.randint(38, 55))
            if public_from <= fy_end and filed <= self.end:
                self.add_filing(
                    "8-K",
                    add_business_days(fy_end, rng.randint(22, 30)),
                    report=fy_end,
                    doc=f"{t}-8k_{fy_end:%Y%m%d}.htm",
                    desc="8-K",
                    items="2.02,9.01",
                )
                tenks.append(self.add_filing("10-K", filed, report=fy_end, doc=f"{t}-{fy_end:%Y%m%d}.htm", desc="10-K"))
                proxy = add_business_days(filed, rng.randint(20, 35))
                if proxy <= self.end:
                    self.add_filing(
                        "DEF 14A",
                        proxy,
                        report=add_business_days(proxy, 30),
                        doc=f"{t}-def14a_{proxy.year}.htm",
                        desc="DEFINITIVE PROXY STATEMENT",
                    )
        return tenks

    def letter_filing(self, *, form: str, d: date, doc_format: str, file_number: str) -> SynthFiling:
        """The filing row a letter is disseminated under: staff UPLOADs carry the file number, CORRESP none."""
        staff = form == "UPLOAD"
        filing = SynthFiling(
            accession=self._accession(d, staff=staff),
            form=form,
            filing_date=d,
            report_date=None,
            file_number=file_number if staff else "",
            primary_document=f"filename1.{doc_format}",
            description="",
            accepted=self._accepted(d),
        )
        self.filings.append(filing)
        return filing
