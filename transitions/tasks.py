from celery import shared_task

from transitions.jobs import job_run


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=3,
)
def run_job(self, job_id: int) -> None:
    job_run(job_id)
