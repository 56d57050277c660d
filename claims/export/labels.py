"""Label aggregation: how the judgements of one sentence become the labels an export writes.

Two annotators agree on a sentence when they marked the same claims with the same span, actors,
claimant, stance and certainty (or both marked none): their *readings* are equal. An item's
agreement is the share of its annotators who hold its most common reading.

Each label mode is a row of LABEL_MODES: a description (it goes into the dataset card) and examples
that tests/export/test_labels.py runs. An editor's adjudication always wins where one exists, and
`--min-agreement` never drops an adjudicated item: an editor has decided it.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import NamedTuple

from claims.export.items import Item, Judgement
from claims.models.annotation import Resolution

NO_CLAIM = "no_claim"
NO_STANCE = "no_stance"


class Label(NamedTuple):
    """One decided labelling of an item: whose judgement, how it came about, how much annotators agreed."""

    judgement: Judgement
    how: str  # unanimous / majority / adjudicated / annotator
    agreement: float | None
    annotators: int
    tie: bool = False


@dataclass(frozen=True)
class Aggregation:
    """What the caller asked: the mode, the smallest agreement kept, whether ties are kept (flagged)."""

    mode: str
    min_agreement: float = 0.0
    keep_ties: bool = False
    unanimous_needs: int = 2  # gold without an adjudication: at least this many annotators, all agreeing


def _agreement(item: Item) -> tuple[list[tuple[tuple, int]], float | None]:
    if len(item.annotations) == 1:  # a project without overlap: no reading to compare (see _first_with)
        return [((), 1)], 1.0
    counts = Counter(judgement.reading for judgement in item.annotations).most_common()
    return counts, (counts[0][1] / len(item.annotations) if counts else None)


def _adjudicated(item: Item, agreement: float | None) -> Label:
    return Label(item.adjudication, Resolution.ADJUDICATED, agreement, len(item.annotations))


def _first_with(item: Item, reading: tuple) -> Judgement:
    if len(item.annotations) == 1:
        return item.annotations[0]
    return next(judgement for judgement in item.annotations if judgement.reading == reading)


def _gold(item: Item, how: Aggregation) -> list[Label]:
    counts, agreement = _agreement(item)
    if item.adjudication is not None:
        return [_adjudicated(item, agreement)]
    if len(counts) == 1 and counts[0][1] >= how.unanimous_needs and agreement >= how.min_agreement:
        return [Label(item.annotations[0], Resolution.UNANIMOUS, 1.0, len(item.annotations))]
    return []


def _majority(item: Item, how: Aggregation) -> list[Label]:
    counts, agreement = _agreement(item)
    if item.adjudication is not None:
        return [_adjudicated(item, agreement)]
    if not counts or agreement < how.min_agreement:
        return []
    tie = len(counts) > 1 and counts[0][1] == counts[1][1]
    if tie and not how.keep_ties:
        return []
    resolution = Resolution.UNANIMOUS if len(counts) == 1 else Resolution.MAJORITY
    # A kept tie takes the reading given first: deterministic, and flagged so a trainer can drop it.
    return [Label(_first_with(item, counts[0][0]), resolution, agreement, len(item.annotations), tie=tie)]


def _all(item: Item, how: Aggregation) -> list[Label]:
    _, agreement = _agreement(item)
    if agreement is None or agreement < how.min_agreement:
        return []
    return [Label(judgement, "annotator", agreement, len(item.annotations)) for judgement in item.annotations]


def stance_votes(item: Item, span: tuple[int, int] | None) -> dict[str, float]:
    """Each annotator's answer for one span (the stance of their claim there, or no_claim), as shares.

    With span None (a row saying the sentence has no claim) the answer is no_claim or the stance of
    the annotator's first claim.
    """
    votes = Counter()
    for judgement in item.annotations:
        found = [claim for claim in judgement.claims if span is None or (claim.start, claim.end) == span]
        votes[(found[0].stance or NO_STANCE) if found else NO_CLAIM] += 1
    total = sum(votes.values())
    return {label: count / total for label, count in sorted(votes.items())}


def _soft(item: Item, how: Aggregation) -> list[Label]:
    # The rows are the majority's; the writer adds the distribution (stance_votes) to each.
    return _majority(item, replace(how, keep_ties=True))


@dataclass(frozen=True)
class LabelMode:
    """One way to turn judgements into labels; examples are (annotators' stances per item, rows expected)."""

    description: str
    decide: Callable[[Item, Aggregation], list[Label]]
    examples: tuple[tuple[tuple[str, ...], bool, int], ...]  # (readings, adjudicated, labels expected)


LABEL_MODES: dict[str, LabelMode] = {
    "gold": LabelMode(
        "Gold: the editor's adjudication where there is one; otherwise only sentences whose annotators "
        "(at least the project's overlap, and at least two) all gave the same reading.",
        _gold,
        ((("oppose", "oppose"), False, 1), (("oppose", "support"), False, 0), (("oppose",), False, 0),
         (("oppose", "support"), True, 1)),
    ),
    "majority": LabelMode(
        "Majority: the adjudication where there is one; otherwise the reading most annotators gave. "
        "Ties are left out, or kept and flagged (tie = true) with --keep-ties.",
        _majority,
        ((("oppose", "oppose", "support"), False, 1), (("oppose", "support"), False, 0), (("oppose",), False, 1),
         (("oppose", "support"), True, 1)),
    ),
    "all": LabelMode(
        "All: every annotator's judgement as its own rows, with the annotator, time spent and the "
        "suggestion they were shown, for disagreement-aware training and studies of label noise.",
        _all,
        ((("oppose", "support"), False, 2), (("oppose",), False, 1), (("oppose", "support", "neutral"), True, 3)),
    ),
    "soft": LabelMode(
        "Soft: the majority reading's rows (ties kept and flagged), each with the share of annotators "
        "who gave each stance for that span (stance_p_<label>, and p_no_claim).",
        _soft,
        ((("oppose", "support"), False, 1), (("oppose", "oppose", "support"), False, 1)),
    ),
}


def decide(item: Item, how: Aggregation) -> list[Label]:
    """The labels the item contributes under the caller's aggregation (none when it does not qualify)."""
    return LABEL_MODES[how.mode].decide(item, how)
