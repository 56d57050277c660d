"""Suggestion and training runs: asked for by people, imports and new labels; run by the worker.

A training run makes a heads version and, with enough labels, a fine-tuned one (train_versions).

Every door (web button, REST API, management command, the import and annotation hooks) calls the
services here. A run is a job row that clients poll; its Celery message goes to the `suggest`
queue (SUGGEST_QUEUE) once the request's transaction commits. At most one run of each kind waits
or runs per project: asking again while one does returns it (the running one picks up whatever
still lacks a suggestion).
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q

from claims.annotation.queue import reorder_queue
from claims.jobs import enqueue, run_job
from claims.models import (
    Adjudication,
    Annotation,
    Claim,
    JobStatus,
    ModelVersion,
    Project,
    Sentence,
    Suggestion,
    SuggestionRun,
    TrainingRun,
)
from claims.models.project import QueueOrder
from claims.suggest.encoder import check_base_model, resolve_base_model
from claims.suggest.errors import SuggestError
from claims.suggest.finetune import finetune_skipped, finetuned_version
from claims.suggest.heads import LabelSet
from claims.suggest.inference import suggest_pending
from claims.suggest.training import MIN_LABELLED_CLAIMS, heads_version, training_set

logger = logging.getLogger(__name__)

ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


def _active_or_new(model, *, project: Project, user, reason: str, **fields):
    """The project's waiting or running run of this kind, or a new one queued for the worker."""
    existing = model.objects.filter(project=project, status__in=ACTIVE).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            run = model.objects.create(project=project, created_by=user, reason=reason, **fields)
    except IntegrityError:  # asked twice at once: the other request's run stands
        return model.objects.filter(project=project, status__in=ACTIVE).first()
    enqueue(run, queue=settings.SUGGEST_QUEUE)
    return run


def check_suggestion_settings(project: Project) -> None:
    """Raise SuggestError if the project's scheme or base model cannot give suggestions (cheap: no model)."""
    LabelSet.of_scheme(project.scheme)
    check_base_model(resolve_base_model(project.base_model))


def request_suggestions(*, project: Project, user=None, reason: str = "request") -> SuggestionRun:
    """Queue a run that suggests for every body sentence lacking a live-version suggestion."""
    check_suggestion_settings(project)
    return _active_or_new(SuggestionRun, project=project, user=user, reason=reason)


def suggest_after_import(*, project: Project) -> SuggestionRun | None:
    """Hook for the import service: queue suggestions for the new sentences; never fails the import."""
    try:
        return request_suggestions(project=project, reason="import")
    except SuggestError as error:
        logger.warning("project %s: no suggestions after import: %s", project.id, error)
        return None


def labelled_claim_count(project: Project) -> int:
    """Claims marked by annotators or editors (an upper bound of what training resolves them to)."""
    return _labelled_claims(project).count()


def _labelled_claims(project: Project):
    return Claim.objects.filter(Q(annotation__project=project) | Q(adjudication__project=project))


def check_trainable(project: Project) -> None:
    """Raise SuggestError if training cannot succeed now (scheme, base model, too few labels); cheap."""
    check_suggestion_settings(project)
    # Counted up to the threshold only: this runs after saves, whatever the project's size.
    claims = _labelled_claims(project)[:MIN_LABELLED_CLAIMS].count()
    if claims < MIN_LABELLED_CLAIMS:
        raise SuggestError(f"training needs at least {MIN_LABELLED_CLAIMS} labelled claims; this project has "
                           f"{claims}. Label {MIN_LABELLED_CLAIMS - claims} more and train again.")


def request_training(*, project: Project, user=None, reason: str = "request") -> TrainingRun:
    """Queue a training run; SuggestError at once if it cannot succeed (scheme, base model, too few labels)."""
    check_trainable(project)
    newest = Annotation.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return _active_or_new(TrainingRun, project=project, user=user, reason=reason, label_mark=newest)


def labels_saved(*, project: Project, annotation_id: int | None = None) -> TrainingRun | None:
    """Hook for the annotation and adjudication services, after their transaction commits.

    Queues training once project.retrain_every new annotations (or adjudications) have been saved
    since the last training run was queued, and there are enough labels to train on. Given the new
    annotation's id, it looks only on every tenth of retrain_every saves, so most saves cost nothing;
    while a training run waits or runs, a look costs one query.
    """
    if annotation_id is not None and annotation_id % max(1, project.retrain_every // 10):
        return None
    last = (TrainingRun.objects.filter(project=project).order_by("-id")
            .values("label_mark", "created_at", "status").first())
    # A run still waiting or running trains on every label there is when it starts, and asking again
    # would return it: nothing to count (this check ran on every tenth save of retrain_every meanwhile).
    if last and last["status"] in ACTIVE:
        return None
    # Counted up to the threshold only, along the primary key from the mark: bounded whatever the project's size.
    new = Annotation.objects.filter(project=project, id__gt=last["label_mark"] if last else 0).order_by("id")
    adjudicated = Adjudication.objects.filter(project=project)
    if last:
        adjudicated = adjudicated.filter(decided_at__gt=last["created_at"])
    if new[: project.retrain_every].count() + adjudicated.count() < project.retrain_every:
        return None
    try:
        return request_training(project=project, reason="new labels")
    except SuggestError as error:
        logger.info("project %s: not retraining yet: %s", project.id, error)
        return None


# ---------------------------------------------------------------------------------------------
# In the worker (through the shared job runner: claimed once, heartbeating, swept if its worker dies).


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
        counts["reranked"] = reorder_queue(project=run.project)
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
