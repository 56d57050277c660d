"""Web UI of the suggestion engine: the model page, and its train and suggest buttons (managers and editors)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from claims.access import CURATORS, project_for
from claims.suggest import report
from claims.suggest.runs import request_suggestions, request_training
from claims.web.charts import Series, line_chart
from claims.web.refusals import Refusal


@login_required
def model_page(request, project_id: int):
    """Model versions against the baseline, the learning curve, acceptance, runs and what blocks suggestions."""
    project = project_for(request.user, project_id, roles=CURATORS)
    overview = report.model_overview(project)
    fixture = overview["fixture"]
    active = any(r["status"] in ("queued", "running") for r in overview["suggestion_runs"] + overview["training_runs"])
    return render(request, "projects/models.html", {
        "project": project,
        "overview": overview,
        "curve": _project_curve(overview["learning_curve"]) if overview["learning_curve"] else None,
        "fixture": fixture,
        "fixture_curve": _fixture_curve(fixture) if fixture else None,
        "refresh": active,
    })


def _project_curve(points: list[dict]):
    """The project's trained versions: held-out score, stance macro-F1, cold start and baseline on the same items;
    fine-tuned versions as a line of their own."""
    def line(key, kind=None):
        return [(p["labelled_claims"], p[key]) for p in points
                if p.get(key) is not None and kind in (None, p.get("kind", "heads"))]

    return _curve([
        Series("trained (mean)", "#1565c0", line("score", "heads")),
        Series("trained (stance)", "#2e7d32", line("stance", "heads")),
        Series("fine-tuned (mean)", "#6a1b9a", line("score", "finetuned")),
        Series("cold start", "#ef6c00", line("cold_start"), "2 3"),
        Series("majority baseline", "#757575", line("baseline"), "6 4"),
    ], title="Held-out macro-F1 of each trained version against the labelled claims it learnt from")


def _fixture_curve(fixture: dict):
    points = fixture.get("learning_curve", [])
    tuned = [fixture["finetuned"]] if fixture.get("finetuned") else []  # one point: the largest label count
    return _curve([
        Series("trained (stance)", "#2e7d32", [(p["labelled_claims"], p["stance"]) for p in points]),
        Series("trained (mean)", "#1565c0", [(p["labelled_claims"], p["score"]) for p in points]),
        Series("fine-tuned (stance)", "#6a1b9a", [(p["labelled_claims"], p["stance"]) for p in tuned]),
        Series("cold start (stance)", "#ef6c00", [(p["labelled_claims"], p["cold_start_stance"]) for p in points],
               "2 3"),
        Series("majority (stance)", "#757575", [(p["labelled_claims"], p["baseline_stance"]) for p in points], "6 4"),
    ], title="Labelled fixture: held-out macro-F1 against labelled claims")


def _curve(series: list[Series], *, title: str):
    return line_chart(series, title=title, x_label="labelled claims", y_label="macro-F1")


def _queue(request, project_id: int, service, refused: str, what: str):
    project = project_for(request.user, project_id, roles=CURATORS)
    with Refusal(request=request, said=f"{refused}: {{}}"):
        run = service(project=project, user=request.user)
        messages.success(request, f"{what} run {run.id} is {run.status}.")
    return redirect("model-page", project_id=project.id)


@login_required
@require_POST
def train(request, project_id: int):
    """Queue a training run; a clear message if it cannot succeed."""
    return _queue(request, project_id, request_training, "Not trained", "Training")


@login_required
@require_POST
def suggest(request, project_id: int):
    """Queue suggestions for every body sentence lacking one from the live version."""
    return _queue(request, project_id, request_suggestions, "No suggestions", "Suggestion")


@login_required
@require_POST
def export_model(request, project_id: int):
    """Queue a download of the live model (an export job); its page shows progress and the zip."""
    from claims.export.jobs import create_model_export_job

    project = project_for(request.user, project_id, roles=CURATORS)
    with Refusal(request=request, said="The model was not exported: {}"):
        job = create_model_export_job(project=project, user=request.user)
        return redirect("export-job", project_id=project.id, job_id=job.id)
    return redirect("model-page", project_id=project.id)
