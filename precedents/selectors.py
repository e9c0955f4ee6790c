"""Reads over the precedent index's own rows."""

from __future__ import annotations

from django.db.models import QuerySet

from precedents.models import PrecedentModel


def precedent_model_active() -> PrecedentModel | None:
    """The model version searched: the newest one whose re-index finished."""
    return (
        PrecedentModel.objects.filter(status=PrecedentModel.Status.ACTIVE)
        .defer("data", "centroids")
        .order_by("-created_at", "-pk")
        .first()
    )


def precedent_models_indexing_new_comments() -> QuerySet[PrecedentModel]:
    """The versions a new comment must be embedded under: the one searched and any being built."""
    return PrecedentModel.objects.filter(status__in=[PrecedentModel.Status.ACTIVE, PrecedentModel.Status.INDEXING])
