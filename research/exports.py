"""Exports of a cohort's corpus: CSV and JSON (streamed), XLSX (openpyxl write-only),
the codebook (CSV and REFI-QDA QDC) and a REFI-QDA project (QDPX).

Every format goes through `Exporter`, which applies the protocol (sources, categories,
named or generalised territories), reads consent at call time through the corpus and
pseudonymises with the export project's secret, so the web and the command line
produce the same files. XLSX and QDPX above JOB_THRESHOLD segments run as jobs of the
shared pipeline (transitions.jobs).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from lxml import etree

from research.models import ExportFormat, ExportLog
from research.pseudonyms import FORMULA_STARTS, Dictionary, Pseudonymiser, neutralise_formula
from research.selectors import (
    Filters,
    Segment,
    codes_of,
    corpus,
    memos_by_target,
    protocol_of,
)
from research.services import DETECTION_CHUNK, detections_for
from transitions.models import Principle

# Segments above which XLSX and QDPX exports run as background jobs (setting, 20,000).
JOB_THRESHOLD = settings.RESEARCH_EXPORT_JOB_THRESHOLD
JOB_KINDS = ("research_xlsx", "research_qdpx")
QDA_NS = "urn:QDA-XML:project:1.0"
QDC_NS = "urn:QDA-XML:codebook:1.0"

# The columns of the long format (CSV, XLSX; the JSON records use the same keys), each
# described for whoever opens the file. The CSV header is exactly these names.
DATA_DICTIONARY: list[tuple[str, str]] = [
    ("segment_id", "Identifiant stable du segment : source et numéro."),
    (
        "source",
        "Origine du texte : diagnostics.answer (observation du diagnostic), "
        "peergroups.contribution (contribution partagée à l'agora), agora.statement "
        "(énoncé de l'agora), agora.position (nuance d'une catégorie), agora.card (carton "
        "d'une table d'un forum territorial : idée clé, idée divergente ou synthèse de "
        "l'ancre), agora.forum (déroulé d'un forum tenu, sorties de sa récolte, ou raison "
        "pour laquelle il n'a pas pu se tenir), agora.atmosphere (ambiance et notes "
        "sensibles d'un forum), agora.opportunity (opportunité de coopération née d'un "
        "forum), research.observation (observation de terrain).",
    ),
    (
        "kind",
        "Type du texte dans sa source (section, type de contribution ou d'énoncé ; pour un "
        "forum : key_idea, divergent, synthesis, forum, not_held, une sortie de la récolte "
        "comme shared_constraints ou commitments, atmosphere, ou le type de relation visé "
        "par une opportunité).",
    ),
    ("stage", "Étape du parcours (diagnostic, peer_groups, agora, forums…)."),
    (
        "meeting",
        "Rencontre : séance entre pairs (#n), forum (« forum du AAAA-MM-JJ », avec le tour "
        "et la table pour un carton) ou intitulé de la rencontre observée.",
    ),
    ("date", "Date du texte (AAAA-MM-JJ)."),
    ("territory", "Territoire, nommé ou généralisé (type · région) selon le protocole."),
    ("territory_kind", "Type de territoire (commune, communauté de communes…)."),
    (
        "actor_category",
        "Catégorie d'acteur : ELU, AGENT_COLLECTIVITE, AGENT_ETAT, "
        "ACTEUR_SOCIO_ECONOMIQUE ; vide pour l'agora plénière.",
    ),
    (
        "participant",
        "Pseudonyme du participant, stable dans ce projet d'export ; vide si "
        "anonyme ou sans auteur individuel.",
    ),
    (
        "organisation",
        "Pseudonyme de l'organisation à laquelle le texte est attribué (porteuse d'une "
        "opportunité de coopération), stable dans ce projet d'export ; vide sinon.",
    ),
    ("axis_codes", "Axes du référentiel (P1-a … P4-i), séparés par « | »."),
    ("research_codes", "Codes de recherche de la cohorte, séparés par « | »."),
    ("text", "Texte pseudonymisé ; chaque remplacement est entre [[ ]]."),
]
COLUMNS = [name for name, _description in DATA_DICTIONARY]
# Columns people type (the others are codes, dates and pseudonyms the platform writes):
# these are the ones a spreadsheet formula could hide in.
TYPED_COLUMNS = {"meeting", "territory", "research_codes", "text"}


FORMULA_CHARS = frozenset(FORMULA_STARTS)


def _cells(record: dict) -> list:
    return [neutralise_formula(record[c]) if c in TYPED_COLUMNS else record[c] for c in COLUMNS]


@dataclass
class Exporter:
    """One export's context: the protocol, the cohort's names and the project's key.

    `items()` yields each segment with its detected spans, a chunk at a time: stored
    detections are reused, stale or missing ones are detected (and stored) first, so a
    text is never exported raw and memory stays flat."""

    cohort: object
    project: object
    filters: Filters
    store_detections: bool = True

    def __post_init__(self):
        self.protocol = protocol_of(self.cohort)
        self.dictionary = Dictionary.for_cohort(self.cohort)
        self.pseudonymiser = Pseudonymiser(
            secret=self.project.secret,
            dictionary=self.dictionary,
            territories_named=self.protocol.territories_named,
        )
        self.memos_by_segment, self.memos_by_code = memos_by_target(self.cohort)

    def segments(self) -> Iterator[Segment]:
        return corpus(self.cohort, filters=self.filters, protocol=self.protocol)

    def items(self) -> Iterator[tuple[Segment, list]]:
        for chunk in self.chunks():
            yield from chunk

    def chunks(self) -> Iterator[list[tuple[Segment, list]]]:
        """The segments with their spans, DETECTION_CHUNK at a time."""
        chunk: list[Segment] = []
        for s in self.segments():
            chunk.append(s)
            if len(chunk) == DETECTION_CHUNK:
                yield self._with_spans(chunk)
                chunk = []
        if chunk:
            yield self._with_spans(chunk)

    def _with_spans(self, chunk: list[Segment]) -> list[tuple[Segment, list]]:
        spans = detections_for(
            cohort=self.cohort,
            segments=chunk,
            dictionary=self.dictionary,
            store=self.store_detections,
        )
        return [(s, spans[s.id]) for s in chunk]

    def rows(self, chunk: list[tuple[Segment, list]]) -> list[list]:
        """The long format's rows of one chunk (COLUMNS order), as `record` gives them but
        without a dictionary per row: the CSV and the XLSX write these."""
        named = self.protocol.territories_named
        person = self.pseudonymiser.person
        organisation = self.pseudonymiser.organisation
        substitute = self.pseudonymiser.substitute
        places: dict[tuple, str] = {}
        out = []
        for s, spans in chunk:
            territory = ""
            if s.territory_id:
                key = (s.territory_id, s.territory_kind, s.territory_region)
                territory = places.get(key)
                if territory is None:
                    territory = places[key] = s.territory_label(named)
            if s.codings:
                axis_codes = "|".join(s.axis_codes)
                research_codes = "|".join(s.research_codes)
            else:
                axis_codes, research_codes = "|".join(s.axes), ""
            text = substitute(s.text, spans)
            meeting = s.meeting
            # Typed columns never start a spreadsheet formula (neutralise_formula, inline).
            if text and text[0] in FORMULA_CHARS:
                text = "'" + text
            if meeting and meeting[0] in FORMULA_CHARS:
                meeting = "'" + meeting
            if territory and territory[0] in FORMULA_CHARS:
                territory = "'" + territory
            if research_codes and research_codes[0] in FORMULA_CHARS:
                research_codes = "'" + research_codes
            out.append(
                [
                    s.id,
                    s.source,
                    s.kind,
                    s.stage,
                    meeting,
                    s.date.isoformat() if s.date else "",
                    territory,
                    s.territory_kind,
                    s.category,
                    person(s.author_id) if s.author_id is not None else "",
                    organisation(s.organisation_id) if s.organisation_id else "",
                    axis_codes,
                    research_codes,
                    text,
                ]
            )
        return out

    def record(self, s: Segment, spans: list) -> dict:
        return {
            "segment_id": s.id,
            "source": s.source,
            "kind": s.kind,
            "stage": s.stage,
            "meeting": s.meeting,
            "date": s.date.isoformat() if s.date else "",
            "territory": s.territory_label(self.protocol.territories_named),
            "territory_kind": s.territory_kind,
            "actor_category": s.category,
            "participant": self.pseudonymiser.person(s.author_id),
            "organisation": self.pseudonymiser.organisation(s.organisation_id)
            if s.organisation_id
            else "",
            "axis_codes": "|".join(s.axis_codes),
            "research_codes": "|".join(s.research_codes),
            "text": self.pseudonymiser.substitute(s.text, spans),
        }

    def span(self, s: Segment, spans: list, coding, text: str) -> tuple[int, int]:
        """A coding's span in the exported (substituted) text; the whole text if none."""
        if coding.start is None:
            return 0, len(text)
        return (
            self.pseudonymiser.offset(s.text, spans, coding.start),
            self.pseudonymiser.offset(s.text, spans, coding.end, end=True),
        )

    def codings(self, s: Segment, spans: list, text: str) -> list[dict]:
        out = []
        for c in s.codings:
            start, end = self.span(s, spans, c, text)
            out.append(
                {
                    "code": c.code_label,
                    "code_kind": "axis" if c.axis_id else "research",
                    "start": start,
                    "end": end,
                }
            )
        return out


