"""Drafting synthetic letters: the paragraphs of each kind of staff and company letter.

A drafter writes in one company's voice and draws from that company's random stream, so the
order of its calls is part of what makes one seed give one mirror. It decides wording only;
which letters a review has is `scenarios` and `review_rounds`; what the ground truth says of them,
`review_letters`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from devtools.synthetic import topics as T
from devtools.synthetic import wording as W
from devtools.synthetic.correspondence import FilingRef, Para, SynthComment
from devtools.synthetic.people import (
    STAFF_TITLES_REVIEWER,
    STAFF_TITLES_SIGNER,
    Person,
    person,
)
from devtools.synthetic.wording import long_date
from devtools.synthetic.world import CompanyWorld

LITERATURE_PLACEHOLDERS = (
    "revenue",
    "revenue_principal",
    "fair_value",
    "loan_losses",
    "mdna",
    "risk",
    "nongaap",
    "segments",
    "goodwill",
    "taxes",
    "acquired",
    "materiality",
)


@dataclass
class DraftedResponse:
    paras: list[Para]
    commitments: list[int]  # numbers of the comments the company commits to act on
    acks: dict
    note: str | None


class LetterDrafter:
    def __init__(self, world: CompanyWorld):
        self.company = world.company
        self.rng = world.rng

    def fill(self, d: date, *, amend: int = 1, prior: int = 1) -> dict[str, object]:
        """Values for a topic's placeholders: literature of the era, page numbers, amounts, names."""
        rng, ind = self.rng, self.company.industry
        values: dict[str, object] = {f"lit_{k}": T.lit(k, d) for k in LITERATURE_PLACEHOLDERS}
        p = rng.randint(8, 90)
        values.update(
            p=p,
            p2=p + rng.randint(2, 20),
            fp=rng.randint(7, 40),
            n=rng.randint(3, 18),
            fy=d.year - 1,
            pct=rng.randint(12, 65),
            amt=rng.randint(5, 400),
            segment1=ind.segments[0],
            segment2=ind.segments[1],
            channel=rng.choice(T.CHANNELS),
            measure=rng.choice(T.MEASURES),
            target=rng.choice(T.TARGETS),
            amend=amend,
            prior=prior,
        )
        return values

    # Re: blocks ------------------------------------------------------------------------------
    @staticmethod
    def ref_lines(ref: FilingRef, style: int) -> list[str]:
        if ref.form == "CORRESP":
            return [f"Response dated {long_date(ref.filed)}"]
        base = ref.form.removesuffix("/A")
        filed = [f"{'Submitted' if base == 'DRS' else 'Filed'} {long_date(ref.filed)}"] if ref.filed else []
        if base == "10-K":
            name = ["Form 10-K for the Fiscal Year Ended", "Form 10-K for Fiscal Year Ended", "Form 10-K for the Year Ended"][
                style % 3
            ]
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
            lines += self.ref_lines(ref, style)
        numbers = [r.file_number for r in refs if r.file_number]
        if numbers:
            lines.append(f"File No. {numbers[0]}")
        elif any(r.form.startswith("DRS") for r in refs):
            # Draft submissions are confidential and carry no file number in the letter; the CIK identifies them.
            lines.append(f"CIK No. {self.company.cik:010d}")
        return "Re:\t" + "\n\t".join(lines)

    @staticmethod
    def filing_title(ref: FilingRef) -> str:
        return LetterDrafter.ref_lines(ref, 0)[0]

    # staff letters ---------------------------------------------------------------------------
    def _staff_head(self, d: date, addressee: Person, refs: list[FilingRef], style: int) -> list[Para]:
        c, rng = self.company, self.rng
        paras: list[Para] = []
        if d.year < 2019:
            paras.append(
                Para("UNITED STATES\nSECURITIES AND EXCHANGE COMMISSION\nWASHINGTON, D.C. 20549", lines=True, center=True)
            )
            paras.append(Para("DIVISION OF\nCORPORATION FINANCE", lines=True))
            if d.year < 2018:
                paras.append(Para(f"Mail Stop {rng.choice([3030, 3561, 4561, 4720, 6010, 7010])}"))
        else:
            paras.append(Para("United States Securities and Exchange Commission logo", center=True))
        paras.append(Para(long_date(d)))
        paras.append(
            Para(f"{addressee.name}\n{addressee.title}\n{c.name}\n{c.street}\n{c.city}, {c.city_state} {c.zip}", lines=True)
        )
        paras.append(Para(self._re_block(refs, style), lines=True))
        paras.append(Para(f"Dear {addressee.salutation} {addressee.last}:"))
        return paras

    def _staff_tail(self, d: date, *, ack_requested: bool, registration: bool, no_review: bool = False) -> list[Para]:
        paras: list[Para] = []
        if ack_requested:
            paras.append(Para(W.URGE))
            paras.append(Para(W.ACK_REQUEST_LEAD_NO_REVIEW if no_review else W.ACK_REQUEST_LEAD))
            paras += [Para(item, indent=1) for item in W.ACK_REQUEST_ITEMS]
        else:
            paras.append(Para(W.REMINDER))
        if registration:
            paras.append(Para(W.ACCELERATION_NOTE))
        return paras + self._staff_signature(d)

    def _staff_signature(self, d: date) -> list[Para]:
        rng = self.rng
        office = self.company.industry.office_old if d.year < 2019 else self.company.industry.office_new
        reviewers = [person(rng, rng.choice(STAFF_TITLES_REVIEWER)) for _ in range(2)]
        signer = person(rng, rng.choice(STAFF_TITLES_SIGNER))
        paras = [
            Para(W.staff_contact(rng, reviewers, f"(202) 551-{rng.randint(3000, 8999)}")),
            Para(f"Sincerely,\n\n/s/ {signer.name}\n\n{signer.name}\n{signer.title}\n{office}", lines=True),
        ]
        if rng.random() < 0.3:
            paras.append(Para(f"cc:\t{self.company.counsel.name}\n\t{self.company.counsel_firm}", lines=True))
        return paras

    def _comment_paras(
        self,
        comments: list[SynthComment],
        *,
        style: str = "",
        prefix: str = "",
        show_headings: bool = True,
        heading_style: str = "b",
    ) -> list[Para]:
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

    def staff_comment_letter(
        self, *, d: date, refs: list[FilingRef], comments: list[SynthComment], registration: bool, intro: str, ack_requested: bool
    ) -> list[Para]:
        rng = self.rng
        addressee = self.company.ceo if registration else self.company.cfo
        paras = self._staff_head(d, addressee, refs, rng.randrange(6))
        paras.append(Para(intro if registration else f"{intro} {W.STAFF_INTRO_TAIL}"))
        paras.append(Para(W.STAFF_AFTER_COMMENTS))
        paras += self._comment_paras(comments)
        paras += self._staff_tail(d, ack_requested=ack_requested, registration=registration)
        return paras

    def staff_complete_letter(self, *, d: date, refs: list[FilingRef], registration: bool) -> list[Para]:
        rng = self.rng
        addressee = self.company.ceo if registration else self.company.cfo
        paras = self._staff_head(d, addressee, refs, rng.randrange(6))
        paras.append(Para(W.NO_FURTHER_COMMENTS if registration else rng.choice(W.COMPLETE_TEXTS).format(reminder=W.REMINDER)))
        if registration:
            paras.append(Para(W.ACCELERATION_NOTE))
        paras += self._staff_signature(d)
        return paras

    def no_review_letter(self, *, d: date, ref: FilingRef, ack_requested: bool) -> list[Para]:
        paras = self._staff_head(d, self.company.ceo, [ref], self.rng.randrange(6))
        paras.append(Para(W.NO_REVIEW_TEXT))
        paras += self._staff_tail(d, ack_requested=ack_requested, registration=False, no_review=True)
        return paras

    # company letters -------------------------------------------------------------------------
    def _company_head(self, d: date, refs: list[FilingRef], attention: list[Person] | None, counsel: bool) -> list[Para]:
        c, rng = self.company, self.rng
        paras: list[Para] = []
        if counsel:
            paras.append(
                Para(
                    f"{c.counsel_firm}\n{rng.randint(100, 999)} Avenue of the Americas\nNew York, NY 10036",
                    lines=True,
                    center=True,
                )
            )
        else:
            paras.append(Para(f"{c.name}\n{c.street}\n{c.city}, {c.city_state} {c.zip}", lines=True, center=rng.random() < 0.5))
        paras.append(Para(long_date(d)))
        paras.append(Para(rng.choice(["VIA EDGAR", "BY EDGAR", "Via EDGAR Correspondence"]), style="u"))
        paras.append(
            Para(
                "U.S. Securities and Exchange Commission\nDivision of Corporation Finance\n"
                f"{c.industry.office_old if d.year < 2019 else c.industry.office_new}\n100 F Street, N.E.\nWashington, D.C. 20549",
                lines=True,
            )
        )
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
            _, lead, items = W.ACK_FULL_VARIANTS[c.ack_variant]
            paras = ([Para(lead)] if lead else []) + [Para(i, indent=1 if lead else 0) for i in items]
            return paras, {"responsibility": True, "no_foreclosure": True, "no_defense": True}
        if rng.random() < 0.3:
            return [Para(W.ACK_FIRST_ONLY[c.ack_first_only])], {
                "responsibility": True,
                "no_foreclosure": False,
                "no_defense": False,
            }
        return [], {"responsibility": False, "no_foreclosure": False, "no_defense": False}

    def _signature(self, signer: Person, counsel: bool) -> list[Para]:
        c, rng = self.company, self.rng
        who = f"{signer.name}\n{signer.title}\n" + (c.counsel_firm if counsel else c.name)
        paras = [Para(f"{rng.choice(W.SIGNOFFS)}\n\n/s/ {signer.name}\n\n{who}", lines=True)]
        if rng.random() < 0.5:
            cc = [c.ceo.name + ", " + c.ceo.title] if counsel else [f"{c.counsel.name}, {c.counsel_firm}"]
            paras.append(Para("cc:\t" + "\n\t".join(cc), lines=True))
        return paras

    def company_response(
        self,
        *,
        d: date,
        staff_date: date,
        staff_comments: list[SynthComment],
        refs: list[FilingRef],
        registration: bool,
        ack_requested: bool,
        amendment: int | None,
        counsel: bool,
        staff_people: list[Person],
    ) -> DraftedResponse:
        c, rng = self.company, self.rng
        paras = self._company_head(d, refs, staff_people, counsel)
        draft = refs[0].form.startswith("DRS")
        what = (
            ("Draft Registration Statement" if draft else "Registration Statement")
            if registration
            else ("filings" if len(refs) > 1 else "filing")
        )
        if counsel:
            verb = "confidentially submitting" if draft else "filing"
            paras.append(
                Para(
                    W.COUNSEL_INTRO.format(
                        company=c.name, staff_date=long_date(staff_date), what=what, amend=amendment, verb=verb
                    )
                )
            )
        else:
            paras.append(Para(rng.choice(W.RESPONSE_INTROS).format(company=c.name, staff_date=long_date(staff_date), what=what)))
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
            topic = T.TOPIC_BY_KEY[cm.topic]
            fill = self.fill(d, amend=amendment or 1)
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
                        "The Company has revised the disclosure on page {p} of Amendment No. {amend} in response to the Staff's comment."
                    ]
                else:
                    options = [s for s in topic.commitments if "Amendment No." not in s and "amended filing" not in s] or [
                        "In future filings we will revise the disclosure to address the Staff's comment."
                    ]
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
        paras.append(Para(rng.choice(W.RESPONSE_CLOSINGS).format(phone=c.phone)))
        paras += self._signature(signer, counsel)
        return DraftedResponse(paras=paras, commitments=commitments, acks=acks, note="; ".join(notes) or None)

    def extension_request(self, *, d: date, staff_date: date, refs: list[FilingRef], due: date) -> list[Para]:
        c = self.company
        paras = self._company_head(d, refs, None, False)
        paras.append(
            Para(
                f"We refer to the letter dated {long_date(staff_date)} from the staff of the Division of "
                f"Corporation Finance regarding the above-referenced filing. As discussed with the Staff by telephone, "
                f"the Company requires additional time to gather the information requested and to complete its review "
                f"with its independent registered public accounting firm and audit committee."
            )
        )
        paras.append(
            Para(
                f"Accordingly, the Company respectfully requests an extension of the response date and expects to "
                f"submit its response on or before {long_date(due)}."
            )
        )
        paras.append(Para(self.rng.choice(W.RESPONSE_CLOSINGS).format(phone=c.phone)))
        paras += self._signature(c.cfo, False)
        return paras

    def acceleration_request(self, *, d: date, bare: FilingRef, effective: date, with_acks: bool) -> list[Para]:
        c, rng = self.company, self.rng
        paras = self._company_head(d, [bare], None, False)
        paras.append(
            Para(
                f'In accordance with Rule 461 under the Securities Act of 1933, as amended, {c.name} (the "Company") '
                f"asks that the effectiveness of the above-referenced Registration Statement be accelerated to "
                f"{rng.choice(['4:00', '4:30', '5:00'])} p.m., Eastern Time, on {long_date(effective)}, or to the "
                f"earliest practicable time after that."
            )
        )
        if with_acks:
            _, lead, items = W.ACK_FULL_VARIANTS[c.ack_variant]
            paras += ([Para(lead)] if lead else []) + [Para(i, indent=1 if lead else 0) for i in items]
        paras.append(
            Para(
                f"Please notify {c.counsel.name} of {c.counsel_firm} at ({rng.randint(201, 989)}) {rng.randint(200, 989)}-"
                f"{rng.randint(1000, 9999)} when the Registration Statement has been declared effective."
            )
        )
        paras += self._signature(c.ceo, False)
        return paras
