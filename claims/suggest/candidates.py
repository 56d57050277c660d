"""Claim candidates of a sentence: spans, subject/target pairs among the actors it mentions, claimant.

No model here: only the sentence's wording (claims.suggest.wording) and its actor mentions. Every
ordered pair of mentioned actors is a candidate (the subject usually comes first), and so is each
actor alone (a claim without a target has no stance). The claim's span is the content of the
sentence (what is said, without "X said"), or, where the content has contrasting parts ("praised
A but condemned B"), the part that names the target: one sentence can hold pairs with different
stances, and each pair's stance is read from its own part.
"""

import math
import re
from dataclasses import dataclass

from claims.suggest.wording import Wording, read_wording

# Pairs grow with the square of the actors named; sentences naming more are rare and their later
# actors seldom a subject.
MAX_ACTORS = 4
MAX_CANDIDATES = 8
_CONTRAST = re.compile(r";\s+|,?\s+(?:but|while|whereas|although|though|yet)\s+|,\s+and\s+(?=[a-z]+ed\b)")

# How plausible each kind of candidate is before any label: written down from how news sentences
# are built (the first-named actor is usually the subject), measured on the labelled fixture
# (bench/suggest.py --curve) and refined by the pair head once there are labels.
PAIR_PRIOR = {"first": 0.75, "forward": 0.45, "reverse": 0.2, "speaker": 0.35, "alone": 0.85,
              "alone_first": 0.3, "alone_other": 0.15}
PAIR_KINDS = ("first", "forward", "reverse", "speaker", "alone", "alone_first", "alone_other")


@dataclass(frozen=True)
class Mention:
    """An actor named in the sentence, offsets relative to the sentence."""

    actor: int
    start: int
    end: int


@dataclass(frozen=True)
class Candidate:
    """A possible claim: its span, subject and target (with where they are named), and claimant."""

    start: int
    end: int
    subject: Mention
    target: Mention | None
    claimant: int | None
    claimant_is_outlet: bool
    kind: str  # a PAIR_PRIOR key

    @property
    def prior_logit(self) -> float:
        p = PAIR_PRIOR[self.kind]
        return math.log(p / (1 - p))

    def features(self, actor_count: int) -> list[float]:
        """Pair indicators for the learned pair head."""
        return [float(self.kind == kind) for kind in PAIR_KINDS] + [
            float(self.claimant == self.subject.actor), min(actor_count, MAX_ACTORS) / MAX_ACTORS
        ]


PAIR_FEATURES = len(PAIR_KINDS) + 2


@dataclass(frozen=True)
class Reading:
    """A sentence read for claims: its wording, distinct actors, and candidates (best prior first)."""

    wording: Wording
    actor_count: int
    candidates: list[Candidate]

    def features(self) -> list[float]:
        """Sentence-level indicators for the has-claim head: wording cues and how many actors."""
        counts = [float(self.actor_count == n) for n in (0, 1, 2)] + [float(self.actor_count >= 3)]
        return self.wording.features() + counts

    @property
    def has_claim_prior_logit(self) -> float:
        """Cold start: a claim needs an actor; an attribution, denial or hedge makes one likelier."""
        cue = self.wording.certainty != "asserted"
        return -2.0 + 2.2 * (self.actor_count >= 1) + 0.6 * (self.actor_count >= 2) + 1.2 * cue


SENTENCE_FEATURES = 8


def read_sentence(text: str, mentions: list[Mention]) -> Reading:
    """The candidates of one sentence, from its wording and its actor mentions."""
    wording = read_wording(text)
    mentions = sorted(mentions, key=lambda m: m.start)
    speaker = _speaker(wording, mentions)
    claimant = speaker.actor if speaker else None
    outlet = wording.speaker is None
    content = [m for m in mentions if wording.content[0] <= m.start and m.end <= wording.content[1]]
    actors = _first_mentions(content)[:MAX_ACTORS]
    if not actors and speaker:
        actors = [speaker]  # "Ostrane denied that it had built a dam": the speaker is the subject
    parts = _parts(text, wording.content)
    candidates = []

    def add(subject: Mention, target: Mention | None, kind: str) -> None:
        start, end = _span_for(parts, target) if target else wording.content
        candidates.append(Candidate(start, end, subject, target, claimant, outlet, kind))

    for i, subject in enumerate(actors):
        for target in actors[i + 1:]:
            add(subject, target, "first" if i == 0 else "forward")
            add(target, subject, "reverse")
    if speaker and speaker.actor not in {m.actor for m in actors}:
        for target in actors:
            add(speaker, target, "speaker")
    for i, subject in enumerate(actors):
        add(subject, None, "alone" if len(actors) == 1 else "alone_first" if i == 0 else "alone_other")
    candidates.sort(key=lambda c: -PAIR_PRIOR[c.kind])
    distinct = len({m.actor for m in mentions})
    return Reading(wording=wording, actor_count=distinct, candidates=candidates[:MAX_CANDIDATES])


def _speaker(wording: Wording, mentions: list[Mention]) -> Mention | None:
    if wording.speaker is None:
        return None
    start, end = wording.speaker
    return next((m for m in mentions if start <= m.start and m.end <= end), None)


def _first_mentions(mentions: list[Mention]) -> list[Mention]:
    seen, first = set(), []
    for mention in mentions:
        if mention.actor not in seen:
            seen.add(mention.actor)
            first.append(mention)
    return first


def _parts(text: str, content: tuple[int, int]) -> list[tuple[int, int]]:
    """The content split at contrasts ("..., but ...", "; "), as spans."""
    start, end = content
    parts, at = [], start
    for found in _CONTRAST.finditer(text, start, end):
        if found.start() > at:
            parts.append((at, found.start()))
        at = found.end()
    parts.append((at, end))
    return parts


def _span_for(parts: list[tuple[int, int]], target: Mention) -> tuple[int, int]:
    if len(parts) == 1:
        return parts[0]
    return next((p for p in parts if p[0] <= target.start < p[1]), (parts[0][0], parts[-1][1]))
