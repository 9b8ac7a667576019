"""Celery tasks of research: one-line wrappers around its services."""

from celery import shared_task

from research import services
from transitions.models import Cohort


@shared_task(name=services.DETECT_TASK, acks_late=True, ignore_result=True)
def detect_corpus(cohort_id: int, segment_ids: list[str] | None = None) -> None:
    services.corpus_detect(cohort=Cohort.objects.get(pk=cohort_id), segment_ids=segment_ids)
