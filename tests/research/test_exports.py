"""Exports: the data dictionary, pseudonyms, what never leaves, formula injection, the
REFI-QDA project and codebook, the log, the command and the job pipeline."""

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from lxml import etree
from openpyxl import load_workbook

from research import exports, services
from research.exports import COLUMNS, DATA_DICTIONARY, Exporter
from research.models import ExportLog
from research.selectors import Filters, corpus
from transitions.models import Axis, Job

pytestmark = pytest.mark.django_db

# The REFI-QDA project schema (MIT licence, notice inside the file), kept with the tests
# so a clone validates on its own.
XSD = Path(__file__).resolve().parent / "standards" / "refi-qda-project-1.0.xsd"
NS = {"q": "urn:QDA-XML:project:1.0"}


def _exporter(scene, project="principal"):
    return Exporter(
        scene.cohort, services.export_project_for(cohort=scene.cohort, name=project), Filters()
    )


def _csv_rows(exporter) -> list[dict]:
    text = "".join(exports.csv_stream(exporter)).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def _all_formats_text(scene) -> dict[str, str]:
    ex = _exporter(scene)
    xlsx, _n = exports.xlsx_bytes(ex)
    wb = load_workbook(io.BytesIO(xlsx), read_only=True)
    cells = " ".join(str(v) for row in wb["segments"].iter_rows(values_only=True) for v in row)
    qdpx, _n = exports.qdpx_bytes(ex)
    with zipfile.ZipFile(io.BytesIO(qdpx)) as zf:
        inside = " ".join(zf.read(n).decode() for n in zf.namelist())
    return {
        "csv": "".join(exports.csv_stream(ex)),
        "json": "".join(exports.json_stream(ex)),
        "xlsx": cells,
        "qdpx": inside,
        "qdc": exports.qdc_bytes(scene.cohort, ex.pseudonymiser).decode(),
        "codebook": exports.codebook_csv(scene.cohort),
    }


def test_the_csv_header_equals_the_data_dictionary(scene):
    header = next(csv.reader(io.StringIO("".join(exports.csv_stream(_exporter(scene))))))
    assert [h.lstrip("\ufeff") for h in header] == [name for name, _d in DATA_DICTIONARY]
    assert all(description for _n, description in DATA_DICTIONARY)


def test_pseudonyms_are_stable_within_a_project_and_differ_across_projects(scene):
    def pseudonym(project):
        rows = _csv_rows(_exporter(scene, project))
        [row] = [r for r in rows if r["segment_id"].endswith(f":{scene.shared_card.pk}")]
        return row["participant"]

    first = pseudonym("thèse")
    assert first.startswith("P-")
    assert pseudonym("thèse") == first
    assert pseudonym("article") != first


def test_members_organisations_other_names_emails_and_phones_appear_in_no_export(scene):
    for fmt, text in _all_formats_text(scene).items():
        for secret in scene.secrets:
            assert secret.casefold() not in text.casefold(), (fmt, secret)


def test_replacements_are_marked_for_review(scene):
    rows = {r["segment_id"]: r for r in _csv_rows(_exporter(scene))}
    text = rows[f"peergroups.contribution:{scene.shared_card.pk}"]["text"]
    assert "[[téléphone]]" in text and "[[personne]]" in text and "[[P-" in text


def test_a_non_consenting_members_text_is_absent_from_every_format_even_after_withdrawal(
    scene,
):
    from transitions.services import research_consent_set

    research_consent_set(user=scene.etat, cohort=scene.cohort, consent=False)
    for fmt, text in _all_formats_text(scene).items():
        assert "Parole d'une personne sans consentement" not in text, fmt
        assert "nous a appelés" not in text, fmt
        assert "parole non partagée" not in text, fmt


def test_a_cell_starting_a_formula_is_neutralised(scene):
    rows = _csv_rows(_exporter(scene))
    [statement] = [r for r in rows if r["source"] == "agora.statement"]
    assert statement["text"].startswith("'=SOMME")


