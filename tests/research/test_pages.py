"""Research pages: reachable by the cohort's researchers (and facilitators where the
issue says), 404 for anyone outside the cohort's research scope."""

import pytest
from django.urls import reverse

from transitions.navigation import entries_for

pytestmark = pytest.mark.django_db


def _pages(scene):
    c = scene.cohort.pk
    seg = f"peergroups.contribution:{scene.shared_card.pk}"
    return [
        reverse("research:space", args=[c]),
        reverse("research:territory-list", args=[c]),
        reverse("research:corpus", args=[c]),
        reverse("research:heat-map", args=[c]),
        reverse("research:segment", args=[c, seg]),
        reverse("research:observation-list", args=[c]),
        reverse("research:codebook", args=[c]),
        reverse("research:protocol", args=[c]),
        reverse("research:export", args=[c]),
        reverse("research:data-dictionary", args=[c]),
        reverse("research:export-log", args=[c]),
    ]


def test_the_cohorts_researcher_opens_every_research_page_but_the_facilitators_log(client, scene):
    client.force_login(scene.researcher)
    for url in _pages(scene):
        expected = 403 if url.endswith("/journal/") else 200
        assert client.get(url).status_code == expected, url


def test_a_researcher_of_another_cohort_gets_404_on_every_research_page_and_export(client, scene):
    client.force_login(scene.other_researcher)
    for url in _pages(scene):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("research:export", args=[scene.cohort.pk]), {"project": "p", "format": "csv"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["elu", "agent_a", "outsider", "other_facilitator"])
def test_people_outside_the_research_scope_get_404(client, scene, persona):
    client.force_login(getattr(scene, persona))
    assert client.get(reverse("research:space", args=[scene.cohort.pk])).status_code == 404


def test_a_facilitator_reads_the_space_and_the_log_but_may_not_export(client, scene):
    client.force_login(scene.facilitator)
    assert client.get(reverse("research:space", args=[scene.cohort.pk])).status_code == 200
    assert client.get(reverse("research:export-log", args=[scene.cohort.pk])).status_code == 200
    response = client.post(
        reverse("research:export", args=[scene.cohort.pk]), {"project": "p", "format": "csv"}
    )
    assert response.status_code == 403


def test_the_research_space_is_in_the_researchers_navigation_only(scene):
    assert "research:space-list" in [e.url_name for e in entries_for(scene.researcher)]
    assert "research:space-list" not in [e.url_name for e in entries_for(scene.elu)]


def test_the_space_shows_the_heat_map_and_participation(client, scene):
    client.force_login(scene.researcher)
    body = client.get(reverse("research:space", args=[scene.cohort.pk])).content.decode()
    assert "<svg" in body and "P2-a" in body
    assert scene.etat.full_name not in body


def test_the_corpus_page_shows_pseudonymised_texts(client, scene):
    client.force_login(scene.researcher)
    body = client.get(reverse("research:corpus", args=[scene.cohort.pk])).content.decode()
    assert "droit à l&#x27;erreur" in body or "droit à l'erreur" in body
    for secret in [scene.elu.full_name, "Durandal", "06 12 34 56 78"]:
        assert secret not in body


def test_a_researcher_writes_an_observation_and_codes_a_span_of_a_segment(client, scene):
    client.force_login(scene.researcher)
    c = scene.cohort.pk
    response = client.post(
        reverse("research:observation-list", args=[c]),
        {"observed_on": "2026-05-01", "text": "La salle se tait quand l'élu arrive."},
    )
    assert response.status_code == 302
    client.post(reverse("research:codebook", args=[c]), {"name": "Silences"})
    seg = f"peergroups.contribution:{scene.shared_card.pk}"
    response = client.post(
        reverse("research:segment", args=[c, seg]), {"code": "Silences", "start": 0, "end": 10}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("research:segment", args=[c, seg]), {"action": "memo", "text": "À suivre."}
    )
    assert response.status_code == 302
    page = client.get(reverse("research:corpus", args=[c]), {"code": ""})
    assert "Silences" in page.content.decode()


def test_the_researchers_profile_does_not_ask_for_consent(client, scene):
    client.force_login(scene.researcher)
    body = client.get(reverse("transitions:profile")).content.decode()
    assert 'name="research_consent"' not in body
    response = client.post(
        reverse("transitions:profile"), {"cohort": scene.cohort.pk, "research_consent": "yes"}
    )
    assert response.status_code == 302
    assert not scene.researcher.memberships.get(cohort=scene.cohort).research_consent