# --- CSV and JSON, streamed ----------------------------------------------------------------


class _Echo:
    def write(self, value):
        return value


def csv_stream(exporter: Exporter, *, on_done: Callable[[int], None] | None = None):
    """Yield the CSV a chunk of segments at a time (memory stays flat whatever the corpus
    size): each chunk's rows are written by the C writer into one buffer, one block out."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    yield "\ufeff" + buffer.getvalue()
    count = 0
    for chunk in exporter.chunks():
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(exporter.rows(chunk))
        count += len(chunk)
        yield buffer.getvalue()
    if on_done:
        on_done(count)


def json_stream(exporter: Exporter, *, on_done: Callable[[int], None] | None = None):
    """{"data_dictionary": […], "segments": [records with nested codings]}, streamed."""
    dictionary = [{"column": c, "description": d} for c, d in DATA_DICTIONARY]
    yield '{"data_dictionary": ' + json.dumps(dictionary, ensure_ascii=False)
    yield ', "segments": ['
    count = 0
    for s, spans in exporter.items():
        record = exporter.record(s, spans)
        record["axis_codes"] = list(s.axis_codes)
        record["research_codes"] = list(s.research_codes)
        record["codings"] = exporter.codings(s, spans, record["text"])
        record["memos"] = [
            exporter.pseudonymiser.text(m.text) for m in exporter.memos_by_segment.get(s.id, [])
        ]
        yield ("," if count else "") + "\n" + json.dumps(record, ensure_ascii=False)
        count += 1
    yield "\n]}\n"
    if on_done:
        on_done(count)


def data_dictionary_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["column", "description"])
    writer.writerows(DATA_DICTIONARY)
    return out.getvalue()


# --- XLSX ---------------------------------------------------------------------------------


PROGRESS_EVERY = 5000


def _report(progress, count: int, expected: int, *, chunk_done: bool = False) -> None:
    """Progress in percent every PROGRESS_EVERY segments (or at the end of each chunk)."""
    if progress and expected and (chunk_done or count % PROGRESS_EVERY == 0):
        progress(
            min(99, count * 100 // expected),
            str(_("%(n)s segments écrits") % {"n": count}),
        )


def xlsx_bytes(exporter: Exporter, progress=None, expected: int = 0) -> tuple[bytes, int]:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("segments")
    sheet.append(COLUMNS)
    count = 0
    for chunk in exporter.chunks():
        for row in exporter.rows(chunk):
            sheet.append(row)
        count += len(chunk)
        _report(progress, count, expected, chunk_done=True)
    dictionary = wb.create_sheet("dictionnaire")
    dictionary.append(["column", "description"])
    for row in DATA_DICTIONARY:
        dictionary.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), count


# --- The codebook -------------------------------------------------------------------------


@dataclass
class CodebookEntry:
    key: str  # P1, P1-a, or R<id>
    parent: str
    name: str
    description: str
    kind: str  # principle | axis | research
    codable: bool


def codebook(cohort) -> list[CodebookEntry]:
    """The referential (principles → axes) then the cohort's research codes (nested)."""
    entries: list[CodebookEntry] = []
    for p in Principle.objects.prefetch_related("axes").order_by("number"):
        entries.append(CodebookEntry(p.code, "", p.title, "", "principle", False))
        for a in sorted(p.axes.all(), key=lambda a: a.letter):
            entries.append(CodebookEntry(a.code, p.code, a.label, "", "axis", True))
    for c in codes_of(cohort):
        parent = f"R{c.parent_id}" if c.parent_id else ""
        entries.append(CodebookEntry(f"R{c.pk}", parent, c.name, c.description, "research", True))
    return entries


