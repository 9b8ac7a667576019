"""The demo data of `make run`: complete, valid, and idempotent."""

from __future__ import annotations

import pytest

from territories.models import Delegation, Territory
from transitions import demo
from transitions.models import ActorCategory, Cohort, Meeting, Membership, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def core_demo_only(monkeypatch):
    # Feature apps' loaders are tested by their owners; this checks the core's part.
    monkeypatch.setattr(demo, "_demo_loaders", [])


def counts() -> tuple:
    return tuple(
        m.objects.count() for m in (User, Cohort, Territory, Delegation, Membership, Meeting)
    )


def test_loading_the_demo_twice_duplicates_nothing(core_demo_only):
    demo.load_demo()
    first = counts()
    demo.load_demo()
    assert counts() == first
    # The current cohort's ten territories and the finished cohort's three.
    assert first[1:4] == (2, 13, 13)


def test_the_demo_spans_the_range_of_the_seeds_with_valid_codes(core_demo_only):
    demo.load_demo()
    territories = list(Territory.objects.all())
    for territory in territories:
        territory.full_clean()
    populations = [t.population for t in territories]
    assert min(populations) == 1_700 and max(populations) == 108_000
    assert {t.region for t in territories} == {"HDF", "CVL", "ARA", "OCC"}
    assert {"commune", "ca", "cu", "petr"} <= {t.kind for t in territories}
    assert {"rural", "urban"} <= {t.geography for t in territories}


def test_every_delegation_has_members_of_the_four_categories(core_demo_only):
    demo.load_demo()
    for delegation in Delegation.objects.all():
        categories = set(delegation.memberships.values_list("category", flat=True))
        assert categories == set(ActorCategory.values), delegation


def test_the_printed_accounts_hold_their_role_in_the_demo_cohort(core_demo_only):
    printed = dict((email, role) for role, email in demo.load_demo())
    cohort = demo.demo_cohort()
    expected = {
        "animation@demo.transitions.fr": "facilitator",
        "agent@demo.transitions.fr": "agent",
        "participant@demo.transitions.fr": "participant",
        "recherche@demo.transitions.fr": "researcher",
    }
    for email, role in expected.items():
        assert email in printed
        assert Membership.objects.filter(user__email=email, cohort=cohort, role=role).exists()
    agent = Membership.objects.get(user__email="agent@demo.transitions.fr", cohort=cohort)
    assert agent.delegation is not None
    assert User.objects.get(email="admin@demo.transitions.fr").is_staff
    assert User.objects.get(email="agent@demo.transitions.fr").check_password(demo.DEMO_PASSWORD)


def test_the_whole_demo_loads_twice_through_the_services():
    """Every app's loader included: stages are opened by the service (its hooks create the
    peer groups), and a second run duplicates nothing."""
    from django.apps import apps

    from agora.models import Statement
    from diagnostics.models import Answer, Diagnostic
    from peergroups.models import Contribution, PeerGroup
    from transitions.models import StageStatus

    def everything() -> tuple:
        # The audit history's event tables too: a second run rewrites nothing.
        history = tuple(m.objects.count() for m in apps.get_app_config("audit").get_models())
        return (
            counts()
            + tuple(
                m.objects.count() for m in (Diagnostic, Answer, PeerGroup, Contribution, Statement)
            )
            + history
        )

    demo.load_demo()
    first = everything()
    demo.load_demo()
    assert everything() == first
    cohort = demo.demo_cohort()
    statuses = {s.kind: s.status for s in cohort.stages.all()}
    assert statuses["diagnostic"] == statuses["peer_groups"] == StageStatus.OPEN
    assert statuses["agora"] == StageStatus.UPCOMING
    assert PeerGroup.objects.filter(cohort=cohort).count() == 4
    assert Contribution.objects.filter(shared=True).exists()
    assert Diagnostic.objects.filter(status="submitted").count() == 3
