"""Existing cohorts get the entry stage and the split inspiration stage, in order, once."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from tests.factories import CohortFactory, open_stage
from transitions.models import Meeting

pytestmark = pytest.mark.django_db

migration = importlib.import_module("transitions.migrations.0005_split_inspiration_add_entry_stage")


def _old_style_cohort():
    """A cohort as the previous template made it: no entry stage, one merged stage."""
    cohort = CohortFactory()
    cohort.stages.filter(kind__in=["entry", "stepping_back"]).delete()
    cohort.stages.filter(kind="inspiration").update(name="Inspiration et formation")
    for order, stage in enumerate(cohort.stages.order_by("order"), start=1):
        stage.order = order
        stage.save(update_fields=["order"])
    return cohort


def _kinds(cohort):
    return list(cohort.stages.order_by("order").values_list("kind", "order"))


def test_the_migration_adds_the_entry_stage_and_splits_inspiration_keeping_the_order():
    cohort = _old_style_cohort()
    open_stage(cohort, "diagnostic")
    open_stage(cohort, "inspiration")
    inspiration = cohort.stages.get(kind="inspiration")
    visit = Meeting.objects.create(
        stage=inspiration, kind="visit", title="Visite", starts_at="2026-03-01T09:00+01:00"
    )
    migration.forwards(apps, None)
    assert [kind for kind, _order in _kinds(cohort)] == [
        "entry",
        "diagnostic",
        "stepping_back",
        "inspiration",
        "peer_groups",
        "agora",
        "forums",
        "pilot_projects",
    ]
    assert [order for _kind, order in _kinds(cohort)] == list(range(1, 9))
    stages = {s.kind: s for s in cohort.stages.all()}
    assert stages["entry"].status == "open"  # as the diagnostic: the cohort has started
    assert stages["stepping_back"].status == stages["inspiration"].status == "open"
    assert stages["inspiration"].name == "Inspiration et formation collective"
    visit.refresh_from_db()
    assert visit.stage_id == inspiration.pk  # rows pointing at the stage stay valid


def test_running_the_migration_again_changes_nothing():
    cohort = _old_style_cohort()
    migration.forwards(apps, None)
    first = _kinds(cohort)
    migration.forwards(apps, None)
    assert _kinds(cohort) == first and cohort.stages.count() == 8


def test_a_cohort_made_from_the_new_template_is_left_as_it_is():
    cohort = CohortFactory()
    cohort.stages.filter(kind="agora").update(name="Notre agora")
    before = list(cohort.stages.order_by("order").values_list("kind", "order", "name"))
    migration.forwards(apps, None)
    assert list(cohort.stages.order_by("order").values_list("kind", "order", "name")) == before
