"""Demo diagnostics for `make run` (idempotent; only once the demo cohort exists).

Written through the services, as a respondent would: the history shows who did what.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction

from diagnostics import services
from diagnostics.models import Diagnostic, EvidenceKind, Section, TimelineKind
from transitions.demo import demo_cohort, demo_user
from transitions.models import ActorCategory, Membership, Role, StageKind

DEMO_AGENT = "agent@demo.transitions.fr"

DEMO_OBSERVATIONS = {
    ActorCategory.ELU: [
        "On porte beaucoup de choses à quelques élus ; on sent la fatigue en fin de mandat.",
        "Les associations viennent nous voir surtout pour des subventions, c'est dommage.",
    ],
    ActorCategory.AGENT_COLLECTIVITE: [
        "Entre services on se parle peu, chacun défend son budget.",
        "Le groupe de travail alimentation a changé notre manière de travailler avec la régie.",
    ],
    ActorCategory.AGENT_ETAT: [
        "Nous arrivons souvent en fin de course, pour instruire un dossier déjà bouclé.",
        "Les appels à projets mettent les structures en concurrence.",
    ],
    ActorCategory.ACTEUR_SOCIO_ECONOMIQUE: [
        "On ne sait pas toujours à qui s'adresser à la mairie.",
        "La fête des récoltes a montré ce qu'on sait faire ensemble.",
    ],
}

DEMO_SHARED = {
    "profile.context": "Territoire rural de bocage, forte tradition associative, "
    "une ancienne filière laitière en reconversion.",
    "profile.ambition": "Un projet de territoire voté en 2024 autour de l'alimentation "
    "et de l'énergie.",
    "profile.ecosystem": "Une SCIC d'énergie citoyenne, deux AMAP, un tiers-lieu.",
    "profile.leadership": "Le maire et la DGS portent la démarche ; les adjoints suivent.",
    "profile.ess_relations": "Relations surtout partenariales avec les associations, "
    "plus distantes avec les entreprises d'insertion.",
    "synthesis.strengths": "L'engagement bénévole et la confiance entre élus et associations.",
    "synthesis.priority_axes": "P2-e (interconnaissance) et P4-i (célébrer).",
    "synthesis.pilot_project": "Une cuisine centrale coopérative pour les cantines.",
}


DEMO_ESS = [
    (
        "Énergie citoyenne du bocage",
        "scic",
        "énergie",
        [("UNEQUAL", "", 2019), ("TRUST_PARTNERSHIP", "COOPERATION", 2024)],
    ),
    ("AMAP des Trois Chênes", "association", "alimentation", [("DISTANT", "", 2021)]),
    (
        "Régie de quartier Nord",
        "siae",
        "insertion, propreté",
        [("QUASI_DELEGATION", "DELEGATION", 2022)],
    ),
    (
        "Tiers-lieu La Fabrique",
        "association",
        "culture, numérique",
        [("UNEQUAL", "", 2020), ("QUASI_DELEGATION", "PARTNERSHIP", 2023)],
    ),
    (
        "Ressourcerie du Val",
        "association",
        "réemploi",
        [("TRUST_PARTNERSHIP", "PARTNERSHIP", 2023)],
    ),
    ("Coopérative d'activités Pluriel", "cae", "entrepreneuriat", [("DISTANT", "", 2024)]),
]


def _demo_ess_map(territory) -> None:
    from territories.models import Organisation, Relationship

    for name, legal_form, sectors, history in DEMO_ESS:
        organisation, created = Organisation.objects.get_or_create(
            territory=territory, name=name, defaults={"legal_form": legal_form, "sectors": sectors}
        )
        if not created:
            continue
        for relation_type, cooperation_type, year in history:
            Relationship.objects.create(
                territory=territory,
                organisation=organisation,
                relation_type=relation_type,
                cooperation_type=cooperation_type,
                observed_on=datetime.date(year, 3, 1),
            )


def _demo_respondents(delegation) -> list:
    """One fictitious respondent per category in the delegation (created once)."""
    people = []
    for index, category in enumerate(ActorCategory.values):
        email = f"diag{delegation.pk}-{index}@demo.transitions.fr"
        user = demo_user(email, f"{ActorCategory(category).label} {delegation.territory.name}")
        Membership.objects.get_or_create(
            user=user,
            cohort=delegation.cohort,
            role=Role.PARTICIPANT,
            defaults={"category": category, "delegation": delegation},
        )
        people.append((user, category))
    return people


EVIDENCE = {
    "P2-g": (EvidenceKind.DEVICE, "Club des agents en transition", "tous les mois"),
    "P1-e": (EvidenceKind.EVENT, "Jardin partagé du quartier de la gare", ""),
    "P4-i": (EvidenceKind.EVENT, "Fête des récoltes", ""),
}

TIMELINE = [
    (TimelineKind.OLD_MODEL_LIMIT, datetime.date(2015, 6, 1), "Fermeture de la laiterie"),
    (TimelineKind.KEY_EVENT, datetime.date(2019, 3, 12), "Premier forum citoyen"),
    (TimelineKind.WHITE_PEBBLE, datetime.date(2022, 9, 24), "Première fête des récoltes"),
    (TimelineKind.CONTESTED, datetime.date(2024, 2, 5), "Débat sur le parc éolien"),
]


@transaction.atomic
def load_demo_diagnostics() -> None:
    """Realistic diagnostics for up to four demo delegations (idempotent: a delegation
    that already has a diagnostic is left alone)."""
    from diagnostics.selectors import current_questionnaire

    cohort = demo_cohort()
    if cohort is None or not cohort.stages.filter(kind=StageKind.DIAGNOSTIC).exists():
        return
    questionnaire = current_questionnaire()
    delegations = list(cohort.delegations.select_related("territory", "cohort").order_by("pk"))
    agent_delegations = set(
        Membership.objects.filter(
            user__email=DEMO_AGENT, cohort=cohort, delegation__isnull=False
        ).values_list("delegation_id", flat=True)
    )
    # The demo agent's territory stays in draft (to try the journey); three others are
    # submitted so the cohort benchmark shows.
    delegations.sort(key=lambda d: (d.pk not in agent_delegations, d.pk))
    questions = list(questionnaire.questions.select_related("axis__principle"))
    if delegations:
        _demo_ess_map(delegations[0].territory)
    for index, delegation in enumerate(delegations[:4]):
        if Diagnostic.objects.filter(delegation=delegation).exists():
            continue
        diagnostic = services.diagnostic_open(delegation=delegation)
        if diagnostic is None:  # the diagnostic stage is not open
            return
        draft = index == 0
        rng = random.Random(delegation.pk)
        people = _demo_respondents(delegation)
        for person_index, (user, category) in enumerate(people):
            for question in questions:
                if question.section != Section.AXIS:
                    continue
                if draft and person_index == 0 and question.axis.principle.number > 2:
                    continue  # a respondent still halfway through
                base = {"ELU": 2, "AGENT_COLLECTIVITE": 1, "AGENT_ETAT": 1}.get(category, 2)
                level = max(0, min(4, base + rng.choice([-1, 0, 0, 1, 1]) + index % 2))
                if rng.random() < 0.08:
                    level = -1
                text = ""
                if rng.random() < 0.15:
                    text = rng.choice(DEMO_OBSERVATIONS[category])
                services.answer_save(
                    diagnostic=diagnostic,
                    question=question,
                    user=user,
                    base_version=0,
                    category=category,
                    level=level,
                    text=text,
                )
                if question.code in EVIDENCE and person_index == 1:
                    kind, description, frequency = EVIDENCE[question.code]
                    services.evidence_add(
                        diagnostic=diagnostic,
                        question=question,
                        user=user,
                        category=category,
                        kind=kind,
                        description=description,
                        frequency=frequency,
                    )
        coordinator = people[1][0]
        for question in questions:
            if question.section != Section.AXIS and question.code in DEMO_SHARED:
                services.answer_save(
                    diagnostic=diagnostic,
                    question=question,
                    user=coordinator,
                    base_version=0,
                    text=DEMO_SHARED[question.code],
                )
        for kind, when, title in TIMELINE:
            services.timeline_event_add(
                diagnostic=diagnostic, user=coordinator, kind=kind, happened_on=when, title=title
            )
        if not draft:
            services.diagnostic_submit(diagnostic=diagnostic, user=coordinator)