def test_territories_are_generalised_unless_the_protocol_names_them(scene):
    [row] = [r for r in _csv_rows(_exporter(scene)) if r["source"] == "diagnostics.answer"]
    assert row["territory"] == "commune · HDF"
    services.protocol_set(
        cohort=scene.cohort,
        sources=["diagnostics.answer"],
        categories=["ELU"],
        territories_named=True,
    )
    [row] = _csv_rows(_exporter(scene))
    assert row["territory"] == scene.territory_a.name


def test_the_json_nests_codings_with_their_span(scene):
    [segment] = [s for s in corpus(scene.cohort) if s.source == "research.observation"]
    services.coding_create(
        cohort=scene.cohort, segment=segment, axis=Axis.objects.get(code="P4-a"), start=0, end=5
    )
    data = json.loads("".join(exports.json_stream(_exporter(scene))))
    assert [d["column"] for d in data["data_dictionary"]] == COLUMNS
    [record] = [r for r in data["segments"] if r["source"] == "research.observation"]
    assert {"code": "P4-a", "code_kind": "axis"}.items() <= record["codings"][0].items()
    assert record["memos"] == []


def test_the_qdpx_validates_against_the_refi_qda_schema_and_reads_back(scene):
    [segment] = [s for s in corpus(scene.cohort) if s.source == "peergroups.contribution"]
    parent = services.code_create(cohort=scene.cohort, name="Coopération")
    child = services.code_create(cohort=scene.cohort, name="Confiance", parent=parent)
    services.coding_create(cohort=scene.cohort, segment=segment, code=child, start=0, end=12)
    services.coding_create(cohort=scene.cohort, segment=segment, axis=Axis.objects.get(code="P2-a"))
    services.memo_create(
        cohort=scene.cohort, author=scene.researcher, text="À relire", segment_id=segment.id
    )
    services.memo_create(
        cohort=scene.cohort,
        author=scene.researcher,
        text=f"Vu avec {scene.elu.full_name}",
        code=child,
    )

    data, count = exports.qdpx_bytes(_exporter(scene))

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        qde = zf.read("project.qde")
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    doc = etree.fromstring(qde)
    schema.assertValid(doc)
    sources = doc.findall(".//q:TextSource", NS)
    assert len(sources) == count == len(list(corpus(scene.cohort)))
    assert len([n for n in names if n.startswith("sources/")]) == count
    assert len(doc.findall(".//q:Coding", NS)) == 2
    assert len(doc.findall(".//q:CodeBook//q:Code", NS)) == 4 + 33 + 2
    assert [c.get("name") for c in doc.findall(".//q:Case", NS)] == ["commune · HDF"]
    notes = doc.findall(".//q:Notes/q:Note", NS)
    assert len(notes) == 2 and len(doc.findall(".//q:NoteRef", NS)) == 2
    assert scene.elu.full_name not in qde.decode()
    assert {v.get("name") for v in doc.findall(".//q:Variable", NS)} == {
        "actor_category",
        "stage",
        "territory_kind",
    }


def test_the_codebook_round_trips_through_csv_and_qdc(scene):
    parent = services.code_create(cohort=scene.cohort, name="Coopération", description="Liens")
    services.code_create(cohort=scene.cohort, name="Confiance", parent=parent)
    entries = exports.codebook(scene.cohort)

    rows = list(csv.DictReader(io.StringIO(exports.codebook_csv(scene.cohort))))
    assert [(r["code_id"], r["parent_id"], r["name"]) for r in rows] == [
        (e.key, e.parent, e.name) for e in entries
    ]
    qdc = etree.fromstring(exports.qdc_bytes(scene.cohort, _exporter(scene).pseudonymiser))
    ns = {"c": "urn:QDA-XML:codebook:1.0"}
    codes = qdc.findall(".//c:Code", ns)
    assert len(codes) == len(entries)
    [confiance] = [c for c in codes if c.get("name") == "Confiance"]
    assert confiance.getparent().get("name") == "Coopération"


