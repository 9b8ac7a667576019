"""What the trajectory shows below it: the navigation entry and, on a pilot project's
page, the way back to the territory's trajectory (territories.hooks)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from territories.hooks import SourceLink
from trajectory.selectors import delegations_for
from transitions.models import Role
from transitions.roles import roles_of


def nav_visible(user) -> bool:
    roles = roles_of(user)
    return roles.is_staff or bool(roles.cohort_ids(Role.FACILITATOR, Role.AGENT, Role.PARTICIPANT))


def pilot_trajectory_source(user, project) -> list[SourceLink]:
    """The project's trajectory, and its "lier" panel for those who may link."""
    delegation = delegations_for(user).filter(pk=project.delegation_id).first()
    if delegation is None:
        return []
    links = [
        SourceLink(
            label=_("Trajectoire du territoire"),
            title=str(delegation.territory),
            url=reverse("trajectory:delegation-detail", args=[delegation.pk]),
        )
    ]
    if user.has_perm("trajectory.add_link", delegation):
        links.append(
            SourceLink(
                label=_("Lier ce projet à un constat, une contribution ou une opportunité"),
                title=_("lier"),
                url=reverse("trajectory:link-panel", args=[delegation.pk])
                + f"?noeud=pilot:{project.pk}",
            )
        )
    return links


def link_actions(user, obj, within) -> list:
    """The "lier" action beside a card or an opportunity of a forum's harvest and beside
    a finding of a diagnostic's results (`within`: that forum or diagnostic, whose
    delegation the trajectory is). One click opens the panel of suggestions, one links."""
    from agora.models import Card, Forum, Opportunity
    from diagnostics.models import Diagnostic
    from diagnostics.scores import Row
    from trajectory.selectors import is_finding
    from transitions.object_actions import ObjectAction

    if isinstance(within, Forum) and isinstance(obj, (Card, Opportunity)):
        key = f"{'card' if isinstance(obj, Card) else 'opportunity'}:{obj.pk}"
    elif isinstance(within, Diagnostic) and isinstance(obj, Row) and is_finding(obj):
        key = f"finding:{obj.item.pk}"
    else:
        return []
    if not user.has_perm("trajectory.add_link", within):
        return []
    url = reverse("trajectory:link-panel", args=[within.delegation_id]) + f"?noeud={key}"
    return [ObjectAction(label=_("lier"), url=url, title=_("Lier à la trajectoire du territoire"))]
