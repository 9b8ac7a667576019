"""Territorial forums in the corpus: cards, anchor syntheses, the harvest, atmosphere
notes and opportunities of held forums, and a forum that could not be held, read through
agora's one research function, attributed to the table, the territory or an organisation,
pseudonymised and in every format.

Consent for cards: a card is the table's words, written down by one person (the table's
rapporteur, or whoever held the pen). That person is the only one the platform can ask,
so a card enters only when its writer consents; it stays the table's (no participant
pseudonym)."""

import csv
import io
import zipfile

import pytest
from lxml import etree

from research import exports, services
from research.selectors import Filters, corpus, segment_of
from tests.research.test_exports import NS, XSD, _all_formats_text, _exporter

pytestmark = pytest.mark.django_db


def _rows(scene, project="principal") -> dict[str, dict]:
    text = "".join(exports.csv_stream(_exporter(scene, project))).lstrip("\ufeff")
    return {r["segment_id"]: r for r in csv.DictReader(io.StringIO(text))}


def test_a_forum_card_appears_in_every_export_format(scene):
    for fmt, text in _all_formats_text(scene).items():
        if fmt in ("qdc", "codebook"):
            continue
        assert "Mutualiser un local avec la [[O-" in text, fmt


def test_a_card_written_down_by_a_member_who_did_not_consent_is_in_no_export(scene):
    for fmt, text in _all_formats_text(scene).items():
        assert "main réticente" not in text, fmt
    assert f"agora.card:{scene.reluctant_card.pk}" not in _rows(scene)


def test_a_card_leaves_the_corpus_when_its_writer_withdraws_consent(scene):
    from transitions.services import research_consent_set

    research_consent_set(user=scene.elu, cohort=scene.cohort, consent=False)
    assert f"agora.card:{scene.forum_card.pk}" not in _rows(scene)


def test_a_card_is_the_tables_with_its_forum_stage_meeting_and_territory(scene):
    row = _rows(scene)[f"agora.card:{scene.forum_card.pk}"]
    assert row["source"] == "agora.card" and row["kind"] == "key_idea"
    assert row["stage"] == "forums"
    assert row["meeting"] == "forum du 12 mai 2026 · tour 1 · table 1"
    assert row["date"] == "2026-05-12"
    assert row["territory"] == "commune · HDF" and row["territory_kind"] == "commune"
    assert row["participant"] == "" and row["actor_category"] == ""
    assert scene.socio.full_name not in row["text"] and "[[P-" in row["text"]


def test_the_harvest_the_atmosphere_and_the_forums_record_are_segments(scene):
    rows = _rows(scene)
    forum = scene.forum.pk
    commitments = rows[f"agora.forum:{forum}:commitments"]
    assert commitments["kind"] == "commitments" and "[[téléphone]]" in commitments["text"]
    record = rows[f"agora.forum:{forum}:forum"]
    assert "Construire des communs" in record["text"]
    assert rows[f"agora.atmosphere:{forum}"]["text"].startswith("Tension palpable entre [[P-")
    # Empty harvest outputs make no segment.
    assert f"agora.forum:{forum}:vocabulary" not in rows


def test_a_forum_not_held_and_its_reason_is_an_observation(scene):
    row = _rows(scene)[f"agora.forum:{scene.not_held_forum.pk}:not_held"]
    assert row["kind"] == "not_held" and row["stage"] == "forums"
    assert "Calendrier incompatible" in row["text"] and "Élections en vue." in row["text"]
    assert row["territory"] == "commune · HDF"


def test_an_opportunity_is_attributed_to_its_lead_organisation_pseudonymised(scene):
    rows = _rows(scene)
    row = rows[f"agora.opportunity:{scene.opportunity.pk}"]
    assert row["organisation"].startswith("O-") and row["kind"] == "cooperation"
    assert "Recyclerie partagée" in row["text"] and "[[adresse e-mail]]" in row["text"]
    assert _rows(scene, "autre")[row["segment_id"]]["organisation"] != row["organisation"]


