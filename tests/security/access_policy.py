"""The one access policy: who may GET and who may POST each route of the root URLconf.

Each row is `"route name": "<who may GET> | <who may POST>"`, naming roles or the aliases
below (space-separated; "-" for nobody). Everyone not named must be refused: 401, 403,
404, 405 or a redirect to a login page. "Let in" means anything else (a page, a form with
its errors, a 400 for a missing field, a redirect elsewhere): the gate was passed.
The matrix (test_access_matrix.py) checks every route × role × method against it, and a
guard test fails for a route without a row. Unnamed routes (the admin's own redirects)
are keyed by their pattern.
"""

from __future__ import annotations

ROLES = (
    "anonymous",
    "elu",
    "collectivite",
    "etat",
    "socio",
    "agent_a",
    "agent_b",
    "facilitator",
    "other_facilitator",
    "researcher",
    "other_researcher",
    "staff",
)
# Status pages whose honest answer is 503 while a part is down (tests run no Celery worker):
# a 503 there is the page working, not a server error.
HEALTH_PAGES = {"transitions:operations"}
_SIGNED_IN = " ".join(ROLES[1:])
ALIASES = {
    "all": " ".join(ROLES),
    "users": _SIGNED_IN,
    # cohort A's participants (delegation A, one per actor category)
    "participants": "elu collectivite etat socio",
    # everyone with a seat in cohort A
    "cohortA": "elu collectivite etat socio agent_a agent_b facilitator researcher",
    # territory A's delegation
    "territoryA": "elu collectivite etat socio agent_a",
    "facilitators": "facilitator other_facilitator",
    "researchers": "researcher other_researcher",
}

