"""The pre-fill rule (claims.suggest.prefill): the examples of its table, a retired label, and the save judged
against the same copy the form was given."""

from types import SimpleNamespace

import pytest

from claims.annotation.saving import AnnotationInput, ClaimInput, create_annotation
from claims.models import ModelVersion, Suggestion
from claims.models.project import default_label_scheme
from claims.projects import update_settings
from claims.scheme import Scheme
from claims.suggest.prefill import guess, prefill_for, proposed_claims, why_weak
from tests.suggest.fresh import fresh_inputs

SCHEME = Scheme.of(default_label_scheme())
STANCE = {"support": 0.7, "oppose": 0.2, "neutral": 0.1}
CERTAINTY = {"reported": 0.6, "asserted": 0.4}


def candidate(score: float, **changes) -> dict:
    return {"start": 0, "end": 10, "subject": 1, "target": 2, "claimant": None, "claimant_is_outlet": True,
            "stance": STANCE, "certainty": CERTAINTY, "score": score} | changes


def suggestion(has_claim: float, *claims: dict) -> SimpleNamespace:
    return SimpleNamespace(has_claim=has_claim, claims=list(claims))


def retired(*values: str) -> Scheme:
    scheme = default_label_scheme()
    for group in ("stance", "certainty"):
        scheme[group] = [dict(label, retired=label["value"] in values) for label in scheme[group]]
    return Scheme.of(scheme)


def test_candidates_at_or_above_the_threshold_are_prefilled_with_their_likeliest_labels():
    prefill = prefill_for(suggestion(0.9, candidate(0.8), candidate(0.3, subject=3)), threshold=0.6, scheme=SCHEME)
    assert prefill.confidence == 0.9
    assert prefill.claims == ({"start": 0, "end": 10, "subject": 1, "target": 2, "claimant": None,
                               "claimant_is_outlet": True, "stance": "support", "certainty": "reported",
                               "score": 0.8},)
    # Exactly at the threshold counts as above it.
    assert len(prefill_for(suggestion(0.6, candidate(0.6)), threshold=0.6, scheme=SCHEME).claims) == 1


def test_a_sentence_sure_to_hold_a_claim_with_no_sure_candidate_prefills_nothing():
    assert prefill_for(suggestion(0.9, candidate(0.5)), threshold=0.6, scheme=SCHEME) is None
    assert proposed_claims(suggestion(0.9, candidate(0.5)), threshold=0.6, scheme=SCHEME) == []


def test_no_claim_is_never_prefilled_only_shown_as_a_guess_where_the_sentence_names_an_actor():
    sure_of_none = suggestion(0.1, candidate(0.2))
    assert prefill_for(sure_of_none, threshold=0.6, scheme=SCHEME) is None
    assert proposed_claims(sure_of_none, threshold=0.6, scheme=SCHEME) == []
    assert guess(sure_of_none, threshold=0.6, scheme=SCHEME, informed=True) == {"no_claim": True, "score": 0.9}
    # No actor named in the sentence (or none in the project): the model cannot know, so nothing at all.
    assert guess(sure_of_none, threshold=0.6, scheme=SCHEME, informed=False) is None


def test_an_unsure_sentence_prefills_nothing_and_its_best_candidate_is_the_guess():
    unsure = suggestion(0.5, candidate(0.4), candidate(0.3, subject=3))
    assert prefill_for(unsure, threshold=0.6, scheme=SCHEME) is None
    assert guess(unsure, threshold=0.6, scheme=SCHEME, informed=True) == {
        **candidate(0.4), "stance": "support", "certainty": "reported"}
    assert guess(suggestion(0.5), threshold=0.6, scheme=SCHEME, informed=True) is None
    # A sure sentence with no sure candidate shows its best one too; a pre-filled one shows no guess.
    assert guess(suggestion(0.9, candidate(0.5)), threshold=0.6, scheme=SCHEME, informed=True)["score"] == 0.5
    assert guess(suggestion(0.9, candidate(0.8)), threshold=0.6, scheme=SCHEME, informed=True) is None


def test_the_form_says_why_suggestions_are_weak():
    assert why_weak(project_has_actors=False, informed=False).startswith("No actors yet: add them on the Actors page")
    assert "names none of the project's actors" in why_weak(project_has_actors=True, informed=False)
    assert why_weak(project_has_actors=True, informed=True) == ""


