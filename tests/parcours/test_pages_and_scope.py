"""The parcours' stage pages: each output where the method expects it, scoped like the
rest (404 outside the scope, 403 inside it without the right, the stage's reason when it
is not open), bad input refused in French, concurrent edits never overwritten."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parcours.models import EntryRecord, TopicNote, VisitReport
from tests.factories import open_stage
from tests.parcours.factories import entry_for, topic_note_for, visit_for
from tests.transitions.factories import subgroup_for, subgroup_meeting_for

pytestmark = pytest.mark.django_db


def _entry_url(world, delegation):
    return reverse("parcours:entry-update", args=[world.cohort.pk, delegation.pk])


ENTRY_POST = {
    "ambition_met": "on",
    "ambition_note": "Une ambition votée en conseil.",
    "ecosystem_met": "on",
    "ecosystem_note": "Une SCIC et deux associations.",
    "leadership_met": "on",
    "leadership_note": "Le maire et la DGS portent la démarche.",
    "named_delegation": "Agnès Agent, DGS",
    "committed_on": "2026-02-01",
}


def test_an_agent_of_another_territory_and_the_researcher_never_see_a_territorys_entry(
    client, world
):
    entry_for(world)
    for person in (world.agent_b, world.researcher, world.other_facilitator):
        client.force_login(person)
        assert client.get(_entry_url(world, world.delegation_a)).status_code == 404
    client.force_login(world.agent_b)
    page = client.get(reverse("parcours:entry-list", args=[world.cohort.pk])).content.decode()
    assert world.territory_a.name not in page and world.territory_b.name in page


def test_the_agent_records_the_entry_while_the_stage_is_open(client, world):
    open_stage(world.cohort, "entry")
    client.force_login(world.agent_a)
    response = client.post(_entry_url(world, world.delegation_a), ENTRY_POST)
    assert response.status_code == 302
    record = EntryRecord.objects.get(delegation=world.delegation_a)
    assert record.is_committed and record.prerequisites_met == 3


def test_a_commitment_before_the_three_prerequisites_is_refused_in_french(client, world):
    open_stage(world.cohort, "entry")
    client.force_login(world.facilitator)
    data = {**ENTRY_POST, "leadership_met": "", "leadership_note": ""}
    response = client.post(_entry_url(world, world.delegation_a), data)
    assert response.status_code == 400
    assert "une fois les trois prérequis vérifiés" in response.content.decode()
    assert not EntryRecord.objects.exists()


def test_a_checked_prerequisite_needs_its_justification(client, world):
    open_stage(world.cohort, "entry")
    client.force_login(world.facilitator)
    data = {**ENTRY_POST, "ambition_note": "  ", "committed_on": ""}
    response = client.post(_entry_url(world, world.delegation_a), data)
    assert "Justifiez en quelques mots" in response.content.decode()
    assert not EntryRecord.objects.exists()


def test_writing_the_entry_of_a_closed_stage_is_refused_with_the_reason(client, world):
    client.force_login(world.agent_a)  # the entry stage is still upcoming
    response = client.post(_entry_url(world, world.delegation_a), ENTRY_POST)
    assert response.status_code == 403
    assert "pas ouverte" in response.content.decode()
    assert not EntryRecord.objects.exists()


def test_a_stale_entry_edit_is_refused_and_shows_both_versions(client, world):
    open_stage(world.cohort, "entry")
    entry_for(world)
    client.force_login(world.facilitator)
    url = _entry_url(world, world.delegation_a)
    token = client.get(url).context["form"].initial["fingerprint"]
    EntryRecord.objects.update(ambition_note="Changé par une collègue.")
    data = {**ENTRY_POST, "committed_on": "", "fingerprint": token}
    response = client.post(url, data)
    assert response.status_code == 409
    assert "Changé par une collègue." in response.content.decode()
    assert EntryRecord.objects.get().ambition_note == "Changé par une collègue."


def test_visit_reports_are_read_by_their_territory_and_the_facilitators_only(client, world):
    visit_for(world)
    page = reverse("parcours:inspiration", args=[world.cohort.pk])
    for person, sees in [
        (world.facilitator, True),
        (world.socio, True),
        (world.agent_b, False),
        (world.researcher, False),
    ]:
        client.force_login(person)
        assert ("Tiers-lieu de la gare" in client.get(page).content.decode()) is sees, person
    report = VisitReport.objects.get()
    client.force_login(world.agent_b)
    url = reverse("parcours:visit-update", args=[world.cohort.pk, report.pk])
    assert client.get(url).status_code == 404


def test_a_participant_writes_a_visit_report_for_their_own_territory_only(client, world):
    open_stage(world.cohort, "inspiration")
    client.force_login(world.elu)
    url = reverse("parcours:visit-create", args=[world.cohort.pk])
    response = client.post(
        url,
        {
            "delegation": world.delegation_b.pk,
            "place": "Ailleurs",
            "partnership": "x",
            "takeaways": "y",
        },
    )
    assert response.status_code == 400  # B is not a choice for an élue of A
    assert not VisitReport.objects.exists()
    response = client.post(
        url,
        {
            "delegation": world.delegation_a.pk,
            "place": "Régie de quartier",
            "partnership": "La régie et la ville.",
            "takeaways": "Les clauses sociales.",
        },
    )
    assert response.status_code == 302
    assert VisitReport.objects.get().author == world.elu


def test_a_visit_report_never_offers_or_takes_a_subgroup_workshop_of_another_territory(
    client, world
):
    # Found by the access matrix: the meeting choices named delegation A's subgroup
    # workshop to an agent of territory B.
    open_stage(world.cohort, "inspiration")
    workshop = subgroup_meeting_for(world)  # the subgroup holds delegation A only
    workshop.title = "Atelier réservé au sous-groupe"
    workshop.save(update_fields=["title"])
    url = reverse("parcours:visit-create", args=[world.cohort.pk])
    client.force_login(world.agent_b)
    assert workshop.title not in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "delegation": world.delegation_b.pk,
            "meeting": workshop.pk,
            "place": "Ailleurs",
            "partnership": "x",
            "takeaways": "y",
        },
    )
    assert response.status_code == 400
    assert not VisitReport.objects.exists()
    client.force_login(world.elu)
    assert workshop.title in client.get(url).content.decode()


def test_topic_notes_are_shared_across_the_cohort_and_written_together(client, world):
    open_stage(world.cohort, "inspiration")
    note = topic_note_for(world)
    page = reverse("parcours:inspiration", args=[world.cohort.pk])
    for person in (world.agent_b, world.researcher, world.etat):
        client.force_login(person)
        assert "Premiers constats." in client.get(page).content.decode()
    client.force_login(world.other_facilitator)
    assert client.get(page).status_code == 404
    client.force_login(world.agent_b)  # another territory improves the note
    url = reverse("parcours:topic-note-update", args=[world.cohort.pk, note.topic_id, note.pk])
    token = client.get(url).context["form"].initial["fingerprint"]
    client.post(
        url, {"title": "Cantines", "body": "Premiers constats, complétés.", "fingerprint": token}
    )
    note = TopicNote.objects.get()
    assert note.body == "Premiers constats, complétés."
    assert set(note.contributors.all()) == {world.collectivite, world.agent_b}
    # A second edit from the same, now stale, page is refused: nothing is overwritten.
    response = client.post(url, {"title": "Cantines", "body": "Écrasé ?", "fingerprint": token})
    assert response.status_code == 409
    assert TopicNote.objects.get().body == "Premiers constats, complétés."


def test_a_researcher_reads_topic_notes_but_does_not_write_them(client, world):
    open_stage(world.cohort, "inspiration")
    note = topic_note_for(world)
    client.force_login(world.researcher)
    url = reverse("parcours:topic-note-create", args=[world.cohort.pk, note.topic_id])
    assert client.post(url, {"title": "t", "body": "b"}).status_code == 403


def test_a_subgroups_page_and_notes_are_for_its_delegations_and_the_facilitators(client, world):
    open_stage(world.cohort, "inspiration")
    subgroup = subgroup_for(world)
    url = reverse("parcours:subgroup-detail", args=[world.cohort.pk, subgroup.pk])
    client.force_login(world.etat)
    response = client.post(url, {"title": "Une note", "body": "Ce que nous avons appris."})
    assert response.status_code == 302
    for person, status in [
        (world.facilitator, 200),
        (world.socio, 200),
        (world.agent_b, 404),
        (world.researcher, 404),
    ]:
        client.force_login(person)
        assert client.get(url).status_code == status, person


def test_the_stage_names_link_to_the_page_of_their_output(client, world):
    client.force_login(world.facilitator)
    page = client.get(reverse("transitions:cohort-detail", args=[world.cohort.pk]))
    html = page.content.decode()
    for name in ("entry-list", "stepping-back", "inspiration"):
        assert reverse(f"parcours:{name}", args=[world.cohort.pk]) in html


def test_the_dashboard_shows_each_territorys_entry(client, world):
    entry_for(world)
    client.force_login(world.facilitator)
    html = client.get(reverse("transitions:cohort-dashboard", args=[world.cohort.pk])).content
    assert "2/3 prérequis" in html.decode()
