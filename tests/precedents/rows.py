"""Staff comments in the database for the precedent search tests: each invented comment of conftest.COMMENTS
in its own company's review, with the company's answer, threaded by the real service."""

from __future__ import annotations

from datetime import date

from comments.models import StaffComment
from tests.api.rows import Conversation, reviewed_conversation_make
from tests.comments.factories import company_make
from tests.precedents.conftest import COMMENTS

GOODWILL_QUERY = "Tell us which reporting units are at risk of failing the goodwill impairment test."


def precedent_corpus_make() -> list[Conversation]:
    """One review per invented comment (14 companies), each comment answered and its heading stored."""
    conversations = []
    for n, (heading, text) in enumerate(COMMENTS):
        conversation = reviewed_conversation_make(
            company=company_make(name=f"Company {n}"),
            when=date(2018 + n % 6, 1 + n % 12, 2),
            comment_text=text,
            response_text=f"Company {n} answers: we will revise the disclosure about {heading.lower()}.",
            topics=("non_gaap",) if n < 3 else ("other",),
        )
        StaffComment.objects.filter(pk=conversation.comments[0].pk).update(heading=heading)
        conversations.append(conversation)
    return conversations


def private_conversation_make(*, organisation, member, text: str) -> Conversation:  # noqa: ANN001
    return reviewed_conversation_make(
        company=company_make(name="Private Client Co"),
        uploaded_by=member,
        organisation=organisation,
        when=date(2024, 5, 2),
        comment_text=text,
        response_text="A private answer no other organisation may read.",
    )
