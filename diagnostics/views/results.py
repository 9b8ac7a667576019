"""History, results, quoted observations and the report PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from diagnostics import reports, scores, selectors, services
from diagnostics.views.common import (
    diagnostic_in_scope,
    tabs_context,
)
from transitions.history import object_history
from transitions.models import ActorCategory, JobStatus
from transitions.views import job_file_response, job_poll_response

HISTORY_LIMIT = 300

# --- History, results --------------------------------------------------------------------


@login_required
@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    """The diagnostic's history, read from the one audit history through the core's
    registry (diagnostics never imports `audit`): answers under their respondent's
    category, shared sections named. None: no history app installed."""
    diagnostic = diagnostic_in_scope(request, pk, "diagnostics.view_history")
    history = object_history(diagnostic, viewer=request.user, limit=HISTORY_LIMIT)
    if history is not None:
        labels = selectors.question_labels(diagnostic)
        for entry in history.entries:
            entry.subject = labels.get(entry.subject, entry.subject)
    return render(
        request,
        "diagnostics/history.html",
        {"diagnostic": diagnostic, "history": history, **tabs_context("history")},
    )


@login_required
@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    diagnostic = diagnostic_in_scope(request, pk)
    result = scores.diagnostic_results(diagnostic)
    job = reports.latest_report(diagnostic)
    context = {
        "diagnostic": diagnostic,
        "result": result,
        "radar": scores.radar_svg(result),
        "job": job,
        "report_stale": job is not None
        and job.status == JobStatus.READY
        and reports.report_is_stale(job, diagnostic, result),
        "can_report": request.user.has_perm("diagnostics.add_report", diagnostic),
        "can_quote": request.user.has_perm("diagnostics.quote_answer", diagnostic),
        "observations": selectors.observations_of(diagnostic),
        "categories": dict(ActorCategory.choices),
        **tabs_context("results"),
    }
    return render(request, "diagnostics/results.html", context)


@login_required
@require_POST
def observation_quote(request: HttpRequest, pk: int, answer_id: int) -> HttpResponse:
    diagnostic = diagnostic_in_scope(request, pk, "diagnostics.quote_answer")
    answer = get_object_or_404(selectors.observations_of(diagnostic), pk=answer_id)
    services.answer_quote(
        answer=answer, user=request.user, quoted=request.POST.get("quoted") == "1"
    )
    if request.htmx:
        return render(
            request,
            "diagnostics/results.html#observation",
            {"diagnostic": diagnostic, "observation": answer, "can_quote": True},
        )
    return redirect(reverse("diagnostics:results-detail", args=[diagnostic.pk]) + "#observations")


# --- Report ------------------------------------------------------------------------------


@login_required
@require_POST
def report_request(request: HttpRequest, pk: int) -> HttpResponse:
    diagnostic = diagnostic_in_scope(request, pk, "diagnostics.add_report")
    job = reports.report_request(diagnostic=diagnostic, user=request.user)
    if request.htmx:
        return render(
            request,
            "diagnostics/results.html#report",
            {"diagnostic": diagnostic, "job": job, "can_report": True},
        )
    return redirect(reverse("diagnostics:results-detail", args=[diagnostic.pk]) + "#rapport")


@never_cache
@login_required
@require_GET
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    diagnostic = diagnostic_in_scope(request, pk, "diagnostics.view_report")
    job = reports.latest_report(diagnostic)
    if not request.htmx:
        return redirect(reverse("diagnostics:results-detail", args=[diagnostic.pk]) + "#rapport")
    context = {
        "diagnostic": diagnostic,
        "job": job,
        "can_report": request.user.has_perm("diagnostics.add_report", diagnostic),
    }
    return job_poll_response(request, "diagnostics/results.html#report", context, job)


@login_required
@require_GET
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    diagnostic = diagnostic_in_scope(request, pk, "diagnostics.view_report")
    job = reports.latest_report(diagnostic, ready_only=True)
    if job is None:
        raise Http404
    return job_file_response(request, job, diagnostic)
