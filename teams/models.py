"""Organisations (a company's reporting team, its outside counsel), who belongs to each and in what role,
and the companies each one watches.

Everything private (intake letters now; drafts, assignments, notes, alert channels and deliveries later)
belongs to one organisation, and who may see it is decided from Membership alone
(teams.selectors.organisations_visible_to). teams sits below comments: it never imports it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from filings.models import Company


class Role(models.TextChoices):
    # In rising order: each role may do everything the ones before it may.
    VIEWER = "viewer", "Viewer"
    EDITOR = "editor", "Editor"
    APPROVER = "approver", "Approver"
    ADMIN = "admin", "Admin"


ROLE_ORDER: tuple[str, ...] = (Role.VIEWER, Role.EDITOR, Role.APPROVER, Role.ADMIN)


def role_rank(role: str) -> int:
    return ROLE_ORDER.index(role)


def roles_at_least(role: str) -> list[str]:
    """The roles that rank at or above `role`: what a query for "editor or above" matches."""
    return list(ROLE_ORDER[role_rank(role) :])


class Organisation(models.Model):
    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=64, unique=True, help_text="the organisation's name in URLs and the API")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """One user in one organisation; a user may belong to several, with a role in each."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation", "user__username", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique_user_organisation")]

    def __str__(self) -> str:
        return f"{self.user} in {self.organisation} ({self.get_role_display()})"


class WatchedCompany(models.Model):
    """A company on one organisation's watchlist: its new letters concern that organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="watchlist")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="watched_by")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "company__name", "pk"]
        verbose_name_plural = "watched companies"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "company"], name="watchedcompany_unique_organisation_company")
        ]

    def __str__(self) -> str:
        return f"{self.company.name or self.company.cik} on {self.organisation}'s watchlist"
