"""Import jobs: accept uploads, queue them for the worker, run them, record the outcome."""

import contextlib
import logging
import uuid
from datetime import timedelta
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from claims.ingest.errors import IngestError, Problem
from claims.ingest.readers import FORMATS, oversize
from claims.ingest.service import ImportSummary, InputFile, current_limits, import_files
from claims.models import ImportJob, JobStatus, Project

logger = logging.getLogger(__name__)


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
    from claims.tasks import import_sources

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
    import_sources.delay_on_commit(job.id)
    return job


class _ProgressWriter:
    """Writes a job's progress on its own connection, so it shows while the import's transaction is open."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        self._conn = psycopg.connect(**params, autocommit=True)
        self._last = -1

    def __call__(self, percent: int) -> None:
        percent = max(0, min(99, percent))
        if percent != self._last:
            self._conn.execute("UPDATE claims_importjob SET progress = %s WHERE id = %s", [percent, self.job_id])
            self._last = percent

    def close(self) -> None:
        self._conn.close()


def run_import_job(*, job_id: int) -> ImportJob | None:
    """Run a queued job once: claim it, import, and record counts or errors on the row."""
    # Claim the row with a conditional update: of two workers handed the same message, one wins.
    # A job still "running" after the task time limit lost its worker (killed mid-import; its
    # transaction rolled back) and the broker redelivered the message: run it again.
    abandoned_before = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    claimed = ImportJob.objects.filter(
        Q(status=JobStatus.QUEUED) | Q(status=JobStatus.RUNNING, started_at__lt=abandoned_before), id=job_id
    ).update(status=JobStatus.RUNNING, started_at=timezone.now(), progress=1)
    if claimed != 1:
        logger.info("import job %s is not queued; skipping", job_id)
        return None
    job = ImportJob.objects.select_related("project").get(id=job_id)
    files = [InputFile(f["name"], Path(settings.MEDIA_ROOT) / f["path"]) for f in job.files]
    progress = _ProgressWriter(job.id)
    try:
        summary = import_files(project=job.project, files=files, job=job, progress=progress)
    except IngestError as error:
        _finish(job, JobStatus.FAILED, errors=[p.as_dict() for p in error.problems])
    except Exception:
        # Users never see a stack trace; the log keeps it for the operator.
        logger.exception("import job %s failed unexpectedly", job.id)
        internal = {"file": "", "message": "internal error; the operator's log has details"}
        _finish(job, JobStatus.FAILED, errors=[internal])
    else:
        _finish(job, JobStatus.SUCCEEDED, summary=summary)
    finally:
        progress.close()
    _remove_uploads(files)
    return job


def _remove_uploads(files: list[InputFile]) -> None:
    """Delete a finished job's uploaded files: the sources hold the text, the job row the names.

    Not in a finally: a worker killed mid-import leaves them for the job's second run.
    """
    uploads = Path(settings.MEDIA_ROOT) / "imports"
    for file in files:
        file.path.unlink(missing_ok=True)
        if file.path.parent.parent == uploads:  # the job's own folder, made by create_import_job
            with contextlib.suppress(OSError):  # other files still in it, or gone already
                file.path.parent.rmdir()


def _finish(job: ImportJob, status: str, *, summary: ImportSummary | None = None, errors: list | None = None) -> None:
    job.status = status
    job.progress = 100
    job.finished_at = timezone.now()
    job.counts = summary.as_counts() | {"notes": summary.notes} if summary else {}
    job.errors = errors or []
    job.save(update_fields=["status", "progress", "finished_at", "counts", "errors"])


@transaction.atomic
def run_import_now(*, project: Project, files: list[InputFile], user=None) -> tuple[ImportJob, ImportSummary]:
    """Import in this process (the management command); on error nothing is stored, not even the job."""
    job = ImportJob.objects.create(
        project=project, created_by=user, status=JobStatus.RUNNING, started_at=timezone.now(),
        files=[{"name": f.name, "path": str(f.path)} for f in files],
    )
    summary = import_files(project=project, files=files, job=job)
    _finish(job, JobStatus.SUCCEEDED, summary=summary)
    return job, summary
