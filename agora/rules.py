"""Permissions of the agora: every member of the cohort sees it, facilitators run it.

Objects are an Agora or a Statement (each has `cohort_id` and the agora `stage_kind`);
running it (statements, positions) needs the agora stage open
(transitions.rules.stage_is_open).
"""

from __future__ import annotations

import rules

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