POLICY: dict[str, str] = {
    # --- site, accounts (allauth) and second factor (allauth.mfa) ---
    "home": "all | -",
    "healthz": "all | -",
    "set_language": "all | all",
    "account_login": "all | all",
    "account_logout": "all | all",
    "account_inactive": "all | -",
    "account_signup": "all | all",
    "account_reauthenticate": "users | users",
    "account_email": "users | users",
    "account_email_verification_sent": "all | -",
    "account_change_password": "users | users",
    "account_set_password": "users | users",
    "account_reset_password": "all | all",
    "account_confirm_login_code": "users | users",
    "account_confirm_email": "all | -",
    "account_reset_password_from_key_done": "all | -",
    "account_reset_password_from_key": "all | all",
    "account_reset_password_done": "all | -",
    "mfa_index": "users | -",
    "mfa_authenticate": "users | users",
    "mfa_reauthenticate": "users | users",
    "mfa_activate_totp": "users | users",
    "mfa_deactivate_totp": "facilitators researchers staff | facilitators researchers staff",
    "mfa_view_recovery_codes": "facilitators researchers staff | -",
    "mfa_generate_recovery_codes": "users | users",
    "mfa_download_recovery_codes": "facilitators researchers staff | facilitators researchers staff",
    # --- core: cohorts, stages, meetings, members, invitations, files ---
    "transitions:referential": "users | -",
    "transitions:profile": "users | users",
    # personal data: one's own download and erasure request; confirming is for the
    # person's facilitators and staff, and the scene holds no pending request (404).
    "transitions:profile-data-export": "users | -",
    "transitions:profile-erasure-request": "- | users",
    "transitions:erasure-list": "users | -",
    "transitions:erasure-confirm": "- | -",
    # audit history: the cohort's facilitators and staff
    "audit:cohort-list": "users | -",
    "audit:cohort-history": "facilitator staff | -",
    "transitions:cohort-list": "users | -",
    "transitions:cohort-create": "facilitators staff | facilitators staff",
    "transitions:cohort-detail": "cohortA staff | -",
    "transitions:cohort-update": "facilitator staff | facilitator staff",
    "transitions:cohort-dashboard": "facilitator staff | -",
    "transitions:stage-update": "facilitator staff | facilitator staff",
    "transitions:stage-move": "- | facilitator staff",
    "transitions:stage-status": "- | facilitator staff",
    "transitions:meeting-create": "facilitator staff | facilitator staff",
    "transitions:meeting-update": "facilitator staff | facilitator staff",
    "transitions:member-list": "facilitator staff | -",
    "transitions:invitation-create": "facilitator staff | facilitator staff",
    "transitions:invitation-import": "facilitator staff | facilitator staff",
    "transitions:invitation-resend": "- | facilitator staff",
    "transitions:invitation-revoke": "- | facilitator staff",
    "transitions:invitation-restore": "- | facilitator staff",
    "transitions:invitation-accept": "anonymous | anonymous",
    "transitions:job-download": "territoryA facilitator staff | -",
    # meetings: a cohort-wide workshop of the open inspiration stage (attendance, closing
    # report); the attachment is on territory A's subgroup's workshop (delegation A only)
    "transitions:meeting-list": "cohortA staff | -",
    "transitions:meeting-detail": "cohortA staff | -",
    "transitions:meeting-attendance": "facilitator staff | facilitator staff",
    "transitions:meeting-report": "facilitator staff | facilitator staff",
    "transitions:meeting-attachment-add": "- | facilitator staff",
    "transitions:meeting-attachment-download": "territoryA facilitator staff | -",
    "transitions:meeting-attachment-delete": "- | facilitator staff",
    "transitions:subgroup-create": "facilitator staff | facilitator staff",
    "transitions:subgroup-update": "facilitator staff | facilitator staff",
    "transitions:membership-update": "facilitator staff | facilitator staff",
    "transitions:operations": "staff | -",  # 503 while no Celery worker answers
    # --- territories, ESS map, pilot projects ---
    "territories:territory-list": "users | -",
    "territories:territory-create": "facilitators staff | facilitators staff",
    "territories:official-search": "facilitators staff | -",
    "territories:official-changes": "facilitators staff | -",
    "territories:territory-detail": "territoryA facilitators researcher staff | -",
    "territories:territory-update": "facilitator staff | facilitator staff",
    "territories:delegation-create": "facilitator staff | facilitator staff",
    "territories:ess-map": "territoryA facilitator staff | -",
    "territories:organisation-create": "agent_a facilitator staff | agent_a facilitator staff",
    "territories:ess-import": "agent_a facilitator staff | agent_a facilitator staff",
    "territories:organisation-detail": "territoryA facilitator staff | agent_a facilitator staff",
    "territories:organisation-update": "agent_a facilitator staff | agent_a facilitator staff",
    "territories:pilot-list": "cohortA staff | -",
    "territories:pilot-create": "agent_a facilitator staff | agent_a facilitator staff",
    "territories:pilot-detail": "territoryA facilitator staff | -",
    "territories:pilot-update": "agent_a facilitator staff | agent_a facilitator staff",
    "territories:pilot-status": "- | agent_a facilitator staff",
    "territories:milestone-add": "- | agent_a facilitator staff",
    "territories:milestone-done": "- | agent_a facilitator staff",
    "territories:milestone-edit": "agent_a facilitator staff | agent_a facilitator staff",
    "territories:milestone-delete": "agent_a facilitator staff | agent_a facilitator staff",
    # --- diagnostics (state-dependent rows: the diagnostic is a draft, answered by elu) ---
    "diagnostics:diagnostic-list": "users | -",
    "diagnostics:diagnostic-open": "- | territoryA facilitator staff",
    "diagnostics:diagnostic-detail": "territoryA facilitator staff | -",
    "diagnostics:principle-edit": "territoryA facilitator staff | -",
    "diagnostics:section-edit": "territoryA facilitator staff | -",
    "diagnostics:answer-save": "- | territoryA staff",
    "diagnostics:answer-item": "territoryA facilitator staff | -",
    "diagnostics:evidence-add": "territoryA staff | territoryA staff",
    "diagnostics:evidence-delete": "- | elu",
    "diagnostics:timeline-list": "territoryA facilitator staff | territoryA staff",
    "diagnostics:timeline-update": "territoryA staff | territoryA staff",
    "diagnostics:timeline-delete": "- | territoryA staff",
    "diagnostics:history-list": "territoryA facilitator staff | -",
    "diagnostics:results-detail": "territoryA facilitator staff | -",
    "diagnostics:observation-quote": "- | agent_a facilitator staff",
    "diagnostics:diagnostic-submit": "- | agent_a staff",
    "diagnostics:diagnostic-validate": "- | staff",
    "diagnostics:diagnostic-unvalidate": "- | staff",
    "diagnostics:diagnostic-reopen": "- | staff",
    "diagnostics:report-request": "- | territoryA facilitator staff",
    "diagnostics:report-status": "territoryA facilitator staff | -",
    "diagnostics:report-download": "territoryA facilitator staff | -",
    # --- peer groups (the ELU group's open session; its unshared contribution) ---
    "peergroups:group-list": "users | -",
    "peergroups:group-detail": "elu facilitator staff | -",
    "peergroups:session-board": "elu facilitator staff | -",
    "peergroups:session-refresh": "elu facilitator staff | -",
    "peergroups:session-edit": "facilitator staff | facilitator staff",
    "peergroups:session-status": "- | facilitator staff",
    "peergroups:contribution-create": "- | elu facilitator staff",
    # the facilitator's edit, or the author's own (the scene's card is elu's, session open)
    "peergroups:contribution-edit": "elu facilitator staff | elu facilitator staff",
    # the author's alone (staff is a superuser: Django grants it every permission)
    "peergroups:contribution-withdraw": "elu staff | elu staff",
    "peergroups:contribution-flag": "- | facilitator staff",
    "peergroups:contribution-merge": "facilitator staff | facilitator staff",
    "peergroups:contribution-unmerge": "- | facilitator staff",
    "peergroups:cohort-grid": "facilitator staff | -",
    # --- agora and territorial forums (no summary file exists yet: downloads are 404) ---
    "agora:agora-list": "users | -",
    "agora:agora-detail": "cohortA staff | -",
    "agora:agora-refresh": "cohortA staff | -",
    "agora:statement-create": "facilitator staff | facilitator staff",
    "agora:shared-contributions": "cohortA staff | -",
    "agora:statement-edit": "facilitator staff | facilitator staff",
    "agora:statement-delete": "- | facilitator staff",
    "agora:position-set": "- | facilitator staff",
    "agora:summary-request": "- | facilitator staff",
    "agora:summary-status": "cohortA staff | -",
    "agora:summary-download": "- | -",
    "agora:agora-delegations": "facilitator staff | facilitator staff",
    "agora:forum-list": "users | -",
    "agora:forum-start": "- | agent_a facilitator staff",
    "agora:forum-detail": "territoryA facilitator staff | -",
    "agora:forum-prepare": "agent_a facilitator staff | agent_a facilitator staff",
    "agora:forum-not-held": "agent_a facilitator staff | agent_a facilitator staff",
    "agora:forum-harvest": "territoryA facilitator staff | facilitator staff",
    "agora:card-harvest": "- | facilitator staff",
    "agora:opportunity-create": "- | facilitator staff",
    "agora:opportunity-relationship": "- | facilitator staff",
    "agora:opportunity-edit": "facilitator staff | facilitator staff",
    "agora:opportunity-pilot": "agent_a facilitator staff | agent_a facilitator staff",
    "agora:forum-summary": "territoryA facilitator staff | -",
    "agora:forum-summary-request": "- | agent_a facilitator staff",
    "agora:forum-summary-status": "territoryA facilitator staff | -",
    "agora:forum-summary-download": "- | -",
    "agora:cafe-run": "territoryA facilitator staff | -",
    "agora:cafe-run-refresh": "territoryA facilitator staff | -",
    "agora:round-start": "- | facilitator staff",
    "agora:round-pause": "- | facilitator staff",
    "agora:round-close": "- | facilitator staff",
    "agora:seating-propose": "- | facilitator staff",
    "agora:seat-move": "- | facilitator staff",
    "agora:table-add": "- | facilitator staff",
    "agora:participant-add": "- | facilitator staff",
    "agora:table-roles": "- | facilitator staff",
    "agora:table-page": "territoryA facilitator staff | -",
    "agora:table-refresh": "territoryA facilitator staff | -",
    "agora:card-add": "- | agent_a facilitator staff",
    "agora:card-edit": "- | agent_a facilitator staff",
    "agora:projector": "territoryA facilitator staff | -",
    "agora:projector-refresh": "territoryA facilitator staff | -",
    # --- parcours (entry, stepping_back and inspiration open): territory A's entry record
    # and elu's visit report follow the diagnostic's rules (researchers read them through
    # research, pseudonymised); elu's input note and the topic notes are the cohort's; the
    # note of territory A's subgroup (delegation A only) by elu ---
    "parcours:entry-list": "cohortA staff | -",  # rows scoped: none for the researcher
    "parcours:entry-update": "territoryA facilitator staff | agent_a facilitator staff",
    "parcours:stepping-back": "cohortA staff | territoryA agent_b facilitator staff",
    "parcours:input-note-update": "elu facilitator staff | elu facilitator staff",
    "parcours:inspiration": "cohortA staff | -",
    "parcours:visit-create": "territoryA agent_b facilitator staff | territoryA agent_b facilitator staff",
    "parcours:visit-update": "elu facilitator staff | elu facilitator staff",
    "parcours:topic-create": "- | facilitator staff",
    "parcours:topic-note-create": "territoryA agent_b facilitator staff | territoryA agent_b facilitator staff",
    "parcours:topic-note-update": "territoryA agent_b facilitator staff | territoryA agent_b facilitator staff",
    "parcours:subgroup-detail": "territoryA facilitator staff | territoryA facilitator staff",
    "parcours:subgroup-note-update": "elu facilitator staff | elu facilitator staff",
    # --- research ---
    # --- trajectory: scoped like territory A's diagnostic; links by its agents and the
    # facilitation; the cohort's "accompli ensemble" for the facilitation ---
    "trajectory:delegation-list": "users | -",
    "trajectory:delegation-detail": "territoryA facilitator staff | -",
    "trajectory:delegation-svg": "territoryA facilitator staff | -",
    # Without `?noeud=` (the matrix gives no query string) the panel has nothing to show: 404.
    "trajectory:link-panel": "- | -",
    "trajectory:link-create": "- | agent_a facilitator staff",
    "trajectory:link-delete": "- | agent_a facilitator staff",
    "trajectory:story-create": "territoryA facilitator staff | territoryA facilitator staff",
    "trajectory:story-update": "territoryA facilitator staff | territoryA facilitator staff",
    "trajectory:story-delete": "- | territoryA facilitator staff",
    "trajectory:story-image": "territoryA facilitator staff | -",
    "trajectory:engagement-create": "- | territoryA facilitator staff",
    "trajectory:engagement-delete": "- | territoryA facilitator staff",
    "trajectory:achievements": "territoryA facilitator staff | -",
    "trajectory:achievements-pdf": "- | territoryA facilitator staff",
    "trajectory:achievements-status": "territoryA facilitator staff | -",
    "trajectory:cohort-achievements": "facilitator staff | -",
    "trajectory:cohort-achievements-pdf": "- | facilitator staff",
    "trajectory:cohort-achievements-status": "facilitator staff | -",
    "research:space-list": "users | -",
    "research:space": "facilitator researcher staff | -",
    "research:territory-list": "facilitator researcher staff | -",
    "research:corpus": "facilitator researcher staff | -",
    "research:heat-map": "facilitator researcher staff | -",
    "research:detection-refresh": "- | researcher staff",
    "research:segment": "facilitator researcher staff | facilitator researcher staff",
    "research:observation-list": "facilitator researcher staff | facilitator researcher staff",
    "research:codebook": "facilitator researcher staff | researcher staff",
    "research:protocol": "facilitator researcher staff | facilitator staff",
    "research:export": "researcher staff | researcher staff",
    "research:data-dictionary": "researcher staff | -",
    "research:export-log": "facilitator staff | -",
    # --- the admin: staff only; read-only models; the admin's own redirects ---
    "admin:*": "staff | staff",
    "admin:logout": "anonymous facilitator | anonymous facilitator staff",
    "admin:password_change_done": "staff | -",
    "admin:jsi18n": "staff | -",
    "admin:autocomplete": "- | -",
    "admin:view_on_site": "- | -",
    # erasure requests are asked by the person and confirmed in the app, read-only here
    "admin:transitions_erasurerequest_add": "- | -",
    "admin:transitions_erasurerequest_change": "staff | -",
    "admin:territories_officialterritory_add": "- | -",
    "admin:territories_officialterritory_delete": "- | -",
    "admin:territories_officialterritory_change": "staff | -",
    "admin:territories_officialdataversion_add": "- | -",
    "admin:territories_officialdataversion_delete": "- | -",
    "admin:territories_officialdataversion_change": "staff | -",
    "admin:territories_officialchange_add": "- | -",
    "admin:territories_officialchange_delete": "- | -",
    "admin:territories_officialchange_change": "staff | -",
    "admin:research_exportlog_add": "- | -",
    "admin:research_exportlog_change": "staff | -",
    "admin/(?P<url>.*)$": "- | -",
}


def row_for(key: str) -> str | None:
    if key in POLICY:
        return POLICY[key]
    if key.startswith("admin:") or key.startswith("admin/"):
        return POLICY.get("admin:*")
    return None


def _expand(words: str) -> set[str]:
    out: set[str] = set()
    for word in words.split():
        if word == "-":
            continue
        if word in ALIASES:
            out |= set(ALIASES[word].split())
        elif word in ROLES:
            out.add(word)
        else:
            raise ValueError(f"unknown role or alias in the access policy: {word!r}")
    return out


def allowed(key: str, method: str) -> set[str]:
    row = row_for(key)
    if row is None:
        return set()
    get, _bar, post = row.partition("|")
    return _expand(get if method == "GET" else post)
