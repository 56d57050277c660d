"""Suggestions that stay fresh: what a suggestion was computed from, and the runs that refresh stale ones."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from annotate.celery import app
from claims.actors.rematch import rematch_now
from claims.curation.service import set_sentence_kind, split_sentence
from claims.models import Actor, ModelVersion, Sentence, Suggestion, SuggestionRun
from claims.projects import update_settings
from claims.suggest.freshness import coverage, scheme_key
from claims.suggest.worker import run_suggestions_now

ARTICLE = ("Border talks resume\n\nVeloria accused Kastran of moving troops to the border.\n\n"
           "Kastran denied that it had sent any soldiers.\n\nThe river floods every spring.")


def body(project):
    return Sentence.objects.filter(project=project, kind="body")


def live_coverage(project) -> dict:
    project.refresh_from_db()
    live = ModelVersion.objects.for_project(project).live().get()
    return coverage(project_id=project.id, version_id=live.id, key=scheme_key(project.scheme))


def named_actors(suggestion: Suggestion) -> set[int]:
    return {actor for claim in suggestion.claims for actor in (claim["subject"], claim["target"]) if actor}


def add_actors(project, *names) -> dict[str, int]:
    return {name: Actor.objects.create(project=project, name=name).id for name in names}


def test_actors_added_after_the_import_make_suggestions_stale_and_one_run_refreshes_them(
        project, add_article, annotator, as_user, django_capture_on_commit_callbacks):
    add_article(ARTICLE)
    run_suggestions_now(project=project)
    assert all(not s.claims for s in Suggestion.objects.all())  # no actors yet: no candidates
    actors = add_actors(project, "Veloria", "Kastran")
    with django_capture_on_commit_callbacks(execute=True):
        rematch_now(project=project)
    refresh = SuggestionRun.objects.filter(project=project).order_by("-id").first()
    assert (refresh.status, refresh.reason) == ("queued", "actors re-matched")
    assert live_coverage(project) == {"body_sentences": 3, "with_live_suggestion": 1, "stale": 2}
    # Meanwhile the form and the API say so instead of showing the stale suggestion.
    api = as_user(annotator)
    item = api.get(f"/api/projects/{project.id}/next/").json()
    assert item["suggestion"] is None and "being refreshed after a change" in item["suggestion_status"]
    listed = api.get(f"/api/projects/{project.id}/suggestions/").json()["results"]
    assert sorted(s["fresh"] for s in listed) == [False, False, True]
    assert all(s["claims"] == [] for s in listed if not s["fresh"])

    run = run_suggestions_now(project=project)
    assert run.id == refresh.id and run.counts["sentences"] == 2  # only the stale ones
    assert live_coverage(project) == {"body_sentences": 3, "with_live_suggestion": 3, "stale": 0}
    assert Suggestion.objects.count() == 3  # the stale rows went: no annotation points at them
    for suggestion in Suggestion.objects.select_related("sentence"):
        named = {name for name in actors if name in suggestion.sentence.text}
        assert named_actors(suggestion) == {actors[name] for name in named}
    item = api.get(f"/api/projects/{project.id}/next/").json()
    assert item["suggestion"] is not None and item["suggestion_status"] == ""


def test_a_stale_suggestion_that_an_annotation_points_at_is_kept(project, add_article, annotator, as_user):
    add_article(ARTICLE)
    run_suggestions_now(project=project)
    sentence = body(project).order_by("index").first()
    shown = Suggestion.objects.get(sentence=sentence)
    saved = as_user(annotator).post(f"/api/projects/{project.id}/annotations/",
                                    {"sentence": sentence.id, "claims": [], "suggestion": shown.id}, format="json")
    assert saved.status_code == 201
    add_actors(project, "Veloria", "Kastran")
    rematch_now(project=project)
    run_suggestions_now(project=project)
    kept = Suggestion.objects.get(id=shown.id)
    assert kept.claims == [] and kept.inputs == shown.inputs  # what the annotator was shown, unchanged
    assert Suggestion.objects.filter(sentence=sentence).count() == 2


def test_corrections_and_splits_queue_a_refresh(project, add_article, editor, django_capture_on_commit_callbacks):
    add_actors(project, "Veloria", "Kastran")
    add_article(ARTICLE)
    run_suggestions_now(project=project)
    river = body(project).get(text__startswith="The river")
    with django_capture_on_commit_callbacks(execute=True):
        set_sentence_kind(sentence=river, user=editor, kind="caption")
    assert SuggestionRun.objects.filter(status="queued", reason="correction").exists()
    run_suggestions_now(project=project)
    accused = body(project).get(text__startswith="Veloria accused")
    with django_capture_on_commit_callbacks(execute=True):
        split_sentence(sentence=accused, user=editor, at=accused.start + accused.text.index(" of moving"))
    assert live_coverage(project)["body_sentences"] == 3 and live_coverage(project)["with_live_suggestion"] == 1
    run = run_suggestions_now(project=project)
    assert run.reason == "correction" and run.counts["sentences"] == 2
    assert live_coverage(project) == {"body_sentences": 3, "with_live_suggestion": 3, "stale": 0}


def test_a_scheme_change_makes_a_new_cold_start_and_refreshes_everything(
        project, add_article, manager, django_capture_on_commit_callbacks):
    add_actors(project, "Veloria", "Kastran")
    add_article(ARTICLE)
    run_suggestions_now(project=project)
    first = ModelVersion.objects.get(status="live")
    scheme = project.label_scheme
    scheme["stance"].append({"value": "mixed", "label": "Mixed", "description": "Both for and against the other.",
                             "key": "5"})
    with django_capture_on_commit_callbacks(execute=True):
        update_settings(project=project, changed_by=manager, label_scheme=scheme)
    assert SuggestionRun.objects.filter(status="queued", reason="label scheme changed").exists()
    project.refresh_from_db()
    run = run_suggestions_now(project=project)
    live = ModelVersion.objects.get(status="live")
    assert live.id != first.id and run.counts["model_version"] == live.id
    assert ModelVersion.objects.get(id=first.id).status == "retired"
    stances = {key for s in Suggestion.objects.filter(model_version=live) for c in s.claims for key in c["stance"]}
    assert "mixed" in stances
    assert live_coverage(project)["stale"] == 0


def test_a_change_while_a_run_is_going_queues_another_run(project, add_article, django_capture_on_commit_callbacks):
    add_article(ARTICLE)

    def change_meanwhile(percent: int) -> None:
        if not Actor.objects.filter(project=project).exists():
            add_actors(project, "Veloria")
            rematch_now(project=project)  # the hook finds this run going and joins it

    with django_capture_on_commit_callbacks(execute=True):
        run = run_suggestions_now(project=project, progress=change_meanwhile)
    assert run.status == "succeeded"
    assert SuggestionRun.objects.filter(status="queued", reason="changed during a run").exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_import_then_actors_through_the_api_within_one_run(project, manager, as_user, settings, celery_worker):
    settings.SUGGEST_QUEUE = app.conf.task_default_queue  # the test worker's own queue
    api = as_user(manager)
    upload = SimpleUploadedFile("a.txt", ARTICLE.encode())
    assert api.post(f"/api/projects/{project.id}/imports/", {"files": [upload]}, format="multipart").status_code == 201
    wait_for_runs(project, 1)
    for name in ("Veloria", "Kastran"):
        assert api.post(f"/api/projects/{project.id}/actors/", {"name": name}, format="json").status_code == 201
    runs = wait_for_runs(project, 2)
    assert [r.reason for r in runs[:2]] == ["import", "actors re-matched"], [(r.reason, r.counts) for r in runs]
    actors = dict(Actor.objects.filter(project=project).values_list("name", "id"))
    assert live_coverage(project) == {"body_sentences": 3, "with_live_suggestion": 3, "stale": 0}
    for suggestion in Suggestion.objects.select_related("sentence"):
        assert named_actors(suggestion) == {actors[n] for n in actors if n in suggestion.sentence.text}


def wait_for_runs(project, count: int, seconds: float = 120) -> list[SuggestionRun]:
    """The project's suggestion runs once at least `count` have ended and none is waiting or running."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        runs = list(SuggestionRun.objects.filter(project=project).order_by("id"))
        if len(runs) >= count and all(r.status in ("succeeded", "failed") for r in runs):
            assert all(r.status == "succeeded" for r in runs), [r.errors for r in runs]
            return runs
        time.sleep(0.3)
    raise AssertionError(f"runs still going: {[(r.reason, r.status) for r in runs]}")
