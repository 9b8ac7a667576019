"""Operations: the staff page's checks, request ids in responses, logs and tasks."""

from __future__ import annotations

import datetime
import io
import json
import logging
import logging.config

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from transitions import observability, operations
from transitions.models import Job, JobStatus

pytestmark = pytest.mark.django_db

URL = "/exploitation/"


def test_the_operations_page_answers_at_its_name():
    assert reverse("transitions:operations") == URL


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("member", 403), ("staff", {200, 503})],
)
def test_only_staff_see_the_operations_page(client, who, expected):
    if who != "anonymous":
        client.force_login(UserFactory(is_staff=who == "staff"))
    status = client.get(URL).status_code
    assert status in expected if isinstance(expected, set) else status == expected


def test_the_operations_page_lists_every_check(client, settings):
    settings.REDIS_URL = ""  # no broker to ping: the page says tasks run in-process
    client.force_login(UserFactory(is_staff=True))
    page = client.get(URL).content.decode()
    for name in ("database", "redis", "workers", "beat", "pending_jobs", "storage"):
        assert f'data-check="{name}"' in page
    assert "le balayeur de tâches n&#x27;a jamais tourné" in page


def test_beat_is_late_when_the_sweeper_has_not_run_for_three_minutes(settings):
    now = timezone.now()
    operations.record_sweep(now - datetime.timedelta(seconds=30))
    assert operations.beat_check(now).ok
    operations.record_sweep(now - datetime.timedelta(minutes=4))
    check = operations.beat_check(now)
    assert not check.ok and "240 s" in check.detail


def test_the_sweeper_task_records_its_run():
    from transitions.tasks import sweep_jobs

    assert operations.last_sweep() is None
    sweep_jobs.delay()
    assert timezone.now() - operations.last_sweep() < datetime.timedelta(seconds=5)


def test_the_oldest_pending_job_is_reported_and_late_once_stale(settings):
    now = timezone.now()
    assert operations.pending_check(now).ok
    Job.objects.create(
        kind="k", target="t:1", content_hash="a", status=JobStatus.PENDING, enqueued_at=now
    )
    old = Job.objects.create(
        kind="k",
        target="t:2",
        content_hash="b",
        status=JobStatus.PENDING,
        enqueued_at=now - datetime.timedelta(seconds=settings.JOBS_STALE_AFTER + 5),
    )
    check = operations.pending_check(now)
    assert not check.ok
    assert f"n° {old.pk}" in check.detail and "2 en attente" in check.detail


def test_no_worker_answering_is_a_fault(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    check = operations.workers_check()
    assert not check.ok


def test_the_local_storage_is_writable_and_the_probe_leaves_nothing(settings):
    check = operations.storage_check()
    assert check.ok, check.detail
    assert not any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*"))


def test_a_request_keeps_the_callers_request_id_and_answers_it(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-1234.abc")
    assert response["X-Request-ID"] == "lb-1234.abc"


def test_a_request_without_a_usable_id_gets_a_new_one(client):
    first = client.get("/healthz")["X-Request-ID"]
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="x\nINFO forged line")["X-Request-ID"]
    assert len(first) == 32 and first != forged and "\n" not in forged


def test_every_log_line_of_a_request_carries_its_id_as_json(client, monkeypatch):
    stream = io.StringIO()
    config = json.loads(json.dumps(django_settings.LOGGING))
    config["formatters"]["json"]["()"] = "pythonjsonlogger.json.JsonFormatter"
    config["handlers"]["console"].update(formatter="json", stream=stream)
    config["handlers"]["console"]["class"] = "logging.StreamHandler"
    logging.config.dictConfig(config)
    try:
        client.get("/page-qui-nexiste-pas/", HTTP_X_REQUEST_ID="req-42")
        logging.getLogger("anything").warning("outside any request")
    finally:
        logging.config.dictConfig(django_settings.LOGGING)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    not_found = [line for line in lines if line["logger"] == "django.request"]
    assert not_found and not_found[0]["request_id"] == "req-42"
    assert not_found[0]["level"] == "WARNING"
    assert lines[-1]["request_id"] == "-"


def test_a_task_sent_during_a_request_carries_its_id_in_the_message_headers():
    headers: dict = {}
    token = observability._request_id.set("req-77")
    try:
        observability._add_request_id_header(headers=headers)
    finally:
        observability._request_id.reset(token)
    assert headers == {"request_id": "req-77"}
    observability._add_request_id_header(headers=(empty := {}))
    assert empty == {}


def test_a_worker_running_the_task_logs_with_the_senders_id():
    class Request:
        request_id = "req-88"

    class Task:
        request = Request()

    observability._restore_request_id(task_id="t1", task=Task())
    assert observability.current_request_id() == "req-88"
    observability._forget_request_id(task_id="t1")
    assert observability.current_request_id() == "-"
