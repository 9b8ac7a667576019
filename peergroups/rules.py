"""Permissions of the peer groups (django-rules).

Objects are a PeerGroup, a PeerSession or a Contribution. Members of a group are the
cohort's participants of the group's category; agents and researchers are not members,
even with the same category: the peer group is a safe space.
"""

from __future__ import annotations

import rules

from transitions.models import Membership, Role
from transitions.rules import is_cohort_facilitator, is_staff


def group_of(obj):
    name = obj.__class__.__name__
    if name == "PeerGroup":
        return obj
    if name == "PeerSession":
        return obj.group
    if name == "Contribution":
        return obj.session.group
    return None


def member_categories(user, cohort) -> set[str]:
    """Categories of the groups the user belongs to in a cohort (cached per request)."""
    if not user.is_authenticated:
        return set()
    cache = user.__dict__.setdefault("_peer_categories", {})
    if cohort.pk not in cache:
        cache[cohort.pk] = set(
            Membership.objects.filter(user=user, cohort=cohort, role=Role.PARTICIPANT).values_list(
                "category", flat=True
            )
        )
    return cache[cohort.pk]


@rules.predicate
def is_group_member(user, obj) -> bool:
    group = group_of(obj)
    if group is None:
        return False
    return group.category in member_categories(user, group.cohort)


@rules.predicate
def is_group_facilitator(user, obj) -> bool:
    group = group_of(obj)
    return group is not None and is_cohort_facilitator(user, group.cohort)


@rules.predicate
def session_is_open(user, obj) -> bool:
    name = obj.__class__.__name__
    session = obj if name == "PeerSession" else getattr(obj, "session", None)
    return session is not None and session.is_open


can_moderate = is_staff | is_group_facilitator
can_view = can_moderate | is_group_member

rules.add_perm("peergroups.view_peergroup", can_view)
rules.add_perm("peergroups.change_peersession", can_moderate)
rules.add_perm("peergroups.add_contribution", can_view & session_is_open)
rules.add_perm("peergroups.change_contribution", can_moderate)
