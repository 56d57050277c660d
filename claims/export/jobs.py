"""Export jobs: queue an export for the worker, run it into a zip, serve the zip, delete it once expired."""

import shutil
import zipfile
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims.export.errors import ExportError
from claims.export.service import ExportOptions, export_dataset
from claims.jobs import JobFailed, Progress, enqueue, run_job
from claims.models import ExportJob, JobStatus, Project


def _folder(job: ExportJob) -> Path:
    return Path(settings.MEDIA_ROOT) / "exports" / str(job.id)


@transaction.atomic
def create_export_job(*, project: Project, user, options: dict) -> ExportJob:
    """Check the options and queue an export job for the worker (enqueued once this commits)."""
    checked = ExportOptions.parse(options)
    job = ExportJob.objects.create(project=project, created_by=user, format=checked.format, options=asdict(checked))
    enqueue(job)
    return job


MODEL = "model"  # an ExportJob's format when it exports the suggestion model (claims.export.model)


@transaction.atomic
def create_model_export_job(*, project: Project, user, version: int | None = None) -> ExportJob:
    """Queue an export of the suggestion model (the live version, or version) for the worker."""
    from claims.export.model import chosen_version

    chosen = chosen_version(project, version)  # refused now, not in the worker, if there is no such version
    job = ExportJob.objects.create(project=project, created_by=user, format=MODEL, options={"version": chosen.id})
    enqueue(job)
    return job


def run_export_job(*, job_id: int) -> ExportJob | None:
    """Run a queued export job once through the job runner: a zip to download, or the reason there is none."""
    return run_job(model=ExportJob, job_id=job_id, work=export_to_zip)


def export_to_zip(job: ExportJob, progress: Progress) -> dict:
    """The export job's work: write the dataset, zip it, record the zip and when it expires."""
    delete_expired_exports()
    folder = _folder(job)
    shutil.rmtree(folder, ignore_errors=True)  # a lost worker's half-written attempt
    data = folder / f"{job.project.slug}-{'model' if job.format == MODEL else 'export'}-{job.id}"
    try:
        if job.format == MODEL:
            from claims.export.model import export_model

            training = export_model(project=job.project, version=job.options["version"], out=data,
                                    progress=lambda percent: progress(percent, "writing the model"))
            head = {"counts": {"model": {"rows": training["labelled_claims"]}}}
        else:
            head = export_dataset(project=job.project, options=ExportOptions(**job.options), out=data,
                                  progress=lambda percent: progress(percent, "writing rows"))
    except ExportError as error:
        shutil.rmtree(folder, ignore_errors=True)
        raise JobFailed([{"file": "", "field": p.field, "message": p.message} for p in error.problems]) from error
    progress(97, "zipping")
    archive = folder / f"{data.name}.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(data.rglob("*")):
            if path.is_file():
                zipped.write(path, path.relative_to(folder))
    shutil.rmtree(data)
    # In the job's transaction: the row says "succeeded" and where the zip is in the same commit.
    ExportJob.objects.filter(id=job.id).update(
        file_path=str(archive.relative_to(settings.MEDIA_ROOT)),
        expires_at=timezone.now() + timedelta(hours=settings.EXPORT_KEEP_HOURS))
    return {split: counts["rows"] for split, counts in head["counts"].items()}


def download_path(job: ExportJob) -> Path:
    """The job's zip, or ExportError: 404 while it is not ready (or failed), 410 once it has expired."""
    if job.status != JobStatus.SUCCEEDED:
        raise ExportError.not_found(f"export {job.id} has not succeeded (status {job.status})")
    if not job.file_path or (job.expires_at and job.expires_at <= timezone.now()):
        raise ExportError(f"export {job.id} expired and its file was deleted; export again", status=410)
    return Path(settings.MEDIA_ROOT) / job.file_path


def delete_expired_exports() -> int:
    """Delete the files of every export past its expiry (any project); the job rows stay, saying so."""
    expired = ExportJob.objects.filter(expires_at__lte=timezone.now()).exclude(file_path="")
    deleted = 0
    for job in expired.only("id"):
        shutil.rmtree(_folder(job), ignore_errors=True)
        deleted += ExportJob.objects.filter(id=job.id).exclude(file_path="").update(
            file_path="", message="expired: the file was deleted")
    return deleted
