from __future__ import annotations

import pytest

from transitions import jobs
from transitions.models import Job, JobStatus

pytestmark = pytest.mark.django_db

calls: list[int] = []


def _render_ok(job):
    calls.append(job.pk)
    return f"rapport-{job.target}.pdf", b"%PDF-1.7 test"


def _render_fails(job):
    raise RuntimeError("la police est introuvable")


@pytest.fixture(autouse=True)
def renderers():
    jobs.register_renderer("test_ok", _render_ok)
    jobs.register_renderer("test_fail", _render_fails)
    calls.clear()


def test_a_job_is_rendered_once_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_request(kind="test_ok", target="x:1", content_hash="h1")
    job.refresh_from_db()
    assert job.status == JobStatus.READY
    assert job.file.read() == b"%PDF-1.7 test"
    assert job.filename == "rapport-x:1.pdf"


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
    jobs.register_renderer("test_fail", _render_ok)
    with django_capture_on_commit_callbacks(execute=True):
        again = jobs.job_request(kind="test_fail", target="y:1", content_hash="h")
    again.refresh_from_db()
    assert again.pk == job.pk
    assert again.status == JobStatus.READY
