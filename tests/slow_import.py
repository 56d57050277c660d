"""A slowed-down import task for the tests that kill a worker mid-import (`celery worker --include tests.slow_import`).

The import is the real one; only its progress reports pause, so that there is time to kill the worker
between two batches. A retry goes through the job's own task (claims.import_sources), at full speed.
"""

import time

from celery import shared_task

from claims.ingest.jobs import import_uploads
from claims.jobs import Progress, run_job
from claims.models import ImportJob

PAUSE_SECONDS = 0.5


@shared_task(name="tests.slow_import")
def slow_import(job_id: int) -> None:
    run_job(model=ImportJob, job_id=job_id, work=_import_slowly)


def _import_slowly(job: ImportJob, progress: Progress) -> dict:
    def report_and_pause(percent: int, message: str | None = None) -> None:
        progress(percent, message)
        time.sleep(PAUSE_SECONDS)

    return import_uploads(job, report_and_pause)
