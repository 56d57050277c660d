"""Which labels training takes, per sentence: the rule, read without numpy (the model page asks it in a request).

Gold wins (an editor's adjudication, unanimous annotators, a majority an editor accepted); otherwise,
with two or more annotations, the majority rule (claims.majority); otherwise the one annotation there
is. claims.suggest.labels turns the result into training data.
"""

from collections import defaultdict

from claims.majority import MAJORITY_FIELDS, majority_claims
from claims.models import Adjudication, Annotation, Claim, Project


def resolve_labels(*, project: Project) -> dict[int, tuple[list[tuple], str]]:
    """Every labelled sentence's claims as training takes them (gold > majority > single), by sentence id:
    (claim rows of MAJORITY_FIELDS, origin)."""
    resolved: dict[int, tuple[list[tuple], str]] = {}
    # Review's gold (claims.review.gold, claims.annotation.unanimity), whichever way it came about, wins;
    # origin says which way: adjudicated, unanimous or majority.
    adjudicated = Adjudication.objects.filter(project=project).values_list("id", "sentence_id", "resolution")
    by_adjudication = defaultdict(list)
    for row in Claim.objects.filter(adjudication__project=project).values_list("adjudication_id", *MAJORITY_FIELDS):
        by_adjudication[row[0]].append(row[1:])
    for adjudication_id, sentence_id, resolution in adjudicated:
        resolved[sentence_id] = (by_adjudication[adjudication_id], resolution)
    annotations = defaultdict(list)
    for annotation_id, sentence_id in Annotation.objects.filter(project=project).values_list("id", "sentence_id"):
        if sentence_id not in resolved:
            annotations[sentence_id].append(annotation_id)
    by_annotation = defaultdict(list)
    claims = Claim.objects.filter(annotation__project=project, annotation__sentence_id__in=list(annotations))
    for row in claims.values_list("annotation_id", *MAJORITY_FIELDS):
        by_annotation[row[0]].append(row[1:])
    for sentence_id, ids in annotations.items():
        if len(ids) == 1:
            resolved[sentence_id] = (by_annotation[ids[0]], "single")
        elif (claims := majority_claims([by_annotation[i] for i in ids])) is not None:
            resolved[sentence_id] = (claims, "majority")
    return resolved


def training_counts(*, project: Project) -> dict:
    """The claims training counts, beside every claim marked, and why the others do not count."""
    resolved = resolve_labels(project=project)
    marked = Claim.objects.filter(annotation__project=project).count()
    annotated = Annotation.objects.filter(project=project).values_list("sentence_id", flat=True)
    return {
        "counted": sum(len(claims) for claims, _ in resolved.values()),
        "marked": marked,
        "sentences": len(resolved),
        # Sentences annotated, not adjudicated, whose annotators split evenly on whether it holds a claim.
        "split_sentences": len(set(annotated) - set(resolved)),
    }
