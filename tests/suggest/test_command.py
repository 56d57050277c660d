"""The suggest and train_suggester commands: in the foreground with a bar, or queued; waiting for a run already
going; --stale and --all; clear errors."""

import io
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from claims.actors.rematch import rematch_now
from claims.models import Actor, Suggestion, SuggestionRun, TrainingRun


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_train_suggester_needs_labels_and_says_so(project):
    with pytest.raises(CommandError, match="at least 20 labelled claims; this project has 0"):
        run("train_suggester", "--project", project.slug)
    assert not TrainingRun.objects.exists()
    with pytest.raises(CommandError, match="no project 'nope'"):
        run("suggest", "--project", "nope")


def test_suggest_enqueue_joins_the_run_an_import_queued(project, add_article):
    add_article("Veloria met Kastran.")
    assert "queued for the worker (status queued)" in run("suggest", "--project", project.slug, "--enqueue")
    assert SuggestionRun.objects.count() == 1 and not Suggestion.objects.exists()


def test_train_suggester_in_the_foreground(labelled_project):
    out = run("train_suggester", "--project", labelled_project.slug)
    assert "held-out score" in out and "(majority baseline" in out and "first trained version" in out
    run_row = TrainingRun.objects.get()
    assert run_row.status == "succeeded" and run_row.reason == "command" and run_row.counts["live"]


def test_suggest_stale_and_all(project, add_article):
    Actor.objects.create(project=project, name="Veloria")
    add_article("Veloria met Kastran.\n\nThe river floods.")
    run("suggest", "--project", project.slug)
    Actor.objects.create(project=project, name="Kastran")
    rematch_now(project=project)
    out = run("suggest", "--project", project.slug, "--stale")
    assert "1 body sentences have only a stale suggestion" in out and "1 sentences scored" in out
    out = run("suggest", "--project", project.slug, "--all")
    assert "2 suggestions forgotten" in out and "2 sentences scored" in out


@pytest.mark.django_db(transaction=True)
def test_a_foreground_command_waits_for_the_run_going_and_reports_its_outcome(project, add_article):
    add_article("Veloria met Kastran.")
    going = SuggestionRun.objects.get(project=project)  # the import's: a worker has taken it
    SuggestionRun.objects.filter(id=going.id).update(status="running", started_at=timezone.now(),
                                                    heartbeat_at=timezone.now())
    with pytest.raises(CommandError, match=f"suggestion run {going.id} is already running"):
        run("suggest", "--project", project.slug, "--no-wait")

    def worker_finishes() -> None:
        time.sleep(1)
        SuggestionRun.objects.filter(id=going.id).update(progress=50)
        time.sleep(1)
        SuggestionRun.objects.filter(id=going.id).update(
            status="succeeded", progress=100, counts={"sentences": 1, "model_version": 7, "written": 1})
        connection.close()

    finisher = threading.Thread(target=worker_finishes)
    finisher.start()
    out = run("suggest", "--project", project.slug)
    finisher.join()
    assert f"suggestion run {going.id} is already going for this project: waiting for it" in out
    assert "1 sentences scored by model version 7; 1 suggestions stored" in out
    assert SuggestionRun.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("command", ["suggest", "train_suggester"])
def test_enqueue_with_the_broker_down_exits_non_zero_with_one_line_and_queues_nothing(project, command):
    import subprocess
    import sys
    from pathlib import Path

    from tests.processes import process_environment

    # Nothing listens on port 1: the broker is down.
    done = subprocess.run([sys.executable, "manage.py", command, "--project", project.slug, "--enqueue"],
                          env=process_environment(CELERY_BROKER_URL="redis://127.0.0.1:1/0"), capture_output=True,
                          text=True, cwd=Path(__file__).resolve().parents[2], timeout=120)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("CommandError: nothing was queued: the job queue cannot be reached (")
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert not SuggestionRun.objects.exists() and not TrainingRun.objects.exists()
