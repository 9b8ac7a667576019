"""research_segments: the one read the research app makes of the peer groups."""

import dataclasses
import datetime as dt

import pytest
from django.utils import timezone

from peergroups import services
from peergroups.models import PeerSession
from peergroups.selectors import research_segments
from tests.factories import MembershipFactory
from tests.peergroups.factories import ContributionFactory, peer_world
from transitions.models import Axis, Membership

pytestmark = pytest.mark.django_db


def _consent(world, *users) -> None:
    Membership.objects.filter(cohort=world.cohort, user__in=users).update(research_consent=True)


def _texts(cohort) -> list[str]:
    return [s.text for s in research_segments(cohort)]


def test_a_consenting_members_contribution_becomes_one_segment_with_its_context(world, peer):
    _consent(world, world.elu)
    session = peer.session()
    PeerSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.make_aware(dt.datetime(2026, 3, 12, 9, 30))
    )
    axes = list(Axis.objects.order_by("principle__number", "letter")[:2])
    card = services.contribution_create(
        session=session,
        author=world.elu,
        kind="expectation",
        text="Que l'État accepte le droit à l'erreur",
        target_category="AGENT_ETAT",
        axes=axes,
    )
    services.contribution_set_flag(contribution=card, flag="shared", value=True)

    [segment] = research_segments(world.cohort)

    assert segment.id == f"peergroups.contribution:{card.pk}"
    assert segment.kind == "expectation"
    assert segment.text == "Que l'État accepte le droit à l'erreur"
    assert segment.category == "ELU"
    assert segment.target_category == "AGENT_ETAT"
    assert segment.axes == tuple(a.code for a in axes)
    assert segment.session_number == 1
    assert segment.session_date == dt.date(2026, 3, 12)
    assert segment.shared is True
    assert segment.author_id == world.elu.pk


def test_a_segment_carries_no_name_nor_email_anywhere(world, peer):
    _consent(world, world.elu)
    ContributionFactory(session=peer.session(), author=world.elu, text="Parole vraie")
    [segment] = research_segments(world.cohort)
    values = " ".join(str(v) for v in dataclasses.asdict(segment).values())
    assert world.elu.full_name not in values
    assert world.elu.email not in values


def test_the_segment_id_is_stable_from_one_read_to_the_next(world, peer):
    _consent(world, world.elu)
    ContributionFactory(session=peer.session(), author=world.elu)
    ContributionFactory(session=peer.session(number=2), author=world.elu)
    first = [s.id for s in research_segments(world.cohort)]
    assert first == [s.id for s in research_segments(world.cohort)]
    assert len(set(first)) == 2


def test_contributions_of_members_without_consent_are_left_out_entirely(world, peer):
    _consent(world, world.elu)
    ContributionFactory(session=peer.session(), author=world.elu, text="Avec accord")
    ContributionFactory(session=peer.session(), author=world.elu2, text="Sans accord")
    ContributionFactory(
        session=peer.session("AGENT_ETAT"),
        author=world.etat,
        text="Sans accord partagé",
        shared=True,
    )
    ContributionFactory(session=peer.session(), author=None, text="Auteur supprimé")
    assert _texts(world.cohort) == ["Avec accord"]


def test_consent_given_in_another_cohort_does_not_count(world, peer):
    other = peer_world()
    MembershipFactory(
        user=world.elu2, cohort=other.cohort, role="participant", research_consent=True
    )
    ContributionFactory(session=peer.session(), author=world.elu2, text="Sans accord ici")
    assert _texts(world.cohort) == []


def test_a_member_who_withdrew_consent_for_one_of_their_roles_is_left_out(world, peer):
    _consent(world, world.elu)
    MembershipFactory(
        user=world.elu, cohort=world.cohort, role="agent", category="ELU", research_consent=False
    )
    ContributionFactory(session=peer.session(), author=world.elu, text="État mêlé")
    assert _texts(world.cohort) == []


def test_hidden_and_merged_cards_are_left_out_as_on_the_board(world, peer):
    _consent(world, world.elu, world.elu2)
    kept = ContributionFactory(session=peer.session(), author=world.elu, text="Gardée")
    hidden = ContributionFactory(session=peer.session(), author=world.elu, text="Hors sujet")
    duplicate = ContributionFactory(session=peer.session(), author=world.elu2, text="Doublon")
    services.contribution_set_flag(contribution=hidden, flag="hidden", value=True)
    services.contribution_merge(contribution=duplicate, into=kept)
    assert _texts(world.cohort) == ["Gardée"]


def test_an_anonymous_card_keeps_its_text_but_not_its_author(world, peer):
    _consent(world, world.elu)
    ContributionFactory(session=peer.session(), author=world.elu, anonymous=True, text="Anonyme")
    [segment] = research_segments(world.cohort)
    assert segment.text == "Anonyme"
    assert segment.author_id is None


def test_only_the_cohorts_own_groups_are_read(world, peer):
    other = peer_world()
    Membership.objects.filter(cohort=other.cohort).update(research_consent=True)
    ContributionFactory(session=other.session(), author=other.elu, text="Autre cohorte")
    assert _texts(world.cohort) == []
    assert _texts(other.cohort) == ["Autre cohorte"]


def test_unshared_cards_of_consenting_members_are_read_with_their_flag(world, peer):
    _consent(world, world.elu)
    ContributionFactory(session=peer.session(), author=world.elu, text="Restée dans le groupe")
    [segment] = research_segments(world.cohort)
    assert segment.shared is False
    assert segment.session_date is None
