"""Review scenarios: the kinds of review a company has over the mirror's window, and which it gets.

A periodic review opens on a 10-K or a proxy, a registration review on an S-1 (often a draft, DRS)
or an S-4; both then run the rounds of `review_rounds`. An S-3 gets a no-review letter and a request
for effectiveness. The letters and their ground truth are `review_letters`'; their wording is the
drafter's; the filings and accession numbers are the world's.
"""

from __future__ import annotations

from datetime import date, timedelta

from devtools.synthetic import wording as W
from devtools.synthetic.business_calendar import add_business_days
from devtools.synthetic.review_rounds import ReviewRounds
from devtools.synthetic.world import SynthFiling


class CompanyReviews(ReviewRounds):
    """Every review of one company over the mirror's window, and the letters they leave."""

    # kinds of review ------------------------------------------------------------------------------
    def _topics(self, k: int) -> list[str]:
        keys = list(self.company.industry.topics)
        return self.rng.sample(keys, k=min(k, len(keys)))

    def periodic_review(self, tenk: SynthFiling, *, proxy: bool = False) -> None:
        rng = self.rng
        review_id = self._review_id()
        refs = [self._ref(tenk)]
        if not proxy and rng.random() < 0.3:
            later = [
                f
                for f in self.world.filings
                if f.form in ("10-Q", "8-K") and tenk.filing_date < f.filing_date < add_business_days(tenk.filing_date, 90)
            ]
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
        staff = self.staff_comment_letter(
            d=d,
            refs=refs,
            comments=comments,
            review_id=review_id,
            registration=False,
            intro=rng.choice(W.STAFF_INTROS_PERIODIC),
            responds_to=None,
            public_reference=tenk.accession,
            note=note,
        )
        self._run_rounds(staff, comments, refs, review_id, registration=False, subject=tenk)

    def registration_review(self, form: str, filed: date) -> None:
        rng = self.rng
        review_id = self._review_id()
        file_number = f"333-{rng.randint(180000, 289999)}"
        if form == "S-1" and filed >= date(2017, 7, 10) and rng.random() < 0.6:
            form, file_number = "DRS", f"377-{rng.randint(100, 9999):05d}"  # draft registration statement
        t = self.company.ticker.lower()
        subject = self.world.add_filing(
            form, filed, file_number=file_number, doc=f"{t}-{form.lower().replace('-', '')}.htm", desc=form
        )
        refs = [self._ref(subject)]
        d = add_business_days(filed, rng.randint(18, 26))
        keys = ["offering", "risk", "mdna", "revenue"] if form in ("S-1", "DRS") else ["merger", "acquisition", "risk", "taxes"]
        topics = rng.sample(keys, k=rng.randint(2, 4))
        if form in ("S-1", "DRS") and rng.random() < 0.5:
            topics.append("compensation")
        comments = self._make_comments(d, refs, topics, registration=True, top_headings=rng.random() < 0.5)
        self._number(comments, restart=False)
        intro = rng.choice(W.STAFF_INTROS_REGISTRATION)
        if form == "DRS":
            intro = intro.replace("your registration statement", "your draft registration statement")
        staff = self.staff_comment_letter(
            d=d,
            refs=refs,
            comments=comments,
            review_id=review_id,
            registration=True,
            intro=intro,
            responds_to=None,
            public_reference=subject.accession,
            file_number=file_number,
        )
        self._run_rounds(staff, comments, refs, review_id, registration=True, subject=subject, reg_form=form)

    def no_review(self, filed: date) -> None:
        rng = self.rng
        review_id = self._review_id()
        subject = self.world.add_filing(
            "S-3",
            filed,
            file_number=f"333-{rng.randint(180000, 289999)}",
            doc=f"{self.company.ticker.lower()}-s3.htm",
            desc="S-3",
        )
        ref = self._ref(subject)
        d = add_business_days(filed, rng.randint(2, 7))
        ack = d < W.ACK_CUTOFF
        paras = self.draft.no_review_letter(d=d, ref=ref, ack_requested=ack)
        letter = self._letter(
            form="UPLOAD",
            d=d,
            kind="no_review",
            paras=paras,
            refs=[ref],
            review_id=review_id,
            acks_requested=ack,
            public_reference=subject.accession,
            file_number=subject.file_number,
        )
        if letter is None:
            return
        req = add_business_days(d, rng.randint(1, 5))
        self.acceleration_request(d=req, ref=ref, review_id=review_id, effective=add_business_days(req, 2), with_acks=ack)

    def build(self) -> None:
        rng, c = self.rng, self.company
        tenks = [f for f in self.world.periodic_filings() if f.filing_date >= self.start]
        plans: list[tuple[str, object]] = []
        if c.ipo_date:
            plans.append(("S-1", c.ipo_date))
        wanted = self.reviews_wanted if self.reviews_wanted is not None else rng.choice([2, 2, 3, 3, 3, 4])
        pool: list[SynthFiling] = list(tenks)
        rng.shuffle(pool)
        proxies = [f for f in self.world.filings if f.form == "DEF 14A" and f.filing_date >= self.start]
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
