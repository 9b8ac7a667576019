from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audit import selectors
from transitions.access import get_cohort_or_404
from transitions.selectors import cohorts_for


@login_required
@require_GET
def cohort_list(request: HttpRequest) -> HttpResponse:
    cohorts = [
        c for c in cohorts_for(request.user) if request.user.has_perm("audit.view_history", c)
    ]
    return render(request, "audit/cohort_list.html", {"cohorts": cohorts})


@login_required
@require_GET
def cohort_history(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = get_cohort_or_404(request.user, cohort_id, "audit.view_history")
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    entries, more = selectors.cohort_history(cohort, viewer=request.user, page=page)
    return render(
        request,
        "audit/history.html",
        {
            "cohort": cohort,
            "entries": entries,
            "page": page,
            "more": more,
            "recorded": selectors.history_recorded(),
        },
    )
