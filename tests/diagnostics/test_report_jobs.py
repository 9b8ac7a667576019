"""The report job seen from the diagnostic: who may ask for and download it, a request
that still succeeds when Redis is down, progress while it renders, and a file that only
leaves through the view checking the report rule."""

from __future__ import annotations

import pytest
from django.urls import reverse

from diagnostics import reports
from tests.factories import UserFactory
from transitions.celery import app as celery_app
from transitions.models import Job, JobStatus

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def world(world, diagnostic):
    """The persona world with territory A's diagnostic (`world.diagnostic`)."""
    return world


# who → (view_report, add_report)
REPORT_RIGHTS = {
    "facilitator": (True, True),
    "agent_a": (True, True),
    "elu": (True, True),  # a participant of the delegation
    "agent_b": (False, False),  # another territory
    "researcher": (False, False),
    "outsider": (False, False),
    "staff": (True, True),
}


@pytest.fixture
def dead_broker():
    """Point Celery at a port where nothing listens, as when Redis is down."""
    previous = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    _reset_connections()
    yield
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = previous
    _reset_connections()


def _reset_connections() -> None:
    celery_app._pool = None
    celery_app.__dict__.pop("amqp", None)  # its producer pool holds the old connection


@pytest.mark.parametrize("who", list(REPORT_RIGHTS))
def test_report_rights_per_role(world, who):
    user = UserFactory(is_staff=True) if who == "staff" else getattr(world, who)
    view, add = REPORT_RIGHTS[who]
    assert user.has_perm("diagnostics.view_report", world.diagnostic) is view
    assert user.has_perm("diagnostics.add_report", world.diagnostic) is add


def test_asking_for_a_report_while_redis_is_down_still_succeeds_and_leaves_it_pending(
    client, world, dead_broker, django_capture_on_commit_callbacks, caplog
):
    client.force_login(world.facilitator)
    url = reverse("diagnostics:report-request", args=[world.diagnostic.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.status == JobStatus.PENDING and job.enqueued_at is not None
    assert "could not be handed to the broker" in caplog.text  # the send was really tried
    with django_capture_on_commit_callbacks(execute=True):
        htmx = client.post(url, **HTMX)
    assert htmx.status_code == 200 and "en cours de fabrication" in htmx.content.decode()


def test_a_running_report_shows_its_progress_and_polling_goes_on(client, world):
    job = Job.objects.create(
        kind=reports.JOB_KIND,
        target=f"diagnostic:{world.diagnostic.pk}",
        content_hash="h",
        status=JobStatus.RUNNING,
        progress=40,
        progress_message="Mise en page du PDF",
    )
    client.force_login(world.agent_a)
    response = client.get(reverse("diagnostics:report-status", args=[world.diagnostic.pk]), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and 'hx-trigger="every 2s"' in html
    assert '<progress max="100" value="40">' in html and "Mise en page du PDF" in html
    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error="Délai dépassé")
    stopped = client.get(reverse("diagnostics:report-status", args=[world.diagnostic.pk]), **HTMX)
    assert stopped.status_code == 286 and "Délai dépassé" in stopped.content.decode()


def test_the_report_is_downloaded_through_the_checked_view_under_a_random_name(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.elu)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("diagnostics:report-request", args=[world.diagnostic.pk]))
    job = Job.objects.get()
    assert job.status == JobStatus.READY, job.error
    assert "loos" not in job.file.name.lower() and "diagnostic" not in job.file.name
    page = client.get(reverse("diagnostics:results-detail", args=[world.diagnostic.pk]))
    download_url = reverse("transitions:job-download", args=[job.pk])
    assert download_url in page.content.decode()
    response = client.get(download_url)
    assert response.status_code == 200
    assert 'filename="diagnostic-loos-sur-lys.pdf"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # The diagnostic's own download URL uses the same checked response.
    legacy = client.get(reverse("diagnostics:report-download", args=[world.diagnostic.pk]))
    assert legacy.status_code == 200 and "no-store" in legacy["Cache-Control"]
    # Another territory's agent: the report is outside their scope.
    client.force_login(world.agent_b)
    assert client.get(download_url).status_code == 404
    assert client.get(f"/media/{job.file.name}").status_code == 404
