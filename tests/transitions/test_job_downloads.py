"""Generated files leave the server only through transitions:job-download, which checks
the job kind's rule: 404 outside the scope, 403 inside without the right, never cached;
stored under an unguessable name; `/media/` is not served, not even with DEBUG."""

from __future__ import annotations

import importlib

import pytest
from django.urls import clear_url_caches, reverse

from tests.factories import CohortFactory, MembershipFactory, UserFactory
from transitions import jobs
from transitions.models import Job, JobStatus
from transitions.selectors import cohorts_for

pytestmark = pytest.mark.django_db

KIND = "test_private_export"


def _render(job, progress):
    return "Export de la cohorte.csv", b"nom;valeur\n"


def _cohort_in_scope(user, target):
    return cohorts_for(user).filter(pk=int(target.split(":")[1])).first()


@pytest.fixture(autouse=True)
def kind():
    # Only facilitators may download this kind: a participant is in scope but lacks the right.
    jobs.register_renderer(
        KIND,
        _render,
        view_perm="transitions.change_cohort",
        add_perm="transitions.change_cohort",
        obj_for=_cohort_in_scope,
    )


@pytest.fixture
def export(django_capture_on_commit_callbacks):
    cohort = CohortFactory()
    people = {
        role: MembershipFactory(cohort=cohort, role=role).user
        for role in ("facilitator", "participant")
    }
    people["outsider"] = MembershipFactory(role="facilitator").user  # another cohort
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_request(kind=KIND, target=f"cohort:{cohort.pk}", content_hash="h")
    job.refresh_from_db()
    assert job.status == JobStatus.READY
    return job, people


def test_the_right_person_gets_the_bytes_as_an_uncached_attachment(client, export):
    job, people = export
    client.force_login(people["facilitator"])
    response = client.get(reverse("transitions:job-download", args=[job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"nom;valeur\n"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Export de la cohorte.csv" in response["Content-Disposition"]
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control


def test_a_member_without_the_kinds_right_gets_403(client, export):
    job, people = export
    client.force_login(people["participant"])
    assert client.get(reverse("transitions:job-download", args=[job.pk])).status_code == 403


def test_an_outsider_gets_404_like_for_a_job_that_does_not_exist(client, export):
    job, people = export
    client.force_login(people["outsider"])
    assert client.get(reverse("transitions:job-download", args=[job.pk])).status_code == 404
    assert client.get(reverse("transitions:job-download", args=[job.pk + 999])).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(client, export):
    job, _people = export
    response = client.get(reverse("transitions:job-download", args=[job.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_job_that_is_not_ready_has_nothing_to_download(client, export):
    job, people = export
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    client.force_login(people["facilitator"])
    assert client.get(reverse("transitions:job-download", args=[job.pk])).status_code == 404


def test_the_stored_name_is_random_and_says_nothing_of_the_content(export):
    job, _people = export
    other = Job.objects.create(kind=KIND, target="cohort:0", content_hash="other")
    jobs.job_run(other.pk)
    other.refresh_from_db()
    for stored in (job.file.name, other.file.name):
        assert stored.startswith("jobs/") and stored.endswith(".csv")
        assert "export" not in stored.lower() and "cohorte" not in stored.lower()
        assert len(stored.removeprefix("jobs/").removesuffix(".csv")) == 32
    assert job.file.name != other.file.name


def test_media_is_not_served_even_in_debug(client, settings, export):
    job, people = export
    settings.DEBUG = True
    import transitions.urls

    try:
        importlib.reload(transitions.urls)  # as if the project had started with DEBUG on
        clear_url_caches()
        client.force_login(people["facilitator"])
        assert client.get(f"/media/{job.file.name}").status_code == 404
        client.force_login(UserFactory(is_staff=True))
        assert client.get(f"/media/{job.file.name}").status_code == 404
    finally:
        settings.DEBUG = False
        importlib.reload(transitions.urls)
        clear_url_caches()


def test_the_admin_links_to_the_checked_view_not_to_media(client, export):
    job, _people = export
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get(reverse("admin:transitions_job_change", args=[job.pk])).content.decode()
    assert reverse("transitions:job-download", args=[job.pk]) in html
    assert "/media/" not in html
