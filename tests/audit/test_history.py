"""One audit history (django-pghistory): captured by PostgreSQL triggers, bulk updates
included, shown to the cohort's facilitators by the confidentiality rules."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from audit import selectors
from audit.models import EVENT_MODELS
from audit.tracked import TRACKED, VALID_WHO
from diagnostics.models import Answer
from peergroups import services as peer_services
from tests.diagnostics.factories import axis_question, open_diagnostic
from tests.peergroups.factories import open_peer_groups
from transitions.models import ActorCategory, Membership

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def scene(world):
    from diagnostics.services import answer_save

    diagnostic = open_diagnostic(world)
    answer = answer_save(
        diagnostic=diagnostic,
        question=axis_question(diagnostic, "P1-a"),
        user=world.elu,
        base_version=0,
        category="ELU",
        level=2,
        text="Réponse de l'élue",
    )
    peer = open_peer_groups(world)
    named = peer_services.contribution_create(
        session=peer.session("AGENT_ETAT"), author=world.etat, kind="constraint", text="Signé"
    )
    anonymous = peer_services.contribution_create(
        session=peer.session("ELU"),
        author=world.elu,
        kind="constraint",
        text="Texte sans nom",
        anonymous=True,
    )
    return world, answer, named, anonymous


def test_every_tracked_entry_names_a_model_a_cohort_path_and_a_known_rule():
    assert {entry.who for entry in TRACKED} <= VALID_WHO
    for entry in TRACKED:
        model = EVENT_MODELS[entry.label]
        model.objects.filter(**{entry.cohort: 0}).exists()  # the cohort path resolves


def test_a_bulk_update_is_recorded_by_the_trigger(scene):
    world, answer, *_ = scene
    event_model = EVENT_MODELS["diagnostics.Answer"]
    before = event_model.objects.filter(pgh_obj_id=answer.pk).count()
    Answer.objects.filter(pk=answer.pk).update(text="Réécrit en masse")  # no save(), no signal
    events = event_model.objects.filter(pgh_obj_id=answer.pk).order_by("pgh_id")
    assert events.count() == before + 1
    assert events.last().text == "Réécrit en masse" and events.last().pgh_label == "update"


def test_membership_and_role_changes_are_recorded(world):
    seat = Membership.objects.get(user=world.agent_a, cohort=world.cohort)
    Membership.objects.filter(pk=seat.pk).update(role="facilitator")
    labels = list(
        EVENT_MODELS["transitions.Membership"]
        .objects.filter(pgh_obj_id=seat.pk)
        .values_list("pgh_label", "role")
    )
    assert ("update", "facilitator") in labels


def test_the_facilitator_sees_answers_by_category_and_anonymous_contributions_by_nobody(
    client, scene
):
    world, answer, named, anonymous = scene
    client.force_login(world.facilitator)
    response = client.get(reverse("audit:cohort-history", args=[world.cohort.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Réponse de l&#x27;élue" in page or "Réponse de l'élue" in page
    assert "Texte sans nom" in page and "Signé" in page
    assert world.elu.full_name not in page  # neither as respondent nor as anonymous author
    assert world.elu.email not in page


def test_who_is_named_only_as_each_model_allows(scene):
    from pghistory import context

    world, answer, named, anonymous = scene
    with context(user=world.elu.pk):
        Answer.objects.filter(pk=answer.pk).update(level=3)
        peer_services.contribution_set_flag(contribution=anonymous, flag="is_key", value=True)
    with context(user=world.etat.pk):
        peer_services.contribution_set_flag(contribution=named, flag="is_key", value=True)
    entries, _more = selectors.cohort_history(world.cohort, viewer=world.facilitator)
    who = {(e.model, e.obj_id, e.action): e.who for e in entries}
    assert who[("réponse", answer.pk, "modification")] == str(ActorCategory.ELU.label)
    assert who[(str(anonymous._meta.verbose_name), anonymous.pk, "modification")] == "Anonyme"
    assert who[(str(named._meta.verbose_name), named.pk, "modification")] == world.etat.full_name
    # The respondent sees their own change as theirs.
    mine, _more = selectors.cohort_history(world.cohort, viewer=world.elu)
    assert {e.who for e in mine if e.obj_id == answer.pk and e.action == "modification"} == {"vous"}


@pytest.mark.parametrize("persona", ["agent_a", "elu", "researcher", "other_facilitator"])
def test_only_the_cohorts_facilitators_and_staff_read_its_history(client, world, persona):
    client.force_login(getattr(world, persona))
    response = client.get(reverse("audit:cohort-history", args=[world.cohort.pk]))
    assert response.status_code in (403, 404)
    client.force_login(world.staff)
    assert client.get(reverse("audit:cohort-history", args=[world.cohort.pk])).status_code == 200


def test_the_page_says_when_history_is_not_recorded(client, world, monkeypatch):
    monkeypatch.setattr(selectors, "history_recorded", lambda: False)
    client.force_login(world.facilitator)
    page = client.get(reverse("audit:cohort-history", args=[world.cohort.pk])).content.decode()
    assert "historique n'est pas enregistré dans ce mode" in page.replace("&#x27;", "'")


def test_history_is_recorded_on_postgresql():
    assert connection.vendor == "postgresql" and selectors.history_recorded()


def test_on_sqlite_migrations_run_writes_work_and_nothing_is_recorded(tmp_path):
    """`make run`'s embedded mode: the event tables exist, no trigger is installed."""
    env = {
        key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        RESEARCH_NER="false",
    )
    python = str(Path(sys.executable))
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    script = (
        "from transitions.models import Cohort, Membership, User\n"
        "from audit.models import EVENT_MODELS\n"
        "from audit.selectors import history_recorded\n"
        "c = Cohort.objects.create(name='C', year=2026)\n"
        "u = User.objects.create_user(email='a@exemple.fr', password='x')\n"
        "Membership.objects.create(user=u, cohort=c, role='participant', category='ELU')\n"
        # A service's attributed writes and a POST through the history middleware work too.
        "from transitions.history import acting\n"
        "with acting(u):\n"
        "    Cohort.objects.create(name='D', year=2026)\n"
        "from django.test import Client\n"
        "client = Client(HTTP_HOST='localhost')\n"
        "client.force_login(u)\n"
        "assert client.post('/profil/effacement/').status_code == 302\n"
        "from transitions.models import ErasureRequest\n"
        "assert ErasureRequest.objects.filter(user=u).exists()\n"
        "print(history_recorded(), EVENT_MODELS['transitions.Membership'].objects.count())\n"
    )
    out = subprocess.run(
        [python, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout.split()
    assert out[-2:] == ["False", "0"]


def _many_events(world, answer, named, count: int) -> None:
    """`count` updates spread over answers and contributions, each from its own context, so
    every one of them has a predecessor to compare with and a person to name."""
    from pghistory import context

    for n in range(count):
        with context(user=world.elu.pk if n % 2 else world.etat.pk):
            if n % 2:
                Answer.objects.filter(pk=answer.pk).update(text=f"Version {n} de la réponse")
            else:
                type(named).objects.filter(pk=named.pk).update(text=f"Version {n} de la carte")


@pytest.mark.parametrize("updates", [3, 150])
def test_the_cohort_history_page_costs_at_most_40_queries_whatever_its_size(
    client, scene, updates, django_assert_max_num_queries
):
    world, answer, named, _anonymous = scene
    _many_events(world, answer, named, updates)
    client.force_login(world.facilitator)
    url = reverse("audit:cohort-history", args=[world.cohort.pk])
    client.get(url)  # warm the session and the per-process caches
    for query in ("", "?page=2"):
        with django_assert_max_num_queries(40):
            response = client.get(url + query)
        assert response.status_code == 200
    # The newest answer update is shown on one of the pages (events of one test share one
    # transaction time, so only the order within a model is fixed here: across models,
    # ties fall to ids from each model's own sequence, which earlier tests have moved).
    newest = "Version %s de la réponse" % (updates - 1 if updates % 2 == 0 else updates - 2)
    shown = ""
    for number in range(1, 2 + (2 * updates) // selectors.PAGE_SIZE):
        shown += client.get(f"{url}?page={number}").content.decode()
    assert newest in shown


def test_each_update_is_compared_with_the_event_just_before_it(scene):
    world, answer, named, _anonymous = scene
    _many_events(world, answer, named, 6)
    entries, _more = selectors.cohort_history(world.cohort, viewer=world.facilitator)
    answer_updates = [
        e.changes for e in entries if e.obj_id == answer.pk and e.action == "modification"
    ]
    assert answer_updates[0] == [
        ("observation", "Version 3 de la réponse", "Version 5 de la réponse")
    ]
    assert answer_updates[1] == [
        ("observation", "Version 1 de la réponse", "Version 3 de la réponse")
    ]


# --- The diagnostic's history: one mechanism, read through the core's registry ----------

archive_migration = importlib.import_module("audit.migrations.0003_archive_diagnostic_changes")


def test_the_diagnostic_history_page_reads_the_audit_history_by_the_rules(client, scene):
    world, answer, *_ = scene
    from diagnostics import services as diagnostic_services

    diagnostic_services.diagnostic_submit(diagnostic=answer.diagnostic, user=world.agent_a)
    url = reverse("diagnostics:history-list", args=[answer.diagnostic_id])
    client.force_login(world.agent_a)
    html = client.get(url).content.decode()
    assert "Réponse de l&#x27;élue" in html and "Élu·e" in html
    assert world.elu.full_name not in html  # the respondent is their category
    assert "Soumis" in html and world.agent_a.full_name in html  # shared steps stay named


def test_the_diagnostic_history_page_says_when_nothing_is_recorded(client, scene, monkeypatch):
    world, answer, *_ = scene
    monkeypatch.setattr(selectors, "history_recorded", lambda: False)
    client.force_login(world.agent_a)
    html = client.get(reverse("diagnostics:history-list", args=[answer.diagnostic_id]))
    assert "historique n'est pas enregistré dans ce mode" in html.content.decode().replace(
        "&#x27;", "'"
    )


def test_the_old_hand_written_history_is_archived_and_shown_by_the_same_rules(client, scene):
    """The migration copies `diagnostics.Change` rows (a table the current schema no longer
    has: made here from the migration state, inside the test's transaction)."""
    from django.db.migrations.executor import MigrationExecutor

    from audit.models import ArchivedChange

    world, answer, *_ = scene
    state = MigrationExecutor(connection).loader.project_state(
        [
            ("diagnostics", "0004_p2d_three_dimensions_questionnaire_v2"),
            ("audit", "0003_archive_diagnostic_changes"),
        ]
    )
    old_apps = state.apps
    change_model = old_apps.get_model("diagnostics", "Change")
    with connection.schema_editor() as editor:
        editor.create_model(change_model)
    rows = [
        ("P1-a", "text", "", "Avant la bascule", world.elu.pk),  # the respondent's own answer
        ("Diagnostic", "status", "En cours de saisie", "Soumis", world.agent_a.pk),
    ]
    for subject, field_name, old, new, user_id in rows:
        change_model.objects.create(
            diagnostic_id=answer.diagnostic_id,
            changed_by_id=user_id,
            subject=subject,
            field=field_name,
            old_value=old,
            new_value=new,
        )
    archive_migration.copy_changes(old_apps, None)
    archived = {row.field: row for row in ArchivedChange.objects.all()}
    assert archived["text"].personal and archived["text"].category == "ELU"
    assert not archived["status"].personal

    client.force_login(world.facilitator)
    html = client.get(reverse("diagnostics:history-list", args=[answer.diagnostic_id]))
    page_html = html.content.decode()
    assert "Avant la bascule" in page_html and "avant l&#x27;historique unique" in page_html
    assert world.elu.full_name not in page_html and world.agent_a.full_name in page_html
