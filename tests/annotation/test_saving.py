"""Saving and editing annotations: every validation rule (message, nothing written), one transaction, history."""

from functools import partial
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied

from claims.actors.service import save_actor
from claims.annotation.errors import AnnotationRejected
from claims.annotation.history import history
from claims.annotation.queue import reserve_next
from claims.annotation.saving import (
    AnnotationChanges,
    AnnotationInput,
    ClaimInput,
    create_annotation,
    edit_annotation,
    submit_annotation,
    suggestion_outcome,
)
from claims.models import Annotation, AnnotationRevision, Claim, ModelVersion, QueueItem, Role, Sentence, Suggestion
from claims.models.project import default_label_scheme
from claims.projects import add_member, create_project
from claims.scheme import Scheme
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(annotation_corpus):
    return annotation_corpus


@pytest.fixture
def sentence(corpus):
    """'Kastran rejected the plan and accused Veloria of ignoring farmers.'"""
    return corpus.sentences[1]


def claim_in(sentence, corpus, **changes) -> ClaimInput:
    """The whole sentence as a claim: Kastran opposes Veloria, asserted by the outlet."""
    fields = {"start": sentence.start, "end": sentence.end, "claimant_is_outlet": True,
              "subject": corpus.actors["Kastran"].pk, "target": corpus.actors["Veloria"].pk,
              "stance": "oppose", "certainty": "asserted"} | changes
    return ClaimInput(**fields)


def stored() -> tuple[int, int, int, list]:
    return (Annotation.objects.count(), Claim.objects.count(), AnnotationRevision.objects.count(),
            list(QueueItem.objects.order_by("pk").values_list("done_by", flat=True)))


def save(corpus, user, sentence_id, *claims, **fields):
    return create_annotation(project=corpus.project, annotator=user, sentence_id=sentence_id,
                             data=AnnotationInput(claims=claims, **fields))


def test_a_save_stores_annotation_claims_and_first_revision(corpus, sentence, annotator):
    annotation = save(corpus, annotator, sentence.pk, claim_in(sentence, corpus, start=sentence.start,
                                                               end=sentence.start + 7, certainty=""),
                      comment="clear", seconds_spent=12)
    claim = annotation.claims.get()
    assert (claim.text, claim.subject_id, claim.stance, claim.certainty) == (
        "Kastran", corpus.actors["Kastran"].pk, "oppose", "asserted")  # empty certainty: the scheme's first
    assert (annotation.version, annotation.suggestion_outcome, annotation.seconds_spent) == (1, "none", 12)
    revision = annotation.revisions.get()
    assert revision.version == 1 and revision.changed_by == annotator
    assert revision.data["claims"][0]["text"] == "Kastran" and revision.data["comment"] == "clear"
    assert QueueItem.objects.get(sentence_id=sentence.pk).done_by == [annotator.pk]


def test_no_claims_means_no_claim_in_the_sentence(corpus, sentence, annotator):
    annotation = save(corpus, annotator, sentence.pk)
    assert annotation.claims.count() == 0 and annotation.revisions.get().data["claims"] == []


def foreign_actor():
    other = create_project(name="Other", slug="other")
    return save_actor(project=other, name="Outsider", kind="state", aliases=[]).pk


BAD_CLAIMS = [
    ("start equals end", lambda s, c: {"end": s.start}, "claims[0].start", "must be before end"),
    ("start after end", lambda s, c: {"start": s.start + 5, "end": s.start + 2}, "claims[0].start",
     "must be before end"),
    ("span before the sentence", lambda s, c: {"start": s.start - 3}, "claims[0].start", "not inside the sentence"),
    ("span past the sentence", lambda s, c: {"end": s.end + 1}, "claims[0].start", "not inside the sentence"),
    ("subject from another project", lambda s, c: {"subject": foreign_actor()}, "claims[0].subject",
     "not an actor of this project"),
    ("claimant that does not exist", lambda s, c: {"claimant": 10**9, "claimant_is_outlet": False},
     "claims[0].claimant", "not an actor of this project"),
    ("target from another project", lambda s, c: {"target": foreign_actor()}, "claims[0].target",
     "not an actor of this project"),
    ("stance outside the scheme", lambda s, c: {"stance": "loves"}, "claims[0].stance",
     "'loves' is not a stance of this project"),
    ("certainty outside the scheme", lambda s, c: {"certainty": "rumoured"}, "claims[0].certainty",
     "'rumoured' is not a certainty of this project"),
    ("stance without a target", lambda s, c: {"target": None}, "claims[0].target", "a stance needs a target"),
    ("stance without a subject", lambda s, c: {"subject": None}, "claims[0].subject", "a stance needs a subject"),
    ("subject as its own target", lambda s, c: {"target": c.actors["Kastran"].pk}, "claims[0].target",
     "the target must be another actor than the subject"),
    ("two claimants", lambda s, c: {"claimant_name": "Ms. Dressel"}, "claims[0].claimant", "give one claimant"),
]


