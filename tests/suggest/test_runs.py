"""Runs: retraining after enough new labels, and the least-confident-first queue after a suggestion run."""

import pytest

from claims.models import Actor, Annotation, Project, Suggestion, TrainingRun
from claims.suggest.runs import labels_saved
from claims.suggest.worker import run_suggestions_now


def test_training_is_queued_after_retrain_every_new_labels(labelled_project, django_assert_num_queries,
                                                           django_capture_on_commit_callbacks):
    labelled_project.retrain_every = 150  # the fixture has 161 labelled sentences
    first = Annotation.objects.order_by("id").first()
    with django_assert_num_queries(0):  # most saves are not even looked at
        assert labels_saved(project=labelled_project, annotation_id=first.id * 15 + 1) is None
    with django_capture_on_commit_callbacks() as sent:
        run = labels_saved(project=labelled_project)
    assert run.reason == "new labels" and run.status == "queued" and len(sent) == 1
    assert run.label_mark == Annotation.objects.order_by("-id").first().id
    run.status = "succeeded"
    run.save()
    assert labels_saved(project=labelled_project) is None  # nothing new since that run
    assert TrainingRun.objects.count() == 1


def test_too_few_labels_queue_no_training(project):
    project.retrain_every = 1
    assert labels_saved(project=project) is None and not TrainingRun.objects.exists()


@pytest.fixture
def queued_project(project, add_article):
    for name in ("Veloria", "Kastran"):
        Actor.objects.create(project=project, name=name)
    add_article("Veloria accused Kastran of moving troops.\n\nThe river floods every spring.\n\n"
                "Kastran and Veloria discussed the dam.")
    Project.objects.filter(id=project.id).update(queue_order="uncertain")
    project.refresh_from_db()
    return project


def test_after_a_run_the_queue_gives_the_least_confident_sentence_first(queued_project, annotator, as_user):
    run = run_suggestions_now(project=queued_project)
    assert run.counts["reranked"] == 3
    uncertainty = dict(Suggestion.objects.values_list("sentence_id", "uncertainty"))
    assert len(set(uncertainty.values())) > 1
    api = as_user(annotator)
    given = []
    for _ in uncertainty:
        item = api.get(f"/api/projects/{queued_project.id}/next/").json()
        given.append(uncertainty[item["sentence"]["id"]])
        assert item["suggestion"]["uncertainty"] == given[-1]
        api.post(f"/api/projects/{queued_project.id}/skip/", {"sentence": item["sentence"]["id"]}, format="json")
    assert given == sorted(uncertainty.values(), reverse=True)
