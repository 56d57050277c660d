"""The dashboard page: a project's progress, its annotators' work and its labels, drawn as charts."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from claims import dashboard as stats_service
from claims.access import CURATORS, project_for
from claims.web.charts import Bar, bar_chart

COVERAGE_COLORS = ("#c9d3de", "#8fb3dc", "#1f5fa8")


def _coverage_bars(stats: dict) -> list[Bar]:
    overlap, bars = stats["overlap"], []
    for bucket in stats["coverage"]:
        n = bucket["annotations"]
        name = f"{n}+ (complete)" if n == overlap else f"{n} annotation{'s' if n != 1 else ''}"
        color = COVERAGE_COLORS[-1] if n == overlap else COVERAGE_COLORS[min(n, len(COVERAGE_COLORS) - 2)]
        bars.append(Bar(name, bucket["sentences"], str(bucket["sentences"]), color))
    return bars


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def charts_for(stats: dict) -> dict:
    """Every chart of the dashboard, from the numbers the stats API also answers."""
    people = stats["annotators"]
    labels = stats["labels"]
    return {
        "coverage": bar_chart(_coverage_bars(stats), title="Sentences by number of annotations"),
        "items": bar_chart([Bar(p["username"], p["items"]) for p in people], title="Sentences annotated per person"),
        "time": bar_chart(
            [Bar(p["username"], p["median_seconds"] or 0,
                 "—" if p["median_seconds"] is None else f"{p['median_seconds']:g} s", "#6a4c93") for p in people],
            title="Median seconds per sentence",
        ),
        "skips": bar_chart(
            [Bar(p["username"], p["skip_rate"] or 0, _percent(p["skip_rate"]), "#b26a00") for p in people],
            title="Share of sentences skipped", maximum=1,
        ),
        "stance": bar_chart(
            [Bar(row["label"] + (" (retired)" if row["retired"] else ""), row["claims"], "", row["color"] or "#616161")
             for row in labels["stance"]],
            title="Claims by stance",
        ),
        "certainty": bar_chart(
            [Bar(row["label"], row["claims"], "", row["color"] or "#616161") for row in labels["certainty"]],
            title="Claims by certainty",
        ),
    }


@login_required
def project_dashboard(request, project_id: int):
    """Managers and editors: progress, per-annotator work (items, median time, skip rate) and label counts."""
    project = project_for(request.user, project_id, roles=CURATORS)
    stats = stats_service.project_stats(project=project)
    done = stats["annotations"] / stats["slots"] if stats["slots"] else 0
    return render(
        request,
        "projects/dashboard.html",
        {"project": project, "stats": stats, "charts": charts_for(stats), "done": done},
    )
