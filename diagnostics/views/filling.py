"""Filling a diagnostic: principle pages, shared sections, answers (autosave), evidence."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from diagnostics import reports, selectors, services
from diagnostics.forms import (
    AnswerForm,
    EvidenceForm,
    SharedTextForm,
)
from diagnostics.models import (
    ANSWER_FIELDS,
    LEVEL_HELP,
    Evidence,
    Level,
    Question,
    Section,
)
from diagnostics.views.common import (
    SECTION_SLUGS,
    SHARED_SECTIONS,
    diagnostic_in_scope,
    tabs_context,
)
from transitions.concurrency import StaleChoice, StaleEdit, differences
from transitions.confirm import Confirmation, confirmation_page, confirmed
from transitions.models import ActorCategory, Principle
from transitions.selectors import balise_hints

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
    diagnostic = diagnostic_in_scope(request, pk)
    principle = get_object_or_404(Principle, number=number)
    return _render_principle(request, diagnostic, principle)


def _render_principle(request, diagnostic, principle, *, override=None, status=200):
    can_edit = request.user.has_perm("diagnostics.change_diagnostic", diagnostic)
    items = []
    rows = selectors.principle_items(diagnostic, request.user, principle)
    hints = balise_hints({row["question"].axis_id for row in rows})
    for row in rows:
        question = row["question"]
        extra = override.get(question.pk, {}) if override else {}
        ctx = _item_context(diagnostic, question, row["answer"], can_edit=can_edit, **extra)
        ctx["respondents"] = row["respondents"]
        ctx["hints"] = hints.get(question.axis_id, [])
        items.append(ctx)
    done = sum(1 for i in items if i["answer"] and i["answer"].level is not None)
    category = selectors.respondent_category(request.user, diagnostic)
    tabs = tabs_context(principle.code)
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
    diagnostic = diagnostic_in_scope(request, pk)
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
        **tabs_context("profile" if section == Section.PROFILE else "synthesis"),
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
    diagnostic = diagnostic_in_scope(request, pk, "diagnostics.change_diagnostic")
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
    diagnostic = diagnostic_in_scope(request, pk)
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
    if question.is_axis:
        context["hints"] = balise_hints([question.axis_id]).get(question.axis_id, [])
    return render(request, "diagnostics/principle.html#item", context)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_add(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    diagnostic = diagnostic_in_scope(request, pk, "diagnostics.change_diagnostic")
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
    diagnostic = diagnostic_in_scope(request, pk, "diagnostics.change_diagnostic")
    # Only one's own evidence: the answer is the respondent's.
    evidence = get_object_or_404(
        Evidence.objects.select_related("answer__question__axis__principle", "answer__diagnostic"),
        pk=evidence_id,
        answer__diagnostic=diagnostic,
        answer__respondent=request.user,
    )
    question = evidence.answer.question
    if not confirmed(request):
        return confirmation_page(
            request,
            Confirmation(
                title=_("Supprimer une preuve"),
                question=_("Supprimer la preuve « %(what)s » de votre réponse à l'axe %(axis)s ?")
                % {"what": evidence.description, "axis": question.code},
                consequences=[_("La suppression est définitive.")],
                confirm_label=_("Supprimer la preuve"),
                cancel_url=_page_url(diagnostic, question),
            ),
        )
    services.evidence_delete(evidence=evidence, user=request.user)
    messages.success(
        request,
        _("La preuve « %(what)s » a été supprimée de votre réponse à l'axe %(axis)s.")
        % {"what": evidence.description, "axis": question.code},
    )
    return redirect(_page_url(diagnostic, question))
