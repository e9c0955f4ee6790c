"""An approval and an edit of the same draft at the same moment, on two connections: the approval stands for
exactly the text it was given, and no edit is lost."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tests.test_races import in_threads, shared_database  # noqa: F401  (the fixture)
from tests.workflow.letters import Team, company_make, staff_letter_text, upload
from workflow import services
from workflow.models import Draft

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_approval_racing_an_edit_never_approves_other_words_nor_loses_the_edit(shared_database):  # noqa: F811
    team = Team()
    letter = upload(
        organisation=team.organisation, user=team.editor, company=company_make(), text=staff_letter_text(date(2024, 12, 20))
    )
    comment = letter.comments.get(number=1)
    outcomes = []
    for round_ in range(6):
        old, new = f"Answer, round {round_}.", f"Answer, round {round_}, rewritten."
        draft = services.draft_save(user=team.editor, organisation=team.organisation, comment=comment, text=old)
        draft = services.draft_submit(user=team.editor, draft=draft)

        def approve(draft: Draft = draft) -> str:
            try:
                services.draft_approve(user=team.approver, draft=draft, revision=draft.revision)
            except ValidationError:
                return "refused"
            return "approved"

        def edit(new: str = new) -> str:
            services.draft_save(user=team.other_editor, organisation=team.organisation, comment=comment, text=new)
            return "edited"

        outcome, _ = in_threads(approve, edit)
        outcomes.append(outcome)
        final = Draft.objects.get(pk=draft.pk)
        # Whichever went first, the edit is kept and leaves a draft to approve again.
        assert (final.text, final.status, final.revision) == (new, Draft.Status.DRAFT, draft.revision + 1)
        approvals = final.history.filter(status=Draft.Status.APPROVED, revision=draft.revision)
        assert list(approvals.values_list("text", flat=True)) == ([old] if outcome == "approved" else [])
    assert not Draft.history.filter(status=Draft.Status.APPROVED, text__contains="rewritten").exists()
