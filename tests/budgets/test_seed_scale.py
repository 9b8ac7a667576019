"""`seed_scale` builds the issue's dataset, cohort by cohort, and refuses a database that
already holds cohorts."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import ensure_reference_data


@pytest.mark.django_db
def test_seed_scale_builds_two_cohorts_of_the_scale_dataset_and_refuses_to_run_twice():
    from agora.models import Agora, CafeRound, CafeTable, Card, Forum, Statement
    from diagnostics.models import Answer, Diagnostic
    from peergroups.models import Contribution, PeerSession
    from research.management.commands.seed_scale import segment_counts
    from research.models import Detection, Observation
    from territories.models import Delegation
    from transitions.models import Membership

    ensure_reference_data()  # a transactional test run before may have flushed them
    call_command("seed_scale", cohorts=2, verbosity=0)

    assert Delegation.objects.count() == 20
    assert Membership.objects.exclude(delegation=None).count() == 2 * 10 * 40
    assert Diagnostic.objects.count() == 20
    # every member answers 7 of the 35 axis items; 8 shared texts per diagnostic
    assert Answer.objects.filter(respondent__isnull=False).count() == 20 * 40 * 7
    assert Answer.objects.filter(respondent__isnull=True).count() == 20 * 8
    assert PeerSession.objects.count() == 2 * 4 * 3
    assert Contribution.objects.count() == 2 * 4 * 3 * 200
    assert Agora.objects.count() == 2 and Statement.objects.count() == 40
    assert Forum.objects.count() == 20
    assert CafeTable.objects.count() == 20 * 4 and CafeRound.objects.count() == 20 * 3
    assert Card.objects.count() == 20 * 4 * 3 * 12
    # 320,000 observations per 100 cohorts, a quarter of them in the researched cohort
    assert Observation.objects.count() == 6400
    assert Observation.objects.filter(cohort__name__startswith="Cohorte 001").count() == 1600
    # the researched cohort's segments all have their stored detection
    researched = Membership.objects.filter(role="researcher").order_by("cohort_id")[0].cohort
    answers = Answer.objects.filter(diagnostic__delegation__cohort=researched).count()
    assert (
        Detection.objects.filter(
            cohort=researched, segment_id__startswith="diagnostics.answer:"
        ).count()
        == answers
    )
    assert segment_counts()["segments"] > 20_000

    with pytest.raises(CommandError, match="déjà des cohortes"):
        call_command("seed_scale", cohorts=1, verbosity=0)
