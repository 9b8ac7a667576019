"""Detection once per text, substitution at every export; stale detections redone."""

import pytest

from peergroups.models import Contribution
from research import exports, pseudonyms, services
from research.models import Detection
from research.selectors import Filters, corpus
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _csv(scene, project="principal") -> str:
    project = services.export_project_for(cohort=scene.cohort, name=project)
    return "".join(exports.csv_stream(exports.Exporter(scene.cohort, project, Filters())))


def _card_id(scene) -> str:
    return f"peergroups.contribution:{scene.shared_card.pk}"


def test_a_person_the_platform_does_not_know_is_caught_by_french_ner(scene):
    Contribution.objects.filter(pk=scene.shared_card.pk).update(
        text="Hier, Jean Dupont a expliqué le projet aux habitants de la vallée."
    )
    body = _csv(scene)
    assert "Dupont" not in body
    assert "[[personne]] a expliqué" in body


def test_an_export_stores_each_texts_detection_and_the_next_one_only_substitutes(
    scene, monkeypatch
):
    _csv(scene)
    assert Detection.objects.filter(cohort=scene.cohort).count() == len(list(corpus(scene.cohort)))

    def no_detection(*args):
        raise AssertionError("detected again although nothing changed")

    monkeypatch.setattr(services, "text_spans", no_detection)
    monkeypatch.setattr(services, "combine", no_detection)
    assert scene.elu.full_name not in _csv(scene, "autre")


def test_a_text_edited_behind_the_services_back_is_detected_again_never_exported_raw(scene):
    _csv(scene)
    Contribution.objects.filter(pk=scene.shared_card.pk).update(
        text=f"Nouveau : {scene.socio.full_name}, joignable au 01 23 45 67 89."
    )
    body = _csv(scene)
    assert scene.socio.full_name not in body and "01 23 45 67 89" not in body


def test_a_new_member_makes_every_detection_stale(scene):
    newcomer = UserFactory(full_name="Nadia Nouvelle")
    Contribution.objects.filter(pk=scene.shared_card.pk).update(text="Nadia Nouvelle arrive.")
    _csv(scene)
    MembershipFactory(user=newcomer, cohort=scene.cohort, role="participant", category="ELU")
    assert "Nadia Nouvelle" not in _csv(scene)


def test_a_new_member_is_hidden_in_old_texts_without_running_ner_on_them_again(scene, monkeypatch):
    newcomer = UserFactory(full_name="Nadia Nouvelle")
    Contribution.objects.filter(pk=scene.shared_card.pk).update(
        text="Nadia Nouvelle arrive ; Jean Dupont aussi."
    )
    _csv(scene)  # every text detected once, NER included
    MembershipFactory(user=newcomer, cohort=scene.cohort, role="participant", category="ELU")
    given: list[str] = []
    real = services.text_spans

    def counting(texts):
        given.extend(texts)
        return real(texts)

    monkeypatch.setattr(services, "text_spans", counting)
    body = _csv(scene, "autre")
    assert given == []  # the names changed, not the texts: NER's spans were kept
    assert "Nadia Nouvelle" not in body and "Dupont" not in body
    assert "[[P-" in body.split("arrive")[0].rsplit("\n", 1)[-1]


def test_an_edited_text_runs_ner_again_and_only_that_one(scene, monkeypatch):
    _csv(scene)
    Contribution.objects.filter(pk=scene.shared_card.pk).update(text="Jean Dupont revient.")
    given: list[str] = []
    real = services.text_spans

    def counting(texts):
        given.extend(texts)
        return real(texts)

    monkeypatch.setattr(services, "text_spans", counting)
    body = _csv(scene)
    assert given == ["Jean Dupont revient."]
    assert "Dupont" not in body


def test_a_detection_stored_before_text_spans_were_kept_is_redone_in_full(scene, monkeypatch):
    _csv(scene)
    Detection.objects.filter(cohort=scene.cohort).update(text_spans=None, dictionary_version="old")
    given: list[str] = []
    real = services.text_spans

    def counting(texts):
        given.extend(texts)
        return real(texts)

    monkeypatch.setattr(services, "text_spans", counting)
    _csv(scene)
    assert len(given) == len(list(corpus(scene.cohort)))


