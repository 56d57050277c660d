"""Suggestion and training runs: asked for by people, imports and new labels; run by the worker.

Every door (web button, REST API, management command, the import and annotation hooks) calls the
services here. A run is a job row that clients poll; its Celery message goes to the `suggest`
queue (SUGGEST_QUEUE) once the request's transaction commits. At most one run of each kind waits
or runs per project: asking again while one does returns it (the running one picks up whatever
still lacks a suggestion).
"""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

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
from claims.suggest.encoder import check_base_model, resolve_base_model
from claims.suggest.errors import SuggestError
from claims.suggest.heads import LabelSet
from claims.suggest.inference import suggest_pending
from claims.suggest.training import MIN_LABELLED_CLAIMS, train_version

logger = logging.getLogger(__name__)

ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)
INTERNAL_ERROR = {"file": "", "message": "internal error; the operator's log has details"}


def _send(run: SuggestionRun | TrainingRun) -> None:
    """Send the run's message once the transaction commits; a broker that is down leaves the run queued."""
    from celery import current_app

    def send():
        try:
            current_app.send_task(type(run).task_name, args=[run.id], queue=settings.SUGGEST_QUEUE)
        except Exception:  # the broker is down: the row says "queued" and the page says no worker took it
            logger.exception("could not queue %s %s", type(run).__name__, run.id)

    transaction.on_commit(send)


def _active_or_new(model, *, project: Project, user, reason: str):
    """The project's waiting or running run of this kind, or a new one queued for the worker."""
    existing = model.objects.filter(project=project, status__in=ACTIVE).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            run = model.objects.create(project=project, created_by=user, reason=reason)
    except IntegrityError:  # asked twice at once: the other request's run stands
        return model.objects.filter(project=project, status__in=ACTIVE).first()
    _send(run)
    return run


def check_suggestion_settings(project: Project) -> None:
    """Raise SuggestError if the project's scheme or base model cannot give suggestions (cheap: no model)."""
    LabelSet.of_scheme(project.label_scheme)
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
    return Claim.objects.filter(Q(annotation__project=project) | Q(adjudication__project=project)).count()


def request_training(*, project: Project, user=None, reason: str = "request") -> TrainingRun:
    """Queue a training run; SuggestError at once if it cannot succeed (scheme, base model, too few labels)."""
    check_suggestion_settings(project)
    claims = labelled_claim_count(project)
    if claims < MIN_LABELLED_CLAIMS:
        raise SuggestError(f"training needs at least {MIN_LABELLED_CLAIMS} labelled claims; this project has "
                           f"{claims}. Label {MIN_LABELLED_CLAIMS - claims} more and train again.")
    return _active_or_new(TrainingRun, project=project, user=user, reason=reason)


def labels_saved(*, project: Project) -> TrainingRun | None:
    """Hook for the annotation and adjudication services, after their transaction commits.

    Queues training once project.retrain_every human labels have been saved since the last
    training run began (or since the start), and there are enough to train on.
    """
    last = TrainingRun.objects.filter(project=project).order_by("-created_at").values_list("created_at", flat=True)
    since = last.first()
    new = Annotation.objects.filter(project=project)
    adjudicated = Adjudication.objects.filter(project=project)
    if since is not None:
        new, adjudicated = new.filter(updated_at__gt=since), adjudicated.filter(decided_at__gt=since)
    if new.count() + adjudicated.count() < project.retrain_every:
        return None
    try:
        return request_training(project=project, reason="new labels")
    except SuggestError as error:
        logger.info("project %s: not retraining yet: %s", project.id, error)
        return None


# ---------------------------------------------------------------------------------------------
# In the worker. Until the shared job runner lands these claim and finish rows themselves.


def _claim(model, run_id: int):
    claimed = model.objects.filter(id=run_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), progress=1)
    if claimed != 1:
        logger.info("%s %s is not queued; skipping", model.__name__, run_id)
        return None
    return model.objects.select_related("project").get(id=run_id)


def _progress(run):
    def report(percent: int) -> None:
        type(run).objects.filter(id=run.id).update(progress=max(1, min(99, percent)))

    return report


def _finish(run, status: str, *, counts: dict | None = None, errors: list | None = None) -> None:
    type(run).objects.filter(id=run.id).update(status=status, progress=100, finished_at=timezone.now(),
                                               counts=counts or {}, errors=errors or [])


def _execute(run, work, progress=None) -> None:
    """Do a claimed run's work and record the outcome; expected failures become the run's message."""
    to_row = _progress(run)

    def report(percent: int) -> None:
        to_row(percent)
        if progress:
            progress(percent)

    try:
        counts = work(run, report)
    except SuggestError as error:
        _finish(run, JobStatus.FAILED, errors=[{"file": "", "message": str(error)}])
    except Exception:
        logger.exception("%s %s failed unexpectedly", type(run).__name__, run.id)
        _finish(run, JobStatus.FAILED, errors=[INTERNAL_ERROR])
    else:
        _finish(run, JobStatus.SUCCEEDED, counts=counts)
    run.refresh_from_db()


def _run(model, run_id: int, work) -> None:
    run = _claim(model, run_id)
    if run is not None:
        _execute(run, work)


def _run_now(model, *, project: Project, user, work, progress):
    """Run in this process: take over a queued run (its message then finds it taken) or start one."""
    queued = model.objects.filter(project=project, status=JobStatus.QUEUED).values_list("id", flat=True).first()
    run = _claim(model, queued) if queued else None
    if run is None:
        try:
            with transaction.atomic():
                run = model.objects.create(project=project, created_by=user, reason="command",
                                           status=JobStatus.RUNNING, started_at=timezone.now(), progress=1)
        except IntegrityError:
            raise SuggestError(f"a {model._meta.verbose_name} is already running for this project; "
                               "wait for it to finish") from None
    _execute(run, work, progress)
    return run


def suggestion_work(run: SuggestionRun, progress) -> dict:
    """The work of a suggestion run: suggest for what lacks a suggestion, then tidy old versions' rows."""
    counts = suggest_pending(project=run.project, progress=progress)
    SuggestionRun.objects.filter(id=run.id).update(model_version_id=counts["model_version"])
    counts["removed"] = remove_superseded_suggestions(project=run.project)
    return counts


def training_work(run: TrainingRun, progress) -> dict:
    """The work of a training run: train, measure, maybe promote; a promoted version suggests for everything."""
    version = train_version(project=run.project, progress=progress)
    TrainingRun.objects.filter(id=run.id).update(model_version=version)
    if version.status == "live":
        request_suggestions(project=run.project, reason="new live version")
    return {"model_version": version.id, "live": version.status == "live", "score": version.metrics["score"],
            "baseline": version.metrics["baseline_score"]}


def run_suggestion_job(*, run_id: int) -> None:
    """Run one queued suggestion run; its row records the outcome."""
    _run(SuggestionRun, run_id, suggestion_work)


def run_training_job(*, run_id: int) -> None:
    """Run one queued training run; its row records the outcome."""
    _run(TrainingRun, run_id, training_work)


def run_suggestions_now(*, project: Project, user=None, progress=None) -> SuggestionRun:
    """Suggest in this process (the management command), recorded as a run like the worker's."""
    check_suggestion_settings(project)
    return _run_now(SuggestionRun, project=project, user=user, work=suggestion_work, progress=progress)


def train_now(*, project: Project, user=None, progress=None) -> TrainingRun:
    """Train in this process (the management command), recorded as a run like the worker's."""
    check_suggestion_settings(project)
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
