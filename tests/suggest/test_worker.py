"""Suggestions from a real Celery worker: after an import, and after the worker is killed mid-run."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from annotate.celery import app
from claims.models import ModelVersion, Sentence, Suggestion, SuggestionRun
from claims.suggest.runs import request_suggestions
from tests.suggest.fixture import load_fixture
from tests.test_jobs_lost_worker import wait_until, workers  # noqa: F401 - the fixture

ARTICLE = (b"Border talks resume\n\nVeloria accused Kastran of moving troops to the border.\n\n"
           b"Kastran denied that it had sent any soldiers.\n\nThe river floods every spring.\n")


def live_suggestions(project):
    return Suggestion.objects.filter(model_version__project=project, model_version__status="live")


def body(project):
    return Sentence.objects.filter(project=project, kind="body")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_an_import_ends_with_a_suggestion_for_every_body_sentence(project, manager, as_user, settings, celery_worker):
    settings.SUGGEST_QUEUE = app.conf.task_default_queue  # the test worker's own queue
    response = as_user(manager).post(f"/api/projects/{project.id}/imports/",
                                     {"files": [SimpleUploadedFile("a.txt", ARTICLE)]}, format="multipart")
    assert response.status_code == 201
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        run = SuggestionRun.objects.filter(project=project).first()
        if run and run.status in ("succeeded", "failed"):
            break
        time.sleep(0.3)
    assert run.status == "succeeded" and run.reason == "import", run.errors
    assert body(project).count() == 3 == live_suggestions(project).count() == run.counts["written"]
    assert set(live_suggestions(project).values_list("sentence_id", flat=True)) == set(
        body(project).values_list("id", flat=True))


@pytest.mark.worker
def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(project, annotator, workers, settings):  # noqa: F811
    settings.SUGGEST_QUEUE = workers.queue
    load_fixture(project=project)  # 161 body sentences, no labels; the import queues their suggestions
    total = body(project).count()
    # Two sentences a chunk: each commits on its own, so the kill lands between or inside chunks.
    workers.env |= {"SUGGEST_CHUNK_SIZE": "2", "SUGGEST_BATCH_SIZE": "2", "SUGGEST_TORCH_THREADS": "1"}
    first = workers.start()
    run = request_suggestions(project=project)
    assert run.reason == "import"  # asking again joins the run the import queued
    kept = wait_until(lambda: list(live_suggestions(project).values_list("id", flat=True))
                      if live_suggestions(project).count() >= 20 else None, workers, seconds=120,
                      what="the run to be under way")
    workers.kill(first)
    run.refresh_from_db()
    done = live_suggestions(project).count()
    assert run.status == "running" and 20 <= done < total, (run.status, done)

    workers.start()  # its sweeper re-queues the silent run; the new attempt does only what is left
    wait_until(lambda: SuggestionRun.objects.get(id=run.id).status in ("succeeded", "failed"), workers,
               seconds=180, what="the retried run to finish")
    run.refresh_from_db()
    assert run.status == "succeeded" and run.attempts == 2, (run.errors, run.message)
    assert live_suggestions(project).count() == total
    assert set(live_suggestions(project).values_list("sentence_id", flat=True)) == set(
        body(project).values_list("id", flat=True))
    assert set(kept) <= set(live_suggestions(project).values_list("id", flat=True))  # nothing lost
    assert run.counts["written"] == total - done  # the retry wrote only what was missing
    assert ModelVersion.objects.filter(project=project).count() == 1
