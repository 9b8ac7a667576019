"""Research exports at scale: the streamed CSV over 1,000,000 segments, XLSX and QDPX
over 100,000, and the detection step (French NER included) on ~300-character texts.

Creates its own database (derived from DATABASE_URL), migrates, builds a persona world
and fills two cohorts' corpora with field observations in SQL (fifty French texts that
mention the cohort's members, one of its organisations, emails and phone numbers, in
rotation), each with its stored detection, as the background detection leaves them; then
times each export in a fresh child process and reads its peak resident memory (wait4).
Prints:

    bench pseudonymise_segments_per_s <n> segments/s   (detection: names, regexes, NER)
    bench export_csv_rows_per_s <n> rows/s              (1,000,000 segments, streamed)
    bench export_csv_peak_rss_mb <MB> MB
    bench export_xlsx_100k_seconds <s> s
    bench export_xlsx_peak_rss_mb <MB> MB
    bench export_qdpx_100k_seconds <s> s
    bench export_qdpx_peak_rss_mb <MB> MB

Targets: ≥ 50,000 rows/s and ≤ 200 MB (CSV), ≤ 60 s and ≤ 400 MB (XLSX), ≤ 120 s (QDPX).
BENCH_RESEARCH_SEGMENTS and BENCH_RESEARCH_XLSX_SEGMENTS change the sizes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.bench.bench_diagnostic_pdf import PYTHON, ROOT, _drop, _recreate
from tests.bench.bench_diagnostic_pdf import _database_url as _diag_url

DB_SUFFIX = "_bench_research"
SEGMENTS = int(os.environ.get("BENCH_RESEARCH_SEGMENTS", "1000000"))
SEGMENTS_100K = int(os.environ.get("BENCH_RESEARCH_XLSX_SEGMENTS", "100000"))

FILL = r"""
import sys, time
import django
django.setup()
from django.db import connection
from research import services
from research.pseudonyms import Dictionary, detect, text_hash
from territories.models import Organisation
from tests.factories import build_world, CohortFactory
from transitions.models import Membership

big_n, small_n = int(sys.argv[1]), int(sys.argv[2])
world = build_world()
Membership.objects.filter(cohort=world.cohort).update(research_consent=True)
Organisation.objects.create(territory=world.territory_a, name="Ressourcerie du Val",
                            legal_form="association")
small = CohortFactory(name="Cohorte moyenne")
for user in (world.elu, world.etat, world.socio):
    Membership.objects.create(user=user, cohort=small, role="participant", category="ELU",
                              research_consent=True)

names = [world.elu.full_name, world.etat.full_name, world.socio.full_name]
base = [
    "Lors de la séance, {n} a rappelé que la Ressourcerie du Val manque de bénévoles ; "
    "les agents de l'État proposent d'en parler à la préfecture avant l'été. Le groupe note "
    "que la confiance se construit lentement, rencontre après rencontre ({i}) ; {n} y tient.",
    "Les élus parlent de la transition comme d'un dossier parmi d'autres. Pour joindre le "
    "collectif, écrire à contact{i}@collectif-exemple.fr ou appeler le 06 12 34 5{d} 78 ; "
    "{n} insiste pour que les habitants soient associés dès la conception du projet pilote.",
    "Dans le groupe des acteurs socio-économiques, on souligne le manque de temps : les "
    "appels à projets dictent le rythme et empêchent de prendre du recul. Mme Durand{i} "
    "propose un temps d'échange trimestriel avec la communauté de communes et ses agents.",
]
templates = [base[i % 3].format(n=names[i % 3], i=i, d=i % 10) for i in range(50)]

def fill(cohort, n):
    dictionary = Dictionary.for_cohort(cohort)
    spans = detect(templates, dictionary)
    with connection.cursor() as cur:
        cur.execute("CREATE TEMP TABLE tpl (idx int, body text, spans jsonb) ON COMMIT DROP")
        import json
        for i, (t, s) in enumerate(zip(templates, spans)):
            cur.execute("INSERT INTO tpl VALUES (%s, %s, %s)", [i, t, json.dumps(s)])
        cur.execute(
            "INSERT INTO research_observation (cohort_id, author_id, observed_on, categories, "
            "text, created_at, updated_at) SELECT %s, %s, DATE '2026-01-01' + (g %% 300), "
            "jsonb_build_array((ARRAY['ELU','AGENT_COLLECTIVITE','AGENT_ETAT',"
            "'ACTEUR_SOCIO_ECONOMIQUE'])[1 + g %% 4]), tpl.body, now(), now() "
            "FROM generate_series(1, %s) g JOIN tpl ON tpl.idx = g %% 50",
            [cohort.pk, world.researcher.pk, n],
        )
        cur.execute(
            "INSERT INTO research_observation_axes (observation_id, axis_id) "
            "SELECT o.id, (SELECT id FROM transitions_axis ORDER BY code LIMIT 1 OFFSET o.id %% 33) "
            "FROM research_observation o WHERE o.cohort_id = %s AND o.id %% 10 = 0",
            [cohort.pk],
        )
        cur.execute(
            "INSERT INTO research_detection (cohort_id, segment_id, text_hash, "
            "dictionary_version, spans, detected_at) SELECT o.cohort_id, "
            "'research.observation:' || o.id, encode(sha256(convert_to(o.text, 'UTF8')), 'hex'), "
            "%s, tpl.spans, now() FROM research_observation o JOIN tpl ON tpl.body = o.text "
            "WHERE o.cohort_id = %s",
            [dictionary.version, cohort.pk],
        )
        cur.execute("DROP TABLE tpl")

