"""Territorial forums: list, preparation (R1), could-not-be-held, harvest, opportunities,
summary. The live World Café is in agora.views.cafe."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agora import selectors, services
from agora.forms import (
    CardHarvestForm,
    ForumHarvestForm,
    ForumNotHeldForm,
    ForumPreparationForm,
    OpportunityEditForm,
    OpportunityForm,
)
from agora.models import (
    FORUM_HARVEST_FIELDS,
    FORUM_PREPARATION_FIELDS,
    OPPORTUNITY_FIELDS,
    OPPORTUNITY_RELATED,
    Forum,
    Opportunity,
)
from agora.reports import forums as forum_reports
from diagnostics.selectors import diagnostics_for
from territories.forms import PilotProjectForm
from territories.hooks import SourceLink
from territories.models import PilotProject
from territories.selectors import organisations_with_latest, partner_choices
from transitions.access import require, scoped_or_404
from transitions.concurrency import STALE_MESSAGE, StaleEdit, refused_edit
from transitions.pagination import paginate, search_terms, wants_fragment
from transitions.views import job_file_response, job_poll_response


def forum_or_404(request: HttpRequest, forum_id: int, perm: str = "agora.view_forum") -> Forum:
    forum = scoped_or_404(selectors.forums_for(request.user), pk=forum_id)
    require(request.user, perm, forum)
    return forum


@login_required
@require_GET
def forum_list(request: HttpRequest) -> HttpResponse:
    query = search_terms(request)
    page = paginate(request, selectors.forum_delegations_listed_for(request.user, query=query))
    forums = {
        f.delegation_id: f
        for f in selectors.forums_for(request.user).filter(delegation__in=page.items)
    }
    page.items = [(d, forums.get(d.pk)) for d in page.items]
    template = "agora/forum_list.html"
    if wants_fragment(request):
        template += "#results"
    return render(request, template, {"rows": page, "filters": {"q": query}})


@login_required
@require_POST
def forum_start(request: HttpRequest, delegation_id: int) -> HttpResponse:
    """Start preparing a delegation's forum (nothing is created on GET)."""
    delegation = scoped_or_404(selectors.forum_delegations_for(request.user), pk=delegation_id)
    probe = Forum(delegation=delegation)
    require(request.user, "agora.change_forum", probe)
    forum = services.forum_ensure(delegation=delegation, facilitator=request.user)
    return redirect("agora:forum-prepare", forum_id=forum.pk)


