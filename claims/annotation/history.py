"""An annotation's history: every saved version, who saved it and when, and what changed from the one before."""

from collections import defaultdict
from dataclasses import asdict, dataclass, field

from claims.models import Annotation

# A claim's labels, compared between versions; its span (start, end) says which claim it is.
CLAIM_FIELDS = ("claimant", "claimant_name", "claimant_is_outlet", "subject", "target", "stance", "certainty")
# The annotation's own fields, compared between versions (the claims aside).
ANNOTATION_FIELDS = ("comment", "seconds_spent", "suggestion", "suggestion_outcome")
# What the first version is compared with: an annotation with nothing in it.
EMPTY = {"claims": [], "comment": "", "seconds_spent": 0, "suggestion": None, "suggestion_outcome": "none"}


def history(*, annotation: Annotation) -> list[dict]:
    """Every revision of the annotation, oldest first, each with the labels before and after it and what
    changed between them (one query)."""
    revisions = annotation.revisions.select_related("changed_by").only(
        "version", "data", "changed_at", "changed_by__username", "annotation_id").order_by("version")
    entries, before = [], None
    for revision in revisions:
        entries.append({
            "version": revision.version, "changed_by": revision.changed_by_id,
            "changed_by_name": revision.changed_by.username, "changed_at": revision.changed_at,
            "before": before, "after": revision.data,
            "changes": asdict(diff_revisions(before=before, after=revision.data)),
        })
        before = revision.data
    return entries


@dataclass(frozen=True)
class FieldChange:
    """One field of the annotation with its value before and after."""

    name: str
    before: object
    after: object


@dataclass(frozen=True)
class ClaimChange:
    """A claim on the same span in both versions, with the fields whose values differ."""

    before: dict
    after: dict
    fields: tuple[str, ...]


@dataclass(frozen=True)
class RevisionDiff:
    """What one version changed: claims added, removed and changed, and the annotation's own fields."""

    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[ClaimChange] = field(default_factory=list)
    fields: list[FieldChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.fields)


def _labels(claim: dict) -> tuple:
    return tuple(claim.get(name) or None for name in CLAIM_FIELDS)  # empty, false and missing alike


def diff_revisions(*, before: dict | None, after: dict) -> RevisionDiff:
    """The changes from one saved version (None: the annotation did not exist) to the next.

    Claims are matched by span: one on a span that only one version has was added or removed;
    claims on the same span are paired, identical ones first, and the rest reported field by field.
    """
    before = EMPTY if before is None else before
    diff = RevisionDiff(fields=[
        FieldChange(name, before.get(name, EMPTY[name]), after.get(name, EMPTY[name])) for name in ANNOTATION_FIELDS
        if before.get(name, EMPTY[name]) != after.get(name, EMPTY[name])
    ])
    spans: dict[tuple, tuple[list[dict], list[dict]]] = defaultdict(lambda: ([], []))
    for side, claims in enumerate((before.get("claims") or [], after.get("claims") or [])):
        for claim in claims:
            spans[(claim.get("start"), claim.get("end"))][side].append(claim)
    for span in sorted(spans, key=lambda s: (s[0] or 0, s[1] or 0)):
        old, new = (sorted(claims, key=lambda c: repr(_labels(c))) for claims in spans[span])
        for claim in list(old):
            twin = next((c for c in new if _labels(c) == _labels(claim)), None)
            if twin is not None:
                old.remove(claim)
                new.remove(twin)
        for was, now in zip(old, new, strict=False):
            changed = tuple(n for n, a, b in zip(CLAIM_FIELDS, _labels(was), _labels(now), strict=True) if a != b)
            diff.changed.append(ClaimChange(before=was, after=now, fields=changed))
        diff.removed.extend(old[len(new):])
        diff.added.extend(new[len(old):])
    return diff
