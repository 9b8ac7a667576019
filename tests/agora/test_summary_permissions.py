"""The agora summary has its own rules: every member of the cohort may download a ready
one, only the facilitators (and staff) make one; progress is shown while it renders."""

from __future__ import annotations

import pytest
from django.urls import reverse

from agora import reports, services
from tests.factories import UserFactory
from transitions.models import Job, JobStatus

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def world(peer):
    """The persona world with the agora stage open (its agora row exists)."""
    return peer


# who → (view_summary, add_summary)
SUMMARY_RIGHTS = {
    "facilitator": (True, True),
    "elu": (True, False),
    "etat": (True, False),
    "agent_a": (True, False),
    "researcher": (True, False),
    "other_facilitator": (False, False),  # facilitator of another cohort
    "stranger": (False, False),
    "staff": (True, True),
}


def _user(world, who):
    if who == "staff":
        return UserFactory(is_staff=True)
    if who == "stranger":
        return UserFactory()
    return getattr(world, who)


@pytest.mark.parametrize("who", list(SUMMARY_RIGHTS))
def test_summary_rights_per_role(world, who):
    agora = services.agora_ensure(cohort=world.cohort)
    view, add = SUMMARY_RIGHTS[who]
    user = _user(world, who)
    assert user.has_perm("agora.view_summary", agora) is view
    assert user.has_perm("agora.add_summary", agora) is add


def test_a_participant_may_not_generate_the_summary(client, world):
    client.force_login(world.elu)
    url = reverse("agora:summary-request", args=[world.cohort.pk])
    assert client.post(url).status_code == 403
    response = client.post(url, **HTMX)
    assert response.status_code == 403 and "animation" in response.json()["error"]
    assert not Job.objects.exists()
    page = client.get(reverse("agora:agora-detail", args=[world.cohort.pk])).content.decode()
    assert url not in page  # no button that would only be refused
    assert "pas encore préparé de synthèse" in page


def test_members_download_the_summary_the_facilitator_made(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("agora:summary-request", args=[world.cohort.pk]))
    job = Job.objects.get(kind=reports.JOB_KIND)
    assert job.status == JobStatus.READY, job.error
    assert "synthese" not in job.file.name and "cohorte" not in job.file.name.lower()
    download_url = reverse("transitions:job-download", args=[job.pk])
    client.force_login(world.elu)
    page = client.get(reverse("agora:agora-detail", args=[world.cohort.pk])).content.decode()
    assert download_url in page
    response = client.get(download_url)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(world.other_facilitator)
    assert client.get(download_url).status_code == 404


def test_a_running_summary_shows_its_progress_then_polling_stops(client, world):
    agora = services.agora_ensure(cohort=world.cohort)
    job = Job.objects.create(
        kind=reports.JOB_KIND,
        target=reports.job_target(agora),
        content_hash="h",
        status=JobStatus.RUNNING,
        progress=10,
        progress_message="Rassemblement des énoncés et des positions",
    )
    client.force_login(world.researcher)
    url = reverse("agora:summary-status", args=[world.cohort.pk])
    running = client.get(url, **HTMX)
    html = running.content.decode()
    assert running.status_code == 200 and "every 2s" in html
    assert '<progress max="100" value="10">' in html and "Rassemblement des énoncés" in html
    Job.objects.filter(pk=job.pk).update(status=JobStatus.PENDING, progress=0)
    assert "En attente de prise en charge" in client.get(url, **HTMX).content.decode()
    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED)
    stopped = client.get(url, **HTMX)
    assert stopped.status_code == 286 and "every 2s" not in stopped.content.decode()
