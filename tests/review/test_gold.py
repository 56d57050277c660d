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


def test_stale_unanimous_gold_is_withdrawn_with_a_record_and_the_sentence_returns_to_the_queue(
        team, label, django_capture_on_commit_callbacks):
    from claims.annotation.saving import AnnotationChanges, edit_annotation
    from claims.models import GoldWithdrawal
    from claims.review.disagreements import disagreements

    s = team.sentences[0]
    with django_capture_on_commit_callbacks(execute=True):
        for who in "abc":
            label(who, s, ("oppose", 0))
    gold = Adjudication.objects.get(sentence=s)
    gold_claim_ids = list(gold.claims.values_list("id", flat=True))
    assert gold.resolution == "unanimous" and disagreements(project=team.project) == []
    mine = Annotation.objects.get(sentence=s, annotator=team.users["c"])
    with django_capture_on_commit_callbacks(execute=True):
        edit_annotation(project=team.project, annotation_id=mine.pk, editor=team.users["c"],
                        changes=AnnotationChanges(claims=(whole(team, s, "support"),)))
    assert not Adjudication.objects.filter(sentence=s).exists()
    withdrawn = GoldWithdrawal.objects.get(sentence=s)
    assert (withdrawn.changed_by, withdrawn.annotation_id) == (team.users["c"], mine.pk)
    assert "no longer all agree" in withdrawn.reason and withdrawn.withdrawn_at is not None
    assert withdrawn.data["resolution"] == "unanimous" and withdrawn.data["version"] == 1
    assert [c["stance"] for c in withdrawn.data["claims"]] == ["oppose"] and len(withdrawn.data["revisions"]) == 1
    assert not gold.claims.model.objects.filter(id__in=gold_claim_ids).exists()
    assert [d["sentence"] for d in disagreements(project=team.project)] == [s.pk]  # back in the queue
    assert Annotation.objects.filter(sentence=s).count() == 3  # the annotations stay


def test_a_change_everyone_then_agrees_on_makes_new_unanimous_gold_and_records_the_old(
        team, label, django_capture_on_commit_callbacks):
    from claims.annotation.saving import AnnotationChanges, edit_annotation
    from claims.models import GoldWithdrawal

    s = team.sentences[0]
    with django_capture_on_commit_callbacks(execute=True):
        for who in "abc":
            label(who, s, ("oppose", 0))
    for who in "abc":
        annotation = Annotation.objects.get(sentence=s, annotator=team.users[who])
        with django_capture_on_commit_callbacks(execute=True):
            edit_annotation(project=team.project, annotation_id=annotation.pk, editor=team.users[who],
                            changes=AnnotationChanges(claims=(whole(team, s, "support"),)))
    gold = Adjudication.objects.get(sentence=s)
    assert gold.resolution == "unanimous" and [c.stance for c in gold.claims.all()] == ["support"]
    assert GoldWithdrawal.objects.filter(sentence=s).count() == 1  # a's change; b's and c's found no gold to withdraw


@pytest.mark.parametrize("how", ["adjudicated", "majority"])
def test_gold_an_editor_made_or_accepted_is_never_withdrawn(team, label, editor, how,
                                                            django_capture_on_commit_callbacks):
    from claims.annotation.saving import AnnotationChanges, edit_annotation
    from claims.models import GoldWithdrawal

    s = team.sentences[0]
    label("a", s, ("oppose", 0))
    label("b", s, ("oppose", 0))
    label("c", s, ("support", 0))
    if how == "adjudicated":
        adjudicate(project=team.project, editor=editor, sentence_id=s.pk, data=GoldInput(claims=(whole(team, s),)))
    else:
        assert accept_gold(project=team.project, resolution="majority", editor=editor) == 1
    annotation = Annotation.objects.get(sentence=s, annotator=team.users["a"])
    with django_capture_on_commit_callbacks(execute=True):
        edit_annotation(project=team.project, annotation_id=annotation.pk, editor=team.users["a"],
                        changes=AnnotationChanges(claims=(whole(team, s, "neutral"),)))
    gold = Adjudication.objects.get(sentence=s)
    assert gold.resolution == how and [c.stance for c in gold.claims.all()] == ["oppose"]
    assert not GoldWithdrawal.objects.exists()
