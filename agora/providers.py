"""What the agora shows in the core and in territories: dashboard cells, the navigation
entry, and the opportunity a pilot project came from."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agora.models import Forum, ForumStatus, Opportunity, Statement
from agora.selectors import forums_for
from territories.hooks import SourceLink
from transitions.dashboard import Cell
from transitions.l10n import long_date
from transitions.models import ActorCategory, Role
from transitions.roles import roles_of


def agora_cells(cohort, delegations) -> dict[int, Cell]:
    """The agora is one plenary for the whole cohort: every delegation shows its progress.

    Done when every statement has the positions of all four categories.
    """
    stats = Statement.objects.filter(agora__cohort=cohort).aggregate(
        statements=Count("pk", distinct=True), positions=Count("positions")
    )
    statements, positions = stats["statements"], stats["positions"]
    expected = statements * len(ActorCategory.values)
    if statements == 0:
        cell = Cell(label=_("aucun énoncé"))
    else:
        cell = Cell(
            label=ngettext(
                "%(statements)s énoncé, %(positions)s/%(expected)s positions",
                "%(statements)s énoncés, %(positions)s/%(expected)s positions",
                statements,
            )
            % {"statements": statements, "positions": positions, "expected": expected},
            state="done" if positions >= expected else "in_progress",
            url=reverse("agora:agora-detail", args=[cohort.pk]),
        )
    return {d.pk: cell for d in delegations}


def agora_nav_visible(user) -> bool:
    roles = roles_of(user)
    return roles.is_staff or bool(roles.seats)


FORUM_STATE = {
    ForumStatus.PREPARING: "in_progress",
    ForumStatus.HELD: "done",
    ForumStatus.NOT_HELD: "done",
}


def forum_cells(cohort, delegations) -> dict[int, Cell]:
    """Each delegation's forum: its state, how many cards its café produced; one query."""
    rows = (
        Forum.objects.filter(delegation__in=[d.pk for d in delegations])
        .annotate(cards=Count("tables__cards"))
        .values_list("pk", "delegation_id", "status", "cards")
    )
    cells = {}
    for pk, delegation_id, status, cards in rows:
        label = str(ForumStatus(status).label)
        if cards:
            label = ngettext(
                "%(status)s · %(cards)s carton", "%(status)s · %(cards)s cartons", cards
            ) % {"status": label, "cards": cards}
        cells[delegation_id] = Cell(
            label=label,
            state=FORUM_STATE[status],
            url=reverse("agora:forum-detail", args=[pk]),
        )
    return cells


def forum_nav_visible(user) -> bool:
    roles = roles_of(user)
    return (
        roles.is_staff or bool(roles.cohort_ids(Role.FACILITATOR)) or bool(roles.delegation_ids())
    )


def opportunity_sources(user, project) -> list[SourceLink]:
    """The forum's cooperation opportunity a pilot project was positioned from, when the
    user may see that forum (territories.hooks; one query)."""
    opportunities = Opportunity.objects.filter(
        pilot_project_id=project.pk, forum__in=forums_for(user)
    ).only("pk", "title", "forum_id")
    return [
        SourceLink(
            label=_("Issu de l'opportunité de coopération du forum"),
            title=o.title,
            url=reverse("agora:forum-harvest", args=[o.forum_id]) + f"#opportunity-{o.pk}",
        )
        for o in opportunities
    ]


def home_actions(user, cohorts) -> list:
    """The open agora of the person's cohorts, and the territorial forums to prepare: a
    delegation's agent sees their own forum (to start or prepare), the facilitators the
    forums being prepared. Three queries."""

    from agora.models import Agora
    from agora.selectors import forum_delegations_for
    from transitions import home
    from transitions.rules import stage_is_open

    roles = roles_of(user)
    actions = []
    for agora in Agora.objects.filter(cohort__in=cohorts).select_related("cohort"):
        if not roles.in_cohort(agora.cohort_id) or not stage_is_open(user, agora):
            continue
        facilitates = user.has_perm("agora.change_agora", agora)
        actions.append(
            home.NextAction(
                text=(
                    _("Animer l'agora de « %(cohort)s »")
                    if facilitates
                    else _("L'agora de « %(cohort)s » est ouverte")
                )
                % {"cohort": agora.cohort.name},
                url=reverse("agora:agora-detail", args=[agora.cohort_id]),
                link=_("Aller à l'agora"),
                detail=""
                if facilitates
                else _("Les catégories y croisent ce que les groupes de pairs ont partagé."),
                cohort_id=agora.cohort_id,
                priority=home.CONTRIBUTE if facilitates else home.FOLLOW,
            )
        )
    delegations = list(forum_delegations_for(user).filter(cohort__in=cohorts))
    forums = {f.delegation_id: f for f in Forum.objects.filter(delegation__in=delegations)}
    own = roles.delegation_ids()
    for delegation in delegations:
        forum = forums.get(delegation.pk)
        name = delegation.territory.name
        if forum is None:
            probe = Forum(delegation=delegation)
            if delegation.pk in own and user.has_perm("agora.change_forum", probe):
                actions.append(
                    home.NextAction(
                        text=_("Préparer le forum territorial de %(name)s") % {"name": name},
                        url=reverse("agora:forum-list"),
                        link=_("Commencer la préparation"),
                        detail=_("Ou dites pourquoi il ne peut pas se tenir."),
                        cohort_id=delegation.cohort_id,
                    )
                )
            continue
        if forum.status != ForumStatus.PREPARING:
            continue
        if user.has_perm("agora.change_forum", forum):
            when = (
                _("Prévu le %(date)s.") % {"date": long_date(forum.held_on)}
                if forum.held_on
                else _("Pas encore de date.")
            )
            actions.append(
                home.NextAction(
                    text=_("Préparer le forum territorial de %(name)s") % {"name": name},
                    url=reverse("agora:forum-detail", args=[forum.pk]),
                    link=_("Continuer la préparation"),
                    detail=when,
                    cohort_id=delegation.cohort_id,
                )
            )
        elif delegation.pk in own and forum.held_on:
            actions.append(
                home.NextAction(
                    text=_("Forum territorial de %(name)s") % {"name": name},
                    url=reverse("agora:forum-detail", args=[forum.pk]),
                    link=_("Voir le forum"),
                    detail=_("Prévu le %(date)s.") % {"date": long_date(forum.held_on)},
                    cohort_id=delegation.cohort_id,
                    priority=home.FOLLOW,
                )
            )
    return actions


def delegation_links(user, delegations) -> dict:
    """Each delegation's territorial forum, for the territory page and the ESS map
    (territories.hooks); one query, scoped like every forum page."""
    found = forums_for(user).filter(delegation__in=[d.pk for d in delegations])
    return {
        f.delegation_id: [
            SourceLink(
                label=_("Forum territorial"),
                title=f.get_status_display(),
                url=reverse("agora:forum-detail", args=[f.pk]),
            )
        ]
        for f in found
    }
