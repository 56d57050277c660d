"""What the annotation form and queue read: the live suggestion, why there is none, least confident first."""

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import ModelVersion, Sentence, Suggestion, SuggestionRun
from claims.suggest.serve import for_sentence, least_confident_first

CLAIM = {"start": 0, "end": 5, "subject": 1, "target": None, "claimant": None, "claimant_is_outlet": True,
         "stance": {}, "certainty": {"asserted": 1.0}}


@pytest.fixture
def sentences(project, add_article):
    add_article("Veloria met Kastran.\n\nThe river rose.\n\nKastran left the talks.")
    return list(Sentence.objects.filter(project=project, kind="body").order_by("index"))


def test_the_live_suggestion_prefills_only_claims_above_the_threshold(project, sentences):
    version = ModelVersion.objects.create(project=project, base_model="m", status="live")
    Suggestion.objects.create(sentence=sentences[0], model_version=version, has_claim=0.9,
                              claims=[CLAIM | {"score": 0.8}, CLAIM | {"score": 0.3}])
    project.suggestion_threshold = 0.6
    answer = for_sentence(project=project, sentence_id=sentences[0].id)
    assert answer["suggestion_status"] == ""
    assert [c["prefill"] for c in answer["suggestion"]["claims"]] == [True, False]
    assert answer["suggestion"]["model_version"] == version.id and answer["suggestion"]["threshold"] == 0.6


def test_without_a_suggestion_the_form_is_told_why(project, sentences):
    def status():
        return for_sentence(project=project, sentence_id=sentences[1].id)["suggestion_status"]

    run = SuggestionRun.objects.get(project=project)  # queued by the import
    assert run.reason == "import" and status() == "Suggestions are being prepared."
    SuggestionRun.objects.filter(id=run.id).update(created_at=timezone.now() - timedelta(minutes=5))
    assert "no suggestion worker is running" in status()
    SuggestionRun.objects.filter(id=run.id).update(message="the job queue cannot be reached; trying again")
    assert status() == "Suggestions are delayed: the job queue cannot be reached; trying again."
    SuggestionRun.objects.filter(id=run.id).update(status="running", progress=40, heartbeat_at=timezone.now())
    assert status() == "Suggestions are being prepared (40%)."
    SuggestionRun.objects.filter(id=run.id).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    assert "the suggestion worker stopped" in status()
    run.delete()
    assert status() == "No suggestions for this project yet."


def test_least_confident_first_puts_unscored_sentences_last(project, sentences):
    version = ModelVersion.objects.create(project=project, base_model="m", status="live")
    retired = ModelVersion.objects.create(project=project, base_model="m", status="retired")
    Suggestion.objects.create(sentence=sentences[0], model_version=version, uncertainty=0.2)
    Suggestion.objects.create(sentence=sentences[2], model_version=version, uncertainty=0.9)
    Suggestion.objects.create(sentence=sentences[1], model_version=retired, uncertainty=1.0)  # not the live one
    ordered = least_confident_first(Sentence.objects.filter(project=project, kind="body"), project=project)
    assert [s.id for s in ordered] == [sentences[2].id, sentences[0].id, sentences[1].id]
