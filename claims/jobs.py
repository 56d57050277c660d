"""The one job runner: every long job (import, export, re-match, suggestion, training) runs through it.

A job is a row of a `claims.models.jobs.Job` subclass that clients poll. The runner guarantees:

- **Once.** `run_job` claims the row with a conditional UPDATE (queued → running, attempts + 1); a
  second delivery of the same message finds it not queued and does nothing.
- **Signs of life.** While `work` runs, a thread writes `heartbeat_at` every JOB_HEARTBEAT_SECONDS, and
  `progress(percent, message)` writes progress; both on a connection of their own, so they show
  while the work's transaction is still open.
- **A lost worker is noticed.** A running job silent for JOB_STALE_SECONDS lost its worker (SIGKILL,
  OOM, a killed pool process, a machine gone). `sweep_lost_jobs` puts it back in its queue with the
  message "worker lost, retrying (attempt 2 of 3)", or, once JOB_MAX_ATTEMPTS runs are spent, fails
  it with the reason. Every worker sweeps at start and then every JOB_SWEEP_SECONDS in a thread of
  its main process (`start_sweeper`, wired to Celery's worker_ready in claims.tasks): no scheduler
  process to run, it keeps sweeping while the pool is busy with long jobs, and several workers
  sweeping at once is harmless because every change is a conditional UPDATE. With no worker at all,
  nothing could run the job anyway; the job's `status_message` already says the worker is lost.
- **A lost message is sent again within a minute.** A queued job whose message could not be sent is
  sent again by the same sweep. So is one sent more than JOB_MESSAGE_LEASE_SECONDS ago when its
  queue in the broker holds fewer messages than the queue has queued jobs: some message is gone (a
  Redis restarted without persistence, a flushed broker, the filesystem transport forgetting a killed
  worker's messages). Counting, not looking for each job's own message, keeps it one cheap question
  to any broker; a job whose message was still there gets a second one, which is harmless (claimed
  once), and a long backlog whose messages are all there is not sent again at every sweep.
- **All or nothing.** With `atomic=True` (the default) the work and the row's "succeeded" commit in
  one transaction, and only if this attempt still owns the row: a worker that was given up for dead
  and wakes up later stores nothing.
- **Inputs kept for retries.** `job.release_inputs()` (e.g. deleting uploads) runs once the job has
  ended for good: succeeded, failed, or given up after its last attempt.

A new kind of job: subclass Job (see claims.models.jobs), write `work(job, progress) -> counts`
raising `JobFailed` for what the user must fix, a three-line Celery task named as the model's
`task_name` that calls `run_job(model=..., job_id=..., work=...)`, and `enqueue(job)` where the job
is created. Unexpected exceptions fail the job with "internal error" (the log has the traceback);
only a lost worker is retried, because only that is known to be transient.
"""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

import psycopg
from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.apps import apps
from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import F
from django.db.models.functions import Now

from claims.models.jobs import Job, JobStatus
from claims.models.project import Project

logger = logging.getLogger(__name__)

J = TypeVar("J", bound=Job)

INTERNAL_ERROR = {"file": "", "message": "internal error; the operator's log has details"}


class Progress(Protocol):
    """Reports how far the work is (0–99 percent), with an optional message for the user."""

    def __call__(self, percent: int, message: str | None = None) -> None: ...


Work = Callable[[J, Progress], dict]


class JobFailed(Exception):
    """A failure the user should read (bad input, nothing to export): the job fails with these errors."""

    def __init__(self, errors: list[dict] | str):
        self.errors = [{"file": "", "message": errors}] if isinstance(errors, str) else errors
        super().__init__("; ".join(str(error.get("message", "")) for error in self.errors))


class _Superseded(Exception):
    """This attempt no longer owns the job: it was given up for dead and re-queued or failed."""


