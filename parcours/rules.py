"""Permissions of the parcours' own stage outputs (django-rules).

Scope first (parcours.selectors → else 404), then these rules (→ 403). A territory's
entry record and visit reports follow its diagnostic's rules: its delegation and the
cohort's facilitators (researchers read them pseudonymised through research, not here).
Notes from the theoretical inputs and topic notes are the cohort's: every member reads
them. A subgroup's notes belong to its delegations and the facilitators. Every write
needs the serving stage open (transitions.rules.stage_is_open).
"""

from __future__ import annotations

import rules

from transitions.models import Role
from transitions.roles import roles_of
from transitions.rules import (
    is_cohort_facilitator,
    is_cohort_member,
    is_staff,
    is_subgroup_member,
    stage_is_open,
)

DELEGATION_ROLES = {Role.AGENT, Role.PARTICIPANT}


@rules.predicate
def is_delegation_member(user, obj) -> bool:
    return bool(roles_of(user).in_delegation(obj.delegation_id) & DELEGATION_ROLES)


@rules.predicate
def is_delegation_agent(user, obj) -> bool:
    return Role.AGENT in roles_of(user).in_delegation(obj.delegation_id)


@rules.predicate
def is_cohort_contributor(user, obj) -> bool:
    """An agent or participant of the object's cohort (researchers observe, not write)."""
    return bool(roles_of(user).in_cohort(obj.cohort_id) & DELEGATION_ROLES)


@rules.predicate
def is_author(user, obj) -> bool:
    return obj.author_id is not None and obj.author_id == user.pk


can_follow = is_staff | is_cohort_facilitator

# Entrée dans le parcours: the facilitators check the prerequisites with the territory's
# agents; the delegation reads its record.
rules.add_perm("parcours.view_entryrecord", can_follow | is_delegation_member)
rules.add_perm("parcours.change_entryrecord", (can_follow | is_delegation_agent) & stage_is_open)

# Prise de hauteur.
rules.add_perm("parcours.view_inputnote", is_staff | is_cohort_member)
rules.add_perm("parcours.add_inputnote", (can_follow | is_cohort_contributor) & stage_is_open)
rules.add_perm("parcours.change_inputnote", (can_follow | is_author) & stage_is_open)

# Inspiration: visit reports are the territory's.
rules.add_perm("parcours.view_visitreport", can_follow | is_delegation_member)
rules.add_perm("parcours.add_visitreport", (can_follow | is_delegation_member) & stage_is_open)
rules.add_perm(
    "parcours.change_visitreport",
    (can_follow | (is_delegation_member & is_author)) & stage_is_open,
)

# Shared topics: the facilitators set them; the cohort writes the notes together.
rules.add_perm("parcours.add_topic", can_follow)
rules.add_perm("parcours.view_topicnote", is_staff | is_cohort_member)
rules.add_perm("parcours.add_topicnote", (can_follow | is_cohort_contributor) & stage_is_open)
rules.add_perm("parcours.change_topicnote", (can_follow | is_cohort_contributor) & stage_is_open)

# Subgroup notes.
rules.add_perm("parcours.view_subgroupnote", can_follow | is_subgroup_member)
rules.add_perm("parcours.add_subgroupnote", (can_follow | is_subgroup_member) & stage_is_open)
rules.add_perm(
    "parcours.change_subgroupnote",
    (can_follow | (is_subgroup_member & is_author)) & stage_is_open,
)
