"""The labelled items of a project, streamed: each sentence with its annotations, claims and adjudication.

Four (five with suggestions) server-side cursors, each ordered by sentence id, are merged in
Python one sentence at a time: memory holds one sentence's labels and a cursor chunk per stream,
however large the project. They must run inside a transaction (the service opens one), or Django
would make them WITH HOLD cursors that PostgreSQL materialises in full first.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from claims.models import Adjudication, Annotation, Claim, Project, Sentence, Suggestion
from claims.models.suggest import ModelStatus

CHUNK = 5000


@dataclass(frozen=True, slots=True)
class ClaimLabel:
    """One marked claim, as the export reads it (offsets into the source text)."""

    id: int
    start: int
    end: int
    text: str
    proposition_id: int | None
    claimant_id: int | None
    claimant_is_outlet: bool
    claimant_name: str
    subject_id: int | None
    target_id: int | None
    stance: str
    certainty: str

    @property
    def key(self) -> tuple:
        """What two annotators must both have marked to agree on this claim (not the claim's id or text)."""
        return (self.start, self.end, self.subject_id, self.target_id, self.stance, self.certainty,
                self.claimant_id, self.claimant_name, self.claimant_is_outlet)


@dataclass(slots=True)
class Judgement:
    """An annotator's annotation or an editor's adjudication of one sentence, with its claims."""

    id: int
    who: str
    who_id: int | None
    claims: list[ClaimLabel] = field(default_factory=list)
    seconds_spent: int | None = None
    suggestion_outcome: str = ""
    suggestion_model_version: int | None = None
    resolution: str = ""

    @property
    def reading(self) -> tuple:
        """The whole judgement as one comparable value: annotators agree on an item when these are equal."""
        return tuple(sorted(claim.key for claim in self.claims))


@dataclass(slots=True)
class Item:
    """One labelled sentence, its source's metadata, and everything said about it."""

    sentence_id: int
    text: str
    start: int
    source: dict
    content_hash: str
    annotations: list[Judgement]
    adjudication: Judgement | None
    suggestion: dict | None = None


def labelled_sentences(project: Project):
    """The project's sentences that an annotator or an editor has judged."""
    return Sentence.objects.filter(project=project).filter(
        Q(Exists(Annotation.objects.filter(sentence=OuterRef("pk")))) | Q(adjudication__isnull=False)
    )


class _Stream:
    """A cursor of rows ordered by sentence id (first column), read one sentence's rows at a time."""

    def __init__(self, rows: Iterator[tuple]):
        self._rows = rows
        self._next = next(self._rows, None)

    def take(self, sentence_id: int) -> list[tuple]:
        while self._next is not None and self._next[0] < sentence_id:
            self._next = next(self._rows, None)
        taken = []
        while self._next is not None and self._next[0] == sentence_id:
            taken.append(self._next)
            self._next = next(self._rows, None)
        return taken


def _claims_by_owner(rows: list[tuple]) -> tuple[dict[int, list], dict[int, list]]:
    """The sentence's claims, split into those of each annotation and those of each adjudication."""
    of_annotation: dict[int, list] = {}
    of_adjudication: dict[int, list] = {}
    for _, annotation_id, adjudication_id, *fields in rows:
        claim = ClaimLabel(*fields)
        if annotation_id is not None:
            of_annotation.setdefault(annotation_id, []).append(claim)
        else:
            of_adjudication.setdefault(adjudication_id, []).append(claim)
    return of_annotation, of_adjudication


def stream_items(project: Project, *, with_suggestions: bool = False) -> Iterator[Item]:
    """Every judged sentence of the project, in sentence order, with its labels (call inside a transaction)."""
    sentences = labelled_sentences(project).order_by("id").values_list(
        "id", "text", "start", "source_id", "source__title", "source__outlet", "source__author",
        "source__published", "source__url", "source__content_hash",
    ).iterator(chunk_size=CHUNK)
    annotations = _Stream(Annotation.objects.filter(project=project).order_by("sentence_id", "id").values_list(
        "sentence_id", "id", "annotator__username", "annotator_id", "seconds_spent", "suggestion_outcome",
        "suggestion__model_version_id",
    ).iterator(chunk_size=CHUNK))
    claims = _Stream(Claim.objects.filter(sentence__project=project).order_by("sentence_id", "start", "id").values_list(
        "sentence_id", "annotation_id", "adjudication_id", "id", "start", "end", "text", "proposition_id",
        "claimant_id", "claimant_is_outlet", "claimant_name", "subject_id", "target_id", "stance", "certainty",
    ).iterator(chunk_size=CHUNK))
    adjudications = _Stream(Adjudication.objects.filter(project=project).order_by("sentence_id").values_list(
        "sentence_id", "id", "editor__username", "editor_id", "resolution",
    ).iterator(chunk_size=CHUNK))
    suggestions = _Stream(Suggestion.objects.filter(
        model_version__project=project, model_version__status=ModelStatus.LIVE,
    ).order_by("sentence_id").values_list("sentence_id", "has_claim", "label", "model_version_id").iterator(
        chunk_size=CHUNK) if with_suggestions else iter(()))
    for sentence_id, text, start, source_id, title, outlet, author, published, url, content_hash in sentences:
        of_annotation, of_adjudication = _claims_by_owner(claims.take(sentence_id))
        judged = [
            Judgement(id=a_id, who=username, who_id=user_id, claims=of_annotation.get(a_id, []),
                      seconds_spent=seconds, suggestion_outcome=outcome, suggestion_model_version=version)
            for _, a_id, username, user_id, seconds, outcome, version in annotations.take(sentence_id)
        ]
        adjudication = next((Judgement(id=j_id, who=editor or "", who_id=editor_id, resolution=resolution,
                                       claims=of_adjudication.get(j_id, []))
                             for _, j_id, editor, editor_id, resolution in adjudications.take(sentence_id)), None)
        suggestion = next(({"has_claim": p, "stance": label, "model_version": version}
                           for _, p, label, version in suggestions.take(sentence_id)), None)
        yield Item(
            sentence_id=sentence_id, text=text, start=start, content_hash=content_hash,
            source={"source_id": source_id, "title": title, "outlet": outlet, "author": author,
                    "published": published.isoformat() if published else None, "url": url},
            annotations=judged, adjudication=adjudication, suggestion=suggestion,
        )