def test_a_retired_label_is_never_prefilled_the_likeliest_active_one_is():
    neutral_first = candidate(0.8, stance={"neutral": 0.7, "support": 0.2, "oppose": 0.1},
                              certainty={"hedged": 0.9, "denied": 0.1})
    prefill = prefill_for(suggestion(0.9, neutral_first), threshold=0.6, scheme=retired("neutral", "hedged"))
    assert (prefill.claims[0]["stance"], prefill.claims[0]["certainty"]) == ("support", "denied")
    # Not retired, the likeliest is taken as it is.
    prefill = prefill_for(suggestion(0.9, neutral_first), threshold=0.6, scheme=SCHEME)
    assert (prefill.claims[0]["stance"], prefill.claims[0]["certainty"]) == ("neutral", "hedged")


def test_a_label_the_scheme_no_longer_has_is_passed_over_and_no_certainty_left_means_the_default():
    renamed = candidate(0.8, stance={"backs": 0.9, "oppose": 0.1}, certainty={"rumoured": 1.0})
    claim = prefill_for(suggestion(0.9, renamed), threshold=0.6, scheme=SCHEME).claims[0]
    assert (claim["stance"], claim["certainty"]) == ("oppose", "asserted")


def test_a_claim_with_no_target_has_no_stance():
    claim = prefill_for(suggestion(0.9, candidate(0.8, target=None)), threshold=0.6, scheme=SCHEME).claims[0]
    assert claim["stance"] == "" and claim["certainty"] == "reported"


def test_a_claim_with_no_subject_has_no_stance_and_a_target_that_is_its_subject_is_dropped():
    claim = prefill_for(suggestion(0.9, candidate(0.8, subject=None)), threshold=0.6, scheme=SCHEME).claims[0]
    assert claim["stance"] == "" and claim["target"] == 2
    claim = prefill_for(suggestion(0.9, candidate(0.8, target=1)), threshold=0.6, scheme=SCHEME).claims[0]
    assert (claim["subject"], claim["target"], claim["stance"]) == (1, None, "")


def test_a_tie_goes_to_the_label_the_suggestion_lists_first():
    tied = candidate(0.8, stance={"oppose": 0.5, "support": 0.5})
    assert prefill_for(suggestion(0.9, tied), threshold=0.6, scheme=SCHEME).claims[0]["stance"] == "oppose"


@pytest.mark.django_db
def test_accepting_the_prefill_with_a_retired_label_is_judged_accepted(annotation_corpus, annotator):
    project, sentence = annotation_corpus.project, annotation_corpus.sentences[1]
    veloria, kastran = annotation_corpus.actors["Veloria"].pk, annotation_corpus.actors["Kastran"].pk
    scheme = project.label_scheme
    scheme["stance"] = [dict(label, retired=label["value"] == "neutral") for label in scheme["stance"]]
    update_settings(project=project, changed_by=None, label_scheme=scheme)
    project.refresh_from_db()
    version = ModelVersion.objects.create(project=project, base_model="test", status="live")
    live = Suggestion.objects.create(
        sentence=sentence, model_version=version,
        inputs=fresh_inputs(sentence), has_claim=0.9, label="neutral",
        claims=[candidate(0.8, start=sentence.start, end=sentence.end, subject=kastran, target=veloria,
                          stance={"neutral": 0.6, "oppose": 0.3, "support": 0.1},
                          certainty={"asserted": 0.9, "reported": 0.1})])
    # What the form was given: oppose, the likeliest label an annotator may still give.
    [shown] = prefill_for(live, threshold=project.suggestion_threshold, scheme=project.scheme).claims
    assert shown["stance"] == "oppose"
    accepted = ClaimInput(start=shown["start"], end=shown["end"], subject=kastran, target=veloria,
                          claimant_is_outlet=True, stance="oppose", certainty="asserted")
    annotation = create_annotation(project=project, annotator=annotator, sentence_id=sentence.pk,
                                   data=AnnotationInput(claims=(accepted,), suggestion=live.pk))
    assert annotation.suggestion_outcome == "accepted"
