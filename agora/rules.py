"""Permissions of the agora: every member of the cohort sees it, facilitators run it."""

from __future__ import annotations

import rules

from transitions.rules import is_cohort_facilitator, is_cohort_member, is_staff


def _cohort(obj):
    name = obj.__class__.__name__
    if name == "Cohort":
        return obj
    if name == "Agora":
        return obj.cohort
    if name == "Statement":
        return obj.agora.cohort
    return None


@rules.predicate
def is_member(user, obj) -> bool:
    cohort = _cohort(obj)
    return cohort is not None and is_cohort_member(user, cohort)


@rules.predicate
def is_facilitator(user, obj) -> bool:
    cohort = _cohort(obj)
    return cohort is not None and is_cohort_facilitator(user, cohort)


rules.add_perm("agora.view_agora", is_staff | is_member)
rules.add_perm("agora.change_agora", is_staff | is_facilitator)

# The summary PDF names nobody and shows what the whole cohort already sees in the
# agora: every member may download a ready one. Generating one is the facilitators'
# act (they decide when the agora's state is worth a synthesis), so participants do
# not start PDF renders. Not gated on the stage: a summary is usually made after the
# agora closes. Checked on the Agora (its `cohort_id` leads to the roles).
rules.add_perm("agora.view_summary", is_staff | is_cohort_member)
rules.add_perm("agora.add_summary", is_staff | is_cohort_facilitator)
