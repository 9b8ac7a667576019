"""Celery tasks: one-line wrappers around the job service (transitions.jobs)."""

import os

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings

from transitions import jobs, operations


# Bounded, real retries: infrastructure errors (database, broker, Redis) raised by
# job_run are retried with exponential backoff; the job row counts the attempts and
# fails the job at the third (transitions.jobs.MAX_ATTEMPTS).
@shared_task(
    bind=True,
    name=jobs.RUN_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=jobs.TRANSIENT_ERRORS,
    retry_backoff=settings.JOBS_RETRY_BACKOFF,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=jobs.MAX_ATTEMPTS,
    ignore_result=True,
)
def run_job(self, job_id: int) -> None:
    jobs.job_run(job_id, worker=f"{self.request.hostname or ''}:{os.getpid()}")


@shared_task(name=jobs.SWEEP_TASK, ignore_result=True)
def sweep_jobs() -> None:
    operations.record_sweep()
    jobs.jobs_sweep()


@worker_ready.connect
def recover_jobs(sender, **kwargs) -> None:
    jobs.jobs_recover(node=sender.hostname)
