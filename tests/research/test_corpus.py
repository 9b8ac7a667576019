"""The corpus: consent, shared-only peer texts, the protocol, filters, keyset pages."""

import datetime as dt

import pytest

from research import services
from research.selectors import Filters, corpus, corpus_page
from tests.research.factories import consent
from transitions.services import research_consent_set

pytestmark = pytest.mark.django_db


def _ids(cohort, **filters):
    return [s.id for s in corpus(cohort, filters=Filters(**filters))]


def test_every_source_enters_the_corpus(scene):
    ids = _ids(scene.cohort)
    assert f"diagnostics.answer:{scene.diagnostic_answer.pk}" in ids
    assert f"peergroups.contribution:{scene.shared_card.pk}" in ids
    assert f"agora.statement:{scene.statement.pk}" in ids
    assert f"research.observation:{scene.observation.pk}" in ids
    assert any(i.startswith("agora.position:") for i in ids)


def test_a_non_consenting_members_text_is_absent(scene):
    assert f"peergroups.contribution:{scene.silent_card.pk}" not in _ids(scene.cohort)


def test_a_withdrawal_removes_the_members_texts_at_once(scene):
    card = f"peergroups.contribution:{scene.shared_card.pk}"
    assert card in _ids(scene.cohort)

    research_consent_set(user=scene.etat, cohort=scene.cohort, consent=False)

    assert card not in _ids(scene.cohort)


def test_an_unshared_peer_contribution_is_absent(scene):
    assert f"peergroups.contribution:{scene.unshared_card.pk}" not in _ids(scene.cohort)


def test_another_cohorts_texts_never_enter(scene):
    assert _ids(scene.other_cohort) == []


def test_the_protocol_chooses_the_sources_and_the_observed_categories(scene):
    services.protocol_set(
        cohort=scene.cohort,
        sources=["peergroups.contribution", "diagnostics.answer"],
        categories=["ELU"],
        territories_named=False,
    )
    ids = _ids(scene.cohort)
    assert ids == [f"diagnostics.answer:{scene.diagnostic_answer.pk}"]


def test_filters_narrow_by_category_axis_source_words_and_dates(scene):
    assert _ids(scene.cohort, category="AGENT_ETAT", source="peergroups.contribution") == [
        f"peergroups.contribution:{scene.shared_card.pk}"
    ]
    assert _ids(scene.cohort, axis="P3-a") == [f"research.observation:{scene.observation.pk}"]
    assert _ids(scene.cohort, words="PRÉFECTURE suit") != []
    assert _ids(scene.cohort, date_from=dt.date(2026, 4, 2), date_to=dt.date(2026, 4, 2)) == [
        f"research.observation:{scene.observation.pk}"
    ]
    forum = scene.forum.pk
    assert _ids(scene.cohort, territory=scene.territory_a.pk) == [
        f"diagnostics.answer:{scene.diagnostic_answer.pk}",
        f"agora.card:{scene.forum_card.pk}",
        f"agora.forum:{forum}:commitments",
        f"agora.forum:{forum}:forum",
        f"agora.atmosphere:{forum}",
        f"agora.opportunity:{scene.opportunity.pk}",
    ]


def test_a_coded_axis_and_a_research_code_filter_the_corpus(scene):
    [segment] = [s for s in corpus(scene.cohort) if s.id.startswith("agora.statement")]
    code = services.code_create(cohort=scene.cohort, name="Droit à l'erreur")
    services.coding_create(cohort=scene.cohort, segment=segment, code=code)
    assert _ids(scene.cohort, code=code.pk) == [segment.id]


def test_keyset_pages_cover_the_corpus_once_in_order(scene):
    for day in range(1, 6):
        services.observation_create(
            cohort=scene.cohort,
            author=scene.researcher,
            observed_on=dt.date(2026, 5, day),
            text=f"Note {day}",
        )
    everything = _ids(scene.cohort)
    seen, after = [], ""
    while True:
        page, after = corpus_page(scene.cohort, filters=Filters(), after=after, size=2)
        seen += [s.id for s in page]
        if not after:
            break
    assert seen == everything
    assert len(everything) >= 10


def test_consent_given_later_brings_the_text_in(scene):
    consent(scene.world, scene.collectivite)
    assert f"peergroups.contribution:{scene.silent_card.pk}" in _ids(scene.cohort)
