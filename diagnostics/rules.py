"""Diagnostic permissions (django-rules), tested as a role × state matrix.

Scope first (diagnostics.selectors.diagnostics_for → else 404), then these rules (→ 403).
"""

from __future__ import annotations

import rules

from diagnostics.models import DiagnosticStatus
from transitions.models import Role, StageKind
from transitions.rules import is_cohort_facilitator, is_staff


def delegation_roles(user, delegation_id: int) -> set[str]:
    """The user's roles inside one delegation, cached on the user for the request."""
    if not user.is_authenticated:
        return set()
    from transitions.models import Membership

    cache = user.__dict__.setdefault("_delegation_roles", {})
    if delegation_id not in cache:
        cache[delegation_id] = set(
            Membership.objects.filter(
                user=user, delegation_id=delegation_id, role__in=[Role.AGENT, Role.PARTICIPANT]
            ).values_list("role", flat=True)
        )
    return cache[delegation_id]


def stage_open(diagnostic) -> bool:
    """Whether the cohort's diagnostic stage is open (cached on the diagnostic)."""
    if "_stage_open" not in diagnostic.__dict__:
        stage = diagnostic.delegation.cohort.stages.filter(kind=StageKind.DIAGNOSTIC).first()
        diagnostic.__dict__["_stage_open"] = bool(stage and stage.is_open)
    return diagnostic.__dict__["_stage_open"]


@rules.predicate
def is_delegation_member(user, diagnostic) -> bool:
    return bool(delegation_roles(user, diagnostic.delegation_id))


@rules.predicate
def is_delegation_agent(user, diagnostic) -> bool:
    return Role.AGENT in delegation_roles(user, diagnostic.delegation_id)


@rules.predicate
def is_draft(user, diagnostic) -> bool:
    return diagnostic.status == DiagnosticStatus.DRAFT


@rules.predicate
def is_submitted(user, diagnostic) -> bool:
    return diagnostic.status == DiagnosticStatus.SUBMITTED


@rules.predicate
def is_reviewed(user, diagnostic) -> bool:
    return diagnostic.status in (DiagnosticStatus.SUBMITTED, DiagnosticStatus.VALIDATED)


@rules.predicate
def diagnostic_stage_open(user, diagnostic) -> bool:
    return stage_open(diagnostic)


can_follow = is_staff | is_cohort_facilitator

rules.add_perm("diagnostics.view_diagnostic", can_follow | is_delegation_member)
rules.add_perm(
    "diagnostics.change_diagnostic", is_delegation_member & is_draft & diagnostic_stage_open
)
rules.add_perm(
    "diagnostics.submit_diagnostic",
    (is_delegation_agent | is_staff) & is_draft & diagnostic_stage_open,
)
rules.add_perm("diagnostics.validate_diagnostic", can_follow & is_submitted)
rules.add_perm("diagnostics.reopen_diagnostic", can_follow & is_reviewed)
# Choosing the quotes changes the report's content: only while the stage is open.
rules.add_perm(
    "diagnostics.quote_answer", (can_follow | is_delegation_agent) & diagnostic_stage_open
)
rules.add_perm("diagnostics.view_change", can_follow | is_delegation_member)
rules.add_perm("diagnostics.view_report", can_follow | is_delegation_member)
rules.add_perm("diagnostics.add_report", can_follow | is_delegation_member)
