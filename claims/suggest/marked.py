"""A claim the annotator marked, checked before it is scored (request side: no numerical imports).

`POST /api/projects/{id}/suggestions/score/` asks the live model for the stance and certainty of
exactly the span and pair the annotator marked (claims.suggest.score_marked does the scoring). This
module checks what was sent against the project, so that the model never sees a sentence, span or
actor the annotator could not have marked: a sentence of another project answers 404, a span
outside the sentence or an actor of another project 400, and nothing is written either way.
"""

from dataclasses import dataclass

from claims.errors import Problem, ServiceError
from claims.models import Actor, ActorMention, Project, Sentence
from claims.models.corpus import SentenceKind


@dataclass(frozen=True)
class MarkedClaim:
    """A marked claim with the sentence it is in; offsets relative to the sentence."""

    sentence_id: int
    text: str
    offset: int  # the sentence's start in its source
    mentions: tuple[tuple[int, int, int], ...]  # (actor, start, end), relative
    start: int
    end: int
    subject: int
    target: int | None
    claimant: int | None
    claimant_is_outlet: bool


def marked_claim(*, project: Project, sentence_id: int, start: int, end: int, subject: int, target: int | None,
                 claimant: int | None, claimant_is_outlet: bool) -> MarkedClaim:
    """The marked claim, checked against the project; ServiceError (404 sentence, 400 span or actors) if not."""
    sentence = Sentence.objects.filter(project=project, id=sentence_id).values_list("text", "start", "end",
                                                                                     "kind").first()
    if sentence is None:
        raise ServiceError.not_found(f"no sentence {sentence_id} in this project", field="sentence")
    text, offset, sentence_end, kind = sentence
    problems = []
    if kind != SentenceKind.BODY:
        problems.append(Problem("sentence", f"sentence {sentence_id} is a {kind} segment: claims are marked in "
                                            "body sentences only"))
    if not (offset <= start < end <= sentence_end):
        problems.append(Problem("end" if offset <= start < sentence_end else "start",
                                f"the span {start}-{end} is not inside the sentence ({offset}-{sentence_end}; "
                                "offsets are into the source text, start before end)"))
    actors = {subject, target, claimant} - {None}
    known = set(Actor.objects.filter(project=project, id__in=actors).values_list("id", flat=True))
    for field, actor in (("subject", subject), ("target", target), ("claimant", claimant)):
        if actor is not None and actor not in known:
            problems.append(Problem(field, f"no actor {actor} in this project"))
    if target is not None and target == subject:
        problems.append(Problem("target", "the target must differ from the subject"))
    if problems:
        raise ServiceError(problems)
    mentions = ActorMention.objects.filter(sentence_id=sentence_id).values_list("actor_id", "start", "end")
    return MarkedClaim(sentence_id, text, offset, tuple((a, s - offset, e - offset) for a, s, e in mentions),
                       start - offset, end - offset, subject, target, claimant, claimant_is_outlet)
