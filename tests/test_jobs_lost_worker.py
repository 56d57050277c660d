"""A real worker process killed in the middle of an import: the job is retried and stores all or nothing."""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connections
from django.utils import timezone

from annotate.celery import app
from claims.models import ImportJob, Sentence, Source
from tests.processes import process_environment

ARTICLES = 600  # six batches of the importer, with a pause after each


class Workers:
    """Starts `celery worker` processes on a private queue, each in its own process group."""

    def __init__(self, tmp_path: Path):
        self.queue = f"tests-{uuid.uuid4().hex[:8]}"
        self.log = tmp_path / "worker.log"
        self.processes: list[subprocess.Popen] = []
        self.env = process_environment(
            CELERY_TASK_DEFAULT_QUEUE=self.queue,
            JOB_HEARTBEAT_SECONDS="1",
            JOB_STALE_SECONDS=str(django_settings.JOB_STALE_SECONDS),
            JOB_SWEEP_SECONDS="1",
        )

    def start(self) -> subprocess.Popen:
        name = f"{self.queue}-{len(self.processes)}@%h"
        command = [sys.executable, "-m", "celery", "-A", "annotate", "worker", "-Q", self.queue, "-n", name,
                   "--pool", "prefork", "--concurrency", "1", "--include", "tests.slow_import", "--loglevel", "info",
                   "--without-gossip", "--without-mingle", "--without-heartbeat"]
        with self.log.open("a") as log:
            process = subprocess.Popen(command, env=self.env, cwd=django_settings.BASE_DIR, stdout=log,
                                       stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(process)
        return process

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL the worker and its pool processes, as the OOM killer or `docker kill` would."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def pool_process(self, process: subprocess.Popen) -> int:
        children = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
        assert len(children) == 1, children
        return int(children[0])

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def tail(self) -> str:
        return self.log.read_text()[-3000:] if self.log.exists() else ""


@pytest.fixture
def workers(tmp_path, settings, transactional_db):
    settings.JOB_STALE_SECONDS = 4
    workers = Workers(tmp_path)
    try:
        yield workers
    finally:
        workers.stop_all()
        with app.connection_for_write() as broker:
            broker.default_channel.queue_purge(workers.queue)
        for alias in connections:
            connections[alias].close()
        with connections["default"].cursor() as cursor:  # the killed workers' sessions, if still there
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND pid <> pg_backend_pid()")


@pytest.fixture
def big_upload(settings):
    """An uploaded JSONL file of ARTICLES distinct articles, where create_import_job would put it."""
    folder = settings.MEDIA_ROOT / "imports" / uuid.uuid4().hex
    folder.mkdir(parents=True)
    lines = [json.dumps({"title": f"Report {n}", "text": f"Delegates from town {n} met on day {n}. "
                                                         f"They agreed on item {n}. Talks go on."})
             for n in range(ARTICLES)]
    (folder / "0.jsonl").write_text("\n".join(lines) + "\n")
    return folder


def wait_until(condition, workers: Workers, seconds: float = 90, what: str = ""):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}\n--- worker log ---\n{workers.tail()}")


def slow_import_job(project, folder: Path, workers: Workers) -> ImportJob:
    """An import job whose message runs the slowed import on the workers' queue."""
    path = str((folder / "0.jsonl").relative_to(django_settings.MEDIA_ROOT))
    job = ImportJob.objects.create(project=project, files=[{"name": "reports.jsonl", "path": path}],
                                   queue=workers.queue, enqueued_at=timezone.now())
    app.send_task("tests.slow_import", args=[job.id], queue=workers.queue)
    return job


def progress_of(job: ImportJob) -> int:
    job.refresh_from_db()
    return job.progress


def finished(job: ImportJob) -> bool:
    job.refresh_from_db()
    return job.status in ("succeeded", "failed")


def assert_whole_import(project, job: ImportJob, folder: Path) -> None:
    assert job.status == "succeeded", job.errors
    assert job.attempts == 2 and job.message == "done on attempt 2 (an earlier worker was lost)"
    assert Source.objects.filter(project=project).count() == ARTICLES == job.counts["sources"]
    assert Sentence.objects.filter(project=project).count() == job.counts["sentences"] == 3 * ARTICLES
    # The upload is gone once the job has ended for good: deleted just after the success commits.
    deadline = time.monotonic() + 10
    while folder.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not folder.exists()


@pytest.mark.worker
def test_a_killed_worker_s_import_is_retried_by_the_next_worker(project, manager, as_user, workers, big_upload):
    first = workers.start()
    job = slow_import_job(project, big_upload, workers)
    wait_until(lambda: progress_of(job) >= 40, workers, what="the import to be under way")
    workers.kill(first)

    # Nothing of the half-done import is stored; its upload is kept for the retry.
    assert Source.objects.filter(project=project).count() == 0
    assert (big_upload / "0.jsonl").exists()
    # With no worker left, a poll of the job already says what happened, instead of a frozen bar.
    url = f"/api/projects/{project.id}/imports/{job.id}/"
    polled = wait_until(lambda: as_user(manager).get(url).json()["message"], workers, seconds=15,
                        what="the job to look lost")
    assert polled == "worker lost, retrying as soon as a worker is running"
    assert progress_of(job) >= 40 and job.status == "running"

    workers.start()  # its sweeper re-queues the job at once, since its heartbeat is stale
    wait_until(lambda: finished(job), workers, what="the retried job to finish")
    assert_whole_import(project, job, big_upload)


@pytest.mark.worker
def test_a_killed_pool_process_does_not_lose_the_job(project, workers, big_upload):
    worker = workers.start()
    job = slow_import_job(project, big_upload, workers)
    wait_until(lambda: progress_of(job) >= 40, workers, what="the import to be under way")
    os.kill(workers.pool_process(worker), signal.SIGKILL)

    # The same worker starts a new pool process; its sweeper re-queues the silent job.
    wait_until(lambda: finished(job), workers, what="the retried job to finish")
    assert_whole_import(project, job, big_upload)
    assert worker.poll() is None  # the worker itself lived on