def enqueue(job: Job, *, queue: str | None = None) -> None:
    """Record the job's queue and send its message once the current transaction commits."""
    if not type(job).task_name:
        raise TypeError(f"{type(job).__name__} has no task_name: no Celery task would run it")
    job.queue = queue or job.queue or type(job).default_queue or current_app.conf.task_default_queue
    type(job).objects.filter(id=job.id).update(queue=job.queue, enqueued_at=Now())
    _send_on_commit(job)


@transaction.atomic
def enqueue_coalesced(model: type[J], *, project, user=None) -> J:
    """The queued job of this kind for the project, or a new one: for jobs that read their inputs when they
    start (the actor list, the queue order), so a queued one already covers a change made now."""
    # Requests for one project take turns here, so that two of them never both add a job. (No key
    # update: rows that merely refer to the project can still be written meanwhile.)
    Project.objects.select_for_update(no_key=True).filter(id=project.id).values_list("id").get()
    # The queued job's row stays locked until this change commits, so a worker cannot start it before.
    queued = model.objects.select_for_update().filter(project=project, status=JobStatus.QUEUED).first()
    if queued is not None:
        return queued
    # None queued (one may be running, with the inputs as they were): queue one.
    job = model.objects.create(project=project, created_by=user)
    enqueue(job)
    return job


def _send_on_commit(job: Job) -> None:
    model, job_id, queue = type(job), job.id, job.queue or current_app.conf.task_default_queue
    transaction.on_commit(lambda: _send(model, job_id, queue))


def _send(model: type[Job], job_id: int, queue: str) -> None:
    try:
        # By name: services never import the task module (it imports them).
        current_app.send_task(model.task_name, args=[job_id], queue=queue)
    except Exception as error:
        # The job is committed; the sweeper sends it again (enqueued_at NULL marks it unsent). One
        # line: a broker that is down is an operator's news, not a programming error.
        logger.warning("could not send %s %s to queue %s: %s", model.__name__, job_id, queue, error)
        reason = f"the job queue cannot be reached ({error}); a worker sends it once it can"[:300]
        model.objects.filter(id=job_id, status=JobStatus.QUEUED).update(enqueued_at=None, message=reason)


def broker_problem() -> str | None:
    """Why the job queue cannot be reached now, or None if it can (commands ask before queueing anything)."""
    try:
        with current_app.connection_for_write() as connection_to_broker:
            connection_to_broker.ensure_connection(max_retries=1)
    except Exception as error:
        return f"the job queue cannot be reached ({error})"
    return None


def run_job(*, model: type[J], job_id: int, work: Work, atomic: bool = True) -> J | None:
    """Run a queued job once: claim it, heartbeat while `work` runs, record counts or errors; None if not claimed."""
    claimed = model.objects.filter(id=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, attempts=F("attempts") + 1, started_at=Now(), heartbeat_at=Now(), progress=1,
        finished_at=None,
    )
    if claimed != 1:
        logger.info("%s %s is not queued; skipping this delivery", model.__name__, job_id)
        return None
    job = model.objects.select_related("project").get(id=job_id)
    signs = _SignsOfLife(job)
    try:
        _run(job, work, signs, atomic=atomic)
    except _Superseded:
        logger.warning("%s %s attempt %s was given up for dead; its outcome is dropped",
                       model.__name__, job.id, job.attempts)
        return None
    finally:
        signs.close()
    job.release_inputs()
    return job


def _run(job: Job, work: Work, signs: "_SignsOfLife", *, atomic: bool) -> None:
    """Run the work and record the outcome on the row; raise _Superseded if the row was taken from this attempt."""
    try:
        if atomic:
            with transaction.atomic():
                _finish(job, JobStatus.SUCCEEDED, counts=work(job, signs.progress))  # _Superseded rolls back
        else:
            _finish(job, JobStatus.SUCCEEDED, counts=work(job, signs.progress))
    except _Superseded:
        raise
    except JobFailed as failure:
        _finish(job, JobStatus.FAILED, errors=failure.errors)
    except SoftTimeLimitExceeded:
        limit = settings.CELERY_TASK_SOFT_TIME_LIMIT
        _finish(job, JobStatus.FAILED, errors=[{"file": "", "message": f"took longer than {limit} s; stopped"}])
    except Exception:
        # Users never see a stack trace; the log keeps it for the operator.
        logger.exception("%s %s failed unexpectedly", type(job).__name__, job.id)
        _finish(job, JobStatus.FAILED, errors=[INTERNAL_ERROR])


