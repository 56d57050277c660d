"""The project's human labels as training data: gold first, then majority, then single annotations.

Per sentence: the gold review made (claims.review.gold: adjudicated, unanimous or accepted majority)
wins; otherwise, with two or more annotations, the majority
(a sentence holds claims if most annotators marked some; a subject/target pair is kept if most
marked it, with the stance and certainty most of them gave; ties are dropped, not guessed);
otherwise the one annotation there is. The held-out split is by source: no article has sentences
on both sides, so the held-out figures say how the model does on articles it has not seen.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from claims.models import ActorMention, Project, Sentence
from claims.suggest.candidates import Mention
from claims.suggest.predict import SentenceInput
from claims.suggest.resolution import resolve_labels

HELD_OUT_SHARE = 0.25


@dataclass(frozen=True)
class LabelledClaim:
    """A labelled claim, offsets relative to its sentence."""

    start: int
    end: int
    subject: int | None
    target: int | None
    claimant: int | None
    claimant_is_outlet: bool
    stance: str
    certainty: str

    @property
    def pair(self) -> tuple[int | None, int | None]:
        return self.subject, self.target


@dataclass(frozen=True)
class LabelledSentence:
    """A sentence with the claims its labels say it holds, and where those labels came from."""

    sentence: SentenceInput
    source_id: int
    claims: tuple[LabelledClaim, ...]
    origin: str  # gold: adjudicated, unanimous or majority (claims.review.gold); else majority or single


def project_labels(*, project: Project) -> list[LabelledSentence]:
    """Every labelled sentence of the project with its resolved claims (adjudicated > majority > single)."""
    return _with_sentences(resolve_labels(project=project))


def _with_sentences(resolved: dict[int, tuple[list[tuple], str]]) -> list[LabelledSentence]:
    sentences = Sentence.objects.filter(id__in=list(resolved)).order_by("source_id", "index")
    mentions = defaultdict(list)
    for sentence_id, actor_id, start, end in ActorMention.objects.filter(sentence_id__in=list(resolved)).values_list(
        "sentence_id", "actor_id", "start", "end"
    ):
        mentions[sentence_id].append((actor_id, start, end))
    labelled = []
    for sentence_id, source_id, text, offset in sentences.values_list("id", "source_id", "text", "start"):
        claims, origin = resolved[sentence_id]
        labelled.append(LabelledSentence(
            sentence=SentenceInput(sentence_id, text, offset,
                                   tuple(Mention(a, s - offset, e - offset) for a, s, e in mentions[sentence_id])),
            source_id=source_id,
            claims=tuple(LabelledClaim(c[1] - offset, c[2] - offset, *c[3:]) for c in claims),
            origin=origin,
        ))
    return labelled


def held_out_sources(*, project_id: int, source_ids: set[int]) -> set[int]:
    """A quarter of the labelled sources (at least one, never all), the same ones on every run.

    Sources are ranked by a hash of their id, so the held-out set only grows as sources are
    labelled: versions trained at different times are compared on mostly the same articles.
    """
    ranked = sorted(source_ids, key=lambda s: hashlib.sha256(f"{project_id}:{s}".encode()).hexdigest())
    if len(ranked) < 2:
        return set()
    return set(ranked[: min(len(ranked) - 1, max(1, round(len(ranked) * HELD_OUT_SHARE)))])
