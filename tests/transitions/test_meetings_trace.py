"""Meetings that leave a trace: attendance counted by category and sub-role, a structured
closing report, attachments served only through the checking view, REX sessions over
time, Paris times."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.transitions.factories import attachment_for, meeting_for, subgroup_meeting_for
from transitions import selectors, services
from transitions.models import Meeting, MeetingReport, Membership

pytestmark = pytest.mark.django_db


def _give_sub_role(user, sub_role):
    Membership.objects.filter(user=user).update(sub_role=sub_role)


def test_attendance_is_counted_by_category_with_citizens_apart_and_by_sub_role(world):
    meeting = meeting_for(world)
    _give_sub_role(world.elu, "maire")
    _give_sub_role(world.socio, "citoyen")
    services.attendance_set(
        meeting=meeting,
        user_ids={world.elu.pk, world.elu2.pk, world.socio.pk, world.etat.pk, world.facilitator.pk},
    )
    services.attendance_add_guest(
        meeting=meeting,
        name="Invitée du réseau",
        category="ACTEUR_SOCIO_ECONOMIQUE",
        sub_role="tete_de_reseau",
    )
    [row] = selectors.attendance_by_category(world.cohort)
    assert row["by_category"] == {
        "ELU": 2,
        "AGENT_COLLECTIVITE": 0,
        "AGENT_ETAT": 1,
        "ACTEUR_SOCIO_ECONOMIQUE": 1,
        "CITOYEN": 1,
        "OTHER": 1,
    }
    assert row["by_sub_role"] == {"maire": 1, "citoyen": 1, "tete_de_reseau": 1}
    assert row["total"] == 6
    assert "user" not in row and "rows" not in row  # a plain record: no name leaves


def test_attendance_keeps_the_category_held_on_the_day(world):
    meeting = meeting_for(world)
    services.attendance_set(meeting=meeting, user_ids={world.elu.pk})
    Membership.objects.filter(user=world.elu).update(category="AGENT_ETAT")
    services.attendance_set(meeting=meeting, user_ids={world.elu.pk})  # saved again
    assert meeting.attendances.get().category == "ELU"


def test_only_people_who_may_attend_are_recorded(world):
    meeting = subgroup_meeting_for(world)  # the subgroup holds delegation A only
    with pytest.raises(ValidationError):
        services.attendance_set(meeting=meeting, user_ids={world.agent_b.pk})
    with pytest.raises(ValidationError):
        services.attendance_set(meeting=meeting_for(world), user_ids={world.other_facilitator.pk})
    assert not meeting.attendances.exists()


def test_members_read_the_counts_and_only_facilitators_read_the_names(client, world):
    meeting = meeting_for(world)
    services.attendance_set(meeting=meeting, user_ids={world.etat.pk})
    url = reverse("transitions:meeting-detail", args=[world.cohort.pk, meeting.pk])
    client.force_login(world.elu)
    html = client.get(url).content.decode()
    assert "1 personne présente" in html and world.etat.full_name not in html
    client.force_login(world.facilitator)
    assert world.etat.full_name in client.get(url).content.decode()


def test_the_facilitator_records_attendance_and_an_outside_guest_through_the_page(client, world):
    meeting = meeting_for(world)
    url = reverse("transitions:meeting-attendance", args=[world.cohort.pk, meeting.pk])
    client.force_login(world.facilitator)
    assert client.post(url, {"present": [world.elu.pk, world.socio.pk]}).status_code == 302
    response = client.post(url, {"guest_name": "", "category": ""})
    assert response.status_code == 400
    response = client.post(
        url, {"guest_name": "Expert extérieur", "category": "ELU", "sub_role": "dgs"}
    )
    assert "ne correspond pas à la catégorie" in response.content.decode()
    client.post(url, {"guest_name": "Expert extérieur", "guest_organisation": "Réseau"})
    assert meeting.attendances.count() == 3
    client.force_login(world.elu)
    assert client.post(url, {"present": []}).status_code == 403


def test_a_next_step_without_owner_or_date_and_a_script_link_are_refused(world):
    meeting = meeting_for(world)
    with pytest.raises(ValidationError) as error:
        services.meeting_report_save(
            meeting=meeting,
            user=world.facilitator,
            fingerprint="",
            summary="Séance de lancement.",
            learnings="",
            outcomes=[
                {"kind": "next_step", "text": "Relancer les élus", "owner": "", "due_on": None}
            ],
            links=[{"label": "Piège", "url": "javascript:alert(1)"}],
        )
    assert "porteur·se et une échéance" in " ".join(error.value.messages)
    assert "n'est pas une adresse valide" in " ".join(error.value.messages)
    assert not MeetingReport.objects.exists()


def test_the_closing_report_is_written_through_the_page_and_shown(client, world):
    meeting = meeting_for(world)
    url = reverse("transitions:meeting-report", args=[world.cohort.pk, meeting.pk])
    client.force_login(world.facilitator)
    data = {
        "summary": "Première séance : tour de table et règles du groupe.",
        "learnings": "La parole vraie demande du temps.",
        "fingerprint": "",
        "outcomes-TOTAL_FORMS": "2",
        "outcomes-INITIAL_FORMS": "0",
        "outcomes-0-kind": "decision",
        "outcomes-0-text": "Les séances durent trois heures.",
        "outcomes-1-kind": "next_step",
        "outcomes-1-text": "Envoyer la synthèse",
        "outcomes-1-owner": "Fanny Animatrice",
        "outcomes-1-due_on": "2026-05-04",
        "links-TOTAL_FORMS": "1",
        "links-INITIAL_FORMS": "0",
        "links-0-label": "Le tableau du groupe",
        "links-0-url": "/groupes-de-pairs/",
    }
    assert client.post(url, data).status_code == 302
    report = MeetingReport.objects.get()
    assert [o.kind for o in report.outcomes.order_by("pk")] == ["decision", "next_step"]
    client.force_login(world.socio)
    html = client.get(
        reverse("transitions:meeting-detail", args=[world.cohort.pk, meeting.pk])
    ).content.decode()
    assert "Envoyer la synthèse" in html and "4 mai 2026" in html and "/groupes-de-pairs/" in html


def test_attachments_leave_only_through_the_checking_view(client, world, settings):
    meeting = subgroup_meeting_for(world)
    attachment = attachment_for(meeting, content=b"Compte rendu confidentiel")
    url = reverse("transitions:meeting-attachment-download", args=[world.cohort.pk, attachment.pk])
    client.force_login(world.socio)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Compte rendu confidentiel"
    assert "no-store" in response["Cache-Control"]
    for person in (world.agent_b, world.researcher, world.other_facilitator):
        client.force_login(person)
        assert client.get(url).status_code == 404, person
    assert client.get(settings.MEDIA_URL + attachment.file.name).status_code == 404


def test_an_unaccepted_file_type_is_refused_in_french(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    meeting = meeting_for(world)
    client.force_login(world.facilitator)
    url = reverse("transitions:meeting-attachment-add", args=[world.cohort.pk, meeting.pk])
    response = client.post(url, {"file": SimpleUploadedFile("script.exe", b"MZ")}, follow=True)
    assert "type de fichier n'est pas accepté" in response.content.decode().replace("&#x27;", "'")
    assert not meeting.attachments.exists()


def test_rex_sessions_show_their_rhythm_and_who_comes_back(world):
    stage = world.cohort.stages.get(kind="inspiration")
    start = datetime.datetime(2026, 3, 2, 14, 0, tzinfo=datetime.UTC)
    sessions = [
        services.meeting_create(
            stage=stage,
            kind="rex",
            title=f"REX {n}",
            starts_at=start + datetime.timedelta(days=21 * n),
            duration_minutes=120,
            place="En ligne",
        )
        for n in range(3)
    ]
    services.attendance_set(meeting=sessions[0], user_ids={world.elu.pk, world.socio.pk})
    services.attendance_set(meeting=sessions[1], user_ids={world.elu.pk, world.etat.pk})
    timeline = selectors.rex_timeline(world.cohort)
    assert [(e["gap_days"], e["returning"], e["newcomers"]) for e in timeline["sessions"]] == [
        (None, 0, 2),
        (21, 1, 1),
        (21, 0, 0),
    ]
    assert timeline["average_gap_days"] == 21 and timeline["distinct_people"] == 3


def test_meeting_times_are_shown_in_paris_time(client, world):
    meeting = meeting_for(world)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=datetime.datetime(2026, 1, 15, 8, 30, tzinfo=datetime.UTC), duration_minutes=180
    )
    client.force_login(world.elu)
    html = client.get(
        reverse("transitions:meeting-detail", args=[world.cohort.pk, meeting.pk])
    ).content.decode()
    assert "de 09:30 à 12:30" in html


def test_a_subgroup_meeting_is_hidden_from_the_rest_of_the_cohort(client, world):
    meeting = subgroup_meeting_for(world)
    client.force_login(world.agent_b)
    url = reverse("transitions:meeting-detail", args=[world.cohort.pk, meeting.pk])
    assert client.get(url).status_code == 404
    listing = client.get(reverse("transitions:meeting-list", args=[world.cohort.pk]))
    assert meeting.title not in listing.content.decode()


def _meetings_with_attendance(world, n: int):
    stage = world.cohort.stages.get(kind="inspiration")
    for index in range(n):
        meeting = services.meeting_create(
            stage=stage,
            kind="rex" if index % 2 else "workshop",
            title=f"Rencontre {index}",
            starts_at=datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
            + datetime.timedelta(days=7 * index),
            duration_minutes=120,
            place="En ligne",
        )
        services.attendance_set(meeting=meeting, user_ids={world.elu.pk, world.etat.pk})


def test_the_meeting_list_costs_the_same_queries_however_many_meetings(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.facilitator)
    url = reverse("transitions:meeting-list", args=[world.cohort.pk])
    _meetings_with_attendance(world, 2)
    client.get(url)  # warm the session and roles
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _meetings_with_attendance(world, 8)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def _report_post(client, url, *, fingerprint, next_step_text):
    return client.post(
        url,
        {
            "summary": "Séance de bilan du premier semestre.",
            "learnings": "",
            "fingerprint": fingerprint,
            "outcomes-TOTAL_FORMS": "1",
            "outcomes-INITIAL_FORMS": "0",
            "outcomes-0-kind": "next_step",
            "outcomes-0-text": next_step_text,
            "outcomes-0-owner": "Fanny Animatrice",
            "outcomes-0-due_on": "2026-06-12",
            "links-TOTAL_FORMS": "0",
            "links-INITIAL_FORMS": "0",
        },
    )


def _page_fingerprint(client, url) -> str:
    import re

    html = client.get(url).content.decode()
    return re.search(r'name="fingerprint" value="([^"]*)"', html).group(1)


def test_two_facilitators_editing_only_the_next_steps_never_overwrite_each_other(client, world):
    meeting = meeting_for(world)
    url = reverse("transitions:meeting-report", args=[world.cohort.pk, meeting.pk])
    client.force_login(world.facilitator)
    assert (
        _report_post(client, url, fingerprint="", next_step_text="Écrire aux élus").status_code
        == 302
    )
    seen_by_first = _page_fingerprint(client, url)
    seen_by_second = _page_fingerprint(client, url)
    assert seen_by_first == seen_by_second
    # Same summary, a different next step each: only the rows differ.
    assert (
        _report_post(
            client, url, fingerprint=seen_by_first, next_step_text="Réserver la salle"
        ).status_code
        == 302
    )
    response = _report_post(
        client, url, fingerprint=seen_by_second, next_step_text="Inviter la DDT"
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Réserver la salle" in html and "Inviter la DDT" in html  # theirs and mine, side by side
    assert [o.text for o in MeetingReport.objects.get().outcomes.all()] == ["Réserver la salle"]
    # "Keep mine": the page now carries the saved state's fingerprint.
    import re

    rebased = re.search(r'name="fingerprint" value="([^"]*)"', html).group(1)
    assert (
        _report_post(client, url, fingerprint=rebased, next_step_text="Inviter la DDT").status_code
        == 302
    )
    assert [o.text for o in MeetingReport.objects.get().outcomes.all()] == ["Inviter la DDT"]


def test_a_report_written_by_a_colleague_after_the_page_opened_is_not_overwritten(client, world):
    meeting = meeting_for(world)
    url = reverse("transitions:meeting-report", args=[world.cohort.pk, meeting.pk])
    client.force_login(world.facilitator)
    seen_before_any_report = _page_fingerprint(client, url)
    assert (
        _report_post(
            client, url, fingerprint=seen_before_any_report, next_step_text="Premier"
        ).status_code
        == 302
    )
    response = _report_post(
        client, url, fingerprint=seen_before_any_report, next_step_text="Second"
    )
    assert response.status_code == 409
    assert [o.text for o in MeetingReport.objects.get().outcomes.all()] == ["Premier"]


def test_a_stale_link_edit_is_refused_by_the_service(world):
    from transitions.concurrency import StaleEdit, fingerprint
    from transitions.models import MEETING_REPORT_FINGERPRINT

    meeting = meeting_for(world)
    common = {"meeting": meeting, "user": world.facilitator, "summary": "Bilan.", "learnings": ""}
    report = services.meeting_report_save(
        fingerprint="", outcomes=[], links=[{"label": "Carte", "url": "/a/"}], **common
    )
    seen = fingerprint(report, MEETING_REPORT_FINGERPRINT)
    services.meeting_report_save(
        fingerprint=seen, outcomes=[], links=[{"label": "Carte", "url": "/b/"}], **common
    )
    with pytest.raises(StaleEdit):
        services.meeting_report_save(
            fingerprint=seen, outcomes=[], links=[{"label": "Carte", "url": "/c/"}], **common
        )
    assert MeetingReport.objects.get().links_text == "Carte : /b/"
