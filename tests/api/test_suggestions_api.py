"""The suggestion API: suggestions by sentence and version, runs, and the model page's data (no model needed)."""

import pytest

from claims.ingest.readers import RawArticle
from claims.ingest.service import import_articles
from claims.models import Actor, ModelVersion, Sentence, Suggestion, SuggestionRun, TrainingRun
from claims.suggest.label_set import LabelSet
from tests.suggest.fresh import fresh_inputs

CLAIM = {"start": 0, "end": 30, "subject": None, "target": None, "claimant": None, "claimant_is_outlet": True,
         "stance": {"support": 0.1, "oppose": 0.8, "neutral": 0.1},
         "certainty": {"asserted": 0.7, "reported": 0.1, "hedged": 0.1, "denied": 0.1}, "score": 0.72}


@pytest.fixture
def scored(project):
    """Two body sentences with suggestions from a live and a retired version, written as a run would."""
    veloria = Actor.objects.create(project=project, name="Veloria")
    kastran = Actor.objects.create(project=project, name="Kastran")
    import_articles(project=project, articles=[RawArticle(
        text="Veloria accused Kastran of moving troops.\n\nThe river floods every spring.", origin="a.txt",
        title="Troops")])
    labels = {"labels": LabelSet.of_scheme(project.scheme).as_dict()}
    live = ModelVersion.objects.create(project=project, base_model="m", status="live", trained_on=labels)
    old = ModelVersion.objects.create(project=project, base_model="m", status="retired", trained_on=labels)
    sentences = list(Sentence.objects.filter(project=project, kind="body").order_by("index"))
    for version in (live, old):
        for sentence in sentences:
            claim = CLAIM | {"start": sentence.start, "end": sentence.end, "subject": veloria.id,
                             "target": kastran.id}
            Suggestion.objects.create(sentence=sentence, model_version=version,
                                      inputs=fresh_inputs(sentence), has_claim=0.9, claims=[claim],
                                      label="oppose", uncertainty=0.3)
    return live, old, sentences


def test_an_annotator_reads_the_live_suggestion_of_a_sentence(project, annotator, as_user, scored,
                                                              django_assert_num_queries):
    live, _, sentences = scored
    with django_assert_num_queries(3):  # the project, the count, the page
        response = as_user(annotator).get(f"/api/projects/{project.id}/suggestions/", {"sentence": sentences[0].id})
    assert response.status_code == 200
    [item] = response.json()["results"]
    assert item["sentence"] == sentences[0].id and item["model_version"] == live.id
    assert item["has_claim"] == 0.9 and item["label"] == "oppose"
    [claim] = item["claims"]
    assert set(claim) == {"start", "end", "subject", "target", "claimant", "claimant_is_outlet", "stance",
                          "certainty", "score"}
    assert claim["stance"]["oppose"] == 0.8


def test_another_version_s_suggestions_on_request(project, editor, as_user, scored):
    _, old, sentences = scored
    results = as_user(editor).get(f"/api/projects/{project.id}/suggestions/", {"model_version": old.id}).json()
    assert [r["sentence"] for r in results["results"]] == [s.id for s in sentences]
    assert {r["model_version"] for r in results["results"]} == {old.id}


@pytest.mark.parametrize(("params", "field"), [({"sentence": "abc"}, "sentence"), ({"model_version": "0"},
                                                                                     "model_version"),
                                                ({"model_version": "99999"}, "model_version")])
def test_bad_filters_answer_400_json(project, editor, as_user, scored, params, field):
    response = as_user(editor).get(f"/api/projects/{project.id}/suggestions/", params)
    assert response.status_code == 400 and field in response.json()


def test_outsiders_see_nothing(project, outsider, as_user, scored):
    api = as_user(outsider)
    assert api.get(f"/api/projects/{project.id}/suggestions/").status_code == 404
    assert api.get(f"/api/projects/{project.id}/models/").status_code == 404
    assert api.post(f"/api/projects/{project.id}/suggestions/run/").status_code == 404


def test_an_editor_queues_one_suggestion_run_at_a_time(project, editor, annotator, as_user,
                                                       django_capture_on_commit_callbacks):
    url = f"/api/projects/{project.id}/suggestions/run/"
    assert as_user(annotator).post(url).status_code == 403
    with django_capture_on_commit_callbacks() as sent:
        first = as_user(editor).post(url)
    assert first.status_code == 202 and first.json()["status"] == "queued" and len(sent) == 1
    again = as_user(editor).post(url)
    assert again.json()["id"] == first.json()["id"] and SuggestionRun.objects.count() == 1
    run = as_user(editor).get(f"/api/projects/{project.id}/suggestions/runs/{first.json()['id']}/").json()
    assert run["progress"] == 0 and run["reason"] == "request"
    assert SuggestionRun.objects.get().queue == "suggest"


