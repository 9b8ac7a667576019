from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseStopPolling

from diagnostics import reports, scores, selectors, services
from diagnostics.forms import (
    AnswerForm,
    EvidenceForm,
    ReopenForm,
    SharedTextForm,
    TimelineEventEditForm,
    TimelineEventForm,
)
from diagnostics.models import (
    ANSWER_FIELDS,
    LEVEL_HELP,
    TIMELINE_FIELDS,
    DiagnosticStatus,
    Evidence,
    Level,
    Question,
    Section,
    TimelineEvent,
)
from transitions.access import require, scoped_or_404
from transitions.concurrency import StaleChoice, StaleEdit, differences, refused_edit
from transitions.models import ActorCategory, JobStatus, Principle
from transitions.rules import stage_is_open
from transitions.views import job_file_response

STALE_EVENT = gettext_lazy(
    "Quelqu'un d'autre a modifié cet événement pendant que vous le "
    "modifiiez : rien n'a été enregistré. Comparez ci-dessous la version "
    "enregistrée et votre saisie, corrigez si besoin, puis enregistrez à "
    "nouveau."
)

SHARED_SECTIONS = {"profil": Section.PROFILE, "synthese": Section.SYNTHESIS}
SECTION_SLUGS = {value: slug for slug, value in SHARED_SECTIONS.items()}


def _refusal(user, diagnostic) -> str:
    """Why a member in scope may not write, besides a closed stage (transitions.access)."""
    if diagnostic.status != DiagnosticStatus.DRAFT:
        return _(
            "Ce diagnostic a été soumis : il n'est plus modifiable tant que l'animation "
            "ne l'a pas rouvert."
        )
    return ""


def _diagnostic(request: HttpRequest, pk: int, perm: str = "diagnostics.view_diagnostic"):
    """Outside the user's scope 404; inside it without the right 403, saying why."""
    diagnostic = scoped_or_404(selectors.diagnostics_for(request.user), pk=pk)
    _require(request, perm, diagnostic)
    return diagnostic


def _require(request: HttpRequest, perm: str, diagnostic) -> None:
    if not request.user.has_perm(perm, diagnostic):
        require(request.user, perm, diagnostic, _refusal(request.user, diagnostic))


def _tabs(tab: str) -> dict:
    return {"tab": tab, "tab_principles": list(Principle.objects.order_by("number"))}


def _rights(user, diagnostic) -> dict:
    return {
        "can_edit": user.has_perm("diagnostics.change_diagnostic", diagnostic),
        "can_submit": user.has_perm("diagnostics.submit_diagnostic", diagnostic),
        "can_validate": user.has_perm("diagnostics.validate_diagnostic", diagnostic),
        "can_reopen": user.has_perm("diagnostics.reopen_diagnostic", diagnostic),
    }


# --- Lists and overview ------------------------------------------------------------------


@login_required
@require_GET
def diagnostic_list(request: HttpRequest) -> HttpResponse:
    delegations = list(
        selectors.delegations_for(request.user).order_by("-cohort__year", "territory__name")
    )
    diagnostics = {
        d.delegation_id: d
        for d in selectors.diagnostics_for(request.user).filter(
            delegation__in=[d.pk for d in delegations]
        )
    }
    rows = [{"delegation": d, "diagnostic": diagnostics.get(d.pk)} for d in delegations]
    return render(request, "diagnostics/list.html", {"rows": rows})


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
    diagnostic = _diagnostic(request, pk)
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
        **_rights(request.user, diagnostic),
        **_tabs("overview"),
    }
    return render(request, "diagnostics/detail.html", context)


# --- Filling -----------------------------------------------------------------------------


def _item_context(diagnostic, question, answer, *, form=None, state="", conflict=None, can_edit):
    if form is None:
        initial = {"version": answer.version if answer else 0}
        if answer:
            initial.update(level=answer.level, text=answer.text)
        form_class = AnswerForm if question.is_axis else SharedTextForm
        form = form_class(initial=initial, auto_id=f"q{question.pk}_%s")
    return {
        "diagnostic": diagnostic,
        "question": question,
        "answer": answer,
        "form": form,
        "state": state,
        "conflict": conflict,
        "can_edit": can_edit,
    }


def _page_url(diagnostic, question) -> str:
    if question.is_axis:
        url = reverse(
            "diagnostics:principle-edit", args=[diagnostic.pk, question.axis.principle.number]
        )
    else:
        url = reverse(
            "diagnostics:section-edit", args=[diagnostic.pk, SECTION_SLUGS[question.section]]
        )
    return f"{url}#item-{question.pk}"


