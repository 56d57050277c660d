"""The job runner: claimed once, signs of life while it runs, lost workers swept, outcome fenced."""

import time
import uuid
from datetime import timedelta

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from annotate.celery import app
from claims.jobs import INTERNAL_ERROR, JobFailed, run_job, sweep_lost_jobs
from claims.models import ImportJob, Source

ARTICLE = b"Talks resume in Port Asmel\nVeloria and Kastran met on Tuesday. Both sides said little.\n"


@pytest.fixture
def upload(settings):
    """An uploaded file where create_import_job puts one, as the job's `files`."""
    folder = settings.MEDIA_ROOT / "imports" / uuid.uuid4().hex
    folder.mkdir(parents=True)
    (folder / "0.txt").write_bytes(ARTICLE)
    return [{"name": "talks.txt", "path": str((folder / "0.txt").relative_to(settings.MEDIA_ROOT))}]


def side_connection() -> psycopg.Connection:
    """Another session, as a second worker or a sweeper would have."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**params, autocommit=True)


def lost_job(project, files, *, attempts: int = 1, **fields) -> ImportJob:
    """A job whose worker last beat an hour ago."""
    an_hour_ago = timezone.now() - timedelta(hours=1)
    return ImportJob.objects.create(project=project, files=files, status="running", attempts=attempts,
                                    started_at=an_hour_ago, heartbeat_at=an_hour_ago, enqueued_at=an_hour_ago,
                                    **fields)


def add_source(job: ImportJob) -> None:
    Source.objects.create(project=job.project, title="t", text="Some text.", content_hash=uuid.uuid4().hex)


@pytest.mark.django_db(transaction=True)
def test_a_second_delivery_does_nothing(project, upload):
    calls = []
    job = ImportJob.objects.create(project=project, files=upload)
    done = run_job(model=ImportJob, job_id=job.id, work=lambda job, progress: calls.append(job.id) or {"n": 1})
    assert done.status == "succeeded" and done.counts == {"n": 1} and done.attempts == 1 and done.progress == 100
    assert run_job(model=ImportJob, job_id=job.id, work=lambda job, progress: calls.append(job.id) or {}) is None
    running = ImportJob.objects.create(project=project, status="running", attempts=1, heartbeat_at=timezone.now())
    assert run_job(model=ImportJob, job_id=running.id, work=lambda job, progress: calls.append(job.id) or {}) is None
    assert calls == [job.id]
    assert ImportJob.objects.get(id=job.id).counts == {"n": 1}


@pytest.mark.django_db(transaction=True)
def test_progress_and_heartbeat_show_while_the_work_runs(project, settings):
    settings.JOB_HEARTBEAT_SECONDS = 0.05
    seen = {}

    def work(job, progress):
        progress(40, "halfway")
        with side_connection() as other:
            query = "SELECT progress, message, heartbeat_at FROM claims_importjob WHERE id = %s"
            seen["during"] = other.execute(query, [job.id]).fetchone()
            time.sleep(0.5)
            seen["later"] = other.execute(query, [job.id]).fetchone()
        return {}

    job = run_job(model=ImportJob, job_id=ImportJob.objects.create(project=project).id, work=work)
    assert seen["during"][:2] == (40, "halfway")
    assert seen["later"][2] > seen["during"][2]  # the heartbeat thread kept beating
    assert job.status == "succeeded" and job.message == ""


@pytest.mark.django_db(transaction=True)
def test_a_user_facing_failure_rolls_back_and_releases_the_inputs(project, upload, settings):
    def work(job, progress):
        add_source(job)
        raise JobFailed("nothing to import")

    job = run_job(model=ImportJob, job_id=ImportJob.objects.create(project=project, files=upload).id, work=work)
    assert job.status == "failed" and job.errors == [{"file": "", "message": "nothing to import"}]
    assert not Source.objects.exists()
    assert not (settings.MEDIA_ROOT / upload[0]["path"]).exists()
    assert not (settings.MEDIA_ROOT / upload[0]["path"]).parent.exists()


@pytest.mark.django_db
def test_an_unexpected_error_is_an_internal_error_for_the_user(project, caplog):
    def work(job, progress):
        raise ValueError("bug")

    job = run_job(model=ImportJob, job_id=ImportJob.objects.create(project=project).id, work=work)
    assert job.status == "failed" and job.errors == [INTERNAL_ERROR]
    assert "ValueError: bug" in caplog.text  # the operator's log has the traceback


@pytest.mark.django_db(transaction=True)
def test_an_attempt_given_up_for_dead_stores_nothing_and_keeps_the_inputs(project, upload, settings):
    def work(job, progress):
        add_source(job)
        with side_connection() as sweeper:  # meanwhile a sweeper decided this worker was lost
            sweeper.execute("UPDATE claims_importjob SET status = 'queued', message = 'worker lost' WHERE id = %s",
                            [job.id])
        return {"sources": 1}

    job = ImportJob.objects.create(project=project, files=upload)
    assert run_job(model=ImportJob, job_id=job.id, work=work) is None
    assert not Source.objects.exists()
    job.refresh_from_db()
    assert (job.status, job.message) == ("queued", "worker lost")
    assert (settings.MEDIA_ROOT / upload[0]["path"]).exists()  # the retry needs it


@pytest.mark.django_db
def test_a_live_job_is_left_alone(project):
    job = ImportJob.objects.create(project=project, status="running", attempts=1, started_at=timezone.now(),
                                   heartbeat_at=timezone.now())
    assert job.status_message == ""
    assert sweep_lost_jobs() == []
    job.refresh_from_db()
    assert job.status == "running"


@pytest.mark.django_db
def test_a_lost_job_is_requeued_once_with_a_message(project, upload, django_capture_on_commit_callbacks):
    job = lost_job(project, upload, queue="imports-q")
    assert job.status_message == "worker lost, retrying as soon as a worker is running"
    with django_capture_on_commit_callbacks() as sent:
        recoveries = sweep_lost_jobs()
        assert sweep_lost_jobs() == []  # a second sweeper finds nothing left to do
    assert [(r.kind, r.job_id, r.requeued) for r in recoveries] == [("ImportJob", job.id, True)]
    assert len(sent) == 1
    job.refresh_from_db()
    assert (job.status, job.progress, job.attempts) == ("queued", 0, 1)
    assert job.message == job.status_message == "worker lost, retrying (attempt 2 of 3)"


@pytest.mark.django_db(transaction=True)
def test_out_of_attempts_the_job_fails_with_the_reason_and_releases_its_inputs(project, upload, settings):
    job = lost_job(project, upload, attempts=3)
    assert [r.requeued for r in sweep_lost_jobs()] == [False]
    job.refresh_from_db()
    assert job.status == "failed" and job.finished_at is not None
    assert job.message == "worker lost on each of 3 attempts; gave up"
    assert job.errors == [{"file": "", "message": job.message}]
    assert not (settings.MEDIA_ROOT / upload[0]["path"]).exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_requeued_job_runs_again_on_its_queue(project, upload, settings, celery_worker):
    job = lost_job(project, upload, queue=app.conf.task_default_queue)
    sweep_lost_jobs()
    deadline = time.monotonic() + 30
    while job.status != "succeeded" and time.monotonic() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()
    assert job.status == "succeeded", job.errors
    assert job.attempts == 2 and job.message == "done on attempt 2 (an earlier worker was lost)"
    assert Source.objects.filter(import_job=job).count() == 1
    # The upload goes just after the success commits: wait for it, as a poller would.
    uploaded = settings.MEDIA_ROOT / upload[0]["path"]
    deadline = time.monotonic() + 10
    while uploaded.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not uploaded.exists()


@pytest.mark.django_db
def test_sweep_command_reports_what_it_did(project, upload):
    from io import StringIO

    from django.core.management import call_command

    job = lost_job(project, upload, queue="imports-q")
    out = StringIO()
    call_command("sweep_jobs", stdout=out)
    assert out.getvalue() == (f"ImportJob {job.id}: worker lost, retrying (attempt 2 of 3)\n1 lost job(s) found.\n"
                              "0 expired export file(s) deleted.\n")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_queued_job_whose_message_may_be_lost_is_sent_again(project, upload, settings, celery_worker):
    queue = app.conf.task_default_queue
    just_sent = ImportJob.objects.create(project=project, queue="nobody-listens", enqueued_at=timezone.now())
    too_old = timezone.now() - timedelta(seconds=settings.JOB_MESSAGE_LEASE_SECONDS + 1)
    forgotten = ImportJob.objects.create(project=project, files=upload, queue=queue, enqueued_at=too_old)
    never_sent = ImportJob.objects.create(project=project, queue=queue)  # no files: an empty import
    assert {r.job_id for r in sweep_lost_jobs()} == {forgotten.id, never_sent.id}
    assert sweep_lost_jobs() == []  # each is sent again once, not at every sweep
    for job in (forgotten, never_sent):
        deadline = time.monotonic() + 30
        while job.status != "succeeded" and time.monotonic() < deadline:
            time.sleep(0.2)
            job.refresh_from_db()
        assert job.status == "succeeded" and job.attempts == 1
    just_sent.refresh_from_db()
    assert just_sent.status == "queued"


@pytest.mark.django_db
def test_a_job_type_without_a_task_cannot_be_enqueued(project, monkeypatch):
    from claims.jobs import enqueue
    from claims.models import ExportJob

    monkeypatch.setattr(ExportJob, "task_name", "")  # every job type has a task now; pretend one has none
    with pytest.raises(TypeError, match="no task_name"):
        enqueue(ExportJob.objects.create(project=project, format="jsonl"))


@pytest.mark.django_db(transaction=True)
def test_without_atomic_the_work_commits_as_it_goes_and_a_superseded_attempt_still_reports_nothing(project, upload):
    def work(job, progress):
        add_source(job)  # e.g. a training run saving a checkpoint: kept even if the run is given up
        with side_connection() as sweeper:
            sweeper.execute("UPDATE claims_importjob SET status = 'failed' WHERE id = %s", [job.id])
        return {"sources": 1}

    job = ImportJob.objects.create(project=project, files=upload)
    assert run_job(model=ImportJob, job_id=job.id, work=work, atomic=False) is None
    assert Source.objects.count() == 1
    job.refresh_from_db()
    assert job.status == "failed" and job.counts == {}


@pytest.mark.django_db(transaction=True)
def test_a_lost_message_is_sent_again_at_the_next_sweep_and_a_backlog_that_is_all_there_is_not(project, settings):
    # Issue 17: a broker restarted without persistence forgot the messages of queued jobs; they were
    # sent again only after the visibility timeout (an hour). Nobody consumes this queue here.
    queue = f"backlog-{uuid.uuid4().hex[:8]}"
    jobs = [ImportJob.objects.create(project=project, queue=queue) for _ in range(3)]
    for job in jobs:
        app.send_task(ImportJob.task_name, args=[job.id], queue=queue)
    lease_ago = timezone.now() - timedelta(seconds=settings.JOB_MESSAGE_LEASE_SECONDS + 1)
    ImportJob.objects.filter(queue=queue).update(enqueued_at=lease_ago)
    assert sweep_lost_jobs() == []  # three jobs, three messages waiting: nothing is sent twice
    with app.connection_for_write() as broker:
        broker.default_channel.queue_purge(queue)  # the broker loses them
    assert {r.job_id for r in sweep_lost_jobs()} == {job.id for job in jobs}
    with app.connection_for_write() as broker:
        assert broker.default_channel.queue_declare(queue=queue, passive=True).message_count == 3
        broker.default_channel.queue_purge(queue)
    assert sweep_lost_jobs() == []  # sent again just now: not again until the lease has passed

