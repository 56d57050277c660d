"""Training: learn the heads from the project's labels, measured on held-out sources.

A run reads the labels (claims.suggest.labels), encodes the labelled sentences once, fits each
head on the training sources (its L2 penalty chosen by cross-validation grouped by source), and
measures heads (the cold start's included) and the majority baseline on the held-out sources. Recording the version and
deciding whether it goes live is claims.suggest.promotion's.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from claims.models import Project
from claims.suggest.base_model import check_base_model, resolve_base_model
from claims.suggest.candidates import Mention, read_sentence
from claims.suggest.encoder import Encoder, load_encoder
from claims.suggest.errors import SuggestError
from claims.suggest.evaluation import classification_report, majority_baseline
from claims.suggest.heads import Heads, LinearHead, fit_head, one_thread
from claims.suggest.label_set import MIN_LABELLED_CLAIMS, LabelSet
from claims.suggest.labels import LabelledSentence, held_out_sources, project_labels
from claims.suggest.predict import (
    SpanIndex,
    certainty_features,
    pair_features,
    sentence_features,
    stance_features,
)

PENALTIES = (0.003, 0.03, 0.3, 3.0)
Progress = Callable[[int], None]


@dataclass
class HeadData:
    """One head's examples: prior logits or the raw embeddings it is computed from, features, answers."""

    prior: list = field(default_factory=list)
    features: list = field(default_factory=list)
    answers: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    # Stance only: span embeddings, from which each version computes its own prior.
    spans: list = field(default_factory=list)
    # Pair only: the sentence of each candidate, to find each sentence's likeliest pair.
    sentences: list = field(default_factory=list)

    def rows(self, keep: set[int] | None, drop: set[int] | None = None) -> "HeadData":
        """The examples from sources in keep (or all but drop)."""
        chosen = [i for i, s in enumerate(self.sources) if (keep is None or s in keep) and not (drop and s in drop)]
        part = HeadData()
        for name in ("prior", "features", "answers", "sources", "spans", "sentences"):
            values = getattr(self, name)
            setattr(part, name, [values[i] for i in chosen] if values else [])
        return part


