"""Diagnostic permissions (django-rules), tested as a role × state matrix.

Scope first (diagnostics.selectors.diagnostics_for → else 404), then these rules (→ 403).
"""

from __future__ import annotations

import rules

from diagnostics.models import DiagnosticStatus
from transitions.models import Role
from transitions.roles import roles_of
from transitions.rules import is_cohort_facilitator, is_staff, stage_is_open

DELEGATION_ROLES = {Role.AGENT, Role.PARTICIPANT}


@rules.predicate
def is_delegation_member(user, diagnostic) -> bool:
    return bool(roles_of(user).in_delegation(diagnostic.delegation_id) & DELEGATION_ROLES)


@rules.predicate
def is_delegation_agent(user, diagnostic) -> bool:
    return Role.AGENT in roles_of(user).in_delegation(diagnostic.delegation_id)


@rules.predicate
def is_draft(user, diagnostic) -> bool:
    return diagnostic.status == DiagnosticStatus.DRAFT


@rules.predicate
def is_submitted(user, diagnostic) -> bool:
    return diagnostic.status == DiagnosticStatus.SUBMITTED


@rules.predicate
def is_validated(user, diagnostic) -> bool:
    return diagnostic.status == DiagnosticStatus.VALIDATED


@rules.predicate
def is_reviewed(user, diagnostic) -> bool:
    return diagnostic.status in (DiagnosticStatus.SUBMITTED, DiagnosticStatus.VALIDATED)


can_follow = is_staff | is_cohort_facilitator

rules.add_perm("diagnostics.view_diagnostic", can_follow | is_delegation_member)
rules.add_perm("diagnostics.change_diagnostic", is_delegation_member & is_draft & stage_is_open)
rules.add_perm(
    "diagnostics.submit_diagnostic",
    (is_delegation_agent | is_staff) & is_draft & stage_is_open,
)
rules.add_perm("diagnostics.validate_diagnostic", can_follow & is_submitted & stage_is_open)
rules.add_perm("diagnostics.reopen_diagnostic", can_follow & is_reviewed & stage_is_open)
# Undoing a validation gives the submitted diagnostic back to the facilitators' review
# (reopening for the delegation stays `reopen_diagnostic`, with its comment).
rules.add_perm("diagnostics.unvalidate_diagnostic", can_follow & is_validated & stage_is_open)
# Choosing the quotes changes the report's content: only while the stage is open.
rules.add_perm("diagnostics.quote_answer", (can_follow | is_delegation_agent) & stage_is_open)
rules.add_perm("diagnostics.view_history", can_follow | is_delegation_member)
rules.add_perm("diagnostics.view_report", can_follow | is_delegation_member)
rules.add_perm("diagnostics.add_report", can_follow | is_delegation_member)
