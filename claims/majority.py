"""The majority rule: the claims most annotators of a sentence agree on.

In the core, pure Python: training (claims.suggest.labels), automatic and bulk gold
(claims.annotation.unanimity, claims.review.gold) and the export's label modes all read it.
"""

from collections import Counter, defaultdict

# A claim as the majority rule reads it: (sentence_id, start, end, subject_id, target_id, claimant_id,
# claimant_is_outlet, stance, certainty, ...); anything after the ninth column rides along.
MAJORITY_FIELDS = ("sentence_id", "start", "end", "subject_id", "target_id", "claimant_id", "claimant_is_outlet",
                   "stance", "certainty")


def majority_claims(annotations: list[list[tuple]]) -> list[tuple] | None:
    """The claims most annotators agree on; None when they split evenly on whether there is a claim.

    A sentence holds claims if most annotators marked some; a subject/target pair is kept if most
    marked it, with the stance and certainty most of them gave; ties are dropped, not guessed.
    """
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
