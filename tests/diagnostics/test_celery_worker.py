"""Integration: a real Celery worker on Redis renders the diagnostic PDF."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from tests.diagnostics.factories import axis_question, diagnostic_world
from transitions.models import Job

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker_queue(settings, tmp_path):
    # The suite runs on Redis (make test sets REDIS_URL): a missing broker is a failure.
    assert settings.REDIS_URL, "REDIS_URL is not set: run the suite with `make test`"
    queue = f"test-diag-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DEBUG": "false",
        "SECRET_KEY": "test-only-secret-key-never-used-outside-the-test-suite-0123456789",
    }
    log = open(tmp_path / "worker.log", "wb")
    worker = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "transitions",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            f"--hostname={queue}@localhost",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield queue
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=5)
        log.close()


def test_a_real_worker_renders_the_report_pdf(client, worker_queue, monkeypatch):
    from diagnostics import services
    from transitions import jobs
    from transitions.celery import app

    # Same path as production (on_commit → send by task name → broker → worker), on this
    # test's own queue.
    monkeypatch.setattr(
        jobs,
        "_send",
        lambda job_id, **_options: app.signature(
            jobs.RUN_TASK, args=(job_id,), queue=worker_queue
        ).apply_async(),
    )
    world = diagnostic_world(territory_name="Malaunay")
    services.answer_save(
        diagnostic=world.diagnostic,
        question=axis_question(world.diagnostic, "P4-i"),
        user=world.agent_a,
        base_version=0,
        level=3,
        text="La fête des récoltes",
    )
    client.force_login(world.facilitator)
    response = client.post(reverse("diagnostics:report-request", args=[world.diagnostic.pk]))
    assert response.status_code == 302
    job = Job.objects.get()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.is_active:
            break
        time.sleep(0.5)
    assert job.status == "ready", job.error or "the worker did not finish in time"
    download = client.get(reverse("diagnostics:report-download", args=[world.diagnostic.pk]))
    data = b"".join(download.streaming_content)
    assert data.startswith(b"%PDF")
    assert Path(settings.MEDIA_ROOT, job.file.name).exists()
