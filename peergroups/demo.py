"""Demo peer contributions for `make run` (idempotent; only if the demo cohort exists)."""

from __future__ import annotations

from peergroups.models import ContributionKind, SessionStatus
from peergroups.services import (
    contribution_create,
    contribution_set_flag,
    peer_groups_ensure,
    peer_session_set_status,
)
from transitions.demo import demo_cohort
from transitions.models import ActorCategory, Membership, Role, StageKind
from transitions.selectors import stage_allows_writes

DEMO_CARDS = {
    ActorCategory.ELU: [
        (
            ContributionKind.CONSTRAINT,
            "La méfiance du groupe politique envers l'extérieur.",
            "",
            True,
        ),
        (ContributionKind.CONSTRAINT, "La peur de l'échec.", "", False),
        (
            ContributionKind.EXPECTATION,
            "Apporter une expertise et dépasser la logique de guichet.",
            ActorCategory.ACTEUR_SOCIO_ECONOMIQUE,
            True,
        ),
        (ContributionKind.COMMITMENT, "Plus de cohérence entre élu·es et services.", "", True),
    ],
    ActorCategory.ACTEUR_SOCIO_ECONOMIQUE: [
        (
            ContributionKind.CONSTRAINT,
            "Pas d'espace institutionnel où la parole franche est sans risque.",
            "",
            True,
        ),
        (
            ContributionKind.EXPECTATION,
            "De la bienveillance et un droit à l'erreur.",
            ActorCategory.ELU,
            True,
        ),
        (
            ContributionKind.EXPECTATION,
            "Du temps donné par les agent·es de la collectivité.",
            ActorCategory.AGENT_COLLECTIVITE,
            True,
        ),
        (ContributionKind.COMMITMENT, "Adopter une posture de dialogue.", "", False),
    ],
}


def load_peer_demo() -> None:
    """Cards of the first session of two peer groups, written through the services (the
    same rules as a participant's post); skipped for a group whose session has cards."""
    cohort = demo_cohort()
    if cohort is None:
        return
    if not stage_allows_writes(cohort.pk, StageKind.PEER_GROUPS):
        return
    groups = {g.category: g for g in peer_groups_ensure(cohort=cohort)}
    for category, cards in DEMO_CARDS.items():
        session = groups[category].sessions.get(number=1)
        if session.contributions.exists():
            continue
        author = (
            Membership.objects.filter(cohort=cohort, role=Role.PARTICIPANT, category=category)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if author is None:
            continue
        if session.status == SessionStatus.PLANNED:
            session = peer_session_set_status(session=session, status=SessionStatus.OPEN)
        for kind, text, target, shared in cards:
            card = contribution_create(
                session=session, author=author.user, kind=kind, text=text, target_category=target
            )
            if shared:
                contribution_set_flag(contribution=card, flag="shared", value=True)
