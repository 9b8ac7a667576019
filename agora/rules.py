"""Permissions of the agora: every member of the cohort sees it, facilitators run it.

Objects are an Agora or a Statement (each has `cohort_id` and the agora `stage_kind`);
running it (statements, positions) needs the agora stage open
(transitions.rules.stage_is_open).
"""

from __future__ import annotations

import rules

from agora.models import CafeTable, Card, Forum, RoundStatus
from transitions.models import Role
from transitions.roles import roles_of
from transitions.rules import is_cohort_facilitator, is_cohort_member, is_staff, stage_is_open

rules.add_perm("agora.view_agora", is_staff | is_cohort_member)
rules.add_perm("agora.change_agora", (is_staff | is_cohort_facilitator) & stage_is_open)

# The summary PDF names nobody and shows what the whole cohort already sees in the
# agora: every member may download a ready one. Generating one is the facilitators'
# act (they decide when the agora's state is worth a synthesis), so participants do
# not start PDF renders. Not gated on the stage: a summary is usually made after the
# agora closes. Checked on the Agora (its `cohort_id` leads to the roles).
rules.add_perm("agora.view_summary", is_staff | is_cohort_member)
rules.add_perm("agora.add_summary", is_staff | is_cohort_facilitator)


# --- Territorial forums ------------------------------------------------------------------
# A territory's forum is scoped like its diagnostic: its delegation and the cohort's
# facilitators (researchers will read it through the research app). Objects are a Forum,
# a CafeTable, a CafeRound, a Card or an Opportunity; each reaches its forum, its
# delegation and its cohort (`cohort_id`), and is served by the forums stage.

DELEGATION_ROLES = {Role.AGENT, Role.PARTICIPANT}


def _forum_of(obj):
    if obj is None:
        return None
    if isinstance(obj, Forum):
        return obj
    if isinstance(obj, Card):
        return obj.table.forum
    return getattr(obj, "forum", None)


@rules.predicate
def is_forum_delegation_member(user, obj) -> bool:
    forum = _forum_of(obj)
    return forum is not None and bool(
        roles_of(user).in_delegation(forum.delegation_id) & DELEGATION_ROLES
    )


@rules.predicate
def is_forum_delegation_agent(user, obj) -> bool:
    forum = _forum_of(obj)
    return forum is not None and Role.AGENT in roles_of(user).in_delegation(forum.delegation_id)


@rules.predicate
def is_table_rapporteur(user, obj) -> bool:
    """The table's rapporteur (obj: a CafeTable, or a Card of that table)."""
    table = obj.table if isinstance(obj, Card) else obj
    return (
        isinstance(table, CafeTable)
        and user.is_authenticated
        and table.rapporteur_id == user.pk
        and bool(is_cohort_member(user, table))
    )


@rules.predicate
def round_takes_cards(user, obj) -> bool:
    """A card's round (or a table's current round) is running or paused, not closed."""
    if isinstance(obj, Card):
        return obj.round.status in (RoundStatus.RUNNING, RoundStatus.PAUSED)
    if isinstance(obj, CafeTable):
        return obj.forum.rounds.filter(
            status__in=[RoundStatus.RUNNING, RoundStatus.PAUSED]
        ).exists()
    return False


can_follow_forum = is_staff | is_cohort_facilitator

rules.add_perm("agora.view_forum", can_follow_forum | is_forum_delegation_member)
rules.add_perm("agora.change_forum", (can_follow_forum | is_forum_delegation_agent) & stage_is_open)
rules.add_perm("agora.run_cafe", can_follow_forum & stage_is_open)
rules.add_perm(
    "agora.add_card", (can_follow_forum | is_table_rapporteur) & round_takes_cards & stage_is_open
)
rules.add_perm(
    "agora.change_card",
    (can_follow_forum | is_table_rapporteur) & round_takes_cards & stage_is_open,
)
can_harvest_forum = can_follow_forum & stage_is_open
rules.add_perm("agora.harvest_forum", can_harvest_forum)
# Opportunities are born in the harvest: whoever may create them edits them.
rules.add_perm("agora.change_opportunity", can_harvest_forum)
# The summary names nobody: the delegation and the facilitators read and make it, also
# after the stage has closed.
rules.add_perm("agora.view_forum_summary", can_follow_forum | is_forum_delegation_member)
rules.add_perm("agora.add_forum_summary", can_follow_forum | is_forum_delegation_agent)
