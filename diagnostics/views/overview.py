"""The diagnostics list, opening one, its overview and its workflow (submit, validate, reopen)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from diagnostics import selectors, services
from diagnostics.forms import (
    ReopenForm,
)
from diagnostics.models import (
    Section,
)
from diagnostics.views.common import (
    diagnostic_in_scope,
    rights_context,
    tabs_context,
)
from territories.models import PilotProject
from transitions.access import scoped_or_404
from transitions.pagination import paginate, search_terms, wants_fragment
from transitions.rules import stage_is_open

# --- Lists and overview ------------------------------------------------------------------


@login_required
@require_GET
def diagnostic_list(request: HttpRequest) -> HttpResponse:
    query = search_terms(request)
    page = paginate(request, selectors.delegations_listed_for(request.user, query=query))
    diagnostics = {
        d.delegation_id: d
        for d in selectors.diagnostics_for(request.user).filter(
            delegation__in=[d.pk for d in page.items]
        )
    }
    page.items = [{"delegation": d, "diagnostic": diagnostics.get(d.pk)} for d in page.items]
    template = "diagnostics/list.html"
    if wants_fragment(request):
        template += "#results"
    return render(request, template, {"rows": page, "filters": {"q": query}})


@login_required
@require_POST
def diagnostic_open(request: HttpRequest, delegation_id: int) -> HttpResponse:
    delegation = scoped_or_404(selectors.delegations_for(request.user), pk=delegation_id)
    diagnostic = services.diagnostic_open(delegation=delegation)
    if diagnostic is None:
        messages.error(request, _("L'étape de diagnostic n'est pas encore ouverte."))
        return redirect("diagnostics:diagnostic-list")
    return redirect("diagnostics:diagnostic-detail", pk=diagnostic.pk)


@login_required
@require_GET
def diagnostic_detail(request: HttpRequest, pk: int) -> HttpResponse:
    diagnostic = diagnostic_in_scope(request, pk)
    progress = selectors.progress(diagnostic, request.user)
    principles = selectors.principles_with_questions(diagnostic.questionnaire)
    for principle in principles:
        principle.progress = progress.get(principle.code, {"done": 0, "total": 0})
    context = {
        "diagnostic": diagnostic,
        "principles": principles,
        "profile_progress": progress.get(Section.PROFILE),
        "synthesis_progress": progress.get(Section.SYNTHESIS),
        "respondents": selectors.respondents_count(diagnostic),
        "is_respondent": bool(selectors.respondent_category(request.user, diagnostic)),
        "stage_open": stage_is_open(request.user, diagnostic),
        "reopen_form": ReopenForm(),
        # The synthesis' candidate pilot project opens territories' form, prefilled.
        "pilot_prefill": selectors.candidate_pilot_prefill(diagnostic)
        if request.user.has_perm(
            "territories.add_pilotproject", PilotProject(delegation=diagnostic.delegation)
        )
        else "",
        **rights_context(request.user, diagnostic),
        **tabs_context("overview"),
    }
    return render(request, "diagnostics/detail.html", context)


# --- Workflow ----------------------------------------------------------------------------


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    diagnostic = diagnostic_in_scope(request, pk, "diagnostics.submit_diagnostic")
    try:
        services.diagnostic_submit(diagnostic=diagnostic, user=request.user)
        messages.success(request, _("Diagnostic soumis à l'animation pour validation."))
    except services.StateError as exc:
        messages.error(request, str(exc))
    return redirect("diagnostics:diagnostic-detail", pk=diagnostic.pk)


@login_required
@require_POST
def validate(request: HttpRequest, pk: int) -> HttpResponse:
    diagnostic = diagnostic_in_scope(request, pk, "diagnostics.validate_diagnostic")
    try:
        services.diagnostic_validate(diagnostic=diagnostic, user=request.user)
        messages.success(request, _("Diagnostic validé."))
    except services.StateError as exc:
        messages.error(request, str(exc))
    return redirect("diagnostics:diagnostic-detail", pk=diagnostic.pk)


@login_required
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    diagnostic = diagnostic_in_scope(request, pk, "diagnostics.reopen_diagnostic")
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.diagnostic_reopen(
                diagnostic=diagnostic, user=request.user, comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("Diagnostic rouvert : la délégation peut le compléter."))
            return redirect("diagnostics:diagnostic-detail", pk=diagnostic.pk)
        except services.StateError as exc:
            messages.error(request, str(exc))
            return redirect("diagnostics:diagnostic-detail", pk=diagnostic.pk)
        except ValidationError as exc:
            form.add_error("comment", exc)
    progress = selectors.progress(diagnostic, request.user)
    principles = selectors.principles_with_questions(diagnostic.questionnaire)
    for principle in principles:
        principle.progress = progress.get(principle.code, {"done": 0, "total": 0})
    context = {
        "diagnostic": diagnostic,
        "principles": principles,
        "profile_progress": progress.get(Section.PROFILE),
        "synthesis_progress": progress.get(Section.SYNTHESIS),
        "respondents": selectors.respondents_count(diagnostic),
        "is_respondent": bool(selectors.respondent_category(request.user, diagnostic)),
        "stage_open": stage_is_open(request.user, diagnostic),
        "reopen_form": form,
        **rights_context(request.user, diagnostic),
        **tabs_context("overview"),
    }
    return render(request, "diagnostics/detail.html", context, status=422)
