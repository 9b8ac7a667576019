"""What the peer groups show in the core: dashboard cells and the navigation entry."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from peergroups.selectors import contributors_by_delegation
from transitions.dashboard import Cell
from transitions.l10n import long_date
from transitions.models import Role
from transitions.roles import roles_of


def peer_group_cells(cohort, delegations) -> dict[int, Cell]:
    """Per delegation: how many of its participants contributed in their peer group.

    Counts people, never content, so the dashboard reveals nothing of the safe space.
    """
    counts = contributors_by_delegation(cohort)
    url = reverse("peergroups:group-list")
    cells = {}
    for delegation in delegations:
        contributed, total = counts.get(delegation.pk, (0, 0))
        if total == 0:
            cells[delegation.pk] = Cell(label=_("aucun·e participant·e"), url=url)
            continue
        state = (
            "not_started" if contributed == 0 else "done" if contributed == total else "in_progress"
        )
        cells[delegation.pk] = Cell(
            label=_("%(done)s/%(total)s participant·es ont contribué")
            % {"done": contributed, "total": total},
            state=state,
            url=url,
        )
    return cells


def peer_groups_nav_visible(user) -> bool:
    roles = roles_of(user)
    return roles.is_staff or bool(roles.cohort_ids(Role.FACILITATOR, Role.PARTICIPANT))


def home_actions(user, cohorts) -> list:
    """The open session of each of the person's peer groups (to contribute, or, for the
    facilitators, to run), else the next planned one. Two queries."""
    from django.utils import timezone

    from peergroups.models import SessionStatus
    from peergroups.selectors import sessions_for
    from transitions import home

    roles = roles_of(user)
    sessions = list(
        sessions_for(user)
        .filter(group__cohort__in=cohorts)
        .exclude(status=SessionStatus.CLOSED)
        .order_by("group__cohort_id", "group__category", "number")
    )
    actions = []
    seen_groups: set[int] = set()
    for session in sessions:
        if session.group_id in seen_groups:
            continue
        url = reverse("peergroups:session-board", args=[session.pk])
        participant = session.group.category in roles.categories(
            session.group.cohort_id, Role.PARTICIPANT
        )
        if session.status == SessionStatus.OPEN:
            if user.has_perm("peergroups.add_contribution", session) and participant:
                seen_groups.add(session.group_id)
                actions.append(
                    home.NextAction(
                        text=_("Contribuer à la séance en cours de votre groupe de pairs"),
                        url=url,
                        link=_("Rejoindre « %(session)s »") % {"session": session},
                        detail=_(
                            "Déposez vos contraintes, attentes et engagements dans la grille."
                        ),
                        cohort_id=session.group.cohort_id,
                    )
                )
            elif user.has_perm("peergroups.change_peersession", session):
                seen_groups.add(session.group_id)
                actions.append(
                    home.NextAction(
                        text=_("Animer la séance en cours : %(session)s") % {"session": session},
                        url=url,
                        link=_("Ouvrir le tableau de la séance"),
                        cohort_id=session.group.cohort_id,
                    )
                )
        elif participant and session.starts_at and session.starts_at >= timezone.now():
            seen_groups.add(session.group_id)
            actions.append(
                home.NextAction(
                    text=_("Prochaine séance de votre groupe de pairs : %(session)s")
                    % {"session": session},
                    url=url,
                    link=_("Voir la séance"),
                    detail=_("Le %(date)s.") % {"date": long_date(session.starts_at, "heure")},
                    cohort_id=session.group.cohort_id,
                    priority=home.FOLLOW,
                )
            )
    return actions
