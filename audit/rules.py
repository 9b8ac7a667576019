"""Who reads a cohort's audit history: its facilitators and staff (no stage gating:
history is read, never written)."""

import rules

from transitions.rules import can_manage_cohort

rules.add_perm("audit.view_history", can_manage_cohort)