from django.db import transaction
with transaction.atomic():
    fill(world.cohort, big_n)
with transaction.atomic():
    fill(small, small_n)
with connection.cursor() as cur:
    cur.execute("ANALYZE")
assert text_hash(templates[0])  # the SQL hash is the one the export checks

# Detection speed on distinct ~300-character texts (the model loaded beforehand, as in a
# worker that already detected once).
sample = [f"{t} Réunion numéro {k}." for k in range(4) for t in templates][:200]
dictionary = Dictionary.for_cohort(world.cohort)
detect(sample[:2], dictionary)
started = time.perf_counter()
detect(sample, dictionary)
rate = len(sample) / (time.perf_counter() - started)
print(world.cohort.pk, small.pk, f"{rate:.1f}", sum(len(t) for t in sample) // len(sample))
"""

EXPORT = r"""
import sys, time
import django
django.setup()
from research import exports, services
from research.selectors import Filters
from transitions.models import Cohort
cohort = Cohort.objects.get(pk=int(sys.argv[1]))
fmt, out = sys.argv[2], sys.argv[3]
project = services.export_project_for(cohort=cohort, name="bench")
exporter = exports.Exporter(cohort, project, Filters())
started = time.perf_counter()
if fmt == "csv":
    counted = []
    with open(out, "w", encoding="utf-8", newline="") as fh:
        for chunk in exports.csv_stream(exporter, on_done=counted.append):
            fh.write(chunk)
    [count] = counted
elif fmt == "xlsx":
    data, count = exports.xlsx_bytes(exporter)
    open(out, "wb").write(data)
else:
    data, count = exports.qdpx_bytes(exporter)
    open(out, "wb").write(data)
print(f"{time.perf_counter() - started:.3f} {count}")
"""


def _child(script: str, args: list[str], env: dict) -> tuple[str, float]:
    """Run a child, returning its stdout and its own peak RSS in MB."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [PYTHON, "-c", script, *args], cwd=ROOT, env=env, stdout=out, stderr=err
        )
        _pid, status, usage = os.wait4(proc.pid, 0)
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status):
            raise RuntimeError(err.read().decode()[-2000:])
        return out.read().decode(), usage.ru_maxrss / 1024


def run() -> None:
    url, name, base = _diag_url()
    url = url.replace(name, name.replace("_bench_diag", DB_SUFFIX))
    name = name.replace("_bench_diag", DB_SUFFIX)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "transitions.settings",
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-secret-key-not-for-production"),
    }
    env.pop("REDIS_URL", None)  # nothing is enqueued: exports are called directly
    _recreate(base, name)
    try:
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        stdout, _rss = _child(FILL, [str(SEGMENTS), str(SEGMENTS_100K)], env)
        big, small, rate, chars = stdout.strip().splitlines()[-1].split()
        print(f"bench pseudonymise_segments_per_s {float(rate):.0f} segments/s")
        with tempfile.TemporaryDirectory() as tmp:
            out, rss = _child(EXPORT, [big, "csv", str(Path(tmp) / "c.csv")], env)
            seconds, count = out.split()
            print(f"bench export_csv_rows_per_s {int(count) / float(seconds):.0f} rows/s")
            print(f"bench export_csv_peak_rss_mb {rss:.0f} MB")
            out, rss = _child(EXPORT, [small, "xlsx", str(Path(tmp) / "x.xlsx")], env)
            seconds, count = out.split()
            print(f"bench export_xlsx_100k_seconds {float(seconds):.1f} s")
            print(f"bench export_xlsx_peak_rss_mb {rss:.0f} MB")
            out, rss = _child(EXPORT, [small, "qdpx", str(Path(tmp) / "p.qdpx")], env)
            seconds, count = out.split()
            print(f"bench export_qdpx_100k_seconds {float(seconds):.1f} s")
            print(f"bench export_qdpx_peak_rss_mb {rss:.0f} MB")
    finally:
        _drop(base, name)


if __name__ == "__main__":
    sys.exit(run())
