"""wrk against the peer board's refresh endpoint vs a bare view, in the same run.

Creates its own database, fills it (a cohort, a peer session with 200 cards), signs a
participant in through a session row, serves with gunicorn (2 workers, persistent
connections, DEBUG=false) on a free loopback port, then runs wrk with 100 connections
for 10 s on each URL. Everything it starts is stopped at the end.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "100"))
DURATION = os.environ.get("BENCH_DURATION", "10s")
CARDS = 200

FILL = r"""
import json
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from peergroups import services
from peergroups.models import Contribution, PeerSession
from tests.peergroups.factories import peer_world
world = peer_world()
session = world.session()
services.contribution_create(session=session, author=world.elu, kind="constraint", text="Premier")
Contribution.objects.bulk_create(
    Contribution(session=session, author=world.elu2, kind="constraint", text=f"Carte {i}")
    for i in range(%(cards)d)
)
session.refresh_from_db()
store = SessionStore()
store[SESSION_KEY] = str(world.elu.pk)
store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
store[HASH_SESSION_KEY] = world.elu.get_session_auth_hash()
store.create()
from peergroups.views import POLL_SCOPE
from transitions.polling import poll_token_for
token = poll_token_for(POLL_SCOPE, world.elu.pk, session.pk, store.session_key)
print(json.dumps({"session": session.pk, "version": session.version, "key": store.session_key,
                  "token": token}))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict) -> tuple[subprocess.Popen, int]:
    """The app under gunicorn as the benches measure it: 2 sync workers on a free port,
    in its own process group so the caller can stop it with its workers."""
    port = _free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "transitions.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}"]
        + ["--log-level", "warning"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    return server, port


def _psql(base_url: str, sql: str) -> None:
    admin = urlunparse(urlparse(base_url)._replace(path="/postgres"))
    subprocess.run(["psql", admin, "-q", "-c", sql], check=True, capture_output=True)


def _wrk(url: str, cookie: str) -> float:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "-H", f"Cookie: {cookie}", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    if "Non-2xx or 3xx responses" in out:
        raise RuntimeError(f"wrk saw errors on {url}:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def _wait_until_up(url: str, cookie: str, expected: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        request = urllib.request.Request(url, headers={"Cookie": cookie})
        try:
            status = urllib.request.urlopen(request, timeout=2).status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            time.sleep(0.3)
            continue
        if status != expected:
            raise RuntimeError(f"{url} answered {status}, expected {expected}")
        return
    raise RuntimeError("gunicorn did not start")


def run() -> None:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/transitions")
    name = urlparse(base).path.lstrip("/") + "_peer_bench"
    db_url = urlunparse(urlparse(base)._replace(path=f"/{name}"))
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "DJANGO_SETTINGS_MODULE": "tests.bench.peer_settings",
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-secret-key-not-for-production"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "CONN_MAX_AGE": "600",
        "PYTHONPATH": str(ROOT),
    }
    _psql(base, f'DROP DATABASE IF EXISTS "{name}"')
    _psql(base, f'CREATE DATABASE "{name}"')
    server = None
    try:
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        filled = subprocess.run(
            [PYTHON, "-c", FILL % {"cards": CARDS}],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        data = json.loads(filled.stdout.strip().splitlines()[-1])
        server, port = start_gunicorn(env)
        cookie = f"sessionid={data['key']}"
        base_url = f"http://127.0.0.1:{port}"
        refresh = f"{base_url}/groupes-de-pairs/seances/{data['session']}/actualiser/?v={data['version']}&t={quote(data['token'])}"
        baseline = f"{base_url}/bench/baseline/"
        _wait_until_up(baseline, cookie, 200)
        _wait_until_up(refresh, cookie, 304)
        baseline_rps = _wrk(baseline, cookie)
        refresh_rps = _wrk(refresh, cookie)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        _psql(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"bench peer_refresh_baseline_rps {baseline_rps:.0f} req/s")
    print(f"bench peer_refresh_rps {refresh_rps:.0f} req/s")
    print(f"bench peer_refresh_ratio_to_baseline {refresh_rps / baseline_rps:.2f} ratio")


if __name__ == "__main__":
    run()
