"""Celery entry points for the precedent index. Thin: each calls one service, takes ids, and may run twice."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from precedents import indexing


@shared_task(
    name="precedents.tasks.index_letter_comments",
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=30,
    max_retries=5,
)
def index_letter_comments(letter_id: int) -> int:
    """Embed one letter's staff comments under every live model version; the number of vectors written."""
    return indexing.letter_comments_index(letter_id=letter_id)


@shared_task(
    name="precedents.tasks.reindex_precedents",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=30,
    max_retries=5,
)
def reindex_precedents(model_id: int) -> int:
    """Embed every staff comment under a new model version, then make it the one searched."""
    return indexing.precedent_reindex(model_id=model_id).indexed
