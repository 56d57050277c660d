"""POST /api/projects/{id}/suggestions/score/: the live model's stance and certainty for one marked claim."""

import pytest

from claims.models import Actor, ModelVersion, Sentence, Suggestion
from claims.suggest.worker import run_suggestions_now


@pytest.fixture
def scored(project, add_article):
    actors = {name: Actor.objects.create(project=project, name=name).id for name in ("Veloria", "Kastran")}
    add_article("Border talks\n\nVeloria accused Kastran of moving troops to the border.\n\nThe river floods.")
    run_suggestions_now(project=project)
    sentence = Sentence.objects.get(project=project, kind="body", text__startswith="Veloria")
    return project, actors, sentence


def url(project) -> str:
    return f"/api/projects/{project.id}/suggestions/score/"


def test_the_score_of_a_candidate_is_what_the_run_stored_for_it(scored, annotator, as_user):
    project, actors, sentence = scored
    suggestion = Suggestion.objects.get(sentence=sentence)
    candidate = next(c for c in suggestion.claims if (c["subject"], c["target"]) == (actors["Veloria"],
                                                                                      actors["Kastran"]))
    body = {key: candidate[key] for key in ("start", "end", "subject", "target", "claimant", "claimant_is_outlet")}
    response = as_user(annotator).post(url(project), {"sentence": sentence.id, **body}, format="json")
    assert response.status_code == 200, response.content
    score = response.json()
    assert score["model_version"] == suggestion.model_version_id
    assert score["stance"].keys() == candidate["stance"].keys() == {"support", "oppose", "neutral"}
    for group in ("stance", "certainty"):
        assert abs(sum(score[group].values()) - 1) < 0.01
        for label, p in candidate[group].items():
            assert score[group][label] == pytest.approx(p, abs=0.002), (group, label)


def test_another_span_and_pair_get_their_own_score(scored, annotator, as_user):
    project, actors, sentence = scored
    whole = {"sentence": sentence.id, "start": sentence.start, "end": sentence.end, "subject": actors["Kastran"]}
    api = as_user(annotator)
    no_target = api.post(url(project), whole, format="json").json()
    assert no_target["stance"] == {} and no_target["certainty"]  # no target, no stance
    pair = {**whole, "subject": actors["Veloria"], "target": actors["Kastran"]}
    forward = api.post(url(project), pair, format="json").json()
    part = sentence.start + sentence.text.index("moving troops")
    narrower = api.post(url(project), {**pair, "start": part, "end": sentence.end}, format="json").json()
    assert forward["stance"].keys() == narrower["stance"].keys() and forward["stance"] != narrower["stance"]


def test_bad_claims_answer_a_json_error_and_write_nothing(scored, annotator, outsider, as_user):
    project, actors, sentence = scored
    api = as_user(annotator)
    good = {"sentence": sentence.id, "start": sentence.start, "end": sentence.end, "subject": actors["Veloria"],
            "target": actors["Kastran"]}
    versions = ModelVersion.objects.count()
    cases = [
        ({**good, "end": sentence.end + 50}, 400, "end"),
        ({**good, "start": sentence.end, "end": sentence.end}, 400, "start"),
        ({**good, "target": 999999}, 400, "target"),
        ({**good, "target": actors["Veloria"]}, 400, "target"),
        ({**good, "sentence": 999999}, 404, "sentence"),
        ({**good, "sentence": Sentence.objects.get(project=project, kind="title").id}, 400, "sentence"),
    ]
    for body, status, field in cases:
        response = api.post(url(project), body, format="json")
        assert response.status_code == status, (body, response.content)
        assert response["Content-Type"] == "application/json"
        assert field in response.content.decode()
    assert api.post(url(project), {**good, "start": "abc"}, format="json").status_code == 400
    assert as_user(outsider).post(url(project), good, format="json").status_code == 404
    assert ModelVersion.objects.count() == versions
