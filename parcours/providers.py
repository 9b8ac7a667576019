"""What parcours shows in the core: the facilitator dashboard's entry and visit cells."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parcours.models import EntryRecord, VisitReport
from transitions.dashboard import Cell
from transitions.l10n import long_date


def entry_cells(cohort, delegations) -> dict[int, Cell]:
    """Each delegation's entry: committed, prerequisites in progress, or nothing (one
    query)."""
    cells = {}
    for record in EntryRecord.objects.filter(delegation__in=[d.pk for d in delegations]):
        url = reverse("parcours:entry-update", args=[cohort.pk, record.delegation_id])
        if record.is_committed:
            label = _("engagé le %(date)s") % {"date": long_date(record.committed_on)}
            cells[record.delegation_id] = Cell(label=label, state="done", url=url)
        else:
            label = _("%(n)s/3 prérequis") % {"n": record.prerequisites_met}
            cells[record.delegation_id] = Cell(label=label, state="in_progress", url=url)
    return cells


def visit_cells(cohort, delegations) -> dict[int, Cell]:
    """How many visit reports each delegation wrote (one query)."""
    url = reverse("parcours:inspiration", args=[cohort.pk])
    rows = (
        VisitReport.objects.filter(delegation__in=[d.pk for d in delegations])
        .values("delegation_id")
        .annotate(n=Count("pk"))
    )
    return {
        row["delegation_id"]: Cell(
            label=ngettext(
                "%(n)s compte rendu de visite", "%(n)s comptes rendus de visite", row["n"]
            )
            % {"n": row["n"]},
            state="done",
            url=url,
        )
        for row in rows
    }
