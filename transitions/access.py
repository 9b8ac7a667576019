"""Access helpers: outside your scope 404, inside it without the right 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from transitions.models import Cohort
from transitions.selectors import cohorts_for


def get_cohort_or_404(user, cohort_id: int, perm: str | None = None) -> Cohort:
    cohort = get_object_or_404(cohorts_for(user), pk=cohort_id)
    if perm and not user.has_perm(perm, cohort):
        raise PermissionDenied
    return cohort


def require(user, perm: str, obj) -> None:
    """Raise 403 when the user lacks `perm` on an object already known to be in scope."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def scoped_or_404(queryset, **lookup):
    """Fetch from an already user-scoped queryset; anything else is invisible (404)."""
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def require_stage_open(stage) -> None:
    """A stage gates its inputs: only an open (not skipped) stage takes writes.

    Feature apps call this before any write tied to a stage; a closed stage is read-only
    and an upcoming one takes no input yet (403, the page stays readable).
    """
    if stage is None or stage.is_read_only:
        raise PermissionDenied
