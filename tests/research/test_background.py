"""Work done in the background: detection at save (research listens to the feature
apps' models) and the time limits of big export jobs."""

import datetime as dt

import pytest
from celery.app.task import Task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from peergroups.models import Contribution
from research import exports, services, tasks
from research.models import Detection
from research.pseudonyms import text_hash
from transitions import jobs
from transitions.models import Job, JobStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch):
    """What is handed to the broker: (task name, args, options), nothing really sent."""
    calls: list[tuple] = []

    def capture(self, args=None, kwargs=None, **options):
        calls.append((self.name, args, options))

    monkeypatch.setattr(Task, "apply_async", capture)
    return calls


def _detections(sent) -> list[tuple]:
    return [args for name, args, _o in sent if name == services.DETECT_TASK]


def test_saving_a_forum_card_queues_its_detection_once_committed(
    scene, sent, django_capture_on_commit_callbacks
):
    card = scene.forum_card
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        card.text = f"Réécrit avec {scene.etat.full_name}."
        card.save()
    assert not _detections(sent)  # nothing before the commit
    for callback in callbacks:
        callback()
    [(cohort_id, segment_ids)] = _detections(sent)
    assert cohort_id == scene.cohort.pk and segment_ids == [f"agora.card:{card.pk}"]
    # The worker's run stores a fresh detection of the new text.
    tasks.detect_corpus(cohort_id, segment_ids)
    detection = Detection.objects.get(cohort=scene.cohort, segment_id=segment_ids[0])
    assert detection.text_hash == text_hash(card.text)
    assert "person" in {span[2] for span in detection.spans}


def test_saving_any_text_the_corpus_reads_queues_its_detection(
    scene, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        scene.shared_card.save()
        scene.statement.save()
        scene.diagnostic_answer.save()
        scene.opportunity.save()
        scene.forum.save()
    ids = {sid for _cohort, segment_ids in _detections(sent) for sid in segment_ids}
    assert {
        f"peergroups.contribution:{scene.shared_card.pk}",
        f"agora.statement:{scene.statement.pk}",
        f"diagnostics.answer:{scene.diagnostic_answer.pk}",
        f"agora.opportunity:{scene.opportunity.pk}",
        f"agora.forum:{scene.forum.pk}:commitments",
        f"agora.atmosphere:{scene.forum.pk}",
    } <= ids


def test_detecting_given_segments_reads_only_their_source_and_stores_them(scene):
    Detection.objects.filter(cohort=scene.cohort).delete()
    card_id = f"peergroups.contribution:{scene.shared_card.pk}"
    seen = services.corpus_detect(
        cohort=scene.cohort, segment_ids=[card_id, f"agora.forum:{scene.forum.pk}:commitments"]
    )
    assert seen == 2
    stored = set(Detection.objects.filter(cohort=scene.cohort).values_list("segment_id", flat=True))
    assert stored == {card_id, f"agora.forum:{scene.forum.pk}:commitments"}


def test_a_text_saved_without_a_signal_is_still_detected_before_export(scene):
    text = f"Mis à jour en masse par {scene.elu.full_name}"
    Contribution.objects.filter(pk=scene.shared_card.pk).update(text=text)
    project = services.export_project_for(cohort=scene.cohort, name="p")
    csv_text = "".join(
        exports.csv_stream(exports.Exporter(scene.cohort, project, exports.Filters()))
    )
    assert "Mis à jour en masse par [[P-" in csv_text and scene.elu.full_name not in csv_text


def test_research_export_jobs_are_sent_with_their_own_time_limits(
    client, scene, sent, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(exports, "JOB_THRESHOLD", 1)
    client.force_login(scene.researcher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("research:export", args=[scene.cohort.pk]), {"project": "p", "format": "qdpx"}
        )
    [options] = [o for name, _a, o in sent if name == jobs.RUN_TASK]
    assert options == {
        "soft_time_limit": settings.RESEARCH_EXPORT_SOFT_TIME_LIMIT,
        "time_limit": settings.RESEARCH_EXPORT_TIME_LIMIT,
    }
    assert settings.RESEARCH_EXPORT_SOFT_TIME_LIMIT > settings.CELERY_TASK_SOFT_TIME_LIMIT


def test_an_export_beyond_its_soft_time_limit_fails_with_a_french_message(
    client, scene, sent, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(exports, "JOB_THRESHOLD", 1)

    def too_long(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(exports, "xlsx_bytes", too_long)
    client.force_login(scene.researcher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("research:export", args=[scene.cohort.pk]), {"project": "p", "format": "xlsx"}
        )
    job = Job.objects.get(kind="research_xlsx")
    jobs.job_run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "dépassé la durée maximale autorisée (60 minutes)" in job.error


def test_the_sweeper_leaves_a_long_export_running_until_its_own_limit(scene, sent):
    job = Job.objects.create(
        kind="research_qdpx",
        target=f"{scene.cohort.pk}:0:1",
        content_hash="h",
        status=JobStatus.RUNNING,
        attempts=1,
        started_at=timezone.now() - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 120),
    )
    assert jobs.jobs_sweep() == {"resent": 0, "failed": 0}
    Job.objects.filter(pk=job.pk).update(
        started_at=timezone.now() - dt.timedelta(seconds=settings.RESEARCH_EXPORT_TIME_LIMIT + 120)
    )
    assert jobs.jobs_sweep() == {"resent": 1, "failed": 0}


def test_a_non_consenting_writers_saved_card_is_never_detected_nor_stored(
    scene, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        scene.reluctant_card.save()
    [(cohort_id, segment_ids)] = _detections(sent)
    assert tasks.detect_corpus(cohort_id, segment_ids) is None
    assert not Detection.objects.filter(segment_id=segment_ids[0]).exists()


def test_a_detection_run_stopped_at_its_time_limit_hands_over_to_the_next_run(
    scene, monkeypatch, django_capture_on_commit_callbacks
):
    queued: list[tuple] = []

    def capture(self, args=None, kwargs=None, **options):
        queued.append((args, kwargs))

    def too_long(**kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(Task, "apply_async", capture)
    monkeypatch.setattr(services, "corpus_detect", too_long)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.detect_corpus(scene.cohort.pk, None, rounds=3)
    assert queued == [((scene.cohort.pk, None), {"rounds": 4})]


def test_a_detection_chain_stops_after_its_last_allowed_round(
    scene, monkeypatch, settings, caplog, django_capture_on_commit_callbacks
):
    queued: list = []
    monkeypatch.setattr(Task, "apply_async", lambda self, *a, **k: queued.append(a))

    def too_long(**kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(services, "corpus_detect", too_long)
    settings.RESEARCH_DETECTION_MAX_ROUNDS = 5
    with django_capture_on_commit_callbacks(execute=True):
        tasks.detect_corpus(scene.cohort.pk, None, rounds=4)
    assert queued == []
    assert "stopped after 5 rounds" in caplog.text


def test_the_detection_task_has_its_own_time_limits():
    assert tasks.detect_corpus.soft_time_limit == settings.RESEARCH_DETECTION_SOFT_TIME_LIMIT
    assert tasks.detect_corpus.time_limit == settings.RESEARCH_DETECTION_TIME_LIMIT
    assert settings.RESEARCH_DETECTION_TIME_LIMIT > settings.RESEARCH_DETECTION_SOFT_TIME_LIMIT
