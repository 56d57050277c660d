"""Fine-tuned versions: the encoder itself trained on the project's stance labels, then heads on it.

A training run makes one once the project has SUGGEST_FINETUNE_MIN_CLAIMS labelled claims (after
the heads version; claims.suggest.worker.train_versions), on the same split by source, measured on the
same held-out items and promoted by the same rule (claims.suggest.promotion.candidate).

The base encoder (AutoModel, float32, on the worker's device) is trained together with a stance
head that reads exactly what the stance head of claims.suggest.heads reads: the cosine of the claim
span's embedding to each label description over the temperature (the descriptions embedded by the
same encoder as it learns), plus a linear layer on the span, subject and target embeddings pooled
from one pass over the sentence (claims.suggest.encoder.forward, the pass inference makes). The head
starts as the cold start (W = 0, b = 0, scale 1), so the first steps pull the encoder from where the
prior already points. Only the training sources' claims are used; the seeds are fixed; it stops
after SUGGEST_FINETUNE_EPOCHS epochs or SUGGEST_FINETUNE_MAX_SECONDS, whichever comes first, and the
encoder is written with save_pretrained (safetensors) beside its tokenizer. The version's four
heads are then fitted on this encoder's embeddings like a heads version's (claims.suggest.training).
"""

import logging
import math
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings

from claims.models import ModelVersion
from claims.models.suggest import ModelKind
from claims.suggest.encoder import Encoder, forward
from claims.suggest.errors import SuggestError
from claims.suggest.heads import STANCE_TEMPERATURE, Heads
from claims.suggest.label_set import LabelSet
from claims.suggest.labels import LabelledSentence
from claims.suggest.promotion import candidate
from claims.suggest.training import TrainingSet, encode_labels, mention_of
from claims.suggest.versions import HEADS_FILE, models_folder, remove_weights, weights_folder

logger = logging.getLogger(__name__)

SEED = 0
BATCH_SIZE = 16
# The usual range for fine-tuning a small BERT; the head, starting from zero, learns faster.
ENCODER_LEARNING_RATE = 3e-5
HEAD_LEARNING_RATE = 1e-3
WEIGHT_DECAY = 0.01


@dataclass(frozen=True)
class StanceInput:
    """A labelled stance claim as the encoder sees it: its sentence, the claim span, the two mentions."""

    text: str
    span: tuple[int, int]
    subject: tuple[int, int]
    target: tuple[int, int]
    answer: int  # index into LabelSet.stance


@dataclass(frozen=True)
class Budget:
    """How long a fine-tune may run: epochs over the training claims, and seconds of training."""

    epochs: int
    max_seconds: float

    @classmethod
    def from_settings(cls) -> "Budget":
        return cls(epochs=settings.SUGGEST_FINETUNE_EPOCHS, max_seconds=settings.SUGGEST_FINETUNE_MAX_SECONDS)


def stance_inputs(data: list[LabelledSentence], labels: LabelSet, keep: set[int]) -> list[StanceInput]:
    """The stance claims of the sources in keep as text and spans: the mentions the stance head reads."""
    found = []
    for item in data:
        for claim in item.claims if item.source_id in keep else ():
            if claim.target and claim.stance in labels.stance:
                span = (claim.start, claim.end)
                found.append(StanceInput(item.sentence.text, span,
                                         mention_of(item.sentence.mentions, claim.subject, claim) or span,
                                         mention_of(item.sentence.mentions, claim.target, claim) or span,
                                         labels.stance.index(claim.stance)))
    return found


def finetune_skipped(ts: TrainingSet) -> str:
    """Why this run does not fine-tune the encoder ("" when it does)."""
    needed = settings.SUGGEST_FINETUNE_MIN_CLAIMS
    if settings.SUGGEST_FINETUNE_EPOCHS <= 0 or settings.SUGGEST_FINETUNE_MAX_SECONDS <= 0:
        return "no fine-tune: turned off (SUGGEST_FINETUNE_EPOCHS or SUGGEST_FINETUNE_MAX_SECONDS is 0)"
    if ts.claims < needed:
        return f"no fine-tune: {ts.claims} labelled claims, it needs {needed} (SUGGEST_FINETUNE_MIN_CLAIMS)"
    if len({e.answer for e in stance_inputs(ts.data, ts.labels, ts.train)}) < 2:
        return "no fine-tune: the training sources' claims have fewer than two different stances"
    return ""


