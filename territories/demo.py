"""Territories' part of the `make run` demo: pilot projects (stage 6).

Three demo territories position a pilot project, at three different statuses, through
the services; loading twice adds nothing (a project is known by its delegation and
title, and its partners, axes and milestones come with it once).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from territories import services
from territories.models import Organisation, PilotProject
from transitions.demo import demo_cohort
from transitions.models import Axis

# (delegation index by pk, title, description, status, origin, axis codes,
#  partners (name, legal form), milestones (title, days from today, done))
DEMO_PILOT_PROJECTS = [
    (
        0,
        "Cuisine centrale coopérative",
        "Une cuisine centrale en SCIC qui approvisionne les cantines du territoire avec "
        "les producteurs locaux, née de la synthèse du diagnostic.",
        "launched",
        "diagnostic",
        2,
        [("Cuisine centrale des Terrils (SCIC)", "scic"), ("Paysans du Bocage", "cooperative")],
        [
            ("Statuts de la SCIC déposés", -60, True),
            ("Premier repas servi", -10, True),
            ("Bilan à six mois avec les parents d'élèves", 170, False),
        ],
    ),
    (
        1,
        "Légumerie partagée",
        "Une légumerie ouverte aux restaurants collectifs et aux producteurs, repérée au "
        "forum territorial comme opportunité de coopération.",
        "positioned",
        "opportunity",
        1,
        [("Jardins d'insertion du Val", "siae")],
        [("Visite d'une légumerie existante", 30, False)],
    ),
    (
        3,
        "Tiers-lieu de la gare",
        "Faire de l'ancienne halle de la gare un lieu partagé entre associations, "
        "artisans et services publics.",
        "idea",
        "scratch",
        0,
        [],
        [],
    ),
]


def _partner(territory, name: str, legal_form: str) -> Organisation:
    existing = Organisation.objects.filter(territory=territory, name=name).first()
    if existing is not None:
        return existing
    return services.organisation_create(
        territory=territory,
        user=None,
        organisation={"name": name, "legal_form": legal_form},
        relationship={"relation_type": "TRUST_PARTNERSHIP", "observed_on": timezone.localdate()},
    )


def load_pilot_projects_demo() -> None:
    cohort = demo_cohort()
    if cohort is None:
        return
    delegations = list(cohort.delegations.select_related("territory").order_by("pk"))
    axes = list(Axis.objects.all()[:3])
    today = timezone.localdate()
    for (
        index,
        title,
        description,
        status,
        origin,
        n_axes,
        partners,
        milestones,
    ) in DEMO_PILOT_PROJECTS:
        if index >= len(delegations):
            continue
        delegation = delegations[index]
        if PilotProject.objects.filter(delegation=delegation, title=title).exists():
            continue
        project = services.pilot_project_create(
            delegation=delegation,
            title=title,
            description=description,
            status=status,
            origin=origin,
            axes=axes[:n_axes],
            partners=[_partner(delegation.territory, n, f) for n, f in partners],
        )
        for name, days, done in milestones:
            milestone = services.milestone_add(
                project=project, title=name, due_on=today + datetime.timedelta(days=days)
            )
            if done:
                services.milestone_set_done(milestone=milestone, done=True)
