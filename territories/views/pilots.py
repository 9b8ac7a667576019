"""Pilot projects (stage 6): a cohort's list, positioning a project, its page, its edit
form (no lost update), status changes (in the order of
territories.services.PILOT_STATUS_TRANSITIONS) and dated milestones (added, edited,
marked reached, deleted after a confirmation).

Scope first (territories.selectors.pilot_projects_for → else 404), then the rules
(territories.rules → else 403 with the reason). Territories imports neither agora nor
diagnostics: a project "from the diagnostic's synthesis" is created by this form opened
with prefilled GET parameters (`title`, `description`, `origin`, `axes`, `partners`),
linked from the diagnostic's page; a project "from an opportunity" is created by the
agora's view (agora.views.forums.opportunity_pilot_project) with this app's form and
service, and the page learns of its opportunity through territories.hooks.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from territories import selectors, services
from territories.forms import (
    MilestoneEditForm,
    MilestoneForm,
    PilotProjectEditForm,
    PilotProjectForm,
)
from territories.hooks import pilot_sources
from territories.models import (
    MILESTONE_FIELDS,
    PILOT_PROJECT_FIELDS,
    PILOT_PROJECT_RELATED,
    PilotProject,
    PilotProjectOrigin,
    PilotProjectStatus,
)
from transitions.access import get_cohort_or_404, require, scoped_or_404
from transitions.concurrency import StaleChoice, StaleEdit, refused_edit

STALE_PROJECT = gettext_lazy(
    "Quelqu'un d'autre a modifié ce projet pilote pendant que vous le modifiiez : rien "
    "n'a été enregistré. Comparez ci-dessous la version enregistrée et votre saisie, "
    "corrigez si besoin, puis enregistrez à nouveau."
)
STALE_MILESTONE = gettext_lazy(
    "Quelqu'un d'autre a modifié ce jalon pendant que vous le modifiiez : rien n'a été "
    "enregistré. Comparez ci-dessous la version enregistrée et votre saisie, puis "
    "choisissez."
)
STALE_STATUS = gettext_lazy(
    "Quelqu'un d'autre a changé l'état de ce projet pendant que vous le consultiez : "
    "rien n'a été enregistré."
)


def _project(request, project_id: int, perm: str = "territories.view_pilotproject"):
    project = scoped_or_404(selectors.pilot_projects_for(request.user), pk=project_id)
    require(request.user, perm, project)
    return project


def _prefill(request, partners) -> dict:
    """Initial values passed by GET (from an opportunity, from the diagnostic's
    synthesis): only what the form would accept, nothing saved on GET."""
    initial = {}
    for name in ("title", "description"):
        value = request.GET.get(name, "").strip()
        if value:
            initial[name] = value[:5000]
    origin = request.GET.get("origin", "")
    if origin in PilotProjectOrigin.values:
        initial["origin"] = origin
    for name, allowed in (("partners", partners), ("axes", None)):
        ids = [int(v) for v in request.GET.getlist(name) if v.isascii() and v.isdigit()]
        ids = [pk for pk in ids[:50] if 0 < pk < 2**31]
        if ids and allowed is not None:
            ids = list(allowed.filter(pk__in=ids).values_list("pk", flat=True))
        if ids:
            initial[name] = ids
    return initial


@login_required
@require_GET
def pilot_list(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = get_cohort_or_404(request.user, cohort_id)
    delegations = list(selectors.pilot_delegations_for(request.user, cohort=cohort))
    projects = (
        selectors.pilot_projects_for(request.user)
        .filter(delegation__in=delegations)
        .prefetch_related("partners")
        .order_by("title")
    )
    by_delegation: dict[int, list[PilotProject]] = {}
    for project in projects:
        by_delegation.setdefault(project.delegation_id, []).append(project)
    rows = [
        {
            "delegation": d,
            "projects": by_delegation.get(d.pk, []),
            "can_add": request.user.has_perm(
                "territories.add_pilotproject", PilotProject(delegation=d)
            ),
        }
        for d in delegations
    ]
    return render(request, "territories/pilots/pilot_list.html", {"cohort": cohort, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def pilot_create(request: HttpRequest, delegation_id: int) -> HttpResponse:
    delegation = scoped_or_404(selectors.pilot_delegations_for(request.user), pk=delegation_id)
    require(request.user, "territories.add_pilotproject", PilotProject(delegation=delegation))
    partners = selectors.partner_choices(delegation)
    form = PilotProjectForm(
        request.POST or None,
        partners=partners,
        initial=_prefill(request, partners) if request.method == "GET" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            project = services.pilot_project_create(delegation=delegation, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le projet pilote a été positionné."))
            return redirect("territories:pilot-detail", project_id=project.pk)
    return render(
        request,
        "territories/pilots/pilot_form.html",
        {"form": form, "delegation": delegation, "project": None},
        status=422 if form.errors else 200,
    )


@login_required
@require_GET
def pilot_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _project(request, project_id)
    return render(
        request, "territories/pilots/pilot_detail.html", _detail_context(request, project)
    )


def _detail_context(request, project: PilotProject, **extra) -> dict:
    can_edit = request.user.has_perm("territories.change_pilotproject", project)
    return {
        "project": project,
        "delegation": project.delegation,
        "partners": project.partners.order_by("name"),
        "axes": project.axes.select_related("principle"),
        "milestones": project.milestones.all(),
        # Only the moves the status order allows (territories.services).
        "statuses": [PilotProjectStatus(s) for s in services.pilot_status_next(project.status)],
        "sources": pilot_sources(request.user, project),
        "can_edit": can_edit,
        "milestone_form": MilestoneForm() if can_edit else None,
        **extra,
    }


def _related_differences(form, current: PilotProject) -> list[dict]:
    """The axes and partners rows of the stale box (the kit compares plain fields)."""
    rows = []
    for name in PILOT_PROJECT_RELATED:
        saved = list(getattr(current, name).all())
        mine = list(form.cleaned_data.get(name, []))
        if {o.pk for o in saved} != {o.pk for o in mine}:
            rows.append(
                {
                    "label": form.fields[name].label,
                    "saved": ", ".join(str(o) for o in saved) or "—",
                    "mine": ", ".join(str(o) for o in mine) or "—",
                }
            )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def pilot_update(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _project(request, project_id, "territories.change_pilotproject")
    partners = selectors.partner_choices(project.delegation)
    # The form works on its own copy: a refused save must not retitle the page.
    editable = PilotProject.objects.select_related("delegation").get(pk=project.pk)
    form = PilotProjectEditForm(request.POST or None, instance=editable, partners=partners)
    stale = None
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in PILOT_PROJECT_FIELDS}
        try:
            services.pilot_project_update(
                project=project,
                fingerprint=form.cleaned_data["fingerprint"],
                axes=form.cleaned_data["axes"],
                partners=form.cleaned_data["partners"],
                **values,
            )
        except StaleEdit as error:
            related = _related_differences(form, error.current)
            form, stale = refused_edit(
                form, error, message=STALE_PROJECT, take_theirs_url=request.path, partners=partners
            )
            stale.differences += related
        except ValidationError as error:
            form.add_error(None, error)
        # A colleague saved exactly these values meanwhile: nothing is lost, it is saved.
        if stale is None or not stale.differences:
            if not form.errors:
                messages.success(request, _("Projet pilote enregistré."))
                return redirect("territories:pilot-detail", project_id=project.pk)
            stale = None
    return render(
        request,
        "territories/pilots/pilot_form.html",
        {"form": form, "delegation": project.delegation, "project": project, "stale": stale},
        status=409 if stale else (422 if form.errors else 200),
    )


@login_required
@require_POST
def pilot_status(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _project(request, project_id, "territories.change_pilotproject")
    status, seen = request.POST.get("status", ""), request.POST.get("seen", "")
    if status not in PilotProjectStatus.values:
        messages.error(request, _("État inconnu."))
        return redirect("territories:pilot-detail", project_id=project.pk)
    try:
        services.pilot_project_set_status(project=project, status=status, seen=seen)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("territories:pilot-detail", project_id=project.pk)
    except StaleEdit as error:
        current = error.current
        stale = StaleChoice(
            message=STALE_STATUS,
            differences=[
                {
                    "label": _("état"),
                    "saved": current.get_status_display(),
                    "mine": PilotProjectStatus(status).label,
                }
            ],
            take_theirs_url=reverse("territories:pilot-detail", args=[project.pk]),
            keep_mine_url=request.path,
            keep_mine_fields={"status": status, "seen": current.status},
        )
        return render(
            request,
            "territories/pilots/pilot_detail.html",
            _detail_context(request, current, stale=stale),
            status=409,
        )
    messages.success(
        request,
        _("Le projet est désormais : %(status)s.") % {"status": PilotProjectStatus(status).label},
    )
    return redirect("territories:pilot-detail", project_id=project.pk)


@login_required
@require_POST
def milestone_add(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _project(request, project_id, "territories.add_milestone")
    form = MilestoneForm(request.POST)
    if form.is_valid():
        services.milestone_add(project=project, **form.cleaned_data)
        messages.success(request, _("Jalon ajouté."))
        return redirect("territories:pilot-detail", project_id=project.pk)
    return render(
        request,
        "territories/pilots/pilot_detail.html",
        _detail_context(request, project, milestone_form=form),
        status=422,
    )


@login_required
@require_POST
def milestone_done(request: HttpRequest, project_id: int, milestone_id: int) -> HttpResponse:
    project = _project(request, project_id)
    milestone = get_object_or_404(project.milestones, pk=milestone_id)
    require(request.user, "territories.change_milestone", milestone)
    done = request.POST.get("done", "1") == "1"
    services.milestone_set_done(milestone=milestone, done=done)
    messages.success(request, _("Jalon atteint.") if done else _("Jalon rouvert."))
    return redirect("territories:pilot-detail", project_id=project.pk)


def _milestone(request, project_id: int, milestone_id: int, perm: str):
    project = _project(request, project_id)
    milestone = get_object_or_404(project.milestones, pk=milestone_id)
    require(request.user, perm, milestone)
    return project, milestone


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, project_id: int, milestone_id: int) -> HttpResponse:
    project, milestone = _milestone(
        request, project_id, milestone_id, "territories.change_milestone"
    )
    form = MilestoneEditForm(request.POST or None, instance=milestone)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_update(
                milestone=milestone,
                fingerprint=form.cleaned_data["fingerprint"],
                **{name: form.cleaned_data[name] for name in MILESTONE_FIELDS},
            )
        except StaleEdit as error:
            form, stale = refused_edit(
                form, error, message=STALE_MILESTONE, take_theirs_url=request.path
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Jalon enregistré."))
            return redirect("territories:pilot-detail", project_id=project.pk)
    return render(
        request,
        "territories/pilots/milestone_form.html",
        {"form": form, "project": project, "milestone": milestone, "stale": stale},
        status=409 if stale else (422 if form.errors else 200),
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_delete(request: HttpRequest, project_id: int, milestone_id: int) -> HttpResponse:
    """GET asks for confirmation (nothing is deleted on GET); POST deletes."""
    project, milestone = _milestone(
        request, project_id, milestone_id, "territories.delete_milestone"
    )
    if request.method == "POST":
        services.milestone_delete(milestone=milestone)
        messages.success(request, _("Jalon « %(title)s » supprimé.") % {"title": milestone.title})
        return redirect("territories:pilot-detail", project_id=project.pk)
    return render(
        request,
        "territories/pilots/milestone_delete.html",
        {"project": project, "milestone": milestone},
    )
