"""The disagreement queue: sentences whose annotators differ, most disagreed first, with their annotations."""

from claims.models import Adjudication, Annotation, Project
from claims.review.compare import FIELDS
from claims.review.errors import ReviewRejected


def disagreements(*, project: Project, field: str = "", annotator: int | None = None, include_gold: bool = False
                  ) -> list[dict]:
    """Sentences with two or more annotations that differ (on ``field`` when given; with ``annotator`` among
    them when given), most disagreeing items first; those with gold left out unless ``include_gold``.

    Each: {"sentence": id, "disagreements": n, "fields": {field: n}, "annotators": [ids], "has_gold": bool}.
    """
    import numpy as np  # on first use, never when a web process starts (tests/suggest/test_boundary.py)

    from claims.review.items import MISSING, project_items

    if field and field not in FIELDS:
        raise ReviewRejected.invalid(f"field must be one of {', '.join(FIELDS)}, not {field!r}", field="field")
    items = project_items(project=project, gold=False)  # gold's claims take no part in aligning the annotators'
    every = items.annotators
    counts = {f: np.bincount(table.sentence[table.differ(every)], minlength=len(items.sentences))
              for f, table in items.fields.items()}
    total = sum(counts.values())
    labelled = items.fields["claim"].codes != MISSING  # the claim field has one row per sentence, in order
    has_gold = np.isin(items.sentences, list(Adjudication.objects.filter(project=project).values_list(
        "sentence_id", flat=True)))
    chosen = (labelled.sum(axis=1) >= 2) & (total > 0) & (include_gold | ~has_gold)
    if annotator is not None:
        chosen &= labelled[:, items.raters == annotator].any(axis=1)
    if field:
        chosen &= counts[field] > 0
    rows = np.flatnonzero(chosen)
    rows = rows[np.lexsort((items.sentences[rows], -total[rows]))]
    return [{"sentence": int(items.sentences[row]), "disagreements": int(total[row]),
             "fields": {f: int(counts[f][row]) for f in FIELDS if counts[f][row]},
             "annotators": items.raters[labelled[row]].tolist(), "has_gold": bool(has_gold[row])}
            for row in rows.tolist()]


def side_by_side(*, project: Project, sentence_id: int) -> list[Annotation]:
    """The sentence's annotations with their annotators, claims and history, oldest first."""
    return list(Annotation.objects.filter(project=project, sentence_id=sentence_id).with_details()
                .prefetch_related("revisions__changed_by").order_by("created_at", "id"))