@pytest.mark.parametrize(("case", "change", "field", "message"), BAD_CLAIMS, ids=[c[0] for c in BAD_CLAIMS])
def test_each_bad_claim_is_refused_with_its_message_and_nothing_written(
    corpus, sentence, annotator, case, change, field, message
):
    before = stored()
    with pytest.raises(AnnotationRejected) as refused:
        save(corpus, annotator, sentence.pk, claim_in(sentence, corpus),
             claim_in(sentence, corpus, **change(sentence, corpus)))
    assert refused.value.status == 400
    problem = refused.value.problems[0]
    assert problem.field == field.replace("[0]", "[1]") and message in problem.message
    assert len(refused.value.problems) == 1  # the good first claim is not blamed
    assert stored() == before


def test_every_problem_is_reported_at_once(corpus, sentence, annotator):
    with pytest.raises(AnnotationRejected) as refused:
        save(corpus, annotator, sentence.pk, claim_in(sentence, corpus, stance="loves", certainty="rumoured"),
             comment="x" * 10_001, seconds_spent=-1)
    assert [p.field for p in refused.value.problems] == [
        "claims[0].stance", "claims[0].certainty", "comment", "seconds_spent"]


def test_a_sentence_of_another_project_is_refused(corpus, annotator):
    other = create_project(name="Other", slug="other")
    from claims.ingest.readers import RawArticle
    from claims.ingest.service import import_articles

    import_articles(project=other, articles=[RawArticle(text="Veloria met Kastran in Port Asmel.", origin="o.txt")])
    foreign = Sentence.objects.get(project=other, kind="body")
    before = stored()
    with pytest.raises(AnnotationRejected) as refused:
        save(corpus, annotator, foreign.pk)
    assert refused.value.status == 400 and f"sentence {foreign.pk} is not in this project" in str(refused.value)
    assert stored() == before


def test_a_title_is_not_annotated(corpus, annotator):
    title = Sentence.objects.get(project=corpus.project, kind="title", index=0, source=corpus.sentences[0].source)
    with pytest.raises(AnnotationRejected) as refused:
        save(corpus, annotator, title.pk)
    assert "is a title, not a body sentence" in str(refused.value) and not Annotation.objects.exists()


def test_annotating_twice_is_a_conflict(corpus, sentence, annotator):
    save(corpus, annotator, sentence.pk)
    before = stored()
    with pytest.raises(AnnotationRejected) as refused:
        save(corpus, annotator, sentence.pk, claim_in(sentence, corpus))
    assert refused.value.status == 409 and "already annotated" in str(refused.value) and "PATCH" in str(refused.value)
    assert stored() == before


def test_submitting_the_same_content_again_returns_the_stored_annotation(corpus, sentence, annotator):
    data = AnnotationInput(claims=(claim_in(sentence, corpus, certainty="", claimant_name=""),), comment="c",
                           seconds_spent=4)
    first, created = submit_annotation(project=corpus.project, annotator=annotator, sentence_id=sentence.pk,
                                       data=data)
    before = stored()
    # The same claims in another spelling (the default certainty given, time counted on) are the same content.
    same = AnnotationInput(claims=(claim_in(sentence, corpus, certainty="asserted"),), comment="c", seconds_spent=9)
    again, created_again = submit_annotation(project=corpus.project, annotator=annotator, sentence_id=sentence.pk,
                                             data=same)
    assert created and not created_again and again.pk == first.pk and stored() == before
    assert [c.stance for c in again.claims.all()] == ["oppose"] and again.seconds_spent == 4


