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
