"""React to comments/ without comments/ knowing about workflow/."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from comments.models import Letter
from comments.signals import letter_parsed
from workflow.models import ResponseLetter
from workflow.tasks import link_filed_response


@receiver(letter_parsed, dispatch_uid="workflow.link_filed_response")
def on_letter_parsed(sender: Any, *, letter_id: int, **kwargs: Any) -> None:
    # letter_parsed is sent on commit already. A backfill parses thousands of letters no team answered:
    # only a company response, once some team has a response letter, is worth a task.
    if not ResponseLetter.objects.exists():
        return
    if Letter.objects.filter(pk=letter_id, kind=Letter.Kind.COMPANY_RESPONSE).exists():
        link_filed_response.delay(letter_id)
