"""Pages of a territory's trajectory: the timeline with its links, the récit, who carried
what, the comparison of two diagnostics and "ce que nous avons accompli ensemble"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trajectory import reports, selectors, services
from trajectory.forms import EngagementForm, LinkForm, StoryEntryForm
from trajectory.models import STORY_FIELDS, Engagement, Link, StoryEntry
from transitions.access import get_cohort_or_404, require, scoped_or_404
from transitions.concurrency import StaleEdit, refused_edit
from transitions.selectors import cohorts_facilitated_by
from transitions.views import job_poll_response

STALE_ENTRY = _(
    "Quelqu'un a modifié cette entrée du récit pendant que vous la modifiiez : rien n'a été "
    "enregistré. Comparez puis choisissez."
)


def _delegation(request: HttpRequest, delegation_id: int, perm: str = "trajectory.view_trajectory"):
    delegation = scoped_or_404(selectors.delegations_for(request.user), pk=delegation_id)
    require(request.user, perm, delegation)
    return delegation


@login_required
@require_GET
def delegation_list(request: HttpRequest) -> HttpResponse:
    delegations = selectors.delegations_for(request.user).order_by(
        "-cohort__year", "cohort__name", "territory__name"
    )
    page_obj = Paginator(delegations, 50).get_page(request.GET.get("page"))
    # The cohorts whose "accompli ensemble" the person may open (the facilitation's).
    cohorts = cohorts_facilitated_by(request.user).order_by("-year", "name")
    return render(
        request, "trajectory/delegation_list.html", {"page_obj": page_obj, "cohorts": cohorts}
    )


def _evolution(request: HttpRequest, delegation) -> tuple[list, dict | None]:
    diagnostics = selectors.territory_diagnostics(request.user, delegation)
    if len(diagnostics) < 2:
        return diagnostics, None
    by_pk = {str(d.pk): d for d in diagnostics}
    # Unknown or out-of-scope ids fall back to the first and last: never an error page.
    before = by_pk.get(request.GET.get("avant", ""), diagnostics[0])
    after = by_pk.get(request.GET.get("apres", ""), diagnostics[-1])
    if before.pk == after.pk:
        before, after = diagnostics[0], diagnostics[-1]
    if before.created_at > after.created_at:
        before, after = after, before
    return diagnostics, selectors.evolution(before, after)


@login_required
@require_GET
def delegation_detail(request: HttpRequest, delegation_id: int) -> HttpResponse:
    delegation = _delegation(request, delegation_id)
    user = request.user
    context = reports.trajectory_context(user, delegation)
    diagnostics, evolution = _evolution(request, delegation)
    can_overload = user.has_perm("trajectory.view_overload", delegation)
    context.update(
        {
            "story": list(selectors.story_of(delegation)),
            # The diagnostic's own narrative section (DOMAIN §5.1, section 5), read here
            # beside the récit that continues it.
            "diagnostic_story": (
                list(context["diagnostic"].timeline_events.order_by("happened_on", "pk"))
                if context["diagnostic"] is not None
                else []
            ),
            "carried": selectors.carried_by_role(delegation),
            "engagements": list(selectors.engagements_of(delegation)),
            "diagnostics": diagnostics,
            "evolution": evolution,
            "overload": selectors.overload_signal(delegation) if can_overload else None,
            "can_link": user.has_perm("trajectory.add_link", delegation),
            "can_write": user.has_perm("trajectory.add_storyentry", delegation),
            "engagement_form": EngagementForm(
                carriers=services.carrier_choices(delegation) if can_overload else None
            ),
            "names_carriers": can_overload,
            "job": reports.latest_delegation_pdf(delegation),
            "sorted_nodes": sorted(context["nodes"].values(), key=lambda n: (n.rank, n.kind, n.id)),
        }
    )
    return render(request, "trajectory/delegation_detail.html", context)


@login_required
@require_GET
def delegation_svg(request: HttpRequest, delegation_id: int) -> HttpResponse:
    delegation = _delegation(request, delegation_id)
    svg = reports.trajectory_context(request.user, delegation)["svg"]
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    slug = reports.slug(delegation.territory.name)
    response["Content-Disposition"] = f'attachment; filename="trajectoire-{slug}.svg"'
    patch_cache_control(response, private=True, no_store=True)
    return response


# --- Links -------------------------------------------------------------------------------


@login_required
@require_GET
def link_panel(request: HttpRequest, delegation_id: int) -> HttpResponse:
    """The "lier" panel of one object: suggestions sharing an axis, then everything else
    it may be linked to. One click opens it, one click links."""
    delegation = _delegation(request, delegation_id, "trajectory.add_link")
    nodes = selectors.nodes_for(request.user, delegation)
    node = nodes.get(request.GET.get("noeud", ""))
    if node is None:
        raise Http404
    linked = selectors.linked_pairs(delegation)
    suggested = selectors.suggestions(node, nodes, linked)
    suggested_keys = {n.key for n in suggested}
    others = [n for n in selectors.candidates(node, nodes, linked) if n.key not in suggested_keys]
    context = {
        "delegation": delegation,
        "node": node,
        "suggested": suggested,
        "others": others,
    }
    template = "trajectory/_link_panel.html" if request.htmx else "trajectory/link_panel.html"
    return render(request, template, context)


@login_required
@require_POST
def link_create(request: HttpRequest, delegation_id: int) -> HttpResponse:
    delegation = _delegation(request, delegation_id, "trajectory.add_link")
    form = LinkForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.link_create(
                delegation=delegation,
                user=request.user,
                source=form.cleaned_data["source"],
                target=form.cleaned_data["target"],
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Choisissez deux éléments à lier.")
    url = reverse("trajectory:delegation-detail", args=[delegation.pk]) + "#liens"
    if request.htmx:
        if error:  # shown by static/js/transitions.js in the page's error box
            return JsonResponse({"error": error}, status=422)
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Lien enregistré."))
    return redirect(url)


@login_required
@require_POST
def link_delete(request: HttpRequest, delegation_id: int, link_id: int) -> HttpResponse:
    delegation = _delegation(request, delegation_id)
    link = get_object_or_404(Link, pk=link_id, delegation=delegation)
    require(request.user, "trajectory.delete_link", link)
    services.link_delete(link=link)
    messages.success(request, _("Lien retiré."))
    return redirect(reverse("trajectory:delegation-detail", args=[delegation.pk]) + "#liens")


# --- Récit -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def story_create(request: HttpRequest, delegation_id: int) -> HttpResponse:
    delegation = _delegation(request, delegation_id, "trajectory.add_storyentry")
    form = StoryEntryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.story_entry_create(
                delegation=delegation,
                user=request.user,
                image=form.cleaned_data.get("image"),
                **{name: form.cleaned_data[name] for name in STORY_FIELDS},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Entrée du récit enregistrée."))
            return redirect(
                reverse("trajectory:delegation-detail", args=[delegation.pk]) + "#recit"
            )
    return render(
        request,
        "trajectory/story_form.html",
        {"delegation": delegation, "form": form},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def story_update(request: HttpRequest, delegation_id: int, entry_id: int) -> HttpResponse:
    delegation = _delegation(request, delegation_id)
    entry = get_object_or_404(StoryEntry, pk=entry_id, delegation=delegation)
    require(request.user, "trajectory.change_storyentry", entry)
    form = StoryEntryForm(
        request.POST or None, request.FILES or None, instance=StoryEntry.objects.get(pk=entry.pk)
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            services.story_entry_update(
                entry=entry,
                fingerprint=form.cleaned_data["fingerprint"],
                image=form.cleaned_data.get("image"),
                remove_image=form.cleaned_data.get("remove_image", False),
                **{name: form.cleaned_data[name] for name in STORY_FIELDS},
            )
        except StaleEdit as error:
            form, stale = refused_edit(
                form, error, message=STALE_ENTRY, take_theirs_url=request.path
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        if stale is None or not stale.differences:
            if not form.errors:
                messages.success(request, _("Entrée du récit enregistrée."))
                return redirect(
                    reverse("trajectory:delegation-detail", args=[delegation.pk]) + "#recit"
                )
            stale = None
    return render(
        request,
        "trajectory/story_form.html",
        {"delegation": delegation, "entry": entry, "form": form, "stale": stale},
        status=409 if stale else (422 if form.errors else 200),
    )


@login_required
@require_POST
def story_delete(request: HttpRequest, delegation_id: int, entry_id: int) -> HttpResponse:
    delegation = _delegation(request, delegation_id)
    entry = get_object_or_404(StoryEntry, pk=entry_id, delegation=delegation)
    require(request.user, "trajectory.delete_storyentry", entry)
    services.story_entry_delete(entry=entry)
    messages.success(request, _("Entrée du récit supprimée."))
    return redirect(reverse("trajectory:delegation-detail", args=[delegation.pk]) + "#recit")


@login_required
@require_GET
def story_image(request: HttpRequest, delegation_id: int, entry_id: int) -> FileResponse:
    delegation = _delegation(request, delegation_id)
    entry = get_object_or_404(StoryEntry, pk=entry_id, delegation=delegation)
    if not entry.image:
        raise Http404
    try:
        handle = entry.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, filename=entry.image_name or "image")
    # Only images we decoded are stored; still, never let a browser sniff them as pages.
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


# --- Who carried what --------------------------------------------------------------------


@login_required
@require_POST
def engagement_create(request: HttpRequest, delegation_id: int) -> HttpResponse:
    delegation = _delegation(request, delegation_id, "trajectory.add_engagement")
    names = request.user.has_perm("trajectory.view_overload", delegation)
    form = EngagementForm(
        request.POST, carriers=services.carrier_choices(delegation) if names else None
    )
    url = reverse("trajectory:delegation-detail", args=[delegation.pk]) + "#engagement"
    if form.is_valid():
        try:
            services.engagement_create(
                delegation=delegation,
                user=request.user,
                what=form.cleaned_data["what"],
                category=form.cleaned_data["category"],
                happened_on=form.cleaned_data["happened_on"],
                carrier=form.cleaned_data.get("carrier"),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Engagement enregistré."))
    else:
        messages.error(
            request,
            _("L'engagement n'a pas été enregistré : %(errors)s")
            % {"errors": " ".join(str(e) for errs in form.errors.values() for e in errs)},
        )
    return redirect(url)


@login_required
@require_POST
def engagement_delete(request: HttpRequest, delegation_id: int, engagement_id: int) -> HttpResponse:
    delegation = _delegation(request, delegation_id)
    engagement = get_object_or_404(Engagement, pk=engagement_id, delegation=delegation)
    require(request.user, "trajectory.delete_engagement", engagement)
    services.engagement_delete(engagement=engagement)
    messages.success(request, _("Engagement retiré."))
    return redirect(reverse("trajectory:delegation-detail", args=[delegation.pk]) + "#engagement")


# --- Ce que nous avons accompli ensemble -------------------------------------------------


@login_required
@require_GET
def achievements(request: HttpRequest, delegation_id: int) -> HttpResponse:
    delegation = _delegation(request, delegation_id)
    context = reports.trajectory_context(request.user, delegation)
    context.update(selectors.achievements(request.user, delegation))
    context["job"] = reports.latest_delegation_pdf(delegation)
    return render(request, "trajectory/achievements.html", context)


@login_required
@require_POST
def achievements_pdf(request: HttpRequest, delegation_id: int) -> HttpResponse:
    delegation = _delegation(request, delegation_id)
    job = reports.delegation_request(delegation=delegation, user=request.user)
    if request.htmx:
        return render(
            request,
            "trajectory/_pdf_box.html",
            {"job": job, "status_url": _status_url(delegation), "request_url": request.path},
        )
    return redirect(reverse("trajectory:achievements", args=[delegation.pk]) + "#pdf")


def _status_url(delegation) -> str:
    return reverse("trajectory:achievements-status", args=[delegation.pk])


@never_cache
@login_required
@require_GET
def achievements_status(request: HttpRequest, delegation_id: int) -> HttpResponse:
    delegation = _delegation(request, delegation_id)
    job = reports.latest_delegation_pdf(delegation)
    if not request.htmx:
        return redirect(reverse("trajectory:achievements", args=[delegation.pk]) + "#pdf")
    context = {
        "job": job,
        "status_url": _status_url(delegation),
        "request_url": reverse("trajectory:achievements-pdf", args=[delegation.pk]),
    }
    return job_poll_response(request, "trajectory/_pdf_box.html", context, job)


@login_required
@require_GET
def cohort_achievements(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = get_cohort_or_404(request.user, cohort_id, "trajectory.view_cohort_achievements")
    context = reports.cohort_context(cohort)
    context["job"] = reports.latest_cohort_pdf(cohort)
    context["overloads"] = selectors.overload_for_cohort(cohort)
    return render(request, "trajectory/cohort_achievements.html", context)


@login_required
@require_POST
def cohort_achievements_pdf(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = get_cohort_or_404(request.user, cohort_id, "trajectory.view_cohort_achievements")
    job = reports.cohort_request(cohort=cohort, user=request.user)
    if request.htmx:
        return render(
            request,
            "trajectory/_pdf_box.html",
            {
                "job": job,
                "status_url": reverse("trajectory:cohort-achievements-status", args=[cohort.pk]),
                "request_url": request.path,
            },
        )
    return redirect(reverse("trajectory:cohort-achievements", args=[cohort.pk]) + "#pdf")


@never_cache
@login_required
@require_GET
def cohort_achievements_status(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = get_cohort_or_404(request.user, cohort_id, "trajectory.view_cohort_achievements")
    job = reports.latest_cohort_pdf(cohort)
    if not request.htmx:
        return redirect(reverse("trajectory:cohort-achievements", args=[cohort.pk]) + "#pdf")
    context = {
        "job": job,
        "status_url": reverse("trajectory:cohort-achievements-status", args=[cohort.pk]),
        "request_url": reverse("trajectory:cohort-achievements-pdf", args=[cohort.pk]),
    }
    return job_poll_response(request, "trajectory/_pdf_box.html", context, job)