def _finish(job: Job, status: str, *, counts: dict | None = None, errors: list | None = None) -> None:
    """Record the outcome, only if this attempt still owns the row (else raise _Superseded)."""
    message = ""
    if job.attempts > 1:
        outcome = "done" if status == JobStatus.SUCCEEDED else "failed"
        message = f"{outcome} on attempt {job.attempts} (an earlier worker was lost)"
    changed = type(job).objects.filter(id=job.id, status=JobStatus.RUNNING, attempts=job.attempts).update(
        status=status, progress=100, finished_at=Now(), counts=counts or {}, errors=errors or [], message=message,
    )
    if changed != 1:
        raise _Superseded
    job.refresh_from_db()


class _SignsOfLife:
    """Progress and heartbeat of one attempt, written on a connection of their own.

    The work's own transaction may stay open for its whole run: what is written on it shows to
    nobody until it commits. The heartbeat thread shares this connection (psycopg connections
    serialise their users).
    """

    def __init__(self, job: Job):
        self._table = connection.ops.quote_name(job._meta.db_table)
        self._owner = [job.id, job.attempts]
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        self._conn = psycopg.connect(**params, autocommit=True)
        self._last: tuple[int, str | None] | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"heartbeat {self._table} {job.id}", daemon=True)
        self._thread.start()

    def progress(self, percent: int, message: str | None = None) -> None:
        percent = max(0, min(99, int(percent)))
        if (percent, message) == self._last:
            return
        self._last = (percent, message)
        self._write("progress = %s, message = COALESCE(%s, message), heartbeat_at = now()", [percent, message])

    def _beat(self) -> None:
        while not self._stop.wait(settings.JOB_HEARTBEAT_SECONDS):
            self._write("heartbeat_at = now()", [])

    def _write(self, assignments: str, params: list) -> None:
        try:
            self._conn.execute(
                f"UPDATE {self._table} SET {assignments} WHERE id = %s AND status = 'running' AND attempts = %s",
                [*params, *self._owner],
            )
        except psycopg.Error:
            # A missed beat is not fatal; many in a row make the job look lost, which it then is.
            logger.warning("could not record progress of %s %s", self._table, self._owner[0], exc_info=True)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._conn.close()


def job_models() -> list[type[Job]]:
    """Every concrete kind of job that a task runs: the sweeper looks after all of them."""
    return [model for model in apps.get_models() if issubclass(model, Job) and model.task_name]


@dataclass(frozen=True)
class Recovery:
    """What the sweeper did with one job whose worker was lost."""

    kind: str
    job_id: int
    requeued: bool
    message: str


def sweep_lost_jobs() -> list[Recovery]:
    """Re-queue each running job whose heartbeat stopped (fail it, releasing its inputs, once out of attempts),
    and send again each queued job whose message was never sent or is missing from its queue."""
    recoveries = []
    for model in job_models():
        for job in model.objects.lost().only("id", "attempts", "queue", "status"):
            recoveries.append(_recover(job))
    for job in _messages_missing():
        recoveries.append(_resend(job))
    recoveries = [recovery for recovery in recoveries if recovery]
    for recovery in recoveries:
        logger.warning("%s %s: %s", recovery.kind, recovery.job_id, recovery.message)
    return recoveries


