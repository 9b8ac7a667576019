"""Celery tasks: one-line wrappers around the job service (transitions.jobs)."""

from celery import shared_task

from transitions import jobs, operations


# Bounded, real retries: infrastructure errors (database, broker, Redis) raised by
# job_run are retried with exponential backoff; beyond that the job stays pending and
# the sweeper takes over.
@shared_task(
    name=jobs.RUN_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=jobs.TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=3,
    ignore_result=True,
)
def run_job(job_id: int) -> None:
    jobs.job_run(job_id)


@shared_task(name=jobs.SWEEP_TASK, ignore_result=True)
def sweep_jobs() -> None:
    operations.record_sweep()
    jobs.jobs_sweep()
