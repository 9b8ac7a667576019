"""Demo agora statements for `make run` (idempotent; only with the demo cohort and shares)."""

from __future__ import annotations

from agora.models import Statement, StatementKind
from agora.services import agora_ensure, position_set, statement_create
from peergroups.models import Contribution
from transitions.demo import demo_cohort


def load_agora_demo() -> None:
    cohort = demo_cohort()
    if cohort is None:
        return
    shared = list(
        Contribution.objects.filter(session__group__cohort=cohort, shared=True, hidden=False)
        .select_related("session__group")
        .order_by("pk")
    )
    if not shared:
        return
    agora = agora_ensure(cohort=cohort)
    if Statement.objects.filter(agora=agora).exists():
        return
    constraint = [c for c in shared if c.kind == "constraint"]
    statement = statement_create(
        agora=agora,
        kind=StatementKind.SHARED_CONSTRAINT,
        text="Il manque un espace où la parole franche ne coûte rien à celui qui la prend.",
        sources=constraint,
    )
    for category, stance in [
        ("ELU", "agree"),
        ("AGENT_COLLECTIVITE", "agree"),
        ("AGENT_ETAT", "nuanced"),
        ("ACTEUR_SOCIO_ECONOMIQUE", "agree"),
    ]:
        position_set(statement=statement, category=category, stance=stance, base_revision=0)
