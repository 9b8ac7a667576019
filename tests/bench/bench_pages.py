"""Every key page of issue 12 at scale, side by side with a bare Django view.

Uses its own database (DATABASE_URL's name + `_bench_scale`), built once by
`seed_scale --cohorts N` (N = BENCH_SCALE_COHORTS, 100 by default: ≈ 5–6 minutes here) and
reused by later runs while it holds N cohorts. Serves it with gunicorn (2 sync workers,
CONN_MAX_AGE=600, DEBUG=false) on a free loopback port, signs the personas of the first
cohort in through session rows, and runs wrk (8 connections, BENCH_PAGE_DURATION each,
`--latency`) on: the bare view (a tiny template, one query), every key page of
tests/budgets/pages.py (the query-budget tests' list), then the bare view again. Prints

    bench pages_baseline_first_rps / pages_baseline_last_rps
    bench <page>_rps, <page>_p50_ms, <page>_p99_ms, <page>_ratio_to_baseline

(ratio against the mean of the two baseline runs) and appends a dated table to
BENCHMARKS.md with the machine, its load average before and after, and how to reproduce.

Select pages with BENCH_PAGES=name,name or `make bench ARGS="bench_pages results agora_page"`.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import platform
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from tests.bench.bench_peer_refresh import PYTHON, ROOT, _psql, _wait_until_up, start_gunicorn

COHORTS = int(os.environ.get("BENCH_SCALE_COHORTS", "100"))
CONNECTIONS = int(os.environ.get("BENCH_PAGE_CONNECTIONS", "8"))
DURATION = os.environ.get("BENCH_PAGE_DURATION", "10s")
CORPUS_PAGE = 500  # the research corpus page measured (50 segments a page)
TARGETS = {"p50_ms": 40.0, "p99_ms": 150.0, "ratio": 0.35}

SETUP = r"""
import json, sys
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from tests.budgets.pages import PERSONAS, key_pages, live_polls, scene_for
from tests.factories import give_mfa
from transitions.models import Cohort, User

staff, _ = User.objects.get_or_create(
    email="equipe@echelle.example",
    defaults={"full_name": "Équipe Fabrique", "is_staff": True, "password": make_password(None)},
)
give_mfa(staff)
scene = scene_for(Cohort.objects.order_by("pk").first(), staff, corpus_position=int(sys.argv[1]))
cookies = {}
for persona in PERSONAS:
    user = getattr(scene, persona)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    cookies[persona] = store.session_key
