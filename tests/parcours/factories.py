"""Parcours objects added to the shared persona world (tests/factories.py)."""

from __future__ import annotations

from parcours import services


def entry_for(world):
    """Territory A's entry record, two prerequisites checked, not yet committed."""
    return services.entry_record_save(
        delegation=world.delegation_a,
        user=world.facilitator,
        fingerprint="",
        ambition_met=True,
        ambition_note="Un projet de territoire voté.",
        ecosystem_met=True,
        ecosystem_note="Trois associations motrices.",
        leadership_met=False,
        leadership_note="",
        named_delegation="",
        committed_on=None,
    )


def visit_for(world, *, author=None):
    """A visit report of territory A written by its élue."""
    return services.visit_report_create(
        delegation=world.delegation_a,
        author=author or world.elu,
        place="Tiers-lieu de la gare",
        partnership="Une SCIC et la commune.",
        takeaways="Le foncier public compte.",
    )


def input_note_for(world, *, author=None):
    return services.input_note_create(
        cohort=world.cohort,
        author=author or world.elu,
        title="Les quatre principes",
        speaker="La Fabrique",
        body="Notes de la matinée.",
    )


def topic_note_for(world):
    topic = services.topic_create(cohort=world.cohort, name="Alimentation")
    return services.topic_note_create(
        topic=topic, user=world.collectivite, title="Cantines", body="Premiers constats."
    )


def subgroup_note_for(world, subgroup, *, author=None):
    return services.subgroup_note_create(
        subgroup=subgroup, author=author or world.elu, title="Note", body="Ce que nous avons vu."
    )