def encode_labels(encoder: Encoder, labels: LabelSet, data: list[LabelledSentence],
                  progress: Progress | None = None, batch_size: int = 32) -> dict[str, HeadData]:
    """The examples of every head from the labelled sentences, one forward pass per sentence."""
    heads = {name: HeadData() for name in ("has_claim", "pair", "stance", "certainty")}
    for first in range(0, len(data), batch_size):
        _encode_batch(encoder, labels, data[first:first + batch_size], heads)
        if progress:
            progress(10 + 50 * min(first + batch_size, len(data)) // len(data))
    return heads


def _encode_batch(encoder: Encoder, labels: LabelSet, batch: list[LabelledSentence], heads: dict) -> None:
    readings = [read_sentence(item.sentence.text, list(item.sentence.mentions)) for item in batch]
    index = SpanIndex()
    wanted = []
    for row, (item, reading) in enumerate(zip(batch, readings, strict=True)):
        gold = []
        for claim in item.claims:
            subject = mention_of(item.sentence.mentions, claim.subject, claim)
            target = mention_of(item.sentence.mentions, claim.target, claim)
            span = index.add(row, claim.start, claim.end)
            gold.append((claim, span, index.add(row, *subject) if subject else span,
                         index.add(row, *target) if target else -1))
        candidates = [(c, index.add(row, c.subject.start, c.subject.end),
                       index.add(row, c.target.start, c.target.end) if c.target else -1) for c in reading.candidates]
        wanted.append((gold, candidates))
    encoded = encoder.encode(encoder.tokenize([item.sentence.text for item in batch]), index.spans)
    spans, zero = encoded.spans, np.zeros(encoded.spans.shape[1], dtype=np.float32)
    sentence_rows = sentence_features(encoded.sentences, readings)
    for row, (item, reading, (gold, candidates)) in enumerate(zip(batch, readings, wanted, strict=True)):
        source = item.source_id
        heads["has_claim"].prior.append([reading.has_claim_prior_logit])
        heads["has_claim"].features.append(sentence_rows[row])
        heads["has_claim"].answers.append(bool(item.claims))
        heads["has_claim"].sources.append(source)
        gold_pairs = {claim.pair for claim in item.claims if claim.subject}
        for candidate, subject, target in candidates if gold_pairs else ():
            heads["pair"].prior.append([candidate.prior_logit])
            heads["pair"].features.append(pair_features([candidate.features(reading.actor_count)], spans[[subject]],
                                                        spans[[target]] if target >= 0 else zero[None])[0])
            pair = (candidate.subject.actor, candidate.target.actor if candidate.target else None)
            heads["pair"].answers.append(pair in gold_pairs)
            heads["pair"].sources.append(source)
            heads["pair"].sentences.append(item.sentence.id)
        for claim, span, subject, target in gold:
            if claim.certainty in labels.certainty:
                heads["certainty"].prior.append(labels.certainty_prior(reading.wording.certainty))
                heads["certainty"].features.append(certainty_features(spans[[span]], [reading.wording.features()])[0])
                heads["certainty"].answers.append(claim.certainty)
                heads["certainty"].sources.append(source)
            if claim.target and claim.stance in labels.stance:
                heads["stance"].spans.append(spans[span])
                heads["stance"].features.append(stance_features(spans[[span]], spans[[subject]],
                                                                spans[[target]] if target >= 0 else spans[[span]])[0])
                heads["stance"].answers.append(claim.stance)
                heads["stance"].sources.append(source)


def mention_of(mentions: tuple[Mention, ...], actor: int | None, claim) -> tuple[int, int] | None:
    """Where the sentence names an actor: inside the claim's span if it can, else its first mention."""
    if actor is None:
        return None
    named = [m for m in mentions if m.actor == actor]
    inside = [m for m in named if claim.start <= m.start and m.end <= claim.end]
    found = (inside or named or [None])[0]
    return (found.start, found.end) if found else None


# ---------------------------------------------------------------------------------------------
# Fitting


def _classes(head: str, labels: LabelSet) -> list:
    return {"has_claim": [False, True], "pair": [False, True], "stance": list(labels.stance),
            "certainty": list(labels.certainty)}[head]


def _prior(head: str, data: HeadData, heads: Heads) -> np.ndarray:
    if head == "stance":
        return heads.stance_prior(np.array(data.spans, dtype=np.float32))
    return np.array(data.prior, dtype=np.float32)


def _answers(head: str, data: HeadData, labels: LabelSet) -> np.ndarray:
    classes = _classes(head, labels)
    return np.array([classes.index(a) for a in data.answers])


def train_heads(examples: dict[str, HeadData], train: set[int], cold: Heads) -> tuple[dict[str, LinearHead], dict]:
    """Fit each head on the training sources, its penalty chosen by grouped cross-validation."""
    learnt, penalties = {}, {}
    with one_thread():
        for head, data in examples.items():
            _train_head(head, data, train, cold, learnt, penalties)
    return learnt, penalties


def _train_head(head: str, data: HeadData, train: set[int], cold: Heads, learnt: dict, penalties: dict) -> None:
    part = data.rows(train)
    answers = _answers(head, part, cold.labels)
    if len(part.answers) < 4 or len(set(answers.tolist())) < 2:
        return  # nothing to learn: the prior stays as it is
    penalty = _choose_penalty(head, part, cold)
    penalties[head] = penalty
    learnt[head] = fit_head(_prior(head, part, cold), np.array(part.features), answers,
                            len(_classes(head, cold.labels)), penalty)


def _choose_penalty(head: str, data: HeadData, cold: Heads) -> float:
    """The penalty with the lowest held-out log-loss over (up to) three folds of whole sources."""
    sources = sorted(set(data.sources))
    folds = [set(sources[i::3]) for i in range(min(3, len(sources)))]
    if len(folds) < 2:
        return 0.1
    losses = {}
    for penalty in PENALTIES:
        total = 0.0
        for fold in folds:
            fit, check = data.rows(None, drop=fold), data.rows(fold)
            if not check.answers or len(set(fit.answers)) < 2:
                continue
            head_fit = fit_head(_prior(head, fit, cold), np.array(fit.features), _answers(head, fit, cold.labels),
                                len(_classes(head, cold.labels)), penalty)
            probabilities = Heads(cold.labels, cold.description_embeddings, {head: head_fit}).apply(
                head, _prior(head, check, cold), np.array(check.features))
            answers = _answers(head, check, cold.labels)
            if probabilities.ndim == 1:
                probabilities = np.stack([1 - probabilities, probabilities], axis=1)
            total -= np.log(np.clip(probabilities[np.arange(len(answers)), answers], 1e-6, 1)).sum()
        losses[penalty] = total
    return min(losses, key=losses.get)


# ---------------------------------------------------------------------------------------------
# Measuring


def measure(heads: Heads, examples: dict[str, HeadData], keep: set[int]) -> dict[str, dict]:
    """Held-out reports of has-claim, stance and certainty, and the pair head's top-1 accuracy."""
    reports = {}
    for head in ("has_claim", "stance", "certainty"):
        part = examples[head].rows(keep)
        classes = [str(c).lower() for c in _classes(head, heads.labels)]
        if not part.answers:
            reports[head] = classification_report([], [], classes)
            continue
        probabilities = heads.apply(head, _prior(head, part, heads), np.array(part.features))
        if head == "has_claim":
            predicted = [str(p >= 0.5).lower() for p in probabilities]
        else:
            predicted = [classes[i] for i in probabilities.argmax(axis=1)]
        reports[head] = classification_report([str(a).lower() for a in part.answers], predicted, classes)
    reports["pair"] = _top_pair(heads, examples["pair"].rows(keep))
    return reports


def _top_pair(heads: Heads, part: HeadData) -> dict:
    """How often a claim-bearing sentence's likeliest candidate is one of its labelled subject/target pairs."""
    if not part.answers:
        return {"top1_accuracy": 0.0, "n": 0}
    probabilities = heads.apply("pair", np.array(part.prior, dtype=np.float32), np.array(part.features))
    best: dict[int, int] = {}
    for row, sentence in enumerate(part.sentences):
        if sentence not in best or probabilities[row] > probabilities[best[sentence]]:
            best[sentence] = row
    hits = sum(bool(part.answers[row]) for row in best.values())
    return {"top1_accuracy": round(hits / len(best), 4), "n": len(best)}


def baselines(examples: dict[str, HeadData], train: set[int], heldout: set[int], labels: LabelSet) -> dict:
    """The majority-class answer of the training sources, scored on the held-out items."""
    reports = {}
    for head in ("has_claim", "stance", "certainty"):
        classes = [str(c).lower() for c in _classes(head, labels)]
        reports[head] = majority_baseline([str(a).lower() for a in examples[head].rows(train).answers],
                                          [str(a).lower() for a in examples[head].rows(heldout).answers], classes)
    return reports


# ---------------------------------------------------------------------------------------------
# What a run trains on


@dataclass
class TrainingSet:
    """A run's labels split by source and, once encoded, the base encoder's examples: what every candidate
    version of the run is fitted and measured on."""

    project: Project
    labels: LabelSet
    data: list[LabelledSentence]
    claims: int
    train: set[int]
    heldout: set[int]
    base_model: str
    encoder: Encoder | None = None
    examples: dict[str, HeadData] = field(default_factory=dict)
    cold: Heads | None = None
    cold_measured: dict = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)

    def encode(self, progress: Progress) -> None:
        """Encode the labelled sentences with the base encoder; measure the cold start on the held-out ones."""
        progress(5)
        self.encoder = load_encoder(self.base_model)
        self.examples = encode_labels(self.encoder, self.labels, self.data, progress)
        self.cold = Heads(self.labels, self.encoder.embed(list(self.labels.descriptions)).sentences)
        self.cold_measured = measure(self.cold, self.examples, self.heldout)


def training_set(*, project: Project) -> TrainingSet:
    """The project's labels and their split by source; SuggestError for a one-label scheme, an unknown base
    model, fewer than MIN_LABELLED_CLAIMS labelled claims or a single source (cheap: no model)."""
    labels = LabelSet.of_scheme(project.label_scheme)
    base_model = resolve_base_model(project.base_model)
    check_base_model(base_model)
    data = project_labels(project=project)
    claims = sum(len(item.claims) for item in data)
    if claims < MIN_LABELLED_CLAIMS:
        raise SuggestError(f"training needs at least {MIN_LABELLED_CLAIMS} labelled claims; this project has "
                           f"{claims}. Label {MIN_LABELLED_CLAIMS - claims} more and train again.")
    heldout = held_out_sources(project_id=project.id, source_ids={item.source_id for item in data})
    if not heldout:
        raise SuggestError("training needs labelled sentences from at least two sources (one is held out)")
    return TrainingSet(project, labels, data, claims, {item.source_id for item in data} - heldout, heldout, base_model)
