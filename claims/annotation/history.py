"""An annotation's history: every saved version, who saved it and when, and what it was before."""

from claims.models import Annotation


def history(*, annotation: Annotation) -> list[dict]:
    """Every revision of the annotation, oldest first, each with the labels before and after it (one query)."""
    revisions = annotation.revisions.select_related("changed_by").only(
        "version", "data", "changed_at", "changed_by__username", "annotation_id").order_by("version")
    entries, before = [], None
    for revision in revisions:
        entries.append({
            "version": revision.version, "changed_by": revision.changed_by_id,
            "changed_by_name": revision.changed_by.username, "changed_at": revision.changed_at,
            "before": before, "after": revision.data,
        })
        before = revision.data
    return entries