def codebook_csv(cohort) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["code_id", "parent_id", "name", "description", "kind"])
    for e in codebook(cohort):
        writer.writerow(
            [neutralise_formula(v) for v in (e.key, e.parent, e.name, e.description, e.kind)]
        )
    return out.getvalue()


def _codes_element(
    ns: str, entries: list[CodebookEntry], guid, notes: dict[str, list[str]] | None = None
) -> etree._Element:
    """The code tree; `notes` maps a code key to the GUIDs of its memos (QDPX only)."""
    notes = notes or {}
    codes = etree.Element(f"{{{ns}}}Codes")
    elements: dict[str, etree._Element] = {}
    for e in entries:
        parent = elements.get(e.parent, codes)
        el = etree.SubElement(
            parent,
            f"{{{ns}}}Code",
            guid=guid(f"code:{e.key}"),
            name=f"{e.key} {e.name}" if e.kind != "research" else e.name,
            isCodable="true" if e.codable else "false",
        )
        if e.description:
            # Description comes before nested codes in the schema's sequence.
            etree.SubElement(el, f"{{{ns}}}Description").text = e.description
        for note_guid in notes.get(e.key, []):
            # …and so do the memos' references.
            etree.SubElement(el, f"{{{ns}}}NoteRef", targetGUID=note_guid)
        elements[e.key] = el
    return codes