def test_a_scheme_with_one_label_is_a_400_and_queues_nothing(project, editor, as_user):
    project.label_scheme = {"stance": [{"value": "support"}]}
    project.save()
    response = as_user(editor).post(f"/api/projects/{project.id}/suggestions/run/")
    assert response.status_code == 400 and "at least two" in response.json()["detail"]
    assert not SuggestionRun.objects.exists()


def test_training_with_too_few_labels_is_a_400_with_the_count(project, manager, as_user):
    response = as_user(manager).post(f"/api/projects/{project.id}/models/")
    assert response.status_code == 400
    assert response.json()["detail"] == ("training needs at least 20 labelled claims; this project has 0. "
                                         "Label 20 more and train again.")
    assert not TrainingRun.objects.exists()


def test_the_model_overview_for_editors_only(project, editor, annotator, as_user, scored):
    live, old, _ = scored
    live.metrics = {"score": 0.8, "baseline_score": 0.3, "heads": {"stance": {"macro_f1": 0.7, "n": 9}},
                    "baseline": {"stance": {"macro_f1": 0.2, "n": 9}}}
    live.kind, live.labelled_claims = "heads", 40
    live.save()
    assert as_user(annotator).get(f"/api/projects/{project.id}/models/").status_code == 403
    body = as_user(editor).get(f"/api/projects/{project.id}/models/").json()
    assert body["live"]["id"] == live.id and body["live"]["macro_f1"] == {"stance": 0.7}
    assert [v["id"] for v in body["versions"]] == [old.id, live.id]
    assert body["learning_curve"] == [{"labelled_claims": 40, "version": live.id, "kind": "heads", "score": 0.8,
                                       "stance": 0.7, "baseline": 0.3, "cold_start": None}]
    assert body["coverage"] == {"body_sentences": 2, "with_live_suggestion": 2, "stale": 0}
    assert body["labelled_claims_needed"] == 20 and body["problems"] == []
    detail = as_user(editor).get(f"/api/projects/{project.id}/models/{live.id}/").json()
    assert detail["metrics"]["heads"]["stance"]["macro_f1"] == 0.7
    # A sentence without a live suggestion and no run on its way: the page says so and what to do.
    Suggestion.objects.filter(model_version=live).first().delete()
    SuggestionRun.objects.filter(project=project).delete()
    body = as_user(editor).get(f"/api/projects/{project.id}/models/").json()
    assert body["problems"] == [
        "1 body sentences have no up-to-date suggestion from the live version: press Suggest now"]


@pytest.mark.django_db
def test_run_endpoints_and_the_model_page_show_the_runs_message(project, manager, annotator, as_user, client):
    # Issue 17: a run whose worker was lost still read "running, 39"; its row said "worker lost".
    from datetime import timedelta

    from django.utils import timezone

    silent = timezone.now() - timedelta(minutes=10)
    training = TrainingRun.objects.create(project=project, status="running", progress=39, started_at=silent,
                                          heartbeat_at=silent, attempts=1)
    SuggestionRun.objects.filter(project=project).delete()
    suggesting = SuggestionRun.objects.create(project=project, message="worker lost, retrying (attempt 2 of 3)")
    api = as_user(manager)
    lost = "worker lost, retrying as soon as a worker is running"
    assert api.get(f"/api/projects/{project.id}/models/runs/{training.id}/").json()["message"] == lost
    assert api.get(f"/api/projects/{project.id}/suggestions/runs/{suggesting.id}/").json()["message"] == \
        "worker lost, retrying (attempt 2 of 3)"
    overview = api.get(f"/api/projects/{project.id}/models/").json()
    assert overview["training_runs"][0]["message"] == lost
    client.force_login(manager)
    page = client.get(f"/projects/{project.id}/models/").content.decode()
    assert lost in page and "worker lost, retrying (attempt 2 of 3)" in page
    # Training runs carry held-out scores: the model page's readers only.
    assert as_user(annotator).get(f"/api/projects/{project.id}/models/runs/").status_code == 403
