"""Import jobs: accept uploads, queue them for the worker, run them, record the outcome."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from claims.ingest.errors import IngestError, Problem
from claims.ingest.readers import FORMATS, oversize
from claims.ingest.service import ImportSummary, InputFile, current_limits, import_files
from claims.jobs import JobFailed, Progress, enqueue, run_job
from claims.models import ImportJob, JobStatus, Project


def check_uploads(uploads: list[UploadedFile]) -> None:
    """Reject what can be judged without reading: no files, unknown formats, oversize files."""
    if not uploads:
        raise IngestError([Problem("(upload)", "no file was sent")])
    limits = current_limits()
    problems = []
    for upload in uploads:
        name = upload.name or "(unnamed)"
        if Path(name).suffix.lower() not in FORMATS:
            problems.append(Problem(name, f"unknown format; supported: {', '.join(FORMATS)}"))
        elif problem := oversize(name, upload.size, limits.max_file_bytes):
            problems.append(problem)
        elif upload.size == 0:
            problems.append(Problem(name, "is empty"))
    if problems:
        raise IngestError(problems)


@transaction.atomic
def create_import_job(*, project: Project, user, uploads: list[UploadedFile]) -> ImportJob:
    """Store the uploads and queue an import job for the worker (enqueued once this commits)."""
    check_uploads(uploads)
    folder = Path(settings.MEDIA_ROOT) / "imports" / uuid.uuid4().hex
    folder.mkdir(parents=True)
    files = []
    for number, upload in enumerate(uploads):
        # The stored name is ours; the user's name is only ever shown back, never used as a path.
        path = folder / f"{number}{Path(upload.name).suffix.lower()}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        files.append({"name": Path(upload.name).name, "path": str(path.relative_to(settings.MEDIA_ROOT))})
    job = ImportJob.objects.create(project=project, created_by=user, files=files)
    enqueue(job)
    return job


def run_import_job(*, job_id: int) -> ImportJob | None:
    """Run a queued import job once through the job runner: the whole import stored, or none of it and why."""
    return run_job(model=ImportJob, job_id=job_id, work=import_uploads)


def import_uploads(job: ImportJob, progress: Progress) -> dict:
    """The import job's work: import its uploaded files, or raise JobFailed naming every problem."""
    files = [InputFile(f["name"], Path(settings.MEDIA_ROOT) / f["path"]) for f in job.files]
    try:
        summary = import_files(project=job.project, files=files, job=job, progress=progress)
    except IngestError as error:
        raise JobFailed([problem.as_dict() for problem in error.problems]) from error
    return _counts(summary)


def _counts(summary: ImportSummary) -> dict:
    return summary.as_counts() | {"notes": summary.notes}


@transaction.atomic
def run_import_now(*, project: Project, files: list[InputFile], user=None) -> tuple[ImportJob, ImportSummary]:
    """Import in this process (the management command); on error nothing is stored, not even the job."""
    job = ImportJob.objects.create(
        project=project, created_by=user, status=JobStatus.RUNNING, started_at=timezone.now(),
        files=[{"name": f.name, "path": str(f.path)} for f in files],
    )
    summary = import_files(project=project, files=files, job=job)
    job.status, job.progress, job.finished_at, job.counts = JobStatus.SUCCEEDED, 100, timezone.now(), _counts(summary)
    job.save(update_fields=["status", "progress", "finished_at", "counts"])
    return job, summary
