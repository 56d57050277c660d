"""What the model page and `GET /api/projects/{id}/models/` show: versions against the baseline, the
learning curve, acceptance by annotators, runs, coverage and anything that stops suggestions.

Reads only; no model is loaded here (this runs in web requests).
"""

import json
from pathlib import Path

from django.db.models import Count, Q

from claims.models import Annotation, ModelVersion, Project, Sentence, SuggestionRun, TrainingRun
from claims.models.suggest import ModelKind
from claims.suggest import freshness
from claims.suggest.base_model import resolve_base_model
from claims.suggest.errors import SuggestError
from claims.suggest.label_set import MIN_LABELLED_CLAIMS
from claims.suggest.resolution import training_counts
from claims.suggest.runs import check_suggestion_settings

FIXTURE_REPORT = Path(__file__).parent / "fixtures" / "measured.json"
RECENT = 10
OUTCOMES = ("accepted", "edited", "rejected")


def version_summary(version: ModelVersion) -> dict:
    """A version's identity, sizes and held-out figures beside the baseline (what lists show)."""
    metrics = version.metrics or {}
    heads = metrics.get("heads", {})
    baseline = metrics.get("baseline", {})
    return {
        "id": version.id,
        "kind": version.kind,
        "status": version.status,
        "base_model": version.base_model,
        "created_at": version.created_at,
        "labelled_claims": version.labelled_claims,
        "train_size": version.train_size,
        "heldout_size": version.heldout_size,
        "duration_seconds": version.duration_seconds,
        "note": version.note,
        "score": metrics.get("score"),
        "baseline_score": metrics.get("baseline_score"),
        "cold_start_score": (metrics.get("cold_start") or {}).get("score"),
        "live_score": (metrics.get("live") or {}).get("score"),
        "macro_f1": {head: report.get("macro_f1") for head, report in heads.items()},
        "baseline_macro_f1": {head: report.get("macro_f1") for head, report in baseline.items()},
    }


def learning_curve(versions: list[ModelVersion]) -> list[dict]:
    """Held-out figures of the trained versions (heads and fine-tuned) against the labelled claims they learnt from."""
    points = [version_summary(v) for v in versions if v.kind != ModelKind.COLD_START and v.metrics]
    return sorted(({"labelled_claims": p["labelled_claims"], "version": p["id"], "kind": p["kind"], "score": p["score"],
                    "stance": p["macro_f1"].get("stance"), "baseline": p["baseline_score"],
                    "cold_start": p["cold_start_score"]} for p in points),
                  key=lambda p: (p["labelled_claims"], p["version"]))


def acceptance(project: Project) -> list[dict]:
    """How often annotators accepted, edited or rejected suggestions, per version and suggested label."""
    rows = (Annotation.objects.filter(project=project, suggestion__isnull=False)
            .values("suggestion__model_version", "suggestion__label")
            .annotate(**{o: Count("id", filter=Q(suggestion_outcome=o)) for o in OUTCOMES})
            .order_by("suggestion__model_version", "suggestion__label"))
    table = []
    for row in rows:
        total = sum(row[o] for o in OUTCOMES)
        table.append({"model_version": row["suggestion__model_version"], "label": row["suggestion__label"] or "(none)",
                      **{o: row[o] for o in OUTCOMES}, "total": total,
                      **{f"{o}_rate": round(row[o] / total, 3) if total else None for o in OUTCOMES}})
    return table


def calibration(versions: list[ModelVersion]) -> dict | None:
    """Calibration (ECE and reliability table per head) of the live version on its held-out articles.

    A trained version was measured on the held-out sources of its training run; a live cold start,
    on those of the newest training run (which measured it too). None before any training run.
    """
    live = next((v for v in versions if v.status == "live"), None)
    measured = [v for v in versions if (v.metrics or {}).get("heads")]
    if live is not None and live in measured:
        source, heads = live, live.metrics["heads"]
    elif measured and (live is None or live.kind == ModelKind.COLD_START):
        source, heads = measured[0], measured[0].metrics.get("cold_start", {}).get("heads", {})
    else:
        return None
    table = {head: report["calibration"] for head, report in heads.items() if report.get("calibration")}
    if not table:
        return None
    return {"version": live.id if live else None, "heldout_of": source.id,
            "heldout_sources": len(source.trained_on.get("heldout_sources", [])), "heads": table}


