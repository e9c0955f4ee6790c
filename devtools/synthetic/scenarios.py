"""Review scenarios: which letters a company's reviews have, in what order, and what the ground truth says.

A review opens on a filing (a 10-K, a proxy, a registration statement), runs one to three rounds of
staff comments and company responses, and ends with a completion letter or a request for
effectiveness. Each letter's ground-truth label is recorded as the letter is added. The wording of
the letters is the drafter's; the filings and accession numbers are the world's.
"""

from __future__ import annotations

from datetime import date, timedelta

from devtools.synthetic import topics as T
from devtools.synthetic import wording as W
from devtools.synthetic.correspondence import FilingRef, Para, SynthComment, SynthLetter
from devtools.synthetic.drafting import LetterDrafter
from devtools.synthetic.people import Person, person
from devtools.synthetic.wording import long_date
from devtools.synthetic.world import CompanyWorld, SynthFiling, add_business_days


class CompanyReviews:
    """Every review of one company over the mirror's window, and the letters they leave."""

    def __init__(self, world: CompanyWorld, *, reviews_wanted: int | None):
        self.world = world
        self.company = world.company
        self.rng = world.rng
        self.start, self.end = world.start, world.end
        self.draft = LetterDrafter(world)
        self.reviews_wanted = reviews_wanted
        self.letters: list[SynthLetter] = []
        self.review_count = 0
        self.disseminated: dict[str, date] = {}

    # letters and their ground truth --------------------------------------------------------------
    def _letter(self, *, form: str, d: date, kind: str, paras: list[Para], refs: list[FilingRef], review_id: str,
                responds_to: date | None = None, comments: list[dict] | None = None, responses: list[int] | None = None,
                commitments: list[int] | None = None, acks: dict | None = None, acks_requested: bool | None = None,
                public_reference: str = "", file_number: str = "", note: str | None = None) -> SynthLetter | None:
        if d > self.end:
            return None  # the review is still running when the mirror's window closes
        staff = form == "UPLOAD"
        doc_format = "pdf" if staff else self.rng.choices(["htm", "txt", "pdf"], [75, 15, 10])[0]
        filing = self.world.letter_filing(form=form, d=d, doc_format=doc_format, file_number=file_number)
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
        letter = SynthLetter(filing=filing, kind=kind, paras=paras, doc_format=doc_format, label=label,
                             public_reference=public_reference, page_header=header)
        self.letters.append(letter)
        return letter

    def _review_id(self) -> str:
        self.review_count += 1
        return f"{self.company.ticker}-{self.review_count}"

    # staff comments ------------------------------------------------------------------------------
    def _make_comments(self, d: date, refs: list[FilingRef], topic_keys: list[str], *, registration: bool,
                       top_headings: bool, amend: int = 1) -> list[SynthComment]:
        rng = self.rng
        primary = refs[0]
        top = [self.draft.filing_title(primary)] if top_headings else []
        out: list[SynthComment] = []
        for key in topic_keys:
            topic = T.TOPIC_BY_KEY[key]
            options = topic.headings_registration if registration else topic.headings_periodic
            heading_top = top
            secondary = refs[1].form if len(refs) > 1 and top and not registration else ""
            if secondary == "10-Q" and rng.random() < 0.35:
                heading_top = [self.draft.filing_title(refs[1])]
            elif secondary == "8-K" and key == "nongaap":
                # An earnings release is an exhibit to the 8-K, not a section of the annual report.
                heading_top, options = [self.draft.filing_title(refs[1])], (("Exhibit 99.1", "Non-GAAP Financial Measures"),)
            picks = rng.sample(range(len(topic.comments)), k=rng.choice([1, 1, 2]))
            for ci in sorted(picks):
                # Pair each comment with its own section, so a topic's comments sit under fitting headings.
                chain = list(options[ci % len(options)]) if options else []
                fill = self.draft.fill(d, amend=amend)
                text = topic.comments[ci].format_map(fill)
                sub: list[str] = []
                if topic.subitems and ci == topic.subitems_fit and rng.random() < 0.5:
                    keep = sorted(rng.sample(range(len(topic.subitems)), k=min(len(topic.subitems), rng.randint(2, 3))))
                    sub = [topic.subitems[i] for i in keep]
                    if not sub[-1].endswith("."):
                        sub[-1] = sub[-1].rstrip(";") + "."
                    text = text.rstrip(".") + ". In your response, please address:"
                out.append(SynthComment(number=0, printed=True, headings=heading_top + [h.format_map(fill) for h in chain],
                                        text=text, subitems=sub, lettered=rng.random() < 0.5, topic=key, variant=ci))
        # Comments about the later filing follow those about the primary one, as in real letters.
        out.sort(key=lambda cm: 0 if not cm.headings or not top or cm.headings[0] == top[0] else 1)
        return out

    def _number(self, comments: list[SynthComment], *, restart: bool, level: int = 0) -> None:
        n, previous_top = 0, None
        for cm in comments:
            top = tuple(cm.headings[: level + 1])
            if restart and top != previous_top:
                n = 0
            previous_top = top
            n += 1
            cm.number = n

    @staticmethod
    def _comment_labels(comments: list[SynthComment], with_headings: bool = True) -> list[dict]:
        return [{"number": cm.number, "heading": " / ".join(cm.headings) if (with_headings and cm.headings) else None,
                 "first_words": cm.first_words} for cm in comments]

    # the letters of a review ---------------------------------------------------------------------
    def staff_comment_letter(self, *, d: date, refs: list[FilingRef], comments: list[SynthComment], review_id: str,
                             registration: bool, intro: str, responds_to: date | None, public_reference: str,
                             note: str | None = None, file_number: str = "") -> SynthLetter | None:
        ack = d < W.ACK_CUTOFF
        paras = self.draft.staff_comment_letter(d=d, refs=refs, comments=comments, registration=registration, intro=intro,
                                                ack_requested=ack)
        return self._letter(form="UPLOAD", d=d, kind="staff_comment_letter", paras=paras, refs=refs, review_id=review_id,
                            responds_to=responds_to, comments=self._comment_labels(comments), acks_requested=ack,
                            public_reference=public_reference, file_number=file_number or refs[0].file_number or "",
                            note=note)

    def staff_complete_letter(self, *, d: date, refs: list[FilingRef], review_id: str, public_reference: str,
                              registration: bool) -> SynthLetter | None:
        paras = self.draft.staff_complete_letter(d=d, refs=refs, registration=registration)
        return self._letter(form="UPLOAD", d=d, kind="review_complete", paras=paras, refs=refs, review_id=review_id,
                            acks_requested=False, public_reference=public_reference, file_number=refs[0].file_number or "")

    def company_response(self, *, d: date, staff: SynthLetter, staff_comments: list[SynthComment], refs: list[FilingRef],
                         review_id: str, registration: bool, ack_requested: bool, amendment: int | None,
                         counsel: bool, staff_people: list[Person]) -> SynthLetter | None:
        staff_date = staff.filing.filing_date
        drafted = self.draft.company_response(d=d, staff_date=staff_date, staff_comments=staff_comments, refs=refs,
                                              registration=registration, ack_requested=ack_requested,
                                              amendment=amendment, counsel=counsel, staff_people=staff_people)
        return self._letter(
            form="CORRESP", d=d, kind="company_response", paras=drafted.paras, refs=refs, review_id=review_id,
            responds_to=staff_date, comments=self._comment_labels(staff_comments, with_headings=self.company.repeat_headings),
            responses=[cm.number for cm in staff_comments], commitments=drafted.commitments, acks=drafted.acks,
            note=drafted.note,
        )

    def extension_request(self, *, d: date, staff: SynthLetter, refs: list[FilingRef], review_id: str,
                          due: date) -> SynthLetter | None:
        paras = self.draft.extension_request(d=d, staff_date=staff.filing.filing_date, refs=refs, due=due)
        return self._letter(form="CORRESP", d=d, kind="extension_request", paras=paras, refs=refs, review_id=review_id,
                            responds_to=staff.filing.filing_date, acks={"responsibility": False, "no_foreclosure": False, "no_defense": False})

    def acceleration_request(self, *, d: date, ref: FilingRef, review_id: str, effective: date,
                             with_acks: bool) -> SynthLetter | None:
        bare = FilingRef(ref.form.removesuffix("/A"), None, None, ref.file_number)
        paras = self.draft.acceleration_request(d=d, bare=bare, effective=effective, with_acks=with_acks)
        acks = {"responsibility": with_acks, "no_foreclosure": with_acks, "no_defense": with_acks}
        return self._letter(form="CORRESP", d=d, kind="acceleration_request", paras=paras, refs=[bare], review_id=review_id,
                            acks=acks)

    # reviews -------------------------------------------------------------------------------------
    def _topics(self, k: int) -> list[str]:
        keys = list(self.company.industry.topics)
        return self.rng.sample(keys, k=min(k, len(keys)))

    def _ref(self, f: SynthFiling, amendment: int | None = None) -> FilingRef:
        return FilingRef(f.form, f.report_date if f.form.startswith(("10-K", "10-Q")) else None, f.filing_date,
                         None if f.form.startswith("DRS") else f.file_number, amendment, f.accession)

    def periodic_review(self, tenk: SynthFiling, *, proxy: bool = False) -> None:
        rng = self.rng
        review_id = self._review_id()
        refs = [self._ref(tenk)]
        if not proxy and rng.random() < 0.3:
            later = [f for f in self.world.filings if f.form in ("10-Q", "8-K") and tenk.filing_date < f.filing_date
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
                                          intro=rng.choice(W.STAFF_INTROS_PERIODIC), responds_to=None,
                                          public_reference=tenk.accession, note=note)
        self._run_rounds(staff, comments, refs, review_id, registration=False, subject=tenk)

    def _run_rounds(self, staff: SynthLetter | None, comments: list[SynthComment], refs: list[FilingRef], review_id: str, *,
                    registration: bool, subject: SynthFiling, reg_form: str = "") -> None:
        rng = self.rng
        staff_people = [person(rng) for _ in range(rng.choice([1, 2]))]
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
                amended = self.world.add_filing(f"{reg_form}/A", d_resp, file_number=subject.file_number,
                                                doc=f"{self.company.ticker.lower()}-{reg_form.lower().replace('-', '')}a{amendment}.htm",
                                                desc=f"{reg_form}/A")
            response = self.company_response(
                d=d_resp, staff=staff, staff_comments=comments, refs=refs, review_id=review_id, registration=registration,
                ack_requested=ack_requested, amendment=amendment or None, counsel=counsel, staff_people=staff_people)
            if response is None:
                return
            if response.label["note"] and "amend" in response.label["note"] and not registration \
                    and add_business_days(d_resp, 20) <= self.end:
                self.world.add_filing("10-K/A", add_business_days(d_resp, rng.randint(5, 20)), report=subject.report_date,
                                      doc=f"{self.company.ticker.lower()}-10ka.htm", desc="10-K/A")
            if registration:
                latest_ref = self._ref(amended, amendment)
            go_on = rng.random() < (0.65 if registration else 0.45) / round_no
            if not go_on:
                break
            d_next = add_business_days(d_resp, rng.randint(10, 30) if not registration else rng.randint(5, 15))
            prior = rng.sample(comments, k=min(len(comments), rng.choice([1, 1, 2, 3])))
            prior.sort(key=lambda cm: comments.index(cm))
            follow: list[SynthComment] = []
            for cm in prior:
                topic = T.TOPIC_BY_KEY[cm.topic]
                fill = self.draft.fill(d_next, prior=cm.number)
                fresh = [a for a in topic.followups + T.GENERIC_FOLLOWUPS if a not in used_asks]
                ask = rng.choice(fresh or list(T.GENERIC_FOLLOWUPS))
                used_asks.add(ask)
                ask = ask.format_map(fill)
                if "prior comment" not in ask:
                    lead = f"We note your response to comment {cm.number}." if cm.printed else "We note your response to our prior comment."
                    ask = f"{lead} {ask}"
                follow.append(SynthComment(number=0, printed=True, headings=list(cm.headings), text=ask, topic=cm.topic,
                                           variant=rng.randrange(len(topic.answers))))
            self._number(follow, restart=False)
            if registration:
                refs = [latest_ref]
                intro = rng.choice(W.STAFF_INTROS_AMENDMENT).format(prior=long_date(d_staff))
                if reg_form == "DRS":
                    intro = intro.replace("amended registration statement", "amended draft registration statement")
                responds_to = None
            else:
                refs = [r for r in refs if r.form != "CORRESP"] + [FilingRef("CORRESP", None, d_resp, None)]
                intro = rng.choice(W.STAFF_INTROS_FOLLOWUP).format(resp=long_date(d_resp), prior=long_date(d_staff))
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
            s1 = self.world.add_filing("S-1", public, file_number=f"333-{rng.randint(180000, 289999)}",
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
        subject = self.world.add_filing(form, filed, file_number=file_number, doc=f"{t}-{form.lower().replace('-', '')}.htm",
                                        desc=form)
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
        staff = self.staff_comment_letter(d=d, refs=refs, comments=comments, review_id=review_id, registration=True,
                                          intro=intro, responds_to=None, public_reference=subject.accession,
                                          file_number=file_number)
        self._run_rounds(staff, comments, refs, review_id, registration=True, subject=subject, reg_form=form)

    def no_review(self, filed: date) -> None:
        rng = self.rng
        review_id = self._review_id()
        subject = self.world.add_filing("S-3", filed, file_number=f"333-{rng.randint(180000, 289999)}",
                                        doc=f"{self.company.ticker.lower()}-s3.htm", desc="S-3")
        ref = self._ref(subject)
        d = add_business_days(filed, rng.randint(2, 7))
        ack = d < W.ACK_CUTOFF
        paras = self.draft.no_review_letter(d=d, ref=ref, ack_requested=ack)
        letter = self._letter(form="UPLOAD", d=d, kind="no_review", paras=paras, refs=[ref], review_id=review_id,
                              acks_requested=ack, public_reference=subject.accession, file_number=subject.file_number)
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


