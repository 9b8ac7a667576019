"""No lost update on real PostgreSQL for the edit forms of this issue: two people save
the same organisation, or the same timeline event, from the same page load at the same
moment; exactly one wins, the other is refused as stale and nothing of theirs is saved."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from diagnostics import services
from diagnostics.models import TIMELINE_FIELDS, TimelineEvent
from territories import services as ess_services
from territories.models import ORGANISATION_FIELDS, Organisation
from tests.diagnostics.factories import diagnostic_world, history_lines
from transitions.concurrency import StaleEdit, fingerprint

pytestmark = pytest.mark.django_db(transaction=True)


def _race(calls) -> dict[str, str]:
    barrier = threading.Barrier(len(calls))
    outcomes: dict[str, str] = {}

    def run(name, call):
        try:
            barrier.wait(timeout=10)
            call()
            outcomes[name] = "saved"
        except StaleEdit:
            outcomes[name] = "stale"
        except ValidationError as exc:
            outcomes[name] = exc.code
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in calls.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.parametrize("round_", range(3))
def test_two_simultaneous_organisation_edits_from_one_page_load_never_both_win(round_):
    world = diagnostic_world()
    org = ess_services.organisation_create(
        territory=world.delegation_a.territory,
        user=world.agent_a,
        organisation={"name": "Tiers-lieu", "legal_form": "association"},
        relationship={"relation_type": "DISTANT", "observed_on": datetime.date(2024, 1, 1)},
    )
    loaded = fingerprint(org, ORGANISATION_FIELDS)
    base = {name: getattr(org, name) for name in ORGANISATION_FIELDS}

    def edit(**change):
        return lambda: ess_services.organisation_update(
            organisation=org, fingerprint=loaded, **{**base, **change}
        )

    outcomes = _race({"a": edit(sectors="mobilité"), "b": edit(sectors="alimentation")})
    assert sorted(outcomes.values()) == ["saved", "stale"]
    winner = "mobilité" if outcomes["a"] == "saved" else "alimentation"
    assert Organisation.objects.get(pk=org.pk).sectors == winner


@pytest.mark.parametrize("round_", range(3))
def test_two_simultaneous_timeline_edits_from_one_page_load_never_both_win(round_):
    world = diagnostic_world()
    event = services.timeline_event_add(
        diagnostic=world.diagnostic,
        user=world.agent_a,
        kind="key_event",
        happened_on=datetime.date(2015, 3, 1),
        title="Forum",
        description="",
    )
    loaded = fingerprint(event, TIMELINE_FIELDS)
    base = {name: getattr(event, name) for name in TIMELINE_FIELDS}

    def edit(user, title):
        return lambda: services.timeline_event_update(
            event=event, user=user, fingerprint=loaded, **{**base, "title": title}
        )

    outcomes = _race({"A": edit(world.agent_a, "Forum A"), "B": edit(world.elu, "Forum B")})
    assert sorted(outcomes.values()) == ["saved", "stale"]
    winner = "Forum A" if outcomes["A"] == "saved" else "Forum B"
    loser = "Forum B" if winner == "Forum A" else "Forum A"
    assert TimelineEvent.objects.get(pk=event.pk).title == winner
    lines = history_lines(world.diagnostic, world.facilitator)
    assert [after for _what, label, _before, after, _who in lines if label == "titre"] == [
        "Forum",  # the creation
        winner,
    ]
    assert not [line for line in lines if loser in line[3]]