def _recover(job: Job) -> Recovery | None:
    # Conditional on the row being unchanged and still silent: a worker that beats again, or another
    # sweeper that got there first, makes this a no-op.
    unchanged = type(job).objects.lost().filter(id=job.id, attempts=job.attempts)
    most = settings.JOB_MAX_ATTEMPTS
    kind = type(job).__name__
    if job.attempts < most:
        message = f"worker lost, retrying (attempt {job.attempts + 1} of {most})"
        with transaction.atomic():
            if not unchanged.update(status=JobStatus.QUEUED, progress=0, heartbeat_at=None, message=message,
                                    enqueued_at=Now()):
                return None
            _send_on_commit(job)
        return Recovery(kind, job.id, True, message)
    message = f"worker lost on each of {job.attempts} attempts; gave up"
    if not unchanged.update(status=JobStatus.FAILED, progress=100, finished_at=Now(), message=message,
                            errors=[{"file": "", "message": message}]):
        return None
    type(job).objects.get(id=job.id).release_inputs()
    return Recovery(kind, job.id, False, message)


def _messages_missing() -> list[Job]:
    """Queued jobs never sent, and those of a queue whose broker holds fewer messages than it has queued jobs."""
    default = current_app.conf.task_default_queue
    unsent, old_by_queue, queued = [], {}, {}
    for model in job_models():
        for job in model.objects.unsent().only("id", "queue", "enqueued_at"):
            if job.enqueued_at is None:
                unsent.append(job)
            else:
                old_by_queue.setdefault(job.queue or default, []).append(job)
        for row in model.objects.filter(status=JobStatus.QUEUED, enqueued_at__isnull=False).values("queue"):
            queued[row["queue"] or default] = queued.get(row["queue"] or default, 0) + 1
    missing = list(unsent)
    for queue, jobs in old_by_queue.items():
        waiting = _waiting_messages(queue)
        if waiting is not None and waiting < queued[queue]:
            missing.extend(jobs)
    return missing


def _waiting_messages(queue: str) -> int | None:
    """How many messages the broker holds in `queue` (0 for a queue it does not know); None if it cannot say."""
    try:
        with current_app.connection_for_read() as connection_to_broker:
            connection_to_broker.ensure_connection(max_retries=1)
            channel = connection_to_broker.default_channel
            try:
                return channel.queue_declare(queue=queue, passive=True).message_count
            except connection_to_broker.channel_errors:
                return 0  # no such queue any more: a broker restarted empty
    except Exception as error:  # the broker is unreachable: sending again would fail too
        logger.warning("could not count the messages in queue %s: %s", queue, error)
        return None


def _resend(job: Job) -> Recovery | None:
    # A second message for a job whose first one is still in the broker is harmless: claimed once.
    with transaction.atomic():
        if not type(job).objects.unsent().filter(id=job.id, enqueued_at=job.enqueued_at).update(enqueued_at=Now()):
            return None
        _send_on_commit(job)
    return Recovery(type(job).__name__, job.id, True, f"message sent again to queue {job.queue or 'default'}")


_sweeper_stop: threading.Event | None = None


def start_sweeper(*, every: float | None = None) -> None:
    """Sweep now and then every `every` seconds (JOB_SWEEP_SECONDS; 0 turns it off) in a daemon thread."""
    global _sweeper_stop
    every = settings.JOB_SWEEP_SECONDS if every is None else every
    if every <= 0 or _sweeper_stop is not None:
        return
    stop = _sweeper_stop = threading.Event()

    def sweep_until_stopped() -> None:
        try:
            while True:
                close_old_connections()  # reconnect after a database restart
                try:
                    sweep_lost_jobs()
                except Exception:
                    logger.exception("sweeping lost jobs failed; trying again in %s s", every)
                if stop.wait(every):
                    return
        finally:
            connection.close()

    threading.Thread(target=sweep_until_stopped, name="job sweeper", daemon=True).start()


def stop_sweeper() -> None:
    """Stop the sweeper thread, if this process runs one."""
    global _sweeper_stop
    if _sweeper_stop is not None:
        _sweeper_stop.set()
        _sweeper_stop = None

