"""What the annotation form reads through `next`: the live suggestion, what it pre-fills, why there is none."""

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import Actor, ModelVersion, Sentence, Suggestion, SuggestionRun
from claims.projects import update_settings
from claims.suggest.serve import status_line
from tests.suggest.fresh import fresh_inputs


@pytest.fixture
def sentence(project, add_article):
    Actor.objects.create(project=project, name="Veloria")
    add_article("Veloria met the delegation.")
    return Sentence.objects.get(project=project, kind="body")


def claim(sentence, score: float) -> dict:
    return {"start": sentence.start, "end": sentence.end, "subject": 1, "target": 2, "claimant": None,
            "claimant_is_outlet": True, "stance": {"support": 0.7, "oppose": 0.2, "neutral": 0.1},
            "certainty": {"asserted": 0.8, "reported": 0.2}, "score": score}


def test_next_carries_the_live_suggestion_and_what_the_form_prefills(project, sentence, annotator, as_user):
    version = ModelVersion.objects.create(project=project, base_model="m", status="live")
    Suggestion.objects.create(sentence=sentence, model_version=version,
                              inputs=fresh_inputs(sentence), has_claim=0.9, label="support",
                              claims=[claim(sentence, 0.8), claim(sentence, 0.3)], uncertainty=0.4)
    item = as_user(annotator).get(f"/api/projects/{project.id}/next/").json()
    suggestion = item["suggestion"]
    assert item["suggestion_status"] == "" and suggestion["model_version"] == version.id
    assert [c["prefill"] for c in suggestion["claims"]] == [True, False] and suggestion["threshold"] == 0.6
    assert suggestion["proposed"] == [{"start": sentence.start, "end": sentence.end, "subject": 1, "target": 2,
                                       "claimant": None, "claimant_is_outlet": True, "stance": "support",
                                       "certainty": "asserted"}]
    # What the form shows as given (claims.suggest.prefill): the same claims, with the candidate's score.
    assert suggestion["prefill"] == {"confidence": 0.9, "claims": [suggestion["proposed"][0] | {"score": 0.8}]}
    assert suggestion["guess"] is None


def test_next_prefills_no_retired_label_and_shows_a_guess_below_the_threshold(project, sentence, annotator, as_user):
    scheme = project.label_scheme
    scheme["stance"] = [dict(label, retired=label["value"] == "support") for label in scheme["stance"]]
    update_settings(project=project, changed_by=None, label_scheme=scheme)
    version = ModelVersion.objects.create(project=project, base_model="m", status="live")
    live = Suggestion.objects.create(sentence=sentence, model_version=version,
                                     inputs=fresh_inputs(sentence), has_claim=0.9, label="support",
                                     claims=[claim(sentence, 0.8)], uncertainty=0.4)
    client = as_user(annotator)
    suggestion = client.get(f"/api/projects/{project.id}/next/").json()["suggestion"]
    assert [c["stance"] for c in suggestion["prefill"]["claims"]] == ["oppose"]
    assert suggestion["proposed"][0]["stance"] == "oppose"
    live.has_claim = 0.5  # unsure: nothing pre-filled, the best candidate shown as the model's guess
    live.save()
    suggestion = client.get(f"/api/projects/{project.id}/next/").json()["suggestion"]
    assert suggestion["prefill"] is None and suggestion["proposed"] == []
    assert (suggestion["guess"]["stance"], suggestion["guess"]["score"]) == ("oppose", 0.8)
    live.has_claim = 0.1  # sure there is no claim: shown as a guess, never pre-filled
    live.save()
    item = client.get(f"/api/projects/{project.id}/next/").json()
    suggestion = item["suggestion"]
    assert suggestion["prefill"] is None and suggestion["proposed"] == []
    assert suggestion["guess"] == {"no_claim": True, "score": 0.9}
    assert item["sentence"]["mentions"] and item["suggestion_weak"] == ""


def test_no_claim_is_not_even_guessed_for_a_sentence_that_names_no_actor(project, annotator, add_article, as_user):
    add_article("The delegation met on Monday.")
    sentence = Sentence.objects.get(project=project, kind="body")
    version = ModelVersion.objects.create(project=project, base_model="m", status="live")
    Suggestion.objects.create(sentence=sentence, model_version=version, inputs=fresh_inputs(sentence), has_claim=0.12,
                              label="", claims=[])
    item = as_user(annotator).get(f"/api/projects/{project.id}/next/").json()
    assert (item["suggestion"]["prefill"], item["suggestion"]["guess"]) == (None, None)
    assert item["suggestion_weak"].startswith("No actors yet: add them on the Actors page")
    Actor.objects.create(project=project, name="Kastran")  # an actor, but not named in this sentence
    item = as_user(annotator).get(f"/api/projects/{project.id}/next/").json()
    assert "names none of the project's actors" in item["suggestion_weak"] and item["suggestion"]["guess"] is None


def test_without_a_suggestion_next_says_why(project, sentence, annotator, as_user):
    item = as_user(annotator).get(f"/api/projects/{project.id}/next/").json()
    assert item["suggestion"] is None
    assert item["suggestion_status"] == "Suggestions are being prepared."  # the import queued a run


def test_the_status_line_follows_the_latest_run():
    now = timezone.now()
    assert status_line(None) == "No suggestions for this project yet."
    assert status_line(SuggestionRun(status="queued", created_at=now)) == "Suggestions are being prepared."
    assert "no suggestion worker is running" in status_line(
        SuggestionRun(status="queued", created_at=now - timedelta(minutes=5)))
    assert status_line(SuggestionRun(status="queued", created_at=now, message="the job queue cannot be reached")) \
        == "Suggestions are delayed: the job queue cannot be reached."
    assert status_line(SuggestionRun(status="running", created_at=now, started_at=now, heartbeat_at=now,
                                     progress=40)) == "Suggestions are being prepared (40%)."
    assert "the suggestion worker stopped" in status_line(
        SuggestionRun(status="running", created_at=now, started_at=now, heartbeat_at=now - timedelta(hours=1)))
    assert "failed" in status_line(SuggestionRun(status="failed", created_at=now))