def test_a_researchers_correction_masks_a_passage_and_lifts_a_false_name(scene):
    Contribution.objects.filter(pk=scene.shared_card.pk).update(
        text="La sous-préfète Lou Ravel et le collectif Les Semeurs en parlent."
    )
    services.correction_create(
        cohort=scene.cohort, segment_id=_card_id(scene), passage="Les Semeurs", action="mask"
    )
    body = _csv(scene)
    assert "Les Semeurs" not in body and "Ravel" not in body
    dictionary = pseudonyms.Dictionary()
    [spans] = pseudonyms.detect(["Mme Rivière a parlé."], dictionary)
    assert spans == [[4, 11, "name", None]]

    class Keep:
        action, passage = "keep", "Rivière"

    assert pseudonyms.apply_corrections("Mme Rivière a parlé.", spans, [Keep()]) == []


def test_a_coded_span_follows_its_words_through_the_substitution(scene):
    text = f"Selon {scene.elu.full_name}, la confiance se construit."
    Contribution.objects.filter(pk=scene.shared_card.pk).update(text=text)
    [segment] = [s for s in corpus(scene.cohort) if s.id == _card_id(scene)]
    start = text.index("la confiance")
    code = services.code_create(cohort=scene.cohort, name="Confiance")
    services.coding_create(
        cohort=scene.cohort, segment=segment, code=code, start=start, end=start + 12
    )
    project = services.export_project_for(cohort=scene.cohort, name="p")
    exporter = exports.Exporter(scene.cohort, project, Filters(source=segment.source))
    [(seg, spans)] = [(s, sp) for s, sp in exporter.items() if s.id == segment.id]
    record = exporter.record(seg, spans)
    [coding] = exporter.codings(seg, spans, record["text"])
    assert record["text"][coding["start"] : coding["end"]] == "la confiance"


def test_a_coded_span_whose_boundaries_fall_inside_a_name_covers_the_whole_replacement(scene):
    name = scene.elu.full_name
    text = f"Selon {name}, la confiance se construit."
    Contribution.objects.filter(pk=scene.shared_card.pk).update(text=text)
    [segment] = [s for s in corpus(scene.cohort) if s.id == _card_id(scene)]
    inside_start = text.index(name) + 2
    inside_end = text.index(name) + len(name) - 2
    code = services.code_create(cohort=scene.cohort, name="Nommé")
    services.coding_create(
        cohort=scene.cohort, segment=segment, code=code, start=inside_start, end=inside_end
    )
    project = services.export_project_for(cohort=scene.cohort, name="p")
    exporter = exports.Exporter(scene.cohort, project, Filters(source=segment.source))
    [(seg, spans)] = [(s, sp) for s, sp in exporter.items() if s.id == segment.id]
    record = exporter.record(seg, spans)
    [coding] = exporter.codings(seg, spans, record["text"])
    marker = f"[[{exporter.pseudonymiser.person(scene.elu.pk)}]]"
    assert record["text"][coding["start"] : coding["end"]] == marker


def test_a_selection_ending_inside_a_marker_codes_the_whole_name(client, scene):
    from django.urls import reverse

    name = scene.elu.full_name
    text = f"Selon {name}, la confiance se construit."
    Contribution.objects.filter(pk=scene.shared_card.pk).update(text=text)
    client.force_login(scene.researcher)
    url = reverse("research:segment", args=[scene.cohort.pk, _card_id(scene)])
    shown = client.get(url).context["text"]
    marker_start = shown.index("[[P-")
    # From "Selon" to the middle of the marker: the whole name is coded, not its first letter.
    client.post(url, {"code": "P1-a", "start": 0, "end": marker_start + 5})
    [coding] = scene.cohort.codings.filter(axis__code="P1-a")
    assert text[coding.start : coding.end] == f"Selon {name}"
    passage = client.get(url).context["segment"].codings[0].passage
    assert passage.startswith("Selon [[P-") and passage.endswith("]]")