def threshold_meaning(project: Project) -> dict:
    """What the pre-fill threshold has meant here: of the suggestions pre-filled, how many were accepted as
    they were, edited or rejected (counted over the saves that were shown one)."""
    counts = Annotation.objects.filter(project=project, suggestion_outcome__in=OUTCOMES).aggregate(
        **{o: Count("id", filter=Q(suggestion_outcome=o)) for o in OUTCOMES})
    shown = sum(counts.values())
    return {"threshold": project.suggestion_threshold, "prefilled": shown, **counts,
            "accepted_rate": round(counts["accepted"] / shown, 3) if shown else None}


def fixture_measures() -> dict | None:
    """The cold start and learning curve measured on the labelled fixture (written by bench/suggest.py --curve)."""
    try:
        return json.loads(FIXTURE_REPORT.read_text())
    except (OSError, ValueError):
        return None


def run_summary(run) -> dict:
    # status_message: the stored message, or "worker lost" once a running run's heartbeat has stopped.
    return {"id": run.id, "status": run.status, "progress": run.progress, "reason": run.reason,
            "message": run.status_message,
            "counts": run.counts, "errors": run.errors, "created_at": run.created_at,
            "started_at": run.started_at, "finished_at": run.finished_at,
            "model_version": run.model_version_id}


def problems(project: Project) -> list[str]:
    """What stops suggestions or training now, in words a manager can act on."""
    found = []
    try:
        check_suggestion_settings(project)
    except SuggestError as error:
        found.append(str(error))
    for model in (SuggestionRun, TrainingRun):
        last = model.objects.filter(project=project).order_by("-created_at").first()
        if last is not None and last.status == "failed":
            found.extend(f"last {model._meta.verbose_name} failed: {e['message']}" for e in last.errors)
    return found


def coverage_problem(project: Project, coverage: dict) -> str:
    """Body sentences without a fresh live suggestion while no run is on its way: say so, and what to do."""
    missing = coverage["body_sentences"] - coverage["with_live_suggestion"]
    if missing and not SuggestionRun.objects.filter(project=project, status__in=("queued", "running")).exists():
        stale = f" ({coverage['stale']} stale after a change)" if coverage["stale"] else ""
        return f"{missing} body sentences have no up-to-date suggestion from the live version{stale}: press Suggest now"
    return ""


def model_overview(project: Project) -> dict:
    """Everything the model page shows, as plain data (the API returns it as JSON)."""
    versions = list(ModelVersion.objects.for_project(project).order_by("-id")[:100])
    live = next((v for v in versions if v.status == "live"), None)
    counts = training_counts(project=project)
    labelled = counts["counted"]
    if live:
        key = freshness.scheme_key(project.scheme)
        coverage = freshness.coverage(project_id=project.id, version_id=live.id, key=key)
    else:
        body = Sentence.objects.filter(project=project, kind="body").count()
        coverage = {"body_sentences": body, "with_live_suggestion": 0, "stale": 0}
    gap = coverage_problem(project, coverage) if live else ""
    return {
        "live": version_summary(live) if live else None,
        "settings": {"suggestion_threshold": project.suggestion_threshold, "retrain_every": project.retrain_every,
                     "base_model": project.base_model, "base_model_in_use": _base_model(project)},
        "coverage": coverage,
        # What training counts (claims.suggest.resolution), not every mark: the page says the difference and why.
        "labelled_claims": labelled,
        "labelled_claims_needed": max(0, MIN_LABELLED_CLAIMS - labelled),
        "claims_marked": counts["marked"],
        "split_sentences": counts["split_sentences"],
        "problems": problems(project) + ([gap] if gap else []),
        "versions": [version_summary(v) for v in versions],
        "learning_curve": learning_curve(versions),
        "acceptance": acceptance(project),
        "calibration": calibration(versions),
        "threshold_meaning": threshold_meaning(project),
        "suggestion_runs": [run_summary(r) for r in SuggestionRun.objects.filter(project=project)[:RECENT]],
        "training_runs": [run_summary(r) for r in TrainingRun.objects.filter(project=project)[:RECENT]],
        "fixture": fixture_measures(),
    }


def _base_model(project: Project) -> str:
    try:
        return resolve_base_model(project.base_model)
    except SuggestError as error:
        return str(error)
