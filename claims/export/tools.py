"""Records for annotation tools: doccano JSONL and Label Studio tasks, one record per labelled sentence.

Both carry the sentence as the document text (offsets are into the sentence) and the export's
metadata beside it; claims.ingest.labels reads both back as annotations (the round trip).

doccano (one JSON object a line, as its "Import Dataset" reads JSONL):
  - `label`: the sentence's categories for a Text Classification project: each claim's stance
    (`claim` for a claim without one), or `no_claim`;
  - `entities` / `relations` for a Sequence Labeling project with relations: each claim's span
    (label: its stance, or `claim`) and, where the actor's name occurs in the sentence, an `actor`
    span with a `subject`, `target` or `claimant` relation from the claim to it;
  - `claims`: every claim in full (span, stance, certainty, subject, target, claimant); doccano keeps
    unknown keys as the document's metadata. What doccano cannot show (certainty, a claimant in
    the outlet's own voice or a named person, an actor not named in the sentence) comes back
    from here, matched by span.
Label Studio (a JSON array of tasks with `data` and `annotations`, as its task import reads them,
and `predictions` with --with-suggestions): each claim is a `labels` region of the text (its stance,
or `claim`) with per-region `choices` for certainty, subject, target and claimant (an actor's
name, or `outlet`) and a per-region `textarea` for a claimant who is a named person; a sentence
without claims has the choice `no_claim` in `has_claim`. DIR/label_studio.xml is the labelling
configuration that shows these.
"""

import re
from xml.sax.saxutils import quoteattr

from claims.export.items import ClaimLabel, Item
from claims.export.labels import NO_CLAIM, Label
from claims.export.rows import Names

OUTLET = "outlet"  # the claimant choice for a claim in the outlet's own voice


def _meta(item: Item, label: Label, split: str, row_id: str) -> dict:
    source = item.source
    return {"row_id": row_id, "split": split, "sentence_id": item.sentence_id, "source_id": source.source_id,
            "title": source.title, "outlet": source.outlet, "author": source.author,
            "published": source.published, "url": source.url, "label_source": label.how,
            "annotators": label.annotators, "agreement": label.agreement, "tie": label.tie}


def row_id(item: Item, label: Label, mode: str) -> str:
    """The record's id in the manifest: as the rows' ids, without the claim number."""
    return f"a{label.judgement.id}" if mode == "all" else f"s{item.sentence_id}"


def _claim(claim: ClaimLabel, offset: int, names: Names) -> dict:
    actors = names.actors
    return {"start": claim.start - offset, "end": claim.end - offset, "stance": claim.stance,
            "certainty": claim.certainty, "subject": actors.get(claim.subject_id),
            "target": actors.get(claim.target_id), "claimant": actors.get(claim.claimant_id),
            "claimant_name": claim.claimant_name, "claimant_is_outlet": claim.claimant_is_outlet}


def _span_label(claim: dict) -> str:
    return claim["stance"] or "claim"


def _found(name: str, text: str) -> tuple[int, int] | None:
    """Where the actor's name first occurs in the sentence (any case), if it does."""
    match = re.search(re.escape(name), text, re.IGNORECASE)
    return match.span() if match else None


def doccano_record(item: Item, label: Label, *, split: str, mode: str, names: Names) -> dict:
    """One doccano JSONL record for one decided label of one sentence."""
    claims = [_claim(claim, item.start, names) for claim in label.judgement.claims]
    entities, relations, actor_ids = [], [], {}
    for claim in claims:
        claim_id = len(entities)
        entities.append({"id": claim_id, "start_offset": claim["start"], "end_offset": claim["end"],
                         "label": _span_label(claim)})
        for role in ("subject", "target", "claimant"):
            if claim[role] and (span := _found(claim[role], item.text)):
                if span not in actor_ids:
                    actor_ids[span] = len(entities)
                    entities.append({"id": len(entities), "start_offset": span[0], "end_offset": span[1],
                                     "label": "actor"})
                relations.append({"id": len(relations), "from_id": claim_id, "to_id": actor_ids[span],
                                  "type": role})
    categories = sorted({_span_label(claim) for claim in claims}) or [NO_CLAIM]
    record = {"text": item.text, "label": categories, "entities": entities, "relations": relations,
              "claims": claims, **_meta(item, label, split, row_id(item, label, mode))}
    if mode == "all":
        record["annotator"] = label.judgement.who
    return record


