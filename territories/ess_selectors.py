"""Reads of the ESS actor map, scoped to the user."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from territories.models import Organisation, Relationship, Territory
from transitions.models import Membership, Role


def territories_for_ess(user) -> QuerySet[Territory]:
    """Territories whose map the user may see: those of their delegations, and those
    taking part in cohorts they facilitate."""
    if not user.is_authenticated:
        return Territory.objects.none()
    if user.is_staff:
        return Territory.objects.all()
    own = Membership.objects.filter(
        user=user, role__in=[Role.AGENT, Role.PARTICIPANT], delegation__isnull=False
    ).values("delegation__territory_id")
    facilitated = Membership.objects.filter(user=user, role=Role.FACILITATOR).values("cohort_id")
    return Territory.objects.filter(
        Q(pk__in=own) | Q(delegations__cohort_id__in=facilitated)
    ).distinct()


def organisations_with_latest(territory) -> list[Organisation]:
    """The territory's organisations, each with `.latest` (its current relationship) and
    `.history` (every dated record, newest first), in 2 queries."""
    organisations = list(
        Organisation.objects.filter(territory=territory)
        .prefetch_related(
            Prefetch(
                "relationships",
                queryset=Relationship.objects.order_by("-observed_on", "-recorded_at", "-pk"),
                to_attr="history",
            )
        )
        .order_by("name")
    )
    for organisation in organisations:
        organisation.latest = organisation.history[0] if organisation.history else None
    return organisations
