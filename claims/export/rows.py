"""Export rows: one per claim, and one per judged sentence without a claim (has_claim false), with typed columns.

The columns are one table (columns_for) that every writer reads: CSV's header, Parquet's schema,
the JSON keys and the Hugging Face features all come from it, so the formats cannot drift apart. A
row is a tuple in that order, put together from parts that are made once and shared: the
sentence's part once per item, the label's once per label, a claim's once per claim.
"""

from dataclasses import dataclass

from claims.export.items import ClaimLabel, Item
from claims.export.labels import NO_CLAIM, Label, stance_votes

# (name, type, what it holds). Types are Arrow's names; None-able everywhere.
HEAD_COLUMNS = [
    ("id", "string", "row id: s<sentence>[-<n>] or, with --labels all, a<annotation>[-<n>]"),
    ("split", "string", "train, dev, test… (by source)"),
]
CLAIM_COLUMNS = [
    ("has_claim", "bool", "false: the sentence was judged to hold no claim"),
    ("claim_start", "int32", "claim span: offset in the sentence"),
    ("claim_end", "int32", "claim span end: offset in the sentence"),
    ("source_start", "int32", "claim span: offset in the source text"),
    ("source_end", "int32", "claim span end: offset in the source text"),
    ("span_text", "string", "the claim's text"),
    ("stance", "string", "the subject's stance toward the target (empty: no target)"),
    ("certainty", "string", "how the claimant stands toward the proposition"),
    ("subject", "string", "subject actor"),
    ("subject_id", "int64", "subject actor id"),
    ("target", "string", "target actor"),
    ("target_id", "int64", "target actor id"),
    ("claimant", "string", "claimant: actor name, or the named person"),
    ("claimant_id", "int64", "claimant actor id"),
    ("claimant_is_outlet", "bool", "asserted in the outlet's own voice"),
    ("proposition_id", "int64", "proposition (claim cluster) id"),
    ("proposition", "string", "proposition in normal form"),
]
SENTENCE_COLUMNS = [
    ("sentence_id", "int64", "sentence id in the project"),
    ("text", "string", "the sentence, exactly as in the source"),
    ("source_id", "int64", "source (article) id"),
    ("title", "string", "source title"),
    ("outlet", "string", "source outlet"),
    ("author", "string", "source author"),
    ("published", "string", "source date (ISO 8601)"),
    ("url", "string", "source URL"),
]
LABEL_COLUMNS = [
    ("label_source", "string", "unanimous, majority, adjudicated, or annotator (--labels all)"),
    ("annotators", "int32", "annotators who judged the sentence"),
    ("agreement", "float64", "share of them holding the most common reading"),
    ("tie", "bool", "the top readings tied (kept only with --keep-ties)"),
]
COLUMNS = HEAD_COLUMNS + CLAIM_COLUMNS + SENTENCE_COLUMNS + LABEL_COLUMNS
ALL_COLUMNS = [
    ("annotator", "string", "the annotator's username (--labels all)"),
    ("annotator_id", "int64", "the annotator's user id"),
    ("annotation_id", "int64", "the annotation's id"),
    ("seconds_spent", "int32", "time the annotator spent on the sentence"),
    ("suggestion_outcome", "string", "accepted, edited, rejected or none: what they made of the suggestion"),
    ("suggestion_model_version", "int64", "model version of the suggestion they were shown"),
]
SUGGESTION_COLUMNS = [
    ("model_suggestion_has_claim", "float64", "MODEL SUGGESTION, not a label: probability of a claim"),
    ("model_suggestion_stance", "string", "MODEL SUGGESTION, not a label: its likeliest stance"),
    ("model_suggestion_version", "int64", "MODEL SUGGESTION: the live model version that made it"),
]
_NO_CLAIM_PART = (False,) + (None,) * (len(CLAIM_COLUMNS) - 1)
_NO_SUGGESTION = (None,) * len(SUGGESTION_COLUMNS)


def columns_for(*, mode: str, stance_labels: list[str], with_suggestions: bool) -> list[tuple[str, str, str]]:
    """The export's columns for its label mode and options, in order (the order of rows_for's tuples)."""
    columns = list(COLUMNS)
    if mode == "all":
        columns += ALL_COLUMNS
    if with_suggestions:
        columns += SUGGESTION_COLUMNS
    if mode == "soft":
        columns += [(f"p_{NO_CLAIM}", "float64", "share of annotators who marked no claim here")]
        columns += [(f"stance_p_{label}", "float64", f"share of annotators who gave '{label}' here")
                    for label in stance_labels]
    return columns


@dataclass(frozen=True)
class Names:
    """Names of the project's actors and propositions, read once (both lists are small beside the rows)."""

    actors: dict[int, str]
    propositions: dict[int, str]


@dataclass(frozen=True)
class RowMaker:
    """Turns an item's decided labels into row tuples, for one export's mode and options."""

    mode: str
    names: Names
    stance_labels: list[str]
    with_suggestions: bool = False

    def rows(self, item: Item, label: Label, split: str) -> list[tuple]:
        """The rows one decided label of one item becomes."""
        judgement = label.judgement
        tail = (item.sentence_id, item.text, *item.source, label.how, label.annotators, label.agreement, label.tie)
        if self.mode == "all":
            prefix = f"a{judgement.id}"
            tail += (judgement.who, judgement.who_id, judgement.id, judgement.seconds_spent,
                     judgement.suggestion_outcome, judgement.suggestion_model_version)
        else:
            prefix = f"s{item.sentence_id}"
        if self.with_suggestions:
            tail += item.suggestion or _NO_SUGGESTION
        soft = self.mode == "soft"
        if not judgement.claims:
            return [(prefix, split) + _NO_CLAIM_PART + tail + (self._soft(item, None) if soft else ())]
        return [(f"{prefix}-{n}", split) + self._claim(claim, item.start) + tail
                + (self._soft(item, (claim.start, claim.end)) if soft else ())
                for n, claim in enumerate(judgement.claims, start=1)]

    def _claim(self, claim: ClaimLabel, sentence_start: int) -> tuple:
        actors = self.names.actors
        return (True, claim.start - sentence_start, claim.end - sentence_start, claim.start, claim.end, claim.text,
                claim.stance, claim.certainty, actors.get(claim.subject_id), claim.subject_id,
                actors.get(claim.target_id), claim.target_id,
                actors.get(claim.claimant_id) or claim.claimant_name or None, claim.claimant_id,
                claim.claimant_is_outlet, claim.proposition_id, self.names.propositions.get(claim.proposition_id))

    def _soft(self, item: Item, span: tuple[int, int] | None) -> tuple:
        votes = stance_votes(item, span)
        return (votes.get(NO_CLAIM, 0.0), *(votes.get(label, 0.0) for label in self.stance_labels))
