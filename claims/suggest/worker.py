"""Suggestion and training runs, in the worker: run through the shared job runner (claimed once,
heartbeating, swept if its worker dies), or in this process for the management commands.

A training run makes a heads version and, with enough labels, a fine-tuned one (train_versions).
Runs are asked for through claims.suggest.runs (the request side, which never imports this module).
"""

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from claims.jobs import run_job
from claims.models import JobStatus, ModelVersion, Project, QueueItem, Sentence, Suggestion, SuggestionRun, TrainingRun
from claims.models.project import QueueOrder
from claims.suggest.errors import SuggestError
from claims.suggest.finetune import finetune_skipped, finetuned_version
from claims.suggest.inference import suggest_pending
from claims.suggest.promotion import heads_version
from claims.suggest.runs import check_suggestion_settings, check_trainable, request_suggestions
from claims.suggest.training import training_set

logger = logging.getLogger(__name__)


def run_suggestion_job(*, run_id: int) -> SuggestionRun | None:
    """Run one queued suggestion run; chunks commit as they go, so a retry only does what is left."""
    return run_job(model=SuggestionRun, job_id=run_id, work=suggestion_work, atomic=False)


def run_training_job(*, run_id: int) -> TrainingRun | None:
    """Run one queued training run; the version it makes is stored (and maybe promoted) as it ends."""
    return run_job(model=TrainingRun, job_id=run_id, work=training_work, atomic=False)


def _run_now(model, *, project: Project, user, work, progress):
    """Run in this process through the job runner: take over a queued run (its message then finds it
    taken) or start one; SuggestError if one is already running."""
    queued = model.objects.filter(project=project, status=JobStatus.QUEUED).values_list("id", flat=True).first()
    if queued is None:
        try:
            with transaction.atomic():
                queued = model.objects.create(project=project, created_by=user, reason="command").id
        except IntegrityError:
            raise SuggestError(f"a {model._meta.verbose_name} is already running for this project; "
                               "wait for it to finish") from None

    def work_with_bar(run, report):
        def both(percent: int, message: str | None = None) -> None:
            report(percent, message)
            if progress:
                progress(percent)

        return work(run, both)

    if run_job(model=model, job_id=queued, work=work_with_bar, atomic=False) is None:
        raise SuggestError(f"{model._meta.verbose_name} {queued} was taken by a worker meanwhile")
    return model.objects.get(id=queued)


def suggestion_work(run: SuggestionRun, progress) -> dict:
    """The work of a suggestion run: suggest for what lacks a suggestion, re-rank a least-confident-first
    queue, then tidy old versions' rows."""
    counts = suggest_pending(project=run.project, progress=progress)
    SuggestionRun.objects.filter(id=run.id).update(model_version_id=counts["model_version"])
    if run.project.queue_order == QueueOrder.UNCERTAIN and counts["written"]:
        counts["reranked"] = QueueItem.objects.rerank(project=run.project)
    counts["removed"] = remove_superseded_suggestions(project=run.project)
    return counts


@dataclass
class Trained:
    """What a training run made: a heads version, and a fine-tuned one or the reason there is none."""

    heads: ModelVersion
    finetuned: ModelVersion | None = None
    finetune_note: str = ""


def train_versions(*, project: Project, progress=None) -> Trained:
    """Train a heads version and, with SUGGEST_FINETUNE_MIN_CLAIMS labelled claims, a fine-tuned one; each goes
    live only if it beats the version live at that moment on the same held-out items.

    Raises SuggestError (and stores nothing) for a one-label scheme, an unknown base model, or too few labels.
    """
    report = progress or (lambda percent: None)
    labelled = training_set(project=project)
    skipped = finetune_skipped(labelled)
    share = 100 if skipped else 30  # a fine-tune takes most of the run's time

    def heads_part(percent: int) -> None:
        report(percent * share // 100)

    labelled.encode(heads_part)
    heads = heads_version(labelled, note=skipped, extra={"finetune": {"skipped": skipped}} if skipped else None)
    if skipped:
        return Trained(heads, finetune_note=skipped)
    try:
        finetuned = finetuned_version(labelled, progress=lambda percent: report(share + percent * 70 // 100))
    except (SuggestError, RuntimeError, OSError) as error:
        # The heads version stands (and, if live, gets its suggestions); the run says what went wrong.
        logger.exception("project %s: the fine-tune failed", project.id)
        return Trained(heads, finetune_note=f"fine-tune failed: {error}"[:300])
    return Trained(heads, finetuned)


def training_work(run: TrainingRun, progress) -> dict:
    """The work of a training run: train, measure, maybe promote; a promoted version suggests for everything."""
    trained = train_versions(project=run.project, progress=progress)
    made = [v for v in (trained.heads, trained.finetuned) if v is not None]
    live = next((v for v in reversed(made) if v.status == "live"), None)
    shown = live or made[-1]
    TrainingRun.objects.filter(id=run.id).update(model_version=shown)
    if live is not None:
        request_suggestions(project=run.project, reason="new live version")
    return {"model_version": shown.id, "live": live is not None, "score": shown.metrics["score"],
            "baseline": shown.metrics["baseline_score"],
            "versions": [{"id": v.id, "kind": v.kind, "live": v.status == "live", "score": v.metrics["score"]}
                         for v in made],
            "finetune": trained.finetune_note or f"made v{made[-1].id}"}


def run_suggestions_now(*, project: Project, user=None, progress=None) -> SuggestionRun:
    """Suggest in this process (the management command), recorded as a run like the worker's."""
    check_suggestion_settings(project)
    return _run_now(SuggestionRun, project=project, user=user, work=suggestion_work, progress=progress)


def train_now(*, project: Project, user=None, progress=None) -> TrainingRun:
    """Train in this process (the management command), recorded as a run like the worker's."""
    check_trainable(project)
    return _run_now(TrainingRun, project=project, user=user, work=training_work, progress=progress)


def remove_superseded_suggestions(*, project: Project) -> int:
    """Delete suggestions of versions that are no longer live, except those an annotation points at.

    Only once the live version covers every body sentence, so the form always has one to show.
    """
    live = ModelVersion.objects.for_project(project).live().first()
    if live is None or Sentence.objects.filter(project=project, kind="body").exclude(
            suggestions__model_version=live).exists():
        return 0
    superseded = Suggestion.objects.for_project(project).exclude(model_version=live)
    deleted, _ = superseded.filter(annotations__isnull=True).delete()
    return deleted
