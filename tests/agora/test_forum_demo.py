"""The forums' demo, in the finished cohort: two held forums with a finished 3 × 3 café,
one that could not be held; loading twice adds nothing."""

from __future__ import annotations

import pytest

from agora.demo import load_forums_demo
from agora.models import Card, Forum, Opportunity
from transitions import demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_cohort(monkeypatch):
    monkeypatch.setattr(demo, "_demo_loaders", [])
    demo.load_demo()
    return demo.finished_demo_cohort()


def test_two_demo_territories_held_a_full_cafe_and_one_could_not(demo_cohort):
    load_forums_demo()
    held = Forum.objects.filter(delegation__cohort=demo_cohort, status="held")
    assert held.count() == 2
    for forum in held:
        assert forum.tables.count() == 3
        assert list(forum.rounds.values_list("status", flat=True)) == ["closed"] * 3
        for cafe_round in forum.rounds.all():
            for table in forum.tables.all():
                keys = Card.objects.filter(table=table, round=cafe_round, kind="key_idea")
                assert 1 <= keys.count() <= 3
        assert forum.opportunities.exists()
        assert forum.atmosphere
    not_held = Forum.objects.get(delegation__cohort=demo_cohort, status="not_held")
    assert not_held.not_held_reason == "overloaded"


def test_loading_the_forums_demo_twice_adds_nothing(demo_cohort):
    load_forums_demo()
    before = (Forum.objects.count(), Card.objects.count(), Opportunity.objects.count())
    load_forums_demo()
    assert (Forum.objects.count(), Card.objects.count(), Opportunity.objects.count()) == before


def test_the_demo_pilot_project_born_from_an_opportunity_links_to_it(demo_cohort):
    from territories.demo import load_pilot_projects_demo
    from territories.models import PilotProject

    load_pilot_projects_demo()
    load_forums_demo()
    load_forums_demo()
    project = PilotProject.objects.get(delegation__cohort=demo_cohort, origin="opportunity")
    opportunity = Opportunity.objects.get(pilot_project=project)
    assert opportunity.forum.delegation_id == project.delegation_id
    assert opportunity.forum.status == "held"
