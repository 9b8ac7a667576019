"""Replicas: two gunicorn instances on two loopback ports over one PostgreSQL, one Redis and
one S3 bucket (no shared disk: each process has its own MEDIA_ROOT), plus a real Celery
worker. A user's session, a rate limit and a PDF job cross from one instance to the other,
and the worker's JSON log lines about the job carry the id of the request that asked for it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse

from tests.diagnostics.factories import diagnostic_world
from tests.factories import UserFactory, totp_code
from tests.ops.conftest import bucket_keys, free_port, new_bucket, storage_url
from transitions.models import Job

pytestmark = [pytest.mark.ops, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSWORD = "motdepasse-solide-42"


def _stop(process: subprocess.Popen) -> None:
    """Stop a server we started, with its own workers (its process group), by its pid."""
    if process.poll() is None:
        os.killpg(process.pid, 15)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait(timeout=5)


def _wait_healthy(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log.read_text()}")
        try:
            if requests.get(f"{base}/healthz", timeout=10).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn on {base} did not become healthy:\n{log.read_text()}")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, s3_endpoint, django_db_setup):
    """Instances A and B, one worker; everything they share lives in PostgreSQL, Redis, S3.
    Started once for the module (each start costs seconds); each test's rows are its own
    (transactional tests empty the tables after each test)."""
    tmp_path = tmp_path_factory.mktemp("cluster")
    assert django_settings.REDIS_URL, "REDIS_URL is not set: run the suite with `make test`"
    db = connection.settings_dict
    queue = f"ops-{uuid.uuid4().hex[:8]}"
    bucket = new_bucket(s3_endpoint)
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": django_settings.REDIS_URL,
        "STORAGE_URL": storage_url(s3_endpoint, bucket),
        "CELERY_QUEUE": queue,
        "DEBUG": "false",
        "SECRET_KEY": "test-only-secret-key-never-used-outside-the-test-suite-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "LOG_FORMAT": "json",
        "RESEARCH_NER": "false",
        "CONN_MAX_AGE": "0",
        "PYTHONPATH": str(ROOT),
    }
    processes: list[subprocess.Popen] = []
    logs: dict[str, Path] = {}
    try:
        bases = {}
        ports: set[int] = set()
        for name in ("a", "b"):
            port = free_port(exclude=ports)
            ports.add(port)
            logs[name] = tmp_path / f"gunicorn-{name}.log"
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "transitions.wsgi", "-w", "1"]
                    + ["-b", f"127.0.0.1:{port}", "--log-level", "warning"],
                    cwd=ROOT,
                    env={**env, "MEDIA_ROOT": str(tmp_path / f"media-{name}")},
                    stdout=logs[name].open("wb"),
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
            bases[name] = f"http://127.0.0.1:{port}"
        logs["worker"] = tmp_path / "worker.log"
        worker = subprocess.Popen(
            [str(BIN / "celery"), "-A", "transitions", "worker", "--pool=solo"]
            + ["--loglevel=INFO", "--without-gossip", "--without-mingle"]
            + [f"--hostname={queue}@localhost"],
            cwd=ROOT,
            env={**env, "MEDIA_ROOT": str(tmp_path / "media-worker")},
            stdout=logs["worker"].open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        processes.append(worker)
        for name, process in zip(("a", "b"), processes, strict=False):
            _wait_healthy(bases[name], process, logs[name])
        yield {
            "a": bases["a"],
            "b": bases["b"],
            "bucket": bucket,
            "s3": s3_endpoint,
            "logs": logs,
            "media": [tmp_path / f"media-{n}" for n in ("a", "b", "worker")],
            "worker": f"{queue}@localhost",
        }
    finally:
        for process in reversed(processes):
            _stop(process)


def _servable(user):
    """The suite hashes passwords with MD5 for speed; the servers only know the real
    hashers: store this person's password the way production does."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    return user


def _browser() -> requests.Session:
    """One person's browser behind the proxy: both instances see the site's one Host
    (allauth's per-account login limit is keyed by site and email, as nginx forwards it)."""
    http = requests.Session()
    http.headers["Host"] = "127.0.0.1"
    return http


