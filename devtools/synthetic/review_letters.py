"""The letters of one company's reviews, each with its ground-truth label as it is added.

The staff comments a letter carries are drawn here from the topics; the wording of every letter is the
drafter's, and the filings and accession numbers are the world's. Which letters a review has is
`review_rounds` and `scenarios`.
"""

from __future__ import annotations

from datetime import date

from devtools.synthetic import topics as T
from devtools.synthetic import wording as W
from devtools.synthetic.correspondence import FilingRef, Para, SynthComment, SynthLetter
from devtools.synthetic.drafting import LetterDrafter
from devtools.synthetic.people import Person
from devtools.synthetic.wording import long_date
from devtools.synthetic.world import CompanyWorld, SynthFiling


class ReviewLetters:
    """One company's review letters and their ground truth, and the staff comments they carry."""

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
    def _letter(
        self,
        *,
        form: str,
        d: date,
        kind: str,
        paras: list[Para],
        refs: list[FilingRef],
        review_id: str,
        responds_to: date | None = None,
        comments: list[dict] | None = None,
        responses: list[int] | None = None,
        commitments: list[int] | None = None,
        acks: dict | None = None,
        acks_requested: bool | None = None,
        public_reference: str = "",
        file_number: str = "",
        note: str | None = None,
    ) -> SynthLetter | None:
        if d > self.end:
            return None  # the review is still running when the mirror's window closes
        staff = form == "UPLOAD"
        doc_format = "pdf" if staff else self.rng.choices(["htm", "txt", "pdf"], [75, 15, 10])[0]
        filing = self.world.letter_filing(form=form, d=d, doc_format=doc_format, file_number=file_number)
        label = {
            "accession": filing.accession,
            "cik": self.company.cik,
            "edgar_form": form,
            "document": filing.primary_document,
            "kind": kind,
            "letter_date": d.isoformat(),
            "referenced_filings": [r.label() for r in refs],
            "responds_to_letter_date": responds_to.isoformat() if responds_to else None,
            "comments": comments or [],
            "responses": responses or [],
            "commitments": commitments or [],
            "acknowledgements": acks,
            "acknowledgements_requested": acks_requested,
            "review_id": review_id,
            "note": note,
        }
        if staff:
            addressee = paras[[i for i, p in enumerate(paras) if p.text.startswith("Re:")][0] - 1].text.split("\n")[0]
            header = [addressee, self.company.name, long_date(d)]
        else:
            header = ["Securities and Exchange Commission", long_date(d)]
        letter = SynthLetter(
            filing=filing,
            kind=kind,
            paras=paras,
            doc_format=doc_format,
            label=label,
            public_reference=public_reference,
            page_header=header,
        )
        self.letters.append(letter)
        return letter

    def _review_id(self) -> str:
        self.review_count += 1
        return f"{self.company.ticker}-{self.review_count}"

    # staff comments ------------------------------------------------------------------------------
    def _make_comments(
        self, d: date, refs: list[FilingRef], topic_keys: list[str], *, registration: bool, top_headings: bool, amend: int = 1
    ) -> list[SynthComment]:
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
                out.append(
                    SynthComment(
                        number=0,
                        printed=True,
                        headings=heading_top + [h.format_map(fill) for h in chain],
                        text=text,
                        subitems=sub,
                        lettered=rng.random() < 0.5,
                        topic=key,
                        variant=ci,
                    )
                )
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
        return [
            {
                "number": cm.number,
                "heading": " / ".join(cm.headings) if (with_headings and cm.headings) else None,
                "first_words": cm.first_words,
            }
            for cm in comments
        ]

    # the letters of a review ---------------------------------------------------------------------
    def staff_comment_letter(
        self,
        *,
        d: date,
        refs: list[FilingRef],
        comments: list[SynthComment],
        review_id: str,
        registration: bool,
        intro: str,
        responds_to: date | None,
        public_reference: str,
        note: str | None = None,
        file_number: str = "",
    ) -> SynthLetter | None:
        ack = d < W.ACK_CUTOFF
        paras = self.draft.staff_comment_letter(
            d=d, refs=refs, comments=comments, registration=registration, intro=intro, ack_requested=ack
        )
        return self._letter(
            form="UPLOAD",
            d=d,
            kind="staff_comment_letter",
            paras=paras,
            refs=refs,
            review_id=review_id,
            responds_to=responds_to,
            comments=self._comment_labels(comments),
            acks_requested=ack,
            public_reference=public_reference,
            file_number=file_number or refs[0].file_number or "",
            note=note,
        )

    def staff_complete_letter(
        self, *, d: date, refs: list[FilingRef], review_id: str, public_reference: str, registration: bool
    ) -> SynthLetter | None:
        paras = self.draft.staff_complete_letter(d=d, refs=refs, registration=registration)
        return self._letter(
            form="UPLOAD",
            d=d,
            kind="review_complete",
            paras=paras,
            refs=refs,
            review_id=review_id,
            acks_requested=False,
            public_reference=public_reference,
            file_number=refs[0].file_number or "",
        )

    def company_response(
        self,
        *,
        d: date,
        staff: SynthLetter,
        staff_comments: list[SynthComment],
        refs: list[FilingRef],
        review_id: str,
        registration: bool,
        ack_requested: bool,
        amendment: int | None,
        counsel: bool,
        staff_people: list[Person],
    ) -> SynthLetter | None:
        staff_date = staff.filing.filing_date
        drafted = self.draft.company_response(
            d=d,
            staff_date=staff_date,
            staff_comments=staff_comments,
            refs=refs,
            registration=registration,
            ack_requested=ack_requested,
            amendment=amendment,
            counsel=counsel,
            staff_people=staff_people,
        )
        return self._letter(
            form="CORRESP",
            d=d,
            kind="company_response",
            paras=drafted.paras,
            refs=refs,
            review_id=review_id,
            responds_to=staff_date,
            comments=self._comment_labels(staff_comments, with_headings=self.company.repeat_headings),
            responses=[cm.number for cm in staff_comments],
            commitments=drafted.commitments,
            acks=drafted.acks,
            note=drafted.note,
        )

    def extension_request(
        self, *, d: date, staff: SynthLetter, refs: list[FilingRef], review_id: str, due: date
    ) -> SynthLetter | None:
        paras = self.draft.extension_request(d=d, staff_date=staff.filing.filing_date, refs=refs, due=due)
        return self._letter(
            form="CORRESP",
            d=d,
            kind="extension_request",
            paras=paras,
            refs=refs,
            review_id=review_id,
            responds_to=staff.filing.filing_date,
            acks={"responsibility": False, "no_foreclosure": False, "no_defense": False},
        )

    def acceleration_request(
        self, *, d: date, ref: FilingRef, review_id: str, effective: date, with_acks: bool
    ) -> SynthLetter | None:
        bare = FilingRef(ref.form.removesuffix("/A"), None, None, ref.file_number)
        paras = self.draft.acceleration_request(d=d, bare=bare, effective=effective, with_acks=with_acks)
        acks = {"responsibility": with_acks, "no_foreclosure": with_acks, "no_defense": with_acks}
        return self._letter(
            form="CORRESP", d=d, kind="acceleration_request", paras=paras, refs=[bare], review_id=review_id, acks=acks
        )

    # filing references --------------------------------------------------------------------------
    def _ref(self, f: SynthFiling, amendment: int | None = None) -> FilingRef:
        return FilingRef(
            f.form,
            f.report_date if f.form.startswith(("10-K", "10-Q")) else None,
            f.filing_date,
            None if f.form.startswith("DRS") else f.file_number,
            amendment,
            f.accession,
        )