def test_a_participants_profile_still_asks_for_consent(client, scene):
    client.force_login(scene.elu)
    assert 'name="research_consent"' in client.get(reverse("transitions:profile")).content.decode()


def test_the_territories_page_shows_results_by_category_and_pseudonymised_organisations(
    client, scene
):
    client.force_login(scene.researcher)
    body = client.get(reverse("research:territory-list", args=[scene.cohort.pk])).content.decode()
    assert "commune · HDF" in body and "<svg" in body
    assert "Ressourcerie du Val" not in body and scene.territory_a.name not in body
    assert "O-" in body


def test_the_heat_map_downloads_as_svg_for_the_filtered_corpus(client, scene):
    client.force_login(scene.researcher)
    url = reverse("research:heat-map", args=[scene.cohort.pk])
    everything = client.get(url).content.decode()
    only_agora = client.get(url, {"source": "agora.statement"}).content.decode()
    assert everything.startswith("<svg") and ">P2-a<" in everything
    assert ">1</text>" in everything and ">1</text>" not in only_agora


def test_a_span_is_coded_in_the_text_the_researcher_reads(client, scene):
    client.force_login(scene.researcher)
    seg = f"peergroups.contribution:{scene.shared_card.pk}"
    url = reverse("research:segment", args=[scene.cohort.pk, seg])
    shown = client.get(url).context["text"]
    start = shown.index("était là")
    client.post(url, {"code": "P1-a", "start": start, "end": start + len("était là")})

    [coding] = scene.cohort.codings.filter(axis__code="P1-a")
    assert scene.shared_card.text[coding.start : coding.end] == "était là"
    assert client.get(url).context["segment"].codings[0].passage == "était là"


def test_the_home_page_offers_no_consent_review_to_a_researcher(client, scene):
    client.force_login(scene.researcher)
    home = client.get(reverse("home")).content.decode()
    assert "Revoir votre consentement" not in home


def test_the_home_page_still_offers_the_consent_review_to_a_participant(client, scene):
    client.force_login(scene.elu)
    assert "Revoir votre consentement" in client.get(reverse("home")).content.decode()


def test_the_space_counts_are_cached_until_the_corpus_changes(client, scene, monkeypatch):
    from research import selectors
    from transitions.services import research_consent_set

    client.force_login(scene.researcher)
    url = reverse("research:space", args=[scene.cohort.pk])
    first = client.get(url).context["segment_count"]
    reads: list = []
    real_corpus = selectors.corpus

    def counted(*args, **kwargs):
        reads.append(1)
        return real_corpus(*args, **kwargs)

    monkeypatch.setattr(selectors, "corpus", counted)
    assert client.get(url).context["segment_count"] == first
    assert reads == []  # served from the cache: the corpus was not read again
    research_consent_set(user=scene.etat, cohort=scene.cohort, consent=False)
    assert client.get(url).context["segment_count"] < first
    assert reads == [1]
    scene.statement.text = "Un énoncé reformulé"
    scene.statement.save()  # a feature text saved: research's receiver bumps the version
    client.get(url)
    assert reads == [1, 1]


def test_the_space_counts_who_attended_each_meeting_by_category_without_a_name(client, scene):
    from tests.transitions.factories import meeting_for
    from transitions import services as core_services

    meeting = meeting_for(scene)
    core_services.attendance_set(
        meeting=meeting, user_ids={scene.elu.pk, scene.elu2.pk, scene.etat.pk}
    )
    client.force_login(scene.researcher)
    response = client.get(reverse("research:space", args=[scene.cohort.pk]))
    meeting_rows = response.context["meeting_rows"]
    [(row, _stage, counts)] = [r for r in meeting_rows if r[0]["meeting_id"] == meeting.pk]
    buckets = [value for value, _label in response.context["buckets"]]
    assert dict(zip(buckets, counts, strict=True))["ELU"] == 2
    assert dict(zip(buckets, counts, strict=True))["AGENT_ETAT"] == 1
    assert row["total"] == 3
    [(_name, stage_counts, stage_total)] = [
        r for r in response.context["stage_rows"] if r[0] == meeting.stage.name
    ]
    assert stage_total >= 3 and dict(zip(buckets, stage_counts, strict=True))["ELU"] >= 2
    body = response.content.decode()
    assert meeting.title in body
    for person in (scene.elu, scene.elu2, scene.etat):
        assert person.full_name not in body
