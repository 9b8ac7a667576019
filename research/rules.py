"""Permissions of research (django-rules). Research happens at every stage of the
parcours ("posture d'observation"), so no rule here is gated by a stage.

Scope (research.selectors.research_cohorts_for): the cohort's researchers and
facilitators, and staff; anyone else gets 404 on every research page and export.
"""

from __future__ import annotations

import rules

from transitions.models import Role
from transitions.roles import roles_of
from transitions.rules import is_cohort_facilitator, is_staff


@rules.predicate
def is_cohort_researcher(user, obj) -> bool:
    cohort_id = getattr(obj, "cohort_id", None) if obj is not None else None
    return cohort_id is not None and Role.RESEARCHER in roles_of(user).in_cohort(cohort_id)


observes = is_cohort_researcher | is_cohort_facilitator

rules.add_perm("research.view_space", is_staff | observes)
rules.add_perm("research.add_observation", observes)
rules.add_perm("research.add_coding", observes)
rules.add_perm("research.add_memo", observes)
rules.add_perm("research.add_code", is_cohort_researcher)
rules.add_perm("research.add_correction", is_cohort_researcher)
rules.add_perm("research.change_protocol", is_staff | is_cohort_facilitator)
rules.add_perm("research.export_corpus", is_cohort_researcher)
rules.add_perm("research.view_exportlog", is_staff | is_cohort_facilitator)
