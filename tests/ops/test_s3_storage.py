"""Files in object storage: with STORAGE_URL set, job files go to a private S3 bucket (moto's
real S3 server on loopback) and leave it only through the permission-checking view."""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from tests.diagnostics.factories import diagnostic_world
from tests.ops.conftest import bucket_keys, s3_client
from transitions.models import Job

pytestmark = [pytest.mark.ops, pytest.mark.django_db]


def _report(client, world) -> Job:
    client.force_login(world.facilitator)
    response = client.post(reverse("diagnostics:report-request", args=[world.diagnostic.pk]))
    assert response.status_code == 302
    return Job.objects.get()


def test_a_generated_pdf_is_written_to_the_bucket_and_not_to_the_local_disk(
    client, s3_bucket, s3_endpoint, settings, django_capture_on_commit_callbacks
):
    world = diagnostic_world()
    with django_capture_on_commit_callbacks(execute=True):
        job = _report(client, world)
    job.refresh_from_db()
    assert job.status == "ready", job.error
    assert bucket_keys(s3_endpoint, s3_bucket) == [job.file.name]
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*.pdf"))

    response = client.get(reverse("diagnostics:report-download", args=[world.diagnostic.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_bucket_refuses_an_anonymous_download_of_a_stored_file(s3_bucket, s3_endpoint):
    name = default_storage.save("jobs/secret.pdf", ContentFile(b"%PDF-1.7 secret"))
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{s3_endpoint}/{s3_bucket}/{name}", timeout=5)
    assert refused.value.code == 403
    grants = s3_client(s3_endpoint).get_object_acl(Bucket=s3_bucket, Key=name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all(grant["Grantee"]["Type"] == "CanonicalUser" for grant in grants)


def test_any_url_the_storage_builds_is_signed_and_expires_within_a_minute(s3_bucket):
    name = default_storage.save("jobs/report.pdf", ContentFile(b"%PDF-1.7"))
    query = parse_qs(urlparse(default_storage.url(name)).query)
    assert query["X-Amz-Expires"] == ["60"]
    assert "X-Amz-Signature" in query


def test_a_file_missing_from_the_bucket_is_a_404_not_a_500(
    client, s3_bucket, s3_endpoint, django_capture_on_commit_callbacks
):
    world = diagnostic_world()
    with django_capture_on_commit_callbacks(execute=True):
        job = _report(client, world)
    job.refresh_from_db()
    s3_client(s3_endpoint).delete_object(Bucket=s3_bucket, Key=job.file.name)
    response = client.get(reverse("transitions:job-download", args=[job.pk]))
    assert response.status_code == 404


def test_someone_outside_the_cohort_cannot_download_a_file_kept_in_the_bucket(
    client, s3_bucket, django_capture_on_commit_callbacks
):
    world = diagnostic_world()
    with django_capture_on_commit_callbacks(execute=True):
        job = _report(client, world)
    client.force_login(diagnostic_world(territory_name="Ailleurs").facilitator)
    assert client.get(reverse("transitions:job-download", args=[job.pk])).status_code == 404


def test_the_storage_check_writes_to_the_bucket_and_fails_on_a_missing_one(
    s3_bucket, settings, s3_endpoint
):
    from transitions.operations import storage_check

    check = storage_check()
    assert check.ok, check.detail
    assert "S3Storage" in check.detail
    assert bucket_keys(s3_endpoint, s3_bucket) == []  # the probe file is deleted
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "bucket_name": "no-such-bucket"},
        },
    }
    check = storage_check()
    assert not check.ok
    assert "NoSuchBucket" in check.detail
