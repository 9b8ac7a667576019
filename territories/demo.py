"""Territories' part of the `make run` demo: each territory's facts, its ESS map and the
pilot projects (stage 6), which belong to the finished cohort (`transitions.demo.
finished_demo_cohort`: the current cohort's pilot-project stage is still to come). The
texts live in territories/demo_content.py.

Idempotent: facts are set to the content's values, an organisation is known by its
territory and name (its dated relationships come with it once), a project by its
delegation and title.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from territories import services
from territories.demo_content import FINISHED_ORGANISATIONS, PILOT_PROJECTS, TERRITORIES
from territories.models import Organisation, PilotProject, PoliticalLabel, Territory
from transitions.demo import demo_cohort, finished_demo_cohort
from transitions.models import Axis


def _demo_territories() -> dict[str, Territory]:
    cohort = demo_cohort()
    if cohort is None:
        return {}
    return {
        d.territory.code: d.territory
        for d in cohort.delegations.select_related("territory")
        if d.territory.code in TERRITORIES
    }


def _apply_facts(territory: Territory, content: dict) -> None:
    label = content["political_label"]
    facts = {
        "political_label": label,
        # "Divers" or "Autre" alone says little: keep how the territory names itself.
        "political_label_detail": (
            content["political_label_text"]
            if label in (PoliticalLabel.DIVERS, PoliticalLabel.OTHER)
            and content["political_label_text"] != str(PoliticalLabel(label).label)
            else ""
        ),
        "maturity": content["maturity"],
        "ess_integration": content["ess_integration"],
    }
    if any(getattr(territory, name) != value for name, value in facts.items()):
        Territory.objects.filter(pk=territory.pk).update(**facts)


def _ess_map(territory: Territory, organisations: list[dict]) -> None:
    existing = set(Organisation.objects.filter(territory=territory).values_list("name", flat=True))
    for entry in organisations:
        if entry["name"] in existing:
            continue
        (first_type, first_form, first_date), *later = entry["relations"]
        organisation = services.organisation_create(
            territory=territory,
            user=None,
            organisation={
                "name": entry["name"],
                "legal_form": entry["legal_form"],
                "sectors": entry["sectors"],
                "origin": entry["origin"],
                "character": entry["ess_character"],
            },
            relationship={
                "relation_type": first_type,
                "cooperation_type": first_form,
                "observed_on": first_date,
            },
        )
        for relation_type, cooperation_type, observed_on in later:
            services.relationship_record(
                organisation=organisation,
                user=None,
                relation_type=relation_type,
                cooperation_type=cooperation_type,
                observed_on=observed_on,
            )


def load_territory_profiles_demo() -> None:
    """Facts and ESS map of the demo territories."""
    for code, territory in _demo_territories().items():
        _apply_facts(territory, TERRITORIES[code])
        _ess_map(territory, TERRITORIES[code]["organisations"])
    finished = finished_demo_cohort()
    if finished is not None:
        for delegation in finished.delegations.select_related("territory"):
            organisations = FINISHED_ORGANISATIONS.get(delegation.territory.code)
            if organisations:
                _ess_map(delegation.territory, organisations)


def _load_pilot_projects() -> None:
    cohort = finished_demo_cohort()
    if cohort is None:
        return
    delegations = {d.territory.code: d for d in cohort.delegations.select_related("territory")}
    today = timezone.localdate()
    for code, project in PILOT_PROJECTS.items():
        delegation = delegations.get(code)
        if delegation is None:
            continue
        if PilotProject.objects.filter(delegation=delegation, title=project["title"]).exists():
            continue
        created = services.pilot_project_create(
            delegation=delegation,
            title=project["title"],
            description=project["description"],
            status=project["status"],
            origin=project["origin"],
            axes=list(Axis.objects.filter(code__in=project["axes"])),
            partners=list(
                Organisation.objects.filter(
                    territory=delegation.territory, name__in=project["partners"]
                )
            ),
        )
        for title, days, done in project["milestones"]:
            milestone = services.milestone_add(
                project=created, title=title, due_on=today + datetime.timedelta(days=days)
            )
            if done:
                services.milestone_set_done(milestone=milestone, done=True)


def load_territories_demo() -> None:
    load_territory_profiles_demo()
    _load_pilot_projects()  # after the map: the partners are its organisations


# The pilot projects need the ESS map first: loading them alone loads both.
load_pilot_projects_demo = load_territories_demo
