"""The parcours' demo content: idempotent, complete, its texts distinct, its meetings in
the working day (Paris time)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from parcours.demo import load_demo_parcours
from parcours.models import EntryRecord, InputNote, SubgroupNote, Topic, TopicNote, VisitReport
from transitions import demo
from transitions.models import (
    Attendance,
    Meeting,
    MeetingAttachment,
    MeetingOutcome,
    MeetingReport,
    Membership,
    Subgroup,
)

pytestmark = pytest.mark.django_db

MODELS = (
    EntryRecord,
    InputNote,
    VisitReport,
    Topic,
    TopicNote,
    Subgroup,
    SubgroupNote,
    Meeting,
    Attendance,
    MeetingReport,
    MeetingOutcome,
    MeetingAttachment,
)


@pytest.fixture
def parcours_demo(monkeypatch):
    # Only the core demo and this app's loader: other apps' loaders are tested by them.
    monkeypatch.setattr(demo, "_demo_loaders", [load_demo_parcours])
    demo.load_demo()
    return demo.demo_cohort()


def test_loading_it_twice_duplicates_nothing(parcours_demo):
    first = [m.objects.count() for m in MODELS]
    demo.load_demo()
    assert [m.objects.count() for m in MODELS] == first


def test_every_stage_of_the_method_has_its_output(parcours_demo):
    assert EntryRecord.objects.filter(committed_on__isnull=False).count() == 10
    assert InputNote.objects.count() >= 3
    assert VisitReport.objects.count() >= 4
    assert set(Topic.objects.values_list("name", flat=True)) == {
        "Alimentation",
        "Projet de territoire",
        "Implication citoyenne",
        "Management coopératif",
    }
    assert all(topic.notes.exists() for topic in Topic.objects.all())
    assert {s.basis for s in Subgroup.objects.all()} == {"geography", "theme"}
    assert all(s.meetings.exists() and s.notes.exists() for s in Subgroup.objects.all())
    kinds = set(Meeting.objects.values_list("kind", flat=True))
    assert {"plenary", "visit", "rex", "mirror_group"} <= kinds


def test_every_past_meeting_has_attendance_and_a_closing_report(parcours_demo):
    # Today's meetings (the third peer session) are under way whatever the hour the demo is
    # loaded: attendance and a report come after them, so only earlier days are "past".
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    tomorrow = today + datetime.timedelta(days=1)
    for meeting in Meeting.objects.filter(starts_at__lt=today):
        assert meeting.attendances.exists(), meeting
        assert MeetingReport.objects.filter(meeting=meeting).exists(), meeting
    for meeting in Meeting.objects.filter(starts_at__gte=tomorrow):
        assert not meeting.attendances.exists(), meeting


def test_demo_meetings_happen_in_the_working_day_in_paris(parcours_demo):
    for meeting in Meeting.objects.all():
        start = timezone.localtime(meeting.starts_at)
        end = timezone.localtime(meeting.ends_at)
        assert 8 <= start.hour and end.hour <= 18 and start.date() == end.date(), meeting


def test_demo_members_have_sub_roles_that_fit_their_category(parcours_demo):
    from transitions.models import sub_role_fits

    seats = Membership.objects.filter(cohort=parcours_demo, role="participant")
    assert seats.exclude(sub_role="").count() == seats.count()
    assert all(sub_role_fits(m.category, m.sub_role) for m in seats)


def test_no_demo_text_is_repeated(parcours_demo):
    texts = []
    for record in EntryRecord.objects.all():
        texts += [record.ambition_note, record.ecosystem_note, record.leadership_note]
    texts += list(InputNote.objects.values_list("body", flat=True))
    for report in VisitReport.objects.all():
        texts += [report.partnership, report.takeaways]
    texts += list(TopicNote.objects.values_list("body", flat=True))
    texts += list(SubgroupNote.objects.values_list("body", flat=True))
    for report in MeetingReport.objects.all():
        texts += [report.summary, report.learnings]
    texts += list(MeetingOutcome.objects.values_list("text", flat=True))
    assert all(texts) and len(texts) == len(set(texts))
    titles = list(Meeting.objects.values_list("title", flat=True))
    assert len(titles) == len(set(titles))