@pytest.mark.parametrize("change", [{"comment": "other"}, {"claims": ()}, {"stance": "support"}])
def test_submitting_other_content_again_is_a_conflict(corpus, sentence, annotator, change):
    claims = (claim_in(sentence, corpus),)
    submit_annotation(project=corpus.project, annotator=annotator, sentence_id=sentence.pk,
                      data=AnnotationInput(claims=claims, comment="c"))
    before = stored()
    if "stance" in change:
        claims = (claim_in(sentence, corpus, stance=change.pop("stance")),)
    with pytest.raises(AnnotationRejected) as refused:
        submit_annotation(project=corpus.project, annotator=annotator, sentence_id=sentence.pk,
                          data=AnnotationInput(**{"claims": claims, "comment": "c"} | change))
    assert refused.value.status == 409 and "PATCH" in str(refused.value) and stored() == before


def test_submitting_to_a_full_sentence_stays_a_conflict(corpus, sentence, annotator, editor, manager):
    save(corpus, annotator, sentence.pk)
    save(corpus, editor, sentence.pk)
    with pytest.raises(AnnotationRejected) as refused:
        submit_annotation(project=corpus.project, annotator=manager, sentence_id=sentence.pk, data=AnnotationInput())
    assert refused.value.status == 409 and "already has its 2 annotators" in str(refused.value)


def test_a_sentence_whose_k_slots_are_filled_by_others_is_a_conflict(corpus, sentence, annotator, editor, manager):
    save(corpus, annotator, sentence.pk)
    save(corpus, editor, sentence.pk)
    before = stored()
    with pytest.raises(AnnotationRejected) as refused:
        save(corpus, manager, sentence.pk)
    assert refused.value.status == 409 and "already has its 2 annotators" in str(refused.value)
    assert stored() == before


def test_a_failure_after_the_slot_was_taken_leaves_nothing(corpus, sentence, annotator):
    # A row the queue does not know about (written past the service) makes the annotation's insert
    # fail after the slot was counted: the slot must be rolled back with it.
    Annotation.objects.create(project=corpus.project, sentence=sentence, annotator=annotator)
    before = stored()
    with pytest.raises(AnnotationRejected) as refused:
        save(corpus, annotator, sentence.pk, claim_in(sentence, corpus))
    assert refused.value.status == 409
    assert stored() == before


def test_a_suggestion_of_another_sentence_is_refused(corpus, sentence, annotator):
    version = ModelVersion.objects.create(project=corpus.project, base_model="test", status="live")
    elsewhere = Suggestion.objects.create(sentence=corpus.sentences[0], model_version=version, label="support")
    with pytest.raises(AnnotationRejected) as refused:
        save(corpus, annotator, sentence.pk, suggestion=elsewhere.pk)
    assert refused.value.problems[0].field == "suggestion" and not Annotation.objects.exists()


def test_the_suggestion_outcome_is_recorded(corpus, sentence, annotator, editor):
    version = ModelVersion.objects.create(project=corpus.project, base_model="test", status="live")
    proposed = claim_in(sentence, corpus).__dict__ | {
        "claimant": None, "stance": {"oppose": 0.8, "support": 0.1, "neutral": 0.1},
        "certainty": {"asserted": 0.9, "reported": 0.1}, "score": 0.85}
    below_threshold = proposed | {"subject": corpus.actors["Veloria"].pk, "score": 0.2}
    suggestion = Suggestion.objects.create(sentence=sentence, model_version=version, has_claim=0.9,
                                           claims=[proposed, below_threshold], label="oppose")
    kept = save(corpus, annotator, sentence.pk, claim_in(sentence, corpus), suggestion=suggestion.pk)
    assert (kept.suggestion_id, kept.suggestion_outcome) == (suggestion.pk, "accepted")
    changed = save(corpus, editor, sentence.pk, claim_in(sentence, corpus, stance="support"),
                   suggestion=suggestion.pk)
    assert changed.suggestion_outcome == "edited"


def test_suggestion_outcome_compares_claims_when_the_suggestion_has_them():
    proposed = SimpleNamespace(claims=[{"start": 0, "end": 10, "subject": 1, "target": 2, "stance": "oppose",
                                        "certainty": "asserted", "claimant": None, "claimant_is_outlet": True,
                                        "score": 0.9}])
    same = ClaimInput(start=0, end=10, subject=1, target=2, stance="oppose", certainty="asserted",
                      claimant_is_outlet=True)
    judged = partial(suggestion_outcome, threshold=0.0, scheme=Scheme.of(default_label_scheme()))
    assert judged(suggestion=proposed, claims=(same,)) == "accepted"
    assert judged(suggestion=proposed, claims=(ClaimInput(**{**same.__dict__, "stance": "support"}),)) == "edited"
    assert judged(suggestion=proposed, claims=()) == "rejected"
    # Nothing pre-filled: the outcome says whether a guess was on the screen, never "accepted".
    assert judged(suggestion=SimpleNamespace(claims=[]), claims=()) == "none"
    sure_of_none = SimpleNamespace(has_claim=0.1, claims=[])
    guessing = partial(suggestion_outcome, threshold=0.6, scheme=Scheme.of(default_label_scheme()))
    assert guessing(suggestion=sure_of_none, claims=()) == "guess"
    assert guessing(suggestion=SimpleNamespace(has_claim=0.1, claims=[], informed=False), claims=()) == "none"
    unsure = SimpleNamespace(has_claim=0.5, claims=[proposed.claims[0] | {"score": 0.4}])
    assert guessing(suggestion=unsure, claims=(same,)) == "guess"
    assert judged(suggestion=None, claims=(same,)) == "none"


