""" "Ce que nous avons accompli ensemble": the territory's and the cohort's PDFs, rendered
by the shared job pipeline and downloaded through the checked view."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse

from trajectory import reports, services
from transitions.models import Job, JobStatus

pytestmark = pytest.mark.django_db


def _png() -> io.BytesIO:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "fete.png"
    return buffer


def test_a_delegation_member_renders_and_downloads_the_territorys_pdf(
    client, scene, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    image = _png()
    services.story_entry_create(
        delegation=scene.delegation_a,
        user=scene.agent_a,
        kind="celebration",
        happened_on=dt.date(2026, 6, 1),
        title="Fête de la gare",
        text="Tout le monde était là.",
        image=SimpleUploadedFile("fete.png", image.read(), content_type="image/png"),
    )
    client.force_login(scene.elu)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("trajectory:achievements-pdf", args=[scene.delegation_a.pk]),
            headers={"HX-Request": "true"},
        )
    assert response.status_code == 200
    job = Job.objects.get(kind=reports.DELEGATION_KIND)
    assert job.status == JobStatus.READY, job.error
    download = reverse("transitions:job-download", args=[job.pk])
    assert (
        download
        in client.get(
            reverse("trajectory:achievements", args=[scene.delegation_a.pk])
        ).content.decode()
    )
    pdf = client.get(download)
    assert pdf.status_code == 200 and "no-store" in pdf["Cache-Control"]
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    # The same content asks for the same job; another territory's agent gets 404.
    assert reports.delegation_request(delegation=scene.delegation_a, user=scene.elu).pk == job.pk
    client.force_login(scene.agent_b)
    assert client.get(download).status_code == 404


def test_the_pdf_changes_when_the_recit_changes(scene):
    before = reports.delegation_hash(scene.delegation_a)
    services.story_entry_create(
        delegation=scene.delegation_a,
        user=scene.agent_a,
        kind="white_pebble",
        happened_on=dt.date(2026, 3, 1),
        title="Premiers paniers",
    )
    assert reports.delegation_hash(scene.delegation_a) != before


def test_the_cohort_pdf_is_for_the_facilitation(client, scene, django_capture_on_commit_callbacks):
    url = reverse("trajectory:cohort-achievements-pdf", args=[scene.cohort.pk])
    client.force_login(scene.agent_a)
    assert client.post(url).status_code in (403, 404)
    client.force_login(scene.facilitator)
    page = client.get(reverse("trajectory:cohort-achievements", args=[scene.cohort.pk]))
    assert page.status_code == 200 and scene.territory_b.name in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    job = Job.objects.get(kind=reports.COHORT_KIND)
    assert job.status == JobStatus.READY, job.error
    response = client.get(reverse("transitions:job-download", args=[job.pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(scene.elu)
    assert client.get(reverse("transitions:job-download", args=[job.pk])).status_code in (403, 404)
