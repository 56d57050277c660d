"""What the annotation queue and form read: the live suggestion of a sentence, why there is none, and the
least-confident-first order. Reads only, no model: these run in web requests.

The form keeps working without suggestions: when the worker or the broker is down, `for_sentence`
returns no suggestion and a status line saying why, and annotation goes on.
"""

from datetime import timedelta

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone

from claims.models import JobStatus, Project, Suggestion, SuggestionRun
from claims.models.suggest import ModelStatus

# A run waiting longer than this for a worker means none is taking the suggest queue.
WAITING_TOO_LONG = timedelta(minutes=2)


def payload(suggestion: Suggestion, threshold: float) -> dict:
    """A suggestion as the API and the `next` response give it; `prefill` marks claims at or above the threshold."""
    return {
        "sentence": suggestion.sentence_id,
        "model_version": suggestion.model_version_id,
        "has_claim": suggestion.has_claim,
        "claims": [claim | {"prefill": suggestion.has_claim >= threshold and claim["score"] >= threshold}
                   for claim in suggestion.claims],
        "label": suggestion.label,
        "uncertainty": suggestion.uncertainty,
        "threshold": threshold,
    }


def for_sentence(*, project: Project, sentence_id: int) -> dict:
    """{"suggestion": the live version's payload or None, "suggestion_status": "" or why there is none}."""
    suggestion = (Suggestion.objects.live().filter(model_version__project=project, sentence_id=sentence_id)
                  .defer("embedding").first())
    if suggestion is not None:
        return {"suggestion": payload(suggestion, project.suggestion_threshold), "suggestion_status": ""}
    return {"suggestion": None, "suggestion_status": unavailable_because(project)}


def unavailable_because(project: Project) -> str:
    """Why a sentence has no suggestion now, in a line the form can show."""
    run = SuggestionRun.objects.filter(project=project).order_by("-created_at").first()
    if run is None:
        return "No suggestions for this project yet."
    if run.status == JobStatus.QUEUED:
        if run.message:  # e.g. the job queue cannot be reached
            return f"Suggestions are delayed: {run.message}."
        if run.created_at < timezone.now() - WAITING_TOO_LONG:
            return "Suggestions are delayed: no suggestion worker is running. Annotate on; they appear when it is."
        return "Suggestions are being prepared."
    if run.status == JobStatus.RUNNING:
        if run.heartbeat_is_stale():
            return "Suggestions are delayed: the suggestion worker stopped. Annotate on; it will be retried."
        return f"Suggestions are being prepared ({run.progress}%)."
    if run.status == JobStatus.FAILED:
        return "No suggestion: the last suggestion run failed (see the model page)."
    return "No suggestion for this sentence yet."


def least_confident_first(sentences: QuerySet, *, project: Project) -> QuerySet:
    """Sentences ordered by their live suggestion's uncertainty, highest first (unscored last, then in order)."""
    uncertainty = Suggestion.objects.filter(
        sentence=OuterRef("pk"), model_version__project=project, model_version__status=ModelStatus.LIVE,
    ).values("uncertainty")[:1]
    return sentences.annotate(suggestion_uncertainty=Subquery(uncertainty)).order_by(
        F("suggestion_uncertainty").desc(nulls_last=True), "source_id", "index")
