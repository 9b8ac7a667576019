"""The job service: same content → same file, failures shown and retried, progress
reported, and a broker outage never loses a job nor fails the request that asked for it."""

from __future__ import annotations

import datetime

import kombu.exceptions
import pytest
from celery.app.task import Task
from django.db import OperationalError
from django.utils import timezone

from transitions import jobs
from transitions.models import Cohort, Job, JobStatus

pytestmark = pytest.mark.django_db

calls: list[int] = []
steps: list[tuple[int, str, str]] = []


def _render_ok(job, progress):
    calls.append(job.pk)
    progress(50, "Mise en page du PDF")
    row = Job.objects.get(pk=job.pk)
    steps.append((row.progress, row.progress_message, row.status))
    return f"rapport-{job.target}.pdf", b"%PDF-1.7 test"


def _render_fails(job, progress):
    raise RuntimeError("la police est introuvable")


def _cohort_for(user, target):
    return Cohort.objects.filter(pk=int(target.split(":")[1])).first()


def _register(kind, renderer):
    jobs.register_renderer(
        kind,
        renderer,
        view_perm="transitions.view_cohort",
        add_perm="transitions.change_cohort",
        obj_for=_cohort_for,
    )


@pytest.fixture(autouse=True)
def renderers():
    _register("test_ok", _render_ok)
    _register("test_fail", _render_fails)
    calls.clear()
    steps.clear()


@pytest.fixture
def broker_down(monkeypatch):
    """Every send to the broker fails as it does when Redis is unreachable."""
    sent: list[tuple] = []

    def refuse(self, args=None, kwargs=None, **options):
        sent.append(args)
        raise kombu.exceptions.OperationalError(
            "Error 111 connecting to 127.0.0.1:1. Connection refused."
        )

    monkeypatch.setattr(Task, "apply_async", refuse)
    return sent


def test_a_job_is_rendered_once_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_request(kind="test_ok", target="x:1", content_hash="h1")
    job.refresh_from_db()
    assert job.status == JobStatus.READY
    assert job.file.read() == b"%PDF-1.7 test"
    assert job.filename == "rapport-x:1.pdf"
    assert job.progress == 100 and job.attempts == 1


