"""Gold: adjudication keeps the annotations, revisions are explicit, unanimous and majority gold, training reads it."""

import pytest

from claims.annotation.saving import ClaimInput
from claims.models import Adjudication, Annotation, AnnotationRevision
from claims.review.errors import ReviewRejected
from claims.review.gold import GoldInput, accept_gold, adjudicate
from claims.suggest.labels import project_labels


def whole(team, sentence, stance="oppose"):
    return ClaimInput(start=sentence.start, end=sentence.end, subject=team.actors["Kastran"].pk,
                      target=team.actors["Veloria"].pk, stance=stance, certainty="asserted")


def test_adjudication_keeps_every_annotation_and_its_history(team, label, editor):
    s = team.sentences[1]
    label("a", s, ("support", 0))
    label("b", s, ("oppose", 0))
    before = list(Annotation.objects.filter(sentence=s).values("id", "version", "comment"))
    revisions = AnnotationRevision.objects.filter(annotation__sentence=s).count()
    gold = adjudicate(project=team.project, editor=editor, sentence_id=s.pk,
                      data=GoldInput(claims=(whole(team, s),), note="rejected: oppose"))
    assert (gold.resolution, gold.editor, gold.note, gold.version) == ("adjudicated", editor, "rejected: oppose", 1)
    assert [c.stance for c in gold.claims.all()] == ["oppose"]
    assert list(Annotation.objects.filter(sentence=s).values("id", "version", "comment")) == before
    assert AnnotationRevision.objects.filter(annotation__sentence=s).count() == revisions
    assert sorted(Annotation.objects.get(sentence=s, annotator=team.users["a"]).claims.values_list(
        "stance", flat=True)) == ["support"]


def test_a_second_decision_is_a_409_unless_it_names_the_version_it_revises(team, editor, manager):
    s = team.sentences[0]
    adjudicate(project=team.project, editor=editor, sentence_id=s.pk, data=GoldInput(claims=(whole(team, s),)))
    with pytest.raises(ReviewRejected) as refused:
        adjudicate(project=team.project, editor=manager, sentence_id=s.pk, data=GoldInput(note="no claim"))
    assert refused.value.status == 409 and "revises: 1" in str(refused.value)
    assert Adjudication.objects.get(sentence=s).claims.count() == 1
    revised = adjudicate(project=team.project, editor=manager, sentence_id=s.pk,
                         data=GoldInput(note="no claim after all", revises=1))
    assert (revised.version, revised.editor, revised.claims.count()) == (2, manager, 0)
    history = list(revised.revisions.order_by("version").values_list("version", "decided_by", "data"))
    assert [(v, by) for v, by, _ in history] == [(1, editor.pk), (2, manager.pk)]
    assert [len(data["claims"]) for _, _, data in history] == [1, 0]


def test_bad_claims_are_refused_and_nothing_is_stored(team, editor):
    s = team.sentences[0]
    bad = ClaimInput(start=s.start, end=s.end, target=team.actors["Veloria"].pk, stance="adores")
    with pytest.raises(ReviewRejected) as refused:
        adjudicate(project=team.project, editor=editor, sentence_id=s.pk, data=GoldInput(claims=(bad,)))
    assert refused.value.status == 400 and refused.value.problems[0].field == "claims[0].stance"
    assert not Adjudication.objects.exists()


def test_unanimous_sentences_become_gold_when_the_last_annotator_saves(team, label, django_capture_on_commit_callbacks):
    s = team.sentences[0]
    with django_capture_on_commit_callbacks(execute=True):
        label("a", s, ("oppose", 0))
        label("b", s, ("oppose", 0))
    assert not Adjudication.objects.exists()  # two of k = 3
    with django_capture_on_commit_callbacks(execute=True):
        label("c", s, ("oppose", 0))
    gold = Adjudication.objects.get(sentence=s)
    assert (gold.resolution, gold.editor, gold.version) == ("unanimous", None, 1)
    assert [(c.stance, c.annotation_id) for c in gold.claims.all()] == [("oppose", None)]


def test_majority_decisions_are_accepted_in_bulk_and_training_reads_the_gold(team, label, editor):
    agree, split, tie = team.sentences[:3]
    for who in "abc":
        label(who, agree, ("oppose", 0))
    label("a", split, ("oppose", 0))
    label("b", split, ("oppose", 0))
    label("c", split, ("support", 0))
    label("a", tie, ("oppose", 0))
    label("b", tie)
    assert accept_gold(project=team.project, resolution="unanimous") == 1
    assert accept_gold(project=team.project, resolution="majority", editor=editor) == 1  # the tie stays open
    made = {a.sentence_id: a for a in Adjudication.objects.all()}
    assert made[agree.pk].resolution == "unanimous" and made[split.pk].resolution == "majority"
    assert made[split.pk].editor == editor and [c.stance for c in made[split.pk].claims.all()] == ["oppose"]
    origins = {item.sentence.id: item.origin for item in project_labels(project=team.project)}
    assert (origins[agree.pk], origins[split.pk]) == ("unanimous", "majority")
    assert tie.pk not in origins  # an even split is dropped, not guessed


def test_accepting_never_changes_existing_gold(team, label, editor):
    s = team.sentences[0]
    for who in "abc":
        label(who, s, ("support", 0))
    adjudicate(project=team.project, editor=editor, sentence_id=s.pk,
               data=GoldInput(claims=(whole(team, s, "oppose"),), note="they all missed the irony"))
    assert accept_gold(project=team.project, resolution="unanimous") == 0
    assert Adjudication.objects.get(sentence=s).claims.get().stance == "oppose"
