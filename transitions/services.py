"""Writes of the parcours core."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from transitions.models import DEFAULT_TEMPLATE, Cohort, Membership, Role, Stage, User


@transaction.atomic
def cohort_create(
    *,
    name: str,
    year: int,
    created_by: User | None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    description: str = "",
) -> Cohort:
    """Create a cohort from the default parcours template; its creator facilitates it."""
    cohort = Cohort.objects.create(
        name=name,
        year=year,
        starts_on=starts_on,
        ends_on=ends_on,
        description=description,
        created_by=created_by,
    )
    Stage.objects.bulk_create(
        Stage(cohort=cohort, kind=kind, name=str(kind.label), order=index, optional=optional)
        for index, (kind, optional) in enumerate(DEFAULT_TEMPLATE, start=1)
    )
    if created_by is not None and not created_by.is_staff:
        Membership.objects.create(user=created_by, cohort=cohort, role=Role.FACILITATOR)
    return cohort
