"""Celery tasks: thin adapters from a message (ids only) to a service."""

from celery import shared_task

from claims.ingest.jobs import run_import_job


@shared_task(name="claims.import_sources")
def import_sources(job_id: int) -> None:
    """Run one import job; the job row records the outcome."""
    run_import_job(job_id=job_id)
