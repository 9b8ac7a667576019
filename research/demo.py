"""Demo research content for `make run`: the demo researcher's field observations, research
codes and codings (idempotent; only once the core's demo cohort exists)."""

from __future__ import annotations

from django.utils import timezone

from research import services
from research.models import Code, Observation
from research.selectors import corpus
from transitions.demo import demo_cohort, demo_user
from transitions.models import Axis, StageKind

RESEARCHER_EMAIL = "recherche@demo.transitions.fr"

OBSERVATIONS = [
    (
        StageKind.DIAGNOSTIC,
        ["ELU", "AGENT_COLLECTIVITE"],
        ["P1-a"],
        "Lors de la restitution, les élus parlent de « la transition » comme d'un dossier ; les "
        "agents parlent d'abord des habitants. Le vocabulaire n'est pas encore partagé.",
    ),
    (
        StageKind.PEER_GROUPS,
        ["AGENT_ETAT"],
        ["P2-b"],
        "Dans le groupe des agents de l'État, la parole se libère à la deuxième séance : le "
        "droit à l'erreur revient trois fois, sans que personne ne l'ait proposé.",
    ),
]
CODES = [
    ("Coopération", "Ce qui fait tenir une coopération entre acteurs d'un territoire.", None),
    ("Confiance", "Signes de confiance ou de défiance entre catégories.", "Coopération"),
    ("Posture de l'État", "L'État accompagnateur plutôt que prescripteur.", None),
]


def load_research_demo() -> None:
    cohort = demo_cohort()
    if cohort is None or Observation.objects.filter(cohort=cohort).exists():
        return
    researcher = demo_user(RESEARCHER_EMAIL, "Morgan Chercheur")
    today = timezone.localdate()
    for kind, categories, axes, text in OBSERVATIONS:
        services.observation_create(
            cohort=cohort,
            author=researcher,
            observed_on=today,
            text=text,
            stage=cohort.stages.filter(kind=kind).first(),
            categories=categories,
            axes=list(Axis.objects.filter(code__in=axes)),
        )
    codes: dict[str, Code] = {}
    for name, description, parent in CODES:
        codes[name] = services.code_create(
            cohort=cohort,
            name=name,
            description=description,
            parent=codes.get(parent) if parent else None,
            user=researcher,
        )
    for i, segment in enumerate(corpus(cohort)):
        if i >= 6:
            break
        code = codes["Confiance"] if i % 2 else codes["Posture de l'État"]
        services.coding_create(cohort=cohort, segment=segment, code=code, user=researcher)
        if len(segment.text) > 20:
            services.coding_create(
                cohort=cohort,
                segment=segment,
                axis=Axis.objects.get(code="P1-b"),
                start=0,
                end=min(len(segment.text), 60),
                user=researcher,
            )
