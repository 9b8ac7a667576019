import pytest
from django.core.exceptions import PermissionDenied

from peergroups import services
from peergroups.models import PeerGroup, PeerSession
from tests.factories import CohortFactory, MembershipFactory, open_stage
from tests.peergroups.factories import ContributionFactory
from transitions.concurrency import StaleEdit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(peer):
    """The persona world with cohort A's peer groups open (PeerScene reads as the world)."""
    return peer


def test_groups_are_created_once_per_category_with_three_sessions_when_the_stage_is_open():
    cohort = CohortFactory()
    open_stage(cohort, "peer_groups")
    services.peer_groups_ensure(cohort=cohort)
    services.peer_groups_ensure(cohort=cohort)
    assert PeerGroup.objects.filter(cohort=cohort).count() == 4
    assert PeerSession.objects.filter(group__cohort=cohort).count() == 12
    assert {s.duration_minutes for s in PeerSession.objects.all()} == {180}


def test_no_group_is_created_while_the_stage_is_upcoming():
    cohort = CohortFactory()
    assert services.peer_groups_ensure(cohort=cohort) == []
    assert not PeerGroup.objects.exists()


def test_every_write_bumps_the_session_version(world):
    session = world.session()
    before = session.version
    card = services.contribution_create(
        session=session, author=world.elu, kind="constraint", text="  Un frein  "
    )
    assert card.text == "Un frein"
    services.contribution_set_flag(contribution=card, flag="shared", value=True)
    session.refresh_from_db()
    assert session.version == before + 2


def test_posting_to_a_closed_session_is_refused(world):
    session = world.session(number=2)
    with pytest.raises(PermissionDenied, match="pas ouverte"):
        services.contribution_create(session=session, author=world.elu, kind="commitment", text="x")
    assert not session.contributions.exists()


def test_a_stale_edit_is_refused_and_keeps_the_newer_text(world):
    card = ContributionFactory(session=world.session(), text="v1")
    services.contribution_update(
        contribution=card,
        revision=1,
        kind="constraint",
        text="v2",
        target_category="",
        theme="",
        axes=[],
    )
    with pytest.raises(StaleEdit):
        services.contribution_update(
            contribution=card,
            revision=1,
            kind="constraint",
            text="v3",
            target_category="",
            theme="",
            axes=[],
        )
    card.refresh_from_db()
    assert card.text == "v2"


def test_merging_moves_earlier_duplicates_and_unshares_the_duplicate(world):
    session = world.session()
    a, b, c = (ContributionFactory(session=session) for _ in range(3))
    services.contribution_merge(contribution=c, into=b)
    services.contribution_set_flag(contribution=b, flag="shared", value=True)
    services.contribution_merge(contribution=b, into=a)
    b.refresh_from_db()
    c.refresh_from_db()
    assert b.merged_into == a and c.merged_into == a and not b.shared


def test_a_card_cannot_be_merged_into_another_session(world):
    a = ContributionFactory(session=world.session())
    b = ContributionFactory(session=world.session(number=2))
    with pytest.raises(Exception, match="même séance"):
        services.contribution_merge(contribution=a, into=b)


def test_opening_a_session_needs_the_stage_open():
    from transitions.services import stage_set_status

    cohort = CohortFactory()
    facilitator = MembershipFactory(cohort=cohort, role="facilitator").user
    stage = open_stage(cohort, "peer_groups")
    session = PeerGroup.objects.filter(cohort=cohort).first().sessions.first()
    assert facilitator.has_perm("peergroups.open_peersession", session)
    stage_set_status(stage=stage, status="closed")
    assert not facilitator.has_perm("peergroups.open_peersession", session)
    assert facilitator.has_perm("peergroups.change_peersession", session)  # planning stays


def test_sessions_take_their_default_dates_from_the_stages_peer_session_meetings():
    import datetime as dt

    from django.utils import timezone

    from transitions.models import Meeting

    cohort = CohortFactory()
    first = timezone.now() + dt.timedelta(days=7)
    Meeting.objects.create(
        stage=cohort.stages.get(kind="peer_groups"),
        kind="peer_session",
        title="S1",
        starts_at=first,
        place="Arras",
    )
    open_stage(cohort, "peer_groups")
    sessions = PeerSession.objects.filter(group__category="ELU").order_by("number")
    assert sessions[0].starts_at == first and sessions[0].place == "Arras"
    assert sessions[1].starts_at is None and sessions[1].duration_minutes == 180


def test_groups_appear_when_the_stage_opens_and_no_page_creates_them(client):
    open_cohort, upcoming = CohortFactory(), CohortFactory()
    open_stage(open_cohort, "peer_groups")
    assert PeerGroup.objects.filter(cohort=open_cohort).count() == 4
    member = MembershipFactory(cohort=open_cohort, role="participant", category="ELU").user
    MembershipFactory(user=member, cohort=upcoming, role="participant", category="ELU")
    client.force_login(member)
    response = client.get("/groupes-de-pairs/")
    assert response.status_code == 200
    assert not PeerGroup.objects.filter(cohort=upcoming).exists()
    assert "Élu·e" in response.content.decode()
