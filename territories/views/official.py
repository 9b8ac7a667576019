"""The official administrative reference: the autocomplete of the territory creation
form, and what its re-imports changed for the facilitator's territories."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from territories import selectors
from territories.models import OfficialDataVersion, TerritoryKind
from transitions.access import require
from transitions.l10n import number
from transitions.pagination import paginate


def search_results(user, query: str) -> list[dict]:
    """The entries matching `query`, each with the territory already on the platform for
    it (if the user can see one), so a facilitator does not create it twice. Labels are
    prepared here: the autocomplete answers every keystroke, and translating a choice or
    formatting a number per row in the template cost more than the search itself."""
    entries = selectors.official_search(query, known=selectors.territories_for(user).order_by())
    kinds = {value: str(label) for value, label in TerritoryKind.choices}
    return [
        {
            "pk": e.pk,
            "name": e.name,
            "kind": e.kind,
            "kind_label": kinds[e.kind],
            "code": e.code,
            "departement": e.departement,
            "postcodes": e.postcodes,
            # Grouped by thousands as everywhere else ("108 000", transitions/l10n.py).
            "population": None if e.population is None else number(e.population),
            "territory_id": e.territory_id,
        }
        for e in entries
    ]


@login_required
@require_GET
def official_search(request: HttpRequest) -> HttpResponse:
    """The autocomplete's results (htmx). Without htmx, the creation page shows them."""
    require(request.user, "territories.add_territory", None)
    query = request.GET.get("q", "")[:100]
    # Carried to the creation form's links; checked there (territory_create).
    cohort_id = request.GET.get("cohorte", "")
    cohort_id = cohort_id if cohort_id.isdigit() else ""
    if not request.htmx:
        params = {"q": query, **({"cohorte": cohort_id} if cohort_id else {})}
        return redirect(f"{reverse('territories:territory-create')}?{urlencode(params)}")
    # A fragment: no context processors (navigation, messages) to run on every keystroke.
    return HttpResponse(
        render_to_string(
            "territories/_official_results.html",
            {
                "query": query,
                "results": search_results(request.user, query),
                "cohort_id": cohort_id,
            },
        )
    )


@login_required
@require_GET
def official_changes(request: HttpRequest) -> HttpResponse:
    """What the last imports of the reference changed for the territories of the cohorts
    the user facilitates."""
    require(request.user, "territories.add_territory", None)
    page = paginate(request, selectors.official_changes_for(request.user))
    return render(
        request,
        "territories/official_changes.html",
        {"page": page, "version": OfficialDataVersion.objects.first()},
    )
