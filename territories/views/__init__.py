"""Territories: the directory, a territory's record, its edit form, enrolment in a cohort.
The ESS actor map's views are in territories.views.ess."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from territories import selectors, services
from territories.forms import DelegationForm, TerritoryCreateForm, TerritoryForm
from territories.models import OfficialDataVersion, Region, TerritoryKind
from territories.views import official
from transitions.access import get_cohort_or_404, require, scoped_or_404
from transitions.concurrency import StaleEdit, refused_edit
from transitions.labels import options
from transitions.pagination import paginate, search_terms, wants_fragment


@login_required
@require_GET
def territory_list(request: HttpRequest) -> HttpResponse:
    kind, region = request.GET.get("kind", ""), request.GET.get("region", "")
    query = search_terms(request)
    territories = selectors.directory_for(request.user, query=query, kind=kind, region=region)
    page = paginate(request, selectors.with_record_access(territories, request.user))
    # Facts, not rows: outside the cohorts they run, a facilitator reads only the public
    # administrative facts, whatever the template shows.
    page.items = [selectors.territory_facts(t) for t in page.items]
    context = {
        "territories": page,
        "kinds": options(TerritoryKind),
        "regions": options(Region),
        "filters": {"kind": kind, "region": region, "q": query},
        "can_add": request.user.has_perm("territories.add_territory"),
    }
    template = "territories/territory_list.html"
    if wants_fragment(request):
        template += "#results"
    return render(request, template, context)


def _cohort_param(request: HttpRequest):
    """The cohort a new territory joins (`cohorte`, from the cohort's "add a territory"
    page), None when absent; 404/403 when it is not one the user may enrol into."""
    value = request.POST.get("cohorte") or request.GET.get("cohorte")
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    return get_cohort_or_404(request.user, int(value), "transitions.add_delegation")


@login_required
@require_http_methods(["GET", "POST"])
def territory_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "territories.add_territory", None)
    cohort = _cohort_param(request)
    initial, query = {}, request.GET.get("q", "")[:100]
    entry = selectors.official_entry(request.GET.get("officiel"))
    if entry is not None:
        initial = TerritoryCreateForm.initial_from(entry)
    form = TerritoryCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "fingerprint"}
        try:
            territory = services.territory_create(enrol_in=cohort, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if cohort is not None:
                messages.success(
                    request,
                    _("« %(name)s » a été créé et rejoint la cohorte.") % {"name": territory.name},
                )
                return redirect("transitions:cohort-detail", cohort_id=cohort.pk)
            messages.success(
                request, _("Le territoire « %(name)s » a été créé.") % {"name": territory.name}
            )
            return redirect("territories:territory-detail", territory_id=territory.pk)
    picked = selectors.official_entry(form.data.get("official")) if form.is_bound else entry
    return render(
        request,
        "territories/territory_form.html",
        {
            "form": form,
            "territory": None,
            "cohort": cohort,
            "cohort_id": cohort.pk if cohort else "",
            "picked": picked,
            "query": query,
            "results": official.search_results(request.user, query) if query else None,
            "reference_loaded": OfficialDataVersion.objects.exists(),
        },
    )


@login_required
@require_GET
def territory_detail(request: HttpRequest, territory_id: int) -> HttpResponse:
    territory = scoped_or_404(
        selectors.with_record_access(selectors.territories_for(request.user), request.user),
        pk=territory_id,
    )
    return render(
        request,
        "territories/territory_detail.html",
        {
            "territory": selectors.territory_facts(territory),
            "delegations": selectors.delegations_of_territory_for(request.user, territory),
            "neighbours": selectors.neighbours(request.user, territory),
            "can_see_ess": request.user.has_perm("territories.view_organisation", territory),
            "can_edit": request.user.has_perm("territories.change_territory", territory),
            "reference": selectors.official_facts(territory),
            # What re-imports of the reference changed: for the cohort's facilitators.
            "official_changes": selectors.official_changes_for(request.user, territory)[:20],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def territory_update(request: HttpRequest, territory_id: int) -> HttpResponse:
    territory = scoped_or_404(selectors.territories_for(request.user), pk=territory_id)
    require(request.user, "territories.change_territory", territory)
    form = TerritoryForm(request.POST or None, instance=territory)
    stale = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "fingerprint"}
        try:
            services.territory_update(
                territory=territory, fingerprint=form.cleaned_data["fingerprint"], **data
            )
        except StaleEdit as error:
            form, stale = refused_edit(form, error, take_theirs_url=request.path)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le territoire a été enregistré."))
            return redirect("territories:territory-detail", territory_id=territory.pk)
    return render(
        request,
        "territories/territory_form.html",
        {"form": form, "territory": territory, "stale": stale},
        status=409 if stale else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def delegation_create(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = get_cohort_or_404(request.user, cohort_id, "transitions.add_delegation")
    territories = selectors.territories_addable_to(request.user, cohort)
    form = DelegationForm(request.POST or None, territories=territories)
    if request.method == "POST" and form.is_valid():
        try:
            services.delegation_add(cohort=cohort, territory=form.cleaned_data["territory"])
        except ValidationError as error:
            form.add_error("territory", error)
        else:
            messages.success(
                request,
                _("« %(name)s » rejoint la cohorte.")
                % {"name": form.cleaned_data["territory"].name},
            )
            if "again" in request.POST:
                return redirect("territories:delegation-create", cohort_id=cohort.pk)
            return redirect("transitions:cohort-detail", cohort_id=cohort.pk)
    return render(
        request,
        "territories/delegation_form.html",
        {
            "form": form,
            "cohort": cohort,
            "delegations": cohort.delegations.select_related("territory"),
        },
    )
