"""The pilot projects' demo, in the finished cohort: two launched, one being positioned;
loading twice adds nothing."""

from __future__ import annotations

import pytest

from territories.demo import load_pilot_projects_demo
from territories.models import Milestone, Organisation, PilotProject
from transitions import demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_cohort(monkeypatch):
    monkeypatch.setattr(demo, "_demo_loaders", [])
    demo.load_demo()
    return demo.finished_demo_cohort()


def test_three_demo_territories_have_pilot_projects_at_different_statuses(demo_cohort):
    load_pilot_projects_demo()
    projects = PilotProject.objects.filter(delegation__cohort=demo_cohort)
    assert projects.values("delegation").distinct().count() == 3
    assert sorted(projects.values_list("status", flat=True)) == [
        "launched",
        "launched",
        "positioned",
    ]
    for launched in projects.filter(status="launched"):
        assert launched.milestones.filter(done=True).count() == 2
        assert launched.partners.count() == 2 and launched.axes.exists()
    for project in projects:
        assert all(
            o.territory_id == project.delegation.territory_id for o in project.partners.all()
        )


def test_loading_the_pilot_projects_demo_twice_adds_nothing(demo_cohort):
    load_pilot_projects_demo()
    before = (PilotProject.objects.count(), Milestone.objects.count(), Organisation.objects.count())
    load_pilot_projects_demo()
    after = (PilotProject.objects.count(), Milestone.objects.count(), Organisation.objects.count())
    assert after == before


def test_the_whole_demo_with_every_app_loads_twice_without_duplicate_projects():
    demo.load_demo()
    before = (PilotProject.objects.count(), Milestone.objects.count(), Organisation.objects.count())
    demo.load_demo()
    after = (PilotProject.objects.count(), Milestone.objects.count(), Organisation.objects.count())
    assert after == before and before[0] == 3
