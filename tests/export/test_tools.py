"""doccano and Label Studio exports: their import formats, and the round trip back with the same labels."""

import json

import pytest

from claims.ingest.errors import IngestError
from claims.ingest.readers import Limits, read_file
from claims.ingest.service import import_articles
from claims.models import Actor, Annotation, Claim
from claims.projects import create_project
from tests.conftest import make_user
from tests.export.test_service import ONE_SPLIT, export

pytestmark = pytest.mark.django_db
LIMITS = Limits(10 << 20, 10 << 20)


def _readings(claims) -> set[tuple]:
    """What a claim says, whichever project it is in: sentence, span, stance, certainty, actors by name."""
    return {(c.sentence.text, c.text, c.stance, c.certainty, getattr(c.subject, "name", None),
             getattr(c.target, "name", None), getattr(c.claimant, "name", None), c.claimant_name,
             c.claimant_is_outlet) for c in claims}


def _no_claim_sentences(annotations) -> set[str]:
    return {a.sentence.text for a in annotations if not a.claims.exists()}


def _other_project(corpus):
    """A second project with the same actors (a re-import into the first would be skipped as duplicates)."""
    labeller = make_user("labeller")
    other = create_project(name="Round trip", slug="round-trip", manager=labeller)
    for actor in corpus.actors.values():
        Actor.objects.create(project=other, name=actor.name, kind=actor.kind, aliases=actor.aliases)
    return other, labeller


def test_doccano_records_are_its_classification_and_relation_formats(labelled, tmp_path):
    out, head = export(labelled.project, tmp_path, format="doccano", labels="gold")
    records = [json.loads(line) for line in (out / "all.jsonl").read_text().splitlines()]
    s = labelled.sentences
    by_sentence = {r["sentence_id"]: r for r in records}
    assert set(by_sentence) == {s[0].pk, s[1].pk, s[2].pk} and head["counts"]["all"]["rows"] == 3
    adjudicated = by_sentence[s[1].pk]
    assert adjudicated["text"] == s[1].text and adjudicated["label"] == ["oppose"]
    claim, *actors = adjudicated["entities"]
    assert (claim["start_offset"], claim["end_offset"], claim["label"]) == (0, len(s[1].text), "oppose")
    named = {e["id"]: s[1].text[e["start_offset"]:e["end_offset"]] for e in actors}
    assert {(r["type"], named[r["to_id"]]) for r in adjudicated["relations"]} == {("subject", "Kastran"),
                                                                                   ("target", "Veloria")}
    assert all(r["from_id"] == claim["id"] for r in adjudicated["relations"])
    assert by_sentence[s[2].pk]["label"] == ["no_claim"] and by_sentence[s[2].pk]["entities"] == []


def test_label_studio_tasks_hold_annotations_and_a_config(labelled, tmp_path):
    out, _ = export(labelled.project, tmp_path, format="labelstudio", labels="all")
    tasks = json.loads((out / "all.json").read_text())
    s = labelled.sentences
    split_task = next(t for t in tasks if t["data"]["sentence_id"] == s[1].pk)
    assert split_task["data"]["text"] == s[1].text and len(split_task["annotations"]) == 2
    assert split_task["data"]["annotators"] == ["annotator", "a2"]
    stances = {r["value"]["labels"][0] for a in split_task["annotations"] for r in a["result"] if r["type"] == "labels"}
    assert stances == {"oppose", "support"}
    result = split_task["annotations"][0]["result"]
    assert {r["from_name"]: r["value"]["choices"][0] for r in result if r["type"] == "choices"} == {
        "certainty": "asserted", "subject": "Kastran", "target": "Veloria", "claimant": "outlet"}
    config = (out / "label_studio.xml").read_text()
    assert '<Labels name="claim" toName="text">' in config and '<Choice value="Kastran"/>' in config


@pytest.mark.parametrize(("fmt", "file"), [("doccano", "all.jsonl"), ("labelstudio", "all.json")])
def test_an_export_re_imports_with_the_same_labels(labelled, tmp_path, fmt, file):
    out, _ = export(labelled.project, tmp_path, format=fmt, labels="gold")
    other, labeller = _other_project(labelled)
    articles, _ = read_file(file, (out / file).read_bytes(), LIMITS)
    summary = import_articles(project=other, articles=articles, labeller=labeller)
    assert summary.annotations == 3
    exported = Claim.objects.filter(sentence__project=labelled.project, sentence_id__in=[
        labelled.sentences[0].pk, labelled.sentences[1].pk])
    gold = {reading for reading in _readings(exported.filter(adjudication__isnull=False))} | {
        reading for reading in _readings(exported.filter(sentence=labelled.sentences[0]))}
    assert _readings(Claim.objects.filter(sentence__project=other)) == gold
    annotations = Annotation.objects.filter(project=other)
    assert {a.annotator for a in annotations} == {labeller}
    assert _no_claim_sentences(annotations) == {labelled.sentences[2].text}


def test_labels_naming_an_unknown_actor_store_nothing(labelled, tmp_path):
    out, _ = export(labelled.project, tmp_path, format="labelstudio", labels="gold")
    other, labeller = _other_project(labelled)
    Actor.objects.filter(project=other, name="Kastran").delete()
    articles, _ = read_file("all.json", (out / "all.json").read_bytes(), LIMITS)
    with pytest.raises(IngestError, match="actor 'Kastran' is not in the project"):
        import_articles(project=other, articles=articles, labeller=labeller)
    assert not Annotation.objects.filter(project=other).exists() and not other.sources.exists()


def test_the_original_labels_stay_in_the_source_metadata(labelled, tmp_path):
    out, _ = export(labelled.project, tmp_path, format="labelstudio", labels="gold", split=ONE_SPLIT)
    other, labeller = _other_project(labelled)
    articles, _ = read_file("all.json", (out / "all.json").read_bytes(), LIMITS)
    import_articles(project=other, articles=articles, labeller=labeller)
    assert all(source.meta["label_studio_annotations"][0]["result"] for source in other.sources.all())


def test_labels_without_a_user_to_store_them_as_store_nothing(labelled, tmp_path):
    out, _ = export(labelled.project, tmp_path, format="doccano", labels="gold")
    other, _ = _other_project(labelled)
    articles, _ = read_file("all.jsonl", (out / "all.jsonl").read_bytes(), LIMITS)
    with pytest.raises(IngestError, match="holds labels: import it as a user"):
        import_articles(project=other, articles=articles)
    assert not other.sources.exists()


def test_a_record_with_malformed_labels_is_refused_by_the_reader():
    bad = json.dumps({"text": "Kastran rejected the plan.", "entities": [{"id": 0, "start_offset": "x"}]})
    with pytest.raises(IngestError, match="its labels cannot be read"):
        read_file("bad.jsonl", bad.encode(), LIMITS)
