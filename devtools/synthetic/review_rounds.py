"""The rounds of a review that draws comments: company responses, staff follow-ups, and how it ends.

Periodic reviews (a 10-K, a proxy) and registration reviews (S-1, DRS, S-4) share these rounds: each
runs one to three, and ends with a completion letter or a request for effectiveness. The random
draws follow one another in a fixed order, which is part of what makes one seed give one mirror.
"""

from __future__ import annotations

from devtools.synthetic import topics as T
from devtools.synthetic import wording as W
from devtools.synthetic.business_calendar import add_business_days
from devtools.synthetic.correspondence import FilingRef, SynthComment, SynthLetter
from devtools.synthetic.people import person
from devtools.synthetic.review_letters import ReviewLetters
from devtools.synthetic.wording import long_date
from devtools.synthetic.world import SynthFiling


class ReviewRounds(ReviewLetters):
    """The back-and-forth of one company's reviews, after the staff's first comment letter."""

    def _run_rounds(
        self,
        staff: SynthLetter | None,
        comments: list[SynthComment],
        refs: list[FilingRef],
        review_id: str,
        *,
        registration: bool,
        subject: SynthFiling,
        reg_form: str = "",
    ) -> None:
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
                ext = self.extension_request(
                    d=add_business_days(d_staff, rng.randint(6, 9)),
                    staff=staff,
                    refs=refs,
                    review_id=review_id,
                    due=add_business_days(d_staff, 22),
                )
                if ext is None:
                    return
                d_resp = add_business_days(d_staff, rng.randint(18, 22))
            if d_resp > self.end:
                return
            if registration:
                amendment += 1
                amended = self.world.add_filing(
                    f"{reg_form}/A",
                    d_resp,
                    file_number=subject.file_number,
                    doc=f"{self.company.ticker.lower()}-{reg_form.lower().replace('-', '')}a{amendment}.htm",
                    desc=f"{reg_form}/A",
                )
            response = self.company_response(
                d=d_resp,
                staff=staff,
                staff_comments=comments,
                refs=refs,
                review_id=review_id,
                registration=registration,
                ack_requested=ack_requested,
                amendment=amendment or None,
                counsel=counsel,
                staff_people=staff_people,
            )
            if response is None:
                return
            if (
                response.label["note"]
                and "amend" in response.label["note"]
                and not registration
                and add_business_days(d_resp, 20) <= self.end
            ):
                self.world.add_filing(
                    "10-K/A",
                    add_business_days(d_resp, rng.randint(5, 20)),
                    report=subject.report_date,
                    doc=f"{self.company.ticker.lower()}-10ka.htm",
                    desc="10-K/A",
                )
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
                    lead = (
                        f"We note your response to comment {cm.number}."
                        if cm.printed
                        else "We note your response to our prior comment."
                    )
                    ask = f"{lead} {ask}"
                follow.append(
                    SynthComment(
                        number=0,
                        printed=True,
                        headings=list(cm.headings),
                        text=ask,
                        topic=cm.topic,
                        variant=rng.randrange(len(topic.answers)),
                    )
                )
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
            staff = self.staff_comment_letter(
                d=d_next,
                refs=refs,
                comments=follow,
                review_id=review_id,
                registration=registration,
                intro=intro,
                responds_to=responds_to,
                public_reference=latest_ref.accession or subject.accession,
                file_number=subject.file_number,
            )
            comments = follow
        last = self.letters[-1].filing.filing_date if self.letters else subject.filing_date
        if reg_form == "DRS":
            # After the confidential rounds the company files publicly, then asks for effectiveness.
            public = add_business_days(last, rng.randint(10, 25))
            if public > self.end:
                return
            s1 = self.world.add_filing(
                "S-1",
                public,
                file_number=f"333-{rng.randint(180000, 289999)}",
                doc=f"{self.company.ticker.lower()}-s1.htm",
                desc="S-1",
            )
            req = add_business_days(public, rng.randint(12, 20))
            self.acceleration_request(
                d=req, ref=self._ref(s1), review_id=review_id, effective=add_business_days(req, 2), with_acks=False
            )
        elif registration:
            if rng.random() < 0.5:
                done = self.staff_complete_letter(
                    d=add_business_days(last, rng.randint(4, 10)),
                    refs=[latest_ref],
                    review_id=review_id,
                    public_reference=subject.accession,
                    registration=True,
                )
                last = done.filing.filing_date if done else last
            req = add_business_days(last, rng.randint(2, 8))
            self.acceleration_request(
                d=req, ref=latest_ref, review_id=review_id, effective=add_business_days(req, 2), with_acks=ack_requested
            )
        else:
            complete_refs = list(refs) if rng.random() < 0.5 else [r for r in refs if r.form != "CORRESP"]
            self.staff_complete_letter(
                d=add_business_days(last, rng.randint(10, 30)),
                refs=complete_refs,
                review_id=review_id,
                public_reference=subject.accession,
                registration=False,
            )