def test_a_renderer_reports_its_progress_while_running(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        jobs.job_request(kind="test_ok", target="x:1", content_hash="h1")
    assert steps == [(50, "Mise en page du PDF", JobStatus.RUNNING)]


def test_asking_again_for_the_same_content_returns_the_same_file(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        first = jobs.job_request(kind="test_ok", target="x:1", content_hash="h1")
    with django_capture_on_commit_callbacks(execute=True):
        second = jobs.job_request(kind="test_ok", target="x:1", content_hash="h1")
    assert first.pk == second.pk
    assert calls == [first.pk]
    assert Job.objects.count() == 1


def test_a_duplicate_delivery_does_not_render_twice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_request(kind="test_ok", target="x:1", content_hash="h1")
    jobs.job_run(job.pk)
    assert calls == [job.pk]


def test_changed_content_makes_a_new_job(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = jobs.job_request(kind="test_ok", target="x:1", content_hash="h1")
        second = jobs.job_request(kind="test_ok", target="x:1", content_hash="h2")
    assert first.pk != second.pk
    assert jobs.latest_job(kind="test_ok", target="x:1") == second


def test_a_failing_renderer_marks_the_job_failed_with_its_error_and_can_be_retried(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_request(kind="test_fail", target="y:1", content_hash="h")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "la police est introuvable" in job.error
    _register("test_fail", _render_ok)
    with django_capture_on_commit_callbacks(execute=True):
        again = jobs.job_request(kind="test_fail", target="y:1", content_hash="h")
    again.refresh_from_db()
    assert again.pk == job.pk
    assert again.status == JobStatus.READY


def test_a_broker_outage_leaves_the_job_pending_without_raising(
    broker_down, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_request(kind="test_ok", target="x:1", content_hash="h1")
    job.refresh_from_db()
    assert broker_down == [(job.pk,)]  # it was tried
    assert job.status == JobStatus.PENDING and job.enqueued_at is not None
    assert calls == []
    assert "stays pending" in caplog.text


def test_after_a_failed_send_requests_skip_the_broker_for_a_moment_and_the_sweeper_does_not(
    broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = jobs.job_request(kind="test_ok", target="x:1", content_hash="h1")
    with django_capture_on_commit_callbacks(execute=True):
        second = jobs.job_request(kind="test_ok", target="x:2", content_hash="h2")
    # The second request did not wait on the broker again: it was not even tried.
    assert broker_down == [(first.pk,)]
    assert Job.objects.get(pk=second.pk).status == JobStatus.PENDING
    _age(first, 10)
    _age(second, 10)
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.jobs_sweep()["resent"] == 2
    assert broker_down[1:] == [(first.pk,), (second.pk,)]


def test_an_infrastructure_error_is_retried_by_the_task_then_renders(
    django_capture_on_commit_callbacks,
):
    """The task's autoretry is real: a database hiccup while rendering is retried
    (eagerly here, with backoff on a worker) instead of failing the job."""
    hiccups = [OperationalError("server closed the connection unexpectedly")]

    def flaky(job, progress):
        if hiccups:
            raise hiccups.pop()
        return "ok.pdf", b"%PDF ok"

    _register("test_flaky", flaky)
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_request(kind="test_flaky", target="z:1", content_hash="h")
    job.refresh_from_db()
    assert job.status == JobStatus.READY and hiccups == []


def _age(job, minutes: int) -> None:
    old = timezone.now() - datetime.timedelta(minutes=minutes)
    Job.objects.filter(pk=job.pk).update(enqueued_at=old, created_at=old)


def test_the_sweeper_sends_a_stale_pending_job_again(
    broker_down, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_request(kind="test_ok", target="x:1", content_hash="h1")
    # A fresh pending job is left alone: it may simply be waiting in the queue.
    assert jobs.jobs_sweep() == {"resent": 0, "failed": 0}
    _age(job, 10)
    monkeypatch.undo()  # the broker is back
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.jobs_sweep() == {"resent": 1, "failed": 0}
    job.refresh_from_db()
    assert job.status == JobStatus.READY and job.attempts == 2


def test_the_sweeper_fails_a_job_after_three_attempts_with_a_visible_error(
    broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_request(kind="test_ok", target="x:1", content_hash="h1")
    for expected_attempts in (2, 3):
        _age(job, 10)
        with django_capture_on_commit_callbacks(execute=True):
            assert jobs.jobs_sweep()["resent"] == 1
        job.refresh_from_db()
        assert job.status == JobStatus.PENDING and job.attempts == expected_attempts
    _age(job, 10)
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.jobs_sweep() == {"resent": 0, "failed": 1}
    job.refresh_from_db()
    assert len(broker_down) == 3
    assert job.status == JobStatus.FAILED
    assert "après 3 tentatives" in job.error
    # Asked again by a person: a new round, not an instant failure.
    with django_capture_on_commit_callbacks(execute=True):
        again = jobs.job_request(kind="test_ok", target="x:1", content_hash="h1")
    again.refresh_from_db()
    assert again.status == JobStatus.PENDING and again.attempts == 1 and again.error == ""


def test_the_sweeper_takes_back_a_job_whose_worker_died_mid_run(
    settings, django_capture_on_commit_callbacks
):
    job = Job.objects.create(
        kind="test_ok",
        target="x:1",
        content_hash="h1",
        status=JobStatus.RUNNING,
        attempts=1,
        started_at=timezone.now()
        - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 120),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.jobs_sweep()["resent"] == 1
    job.refresh_from_db()
    assert job.status == JobStatus.READY


def test_an_infrastructure_error_at_every_attempt_fails_the_job_at_the_third_with_its_error(
    django_capture_on_commit_callbacks,
):
    runs = []

    def unreachable(job, progress):
        runs.append(job.pk)
        raise ConnectionError("le serveur de cartes ne répond pas")

    _register("test_unreachable", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_request(kind="test_unreachable", target="z:1", content_hash="h")
    job.refresh_from_db()
    assert len(runs) == 3 and job.runs == 3
    assert job.status == JobStatus.FAILED
    assert "3 tentatives" in job.error and "le serveur de cartes ne répond pas" in job.error


def test_a_restarted_worker_takes_back_the_jobs_it_left_running(django_capture_on_commit_callbacks):
    mine = Job.objects.create(
        kind="test_ok",
        target="x:1",
        content_hash="a",
        status=JobStatus.RUNNING,
        attempts=1,
        runs=1,
        claimed_by="celery@web1:4242",
        started_at=timezone.now(),
    )
    other = Job.objects.create(
        kind="test_ok",
        target="x:2",
        content_hash="b",
        status=JobStatus.RUNNING,
        attempts=1,
        runs=1,
        claimed_by="celery@web2:4242",
        started_at=timezone.now(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.jobs_recover(node="celery@web1") == 1
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.status == JobStatus.READY and mine.attempts == 2 and mine.runs == 2
    assert other.status == JobStatus.RUNNING  # another node's job is not touched


def test_a_redelivered_task_takes_over_a_run_whose_process_died_but_not_a_live_one():
    dead_pid = 2**22 + 17  # above Linux's pid_max default: no such process
    orphan = Job.objects.create(
        kind="test_ok",
        target="x:1",
        content_hash="a",
        status=JobStatus.RUNNING,
        attempts=1,
        runs=1,
        claimed_by=f"celery@web1:{dead_pid}",
        started_at=timezone.now(),
    )
    live = Job.objects.create(
        kind="test_ok",
        target="x:2",
        content_hash="b",
        status=JobStatus.RUNNING,
        attempts=1,
        runs=1,
        claimed_by="celery@web1:1",
        started_at=timezone.now(),
    )
    jobs.job_run(orphan.pk, worker="celery@web1:999")
    jobs.job_run(live.pk, worker="celery@web1:999")  # pid 1 is alive: a duplicate delivery
    jobs.job_run(orphan.pk, worker="celery@web1:999")  # ready now: nothing more
    orphan.refresh_from_db()
    live.refresh_from_db()
    assert orphan.status == JobStatus.READY and orphan.runs == 2
    assert live.status == JobStatus.RUNNING and live.runs == 1
    assert calls == [orphan.pk]


def test_the_service_does_not_import_the_tasks_module():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(jobs.__file__).read_text())
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    } | {a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names}
    assert "transitions.tasks" not in imported
