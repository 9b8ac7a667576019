"""The PDF report: rendered by the job pipeline, polled with htmx, served as an
attachment, reused when nothing changed; user content never makes WeasyPrint fetch."""

from __future__ import annotations

import subprocess

import pytest
from django.urls import reverse

from diagnostics import reports, services
from tests.diagnostics.factories import axis_question
from transitions.models import Job
from transitions.pdf import STATIC_BASE, RefusedURL, make_fetcher, render_pdf

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
PRINCIPLE_TITLES = [
    "Créer, renforcer les conditions d'engagement",
    "Agir en coopération, tenir le cap et la durée",
    "Agir de façon intégrée, systémique",
    "la valeur créée",
]


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _save(world, code, text, user=None, level=2):
    question = axis_question(world.diagnostic, code)
    services.answer_save(
        diagnostic=world.diagnostic,
        question=question,
        user=user or world.agent_a,
        base_version=0,
        category="AGENT_COLLECTIVITE",
        level=level,
        text=text,
    )


def test_hostile_observations_are_printed_as_text_and_nothing_is_fetched(
    world, diagnostic, tmp_path
):
    _save(
        world,
        "P1-a",
        '<img src="file:///etc/passwd"> voir <a href="http://127.0.0.1:6379/">ici</a>',
    )
    _save(
        world,
        "P1-b",
        '<link rel="stylesheet" href="http://127.0.0.1:6379/x.css">',
        user=world.elu,
    )
    fetcher = make_fetcher()
    data = render_pdf(
        "diagnostics/pdf/report.html", reports.report_context(world.diagnostic), fetcher=fetcher
    )
    text = _pdf_text(data, tmp_path)
    assert '<img src="file:///etc/passwd">' in text
    assert "http://127.0.0.1:6379/" in text
    assert "root:x:0:0" not in text
    # Only our own stylesheet, through the safe fetcher.
    assert fetcher.fetched == [f"{STATIC_BASE}css/pdf.css"]
    # Observations are attributed to a category, never to a name.
    assert "Agent·e de collectivité" in text
    assert "Agnès Agent" not in text and "Élise Élue" not in text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:6379/",
        "https://example.org/x.png",
        "static:///../../etc/passwd",
        "/static/../../../etc/passwd",
    ],
)
def test_the_url_fetcher_refuses_anything_but_our_static_files_and_data_urls(url):
    with pytest.raises(RefusedURL):
        make_fetcher().fetch(url)


def test_the_url_fetcher_serves_our_static_files_and_data_urls():
    css = make_fetcher().fetch("static:///css/transitions.css")
    assert b"--accent" in css.read() and css.content_type == "text/css"
    data = make_fetcher().fetch("data:text/plain;base64,Ym9uam91cg==")
    assert data.read() == b"bonjour"


def test_raw_html_pointing_at_local_files_renders_without_reading_them(tmp_path):
    from weasyprint import HTML

    fetcher = make_fetcher()
    html = (
        '<link rel="stylesheet" href="static:///css/transitions.css">'
        '<p>Bonjour</p><img src="file:///etc/passwd">'
        '<link rel="stylesheet" href="http://127.0.0.1:6379/">'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
    )
    data = HTML(string=html, base_url=STATIC_BASE, url_fetcher=fetcher).write_pdf()
    assert "Bonjour" in _pdf_text(data, tmp_path)
    assert b"root:x" not in data
    assert "file:///etc/passwd" in fetcher.fetched  # asked for, and refused


def test_a_facilitator_asks_for_the_report_polls_and_downloads_it(
    client, world, diagnostic, django_capture_on_commit_callbacks, tmp_path
):
    _save(world, "P2-e", "On connaît mal les contraintes de l'État.")
    client.force_login(world.facilitator)
    pk = world.diagnostic.pk
    status_url = reverse("diagnostics:report-status", args=[pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("diagnostics:report-request", args=[pk]), **HTMX)
    html = response.content.decode()
    assert "en cours de fabrication" in html and 'hx-trigger="every 2s"' in html
    # Still pending: polling goes on.
    pending = client.get(status_url, **HTMX)
    assert pending.status_code == 200 and 'hx-trigger="every 2s"' in pending.content.decode()
    for callback in callbacks:  # the commit: the task runs (eagerly in tests)
        callback()
    ready = client.get(status_url, **HTMX)
    assert ready.status_code == 286  # htmx stops polling
    assert "Télécharger le rapport PDF" in ready.content.decode()
    download = client.get(reverse("diagnostics:report-download", args=[pk]))
    assert download["Content-Disposition"].startswith(
        'attachment; filename="diagnostic-loos-sur-lys.pdf"'
    )
    data = b"".join(download.streaming_content)
    text = _pdf_text(data, tmp_path)
    assert "Loos-sur-Lys" in text
    flat = " ".join(text.split())
    # Only the principle with answers gets its section; the others carry no information.
    assert PRINCIPLE_TITLES[1] in flat
    assert PRINCIPLE_TITLES[0] not in flat


def test_asking_again_when_nothing_changed_returns_the_same_file(
    client, world, diagnostic, django_capture_on_commit_callbacks
):
    client.force_login(world.agent_a)
    url = reverse("diagnostics:report-request", args=[world.diagnostic.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    first = Job.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert Job.objects.count() == 1
    assert Job.objects.get().file.name == first.file.name
    _save(world, "P3-a", "Un changement")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert Job.objects.count() == 2
    assert reports.latest_report(world.diagnostic).status == "ready"


def test_a_failed_render_shows_its_error_to_the_facilitator(
    client, world, diagnostic, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("police introuvable")

    monkeypatch.setattr(reports, "render_pdf", broken)
    client.force_login(world.facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("diagnostics:report-request", args=[world.diagnostic.pk]))
    job = Job.objects.get()
    assert job.status == "failed"
    html = client.get(
        reverse("diagnostics:results-detail", args=[world.diagnostic.pk])
    ).content.decode()
    assert "La fabrication du rapport a échoué" in html and "police introuvable" in html
    response = client.get(reverse("diagnostics:report-status", args=[world.diagnostic.pk]), **HTMX)
    assert response.status_code == 286
    assert (
        client.get(reverse("diagnostics:report-download", args=[world.diagnostic.pk])).status_code
        == 404
    )


def test_the_agent_chooses_which_observations_the_report_quotes(
    client, world, diagnostic, tmp_path
):
    _save(world, "P1-a", "Citation retenue par la délégation.")
    _save(world, "P1-b", "Observation laissée de côté.")
    chosen = world.diagnostic.answers.get(text="Citation retenue par la délégation.")
    # A participant may not choose; the coordinating agent may.
    client.force_login(world.elu)
    url = reverse("diagnostics:observation-quote", args=[world.diagnostic.pk, chosen.pk])
    assert client.post(url, {"quoted": "1"}).status_code == 403
    client.force_login(world.agent_a)
    response = client.post(url, {"quoted": "1"}, **HTMX)
    assert "Ne plus citer dans le rapport" in response.content.decode()
    chosen.refresh_from_db()
    assert chosen.quoted and chosen.version == 1  # choosing does not touch the answer
    text = _pdf_text(
        render_pdf("diagnostics/pdf/report.html", reports.report_context(world.diagnostic)),
        tmp_path,
    )
    assert "Citation retenue par la délégation." in text
    assert "Observation laissée de côté." not in text
    # Another territory's agent cannot reach it.
    client.force_login(world.agent_b)
    assert client.post(url, {"quoted": "0"}).status_code == 404
