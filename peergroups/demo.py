"""Demo peer contributions for `make run` (idempotent; only if the demo cohort exists)."""

from __future__ import annotations

from peergroups.models import Contribution, ContributionKind, PeerGroup, SessionStatus
from peergroups.services import peer_groups_ensure
from transitions.models import ActorCategory, Cohort, Membership, Role, StageKind

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


def demo_cohort() -> Cohort | None:
    from transitions import demo

    return demo.demo_cohort()


def load_peer_demo() -> None:
    cohort = demo_cohort()
    if cohort is None:
        return
    stage = cohort.stages.filter(kind=StageKind.PEER_GROUPS).first()
    if stage is None or not stage.is_open:
        return
    peer_groups_ensure(cohort=cohort)
    for category, cards in DEMO_CARDS.items():
        group = PeerGroup.objects.get(cohort=cohort, category=category)
        session = group.sessions.get(number=1)
        if session.contributions.exists():
            continue
        author = (
            Membership.objects.filter(cohort=cohort, role=Role.PARTICIPANT, category=category)
            .select_related("user")
            .first()
        )
        if session.status == SessionStatus.PLANNED:
            session.status = SessionStatus.OPEN
            session.save(update_fields=["status"])
        Contribution.objects.bulk_create(
            Contribution(
                session=session,
                author=author.user if author else None,
                anonymous=author is None,
                kind=kind,
                text=text,
                target_category=target,
                shared=shared,
            )
            for kind, text, target, shared in cards
        )
