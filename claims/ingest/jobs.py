"""Import jobs: accept uploads, queue them for the worker, run them, record the outcome."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

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
    return _counts(_import(job, files, progress))


def _import(job: ImportJob, files: list[InputFile], progress: Progress) -> ImportSummary:
    try:
        return import_files(project=job.project, files=files, job=job, progress=progress)
    except IngestError as error:
        raise JobFailed([problem.as_dict() for problem in error.problems]) from error


def _counts(summary: ImportSummary) -> dict:
    return summary.as_counts() | {"notes": summary.notes}


@transaction.atomic
def run_import_now(*, project: Project, files: list[InputFile], user=None) -> tuple[ImportJob, ImportSummary]:
    """Import in this process (the management command) through the job runner, as a worker would; on error
    nothing is stored, not even the job, and the IngestError names every problem."""
    job = ImportJob.objects.create(project=project, created_by=user,
                                   files=[{"name": f.name, "path": str(f.path)} for f in files])
    summaries = []

    def work(job: ImportJob, progress: Progress) -> dict:
        summaries.append(_import(job, files, progress))
        return _counts(summaries[0])

    # Never enqueued and not yet committed: no worker can see the job, so this process claims it.
    job = run_job(model=ImportJob, job_id=job.id, work=work)
    if job.status == JobStatus.FAILED:
        # Rolls the job row back with the rest, as a command-line import always promised.
        raise IngestError([Problem(**error) for error in job.errors])
    return job, summaries[0]
