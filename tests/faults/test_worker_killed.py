"""kill -9 of a Celery worker while it renders a diagnostic PDF: once the worker is back,
the job completes with exactly one file (the job row, not the broker, decides).

Every tenth run renders the real diagnostic report (25 pages); the others a three-page
WeasyPrint document, so the 20 runs stay short (each costs a worker start and two renders)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from territories.models import Territory
from tests.diagnostics.factories import diagnostic_world
from tests.faults.harness import broker, wait_for
from tests.faults.worker_app import SHORT_PDF
from transitions import jobs
from transitions.models import Job, JobStatus

pytestmark = [
    pytest.mark.faults,
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
]

RUNS = 20


def _status(job_id: int) -> tuple[str, str]:
    return Job.objects.filter(pk=job_id).values_list("status", "file").get()


def test_a_worker_killed_while_rendering_a_pdf_completes_the_job_with_one_file_after_restart(
    redis_server, worker
):
    from diagnostics import reports

    world = diagnostic_world(territory_name="Malaunay")
    jobs_dir = Path(settings.MEDIA_ROOT, "jobs")
    killed_mid_render = 0
    with broker(redis_server.url):
        worker.start()
        for run in range(RUNS):
            if run % 10 == 0:
                # A new population changes the report's content: a new job each run.
                Territory.objects.filter(pk=world.territory_a.pk).update(population=20_000 + run)
                job = reports.report_request(diagnostic=world.diagnostic, user=world.facilitator)
            else:
                job = jobs.job_request(
                    kind=SHORT_PDF, target=str(world.cohort.pk), content_hash=str(run)
                )
            wait_for(
                lambda job=job: _status(job.pk)[0] != JobStatus.PENDING,
                timeout=60,
                what=f"run {run}: the worker to take the job",
                interval=0.01,
            )
            worker.kill9()
            status, file = _status(job.pk)
            killed_mid_render += status == JobStatus.RUNNING and not file
            worker.start()
            wait_for(
                lambda job=job: _status(job.pk)[0] in (JobStatus.READY, JobStatus.FAILED),
                timeout=60,
                what=f"run {run}: the restarted worker to finish the job",
            )
            job.refresh_from_db()
            assert job.status == JobStatus.READY, job.error
            assert Path(job.file.path).read_bytes().startswith(b"%PDF")
            # One file per job, whatever the killed run had begun.
            assert len(list(jobs_dir.iterdir())) == run + 1
    finished = Job.objects.filter(status=JobStatus.READY)
    assert finished.count() == RUNS
    assert killed_mid_render == RUNS, f"only {killed_mid_render} kills landed mid-render"
    # Each job was claimed twice: the killed run, then the one that finished it.
    assert sorted(set(finished.values_list("runs", flat=True))) == [2]