def _results(claims: list[dict]) -> list[dict]:
    """Label Studio results: a region per claim with its per-region choices, or the no_claim choice."""
    if not claims:
        return [{"id": "sentence", "from_name": "has_claim", "to_name": "text", "type": "choices",
                 "value": {"choices": [NO_CLAIM]}}]
    results = []
    for n, claim in enumerate(claims, start=1):
        region = {"start": claim["start"], "end": claim["end"]}
        common = {"id": f"claim{n}", "to_name": "text", "origin": "manual"}
        results.append(common | {"from_name": "claim", "type": "labels",
                                 "value": region | {"labels": [_span_label(claim)]}})
        choices = {"certainty": claim["certainty"], "subject": claim["subject"], "target": claim["target"],
                   "claimant": OUTLET if claim["claimant_is_outlet"] else claim["claimant"]}
        results += [common | {"from_name": name, "type": "choices", "value": region | {"choices": [value]}}
                    for name, value in choices.items() if value]
        if claim["claimant_name"]:
            results.append(common | {"from_name": "claimant_name", "type": "textarea",
                                     "value": region | {"text": [claim["claimant_name"]]}})
    return results


def labelstudio_task(item: Item, labels: list[Label], *, split: str, mode: str, names: Names) -> dict:
    """One Label Studio task for one sentence: an annotation per decided label (several with --labels all)."""
    first = labels[0]
    data = {"text": item.text, **_meta(item, first, split, row_id(item, first, mode))}
    annotations = []
    for label in labels:
        judgement = label.judgement
        annotation = {"result": _results([_claim(claim, item.start, names) for claim in judgement.claims]),
                      "ground_truth": label.how != "annotator", "was_cancelled": False}
        if mode == "all":
            annotation["lead_time"] = judgement.seconds_spent
        annotations.append(annotation)
    if mode == "all":  # Label Studio's completed_by is one of its own users: the names go with the data
        data["annotators"] = [label.judgement.who for label in labels]
    task = {"data": data, "annotations": annotations}
    if item.suggestion is not None:
        probability, stance, version = item.suggestion
        task["predictions"] = [{"model_version": str(version), "score": probability, "result": [
            {"id": "suggestion", "from_name": "has_claim", "to_name": "text", "type": "choices",
             "value": {"choices": [(stance or "claim") if probability >= 0.5 else NO_CLAIM]}}]}]
    return task


def labelstudio_config(*, stances: list[str], certainties: list[str], actors: list[str]) -> str:
    """The Label Studio labelling configuration (XML) that shows the exported tasks' regions and choices."""
    def choices(name: str, values: list[str], per_region: bool = True) -> str:
        inner = "".join(f"\n    <Choice value={quoteattr(value)}/>" for value in values)
        region = ' perRegion="true"' if per_region else ""
        return f'  <Choices name="{name}" toName="text"{region} choice="single">{inner}\n  </Choices>'

    span_labels = "".join(f"\n    <Label value={quoteattr(value)}/>" for value in [*stances, "claim"])
    return "\n".join([
        "<View>",
        '  <Text name="text" value="$text"/>',
        f'  <Labels name="claim" toName="text">{span_labels}\n  </Labels>',
        choices("has_claim", [NO_CLAIM], per_region=False),
        choices("certainty", certainties),
        choices("subject", actors),
        choices("target", actors),
        choices("claimant", [OUTLET, *actors]),
        '  <TextArea name="claimant_name" toName="text" perRegion="true" maxSubmissions="1"/>',
        "</View>",
        "",
    ])