def test_the_protocol_can_leave_the_atmosphere_notes_out(scene):
    from research.models import SourceKind

    services.protocol_set(
        cohort=scene.cohort,
        sources=[s for s in SourceKind.values if s != "agora.atmosphere"],
        categories=["ELU", "AGENT_COLLECTIVITE", "AGENT_ETAT", "ACTEUR_SOCIO_ECONOMIQUE"],
        territories_named=False,
    )
    rows = _rows(scene)
    assert not [r for r in rows if r.startswith("agora.atmosphere:")]
    assert f"agora.card:{scene.forum_card.pk}" in rows


def test_forum_segments_are_sources_and_cases_of_the_refi_qda_project(scene):
    qdpx, _count = exports.qdpx_bytes(_exporter(scene))
    with zipfile.ZipFile(io.BytesIO(qdpx)) as zf:
        root = etree.fromstring(zf.read("project.qde"))
    etree.XMLSchema(etree.parse(str(XSD))).assertValid(root)
    sources = {s.get("name"): s.get("guid") for s in root.iterfind(".//q:TextSource", NS)}
    card_guid = sources[f"agora.card:{scene.forum_card.pk}"]
    not_held_guid = sources[f"agora.forum:{scene.not_held_forum.pk}:not_held"]
    cases = {
        ref.get("targetGUID")
        for case in root.iterfind(".//q:Case", NS)
        for ref in case.iterfind("q:SourceRef", NS)
    }
    assert {card_guid, not_held_guid} <= cases


def test_a_forum_segment_keeps_its_place_in_keyset_pages_and_opens_alone(scene):
    everything = [s.id for s in corpus(scene.cohort)]
    forum_ids = [i for i in everything if i.startswith("agora.forum:")]
    assert forum_ids
    middle = forum_ids[0]
    after = [s.id for s in corpus(scene.cohort, after=middle)]
    assert after == everything[everything.index(middle) + 1 :]
    assert segment_of(scene.cohort, middle).id == middle
    assert [s.id for s in corpus(scene.cohort, filters=Filters(stage="forums"))] == [
        i
        for i in everything
        if i.split(":")[0] in {"agora.card", "agora.forum", "agora.atmosphere", "agora.opportunity"}
    ]


def test_a_researcher_opens_and_codes_a_forum_part(client, scene):
    from django.urls import reverse

    client.force_login(scene.researcher)
    seg = f"agora.atmosphere:{scene.forum.pk}"
    url = reverse("research:segment", args=[scene.cohort.pk, seg])
    page = client.get(url)
    assert page.status_code == 200
    assert scene.elu.full_name not in page.content.decode()
    client.post(url, {"code": "P2-b"})
    [coding] = scene.cohort.codings.filter(axis__code="P2-b")
    assert coding.segment_id == seg
    row = _rows(scene)[seg]
    assert "P2-b" in row["axis_codes"].split("|")


def test_names_of_forum_participants_and_meeting_guests_never_reach_an_export(scene, settings):
    """People present without an account are hidden by the cohort's own lists, not only
    by named-entity recognition (switched off here to prove it)."""
    from agora.models import Participant
    from tests.transitions.factories import meeting_for
    from transitions import services as core_services

    settings.RESEARCH_NER = False
    Participant.objects.create(forum=scene.forum, name="Zéphyrine Quillebeuf", category="ESS")
    core_services.attendance_add_guest(
        meeting=meeting_for(scene), name="Anatole Vrignaud", category="ELU", sub_role=""
    )
    scene.forum_card.text = "Zéphyrine Quillebeuf propose de mutualiser la camionnette."
    scene.forum_card.save()
    scene.observation.text = "Anatole Vrignaud a pris la parole après Quillebeuf Zéphyrine."
    scene.observation.save()
    texts = _all_formats_text(scene)
    for fmt, text in texts.items():
        for name in ("Zéphyrine", "Quillebeuf Zéphyrine", "Anatole Vrignaud"):
            assert name not in text, (fmt, name)
    assert "[[personne]] propose de mutualiser" in texts["csv"]
    assert "[[personne]] a pris la parole après [[personne]]" in texts["csv"]
