"""Which labels training takes, per sentence: the rule, read without numpy (the model page asks it in a request).

An editor's adjudication wins; otherwise, with two or more annotations, the majority (a sentence
holds claims if most annotators marked some; a subject/target pair is kept if most marked it, with
the stance and certainty most of them gave; ties are dropped, not guessed); otherwise the one
annotation there is. claims.suggest.labels turns the result into training data.
"""

from collections import Counter, defaultdict

from claims.models import Adjudication, Annotation, Claim, Project

_CLAIM_FIELDS = ("sentence_id", "start", "end", "subject_id", "target_id", "claimant_id", "claimant_is_outlet",
                 "stance", "certainty")


def resolve_labels(*, project: Project) -> dict[int, tuple[list[tuple], str]]:
    """Every labelled sentence's claims as training takes them (adjudicated > majority > single), by sentence id:
    (claim rows of _CLAIM_FIELDS, origin)."""
    resolved: dict[int, tuple[list[tuple], str]] = {}
    adjudicated = Adjudication.objects.filter(project=project).values_list("id", "sentence_id")
    by_adjudication = defaultdict(list)
    for row in Claim.objects.filter(adjudication__project=project).values_list("adjudication_id", *_CLAIM_FIELDS):
        by_adjudication[row[0]].append(row[1:])
    for adjudication_id, sentence_id in adjudicated:
        resolved[sentence_id] = (by_adjudication[adjudication_id], "adjudicated")
    annotations = defaultdict(list)
    for annotation_id, sentence_id in Annotation.objects.filter(project=project).values_list("id", "sentence_id"):
        if sentence_id not in resolved:
            annotations[sentence_id].append(annotation_id)
    by_annotation = defaultdict(list)
    claims = Claim.objects.filter(annotation__project=project, annotation__sentence_id__in=list(annotations))
    for row in claims.values_list("annotation_id", *_CLAIM_FIELDS):
        by_annotation[row[0]].append(row[1:])
    for sentence_id, ids in annotations.items():
        if len(ids) == 1:
            resolved[sentence_id] = (by_annotation[ids[0]], "single")
        elif (claims := _majority([by_annotation[i] for i in ids])) is not None:
            resolved[sentence_id] = (claims, "majority")
    return resolved


def _majority(annotations: list[list[tuple]]) -> list[tuple] | None:
    """The claims most annotators agree on; None when they split evenly on whether there is a claim."""
    count = len(annotations)
    marked = sum(bool(claims) for claims in annotations)
    if marked * 2 == count:
        return None
    if marked * 2 < count:
        return []
    groups = defaultdict(list)
    for claims in annotations:
        for pair in {(c[3], c[4]) for c in claims}:
            groups[pair].append(next(c for c in claims if (c[3], c[4]) == pair))
    agreed = []
    for group in groups.values():
        if len(group) * 2 <= count:
            continue
        stance, stance_votes = Counter(c[7] for c in group).most_common(1)[0]
        certainty, certainty_votes = Counter(c[8] for c in group).most_common(1)[0]
        if stance_votes * 2 <= len(group) or certainty_votes * 2 <= len(group):
            continue  # no majority on the labels: dropped rather than guessed
        first = next(c for c in group if c[7] == stance and c[8] == certainty)
        agreed.append(first)
    return agreed


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
