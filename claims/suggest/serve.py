"""What the annotation form reads (through `next`): the live suggestion, what it pre-fills, why there is none.

Reads only, no model: these run in web requests. The form keeps working without suggestions: when
the worker or the broker is down, `next` carries no suggestion and a status line saying why
(claims.annotation.context), and annotation goes on. The least-confident-first order of the queue
is claims.annotation.queue's, over the live suggestions' `uncertainty`.
"""

from datetime import timedelta

from django.utils import timezone

from claims.models import JobStatus, Suggestion, SuggestionRun
from claims.scheme import Scheme
from claims.suggest.prefill import guess, is_prefilled, prefill_for, proposed_claims

# A run waiting longer than this for a worker means none is taking the suggest queue.
WAITING_TOO_LONG = timedelta(minutes=2)


def payload(suggestion: Suggestion, *, threshold: float, scheme: Scheme, informed: bool) -> dict:
    """A suggestion as the `next` response gives it: every candidate (with `prefill` where it is at or above
    the project's threshold); in `prefill`, what the form pre-fills (claims.suggest.prefill), or null and, in
    `guess`, what it shows instead (the best candidate, or "no claim"); in `proposed`, the pre-filled claims a
    save is compared with.

    ``informed``: the sentence names one of the project's actors (the rule's word)."""
    prefill = prefill_for(suggestion, threshold=threshold, scheme=scheme)
    return {
        "id": suggestion.pk,
        "sentence": suggestion.sentence_id,
        "model_version": suggestion.model_version_id,
        "has_claim": suggestion.has_claim,
        "claims": [claim | {"prefill": is_prefilled(suggestion, claim, threshold)} for claim in suggestion.claims],
        "prefill": prefill.as_dict() if prefill else None,
        "guess": guess(suggestion, threshold=threshold, scheme=scheme, informed=informed),
        "proposed": proposed_claims(suggestion, threshold=threshold, scheme=scheme),
        "label": suggestion.label,
        "uncertainty": suggestion.uncertainty,
        "threshold": threshold,
    }


# The columns of the latest suggestion run that status_line reads (the `next` query fetches them itself).
RUN_COLUMNS = ("status", "created_at", "started_at", "heartbeat_at", "message", "progress")


def status_line(run: SuggestionRun | None, *, refreshing: bool = False) -> str:
    """Why a sentence has no suggestion to show, given the project's latest suggestion run (or None).

    With `refreshing`, it has one, computed before its actors, bounds or the labels changed
    (claims.suggest.freshness): that one is not shown, and this says so and how the refresh goes.
    """
    if not refreshing:
        return _run_state(run)
    line = "This sentence's suggestion is being refreshed after a change (actors, segments or labels)."
    if run is None or run.status in (JobStatus.SUCCEEDED, JobStatus.FAILED):
        return f"{line} No run is on its way: a manager can press Suggest now (or run suggest --stale)."
    return f"{line} {_run_state(run)}"


def _run_state(run: SuggestionRun | None) -> str:
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
