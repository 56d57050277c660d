"""Scoring sentences with a model version: candidates, one forward pass, the four heads, the suggestion.

`Scorer.prepare` (reading the sentences, tokenising; thread-safe, no model) and `Scorer.score` (the
forward pass and the heads) are separate so that batch inference can prepare the next batches in
threads while the model runs. The feature builders are shared with training, so a head sees the
same inputs when it learns and when it predicts.
"""

from dataclasses import dataclass

import numpy as np

from claims.suggest.candidates import Candidate, Mention, Reading, read_sentence
from claims.suggest.encoder import Encoded, Encoder, TokenBatch
from claims.suggest.heads import Heads


@dataclass(frozen=True)
class SentenceInput:
    """A body sentence to score: its text, where it starts in its source, and the actors it names."""

    id: int
    text: str
    start: int
    mentions: tuple[Mention, ...]
    inputs: str = ""  # the fingerprint of what it is scored from (claims.suggest.freshness)


@dataclass(frozen=True)
class Scored:
    """One suggestion row, ready to store."""

    sentence_id: int
    has_claim: float
    claims: list[dict]
    label: str
    uncertainty: float
    embedding: bytes
    inputs: str = ""


@dataclass
class Prepared:
    """A batch read and tokenised: what the forward pass needs, and which pooled span is whose."""

    sentences: list[SentenceInput]
    readings: list[Reading]
    tokens: TokenBatch
    spans: list[tuple[int, int, int]]  # (row, start, end) to pool
    # Per sentence, per candidate: indices into spans of (claim span, subject mention, target mention or -1).
    slots: list[list[tuple[int, int, int]]]


def sentence_features(embeddings: np.ndarray, readings: list[Reading]) -> np.ndarray:
    """Has-claim head inputs: the sentence embedding (scaled to unit variance per dimension) and cues."""
    scale = np.sqrt(embeddings.shape[1])
    return np.hstack([embeddings * scale, np.array([r.features() for r in readings], dtype=np.float32)])


def pair_features(cue_rows: list[list[float]], subjects: np.ndarray, targets: np.ndarray) -> np.ndarray:
    scale = np.sqrt(subjects.shape[1])
    return np.hstack([np.array(cue_rows, dtype=np.float32).reshape(len(subjects), -1),
                      subjects * scale, targets * scale])


def stance_features(spans: np.ndarray, subjects: np.ndarray, targets: np.ndarray) -> np.ndarray:
    scale = np.sqrt(spans.shape[1])
    return np.hstack([spans, subjects, targets]) * scale


def certainty_features(spans: np.ndarray, cue_rows: list[list[float]]) -> np.ndarray:
    scale = np.sqrt(spans.shape[1])
    return np.hstack([spans * scale, np.array(cue_rows, dtype=np.float32).reshape(len(spans), -1)])


class SpanIndex:
    """Collects the character spans a batch needs pooled, each once."""

    def __init__(self):
        self.spans: list[tuple[int, int, int]] = []
        self._seen: dict[tuple[int, int, int], int] = {}

    def add(self, row: int, start: int, end: int) -> int:
        key = (row, start, end)
        if key not in self._seen:
            self._seen[key] = len(self.spans)
            self.spans.append(key)
        return self._seen[key]


