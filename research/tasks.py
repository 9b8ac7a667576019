"""Celery tasks of research: thin wrappers around its services."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from research import services
from transitions.models import Cohort


@shared_task(
    name=services.DETECT_TASK,
    acks_late=True,
    ignore_result=True,
    soft_time_limit=settings.RESEARCH_DETECTION_SOFT_TIME_LIMIT,
    time_limit=settings.RESEARCH_DETECTION_TIME_LIMIT,
)
def detect_corpus(cohort_id: int, segment_ids: list[str] | None = None, rounds: int = 0) -> None:
    cohort = Cohort.objects.get(pk=cohort_id)
    try:
        services.corpus_detect(cohort=cohort, segment_ids=segment_ids)
    except SoftTimeLimitExceeded:
        # Each chunk already stored its detections: the next run goes on from there.
        services.corpus_detect_handover(cohort=cohort, segment_ids=segment_ids, rounds=rounds)