@login_required
@require_GET
def forum_detail(request: HttpRequest, forum_id: int) -> HttpResponse:
    forum = forum_or_404(request, forum_id)
    user = request.user
    return render(
        request,
        "agora/forum_detail.html",
        {
            "forum": forum,
            # The territory's diagnostic, to move between its records (scoped alike).
            "diagnostic": diagnostics_for(user).filter(delegation=forum.delegation_id).first(),
            "organisations": organisations_with_latest(forum.delegation.territory),
            "invited": forum.invited_organisations.order_by("name"),
            "axes": forum.axes.all(),
            "can_change": user.has_perm("agora.change_forum", forum),
            "can_run": user.has_perm("agora.run_cafe", forum),
            "can_harvest": user.has_perm("agora.harvest_forum", forum),
            "not_held_form": ForumNotHeldForm(instance=forum),
            "my_tables": forum.tables.filter(rapporteur=user) if user.is_authenticated else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def forum_prepare(request: HttpRequest, forum_id: int) -> HttpResponse:
    forum = forum_or_404(request, forum_id, "agora.change_forum")
    form = ForumPreparationForm(request.POST or None, instance=forum)
    stale = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.forum_prepare(
                forum=forum,
                fingerprint=data["fingerprint"],
                axes=data["axes"],
                invited_organisations=data["invited_organisations"],
                **{k: data[k] for k in FORUM_PREPARATION_FIELDS},
            )
        except StaleEdit as error:
            form, stale = refused_edit(form, error, take_theirs_url=request.path)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La préparation du forum est enregistrée."))
            return redirect("agora:forum-detail", forum_id=forum.pk)
    return render(
        request,
        "agora/forum_form.html",
        {"forum": forum, "form": form, "stale": stale, "title": _("Préparer le forum")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def forum_not_held(request: HttpRequest, forum_id: int) -> HttpResponse:
    forum = forum_or_404(request, forum_id, "agora.change_forum")
    form = ForumNotHeldForm(request.POST or None, instance=forum)
    stale = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.forum_record_not_held(
                forum=forum,
                fingerprint=data["fingerprint"],
                not_held_reason=data["not_held_reason"],
                not_held_detail=data["not_held_detail"],
            )
        except StaleEdit as error:
            form, stale = refused_edit(form, error, take_theirs_url=request.path)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le forum est noté comme n'ayant pas pu se tenir."))
            return redirect("agora:forum-detail", forum_id=forum.pk)
    return render(
        request,
        "agora/forum_form.html",
        {
            "forum": forum,
            "form": form,
            "stale": stale,
            "title": _("Le forum n'a pas pu se tenir"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def forum_harvest(request: HttpRequest, forum_id: int) -> HttpResponse:
    """The harvest: the wall of cards by round and table (tag, merge), the cross-cutting
    outputs, and the cooperation opportunities born from the cards."""
    forum = forum_or_404(request, forum_id)
    can_harvest = request.user.has_perm("agora.harvest_forum", forum)
    form = ForumHarvestForm(request.POST or None, instance=forum)
    stale = None
    if request.method == "POST":
        require(request.user, "agora.harvest_forum", forum)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.forum_harvest(
                    forum=forum,
                    fingerprint=data["fingerprint"],
                    **{k: data[k] for k in FORUM_HARVEST_FIELDS},
                )
            except StaleEdit as error:
                form, stale = refused_edit(form, error, take_theirs_url=request.path)
            else:
                messages.success(request, _("La récolte est enregistrée."))
                return redirect("agora:forum-harvest", forum_id=forum.pk)
    opportunities = list(
        forum.opportunities.select_related(
            "lead_organisation", "relationship", "pilot_project"
        ).prefetch_related("contributors", "axes")
    )
    return render(
        request,
        "agora/forum_harvest.html",
        {
            "forum": forum,
            "wall": selectors.cafe_wall(forum),
            "form": form,
            "stale": stale,
            "can_harvest": can_harvest,
            "card_form": CardHarvestForm(forum=forum),
            "opportunities": opportunities,
            # Turning an opportunity into a pilot project is territories' form, prefilled.
            "can_position": request.user.has_perm(
                "territories.add_pilotproject", PilotProject(delegation=forum.delegation)
            ),
            "opportunity_form": OpportunityForm(forum=forum),
        },
        status=409 if stale else 200,
    )


@login_required
@require_POST
def card_harvest(request: HttpRequest, card_id: int) -> HttpResponse:
    card = scoped_or_404(selectors.cards_for(request.user), pk=card_id)
    forum = card.table.forum
    require(request.user, "agora.harvest_forum", forum)
    form = CardHarvestForm(request.POST, forum=forum)
    if form.is_valid():
        try:
            services.card_harvest(
                card=card,
                axes=form.cleaned_data["axes"],
                merged_into=form.cleaned_data["merged_into"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Carton mis à jour."))
    else:
        messages.error(request, _("Choix invalide."))
    return redirect(f"{_harvest_url(forum)}#card-{card.pk}")


def _harvest_url(forum: Forum) -> str:
    from django.urls import reverse

    return reverse("agora:forum-harvest", args=[forum.pk])


@login_required
@require_POST
def opportunity_create(request: HttpRequest, forum_id: int) -> HttpResponse:
    forum = forum_or_404(request, forum_id, "agora.harvest_forum")
    form = OpportunityForm(request.POST, forum=forum)
    if form.is_valid():
        data = dict(form.cleaned_data)
        many = {k: data.pop(k) for k in ("contributors", "axes", "cards")}
        try:
            services.opportunity_create(forum=forum, **many, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Opportunité de coopération ajoutée."))
            return redirect(f"{_harvest_url(forum)}#opportunities")
    opportunities = list(
        forum.opportunities.select_related(
            "lead_organisation", "relationship", "pilot_project"
        ).prefetch_related("contributors", "axes")
    )
    return render(
        request,
        "agora/forum_harvest.html",
        {
            "forum": forum,
            "wall": selectors.cafe_wall(forum),
            "form": ForumHarvestForm(instance=forum),
            "can_harvest": True,
            "card_form": CardHarvestForm(forum=forum),
            "opportunities": opportunities,
            "opportunity_form": form,
        },
        status=400,
    )


@login_required
@require_POST
def opportunity_to_relationship(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    opportunity = scoped_or_404(
        Opportunity.objects.select_related("forum__delegation", "lead_organisation").filter(
            forum__in=selectors.forums_for(request.user)
        ),
        pk=opportunity_id,
    )
    require(request.user, "agora.harvest_forum", opportunity)
    try:
        services.opportunity_to_relationship(
            opportunity=opportunity, user=request.user, observed_on=timezone.localdate()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("La relation est inscrite, datée, sur la carte ESS."))
    return redirect(f"{_harvest_url(opportunity.forum)}#opportunities")


def _opportunity(request: HttpRequest, opportunity_id: int, perm: str) -> Opportunity:
    opportunity = scoped_or_404(
        Opportunity.objects.select_related(
            "forum__delegation__territory", "forum__delegation__cohort", "pilot_project"
        ).filter(forum__in=selectors.forums_for(request.user)),
        pk=opportunity_id,
    )
    require(request.user, perm, opportunity)
    return opportunity


def _related_differences(form, current: Opportunity) -> list[dict]:
    """The contributors, axes and cards rows of the stale box (the kit compares plain
    fields; these are many-to-many)."""
    rows = []
    for name in OPPORTUNITY_RELATED:
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
def opportunity_edit(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    """Edit every field of an opportunity; a stale edit is refused showing both versions."""
    opportunity = _opportunity(request, opportunity_id, "agora.change_opportunity")
    forum = opportunity.forum
    # The form works on its own copy: a refused save must not retitle the page.
    editable = Opportunity.objects.get(pk=opportunity.pk)
    form = OpportunityEditForm(request.POST or None, instance=editable, forum=forum)
    stale = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.opportunity_update(
                opportunity=opportunity,
                fingerprint=data["fingerprint"],
                contributors=data["contributors"],
                axes=data["axes"],
                cards=data["cards"],
                **{name: data[name] for name in OPPORTUNITY_FIELDS},
            )
        except StaleEdit as error:
            related = _related_differences(form, error.current)
            form, stale = refused_edit(
                form, error, message=STALE_MESSAGE, take_theirs_url=request.path, forum=forum
            )
            stale.differences += related
        except ValidationError as error:
            form.add_error(None, error)
        # A colleague saved exactly these values meanwhile: nothing is lost, it is saved.
        if stale is None or not stale.differences:
            if not form.errors:
                messages.success(request, _("Opportunité de coopération enregistrée."))
                return redirect(f"{_harvest_url(forum)}#opportunity-{opportunity.pk}")
            stale = None
    return render(
        request,
        "agora/opportunity_form.html",
        {"forum": forum, "opportunity": opportunity, "form": form, "stale": stale},
        status=409 if stale else (400 if form.errors else 200),
    )


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_pilot_project(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    """Position the delegation's pilot project from an opportunity: territories' own form,
    prefilled from the opportunity; saving records which opportunity it came from."""
    opportunity = _opportunity(request, opportunity_id, "agora.view_forum")
    delegation = opportunity.forum.delegation
    require(request.user, "territories.add_pilotproject", PilotProject(delegation=delegation))
    if opportunity.pilot_project_id is not None:
        messages.info(request, _("Un projet pilote est déjà issu de cette opportunité."))
        return redirect("territories:pilot-detail", project_id=opportunity.pilot_project_id)
    partners = partner_choices(delegation)
    form = PilotProjectForm(
        request.POST or None,
        partners=partners,
        initial=None if request.method == "POST" else selectors.pilot_project_initial(opportunity),
    )
    # The origin is this opportunity: not a choice here.
    form.fields.pop("origin")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.opportunity_to_pilot_project(
                opportunity=opportunity,
                title=data["title"],
                description=data["description"],
                status=data["status"],
                axes=data["axes"],
                partners=data["partners"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le projet pilote a été positionné."))
            return redirect("territories:pilot-detail", project_id=project.pk)
    return render(
        request,
        "territories/pilots/pilot_form.html",
        {
            "form": form,
            "delegation": delegation,
            "project": None,
            # Shown by territories' template without it knowing the agora's URLs.
            "source": SourceLink(
                label=_("Depuis l'opportunité de coopération"),
                title=opportunity.title,
                url=f"{_harvest_url(opportunity.forum)}#opportunity-{opportunity.pk}",
            ),
        },
        status=422 if form.errors else 200,
    )


# --- Summary -----------------------------------------------------------------------------


@login_required
@require_GET
def forum_summary(request: HttpRequest, forum_id: int) -> HttpResponse:
    forum = forum_or_404(request, forum_id, "agora.view_forum_summary")
    context = forum_reports.summary_payload(forum)
    context.update(
        job=forum_reports.summary_latest(forum),
        can_summarise=request.user.has_perm("agora.add_forum_summary", forum),
    )
    return render(request, "agora/forum_summary.html", context)


@login_required
@require_POST
def forum_summary_request(request: HttpRequest, forum_id: int) -> HttpResponse:
    forum = forum_or_404(request, forum_id, "agora.add_forum_summary")
    job = forum_reports.summary_request(forum=forum, user=request.user)
    context = {"forum": forum, "job": job, "can_summarise": True}
    if request.htmx:
        return render(request, "agora/forum_summary.html#pdf", context)
    return redirect("agora:forum-summary", forum_id=forum.pk)


@never_cache
@login_required
@require_GET
def forum_summary_status(request: HttpRequest, forum_id: int) -> HttpResponse:
    forum = forum_or_404(request, forum_id, "agora.view_forum_summary")
    job = forum_reports.summary_latest(forum)
    context = {
        "forum": forum,
        "job": job,
        "can_summarise": request.user.has_perm("agora.add_forum_summary", forum),
    }
    if request.htmx:
        return job_poll_response(request, "agora/forum_summary.html#pdf", context, job)
    return render(request, "agora/forum_summary.html#pdf", context)


@login_required
@require_GET
def forum_summary_download(request: HttpRequest, forum_id: int) -> FileResponse:
    forum = forum_or_404(request, forum_id, "agora.view_forum_summary")
    job = forum_reports.summary_latest(forum)
    if job is None:
        raise Http404
    return job_file_response(request, job, forum)
