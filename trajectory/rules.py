"""Trajectory permissions (django-rules).

A territory's trajectory is scoped like its diagnostic: scope first
(`trajectory.selectors.delegations_for`, which is the diagnostics' own scope → else 404),
then these rules (→ 403), which ask the diagnostics' predicates rather than restate
them. Objects are a Delegation, or a Link / StoryEntry / Engagement of one.

Not gated on a stage (`transitions.rules.stage_is_open`): the trajectory spans the whole
parcours and the récit goes on after it, so no single stage serves it.
"""

from __future__ import annotations

from dataclasses import dataclass

import rules

from diagnostics import rules as diagnostic_rules
from territories.models import Delegation
from transitions.rules import is_cohort_facilitator, is_staff


@dataclass(frozen=True)
class _DiagnosticSubject:
    """What the diagnostics' predicates read of a diagnostic: its delegation and cohort.
    A delegation has a trajectory whether or not its diagnostic was opened yet."""

    delegation_id: int
    cohort_id: int


def _subject(obj) -> _DiagnosticSubject | None:
    if obj is None:
        return None
    if isinstance(obj, Delegation):
        return _DiagnosticSubject(obj.pk, obj.cohort_id)
    delegation_id = getattr(obj, "delegation_id", None)
    return None if delegation_id is None else _DiagnosticSubject(delegation_id, obj.cohort_id)


def _ask(predicate):
    @rules.predicate(name=f"trajectory_{predicate.name}")
    def asked(user, obj) -> bool:
        subject = _subject(obj)
        return subject is not None and bool(predicate.test(user, subject))

    return asked


follows_diagnostic = _ask(diagnostic_rules.can_follow)
is_delegation_member = _ask(diagnostic_rules.is_delegation_member)
is_delegation_agent = _ask(diagnostic_rules.is_delegation_agent)

# Everyone who may see the territory's diagnostic sees its trajectory.
can_view = follows_diagnostic | is_delegation_member
rules.add_perm("trajectory.view_trajectory", can_view)
# Links: the facilitators and the territory's agents (the "two clicks").
rules.add_perm("trajectory.add_link", follows_diagnostic | is_delegation_agent)
rules.add_perm("trajectory.delete_link", follows_diagnostic | is_delegation_agent)
# The récit and who carried what are written by the delegation (and its facilitators).
rules.add_perm("trajectory.add_storyentry", can_view)
rules.add_perm("trajectory.change_storyentry", can_view)
rules.add_perm("trajectory.delete_storyentry", can_view)
rules.add_perm("trajectory.add_engagement", can_view)
rules.add_perm("trajectory.delete_engagement", can_view)
# Overload signals name people: the cohort's facilitators only (and staff).
rules.add_perm("trajectory.view_overload", follows_diagnostic)
# A cohort's "what we achieved together" gathers every territory's records: the people
# who may see all of them. Checked on the Cohort.
rules.add_perm("trajectory.view_cohort_achievements", is_staff | is_cohort_facilitator)
