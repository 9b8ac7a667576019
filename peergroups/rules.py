"""Permissions of the peer groups (django-rules).

Objects are a PeerGroup, a PeerSession or a Contribution: each has a `cohort_id` and a
`category` (its group's). Members of a group are the cohort's participants of the
group's category; agents and researchers are not members, even with the same
category: the peer group is a safe space. Every write needs the peer-groups stage
open (transitions.rules.stage_is_open).
"""

from __future__ import annotations

import rules

from transitions.models import Role
from transitions.roles import roles_of
from transitions.rules import is_cohort_facilitator, is_staff, stage_is_open


@rules.predicate
def is_group_member(user, obj) -> bool:
    if obj is None:
        return False
    return obj.category in roles_of(user).categories(obj.cohort_id, Role.PARTICIPANT)


@rules.predicate
def session_is_open(user, obj) -> bool:
    session = getattr(obj, "session", obj)
    return bool(getattr(session, "is_open", False))


@rules.predicate
def is_author(user, obj) -> bool:
    """The card's author (kept even on an anonymous card: the author still owns it)."""
    author_id = getattr(obj, "author_id", None)
    return author_id is not None and author_id == user.pk


can_moderate = is_staff | is_cohort_facilitator
can_view = can_moderate | is_group_member

rules.add_perm("peergroups.view_peergroup", can_view)
# The cross view of the four groups' grids (checked on the Cohort): it puts side by side
# what each safe space said, so only those who already see every group read it.
rules.add_perm("peergroups.view_grid", can_moderate)
# Planning a session (dates, place) is not a contribution: allowed at any stage.
rules.add_perm("peergroups.change_peersession", can_moderate)
# Opening or closing a session lets contributions in or out: only during the stage.
rules.add_perm("peergroups.open_peersession", can_moderate & stage_is_open)
rules.add_perm("peergroups.add_contribution", can_view & session_is_open & stage_is_open)
rules.add_perm("peergroups.change_contribution", can_moderate & stage_is_open)
# A contribution belongs to its author: while the session and the stage are open, a
# member of the group edits or withdraws their own card (never another's). Moderation
# (flags, merges, the facilitator's edit) stays `change_contribution`.
can_revise = is_group_member & is_author & session_is_open & stage_is_open
rules.add_perm("peergroups.revise_contribution", can_revise)
rules.add_perm("peergroups.withdraw_contribution", can_revise)
