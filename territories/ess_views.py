"""The ESS actor map of a territory: table, SVG diagram by relationship type, CSV import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from territories import ess_selectors, ess_services
from territories.ess_forms import (
    ORGANISATION_FIELDS,
    CsvImportForm,
    OrganisationEditForm,
    OrganisationForm,
    RelationshipForm,
    rebased_form,
    stale_differences,
)
from territories.models import Organisation, RelationType
from transitions.access import require, scoped_or_404

STALE_ORGANISATION = gettext_lazy(
    "Quelqu'un d'autre a modifié cette organisation pendant que vous la "
    "modifiiez : rien n'a été enregistré. Comparez ci-dessous la version "
    "enregistrée et votre saisie, corrigez si besoin, puis enregistrez à "
    "nouveau."
)

TYPE_STYLES = {
    RelationType.DISTANT: ("#9aa0ab", "2", "6 5"),
    RelationType.UNEQUAL: ("#b15928", "2", ""),
    RelationType.QUASI_DELEGATION: ("#1f78b4", "3", ""),
    RelationType.TRUST_PARTNERSHIP: ("#1f6f5c", "5", ""),
}


def _territory(request, territory_id: int, perm: str = "territories.view_organisation"):
    territory = scoped_or_404(ess_selectors.territories_for_ess(request.user), pk=territory_id)
    require(request.user, perm, territory)
    return territory


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


# Boxes shown per relationship type; beyond, the last box counts the rest, listed under
# the diagram, so forty organisations of one type do not make a diagram taller than a
# screen (the table below lists every organisation anyway).
DIAGRAM_MAX_BOXES = 12
NAME_WIDTH = 28


def _diagram_columns(organisations) -> list[tuple[str, str, list]]:
    return [
        (value, label, [o for o in organisations if o.latest and o.latest.relation_type == value])
        for value, label in RelationType.choices
    ]


def _shown_and_rest(members: list) -> tuple[list, list]:
    if len(members) <= DIAGRAM_MAX_BOXES:
        return members, []
    return members[: DIAGRAM_MAX_BOXES - 1], members[DIAGRAM_MAX_BOXES - 1 :]


def ess_diagram_overflow(organisations) -> list[dict]:
    """Per relationship type, the organisations the diagram counts but does not draw."""
    overflow = []
    for value, label, members in _diagram_columns(organisations):
        _shown, rest = _shown_and_rest(members)
        if rest:
            overflow.append(
                {"value": value, "label": label, "colour": TYPE_STYLES[value][0], "rest": rest}
            )
    return overflow


def _short(name: str) -> str:
    return name if len(name) <= NAME_WIDTH else name[: NAME_WIDTH - 1].rstrip() + "…"


def ess_diagram_svg(territory, organisations) -> str:
    """The authority at the top, one column per relationship type below it; each box
    links to the organisation's page and carries its full name as a tooltip."""
    columns = _diagram_columns(organisations)
    unqualified = [o for o in organisations if not o.latest]
    col_w, box_h, gap, top = 190, 26, 6, 130
    tallest = max([min(len(c[2]), DIAGRAM_MAX_BOXES) for c in columns] + [1])
    width = col_w * len(columns) + 20
    height = top + 14 + tallest * (box_h + gap) + (24 if unqualified else 8)
    cx = width / 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{escape(_("Carte des relations avec les acteurs de l’ESS"))}">',
        f'<rect x="{cx - 120}" y="10" width="240" height="40" rx="6" fill="#1d2330"/>',
        f'<text x="{cx}" y="35" text-anchor="middle" fill="#fff" font-size="14" '
        f'font-weight="700">{escape(territory.name)}</text>',
    ]
    for index, (value, label, members) in enumerate(columns):
        colour, stroke, dash = TYPE_STYLES[value]
        x = 10 + index * col_w
        mid = x + col_w / 2 - 5
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{cx}" y1="50" x2="{mid}" y2="{top - 40}" stroke="{colour}" '
            f'stroke-width="{stroke}"{dash_attr}/>'
        )
        lines = _wrap(str(label), 26)[:2]
        tspans = "".join(
            f'<tspan x="{mid}" dy="{0 if n == 0 else 13}">{escape(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        parts.append(
            f'<text x="{mid}" y="{top - 24}" text-anchor="middle" font-size="11" '
            f'font-weight="700" fill="{colour}">{tspans}</text>'
        )
        parts.append(
            f'<text x="{mid}" y="{top + 2}" text-anchor="middle" font-size="10" fill="#545b6b">'
            f"{len(members)} {escape(_('organisation(s)'))}</text>"
        )
        shown, rest = _shown_and_rest(members)
        for row, org in enumerate(shown):
            y = top + 14 + row * (box_h + gap)
            url = reverse("territories:organisation-detail", args=[territory.pk, org.pk])
            parts.append(
                f'<a href="{escape(url)}" class="ess-box"><title>{escape(org.name)}</title>'
                f'<rect x="{x + 4}" y="{y}" width="{col_w - 18}" height="{box_h}" rx="4" '
                f'fill="#fff" stroke="{colour}" stroke-width="1.5"/>'
                f'<text x="{mid}" y="{y + 17}" text-anchor="middle" font-size="11" fill="#1d2330">'
                f"{escape(_short(org.name))}</text></a>"
            )
        if rest:
            y = top + 14 + len(shown) * (box_h + gap)
            more = _("+ %(n)s autres ci-dessous") % {"n": len(rest)}
            parts.append(
                f'<a href="#ess-rest-{value.lower()}" class="ess-more">'
                f'<rect x="{x + 4}" y="{y}" width="{col_w - 18}" height="{box_h}" rx="4" '
                f'fill="#f4f3ef" stroke="{colour}" stroke-width="1.5" stroke-dasharray="4 3"/>'
                f'<text x="{mid}" y="{y + 17}" text-anchor="middle" font-size="11" '
                f'font-weight="700" fill="{colour}">{escape(more)}</text></a>'
            )
    if unqualified:
        parts.append(
            f'<text x="10" y="{height - 6}" font-size="10" fill="#545b6b">'
            f"{escape(_('Sans relation renseignée :'))} {len(unqualified)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


@login_required
@require_GET
def ess_map(request: HttpRequest, territory_id: int) -> HttpResponse:
    territory = _territory(request, territory_id)
    organisations = ess_selectors.organisations_with_latest(territory)
    return render(
        request,
        "territories/ess/map.html",
        {
            "territory": territory,
            "organisations": organisations,
            "diagram": ess_diagram_svg(territory, organisations),
            "diagram_overflow": ess_diagram_overflow(organisations),
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
        ess_services.organisation_create(
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
            ess_services.relationship_record(
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
    differences: list[dict] = []
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in ORGANISATION_FIELDS}
        try:
            ess_services.organisation_update(
                organisation=organisation, fingerprint=form.cleaned_data["fingerprint"], **values
            )
        except ValidationError as error:
            if getattr(error, "code", None) != "stale":
                form.add_error(None, error)
            else:
                current = Organisation.objects.get(pk=organisation.pk)
                differences = stale_differences(form, current)
                if not differences:
                    # A colleague saved exactly these values: nothing is lost.
                    messages.success(request, _("Organisation enregistrée."))
                    return redirect(
                        "territories:organisation-detail",
                        territory_id=territory.pk,
                        organisation_id=organisation.pk,
                    )
                form = rebased_form(
                    form,
                    current,
                    territory=territory,
                )
        else:
            messages.success(request, _("Organisation enregistrée."))
            return redirect(
                "territories:organisation-detail",
                territory_id=territory.pk,
                organisation_id=organisation.pk,
            )
    return render(
        request,
        "territories/ess/organisation_edit.html",
        {
            "territory": territory,
            "organisation": organisation,
            "form": form,
            "differences": differences,
            "stale_message": STALE_ORGANISATION if differences else "",
        },
        status=409 if differences else (422 if form.errors else 200),
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
            report = ess_services.organisations_import_csv(
                territory=territory, user=request.user, text=form.cleaned_data["file"]
            )
            if report.ok:
                messages.success(
                    request,
                    _("%(n)s organisation(s) importée(s).") % {"n": report.created},
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
            "columns": ess_services.CSV_COLUMNS,
        },
        status=status,
    )
