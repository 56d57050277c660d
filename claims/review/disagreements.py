"""The disagreement queue: sentences whose annotators differ, most disagreed first, with their annotations."""

from claims.models import Annotation, Project
from claims.review.compare import FIELDS, sentence_items
from claims.review.errors import ReviewRejected
from claims.review.labels import GOLD, project_labels


def disagreements(*, project: Project, field: str = "", annotator: int | None = None, include_gold: bool = False
                  ) -> list[dict]:
    """Sentences with two or more annotations that differ (on ``field`` when given; with ``annotator`` among
    them when given), most disagreeing items first; those with gold left out unless ``include_gold``.

    Each: {"sentence": id, "disagreements": n, "fields": {field: n}, "annotators": [ids], "has_gold": bool}.
    """
    if field and field not in FIELDS:
        raise ReviewRejected.invalid(f"field must be one of {', '.join(FIELDS)}, not {field!r}", field="field")
    queue = []
    for sentence_id, claims in project_labels(project=project).items():
        has_gold = GOLD in claims
        claims = {r: c for r, c in claims.items() if r != GOLD}
        if len(claims) < 2 or (has_gold and not include_gold) or (annotator is not None and annotator not in claims):
            continue
        counts: dict[str, int] = {}
        for item in sentence_items(sentence_id, claims):
            if not item.agreed and len(item.values) >= 2:
                counts[item.field] = counts.get(item.field, 0) + 1
        if not counts or (field and field not in counts):
            continue
        queue.append({"sentence": sentence_id, "disagreements": sum(counts.values()), "fields": counts,
                      "annotators": sorted(claims), "has_gold": has_gold})
    return sorted(queue, key=lambda d: (-d["disagreements"], d["sentence"]))


def side_by_side(*, project: Project, sentence_id: int) -> list[Annotation]:
    """The sentence's annotations with their annotators, claims and history, oldest first."""
    return list(Annotation.objects.filter(project=project, sentence_id=sentence_id).with_details()
                .prefetch_related("revisions__changed_by").order_by("created_at", "id"))
