"""Calibration: the expected calibration error of held-out answers, and what the model page says about it."""

import pytest

from claims.annotation.saving import AnnotationInput, ClaimInput, create_annotation
from claims.models import ModelVersion, Suggestion
from claims.suggest.evaluation import calibration
from claims.suggest.report import model_overview, threshold_meaning
from claims.suggest.worker import train_versions

# (probabilities, right or not, ECE): each a reliability case that must hold.
CASES = [
    ([0.8] * 10, [True] * 8 + [False] * 2, 0.0),  # "80 %" right 80 % of the time: calibrated
    ([0.9] * 10, [True] * 5 + [False] * 5, 0.4),  # over-confident by 0.4
    ([0.55] * 4 + [0.95] * 4, [True, True, False, False] + [True] * 4, 0.05),  # 0.05 off in each bin, equal weights
    ([1.0, 1.0], [True, False], 0.5),  # p = 1 goes in the top bin
    ([], [], 0.0),
]


@pytest.mark.parametrize(("confidence", "correct", "ece"), CASES)
def test_expected_calibration_error(confidence, correct, ece):
    measured = calibration(confidence, correct)
    assert measured["ece"] == pytest.approx(ece, abs=1e-4)
    assert sum(row["n"] for row in measured["bins"]) == len(confidence) == measured["n"]


def test_a_trained_version_records_its_calibration_on_held_out_articles_and_the_page_shows_it(
        labelled_project, manager, client):
    version = train_versions(project=labelled_project).heads
    for head in ("has_claim", "stance", "certainty"):
        measured = version.metrics["heads"][head]["calibration"]
        assert 0 <= measured["ece"] < 0.5 and measured["n"] == version.metrics["heads"][head]["n"] > 0
        cold = version.metrics["cold_start"]["heads"][head]["calibration"]
        assert cold["n"] == measured["n"]  # the cold start, on the same held-out answers
    overview = model_overview(labelled_project)
    assert overview["calibration"]["version"] == version.id == overview["calibration"]["heldout_of"]
    assert overview["calibration"]["heads"]["stance"] == version.metrics["heads"]["stance"]["calibration"]
    client.force_login(manager)
    page = client.get(f"/projects/{labelled_project.id}/models/").content.decode()
    assert 'id="calibration"' in page and "Expected calibration error (ECE) of the live version" in page


def test_the_threshold_means_how_often_prefilled_suggestions_were_accepted(annotation_corpus, annotator):
    project, actors = annotation_corpus.project, annotation_corpus.actors
    version = ModelVersion.objects.create(project=project, base_model="m", status="live")
    # "Kastran opposes Veloria" pre-filled (score 0.85 over the 0.6 threshold) on three sentences: saved as shown
    # twice (accepted unchanged), once with another stance (edited).
    for sentence, stance in zip(annotation_corpus.sentences[:3], ("oppose", "oppose", "support"), strict=True):
        shown = {"start": sentence.start, "end": sentence.end, "subject": actors["Kastran"].pk,
                 "target": actors["Veloria"].pk, "claimant": None, "claimant_is_outlet": True,
                 "stance": {"oppose": 0.8, "support": 0.1, "neutral": 0.1},
                 "certainty": {"asserted": 0.9, "reported": 0.1}, "score": 0.85}
        suggestion = Suggestion.objects.create(sentence=sentence, model_version=version, has_claim=0.9,
                                               claims=[shown], label="oppose")
        saved = ClaimInput(start=sentence.start, end=sentence.end, claimant_is_outlet=True,
                           subject=actors["Kastran"].pk, target=actors["Veloria"].pk, stance=stance,
                           certainty="asserted")
        create_annotation(project=project, annotator=annotator, sentence_id=sentence.id,
                          data=AnnotationInput(claims=(saved,), suggestion=suggestion.id))
    meaning = threshold_meaning(project)
    assert meaning == {"threshold": 0.6, "prefilled": 3, "accepted": 2, "edited": 1, "rejected": 0,
                       "accepted_rate": 0.667}