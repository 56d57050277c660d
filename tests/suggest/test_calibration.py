"""Calibration: the expected calibration error of held-out answers, and what the model page says about it."""

import pytest

from claims.annotation.saving import AnnotationInput, create_annotation
from claims.models import ModelVersion, Sentence, Suggestion
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


def test_the_threshold_means_how_often_prefilled_suggestions_were_accepted(project, add_article, annotator):
    add_article("Veloria met Kastran.\n\nThe river floods.")
    version = ModelVersion.objects.create(project=project, base_model="m", status="live")
    sentences = list(Sentence.objects.filter(project=project, kind="body"))
    for sentence in sentences:
        # "No claim" pre-filled (has_claim 0.1, confidence 0.9): saving no claim accepts it unchanged.
        shown = Suggestion.objects.create(sentence=sentence, model_version=version, has_claim=0.1)
        create_annotation(project=project, annotator=annotator, sentence_id=sentence.id,
                          data=AnnotationInput(suggestion=shown.id))
    meaning = threshold_meaning(project)
    assert meaning == {"threshold": 0.6, "prefilled": 2, "accepted": 2, "edited": 0, "rejected": 0,
                       "accepted_rate": 1.0}