class Scorer:
    """A model version ready to score sentences: its encoder and its heads."""

    def __init__(self, encoder: Encoder, heads: Heads):
        self.encoder = encoder
        self.heads = heads

    def prepare(self, sentences: list[SentenceInput]) -> Prepared:
        """Read and tokenise a batch (no model; safe to run in threads)."""
        readings = [read_sentence(s.text, list(s.mentions)) for s in sentences]
        index = SpanIndex()
        slots = []
        for row, reading in enumerate(readings):
            slots.append([
                (index.add(row, c.start, c.end), index.add(row, c.subject.start, c.subject.end),
                 index.add(row, c.target.start, c.target.end) if c.target else -1)
                for c in reading.candidates
            ])
        tokens = self.encoder.tokenize([s.text for s in sentences])
        return Prepared(sentences, readings, tokens, index.spans, slots)

    def score(self, batch: Prepared) -> list[Scored]:
        """The forward pass and the heads: one suggestion per sentence, candidates best first."""
        return self.suggest(batch, self.encode(batch))

    def encode(self, batch: Prepared) -> Encoded:
        """The forward pass: sentence embeddings and every pooled span the candidates need."""
        return self.encoder.encode(batch.tokens, batch.spans)

    def suggest(self, batch: Prepared, encoded: Encoded) -> list[Scored]:
        """The heads over one encoded batch: one suggestion per sentence, candidates best first."""
        heads = self.heads
        has_claim = heads.apply("has_claim", np.array([[r.has_claim_prior_logit] for r in batch.readings]),
                                sentence_features(encoded.sentences, batch.readings))
        flat = [(row, c, slot) for row, reading in enumerate(batch.readings)
                for c, slot in zip(reading.candidates, batch.slots[row], strict=True)]
        probabilities = self._candidates(batch, encoded.spans, flat)
        per_sentence: list[list[dict]] = [[] for _ in batch.sentences]
        for (row, candidate, _), (pair, stance, certainty) in zip(flat, probabilities, strict=True):
            per_sentence[row].append(self._claim(batch.sentences[row], candidate, has_claim[row] * pair,
                                                 stance, certainty))
        embeddings = encoded.sentences.astype(np.float16)
        scored = []
        for row, sentence in enumerate(batch.sentences):
            claims = sorted(per_sentence[row], key=lambda c: -c["score"])
            best_stance = claims[0]["stance"] if claims else {}
            scored.append(Scored(
                sentence_id=sentence.id,
                has_claim=round(float(has_claim[row]), 4),
                claims=claims,
                label=max(best_stance, key=best_stance.get) if best_stance else "",
                uncertainty=round(uncertainty(float(has_claim[row]), best_stance), 4),
                embedding=embeddings[row].tobytes(),
                inputs=sentence.inputs,
            ))
        return scored

    def _candidates(self, batch: Prepared, spans: np.ndarray, flat: list) -> list[tuple]:
        """Pair, stance and certainty probabilities of every candidate in the batch."""
        if not flat:
            return []
        heads, dim = self.heads, spans.shape[1]
        zero = np.zeros(dim, dtype=np.float32)
        span = np.stack([spans[s] for _, _, (s, _, _) in flat])
        subject = np.stack([spans[s] for _, _, (_, s, _) in flat])
        target = np.stack([spans[t] if t >= 0 else zero for _, _, (_, _, t) in flat])
        actor_counts = [batch.readings[row].actor_count for row, _, _ in flat]
        pair = heads.apply(
            "pair", np.array([[c.prior_logit] for _, c, _ in flat]),
            pair_features([c.features(n) for (_, c, _), n in zip(flat, actor_counts, strict=True)], subject, target),
        )
        with_target = [i for i, (_, c, _) in enumerate(flat) if c.target is not None]
        stance = np.zeros((len(flat), len(heads.labels.stance)))
        if with_target:
            stance[with_target] = heads.apply("stance", heads.stance_prior(span[with_target]),
                                              stance_features(span[with_target], subject[with_target],
                                                              target[with_target]))
        cues = [batch.readings[row].wording for row, _, _ in flat]
        certainty = heads.apply("certainty", np.stack([heads.labels.certainty_prior(w.certainty) for w in cues]),
                                certainty_features(span, [w.features() for w in cues]))
        return [(float(pair[i]), stance[i] if flat[i][1].target is not None else None, certainty[i])
                for i in range(len(flat))]

    def _claim(self, sentence: SentenceInput, c: Candidate, score: float, stance, certainty) -> dict:
        labels = self.heads.labels
        return {
            "start": sentence.start + c.start,
            "end": sentence.start + c.end,
            "subject": c.subject.actor,
            "target": c.target.actor if c.target else None,
            "claimant": c.claimant,
            "claimant_is_outlet": c.claimant_is_outlet,
            "stance": {} if stance is None else {k: round(float(p), 4) for k, p in zip(labels.stance, stance,
                                                                                          strict=True)},
            "certainty": {k: round(float(p), 4) for k, p in zip(labels.certainty, certainty, strict=True)},
            "score": round(float(score), 4),
        }


def uncertainty(has_claim: float, stance: dict) -> float:
    """1 − the smallest margin between the two likeliest answers (has a claim or not; the best stance)."""
    margins = [abs(2 * has_claim - 1)]
    if len(stance) >= 2:
        top, second = sorted(stance.values(), reverse=True)[:2]
        margins.append(top - second)
    return 1.0 - min(margins)
