"""Celery tasks: thin adapters from a message (ids only) to a service."""

from celery import shared_task
from celery.signals import worker_ready, worker_shutdown
from django.conf import settings

from claims.actors.rematch import run_rematch_job
from claims.annotation import queue
from claims.export.jobs import run_export_job
from claims.ingest.jobs import run_import_job
from claims.jobs import start_sweeper, stop_sweeper
from claims.review.proposing import run_proposal_job
from claims.suggest.worker import run_suggestion_job, run_training_job


@shared_task(name="claims.import_sources")
def import_sources(job_id: int) -> None:
    """Run one import job; the job row records the outcome."""
    run_import_job(job_id=job_id)


@shared_task(name="claims.export_dataset")
def export_dataset(job_id: int) -> None:
    """Run one export job; the job row records the outcome and the zip to download."""
    run_export_job(job_id=job_id)


@shared_task(name="claims.rematch_actors")
def rematch_actors(job_id: int) -> None:
    """Run one actor re-match job; the job row records the outcome."""
    run_rematch_job(job_id=job_id)


@shared_task(name="claims.propose_propositions")
def propose_propositions(run_id: int) -> None:
    """Run one proposition proposal run; the run's row records the outcome."""
    run_proposal_job(run_id=run_id)


@shared_task(name="claims.reorder_queue")
def reorder_queue(job_id: int) -> None:
    """Run one queue re-rank job; the job row records the outcome."""
    queue.run_rerank_job(job_id=job_id)


@worker_ready.connect
def _sweep_while_worker_runs(**kwargs) -> None:
    """Every worker looks for jobs whose worker was lost, at start and then periodically."""
    start_sweeper()


@worker_shutdown.connect
def _stop_sweeping(**kwargs) -> None:
    stop_sweeper()


@shared_task(name="claims.suggest_sentences", time_limit=settings.SUGGEST_RUN_TIME_LIMIT,
             soft_time_limit=settings.SUGGEST_RUN_TIME_LIMIT - 60)
def suggest_sentences(run_id: int) -> None:
    """Run one suggestion run (on the suggest queue); the run's row records the outcome."""
    run_suggestion_job(run_id=run_id)


@shared_task(name="claims.train_suggester", time_limit=settings.SUGGEST_RUN_TIME_LIMIT,
             soft_time_limit=settings.SUGGEST_RUN_TIME_LIMIT - 60)
def train_suggester(run_id: int) -> None:
    """Run one training run (on the suggest queue); the run's row records the outcome."""
    run_training_job(run_id=run_id)