def qdc_bytes(cohort, pseudonymiser: Pseudonymiser) -> bytes:
    root = etree.Element(f"{{{QDC_NS}}}CodeBook", nsmap={None: QDC_NS}, origin="Transitions")
    root.append(_codes_element(QDC_NS, codebook(cohort), pseudonymiser.guid))
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


# --- QDPX ---------------------------------------------------------------------------------

SOURCES_MARK = "transitions-sources"
VARIABLES = [
    ("actor_category", "Catégorie d'acteur"),
    ("stage", "Étape"),
    ("territory_kind", "Type de territoire"),
]


def qdpx_bytes(exporter: Exporter, progress=None, expected: int = 0) -> tuple[bytes, int]:
    """A REFI-QDA project: project.qde (codebook, variables, cases = territories,
    sources with their codings as plain-text selections) and sources/<guid>.txt.

    The sources are serialised one by one into a temporary file and spliced into
    project.qde at the end (cases, which come first in the schema, are only known once
    every source is read), so memory does not grow with the corpus."""
    ns = QDA_NS
    q = lambda tag: f"{{{ns}}}{tag}"  # noqa: E731
    guid = exporter.pseudonymiser.guid
    now = timezone.now().replace(microsecond=0).isoformat()
    user_guid = guid("user:export")
    root = etree.Element(
        q("Project"),
        nsmap={None: ns},
        name=f"{exporter.project.name}",
        origin="Transitions",
        creatingUserGUID=user_guid,
        creationDateTime=now,
    )
    users = etree.SubElement(root, q("Users"))
    etree.SubElement(users, q("User"), guid=user_guid, name="Transitions")
    entries = codebook(exporter.cohort)
    # Memos become the project's notes, referenced by their code or their source.
    notes: list[tuple[str, str, str]] = []  # (guid, name, pseudonymised text)
    code_notes: dict[str, list[str]] = {}
    for code_id, memos in exporter.memos_by_code.items():
        for memo in memos:
            note_guid = guid(f"memo:{memo.pk}")
            notes.append((note_guid, f"memo R{code_id}", exporter.pseudonymiser.text(memo.text)))
            code_notes.setdefault(f"R{code_id}", []).append(note_guid)
    book = etree.SubElement(root, q("CodeBook"))
    book.append(_codes_element(ns, entries, guid, code_notes))
    code_guid = {e.key: guid(f"code:{e.key}") for e in entries}
    variables = etree.SubElement(root, q("Variables"))
    for key, label in VARIABLES:
        v = etree.SubElement(
            variables, q("Variable"), guid=guid(f"var:{key}"), name=key, typeOfVariable="Text"
        )
        etree.SubElement(v, q("Description")).text = label
    cases_el = etree.SubElement(root, q("Cases"))
    sources_el = etree.SubElement(root, q("Sources"))
    sources_el.append(etree.Comment(SOURCES_MARK))
    cases: dict[str, list[str]] = {}
    case_kind: dict[str, str] = {}
    buffer = io.BytesIO()
    count = 0
    with (
        tempfile.TemporaryFile() as sources_file,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf,
    ):
        for s, spans in exporter.items():
            record = exporter.record(s, spans)
            text = record["text"]
            source_guid = guid(f"source:{s.id}")
            zf.writestr(f"sources/{source_guid}.txt", text)
            src = etree.Element(
                q("TextSource"),
                nsmap={None: ns},
                guid=source_guid,
                name=s.id,
                plainTextPath=f"internal://{source_guid}.txt",
                creatingUser=user_guid,
            )
            for c in s.codings:
                key = c.axis.code if c.axis_id else f"R{c.code_id}"
                if key not in code_guid:
                    continue
                start, end = exporter.span(s, spans, c, text)
                sel = etree.SubElement(
                    src,
                    q("PlainTextSelection"),
                    guid=guid(f"selection:{c.pk}"),
                    startPosition=str(start),
                    endPosition=str(end),
                    creatingUser=user_guid,
                )
                coding = etree.SubElement(
                    sel, q("Coding"), guid=guid(f"coding:{c.pk}"), creatingUser=user_guid
                )
                etree.SubElement(coding, q("CodeRef"), targetGUID=code_guid[key])
            for memo in exporter.memos_by_segment.get(s.id, []):
                note_guid = guid(f"memo:{memo.pk}")
                notes.append((note_guid, f"memo {s.id}", exporter.pseudonymiser.text(memo.text)))
                etree.SubElement(src, q("NoteRef"), targetGUID=note_guid)
            for key, _label in VARIABLES:
                value = {
                    "actor_category": s.category,
                    "stage": s.stage,
                    "territory_kind": s.territory_kind,
                }[key]
                if value:
                    vv = etree.SubElement(src, q("VariableValue"))
                    etree.SubElement(vv, q("VariableRef"), targetGUID=guid(f"var:{key}"))
                    etree.SubElement(vv, q("TextValue")).text = value
            sources_file.write(etree.tostring(src, encoding="utf-8"))
            if record["territory"]:
                cases.setdefault(record["territory"], []).append(source_guid)
                case_kind[record["territory"]] = s.territory_kind
            count += 1
            _report(progress, count, expected)
        for name, source_guids in cases.items():
            case = etree.SubElement(cases_el, q("Case"), guid=guid(f"case:{name}"), name=name)
            vv = etree.SubElement(case, q("VariableValue"))
            etree.SubElement(vv, q("VariableRef"), targetGUID=guid("var:territory_kind"))
            etree.SubElement(vv, q("TextValue")).text = case_kind[name]
            for g in source_guids:
                etree.SubElement(case, q("SourceRef"), targetGUID=g)
        if not len(cases_el):
            root.remove(cases_el)
        if not count:
            root.remove(sources_el)
        if notes:
            notes_el = etree.SubElement(root, q("Notes"))
            for note_guid, name, text in notes:
                note = etree.SubElement(
                    notes_el, q("Note"), guid=note_guid, name=name, creatingUser=user_guid
                )
                etree.SubElement(note, q("PlainTextContent")).text = text
        head, _mark, tail = etree.tostring(root, xml_declaration=True, encoding="utf-8").partition(
            f"<!--{SOURCES_MARK}-->".encode()
        )
        sources_file.seek(0)
        with zf.open("project.qde", "w") as qde:
            qde.write(head)
            shutil.copyfileobj(sources_file, qde, 1 << 20)
            qde.write(tail)
    return buffer.getvalue(), count