print(json.dumps({
    "cookies": cookies,
    "pages": {n: [p.who, p.path, p.htmx, p.status] for n, p in key_pages(scene).items()},
    "polls": {n: [p.who, p.page_path, p.marker, p.changed, p.status]
              for n, p in live_polls(scene).items()},
}))
"""

COUNT = "SELECT count(*) FROM transitions_cohort"


def _database() -> tuple[str, str, str]:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/transitions")
    name = urlparse(base).path.lstrip("/") + "_bench_scale"
    return base, name, urlunparse(urlparse(base)._replace(path=f"/{name}"))


def _cohorts_in(db_url: str) -> int | None:
    done = subprocess.run(["psql", db_url, "-Atc", COUNT], capture_output=True, text=True)
    return int(done.stdout.strip()) if done.returncode == 0 else None


def _ensure_dataset(base: str, name: str, env: dict) -> str:
    """Reuse the bench database when it holds the dataset, else build it (once)."""
    db_url = env["DATABASE_URL"]
    migrate = [PYTHON, "manage.py", "migrate", "--noinput", "-v0"]
    if _cohorts_in(db_url) == COHORTS:
        subprocess.run(migrate, cwd=ROOT, env=env, check=True, capture_output=True)
        return "reused"
    _psql(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _psql(base, f'CREATE DATABASE "{name}"')
    subprocess.run(migrate, cwd=ROOT, env=env, check=True, capture_output=True)
    started = time.monotonic()
    subprocess.run(
        [PYTHON, "manage.py", "seed_scale", "--cohorts", str(COHORTS)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    seconds = time.monotonic() - started
    print(f"bench seed_scale_seconds {seconds:.0f} s")
    return f"built in {seconds:.0f} s"


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _wrk(url: str, headers: list[str]) -> dict[str, float]:
    # A slow page must be measured, not dropped as a timeout (wrk's default is 2 s).
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", "--timeout", "30s"]
    for header in headers:
        command += ["-H", header]
    out = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    if "Non-2xx or 3xx responses" in out:
        raise RuntimeError(f"wrk saw errors on {url}:\n{out}")
    p50 = re.search(r"\s50%\s+([\d.]+)(us|ms|s)\b", out)
    p99 = re.search(r"\s99%\s+([\d.]+)(us|ms|s)\b", out)
    figures = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": _ms(*p50.groups()),
        "p99_ms": _ms(*p99.groups()),
    }
    if not figures["rps"]:
        raise RuntimeError(f"wrk completed no request on {url}:\n{out}")
    # The requests still queued when wrk stops (one per connection) would slow the next
    # page's run: let the two workers drain them first.
    time.sleep(min(figures["p99_ms"] / 1000 + 0.2, 10))
    return figures


def _get(port: int, path: str, headers: dict) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def _load() -> str:
    return " / ".join(Path("/proc/loadavg").read_text().split()[:3])


def _machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        line.split()[1]
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return f"{os.cpu_count()} cores ({cpu}), {int(memory) // 1024 // 1024} GB, Python {platform.python_version()}"


def run() -> None:
    from tests.budgets.pages import Poll, poll_url

    base, name, db_url = _database()
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "DJANGO_SETTINGS_MODULE": "tests.bench.scale_settings",
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-secret-key-not-for-production"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "CONN_MAX_AGE": "600",
        "PYTHONPATH": str(ROOT),
        "BENCH_CACHE_PREFIX": f"bench-scale-{os.getpid()}-{int(time.time())}",
    }
    wanted = {p for p in os.environ.get("BENCH_PAGES", "").split(",") if p}
    dataset = _ensure_dataset(base, name, env)
    setup = subprocess.run(
        [PYTHON, "-c", SETUP, str((CORPUS_PAGE - 1) * 50)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    data = json.loads(setup.stdout.strip().splitlines()[-1])
    load_before = _load()
    started = time.monotonic()
    server, port = start_gunicorn(env)
    results: dict[str, dict[str, float]] = {}
    try:
        base_url = f"http://127.0.0.1:{port}"
        cookie = {p: f"sessionid={key}" for p, key in data["cookies"].items()}
        _wait_until_up(f"{base_url}/bench/baseline/", cookie["facilitator"], 200)
        targets = []  # (name, path, headers)
        for page, (who, path, htmx, status) in data["pages"].items():
            headers = {"Cookie": cookie[who], **({"HX-Request": "true"} if htmx else {})}
            targets.append((page, path, headers, status))
        for page, (who, page_path, marker, changed, status) in data["polls"].items():
            headers = {"Cookie": cookie[who]}
            _status, body = _get(port, page_path, headers)
            poll = Poll(who, page_path, marker, changed, status)
            targets.append((page, poll_url(body, poll), {**headers, "HX-Request": "true"}, status))
        targets = [t for t in targets if not wanted or t[0] in wanted]
        for page, path, headers, status in targets:  # warm up, and check what is measured
            got, _body = _get(port, path, headers)
            if got != status:
                raise RuntimeError(f"{page}: {path} answered {got}, expected {status}")
        baseline = f"{base_url}/bench/baseline/"
        base_headers = [f"Cookie: {cookie['facilitator']}"]
        results["pages_baseline_first"] = _wrk(baseline, base_headers)
        for page, path, headers, _status in targets:
            results[page] = _wrk(base_url + path, [f"{k}: {v}" for k, v in headers.items()])
        results["pages_baseline_last"] = _wrk(baseline, base_headers)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    load_after = _load()
    baseline_rps = (
        results["pages_baseline_first"]["rps"] + results["pages_baseline_last"]["rps"]
    ) / 2
    for page, figures in results.items():
        figures["ratio"] = figures["rps"] / baseline_rps
        print(f"bench {page}_rps {figures['rps']:.0f} req/s")
        print(f"bench {page}_p50_ms {figures['p50_ms']:.1f} ms")
        print(f"bench {page}_p99_ms {figures['p99_ms']:.1f} ms")
        if not page.startswith("pages_baseline"):
            print(f"bench {page}_ratio_to_baseline {figures['ratio']:.3f} ratio")
    _write_benchmarks(results, dataset, load_before, load_after, time.monotonic() - started)


def _write_benchmarks(results, dataset, load_before, load_after, seconds) -> None:
    """Append this run's table to BENCHMARKS.md (the file keeps every run, dated)."""

    def verdict(page: str, f: dict) -> str:
        ratio = 0.5 if "refresh_changed" in page or page == "agora_matrix_refresh" else 0.35
        missed = [
            label
            for label, ok in (
                ("p50", f["p50_ms"] <= TARGETS["p50_ms"]),
                ("p99", f["p99_ms"] <= TARGETS["p99_ms"]),
                ("ratio", f["ratio"] >= ratio),
            )
            if not ok
        ]
        return "met" if not missed else "**missed** (" + ", ".join(missed) + ")"

    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "",
        f"### Pages at scale, {now}",
        "",
        f"`make bench ARGS=bench_pages` (tests/bench/bench_pages.py): {COHORTS} cohorts built by "
        f"`manage.py seed_scale --cohorts {COHORTS}` (database {dataset}); gunicorn 2 sync "
        f"workers, CONN_MAX_AGE=600, DEBUG=false; wrk {CONNECTIONS} connections, {DURATION} "
        f"per page, from loopback. Machine: {_machine()}; load average (1/5/15 min) "
        f"{load_before} before, {load_after} after ({seconds:.0f} s of measuring). Ratio = "
        "req/s against the mean of the bare view's two runs (first and last). Targets: "
        f"p50 ≤ {TARGETS['p50_ms']:.0f} ms, p99 ≤ {TARGETS['p99_ms']:.0f} ms, "
        f"ratio ≥ {TARGETS['ratio']} (≥ 0.5 for the refresh with one change).",
        "",
        "| page | req/s | p50 ms | p99 ms | ratio | targets |",
        "|---|---|---|---|---|---|",
    ]
    for page, f in results.items():
        target = "—" if page.startswith("pages_baseline") else verdict(page, f)
        lines.append(
            f"| {page} | {f['rps']:.0f} | {f['p50_ms']:.1f} | {f['p99_ms']:.1f} | "
            f"{f['ratio']:.3f} | {target} |"
        )
    with open(ROOT / "BENCHMARKS.md", "a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(run())
