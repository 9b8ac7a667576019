"""PostgreSQL going away under load (simulated on this test's own database: connections
refused and every backend of the app terminated, as a restart does — the shared server
itself is never restarted): requests fail cleanly with the French 503 page, then the same
app processes serve again once the database is back, without a restart."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
import requests
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.faults.harness import WebServer

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

OUTAGES = 3
CLIENTS = 4


def _database_away(name: str, away: bool) -> None:
    """From the server's maintenance database (a database cannot refuse connections to
    itself from inside): refuse new connections, then end every backend of the app."""
    db = connection.settings_dict
    own = _own_backend()
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname="postgres", autocommit=True
    ) as admin:
        allow = "false" if away else "true"
        admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS {allow}')
        if away:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> %s",
                [name, own],
            )


def _own_backend() -> int:
    with connection.cursor() as cursor:  # this test's own connection stays
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def test_requests_fail_cleanly_while_postgresql_is_away_and_recover_without_a_restart(
    world, env, tmp_path
):
    client = Client()
    client.force_login(world.facilitator)
    cookie = {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}
    url_path = reverse("transitions:cohort-detail", args=[world.cohort.pk])
    web = WebServer(env, tmp_path / "web.log")
    web.start()
    name = connection.settings_dict["NAME"]
    answers: list[tuple[int, str, str]] = []
    stop = threading.Event()

    def load() -> None:
        session = requests.Session()
        session.cookies.update(cookie)
        while not stop.is_set():
            try:
                response = session.get(web.base + url_path, timeout=10)
            except requests.RequestException as exc:  # a dropped connection is a failure too
                answers.append((0, type(exc).__name__, ""))
                continue
            answers.append(
                (response.status_code, response.text, response.headers.get("Retry-After", ""))
            )

    try:
        assert requests.get(web.base + url_path, cookies=cookie, timeout=60).status_code == 200
        workers = [threading.Thread(target=load) for _ in range(CLIENTS)]
        for thread in workers:
            thread.start()
        try:
            for _outage in range(OUTAGES):
                time.sleep(1)
                _database_away(name, True)
                time.sleep(1.5)
                _database_away(name, False)
            time.sleep(1)
        finally:
            _database_away(name, False)
            stop.set()
            for thread in workers:
                thread.join(timeout=30)
        # Back: the same gunicorn processes serve again, nothing was restarted.
        assert web.process.poll() is None
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            after = list(
                pool.map(
                    lambda _i: (
                        requests.get(web.base + url_path, cookies=cookie, timeout=10).status_code
                    ),
                    range(20),
                )
            )
    finally:
        web.stop()

    statuses = [status for status, _t, _r in answers]
    refused = [(text, retry) for status, text, retry in answers if status == 503]
    print(
        f"faults: {len(answers)} requests across {OUTAGES} database outages: "
        f"{statuses.count(200)} served, {len(refused)} refused with 503"
    )
    assert set(statuses) <= {200, 503}, sorted(set(statuses))
    assert refused, "no request met the outage"
    assert all("Service momentanément indisponible" in text and retry for text, retry in refused)
    assert statuses.count(200) > 0
    assert after == [200] * 20