def finetuned_version(ts: TrainingSet, *, progress: Callable[[int], None] | None = None) -> ModelVersion:
    """Fine-tune the encoder on the training sources, fit the heads on its embeddings and record the version;
    it goes live only if it beats the live one on the same held-out items, and keeps its weights only then."""
    report = progress or (lambda percent: None)
    started = time.perf_counter()
    parent = models_folder(ts.project.id)
    parent.mkdir(parents=True, exist_ok=True)
    for leftover in parent.glob("finetuning-*"):
        remove_weights(leftover)  # from an attempt whose worker died (one training run per project at a time)
    # Written beside its final place, so that going live is a rename; removed in every other case.
    staging = Path(tempfile.mkdtemp(prefix="finetuning-", dir=parent))
    try:
        done = finetune_encoder(encoder=ts.encoder, labels=ts.labels, folder=staging, budget=Budget.from_settings(),
                                examples=stance_inputs(ts.data, ts.labels, ts.train),
                                progress=lambda percent: report(percent * 80 // 100))
        encoder = Encoder(str(staging), str(ts.encoder.device))
        examples = encode_labels(encoder, ts.labels, ts.data)
        report(90)

        def store(version: ModelVersion, heads: Heads) -> Path:
            heads.save(staging / HEADS_FILE)
            folder = weights_folder(version)
            staging.rename(folder)
            return folder

        return candidate(ts, kind=ModelKind.FINETUNED, encoder=encoder, examples=examples, started=started,
                         store=store, extra={"finetune": done})
    finally:
        remove_weights(staging)


def finetune_encoder(*, encoder: Encoder, labels: LabelSet, examples: list[StanceInput], folder: Path,
                     budget: Budget, progress: Callable[[int], None] | None = None) -> dict:
    """Fine-tune a float32 copy of the encoder's model on the examples and save it (and its tokenizer) in folder.

    Returns what was done: examples, epochs and steps run, seconds, and whether the time budget stopped it.
    """
    import torch
    from transformers import AutoModel, AutoTokenizer

    if len({e.answer for e in examples}) < 2:
        raise SuggestError("fine-tuning needs training claims with at least two different stances")
    started = time.perf_counter()
    torch.manual_seed(SEED)
    order = np.random.default_rng(SEED)
    local = Path(encoder.name).expanduser().is_dir()
    model = AutoModel.from_pretrained(encoder.name, local_files_only=local).to(encoder.device, dtype=torch.float32)
    head = _stance_head(model.config.hidden_size, len(labels.stance)).to(encoder.device)
    optimiser = torch.optim.AdamW([
        {"params": model.parameters(), "lr": ENCODER_LEARNING_RATE},
        {"params": head.parameters(), "lr": HEAD_LEARNING_RATE},
    ], weight_decay=WEIGHT_DECAY)
    descriptions = encoder.tokenize(list(labels.descriptions))
    steps_per_epoch = math.ceil(len(examples) / BATCH_SIZE)
    steps, epochs, losses, stopped = 0, 0, [], False
    model.train()
    for epoch in range(budget.epochs):
        permutation = order.permutation(len(examples))
        for first in range(0, len(examples), BATCH_SIZE):
            batch = [examples[i] for i in permutation[first:first + BATCH_SIZE]]
            loss = _step(model, head, encoder, descriptions, batch)
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([*model.parameters(), *head.parameters()], 1.0)
            optimiser.step()
            steps += 1
            losses.append(loss.item())
            if progress:
                progress(100 * steps // (steps_per_epoch * budget.epochs))
            if time.perf_counter() - started > budget.max_seconds:
                stopped = True
                break
        epochs = epoch + 1
        if stopped:
            break
    model.eval()
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder, safe_serialization=True)
    AutoTokenizer.from_pretrained(encoder.name, local_files_only=local).save_pretrained(folder)
    seconds = round(time.perf_counter() - started, 2)
    logger.info("fine-tuned %s on %d stance claims: %d steps in %.1f s", encoder.name, len(examples), steps, seconds)
    return {"examples": len(examples), "epochs": epochs, "steps": steps, "seconds": seconds,
            "stopped_by_time_budget": stopped, "budget": {"epochs": budget.epochs, "max_seconds": budget.max_seconds},
            "first_loss": round(losses[0], 4), "last_loss": round(float(np.mean(losses[-steps_per_epoch:])), 4),
            "batch_size": BATCH_SIZE, "learning_rate": ENCODER_LEARNING_RATE, "seed": SEED}


def _step(model, head, encoder: Encoder, descriptions, batch: list[StanceInput]):
    """The loss of one batch: one pass over its sentences (span, subject, target pooled) and the descriptions."""
    import torch

    tokens = encoder.tokenize([e.text for e in batch])
    spans = [(row, *where) for row, e in enumerate(batch) for where in (e.span, e.subject, e.target)]
    _, pooled = forward(model, tokens, spans, encoder.device)
    described, _ = forward(model, descriptions, [], encoder.device)
    pooled = pooled.reshape(len(batch), 3, -1)
    logits = head(pooled[:, 0], pooled[:, 1], pooled[:, 2], described)
    answers = torch.tensor([e.answer for e in batch], device=encoder.device)
    return torch.nn.functional.cross_entropy(logits, answers)


def _stance_head(hidden: int, labels: int):
    """logits = scale · cos(span, descriptions) / T + W · [span, subject, target] · √H + b, from the cold start.

    The same inputs as claims.suggest.predict.stance_features and Heads.stance_prior.
    """
    import torch

    class StanceHead(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.linear = torch.nn.Linear(3 * hidden, labels)
            torch.nn.init.zeros_(self.linear.weight)
            torch.nn.init.zeros_(self.linear.bias)
            self.scale = torch.nn.Parameter(torch.ones(1))

        def forward(self, spans, subjects, targets, descriptions):
            prior = spans @ descriptions.T / STANCE_TEMPERATURE
            return self.scale * prior + self.linear(torch.cat([spans, subjects, targets], dim=1) * math.sqrt(hidden))

    return StanceHead()
