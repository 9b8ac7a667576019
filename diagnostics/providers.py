"""What diagnostics shows in the core: dashboard cells and the navigation entry."""

from __future__ import annotations

from django.urls import reverse

from diagnostics.models import Diagnostic, DiagnosticStatus
from transitions.dashboard import Cell
from transitions.models import Role
from transitions.roles import roles_of

STATE = {
    DiagnosticStatus.DRAFT: "in_progress",
    DiagnosticStatus.SUBMITTED: "in_progress",
    DiagnosticStatus.VALIDATED: "done",
}


def diagnostic_cells(cohort, delegations) -> dict[int, Cell]:
    """Each delegation's diagnostic status, in one query."""
    rows = Diagnostic.objects.filter(delegation__in=[d.pk for d in delegations]).only(
        "pk", "delegation_id", "status"
    )
    return {
        d.delegation_id: Cell(
            label=d.get_status_display(),
            state=STATE[d.status],
            url=reverse("diagnostics:diagnostic-detail", args=[d.pk]),
        )
        for d in rows
    }


def nav_visible(user) -> bool:
    roles = roles_of(user)
    return roles.is_staff or bool(roles.cohort_ids(Role.FACILITATOR, Role.AGENT, Role.PARTICIPANT))
