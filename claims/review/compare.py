"""How annotators' labels of a sentence are compared, field by field: the items agreement and the queue count.

- **claim**: one item per sentence: did the rater mark any claim ("yes" / "no").
- **span, stance, subject, target, claimant, certainty**: one item per *aligned claim*. Claims of
  different raters in a sentence are aligned greatest character overlap first: the pair that
  overlaps most is joined, then the next, and a group never holds two claims of one rater; claims
  that overlap nothing stay alone. For **span**, a rater who annotated the sentence but has no claim
  in the group counts as "(none)": a missed claim is a span disagreement. The label fields compare
  only the raters with a claim in the group, so a missed claim is not counted a second time.
"""

from dataclasses import dataclass

from claims.review.labels import ClaimLabel

CLAIM_FIELDS = ("span", "stance", "subject", "target", "claimant", "certainty")
FIELDS = ("claim", *CLAIM_FIELDS)
NO_CLAIM = "(none)"


@dataclass(frozen=True)
class Item:
    """One thing the raters of a sentence each gave a value for (rater → value)."""

    field: str
    sentence: int
    values: dict[int, str]

    @property
    def agreed(self) -> bool:
        return len(set(self.values.values())) <= 1


def align(claims: dict[int, list[ClaimLabel]]) -> list[dict[int, ClaimLabel]]:
    """Group the raters' claims of one sentence, greatest overlap first, at most one claim per rater a group."""
    raters = sorted(claims)
    pairs = []
    for i, a in enumerate(raters):
        for b in raters[i + 1:]:
            for x, one in enumerate(claims[a]):
                for y, other in enumerate(claims[b]):
                    if (overlap := one.overlap(other)) > 0:
                        pairs.append((-overlap, a, x, b, y))
    group_of: dict[tuple[int, int], int] = {}  # (rater, claim index) → group
    groups: list[dict[int, int]] = []  # group → {rater: claim index}
    for _, a, x, b, y in sorted(pairs):
        ga, gb = group_of.get((a, x)), group_of.get((b, y))
        if ga is None and gb is None:
            group_of[(a, x)] = group_of[(b, y)] = len(groups)
            groups.append({a: x, b: y})
        elif gb is None and b not in groups[ga]:
            groups[ga][b], group_of[(b, y)] = y, ga
        elif ga is None and gb is not None and a not in groups[gb]:
            groups[gb][a], group_of[(a, x)] = x, gb
        elif ga is not None and gb is not None and ga != gb and not set(groups[ga]) & set(groups[gb]):
            for rater, index in groups[gb].items():
                group_of[(rater, index)] = ga
            groups[ga].update(groups[gb])
            groups[gb] = {}
    for rater in raters:
        for x in range(len(claims[rater])):
            if (rater, x) not in group_of:
                group_of[(rater, x)] = len(groups)
                groups.append({rater: x})
    aligned = [{r: claims[r][x] for r, x in group.items()} for group in groups if group]
    return sorted(aligned, key=lambda group: min((c.start, c.end) for c in group.values()))


def sentence_items(sentence_id: int, claims: dict[int, list[ClaimLabel]]) -> list[Item]:
    """Every item of one sentence, for every field (see the module's docstring)."""
    items = [Item("claim", sentence_id, {r: "yes" if c else "no" for r, c in claims.items()})]
    for group in align(claims):
        items.append(Item("span", sentence_id, {r: group[r].value("span") if r in group else NO_CLAIM for r in claims}))
        for field in CLAIM_FIELDS[1:]:
            items.append(Item(field, sentence_id, {r: c.value(field) for r, c in group.items()}))
    return items
