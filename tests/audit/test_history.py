"""One audit history (django-pghistory): captured by PostgreSQL triggers, bulk updates
included, shown to the cohort's facilitators by the confidentiality rules."""

from __future__ import annotations

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