def _csrf(http: requests.Session, url: str) -> str:
    page = http.get(url, timeout=10)
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def _login(http: requests.Session, base: str, email: str, password: str) -> requests.Response:
    """Sign in through the real login form; accounts with a second factor (staff,
    facilitators) then post their authenticator app's current code, as a person would."""
    token = _csrf(http, f"{base}/accounts/login/")
    response = http.post(
        f"{base}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "login": email, "password": password},
        allow_redirects=False,
        timeout=10,
    )
    if "/accounts/2fa/authenticate/" in response.headers.get("Location", ""):
        token = _csrf(http, f"{base}/accounts/2fa/authenticate/")
        response = http.post(
            f"{base}/accounts/2fa/authenticate/",
            data={"csrfmiddlewaretoken": token, "code": totp_code()},
            allow_redirects=False,
            timeout=10,
        )
    return response


def _forget_login_rate_limits() -> None:
    """Earlier runs' failed logins from 127.0.0.1 still count in Redis for a few minutes."""
    import redis

    client = redis.Redis.from_url(django_settings.REDIS_URL)
    for key in client.scan_iter(match="*:allauth:rl:*:login_failed:*"):
        client.delete(key)


def test_a_session_opened_on_one_instance_is_valid_on_the_other(cluster):
    user = _servable(UserFactory())
    http = _browser()
    _forget_login_rate_limits()
    assert _login(http, cluster["a"], user.email, PASSWORD).status_code == 302
    on_b = http.get(f"{cluster['b']}/profil/", allow_redirects=False, timeout=10)
    assert on_b.status_code == 200
    assert user.email in on_b.text
    anonymous = requests.get(f"{cluster['b']}/profil/", allow_redirects=False, timeout=10)
    assert anonymous.status_code == 302


def test_failed_logins_on_both_instances_add_up_to_one_rate_limit(cluster):
    user = _servable(UserFactory())
    _forget_login_rate_limits()
    # allauth allows 5 failed logins per account in 5 minutes: 3 on A and 2 on B…
    for base in (cluster["a"], cluster["b"], cluster["a"], cluster["b"], cluster["a"]):
        refused = _login(_browser(), base, user.email, "mauvais-mot-de-passe")
        assert refused.status_code == 200
        assert "Trop de tentatives" not in refused.text
    # …so the sixth attempt, on B, is refused even with the right password.
    blocked = _login(_browser(), cluster["b"], user.email, PASSWORD)
    assert blocked.status_code == 429 or "Trop de tentatives" in blocked.text
    assert blocked.status_code != 302


def test_a_pdf_asked_on_one_instance_is_rendered_by_the_worker_and_served_by_the_other(cluster):
    world = diagnostic_world()
    _servable(world.facilitator)
    http = _browser()
    _forget_login_rate_limits()
    assert _login(http, cluster["a"], world.facilitator.email, PASSWORD).status_code == 302
    request_id = f"ops-test-{uuid.uuid4().hex}"
    asked = http.post(
        cluster["a"] + reverse("diagnostics:report-request", args=[world.diagnostic.pk]),
        headers={"X-CSRFToken": http.cookies["csrftoken"], "X-Request-ID": request_id},
        allow_redirects=False,
        timeout=30,
    )
    assert asked.status_code == 302, asked.text[:500]
    assert asked.headers["X-Request-ID"] == request_id

    job = Job.objects.get()
    deadline = time.monotonic() + 120
    while job.is_active and time.monotonic() < deadline:
        time.sleep(0.5)
        job.refresh_from_db()
    assert job.status == "ready", job.error or cluster["logs"]["worker"].read_text()[-3000:]

    download = http.get(
        cluster["b"] + reverse("diagnostics:report-download", args=[world.diagnostic.pk]),
        timeout=30,
    )
    assert download.status_code == 200
    assert download.content.startswith(b"%PDF")
    # The file lives in the bucket only: no process wrote it to a disk of its own.
    assert bucket_keys(cluster["s3"], cluster["bucket"]) == [job.file.name]
    assert not any(path.rglob("*.pdf") for path in cluster["media"] if path.exists())

    # The worker's JSON log line about this job names the request that asked for it.
    lines = [
        json.loads(line)
        for line in cluster["logs"]["worker"].read_text().splitlines()
        if line.startswith("{")
    ]
    ready = [line for line in lines if line["message"].startswith(f"Job {job.pk} ")]
    assert ready and all(line["request_id"] == request_id for line in ready), lines[-10:]


def test_the_staff_page_of_one_instance_sees_the_worker(cluster):
    staff = _servable(UserFactory(is_staff=True))
    http = _browser()
    _forget_login_rate_limits()
    assert _login(http, cluster["b"], staff.email, PASSWORD).status_code == 302
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        page = http.get(cluster["b"] + reverse("transitions:operations"), timeout=20)
        if cluster["worker"] in page.text:
            break
        time.sleep(1)
    assert cluster["worker"] in page.text