def test_a_web_export_streams_and_is_logged_for_the_facilitators(client, scene):
    client.force_login(scene.researcher)
    response = client.post(
        reverse("research:export", args=[scene.cohort.pk]),
        {"project": "thèse", "format": "csv", "category": "AGENT_ETAT"},
    )
    assert response.streaming
    body = b"".join(response.streaming_content).decode()
    assert body.count("\n") == 1 + 3  # header, the shared card, a nuance, the observation
    log = ExportLog.objects.get(cohort=scene.cohort)
    assert (log.user, log.format, log.filters, log.row_count) == (
        scene.researcher,
        "csv",
        {"category": "AGENT_ETAT"},
        3,
    )
    client.force_login(scene.facilitator)
    page = client.get(reverse("research:export-log", args=[scene.cohort.pk])).content.decode()
    assert "thèse" in page and "category=AGENT_ETAT" in page


@pytest.mark.parametrize("fmt", ["xlsx", "qdpx", "qdc", "codebook_csv", "json"])
def test_every_format_downloads_from_the_browser(client, scene, fmt):
    client.force_login(scene.researcher)
    response = client.post(
        reverse("research:export", args=[scene.cohort.pk]), {"project": "p", "format": fmt}
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]


def test_a_big_export_goes_through_the_job_pipeline(
    client, scene, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(exports, "JOB_THRESHOLD", 1)
    client.force_login(scene.researcher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("research:export", args=[scene.cohort.pk]), {"project": "p", "format": "xlsx"}
        )
    assert response.status_code == 302
    job = Job.objects.get(kind="research_xlsx")
    assert job.status == "ready"
    download = client.get(reverse("transitions:job-download", args=[job.pk]))
    assert download.status_code == 200
    assert ExportLog.objects.get(format="xlsx").row_count == len(list(corpus(scene.cohort)))
    partial = client.get(reverse("research:export", args=[scene.cohort.pk]), HTTP_HX_REQUEST="true")
    assert partial.status_code == 286  # htmx stops polling: the job is finished
    assert reverse("transitions:job-download", args=[job.pk]) in partial.content.decode()
    client.force_login(scene.other_researcher)
    assert client.get(reverse("transitions:job-download", args=[job.pk])).status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx", "qdc", "qdpx"])
def test_the_command_exports_with_the_same_rules_and_logs_it(scene, tmp_path, fmt):
    out = tmp_path / f"export.{fmt}"
    call_command(
        "research_export", cohort=scene.cohort.pk, format=fmt, output=str(out), project="cli"
    )
    assert out.stat().st_size > 0
    if fmt in ("csv", "json"):
        text = out.read_text(encoding="utf-8")
        for secret in scene.secrets:
            assert secret not in text
        assert "Parole d'une personne sans consentement" not in text
    log = ExportLog.objects.get(channel="command")
    assert log.format == fmt and log.row_count


def test_a_big_xlsx_or_qdpx_reports_its_progress_in_percent(scene, monkeypatch):
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 1)
    monkeypatch.setattr(exports, "DETECTION_CHUNK", 1)  # the XLSX reports once per chunk
    total = len(list(corpus(scene.cohort)))
    for render in (exports.xlsx_bytes, exports.qdpx_bytes):
        reports: list = []

        def progress(percent, message="", reports=reports):
            reports.append((percent, message))

        _data, count = render(_exporter(scene), progress, total)
        assert count == total
        assert [p for p, _m in reports] == [min(99, n * 100 // total) for n in range(1, total + 1)]
        assert reports[0][1] == "1 segments écrits"


def test_an_empty_corpus_still_gives_a_valid_qdpx(scene):
    project = services.export_project_for(cohort=scene.other_cohort, name="vide")
    data, count = exports.qdpx_bytes(Exporter(scene.other_cohort, project, Filters()))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        doc = etree.fromstring(zf.read("project.qde"))
    etree.XMLSchema(etree.parse(str(XSD))).assertValid(doc)
    assert count == 0 and doc.find(".//q:Sources", NS) is None


def test_the_fast_csv_rows_are_the_records_cells(scene):
    """The CSV and XLSX write `Exporter.rows` (no dictionary per row); the JSON and the
    QDPX use `record`: both give the same cells."""
    ex = _exporter(scene)
    for chunk in ex.chunks():
        for (s, spans), row in zip(chunk, ex.rows(chunk), strict=True):
            assert row == exports._cells(ex.record(s, spans))
