"""The territorial forum: its summary PDF and the World Café projector's refresh.

Creates its own database (derived from DATABASE_URL), migrates it and fills it in a
child process with a held forum of 4 tables × 3 rounds × 12 cards and 40 participants
(harvest written, six opportunities), then:

* renders the summary PDF in a fresh child process through the job pipeline (a job row
  of kind "forum_summary" run by `transitions.jobs.job_run`, as the Celery task does),
  timing the run and reading that process's peak resident memory (targets on the 2-core
  machine: ≤ 4 s, ≤ 300 MB);
* serves the app with gunicorn (the shared `start_gunicorn`: 2 workers, persistent
  connections, DEBUG=false) and runs wrk with 100 connections on the bare view, then on
  the projector's refresh answering 304 (its page's version unchanged), in the same run
  (target: ratio ≥ 0.5).

Prints:

    bench forum_summary_pdf_seconds <s> s
    bench forum_summary_pdf_cpu_seconds <s> s
    bench forum_summary_pdf_peak_rss_mb <MB> MB
    bench worldcafe_wall_refresh_baseline_rps <n> req/s
    bench worldcafe_wall_refresh_rps <n> req/s
    bench worldcafe_wall_refresh_ratio_to_baseline <r> ratio

Set BENCH_KEEP_PDF to a path to keep the rendered file.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote, urlparse, urlunparse

from tests.bench.bench_peer_refresh import (
    PYTHON,
    _psql,
    _wait_until_up,
    _wrk,
    start_gunicorn,
)

ROOT = Path(__file__).resolve().parents[2]
DB_SUFFIX = "_bench_forum"
TABLES, ROUNDS, CARDS_PER_TABLE_ROUND, PARTICIPANTS = 4, 3, 12, 40

FILL = r"""
import datetime, json, random
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from agora import services
from agora.models import Card, CardKind, ParticipantCategory
from agora.views.cafe import poll_token_for_forum
from territories.models import Organisation, Relationship
from tests.factories import build_world, open_stage
from transitions.models import Axis

TABLES, ROUNDS, CARDS, PEOPLE = %(tables)d, %(rounds)d, %(cards)d, %(people)d
rng = random.Random(9)
world = build_world(territory_a_name="Communauté de communes du Val de Bocage")
open_stage(world.cohort, "forums")
forum = services.forum_ensure(delegation=world.delegation_a, facilitator=world.facilitator)
while forum.tables.count() < TABLES:
    services.table_add(forum=forum)
legal = ["association", "scic", "scop", "siae", "mutuelle", "fondation"]
organisations = []
for i in range(12):
    org = Organisation.objects.create(territory=world.territory_a, name=f"Structure {i + 1}",
                                      legal_form=legal[i %% 6], sectors="alimentation, mobilité")
    Relationship.objects.create(territory=org.territory, organisation=org,
                                relation_type=["DISTANT", "UNEQUAL", "TRUST_PARTNERSHIP"][i %% 3],
                                observed_on=datetime.date(2025, 1 + i %% 12, 1))
    organisations.append(org)
categories = ParticipantCategory.values
people = []
for i in range(PEOPLE):
    category = categories[i %% len(categories)]
    people.append(services.participant_arrive(
        forum=forum, name=f"Personne Nommée {i + 1}", category=category,
        organisation=organisations[i %% 12] if category == "ESS" else None))
tables = list(forum.tables.order_by("number"))
for i, table in enumerate(tables):
    services.table_set_roles(table=table, anchor=people[i], rapporteur=world.agent_a)
ideas = [
    "Un guichet unique pour les porteurs de projets de l'ESS, ouvert deux jours par semaine",
    "Des clauses sociales et environnementales dans la commande publique de la communauté",
    "Un lieu partagé pour les associations du centre-bourg, avec une gouvernance collégiale",
    "La collectivité ne comprend pas toujours les contraintes de trésorerie des structures",
    "Un conseil local de l'ESS réunissant élus, techniciens et acteurs deux fois par an",
]
forum.refresh_from_db()
for cafe_round in forum.rounds.order_by("number"):
    services.seating_propose(cafe_round=cafe_round)
    services.round_start(forum=forum)
    cards = []
    for table in tables:
        kinds = [CardKind.KEY_IDEA] * 3 + [CardKind.SYNTHESIS] + [CardKind.DIVERGENT] * (CARDS - 4)
        for n, kind in enumerate(kinds):
            cards.append(Card(table=table, round=cafe_round, kind=kind, written_by=world.agent_a,
                              text=f"T{table.number}R{cafe_round.number}C{n + 1} · {rng.choice(ideas)}"))
    Card.objects.bulk_create(cards)
    services.round_close(forum=forum)
forum.refresh_from_db()
axes = list(Axis.objects.all()[:6])
text = "Ce que les tables ont dit, repris par la facilitatrice en fin de forum. " * 6
services.forum_harvest(forum=forum, fingerprint="", **{name: text for name in [
    "shared_constraints", "expectations_authority_to_ess", "expectations_ess_to_authority",
    "consensus_dissensus", "intentions", "commitments", "vocabulary", "atmosphere"]})
