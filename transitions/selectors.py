"""Reads of the parcours core, already scoped to the user."""

from __future__ import annotations

from django.db.models import QuerySet

from transitions.models import Cohort, Membership, Role


def roles_in_cohort(user, cohort) -> set[str]:
    """The user's roles in a cohort, cached on the user object for the request."""
    if not user.is_authenticated:
        return set()
    cache = user.__dict__.setdefault("_cohort_roles", {})
    if cohort.pk not in cache:
        cache[cohort.pk] = set(
            Membership.objects.filter(user=user, cohort=cohort).values_list("role", flat=True)
        )
    return cache[cohort.pk]


def cohorts_for(user) -> QuerySet[Cohort]:
    """Cohorts the user may see: every cohort for staff, else the ones they belong to."""
    if not user.is_authenticated:
        return Cohort.objects.none()
    if user.is_staff:
        return Cohort.objects.all()
    return Cohort.objects.filter(memberships__user=user).distinct()


def cohorts_facilitated_by(user) -> QuerySet[Cohort]:
    if user.is_staff:
        return Cohort.objects.all()
    return Cohort.objects.filter(
        memberships__user=user, memberships__role=Role.FACILITATOR
    ).distinct()


def membership_for(user, cohort, *, role: str | None = None) -> Membership | None:
    """The user's membership in a cohort (the given role, else the first one)."""
    if not user.is_authenticated:
        return None
    qs = Membership.objects.filter(user=user, cohort=cohort).select_related("delegation")
    if role:
        qs = qs.filter(role=role)
    return qs.first()


def delegation_ids_for(user, cohort) -> set[int]:
    """Delegations of a cohort the user belongs to (agents and participants)."""
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(user=user, cohort=cohort, delegation__isnull=False).values_list(
            "delegation_id", flat=True
        )
    )
