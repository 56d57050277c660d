"""Long-running work (imports, exports, re-matches, suggestion and training runs) as rows that clients poll.

Every kind of job is a subclass of the abstract `Job`; `claims.jobs` runs them all the same way
(claim, heartbeat, progress, retry after a lost worker, finish). A new kind of job needs:

    class TrainingRun(Job):
        task_name = "claims.train_model"   # the Celery task that calls claims.jobs.run_job
        default_queue = "gpu"              # optional; None means the default queue
        epochs = models.PositiveSmallIntegerField(default=3)

        class Meta(Job.Meta):
            pass                           # inherits the status and progress constraints

and, if it holds inputs that must go once it has ended for good, a `release_inputs()` override.
"""

import contextlib
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, Q
from django.db.models.functions import Now
from django.utils import timezone

from claims.models.project import Project, User


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


FINISHED = (JobStatus.SUCCEEDED, JobStatus.FAILED)


class JobQuerySet(models.QuerySet):
    def lost(self) -> "JobQuerySet":
        """Running jobs whose worker has been silent for JOB_STALE_SECONDS, by the database's clock."""
        cutoff = ExpressionWrapper(Now() - timedelta(seconds=settings.JOB_STALE_SECONDS),
                                   output_field=models.DateTimeField())
        silent = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
        return self.filter(silent, status=JobStatus.RUNNING)

    def unsent(self) -> "JobQuerySet":
        """Queued jobs whose message may not be in the broker: its sending failed, or it was sent more than
        JOB_MESSAGE_LEASE_SECONDS ago (claims.jobs then asks the broker whether messages are missing)."""
        cutoff = ExpressionWrapper(Now() - timedelta(seconds=settings.JOB_MESSAGE_LEASE_SECONDS),
                                   output_field=models.DateTimeField())
        return self.filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=cutoff), status=JobStatus.QUEUED)


class Job(models.Model):
    """Fields every job row has: who asked, state, progress, counts and errors, attempts and heartbeat."""

    # The Celery task (by name) that runs this kind of job, and the queue it goes to unless told.
    task_name: str = ""
    default_queue: str | None = None

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="%(class)ss")
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done.")
    counts = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True, help_text="When the latest attempt began.")
    finished_at = models.DateTimeField(null=True, blank=True)
    # db_default: raw SQL and COPY paths that create rows keep working.
    message = models.CharField(max_length=300, blank=True, default="", db_default="",
                               help_text="What the user should know now, e.g. 'worker lost, retrying'.")
    attempts = models.PositiveSmallIntegerField(default=0, db_default=0, help_text="Times a worker has claimed it.")
    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text="Last sign of life from its worker.")
    enqueued_at = models.DateTimeField(null=True, blank=True, help_text="When its latest message was sent.")
    queue = models.CharField(max_length=100, blank=True, default="", db_default="",
                             help_text="The Celery queue its messages go to (retries go to the same one).")

    objects = JobQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=JobStatus.values), name="%(class)s_status_valid"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="%(class)s_progress_percent"),
        ]

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def status_message(self) -> str:
        """The stored message, or the news that the worker has gone silent (seen before any sweep)."""
        if self.status == JobStatus.RUNNING and self.heartbeat_is_stale():
            return "worker lost, retrying as soon as a worker is running"
        return self.message

    def heartbeat_is_stale(self) -> bool:
        last = self.heartbeat_at or self.started_at
        return last is not None and last < timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS)

    def release_inputs(self) -> None:
        """Delete what the job needed only while it could still run; called once it has ended for good."""


class ImportJob(Job):
    """An import of uploaded files; the worker fills in progress, counts and errors."""

    task_name = "claims.import_sources"

    # [{"name": original file name, "path": path under MEDIA_ROOT}]
    files = models.JSONField(default=list)

    class Meta(Job.Meta):
        pass

    def release_inputs(self) -> None:
        """Delete the uploaded files and their folder: the sources hold the text, the job row the names."""
        uploads = Path(settings.MEDIA_ROOT) / "imports"
        for file in self.files:
            path = uploads.parent / file["path"]
            # Only ever our own uploads: a command-line import records the user's own paths.
            if not path.resolve().is_relative_to(uploads.resolve()):
                continue
            path.unlink(missing_ok=True)
            if path.parent.parent == uploads:  # the job's own folder, made by create_import_job
                with contextlib.suppress(OSError):  # other files still in it, or gone already
                    path.parent.rmdir()


class ExportJob(Job):
    """An export of a training set (claims.export); the worker writes a zip and records where it is."""

    task_name = "claims.export_dataset"

    format = models.CharField(max_length=40)
    options = models.JSONField(default=dict, blank=True)
    file_path = models.CharField(max_length=1000, blank=True,
                                 help_text="The zip, under MEDIA_ROOT; empty once expired.")
    expires_at = models.DateTimeField(null=True, blank=True, help_text="When the zip is deleted (EXPORT_KEEP_HOURS).")

    class Meta(Job.Meta):
        pass


class QueueRerankJob(Job):
    """A re-rank of a project's work queue after its order or seed changed (claims.annotation.queue).

    Requests coalesce as re-matches do: while one is queued, it will read the order when it starts.
    """

    task_name = "claims.reorder_queue"

    class Meta(Job.Meta):
        pass


class ActorMatchJobQuerySet(JobQuerySet):
    def latest_for(self, project: Project) -> "ActorMatchJob | None":
        """The project's newest re-match: while one is queued or running, the one whose end means all is matched."""
        return self.filter(project=project).order_by("-id").first()


class ActorMatchJob(Job):
    """A re-match of a project's actor mentions after its actor list changed (claims.actors.rematch).

    Changes coalesce: while a re-match of the project is queued, further changes add nothing (it
    will read the actor list as it is when it starts); while one runs, they queue one more. Not a
    unique constraint, because the sweeper may put a lost job back in the queue beside a newer
    one: two queued re-matches then run one after the other, the second finding little to do.
    """

    task_name = "claims.rematch_actors"

    objects = ActorMatchJobQuerySet.as_manager()

    class Meta(Job.Meta):
        pass
