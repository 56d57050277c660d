"""Long-running work (imports, exports) recorded as rows that clients poll."""

from django.db import models
from django.db.models import Q

from claims.models.project import Project, User


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class Job(models.Model):
    """Fields every job row has: who asked, state, progress, counts and errors."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="%(class)ss")
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done.")
    counts = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class ImportJob(Job):
    """An import of uploaded files; the worker fills in progress, counts and errors."""

    # [{"name": original file name, "path": path under MEDIA_ROOT}]
    files = models.JSONField(default=list)

    class Meta(Job.Meta):
        constraints = [
            models.CheckConstraint(condition=Q(status__in=JobStatus.values), name="import_job_status_valid"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="import_job_progress_percent"),
        ]


class ExportJob(Job):
    """An export of a training set; the worker writes the file and records where it is."""

    format = models.CharField(max_length=40)
    options = models.JSONField(default=dict, blank=True)
    file_path = models.CharField(max_length=1000, blank=True)

    class Meta(Job.Meta):
        constraints = [
            models.CheckConstraint(condition=Q(status__in=JobStatus.values), name="export_job_status_valid"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="export_job_progress_percent"),
        ]
