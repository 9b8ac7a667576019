"""The diagnostics list, opening one, its overview and its workflow (submit, validate, reopen)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
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
from transitions.confirm import Confirmation, confirmation_page, confirmed, success_with_undo
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
    coverage = selectors.coverage(diagnostic, request.user)
    by_code = {row.principle.code: row for row in coverage.by_principle}
    principles = selectors.principles_with_questions(diagnostic.questionnaire)
    for principle in principles:
        principle.progress = progress.get(principle.code, {"done": 0, "total": 0})
        # For those who do not answer (facilitators, staff): the whole delegation's axes.
        principle.coverage = by_code.get(principle.code)
    context = {
        "diagnostic": diagnostic,
        "principles": principles,
        "profile_progress": progress.get(Section.PROFILE),
        "synthesis_progress": progress.get(Section.SYNTHESIS),
        "respondents": selectors.respondents_count(diagnostic),
        "coverage": coverage,
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


def _territory(diagnostic) -> str:
    return diagnostic.delegation.territory.name


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    diagnostic = diagnostic_in_scope(request, pk, "diagnostics.submit_diagnostic")
    if not confirmed(request):
        gaps = selectors.coverage(diagnostic, request.user)
        consequences = [
            _("Le diagnostic ne sera plus modifiable par la délégation."),
            _("L'animation le validera, ou le rouvrira avec un commentaire."),
        ]
        return confirmation_page(
            request,
            Confirmation(
                title=_("Soumettre le diagnostic de %(name)s") % {"name": _territory(diagnostic)},
                question=ngettext(
                    "%(done)s axe sur %(total)s a reçu au moins une réponse. "
                    "Soumettre le diagnostic à l'animation ?",
                    "%(done)s axes sur %(total)s ont reçu au moins une réponse. "
                    "Soumettre le diagnostic à l'animation ?",
                    gaps.answered,
                )
                % {"done": gaps.answered, "total": gaps.total},
                consequences=consequences,
                undo_note=_(
                    "Pour le compléter ensuite, l'animation devra le rouvrir avec un commentaire."
                ),
                confirm_label=_("Soumettre quand même")
                if not gaps.complete
                else _("Soumettre le diagnostic"),
                cancel_url=reverse("diagnostics:diagnostic-detail", args=[diagnostic.pk]),
                danger=not gaps.complete,
                details_template="diagnostics/_coverage.html",
                details={
                    "coverage": gaps,
                    "diagnostic": diagnostic,
                    "is_respondent": bool(selectors.respondent_category(request.user, diagnostic)),
                },
            ),
        )
    try:
        services.diagnostic_submit(diagnostic=diagnostic, user=request.user)
        messages.success(
            request,
            _("Le diagnostic de %(name)s a été soumis à l'animation pour validation.")
            % {"name": _territory(diagnostic)},
        )
    except services.StateError as exc:
        messages.error(request, str(exc))
    return redirect("diagnostics:diagnostic-detail", pk=diagnostic.pk)


@login_required
@require_POST
def validate(request: HttpRequest, pk: int) -> HttpResponse:
    diagnostic = diagnostic_in_scope(request, pk, "diagnostics.validate_diagnostic")
    if not confirmed(request):
        gaps = selectors.coverage(diagnostic, request.user)
        return confirmation_page(
            request,
            Confirmation(
                title=_("Valider le diagnostic de %(name)s") % {"name": _territory(diagnostic)},
                question=_("Valider le diagnostic de %(name)s ?")
                % {"name": _territory(diagnostic)},
                consequences=[
                    _("Le rapport ne sera plus marqué provisoire."),
                    _("La délégation ne pourra plus le modifier."),
                ],
                undo_note=_(
                    "Vous pourrez annuler la validation tant que l'étape de diagnostic est ouverte."
                ),
                confirm_label=_("Valider le diagnostic"),
                cancel_url=reverse("diagnostics:diagnostic-detail", args=[diagnostic.pk]),
                danger=False,
                details_template="diagnostics/_coverage.html",
                details={"coverage": gaps, "diagnostic": diagnostic},
            ),
        )
    try:
        services.diagnostic_validate(diagnostic=diagnostic, user=request.user)
    except services.StateError as exc:
        messages.error(request, str(exc))
    else:
        success_with_undo(
            request,
            _("Le diagnostic de %(name)s est validé.") % {"name": _territory(diagnostic)},
            reverse("diagnostics:diagnostic-unvalidate", args=[diagnostic.pk]),
        )
    return redirect("diagnostics:diagnostic-detail", pk=diagnostic.pk)


@login_required
@require_POST
def unvalidate(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo a validation: the diagnostic is submitted again, for review."""
    diagnostic = diagnostic_in_scope(request, pk, "diagnostics.unvalidate_diagnostic")
    try:
        services.diagnostic_unvalidate(diagnostic=diagnostic, user=request.user)
    except services.StateError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("La validation du diagnostic de %(name)s est annulée : il est de nouveau soumis.")
            % {"name": _territory(diagnostic)},
        )
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
        "coverage": selectors.coverage(diagnostic, request.user),
        "is_respondent": bool(selectors.respondent_category(request.user, diagnostic)),
        "stage_open": stage_is_open(request.user, diagnostic),
        "reopen_form": form,
        **rights_context(request.user, diagnostic),
        **tabs_context("overview"),
    }
    return render(request, "diagnostics/detail.html", context, status=422)
