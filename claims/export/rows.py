"""Export rows: one per claim, and one per judged sentence without a claim (has_claim false), with typed columns.

The columns are one table (COLUMNS) that every writer reads: CSV's header, Parquet's schema and
the Hugging Face features all come from it, so the formats cannot drift apart.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from claims.export.items import Item
from claims.export.labels import NO_CLAIM, Label, stance_votes

# (name, type, what it holds). Types are Arrow's names; None-able everywhere.
COLUMNS: list[tuple[str, str, str]] = [
    ("id", "string", "row id: s<sentence>[-<n>] or, with --labels all, a<annotation>[-<n>]"),
    ("split", "string", "train, dev, test… (by source)"),
    ("sentence_id", "int64", "sentence id in the project"),
    ("text", "string", "the sentence, exactly as in the source"),
    ("has_claim", "bool", "false: the sentence was judged to hold no claim"),
    ("claim_start", "int32", "claim span: offset in the sentence"),
    ("claim_end", "int32", "claim span end: offset in the sentence"),
    ("source_start", "int32", "claim span: offset in the source text"),
    ("source_end", "int32", "claim span end: offset in the source text"),
    ("span_text", "string", "the claim's text"),
    ("source_id", "int64", "source (article) id"),
    ("title", "string", "source title"),
    ("outlet", "string", "source outlet"),
    ("author", "string", "source author"),
    ("published", "string", "source date (ISO 8601)"),
    ("url", "string", "source URL"),
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
    ("label_source", "string", "unanimous, majority, adjudicated, or annotator (--labels all)"),
    ("annotators", "int32", "annotators who judged the sentence"),
    ("agreement", "float64", "share of them holding the most common reading"),
    ("tie", "bool", "the top readings tied (kept only with --keep-ties)"),
]
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


def columns_for(*, mode: str, stance_labels: list[str], with_suggestions: bool) -> list[tuple[str, str, str]]:
    """The export's columns for its label mode and options, in order."""
    columns = list(COLUMNS)
    if mode == "all":
        columns += ALL_COLUMNS
    if mode == "soft":
        columns += [(f"p_{NO_CLAIM}", "float64", "share of annotators who marked no claim here")]
        columns += [(f"stance_p_{label}", "float64", f"share of annotators who gave '{label}' here")
                    for label in stance_labels]
    if with_suggestions:
        columns += SUGGESTION_COLUMNS
    return columns


@dataclass(frozen=True)
class Names:
    """Names of the project's actors and propositions, read once (both lists are small beside the rows)."""

    actors: dict[int, str]
    propositions: dict[int, str]


def rows_for(item: Item, label: Label, *, split: str, mode: str, names: Names,
             stance_labels: list[str]) -> Iterator[dict]:
    """The rows one decided label of one item becomes."""
    judgement = label.judgement
    prefix = f"a{judgement.id}" if mode == "all" else f"s{item.sentence_id}"
    common = {"split": split, "sentence_id": item.sentence_id, "text": item.text, **item.source,
              "label_source": label.how, "annotators": label.annotators, "agreement": label.agreement,
              "tie": label.tie}
    if mode == "all":
        common |= {"annotator": judgement.who, "annotator_id": judgement.who_id, "annotation_id": judgement.id,
                   "seconds_spent": judgement.seconds_spent, "suggestion_outcome": judgement.suggestion_outcome,
                   "suggestion_model_version": judgement.suggestion_model_version}
    if item.suggestion is not None:
        common |= {"model_suggestion_has_claim": item.suggestion["has_claim"],
                   "model_suggestion_stance": item.suggestion["stance"],
                   "model_suggestion_version": item.suggestion["model_version"]}
    if not judgement.claims:
        yield common | {"id": prefix, "has_claim": False} | _soft(item, None, mode, stance_labels)
    for n, claim in enumerate(judgement.claims, start=1):
        yield common | {
            "id": f"{prefix}-{n}", "has_claim": True,
            "claim_start": claim.start - item.start, "claim_end": claim.end - item.start,
            "source_start": claim.start, "source_end": claim.end, "span_text": claim.text,
            "stance": claim.stance, "certainty": claim.certainty,
            "subject": names.actors.get(claim.subject_id), "subject_id": claim.subject_id,
            "target": names.actors.get(claim.target_id), "target_id": claim.target_id,
            "claimant": names.actors.get(claim.claimant_id) or claim.claimant_name or None,
            "claimant_id": claim.claimant_id, "claimant_is_outlet": claim.claimant_is_outlet,
            "proposition_id": claim.proposition_id, "proposition": names.propositions.get(claim.proposition_id),
        } | _soft(item, (claim.start, claim.end), mode, stance_labels)


def _soft(item: Item, span: tuple[int, int] | None, mode: str, stance_labels: list[str]) -> dict:
    if mode != "soft":
        return {}
    votes = stance_votes(item, span)
    return {f"p_{NO_CLAIM}": votes.get(NO_CLAIM, 0.0)} | {
        f"stance_p_{label}": votes.get(label, 0.0) for label in stance_labels}
