"""What the pages (and PDFs) show of a territory's ESS map, prepared for the shared chart
module (transitions.charts): the diagram's data is chosen here, drawn there."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from territories.models import EssCharacter, RelationType
from transitions import charts

# colour, stroke width, dash pattern of each relationship type's link. The colour also
# writes the column's title: each one keeps 4.5:1 against white (WCAG 1.4.3), and the
# type is always named in words, never told by the colour alone.
TYPE_STYLES = {
    RelationType.DISTANT: ("#6b7080", "2", "6 5"),
    RelationType.UNEQUAL: ("#b15928", "2", ""),
    RelationType.QUASI_DELEGATION: ("#1f78b4", "3", ""),
    RelationType.TRUST_PARTNERSHIP: ("#1f6f5c", "5", ""),
}

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


def _short(name: str) -> str:
    return name if len(name) <= NAME_WIDTH else name[: NAME_WIDTH - 1].rstrip() + "…"


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


def ess_diagram_svg(territory, organisations) -> str:
    """The authority at the top, one column per relationship type below it; each box
    links to the organisation's page and carries its full name as a tooltip.

    `organisations` come from territories.selectors.organisations_with_latest."""
    columns = []
    for value, label, members in _diagram_columns(organisations):
        colour, stroke, dash = TYPE_STYLES[value]
        shown, rest = _shown_and_rest(members)
        columns.append(
            charts.BoxColumn(
                label=str(label),
                colour=colour,
                stroke=stroke,
                dash=dash,
                count_label=ngettext("%(n)s organisation", "%(n)s organisations", len(members))
                % {"n": len(members)},
                boxes=[
                    charts.Box(
                        label=_short(org.name),
                        title=org.name,
                        url=reverse("territories:organisation-detail", args=[territory.pk, org.pk]),
                    )
                    for org in shown
                ],
                more=charts.Box(
                    label=_("+ %(n)s autres ci-dessous") % {"n": len(rest)},
                    url=f"#ess-rest-{value.lower()}",
                )
                if rest
                else None,
            )
        )
    unqualified = sum(1 for o in organisations if not o.latest)
    return charts.box_diagram(
        root=territory.name,
        columns=columns,
        aria_label=_("Carte des relations avec les acteurs de l’ESS"),
        footer=f"{_('Sans relation renseignée :')} {unqualified}" if unqualified else "",
        box_class="ess-box",
        more_class="ess-more",
    )


def ess_by_character(organisations) -> list[tuple[str, int]]:
    """(label, count) per ESS character present on the map, in the typology's order, then
    the organisations whose character is not filled in yet (empty when none is known)."""
    counts: dict[str, int] = {}
    for org in organisations:
        counts[org.character] = counts.get(org.character, 0) + 1
    if not any(code for code in counts if code):
        return []
    rows = [(str(label), counts[code]) for code, label in EssCharacter.choices if code in counts]
    if counts.get(""):
        rows.append((_("Non renseigné"), counts[""]))
    return rows
