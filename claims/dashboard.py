"""A project's progress and its annotators' work in figures: what the dashboard plots and the stats API returns.

Every figure is one aggregate query over indexed columns, so the cost does not grow with the
number of annotators or labels, only (linearly, in PostgreSQL) with the number of annotations.
"""

from django.db import connection
from django.db.models import Aggregate, Count, FloatField

from claims.models import Annotation, Claim, Membership, Project, Role, Sentence, Skip, User
from claims.models.corpus import SentenceKind


class Median(Aggregate):
    """PostgreSQL's continuous median of a column."""

    function = None
    template = "percentile_cont(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def body_sentence_count(project: Project) -> int:
    return Sentence.objects.filter(project=project, kind=SentenceKind.BODY).count()


def progress_for(*, project: Project, user: User) -> dict:
    """The user's and the project's progress: annotations given out of the slots (sentences × overlap)."""
    sentences = body_sentence_count(project)
    annotations = Annotation.objects.filter(project=project)
    return {
        "mine": annotations.filter(annotator=user).count(),
        "sentences": sentences,
        "annotations": annotations.count(),
        "slots": sentences * project.overlap,
    }


def _coverage(project: Project, sentences: int) -> list[dict]:
    """How many body sentences have 0, 1, … overlap annotations (the last bucket: overlap or more)."""
    table = Annotation._meta.db_table
    with connection.cursor() as cursor:
        # Counting per sentence, then counting the counts: one pass over the project's annotations.
        cursor.execute(
            f"SELECT LEAST(n, %s), count(*) FROM (SELECT count(*) AS n FROM {table} "  # noqa: S608 - table name
            "WHERE project_id = %s GROUP BY sentence_id) per_sentence GROUP BY 1",
            [project.overlap, project.pk],
        )
        counts = dict(cursor.fetchall())
    counts[0] = sentences - sum(counts.values())
    return [{"annotations": n, "sentences": counts.get(n, 0)} for n in range(project.overlap + 1)]


def _annotators(project: Project) -> list[dict]:
    per_user = {
        row["annotator"]: row
        for row in Annotation.objects.filter(project=project).order_by().values("annotator")
        .annotate(items=Count("id"), median_seconds=Median("seconds_spent"))
    }
    claims = dict(
        Claim.objects.filter(annotation__project=project).order_by().values_list("annotation__annotator")
        .annotate(n=Count("id"))
    )
    skips = skip_counts(project)
    # Every annotator of the team, plus anyone else who annotated (an editor, a member since removed).
    people = set(per_user) | set(skips) | set(
        Membership.objects.filter(project=project, role=Role.ANNOTATOR).values_list("user_id", flat=True)
    )
    names = dict(User.objects.filter(pk__in=people).values_list("pk", "username"))
    rows = []
    for user_id in people:
        items = per_user.get(user_id, {}).get("items", 0)
        median = per_user.get(user_id, {}).get("median_seconds")
        skipped = skips.get(user_id, 0)
        rows.append({
            "user": user_id,
            "username": names[user_id],
            "items": items,
            "claims": claims.get(user_id, 0),
            "median_seconds": round(median, 1) if median is not None else None,
            "skips": skipped,
            "skip_rate": round(skipped / (items + skipped), 3) if items + skipped else None,
        })
    return sorted(rows, key=lambda row: (-row["items"], row["username"]))


def skip_counts(project: Project) -> dict[int, int]:
    """How many sentences each annotator skipped."""
    return dict(Skip.objects.filter(project=project).order_by().values_list("annotator").annotate(n=Count("id")))


def _labels(project: Project) -> dict:
    claims = Claim.objects.filter(annotation__project=project).order_by()
    result = {}
    for group in ("stance", "certainty"):
        counts = dict(claims.values_list(group).annotate(n=Count("id")))
        rows = [
            {"value": label.value, "label": label.label, "color": label.color, "retired": label.retired,
             "claims": counts.pop(label.value, 0)}
            for label in project.scheme.labels(group)
        ]
        # A claim with no target has no stance; show it rather than hide it.
        if group == "stance" and "" in counts:
            rows.append({"value": "", "label": "(no stance)", "color": "#9aa4ae", "retired": False,
                         "claims": counts.pop("")})
        rows += [{"value": v, "label": v, "color": "#9aa4ae", "retired": True, "claims": n} for v, n in counts.items()]
        result[group] = rows
    result["no_claim"] = Annotation.objects.filter(project=project, claims__isnull=True).count()
    return result


def project_stats(*, project: Project) -> dict:
    """Everything the dashboard shows: coverage by number of annotations, per-annotator work, label counts."""
    sentences = body_sentence_count(project)
    coverage = _coverage(project, sentences)
    annotations = Annotation.objects.filter(project=project).count()
    return {
        "overlap": project.overlap,
        "sentences": sentences,
        "complete": coverage[-1]["sentences"],
        "annotations": annotations,
        "slots": sentences * project.overlap,
        "coverage": coverage,
        "annotators": _annotators(project),
        "labels": _labels(project),
    }
