"""Suggestion and training runs, asked for: by people, imports and new labels (the request side).

Every door (web button, REST API, management command, the import and annotation hooks) calls the
services here. A run is a job row that clients poll; its Celery message goes to the `suggest`
queue (SUGGEST_QUEUE) once the request's transaction commits. At most one run of each kind waits
or runs per project: asking again while one does returns it (the running one picks up whatever
still lacks a suggestion). The worker runs them (claims.suggest.worker).

Web processes import this module on every annotation save, so it imports nothing numerical (no
numpy, torch or transformers, not even through another module); tests/suggest/test_boundary.py
checks it.
"""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q

from claims.jobs import enqueue
from claims.models import (
    Adjudication,
    Annotation,
    Claim,
    JobStatus,
    ModelVersion,
    Project,
    Suggestion,
    SuggestionRun,
    TrainingRun,
)
from claims.suggest import freshness
from claims.suggest.base_model import check_base_model, resolve_base_model
from claims.suggest.errors import SuggestError
from claims.suggest.label_set import MIN_LABELLED_CLAIMS, LabelSet

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


def inputs_changed(*, project: Project, reason: str) -> None:
    """Hook for whatever changes what suggestions are computed from (claims.suggest.freshness): once the change
    commits, a suggestion run recomputes the stale ones. It never fails the change."""
    def request() -> None:
        try:
            request_suggestions(project=project, reason=reason)
        except SuggestError as error:
            logger.warning("project %s: suggestions not refreshed after %s: %s", project.id, reason, error)

    transaction.on_commit(request)


def stale_count(*, project: Project) -> int:
    """Body sentences whose live suggestions are all stale (claims.suggest.freshness)."""
    live = ModelVersion.objects.for_project(project).live().first()
    if live is None:
        return 0
    return freshness.coverage(project_id=project.id, version_id=live.id, key=freshness.scheme_key(project.scheme))[
        "stale"]


@transaction.atomic
def forget_live_suggestions(*, project: Project) -> int:
    """Delete the live version's suggestions so that the next run computes them all again; those an annotation
    points at stay (what was shown is kept; the same inputs and model give the same suggestion again)."""
    live = ModelVersion.objects.for_project(project).live().first()
    if live is None:
        return 0
    deleted, _ = Suggestion.objects.filter(model_version=live, annotations__isnull=True).delete()
    return deleted


def _labelled_claims(project: Project):
    return Claim.objects.filter(Q(annotation__project=project) | Q(adjudication__project=project))


def check_trainable(project: Project) -> None:
    """Raise SuggestError if training cannot succeed now (scheme, base model, too few labels); cheap."""
    check_suggestion_settings(project)
    # Counted up to the threshold only: this runs after saves, whatever the project's size. Every mark
    # counts here, an upper bound of what training takes (claims.suggest.resolution): a run queued on
    # it may still find too few and fail, saying how many it counted; the model page shows that count.
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