some_cards = list(Card.objects.filter(table__forum=forum, kind="key_idea")[:12])
for i in range(6):
    services.opportunity_create(
        forum=forum, title=f"Opportunité {i + 1} : tiers-lieu alimentaire", relation_type="COOPERATION",
        cooperation_form="Tiers-lieu solidaire", lead_organisation=organisations[i], contributors=organisations[6:9],
        axes=axes[:2], cards=some_cards[i * 2:i * 2 + 2], next_step="Réunir les porteurs",
        next_step_owner="Service développement économique", next_step_due=datetime.date(2027, 3, 1))
forum.refresh_from_db()
store = SessionStore()
store[SESSION_KEY] = str(world.facilitator.pk)
store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
store[HASH_SESSION_KEY] = world.facilitator.get_session_auth_hash()
store.create()
print(json.dumps({"forum": forum.pk, "version": forum.version, "key": store.session_key,
                  "token": poll_token_for_forum(world.facilitator.pk, forum.pk, store.session_key)}))
"""

RENDER = r"""
import sys, time
import django
django.setup()
from agora.models import Forum
from agora.reports import forums as reports
from transitions.jobs import job_run
from transitions.models import Job
import weasyprint  # imported before timing: a worker has it loaded already
forum = Forum.objects.get(pk=int(sys.argv[1]))
job = Job.objects.create(kind=reports.JOB_KIND, target=reports.job_target(forum),
                         content_hash="bench", attempts=1)
started, cpu_started = time.perf_counter(), time.process_time()
job_run(job.pk)
elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
job.refresh_from_db()
if job.status != "ready":
    raise SystemExit(f"job {job.status}: {job.error}")
data = job.file.read()
job.file.delete(save=False)
out = sys.argv[2] if len(sys.argv) > 2 else ""
if out:
    open(out, "wb").write(data)
print(f"{elapsed:.3f} {cpu:.3f} {len(data)}")
"""


def _render(env: dict, forum_id: int) -> tuple[float, float, float, int]:
    # wait4 gives this child's own peak RSS (not migrate's or the filler's).
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [PYTHON, "-c", RENDER, str(forum_id), os.environ.get("BENCH_KEEP_PDF", "")],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=err,
        )
        _pid, status, usage = os.wait4(proc.pid, 0)
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status):
            raise RuntimeError(err.read().decode()[-2000:])
        seconds, cpu, size = out.read().decode().strip().splitlines()[-1].split()
    return float(seconds), float(cpu), usage.ru_maxrss / 1024, int(size)


def run() -> None:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/transitions")
    name = urlparse(base).path.lstrip("/") + DB_SUFFIX
    db_url = urlunparse(urlparse(base)._replace(path=f"/{name}"))
    media = tempfile.mkdtemp(prefix="bench-forum-media-")
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "DJANGO_SETTINGS_MODULE": "tests.bench.peer_settings",
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-secret-key-not-for-production"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "CONN_MAX_AGE": "600",
        "MEDIA_ROOT": media,
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)  # nothing is enqueued: the job is run directly
    _psql(base, f'DROP DATABASE IF EXISTS "{name}"')
    _psql(base, f'CREATE DATABASE "{name}"')
    server = None
    try:
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        fill = FILL % {
            "tables": TABLES,
            "rounds": ROUNDS,
            "cards": CARDS_PER_TABLE_ROUND,
            "people": PARTICIPANTS,
        }
        filled = subprocess.run(
            [PYTHON, "-c", fill], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if filled.returncode:
            raise RuntimeError(filled.stderr[-2000:])
        data = json.loads(filled.stdout.strip().splitlines()[-1])
        seconds, cpu, peak_mb, size = _render(env, data["forum"])
        print(f"bench forum_summary_pdf_seconds {seconds:.2f} s")
        # The render's own CPU time: on a shared machine the wall time above grows with
        # the load average, this one barely does.
        print(f"bench forum_summary_pdf_cpu_seconds {cpu:.2f} s")
        print(f"bench forum_summary_pdf_peak_rss_mb {peak_mb:.0f} MB")
        print(f"bench forum_summary_pdf_bytes {size} bytes")

        server, port = start_gunicorn(env)
        cookie = f"sessionid={data['key']}"
        base_url = f"http://127.0.0.1:{port}"
        refresh = (
            f"{base_url}/agora/forums/{data['forum']}/projecteur/etat/"
            f"?v={data['version']}&t={quote(data['token'])}"
        )
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
        subprocess.run(["rm", "-rf", media], check=False)
    print(f"bench worldcafe_wall_refresh_baseline_rps {baseline_rps:.0f} req/s")
    print(f"bench worldcafe_wall_refresh_rps {refresh_rps:.0f} req/s")
    print(f"bench worldcafe_wall_refresh_ratio_to_baseline {refresh_rps / baseline_rps:.2f} ratio")


if __name__ == "__main__":
    run()
