"""Celery entry points for the workflow. Thin: each calls one service."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from workflow import services


@shared_task(
    name="workflow.tasks.link_filed_response",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=30,
    max_retries=5,
)
def link_filed_response(letter_id: int) -> list[int]:
    """Match a parsed company letter to the response letters it came from. Idempotent: a rerun changes nothing."""
    return [letter.pk for letter in services.response_letter_link_filed(letter_id=letter_id)]
