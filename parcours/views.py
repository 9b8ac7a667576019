"""Pages of the parcours' own stages: entry, prise de hauteur, inspiration (visits,
shared topics) and the learning-community subgroups."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parcours import selectors, services
from parcours.forms import (
    EntryRecordForm,
    InputNoteForm,
    SubgroupNoteForm,
    TopicForm,
    TopicNoteForm,
    VisitReportForm,
)
from parcours.models import EntryRecord, InputNote, SubgroupNote, Topic, TopicNote, VisitReport
from transitions import selectors as core_selectors
from transitions.access import get_cohort_or_404, require, scoped_or_404, stage_refusal
from transitions.concurrency import StaleEdit, refused_edit
from transitions.models import StageKind


def _form_status(request: HttpRequest, stale) -> int:
    if stale:
        return 409
    return 400 if request.method == "POST" else 200


def _stage(cohort, kind: str):
    return core_selectors.stage_of(cohort, kind)


# --- Entrée dans le parcours -------------------------------------------------------------


@login_required
@require_GET
def entry_list(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = get_cohort_or_404(request.user, cohort_id, "transitions.view_cohort")
    rows = selectors.entry_rows(request.user, cohort)
    return render(
        request,
        "parcours/entry_list.html",
        {
            "cohort": cohort,
            "stage": _stage(cohort, StageKind.ENTRY),
            "rows": [
                (
                    delegation,
                    record,
                    request.user.has_perm(
                        "parcours.change_entryrecord",
                        record or EntryRecord(delegation=delegation),
                    ),
                )
                for delegation, record in rows
            ],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, cohort_id: int, delegation_id: int) -> HttpResponse:
    cohort = get_cohort_or_404(request.user, cohort_id)
    delegation = scoped_or_404(
        selectors.territory_delegations_for(request.user, cohort), pk=delegation_id
    )
    record = EntryRecord.objects.filter(delegation=delegation).first()
    target = record or EntryRecord(delegation=delegation)
    require(request.user, "parcours.view_entryrecord", target)
    if request.method == "POST":
        require(request.user, "parcours.change_entryrecord", target)
    form = EntryRecordForm(request.POST or None, instance=record)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_record_save(
                delegation=delegation,
                user=request.user,
                **{k: v for k, v in form.cleaned_data.items()},
            )
        except StaleEdit as error:
            form, stale = refused_edit(form, error, take_theirs_url=request.path)
        except ValidationError as error:
            form.add_error(None, ValidationError(error.messages))
        else:
            messages.success(request, _("L'entrée dans le parcours a été enregistrée."))
            return redirect("parcours:entry-list", cohort_id=cohort.pk)
    return render(
        request,
        "parcours/entry_form.html",
        {
            "cohort": cohort,
            "delegation": delegation,
            "record": record,
            "form": form,
            "stale": stale,
            "can_change": request.user.has_perm("parcours.change_entryrecord", target),
            "refusal": stage_refusal(target),
            "members": delegation.memberships.select_related("user").order_by(
                "category", "user__full_name"
            ),
        },
        status=_form_status(request, stale),
    )


# --- Prise de hauteur --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def stepping_back(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """The notes from the theoretical inputs, and a form to add one."""
    cohort = get_cohort_or_404(request.user, cohort_id)
    require(request.user, "parcours.view_inputnote", InputNote(cohort=cohort))
    blank = InputNote(cohort=cohort)
    can_add = request.user.has_perm("parcours.add_inputnote", blank)
    form = InputNoteForm(request.POST or None, cohort=cohort)
    if request.method == "POST":
        require(request.user, "parcours.add_inputnote", blank)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "fingerprint"}
            try:
                services.input_note_create(cohort=cohort, author=request.user, **data)
            except ValidationError as error:
                form.add_error(None, ValidationError(error.messages))
            else:
                messages.success(request, _("La note a été ajoutée."))
                return redirect("parcours:stepping-back", cohort_id=cohort.pk)
    notes = [
        (note, request.user.has_perm("parcours.change_inputnote", note))
        for note in selectors.input_notes_of(cohort)
    ]
    return render(
        request,
        "parcours/stepping_back.html",
        {
            "cohort": cohort,
            "stage": _stage(cohort, StageKind.STEPPING_BACK),
            "notes": notes,
            "form": form if can_add else None,
            "refusal": stage_refusal(blank),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def input_note_edit(request: HttpRequest, cohort_id: int, note_id: int) -> HttpResponse:
    cohort = get_cohort_or_404(request.user, cohort_id)
    note = scoped_or_404(selectors.input_notes_of(cohort), pk=note_id)
    require(request.user, "parcours.change_inputnote", note)
    form = InputNoteForm(request.POST or None, instance=note, cohort=cohort)
    stale = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "fingerprint"}
        try:
            services.input_note_update(
                note=note, fingerprint=form.cleaned_data["fingerprint"], **data
            )
        except StaleEdit as error:
            form, stale = refused_edit(form, error, take_theirs_url=request.path)
        except ValidationError as error:
            form.add_error(None, ValidationError(error.messages))
        else:
            messages.success(request, _("La note a été enregistrée."))
            return redirect("parcours:stepping-back", cohort_id=cohort.pk)
    return render(
        request,
        "parcours/note_form.html",
        {
            "cohort": cohort,
            "form": form,
            "stale": stale,
            "title": _("Modifier la note"),
            "back_url": "parcours:stepping-back",
        },
        status=_form_status(request, stale),
    )


# --- Inspiration et formation collective -------------------------------------------------


@login_required
@require_GET
def inspiration(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Visit reports the user may read, the cohort's shared topics with their notes, the
    subgroups the user belongs to."""
    cohort = get_cohort_or_404(request.user, cohort_id, "transitions.view_cohort")
    delegations = list(selectors.territory_delegations_for(request.user, cohort))
    blank_visit = VisitReport(delegation=delegations[0]) if delegations else None
    topics = list(selectors.topics_of(cohort))
    blank_note = TopicNote(topic=topics[0]) if topics else None
    return render(
        request,
        "parcours/inspiration.html",
        {
            "cohort": cohort,
            "stage": _stage(cohort, StageKind.INSPIRATION),
            # Scoped by the selector; the rule is asked too, so a change of either shows.
            "reports": [
                (r, request.user.has_perm("parcours.change_visitreport", r))
                for r in selectors.visit_reports_for(request.user, cohort)
                if request.user.has_perm("parcours.view_visitreport", r)
            ],
            "can_add_visit": blank_visit is not None
            and request.user.has_perm("parcours.add_visitreport", blank_visit),
            "topics": [
                t
                for t in topics
                if request.user.has_perm("parcours.view_topicnote", TopicNote(topic=t))
            ],
            "can_write_topics": blank_note is not None
            and request.user.has_perm("parcours.add_topicnote", blank_note),
            "can_add_topic": request.user.has_perm("parcours.add_topic", Topic(cohort=cohort)),
            "topic_form": TopicForm(),
            "subgroups": core_selectors.subgroups_visible_to(request.user, cohort),
            "refusal": stage_refusal(blank_visit or blank_note)
            if (blank_visit or blank_note)
            else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_report_form(
    request: HttpRequest, cohort_id: int, report_id: int | None = None
) -> HttpResponse:
    cohort = get_cohort_or_404(request.user, cohort_id)
    delegations = selectors.territory_delegations_for(request.user, cohort)
    report = (
        scoped_or_404(selectors.visit_reports_for(request.user, cohort), pk=report_id)
        if report_id
        else None
    )
    if report is not None:
        require(request.user, "parcours.change_visitreport", report)
    else:
        # Adding needs the right on at least one of the user's delegations.
        allowed = [
            d.pk
            for d in delegations
            if request.user.has_perm("parcours.add_visitreport", VisitReport(delegation=d))
        ]
        if not allowed:
            first = delegations.first()
            if first is None:
                raise PermissionDenied(
                    _(
                        "Seuls les territoires de la cohorte et l'équipe d'animation rendent compte des visites."
                    )
                )
            require(request.user, "parcours.add_visitreport", VisitReport(delegation=first))
        delegations = delegations.filter(pk__in=allowed)
    form = VisitReportForm(
        request.POST or None,
        instance=report,
        cohort=cohort,
        delegations=delegations,
        user=request.user,
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        data = {
            k: form.cleaned_data.get(k) for k in ("meeting", "place", "partnership", "takeaways")
        }
        try:
            if report is None:
                services.visit_report_create(
                    delegation=form.cleaned_data["delegation"], author=request.user, **data
                )
            else:
                services.visit_report_update(
                    report=report, fingerprint=form.cleaned_data["fingerprint"], **data
                )
        except StaleEdit as error:
            form, stale = refused_edit(form, error, take_theirs_url=request.path)
        except ValidationError as error:
            form.add_error(None, ValidationError(error.messages))
        else:
            messages.success(request, _("Le compte rendu de visite a été enregistré."))
            return redirect("parcours:inspiration", cohort_id=cohort.pk)
    return render(
        request,
        "parcours/note_form.html",
        {
            "cohort": cohort,
            "form": form,
            "stale": stale,
            "title": _("Compte rendu de visite"),
            "back_url": "parcours:inspiration",
        },
        status=_form_status(request, stale),
    )


@login_required
@require_POST
def topic_create(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = get_cohort_or_404(request.user, cohort_id)
    require(request.user, "parcours.add_topic", Topic(cohort=cohort))
    form = TopicForm(request.POST)
    if form.is_valid():
        try:
            services.topic_create(cohort=cohort, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("La thématique a été ajoutée."))
    else:
        messages.error(request, _("Donnez un nom à la thématique."))
    return redirect("parcours:inspiration", cohort_id=cohort.pk)


@login_required
@require_http_methods(["GET", "POST"])
def topic_note_form(
    request: HttpRequest, cohort_id: int, topic_id: int, note_id: int | None = None
) -> HttpResponse:
    cohort = get_cohort_or_404(request.user, cohort_id)
    topic = scoped_or_404(Topic.objects.filter(cohort=cohort), pk=topic_id)
    note = scoped_or_404(topic.notes.all(), pk=note_id) if note_id else None
    if note is not None:
        require(request.user, "parcours.change_topicnote", note)
    else:
        require(request.user, "parcours.add_topicnote", TopicNote(topic=topic))
    form = TopicNoteForm(request.POST or None, instance=note)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            if note is None:
                services.topic_note_create(
                    topic=topic,
                    user=request.user,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                )
            else:
                services.topic_note_update(
                    note=note,
                    user=request.user,
                    fingerprint=form.cleaned_data["fingerprint"],
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                )
        except StaleEdit as error:
            form, stale = refused_edit(form, error, take_theirs_url=request.path)
        else:
            messages.success(request, _("La note thématique a été enregistrée."))
            return redirect("parcours:inspiration", cohort_id=cohort.pk)
    return render(
        request,
        "parcours/note_form.html",
        {
            "cohort": cohort,
            "form": form,
            "stale": stale,
            "title": _("Note thématique : %(topic)s") % {"topic": topic.name},
            "back_url": "parcours:inspiration",
        },
        status=_form_status(request, stale),
    )


# --- Learning-community subgroups --------------------------------------------------------


def _subgroup(request: HttpRequest, cohort_id: int, subgroup_id: int):
    cohort = get_cohort_or_404(request.user, cohort_id)
    subgroup = scoped_or_404(
        core_selectors.subgroups_visible_to(request.user, cohort), pk=subgroup_id
    )
    require(request.user, "transitions.view_subgroup", subgroup)
    return cohort, subgroup


@login_required
@require_http_methods(["GET", "POST"])
def subgroup_detail(request: HttpRequest, cohort_id: int, subgroup_id: int) -> HttpResponse:
    cohort, subgroup = _subgroup(request, cohort_id, subgroup_id)
    blank = SubgroupNote(subgroup=subgroup)
    require(request.user, "parcours.view_subgroupnote", blank)
    can_add = request.user.has_perm("parcours.add_subgroupnote", blank)
    form = SubgroupNoteForm(request.POST or None, subgroup=subgroup)
    if request.method == "POST":
        require(request.user, "parcours.add_subgroupnote", blank)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "fingerprint"}
            try:
                services.subgroup_note_create(subgroup=subgroup, author=request.user, **data)
            except ValidationError as error:
                form.add_error(None, ValidationError(error.messages))
            else:
                messages.success(request, _("La note a été ajoutée."))
                return redirect(request.path)
    return render(
        request,
        "parcours/subgroup_detail.html",
        {
            "cohort": cohort,
            "subgroup": subgroup,
            "meetings": subgroup.meetings.select_related("stage").order_by("starts_at"),
            "notes": [
                (n, request.user.has_perm("parcours.change_subgroupnote", n))
                for n in selectors.subgroup_notes_of(subgroup)
            ],
            "form": form if can_add else None,
            "refusal": stage_refusal(blank),
            "can_manage": request.user.has_perm("transitions.change_subgroup", subgroup),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def subgroup_note_edit(
    request: HttpRequest, cohort_id: int, subgroup_id: int, note_id: int
) -> HttpResponse:
    cohort, subgroup = _subgroup(request, cohort_id, subgroup_id)
    note = scoped_or_404(subgroup.notes.all(), pk=note_id)
    require(request.user, "parcours.change_subgroupnote", note)
    form = SubgroupNoteForm(request.POST or None, instance=note, subgroup=subgroup)
    stale = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "fingerprint"}
        try:
            services.subgroup_note_update(
                note=note, fingerprint=form.cleaned_data["fingerprint"], **data
            )
        except StaleEdit as error:
            form, stale = refused_edit(form, error, take_theirs_url=request.path)
        except ValidationError as error:
            form.add_error(None, ValidationError(error.messages))
        else:
            messages.success(request, _("La note a été enregistrée."))
            return redirect(
                "parcours:subgroup-detail", cohort_id=cohort.pk, subgroup_id=subgroup.pk
            )
    return render(
        request,
        "parcours/note_form.html",
        {
            "cohort": cohort,
            "form": form,
            "stale": stale,
            "title": _("Modifier la note du sous-groupe"),
            "back_url": "parcours:inspiration",
        },
        status=_form_status(request, stale),
    )
