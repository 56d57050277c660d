"""Promotion: record a trained version, and make it live only if it beats the live one on the same held-out items.

A candidate's heads are fitted on an encoder's embeddings of the training sources
(claims.suggest.training); then the new heads, the live version, the cold start and the majority
baseline are all measured on the held-out sources. The new version goes live only if its score
(the mean held-out macro-F1 of has-claim, stance and certainty) beats the live version's; its
weights are written under MEDIA_ROOT, and the weights of whichever version is not live are
deleted. Heads versions (heads_version) and fine-tuned ones (claims.suggest.finetune) are both
promoted through `candidate`.
"""

import logging
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import transaction

from claims.models import ModelVersion
from claims.models.suggest import ModelKind, ModelStatus
from claims.suggest.encoder import Encoder, load_encoder
from claims.suggest.errors import SuggestError
from claims.suggest.evaluation import mean_macro_f1
from claims.suggest.heads import Heads
from claims.suggest.label_set import LabelSet
from claims.suggest.training import HeadData, TrainingSet, baselines, encode_labels, measure, train_heads
from claims.suggest.versions import encoder_name, heads_for, remove_weights, retire_weights, weights_file

logger = logging.getLogger(__name__)


def heads_version(ts: TrainingSet, *, note: str = "", extra: dict | None = None) -> ModelVersion:
    """Fit the heads on the base encoder's embeddings; the version goes live only if it beats the live one."""

    def store(version: ModelVersion, heads: Heads) -> Path:
        written = weights_file(version)
        heads.save(written)
        return written

    return candidate(ts, kind=ModelKind.HEADS, encoder=ts.encoder, examples=ts.examples, started=ts.started,
                     store=store, extra=extra or {}, note=note)


def candidate(ts: TrainingSet, *, kind: str, encoder: Encoder, examples: dict[str, HeadData], started: float,
              store: Callable[[ModelVersion, Heads], Path], extra: dict, note: str = "") -> ModelVersion:
    """Fit the heads on an encoder's embeddings of the training sources, measure them, the live version, the
    cold start and the baseline on the held-out ones, and record the version (live only if it beats the live one)."""
    labels, train, heldout, data = ts.labels, ts.train, ts.heldout, ts.data
    cold = ts.cold if encoder is ts.encoder else Heads(labels, encoder.embed(list(labels.descriptions)).sentences)
    learnt, penalties = train_heads(examples, train, cold)
    new = Heads(labels, cold.description_embeddings, learnt)
    measured = measure(new, examples, heldout)
    live = ModelVersion.objects.for_project(ts.project).live().first()
    live_measured = _measure_live(live, ts)
    score, live_score = mean_macro_f1(measured), mean_macro_f1(live_measured) if live_measured else None
    baseline = baselines(ts.examples, train, heldout, labels)
    version = ModelVersion(
        project=ts.project, kind=kind, base_model=ts.base_model, labelled_claims=ts.claims,
        train_size=sum(item.source_id in train for item in data),
        heldout_size=sum(item.source_id in heldout for item in data),
        trained_on={
            "labels": labels.as_dict(), "heldout_sources": sorted(heldout),
            "origins": {o: sum(item.origin == o for item in data) for o in ("adjudicated", "majority", "single")},
            "examples": {head: {"train": len(e.rows(train).answers), "heldout": len(e.rows(heldout).answers)}
                         for head, e in examples.items()},
            "penalties": penalties, **extra,
        },
        metrics={
            "score": score, "heads": measured, "baseline": baseline, "baseline_score": mean_macro_f1(baseline),
            "cold_start": {"score": mean_macro_f1(ts.cold_measured), "heads": ts.cold_measured},
            "live": {"version": live.id, "score": live_score, "heads": live_measured} if live else None,
        },
    )
    version.duration_seconds = round(time.perf_counter() - started, 2)
    return _record(version, new, live, live_score is None or score > live_score, score, live_score, store, note)


def _measure_live(live: ModelVersion | None, ts: TrainingSet) -> dict | None:
    """The live version's reports on the same held-out items (re-encoded if it uses another encoder)."""
    if live is None:
        return None
    if live.kind == ModelKind.COLD_START and live.base_model == ts.encoder.name:
        return ts.cold_measured if LabelSet.from_dict(live.trained_on["labels"]) == ts.labels else {}
    try:
        live_heads = heads_for(live)
    except SuggestError:
        return {}  # its weights are gone: anything measurable beats it
    if live_heads.labels != ts.labels:
        return {}  # the scheme changed since it was trained: it cannot answer in the current labels
    examples = ts.examples
    if (name := encoder_name(live)) != ts.encoder.name:
        held = [item for item in ts.data if item.source_id in ts.heldout]
        examples = encode_labels(load_encoder(name), ts.labels, held)
    return measure(live_heads, examples, ts.heldout)


def _record(version: ModelVersion, heads: Heads, live: ModelVersion | None, promote: bool, score: float,
            live_score: float | None, store: Callable[[ModelVersion, Heads], Path], note: str) -> ModelVersion:
    """Store the version (and, if it goes live, its weights); nothing is left behind on failure."""
    if promote:
        version.note = ("first trained version" if live_score is None else
                        f"live: held-out score {score:.3f} beats v{live.id}'s {live_score:.3f}")
    else:
        version.note = f"not promoted: held-out score {score:.3f} does not beat v{live.id}'s {live_score:.3f}"
    version.note = "; ".join(filter(None, [version.note, note]))
    version.status = ModelStatus.LIVE if promote else ModelStatus.RETIRED
    written: Path | None = None
    try:
        with transaction.atomic():
            if promote and live is not None:
                # Lock the live row: two runs finishing at once must not both replace it.
                ModelVersion.objects.select_for_update().filter(id=live.id).update(status=ModelStatus.RETIRED)
            version.save()
            if promote:
                written = store(version, heads)
                version.weights_path = str(written.relative_to(settings.MEDIA_ROOT))
                version.save(update_fields=["weights_path"])
                if live is not None:
                    retire_weights(live)
    except Exception:
        if written:
            remove_weights(written)
        raise
    logger.info("project %s: v%s (%s): %s", version.project_id, version.id, version.kind, version.note)
    return version
