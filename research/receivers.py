"""Detection at save: when a text the corpus reads is saved, a worker detects it in the
background once the transaction commits (research.services.corpus_detect_later).

Research connects these receivers to the feature apps' models from its own
AppConfig.ready(), so no feature app imports research. They only name the saved text's
cohort and segment ids; the rule (which texts enter, how they are detected) stays in
the services. Writes that send no signal (queryset updates, raw SQL) are caught by the
exports' backstop: a detection missing or older than its text is redone before the text
is exported, never exported raw (research.services.detections_for)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from research import services
from research.selectors import corpus_bump
from transitions.models import Cohort

FORUM_PARTS = [
    "forum",
    "not_held",
    "shared_constraints",
    "expectations_authority_to_ess",
    "expectations_ess_to_authority",
    "consensus_dissensus",
    "intentions",
    "commitments",
    "vocabulary",
]


def _answer(answer) -> tuple[int | None, list[str]]:
    if answer.respondent_id is None:
        return None, []
    from diagnostics.models import Diagnostic

    cohort_id = (
        Diagnostic.objects.filter(pk=answer.diagnostic_id)
        .values_list("delegation__cohort_id", flat=True)
        .first()
    )
    return cohort_id, [f"diagnostics.answer:{answer.pk}"] if answer.text else []


def _forum(forum) -> tuple[int | None, list[str]]:
    ids = [f"agora.forum:{forum.pk}:{part}" for part in FORUM_PARTS]
    return forum.cohort_id, [*ids, f"agora.atmosphere:{forum.pk}"]


def _simple(source: str):
    def segments(instance) -> tuple[int | None, list[str]]:
        return instance.cohort_id, [f"{source}:{instance.pk}"]

    return segments


def _position(position) -> tuple[int | None, list[str]]:
    ids = [f"agora.position:{position.pk}"] if position.note else []
    return position.statement.cohort_id, ids


def _watched():
    from agora.models import Card, Forum, Opportunity, Position, Statement
    from diagnostics.models import Answer
    from peergroups.models import Contribution

    return {
        Answer: _answer,
        Contribution: _simple("peergroups.contribution"),
        Statement: _simple("agora.statement"),
        Position: _position,
        Card: _simple("agora.card"),
        Forum: _forum,
        Opportunity: _simple("agora.opportunity"),
    }


def detect_saved_text(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:  # fixtures being loaded
        return
    cohort_id, segment_ids = WATCHED[sender](instance)
    if cohort_id:
        # The research space's cached counts are out of date (research.selectors).
        corpus_bump(cohort_id)
    if cohort_id and segment_ids:
        services.corpus_detect_later(cohort=Cohort(pk=cohort_id), segment_ids=segment_ids)


def forget_deleted_text(sender, instance, **kwargs) -> None:
    try:
        cohort_id = WATCHED[sender](instance)[0]
    except Exception:  # noqa: BLE001 - a parent deleted first (cascade): nothing to name
        return
    if cohort_id:
        corpus_bump(cohort_id)


WATCHED: dict = {}


def connect() -> None:
    WATCHED.update(_watched())
    for model in WATCHED:
        post_save.connect(detect_saved_text, sender=model, dispatch_uid=f"research-detect-{model}")
        post_delete.connect(
            forget_deleted_text, sender=model, dispatch_uid=f"research-forget-{model}"
        )
