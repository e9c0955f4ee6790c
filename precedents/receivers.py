"""React to comments/ without comments knowing about precedents/."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from comments.signals import letter_parsed
from precedents.selectors import precedent_models_indexing_new_comments
from precedents.tasks import index_letter_comments


@receiver(letter_parsed, dispatch_uid="precedents.index_letter_comments")
def on_letter_parsed(sender: Any, *, letter_id: int, **kwargs: Any) -> None:
    # Sent on commit already. The full-text half follows the comments by itself; the vectors need a model,
    # and before the first one is fitted (manage.py precedents_index) there is nothing to do.
    if precedent_models_indexing_new_comments().exists():
        index_letter_comments.delay_on_commit(letter_id)