def edit(corpus, annotation, user, **changes):
    return edit_annotation(project=corpus.project, annotation_id=annotation.pk, editor=user,
                           changes=AnnotationChanges(**changes))


def test_an_edit_replaces_the_claims_and_history_keeps_every_version(corpus, sentence, annotator, editor):
    annotation = save(corpus, annotator, sentence.pk, claim_in(sentence, corpus))
    edit(corpus, annotation, annotator, claims=(), comment="on second thought, no claim")
    edited = edit(corpus, annotation, editor, comment="checked", version=2)
    assert edited.version == 3 and edited.claims.count() == 0
    entries = history(annotation=annotation)
    assert [(e["version"], e["changed_by"]) for e in entries] == [(1, annotator.pk), (2, annotator.pk),
                                                                  (3, editor.pk)]
    assert entries[0]["before"] is None and entries[0]["after"]["claims"][0]["stance"] == "oppose"
    assert entries[1]["before"] == entries[0]["after"] and entries[1]["after"]["claims"] == []
    assert entries[2]["after"]["comment"] == "checked"


def test_an_edit_from_a_stale_version_is_a_conflict(corpus, sentence, annotator):
    annotation = save(corpus, annotator, sentence.pk)
    edit(corpus, annotation, annotator, comment="first")
    with pytest.raises(AnnotationRejected) as refused:
        edit(corpus, annotation, annotator, comment="second", version=1)
    assert refused.value.status == 409 and "changed meanwhile" in str(refused.value)
    annotation.refresh_from_db()
    assert (annotation.comment, annotation.version, annotation.revisions.count()) == ("first", 2, 2)


def test_a_bad_edit_writes_nothing(corpus, sentence, annotator):
    annotation = save(corpus, annotator, sentence.pk, claim_in(sentence, corpus))
    with pytest.raises(AnnotationRejected):
        edit(corpus, annotation, annotator, claims=(claim_in(sentence, corpus, end=sentence.end + 4),))
    annotation.refresh_from_db()
    assert annotation.version == 1 and annotation.claims.count() == 1 and annotation.revisions.count() == 1


def test_annotators_edit_only_their_own(corpus, sentence, annotator, editor, manager):
    other = make_user("a2")
    add_member(project=corpus.project, user=other, role=Role.ANNOTATOR)
    annotation = save(corpus, annotator, sentence.pk)
    with pytest.raises(PermissionDenied):
        edit(corpus, annotation, other, comment="mine now")
    assert edit(corpus, annotation, editor, comment="reviewed").version == 2
    assert edit(corpus, annotation, manager, comment="again").version == 3


def test_a_retired_label_stays_valid_for_the_claims_that_have_it(corpus, sentence, annotator):
    annotation = save(corpus, annotator, sentence.pk, claim_in(sentence, corpus, stance="neutral"))
    scheme = corpus.project.label_scheme
    scheme["stance"] = [dict(label, retired=label["value"] == "neutral") for label in scheme["stance"]]
    corpus.project.save()
    assert edit(corpus, annotation, annotator, claims=(claim_in(sentence, corpus, stance="neutral"),)).version == 2
    with pytest.raises(AnnotationRejected, match="'neutral' is not a stance"):
        save(corpus, make_user("late"), corpus.sentences[0].pk, claim_in(corpus.sentences[0], corpus,
                                                                         stance="neutral"))


def test_saving_the_reserved_sentence_ends_the_reservation(corpus, annotator):
    given = reserve_next(project=corpus.project, annotator=annotator)
    save(corpus, annotator, given.sentence_id)
    item = QueueItem.objects.get(sentence_id=given.sentence_id)
    assert (item.holders, item.done_by) == ([], [annotator.pk])
