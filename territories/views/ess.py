"""The ESS actor map of a territory: table, SVG diagram by relationship type, CSV import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from territories import reports, selectors, services
from territories.forms import (
    CSV_COLUMNS,
    CsvImportForm,
    OrganisationEditForm,
    OrganisationForm,
    RelationshipForm,
    organisations_csv_parse,
)
from territories.models import ORGANISATION_FIELDS, Organisation
from transitions.access import require, scoped_or_404
from transitions.concurrency import StaleEdit, refused_edit

STALE_ORGANISATION = gettext_lazy(
    "Quelqu'un d'autre a modifié cette organisation pendant que vous la "
    "modifiiez : rien n'a été enregistré. Comparez ci-dessous la version "
    "enregistrée et votre saisie, corrigez si besoin, puis enregistrez à "
    "nouveau."
)


def _territory(request, territory_id: int, perm: str = "territories.view_organisation"):
    territory = scoped_or_404(selectors.territories_for_ess(request.user), pk=territory_id)
    require(request.user, perm, territory)
    return territory


@login_required
@require_GET
def ess_map(request: HttpRequest, territory_id: int) -> HttpResponse:
    territory = _territory(request, territory_id)
    organisations = selectors.organisations_with_latest(territory)
    return render(
        request,
        "territories/ess/map.html",
        {
            "territory": territory,
            "organisations": organisations,
            # The territory's other records (diagnostic, forum, members…), to move between.
            "neighbours": selectors.neighbours(request.user, territory),
            "diagram": reports.ess_diagram_svg(territory, organisations),
            "diagram_overflow": reports.ess_diagram_overflow(organisations),
            "by_character": reports.ess_by_character(organisations),
            "can_edit": request.user.has_perm("territories.change_organisation", territory),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest, territory_id: int) -> HttpResponse:
    territory = _territory(request, territory_id, "territories.change_organisation")
    org_form = OrganisationForm(request.POST or None, territory=territory, prefix="org")
    rel_form = RelationshipForm(request.POST or None, prefix="rel")
    if request.method == "POST" and org_form.is_valid() and rel_form.is_valid():
        services.organisation_create(
            territory=territory,
            user=request.user,
            organisation=org_form.cleaned_data,
            relationship=rel_form.cleaned_data,
        )
        messages.success(request, _("Organisation ajoutée à la carte."))
        return redirect("territories:ess-map", territory_id=territory.pk)
    return render(
        request,
        "territories/ess/organisation_form.html",
        {"territory": territory, "org_form": org_form, "rel_form": rel_form},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_detail(request: HttpRequest, territory_id: int, organisation_id: int):
    territory = _territory(request, territory_id)
    organisation = get_object_or_404(Organisation, pk=organisation_id, territory=territory)
    can_edit = request.user.has_perm("territories.change_organisation", territory)
    form = RelationshipForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "territories.change_organisation", territory)
        if form.is_valid():
            services.relationship_record(
                organisation=organisation, user=request.user, **form.cleaned_data
            )
            messages.success(
                request, _("Nouvelle relation enregistrée ; l'ancienne reste dans l'historique.")
            )
            return redirect(
                "territories:organisation-detail",
                territory_id=territory.pk,
                organisation_id=organisation.pk,
            )
    history = organisation.relationships.select_related("recorded_by").order_by(
        "-observed_on", "-recorded_at", "-pk"
    )
    return render(
        request,
        "territories/ess/organisation_detail.html",
        {
            "territory": territory,
            "organisation": organisation,
            "history": history,
            "form": form,
            "can_edit": can_edit,
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_update(request: HttpRequest, territory_id: int, organisation_id: int):
    territory = _territory(request, territory_id, "territories.change_organisation")
    organisation = get_object_or_404(Organisation, pk=organisation_id, territory=territory)
    # The form works on its own copy: a refused save must not rename the page's title.
    editable = Organisation.objects.get(pk=organisation.pk)
    form = OrganisationEditForm(request.POST or None, instance=editable, territory=territory)
    stale = None
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in ORGANISATION_FIELDS}
        try:
            services.organisation_update(
                organisation=organisation, fingerprint=form.cleaned_data["fingerprint"], **values
            )
        except StaleEdit as error:
            form, stale = refused_edit(
                form,
                error,
                message=STALE_ORGANISATION,
                take_theirs_url=request.path,
                territory=territory,
            )
        except ValidationError as error:
            form.add_error(None, error)
        # A colleague saved exactly these values meanwhile: nothing is lost, it is saved.
        if stale is None or not stale.differences:
            if not form.errors:
                messages.success(request, _("Organisation enregistrée."))
                return redirect(
                    "territories:organisation-detail",
                    territory_id=territory.pk,
                    organisation_id=organisation.pk,
                )
            stale = None
    return render(
        request,
        "territories/ess/organisation_edit.html",
        {
            "territory": territory,
            "organisation": organisation,
            "form": form,
            "stale": stale,
            "differences": stale.differences if stale else [],
        },
        status=409 if stale else (422 if form.errors else 200),
    )


@login_required
@require_http_methods(["GET", "POST"])
def ess_import(request: HttpRequest, territory_id: int) -> HttpResponse:
    territory = _territory(request, territory_id, "territories.change_organisation")
    form = CsvImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            report = organisations_csv_parse(territory=territory, text=form.cleaned_data["file"])
            if report.ok:
                report.created = services.organisations_import(
                    territory=territory, user=request.user, rows=report.parsed
                )
                messages.success(
                    request,
                    ngettext(
                        "%(n)s organisation importée.",
                        "%(n)s organisations importées.",
                        report.created,
                    )
                    % {"n": report.created},
                )
                return redirect("territories:ess-map", territory_id=territory.pk)
        status = 422
    return render(
        request,
        "territories/ess/import.html",
        {
            "territory": territory,
            "form": form,
            "report": report,
            "columns": CSV_COLUMNS,
        },
        status=status,
    )
