"""wrk against the official reference's autocomplete vs a bare view, in the same run.

Creates its own database, imports the FULL reference from the npm package
(node_modules/@etalab/decoupage-administratif, installed by `make bench`), signs a
facilitator in through a session row, serves with gunicorn (2 workers, persistent
connections, DEBUG=false) on a free loopback port, then runs wrk for 10 s on each URL with
one connection per worker (BENCH_SEARCH_CONNECTIONS, default 2: the latency a person
typing sees, not a load test, where queueing behind other connections would dominate) and
reads wrk's latency p50. The
autocomplete requests cycle through names (with and without accents or hyphens),
postcodes, INSEE codes and SIRENs. Everything it starts is stopped at the end.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import tempfile
import urllib.request
from urllib.parse import quote, urlparse, urlunparse

from tests.bench.bench_peer_refresh import PYTHON, ROOT, _psql, _wait_until_up, start_gunicorn

CONNECTIONS = int(os.environ.get("BENCH_SEARCH_CONNECTIONS", "2"))
DURATION = os.environ.get("BENCH_DURATION", "10s")
QUERIES = [
    "loos en gohelle",
    "Loos-en-Gohelle",
    "62750",
    "62528",
    "216205286",
    "lens lievin",
    "saint etienne",
    "evry courcouronnes",
    "ca du",
    "metropole",
    "marseille",
    "plou",
    "246200364",
    "chateauneuf",
    "ile de",
    "bo",
]

FILL = r"""
import json
import time
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from territories.official import official_reference_import
from tests.factories import CohortFactory, MembershipFactory
started = time.monotonic()
result = official_reference_import()
seconds = time.monotonic() - started
user = MembershipFactory(cohort=CohortFactory(), role="facilitator").user
store = SessionStore()
store[SESSION_KEY] = str(user.pk)
store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
store[HASH_SESSION_KEY] = user.get_session_auth_hash()
store.create()
print(json.dumps({"key": store.session_key, "import_seconds": seconds,
                  "communes": result.counts["communes"]}))
"""

LUA = """
local queries = {%(queries)s}
local i = 0
request = function()
  i = i %% #queries + 1
  return wrk.format("GET", "/territoires/referentiel/?q=" .. queries[i])
end
"""


def _p50_ms(out: str) -> float:
    match = re.search(r"50%\s+([\d.]+)(us|ms|s)\b", out)
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def _wrk(url: str, headers: list[str], script: str | None = None) -> str:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", script]
    out = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    if "Non-2xx or 3xx responses" in out:
        raise RuntimeError(f"wrk saw errors on {url}:\n{out}")
    return out


def run() -> None:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/transitions")
    name = urlparse(base).path.lstrip("/") + "_territory_bench"
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
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    try:
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        filled = subprocess.run(
            [PYTHON, "-c", FILL], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        )
        data = json.loads(filled.stdout.strip().splitlines()[-1])
        script.write(LUA % {"queries": ", ".join(json.dumps(quote(q)) for q in QUERIES)})
        script.close()
        server, port = start_gunicorn(env)
        cookie = f"sessionid={data['key']}"
        base_url = f"http://127.0.0.1:{port}"
        baseline = f"{base_url}/bench/baseline/"
        search = f"{base_url}/territoires/referentiel/"
        _wait_until_up(baseline, cookie, 200)
        check = urllib.request.Request(
            f"{search}?q=loos%20en%20gohelle", headers={"Cookie": cookie, "HX-Request": "true"}
        )
        if "Loos-en-Gohelle" not in urllib.request.urlopen(check, timeout=5).read().decode():
            raise RuntimeError("the autocomplete does not find Loos-en-Gohelle")
        headers = [f"Cookie: {cookie}", "HX-Request: true"]
        baseline_p50 = _p50_ms(_wrk(baseline, headers))
        # The same view with a one-letter query (no search): what signing in, the
        # facilitator check and rendering cost without the reference.
        empty_p50 = _p50_ms(_wrk(f"{search}?q=l", headers))
        search_out = _wrk(search, headers, script.name)
        search_p50 = _p50_ms(search_out)
        search_rps = float(re.search(r"Requests/sec:\s+([\d.]+)", search_out).group(1))
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        os.unlink(script.name)
        _psql(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"bench official_import_seconds {data['import_seconds']:.1f} s")
    print(f"bench territory_search_baseline_p50_ms {baseline_p50:.2f} ms")
    print(f"bench territory_search_no_query_p50_ms {empty_p50:.2f} ms")
    print(f"bench territory_search_p50_ms {search_p50:.2f} ms")
    print(f"bench territory_search_rps {search_rps:.0f} req/s")


if __name__ == "__main__":
    run()
