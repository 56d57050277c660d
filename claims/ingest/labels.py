"""Labels that come with imported records: doccano and Label Studio records read back as annotations.

The reader (`read_labels`) never touches the database: it turns a record's labels into claims with
offsets into the record's text and actor names. The import service (`store_labels`) then stores
them, after the record's sentences, as the importing user's annotations through the annotation
service (the same checks as the workspace). The record itself stays in the source's metadata as
it came, so nothing of it is lost. The formats are those claims.export.tools writes:

- doccano: `entities` (a claim's span, labelled with its stance or `claim`; `actor` spans) and
  `relations` (`subject`, `target`, `claimant` from a claim to an actor span); `claims`, where
  present, fills in what doccano cannot show, matched by span; `label: ["no_claim"]` (or no claim
  span) means the sentence holds no claim.
- Label Studio: the task's first annotation that was not cancelled: `labels` regions (stance or
  `claim`) with per-region `choices` (certainty, subject, target, claimant: an actor or `outlet`)
  and `textarea` (claimant_name).
"""

from collections import defaultdict
from dataclasses import dataclass

NO_CLAIM, OUTLET = "no_claim", "outlet"  # as claims.export.tools writes them


@dataclass(frozen=True)
class LabelledClaim:
    """One claim of an imported record: offsets into the record's text, actors by name."""

    start: int
    end: int
    stance: str = ""
    certainty: str = ""
    subject: str = ""
    target: str = ""
    claimant: str = ""
    claimant_name: str = ""
    claimant_is_outlet: bool = False


def _span_stance(label: object) -> str:
    return "" if label in (None, "claim") else str(label)


def _doccano(record: dict) -> list[LabelledClaim]:
    entities = {e.get("id"): e for e in record.get("entities") or [] if isinstance(e, dict)}
    text = record["text"]
    roles: dict[object, dict[str, str]] = defaultdict(dict)
    for relation in record.get("relations") or []:
        if isinstance(relation, dict) and relation.get("to_id") in entities:
            actor = entities[relation["to_id"]]
            roles[relation.get("from_id")][str(relation.get("type"))] = text[actor["start_offset"]:actor["end_offset"]]
    full = {(c.get("start"), c.get("end")): c for c in record.get("claims") or [] if isinstance(c, dict)}
    claims = []
    for entity_id, entity in entities.items():
        if entity.get("label") == "actor":
            continue
        start, end = int(entity["start_offset"]), int(entity["end_offset"])
        given = full.get((start, end), {})
        found = roles[entity_id]
        claims.append(LabelledClaim(
            start, end, stance=_span_stance(entity.get("label")), certainty=given.get("certainty") or "",
            # An actor placed in the text wins over the record's copy: that is what the tool showed.
            subject=found.get("subject") or given.get("subject") or "",
            target=found.get("target") or given.get("target") or "",
            claimant=found.get("claimant") or given.get("claimant") or "",
            claimant_name=given.get("claimant_name") or "", claimant_is_outlet=bool(given.get("claimant_is_outlet"))))
    return claims


def _label_studio(annotation: dict) -> list[LabelledClaim]:
    regions: dict[str, dict] = {}
    for result in annotation.get("result") or []:
        value = result.get("value") or {}
        if result.get("type") not in ("labels", "choices", "textarea") or "start" not in value:
            continue  # the sentence-level has_claim choice, relations, other tools' results
        region = regions.setdefault(result.get("id"), {"start": value["start"], "end": value["end"]})
        picked = (value.get("labels") or value.get("choices") or value.get("text") or [""])[0]
        region[result.get("from_name")] = picked
    return [LabelledClaim(
        int(r["start"]), int(r["end"]), stance=_span_stance(r.get("claim")), certainty=r.get("certainty", ""),
        subject=r.get("subject", ""), target=r.get("target", ""),
        claimant="" if r.get("claimant") == OUTLET else r.get("claimant", ""),
        claimant_name=r.get("claimant_name", ""), claimant_is_outlet=r.get("claimant") == OUTLET)
        for r in regions.values() if "claim" in r]


def read_labels(record: dict) -> list[LabelledClaim] | None:
    """The claims a doccano or Label Studio record was labelled with ([] for "no claim"), or None if it has no labels.

    Raises ValueError (said so that a user can fix the record) when the labels are malformed.
    """
    try:
        if isinstance(record.get("data"), dict) and isinstance(record.get("annotations"), list):
            done = [a for a in record["annotations"] if isinstance(a, dict) and not a.get("was_cancelled")]
            return _label_studio(done[0]) if done else None
        if isinstance(record.get("entities"), list) or record.get("label") == [NO_CLAIM]:
            return _doccano(record)
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise ValueError(f"its labels cannot be read ({type(error).__name__}: {error})") from None
    return None


def store_labels(*, project, stored: list, labeller) -> tuple[int, list]:
    """Store the labels of the stored articles (source id, PreparedArticle) as labeller's annotations.

    Every body sentence of a labelled record gets an annotation with the claims inside it (none: "no
    claim"). Returns (annotations written, problems); the caller stores nothing if there are problems.
    """
    from claims.annotation.errors import AnnotationRejected
    from claims.annotation.saving import AnnotationInput, ClaimInput, create_annotation
    from claims.ingest.errors import Problem
    from claims.models import Actor, Sentence

    labelled = [(source_id, article) for source_id, article in stored if article.labels is not None]
    if not labelled:
        return 0, []
    if labeller is None:
        return 0, [Problem(labelled[0][1].origin, "holds labels: import it as a user (the web page, the API, or "
                                                  "import_sources --manager USERNAME) to store them as that "
                                                  "user's annotations", None, "labels")]
    actors: dict[str, int] = {}
    for actor_id, name, aliases in Actor.objects.filter(project=project).values_list("id", "name", "aliases"):
        actors.update({form.casefold(): actor_id for form in [*aliases, name]})
    sentences = defaultdict(list)
    for sentence_id, source_id, start, end in Sentence.objects.filter(
            source_id__in=[source_id for source_id, _ in labelled], kind="body").order_by("start").values_list(
            "id", "source_id", "start", "end"):
        sentences[source_id].append((sentence_id, start, end))
    written, problems = 0, []

    def actor(name: str, origin: str) -> int | None:
        if not name:
            return None
        if name.casefold() not in actors:
            problems.append(Problem(origin, f"actor {name!r} is not in the project: add it first", None, "labels"))
        return actors.get(name.casefold())

    for source_id, article in labelled:
        placed = 0
        for sentence_id, start, end in sentences[source_id]:
            inside = [c for c in article.labels if start <= c.start and c.end <= end]
            placed += len(inside)
            claims = tuple(ClaimInput(
                start=c.start, end=c.end, stance=c.stance, certainty=c.certainty,
                subject=actor(c.subject, article.origin), target=actor(c.target, article.origin),
                claimant=actor(c.claimant, article.origin), claimant_name=c.claimant_name,
                claimant_is_outlet=c.claimant_is_outlet) for c in inside)
            if problems:
                continue
            try:
                create_annotation(project=project, annotator=labeller, sentence_id=sentence_id,
                                  data=AnnotationInput(claims=claims))
                written += 1
            except AnnotationRejected as refused:
                problems += [Problem(article.origin, p.message, None, f"labels.{p.field}") for p in refused.problems]
        if placed < len(article.labels):
            problems.append(Problem(article.origin, f"{len(article.labels) - placed} claim(s) are not inside one body "
                                                    "sentence of the text", None, "labels"))
    return written, problems
