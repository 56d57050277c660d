"""The labels review compares: each sentence's claims per annotator (and gold), read in a few queries.

A claim's *claimant* is compared as one value (an actor, a named person or the outlet), and its
*span* as its offsets. Gold (an adjudication's claims) is rater ``GOLD``, never a user id.
"""

from collections import defaultdict
from dataclasses import dataclass

from claims.models import Adjudication, Annotation, Claim, Project

GOLD = 0  # user ids start at 1


@dataclass(frozen=True)
class ClaimLabel:
    """One claim as review compares it."""

    id: int
    start: int
    end: int
    subject: int | None
    target: int | None
    claimant: str
    stance: str
    certainty: str

    def value(self, field: str) -> str:
        return value_text(field, (self.start, self.end) if field == "span" else getattr(self, field))

    def overlap(self, other: "ClaimLabel") -> int:
        return max(0, min(self.end, other.end) - max(self.start, other.start))


def value_text(field: str, value) -> str:
    """A field's value as review compares and shows it: a span as "start-end", no actor as ""."""
    if field == "span":
        start, end = value
        return f"{start}-{end}"
    return "" if value is None else str(value)


def claimant_value(actor_id: int | None, name: str, outlet: bool) -> str:
    if actor_id is not None:
        return f"actor {actor_id}"
    return "the outlet" if outlet else (f"“{name}”" if name else "")


CLAIM_COLUMNS = ("id", "start", "end", "subject_id", "target_id", "claimant_id", "claimant_name", "claimant_is_outlet",
            "stance", "certainty")


def _label(row) -> ClaimLabel:
    claim_id, start, end, subject, target, claimant, name, outlet, stance, certainty = row
    return ClaimLabel(claim_id, start, end, subject, target, claimant_value(claimant, name, outlet), stance, certainty)


def project_labels(*, project: Project, sentence_ids=None, gold: bool = True) -> dict[int, dict[int, list[ClaimLabel]]]:
    """sentence id → rater (annotator id, or GOLD) → claims in span order; a rater who marked none has []."""
    annotations = Annotation.objects.filter(project=project)
    claims = Claim.objects.filter(annotation__project=project)
    gold_claims = Claim.objects.filter(adjudication__project=project)
    if sentence_ids is not None:
        annotations = annotations.filter(sentence_id__in=sentence_ids)
        claims = claims.filter(sentence_id__in=sentence_ids)
        gold_claims = gold_claims.filter(sentence_id__in=sentence_ids)
    labels: dict[int, dict[int, list[ClaimLabel]]] = defaultdict(dict)
    owner = {}
    for annotation_id, sentence_id, annotator_id in annotations.values_list("id", "sentence_id", "annotator_id"):
        labels[sentence_id][annotator_id] = []
        owner[annotation_id] = (sentence_id, annotator_id)
    for annotation_id, *row in claims.order_by("start", "id").values_list("annotation_id", *CLAIM_COLUMNS):
        sentence_id, annotator_id = owner[annotation_id]
        labels[sentence_id][annotator_id].append(_label(row))
    if gold:
        for sentence_id in Adjudication.objects.filter(project=project, sentence_id__in=list(labels)).values_list(
                "sentence_id", flat=True):
            labels[sentence_id][GOLD] = []
        for sentence_id, *row in gold_claims.order_by("start", "id").values_list("sentence_id", *CLAIM_COLUMNS):
            if sentence_id in labels:
                labels[sentence_id].setdefault(GOLD, []).append(_label(row))
    return labels