# --- Jobs (big XLSX and QDPX) ----------------------------------------------------------------


def job_target(log: ExportLog, expected: int) -> str:
    """cohort:log:expected segments (the progress shown while the job runs)."""
    return f"{log.cohort_id}:{log.pk}:{expected}"


def job_object(user, target: str):
    """The cohort a research export job belongs to, if it is in the user's research scope."""
    from research.selectors import research_cohorts_for

    cohort_id = target.split(":", 1)[0]
    if not cohort_id.isdigit():
        return None
    return research_cohorts_for(user).filter(pk=int(cohort_id)).first()


def render_job(job, progress) -> tuple[str, bytes]:
    from research import services

    cohort_id, log_id, expected = job.target.split(":")
    log = ExportLog.objects.select_related("cohort", "project").get(pk=log_id, cohort_id=cohort_id)
    exporter = Exporter(log.cohort, log.project, filters_from_log(log))
    if log.format == ExportFormat.XLSX:
        data, count = xlsx_bytes(exporter, progress, int(expected))
    else:
        data, count = qdpx_bytes(exporter, progress, int(expected))
    services.export_log_count(log=log, row_count=count)
    return export_filename(log.cohort, log.format), data


def filters_from_log(log: ExportLog) -> Filters:
    from research.forms import filters_from_dict

    return filters_from_dict(log.filters)


EXTENSIONS = {
    ExportFormat.CSV: "csv",
    ExportFormat.XLSX: "xlsx",
    ExportFormat.JSON: "json",
    ExportFormat.CODEBOOK_CSV: "csv",
    ExportFormat.QDC: "qdc",
    ExportFormat.QDPX: "qdpx",
}


def export_filename(cohort, fmt: str) -> str:
    stem = "codebook" if fmt in (ExportFormat.CODEBOOK_CSV, ExportFormat.QDC) else "corpus"
    return f"recherche-{cohort.pk}-{stem}-{timezone.localdate().isoformat()}.{EXTENSIONS[fmt]}"