@login_required
@require_GET
def principle_edit(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    diagnostic = _diagnostic(request, pk)
    principle = get_object_or_404(Principle, number=number)
    return _render_principle(request, diagnostic, principle)


def _render_principle(request, diagnostic, principle, *, override=None, status=200):
    can_edit = request.user.has_perm("diagnostics.change_diagnostic", diagnostic)
    items = []
    for row in selectors.principle_items(diagnostic, request.user, principle):
        question = row["question"]
        extra = override.get(question.pk, {}) if override else {}
        ctx = _item_context(diagnostic, question, row["answer"], can_edit=can_edit, **extra)
        ctx["respondents"] = row["respondents"]
        items.append(ctx)
    done = sum(1 for i in items if i["answer"] and i["answer"].level is not None)
    category = selectors.respondent_category(request.user, diagnostic)
    tabs = _tabs(principle.code)
    context = {
        "diagnostic": diagnostic,
        "principle": principle,
        "principles": tabs["tab_principles"],
        "items": items,
        "done": done,
        "total": len(items),
        "can_edit": can_edit,
        "category": category,
        "category_label": ActorCategory(category).label if category else "",
        "scale": [(lv.value, lv.label, LEVEL_HELP[lv]) for lv in Level],
        **tabs,
    }
    return render(request, "diagnostics/principle.html", context, status=status)


@login_required
@require_GET
def section_edit(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    diagnostic = _diagnostic(request, pk)
    if section not in SHARED_SECTIONS:
        raise Http404
    return _render_section(request, diagnostic, SHARED_SECTIONS[section])


def _render_section(request, diagnostic, section, *, override=None, status=200):
    can_edit = request.user.has_perm("diagnostics.change_diagnostic", diagnostic)
    items = []
    for row in selectors.shared_items(diagnostic, section):
        question = row["question"]
        extra = override.get(question.pk, {}) if override else {}
        items.append(_item_context(diagnostic, question, row["answer"], can_edit=can_edit, **extra))
    done = sum(1 for i in items if i["answer"] and i["answer"].text)
    ess = None
    if section == Section.PROFILE:
        ess = reports.ess_summary(diagnostic.delegation.territory)
    context = {
        "diagnostic": diagnostic,
        "territory": diagnostic.delegation.territory,
        "ess": ess,
        "section": section,
        "section_label": Section(section).label,
        "items": items,
        "done": done,
        "total": len(items),
        "can_edit": can_edit,
        **_tabs("profile" if section == Section.PROFILE else "synthesis"),
    }
    return render(request, "diagnostics/section.html", context, status=status)


def _question(diagnostic, question_id: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related("axis__principle"),
        pk=question_id,
        questionnaire_id=diagnostic.questionnaire_id,
    )


@login_required
@require_POST
def answer_save(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    """Autosave (htmx, one item) or plain submit of one item (without JavaScript)."""
    diagnostic = _diagnostic(request, pk, "diagnostics.change_diagnostic")
    question = _question(diagnostic, question_id)
    form_class = AnswerForm if question.is_axis else SharedTextForm
    data = request.POST.copy()
    # "Keep mine" after a conflict: the editor saw the other value and chose theirs.
    if data.get("keep_mine"):
        data["version"] = data["keep_mine"]
    form = form_class(data, auto_id=f"q{question.pk}_%s")
    state, conflict, http_status, answer = "", None, 200, None
    if form.is_valid():
        fields = {"text": form.cleaned_data["text"]}
        if question.is_axis:
            fields["level"] = form.cleaned_data["level"]
        try:
            answer = services.answer_save(
                diagnostic=diagnostic,
                question=question,
                user=request.user,
                base_version=form.cleaned_data["version"],
                category=selectors.respondent_category(request.user, diagnostic),
                **fields,
            )
            state = "saved"
        except StaleEdit as exc:
            state, http_status, answer = "conflict", 409, exc.current
            conflict = _answer_stale(diagnostic, question, form, exc)
        except ValidationError as exc:
            form.add_error(None, exc)
            state, http_status = "error", 422
    else:
        state, http_status = "error", 422

    if not request.htmx:
        if state == "saved":
            messages.success(request, _("Réponse enregistrée."))
            return redirect(_page_url(diagnostic, question))
        override = {question.pk: {"form": form, "state": state, "conflict": conflict}}
        if question.is_axis:
            return _render_principle(
                request, diagnostic, question.axis.principle, override=override, status=http_status
            )
        return _render_section(
            request, diagnostic, question.section, override=override, status=http_status
        )

    context = _item_context(
        diagnostic, question, answer, form=form, state=state, conflict=conflict, can_edit=True
    )
    if state == "saved":
        context["new_version"] = answer.version
        if question.is_axis:
            context["progress"] = selectors.progress(diagnostic, request.user).get(
                question.axis.principle.code
            )
            context["progress_key"] = question.axis.principle.code
    return render(request, "diagnostics/principle.html#item-status", context, status=http_status)


def _answer_stale(diagnostic, question, form, error: StaleEdit) -> StaleChoice:
    """The conflict box of one item: their saved value beside what was typed (still in the
    field); "keep mine" sends it again from their version, "take theirs" reloads the item."""
    current = error.current
    item_url = reverse("diagnostics:answer-item", args=[diagnostic.pk, question.pk])
    return StaleChoice(
        message=_("%(who)s a enregistré cette réponse pendant que vous la modifiiez.")
        % {"who": current.updated_by},
        note=_("Votre saisie n'a pas été enregistrée ; elle est toujours dans le champ."),
        differences=differences(form, current, ANSWER_FIELDS),
        keep_mine_label=_("Garder ma version"),
        keep_mine_name="keep_mine",
        keep_mine_value=str(current.version),
        take_theirs_url=item_url,
        take_theirs_label=_("Reprendre sa version"),
        take_theirs_hx_target=f"#item-{question.pk}",
    )


@login_required
@require_GET
def answer_item(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    """One item as saved now (after a conflict: "take theirs")."""
    diagnostic = _diagnostic(request, pk)
    question = _question(diagnostic, question_id)
    if not request.htmx:
        return redirect(_page_url(diagnostic, question))
    respondent = request.user if question.is_axis else None
    answer = diagnostic.answers.filter(question=question, respondent=respondent).first()
    context = _item_context(
        diagnostic,
        question,
        answer,
        can_edit=request.user.has_perm("diagnostics.change_diagnostic", diagnostic),
    )
    return render(request, "diagnostics/principle.html#item", context)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_add(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    diagnostic = _diagnostic(request, pk, "diagnostics.change_diagnostic")
    question = _question(diagnostic, question_id)
    if not question.is_axis:
        raise Http404
    form = EvidenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.evidence_add(
            diagnostic=diagnostic,
            question=question,
            user=request.user,
            category=selectors.respondent_category(request.user, diagnostic),
            **form.cleaned_data,
        )
        messages.success(request, _("Preuve ajoutée."))
        return redirect(_page_url(diagnostic, question))
    return render(
        request,
        "diagnostics/evidence_form.html",
        {"diagnostic": diagnostic, "question": question, "form": form},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def evidence_delete(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponse:
    diagnostic = _diagnostic(request, pk, "diagnostics.change_diagnostic")
    # Only one's own evidence: the answer is the respondent's.
    evidence = get_object_or_404(
        Evidence.objects.select_related("answer__question__axis__principle", "answer__diagnostic"),
        pk=evidence_id,
        answer__diagnostic=diagnostic,
        answer__respondent=request.user,
    )
    question = evidence.answer.question
    services.evidence_delete(evidence=evidence, user=request.user)
    messages.success(request, _("Preuve supprimée."))
    return redirect(_page_url(diagnostic, question))


# --- Timeline ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def timeline(request: HttpRequest, pk: int) -> HttpResponse:
    diagnostic = _diagnostic(request, pk)
    can_edit = request.user.has_perm("diagnostics.change_diagnostic", diagnostic)
    form = TimelineEventForm(request.POST or None)
    status = 200
    if request.method == "POST":
        _require(request, "diagnostics.change_diagnostic", diagnostic)
        if form.is_valid():
            services.timeline_event_add(
                diagnostic=diagnostic, user=request.user, **form.cleaned_data
            )
            messages.success(request, _("Événement ajouté au récit."))
            return redirect("diagnostics:timeline-list", pk=diagnostic.pk)
        status = 422
    events = diagnostic.timeline_events.select_related("created_by")
    return render(
        request,
        "diagnostics/timeline.html",
        {
            "diagnostic": diagnostic,
            "events": events,
            "form": form,
            "can_edit": can_edit,
            **_tabs("timeline"),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def timeline_update(request: HttpRequest, pk: int, event_id: int) -> HttpResponse:
    diagnostic = _diagnostic(request, pk, "diagnostics.change_diagnostic")
    event = get_object_or_404(TimelineEvent, pk=event_id, diagnostic=diagnostic)
    # The form works on its own copy: a refused save must not retitle the page.
    form = TimelineEventEditForm(
        request.POST or None, instance=TimelineEvent.objects.get(pk=event.pk)
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in TIMELINE_FIELDS}
        try:
            services.timeline_event_update(
                event=event,
                user=request.user,
                fingerprint=form.cleaned_data["fingerprint"],
                **values,
            )
        except StaleEdit as error:
            form, stale = refused_edit(
                form, error, message=STALE_EVENT, take_theirs_url=request.path
            )
        except ValidationError as error:
            form.add_error(None, error)
        # A colleague saved exactly these values meanwhile: nothing is lost, it is saved.
        if stale is None or not stale.differences:
            if not form.errors:
                messages.success(request, _("Événement enregistré."))
                return redirect("diagnostics:timeline-list", pk=diagnostic.pk)
            stale = None
    return render(
        request,
        "diagnostics/timeline_edit.html",
        {
            "diagnostic": diagnostic,
            "event": event,
            "form": form,
            "stale": stale,
            "differences": stale.differences if stale else [],
            **_tabs("timeline"),
        },
        status=409 if stale else (422 if form.errors else 200),
    )


@login_required
@require_POST
def timeline_delete(request: HttpRequest, pk: int, event_id: int) -> HttpResponse:
    diagnostic = _diagnostic(request, pk, "diagnostics.change_diagnostic")
    event = get_object_or_404(TimelineEvent, pk=event_id, diagnostic=diagnostic)
    services.timeline_event_delete(event=event, user=request.user)
    messages.success(request, _("Événement retiré du récit."))
    return redirect("diagnostics:timeline-list", pk=diagnostic.pk)


# --- History, results --------------------------------------------------------------------


@login_required
@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    diagnostic = _diagnostic(request, pk, "diagnostics.view_change")
    changes = selectors.history_of(diagnostic, viewer=request.user)
    return render(
        request,
        "diagnostics/history.html",
        {"diagnostic": diagnostic, "changes": changes, **_tabs("history")},
    )


@login_required
@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    diagnostic = _diagnostic(request, pk)
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
        **_tabs("results"),
    }
    return render(request, "diagnostics/results.html", context)


@login_required
@require_POST
def observation_quote(request: HttpRequest, pk: int, answer_id: int) -> HttpResponse:
    diagnostic = _diagnostic(request, pk, "diagnostics.quote_answer")
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


# --- Workflow ----------------------------------------------------------------------------


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    diagnostic = _diagnostic(request, pk, "diagnostics.submit_diagnostic")
    try:
        services.diagnostic_submit(diagnostic=diagnostic, user=request.user)
        messages.success(request, _("Diagnostic soumis à l'animation pour validation."))
    except services.StateError as exc:
        messages.error(request, str(exc))
    return redirect("diagnostics:diagnostic-detail", pk=diagnostic.pk)


@login_required
@require_POST
def validate(request: HttpRequest, pk: int) -> HttpResponse:
    diagnostic = _diagnostic(request, pk, "diagnostics.validate_diagnostic")
    try:
        services.diagnostic_validate(diagnostic=diagnostic, user=request.user)
        messages.success(request, _("Diagnostic validé."))
    except services.StateError as exc:
        messages.error(request, str(exc))
    return redirect("diagnostics:diagnostic-detail", pk=diagnostic.pk)


@login_required
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    diagnostic = _diagnostic(request, pk, "diagnostics.reopen_diagnostic")
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
        "stage_open": stage_is_open(request.user, diagnostic),
        "reopen_form": form,
        **_rights(request.user, diagnostic),
        **_tabs("overview"),
    }
    return render(request, "diagnostics/detail.html", context, status=422)


# --- Report ------------------------------------------------------------------------------


@login_required
@require_POST
def report_request(request: HttpRequest, pk: int) -> HttpResponse:
    diagnostic = _diagnostic(request, pk, "diagnostics.add_report")
    job = reports.report_request(diagnostic=diagnostic, user=request.user)
    if request.htmx:
        return render(
            request,
            "diagnostics/results.html#report",
            {"diagnostic": diagnostic, "job": job, "can_report": True},
        )
    return redirect(reverse("diagnostics:results-detail", args=[diagnostic.pk]) + "#rapport")


@login_required
@require_GET
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    diagnostic = _diagnostic(request, pk, "diagnostics.view_report")
    job = reports.latest_report(diagnostic)
    if not request.htmx:
        return redirect(reverse("diagnostics:results-detail", args=[diagnostic.pk]) + "#rapport")
    context = {
        "diagnostic": diagnostic,
        "job": job,
        "can_report": request.user.has_perm("diagnostics.add_report", diagnostic),
    }
    if job is None or not job.is_active:
        response = HttpResponseStopPolling()
        response.content = render(request, "diagnostics/results.html#report", context).content
        return response
    return render(request, "diagnostics/results.html#report", context)


@login_required
@require_GET
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    diagnostic = _diagnostic(request, pk, "diagnostics.view_report")
    job = reports.latest_report(diagnostic, ready_only=True)
    if job is None:
        raise Http404
    return job_file_response(request, job, diagnostic)
