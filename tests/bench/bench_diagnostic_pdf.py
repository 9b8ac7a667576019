"""Render the full diagnostic report for a delegation with 4 categories × 5 respondents,
with its evolution against an earlier diagnostic and the cohort benchmark (3 submitted).

Creates its own database (derived from DATABASE_URL), migrates and fills it in a child
process, then renders the report in a fresh child process, timing the render and
reading that process's peak resident memory. Prints:

    bench diagnostic_pdf_seconds <s> s
    bench diagnostic_pdf_peak_rss_mb <MB> MB

Targets on the 2-core development machine: ≤ 4 s and ≤ 300 MB. Set BENCH_KEEP_PDF to a
path to keep the rendered file (to look at it with pdftoppm).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
DB_SUFFIX = "_bench_diag"

FILL = r"""
import django
django.setup()
import datetime, random
from diagnostics import services
from diagnostics.models import Answer, Evidence, TimelineEvent
from territories.models import Organisation, Relationship
from tests.diagnostics.factories import diagnostic_world, member
from transitions.models import ActorCategory

world = diagnostic_world(territory_name="Communauté de communes du Val de Bocage")
d = world.diagnostic
rng = random.Random(4)
questions = list(d.questionnaire.questions.all())
people = []
for category in ActorCategory.values:
    for i in range(5):
        people.append((member(world.cohort, "participant", category, world.delegation_a), category))
observations = [
    "On se retrouve toujours entre les mêmes personnes ; les nouveaux ont du mal à trouver leur place.",
    "Le forum de l'an dernier a changé le regard des élus sur les associations du territoire.",
    "Nous manquons de temps pour prendre du recul ; les appels à projets dictent le rythme.",
    "La fête des récoltes est devenue un vrai moment de reconnaissance pour les bénévoles.",
]
for user, category in people:
    for q in questions:
        if q.section != "axis":
            continue
        level = rng.choice([-1, 0, 1, 1, 2, 2, 2, 3, 3, 4])
        text = rng.choice(observations) if rng.random() < 0.12 else ""
        a = Answer.objects.create(diagnostic=d, question=q, respondent=user, category=category,
                                  level=level, text=text, updated_by=user)
        if rng.random() < 0.03:
            Evidence.objects.create(answer=a, kind="device", description="Comité de pilotage partagé",
                                    frequency="tous les trimestres", created_by=user)
for q in questions:
    if q.section != "axis":
        Answer.objects.create(diagnostic=d, question=q, respondent=None, updated_by=world.agent_a,
                              text="Réponse commune de la délégation, rédigée en atelier. " * 4)
for i, kind in enumerate(["old_model_limit", "key_event", "white_pebble", "contested"] * 3):
    TimelineEvent.objects.create(diagnostic=d, kind=kind, happened_on=datetime.date(2012 + i, 5, 1),
                                 title=f"Événement {i + 1}", description="Ce qui s'est passé.")
legal = ["association", "scic", "scop", "siae", "mutuelle", "fondation"]
types = ["DISTANT", "UNEQUAL", "QUASI_DELEGATION", "TRUST_PARTNERSHIP"]
for i in range(24):
    org = Organisation.objects.create(territory=world.delegation_a.territory, name=f"Structure {i + 1}",
                                      legal_form=legal[i % 6], sectors="alimentation, mobilité")
    Relationship.objects.create(territory=org.territory, organisation=org, relation_type=types[i % 4],
                                cooperation_type="PARTNERSHIP" if i % 4 == 3 else "",
                                observed_on=datetime.date(2024, 1 + i % 12, 1))
# Two peers of the cohort submit (with this one: 3, so the benchmark shows) and the
# territory's earlier diagnostic (another cohort) gives the evolution.
from tests.factories import DelegationFactory
axis_questions = [q for q in questions if q.section == "axis"]
for _peer in range(2):
    delegation = DelegationFactory(cohort=world.cohort)
    peer_agent = member(world.cohort, "agent", "AGENT_COLLECTIVITE", delegation)
    peer = services.diagnostic_open(delegation=delegation)
    for q in axis_questions:
        Answer.objects.create(diagnostic=peer, question=q, respondent=peer_agent,
                              category="AGENT_COLLECTIVITE", level=rng.choice([0, 1, 2, 3]),
                              updated_by=peer_agent)
    services.diagnostic_submit(diagnostic=peer, user=peer_agent)
earlier_world = diagnostic_world(territory_name="Ancien nom")
earlier = earlier_world.diagnostic
earlier.delegation.territory = world.delegation_a.territory
earlier.delegation.save()
for q in axis_questions:
    Answer.objects.create(diagnostic=earlier, question=q, respondent=earlier_world.agent_a,
                          category="AGENT_COLLECTIVITE", level=rng.choice([0, 1, 1, 2]),
                          updated_by=earlier_world.agent_a)
services.diagnostic_submit(diagnostic=earlier, user=earlier_world.agent_a)
type(earlier).objects.filter(pk=earlier.pk).update(
    created_at=d.created_at - datetime.timedelta(days=730),
    submitted_at=d.created_at - datetime.timedelta(days=700),
)
services.diagnostic_submit(diagnostic=d, user=world.agent_a)
print(d.pk)
"""

RENDER = r"""
import sys, time
import django
django.setup()
from diagnostics.models import Diagnostic
from diagnostics.reports import report_context
from transitions.pdf import render_pdf
import weasyprint  # imported before timing: a worker has it loaded already
diagnostic = Diagnostic.objects.get(pk=int(sys.argv[1]))
started = time.perf_counter()
pdf = render_pdf("diagnostics/pdf/report.html", report_context(diagnostic))
elapsed = time.perf_counter() - started
out = sys.argv[2] if len(sys.argv) > 2 else ""
if out:
    open(out, "wb").write(pdf)
print(f"{elapsed:.3f} {len(pdf)}")
"""


def _database_url() -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/transitions")
    parsed = urlparse(base)
    name = parsed.path.lstrip("/") + DB_SUFFIX
    return urlunparse(parsed._replace(path="/" + name)), name, base


def _recreate(base_url: str, name: str) -> None:
    import psycopg

    parsed = urlparse(base_url)
    admin = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _drop(base_url: str, name: str) -> None:
    import psycopg

    parsed = urlparse(base_url)
    admin = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def run() -> None:
    url, name, base = _database_url()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "transitions.settings",
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-secret-key-not-for-production"),
    }
    env.pop("REDIS_URL", None)  # nothing is enqueued: the render is called directly
    _recreate(base, name)
    try:
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        filled = subprocess.run(
            [PYTHON, "-c", FILL], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        )
        diagnostic_id = filled.stdout.strip().splitlines()[-1]
        # wait4 gives this child's own peak RSS (not migrate's or the filler's).
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            proc = subprocess.Popen(
                [PYTHON, "-c", RENDER, diagnostic_id, os.environ.get("BENCH_KEEP_PDF", "")],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=err,
            )
            _pid, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            stdout = out.read().decode()
            if proc.returncode:
                raise RuntimeError(err.read().decode()[-2000:])
        peak_kb = usage.ru_maxrss
        seconds, size = stdout.strip().splitlines()[-1].split()
        print(f"bench diagnostic_pdf_seconds {float(seconds):.2f} s")
        print(f"bench diagnostic_pdf_peak_rss_mb {peak_kb / 1024:.0f} MB")
        print(f"bench diagnostic_pdf_bytes {int(size)} bytes")
    finally:
        _drop(base, name)


if __name__ == "__main__":
    run()
