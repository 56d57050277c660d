"""The suggestion model as a folder that loads with transformers: the encoder, the heads beside it, a model card.

    DIR/config.json, model.safetensors, tokenizer files   AutoModel / AutoTokenizer.from_pretrained(DIR)
    DIR/heads.safetensors     the learnt heads (<head>.weight, .bias, .prior_scale) and the stance
                              label descriptions' embeddings (stance.description_embeddings)
    DIR/labels.json           the labels each head predicts, in the heads' order
    DIR/training.json         the version: what it was trained on (its manifest) and its held-out metrics
    DIR/README.md             the model card

A version's training manifest id is the SHA-256 of its training.json "trained_on" part (labels,
held-out sources, example counts, penalties): two versions with the same id learnt from the same data.
"""

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

from claims.errors import Problem
from claims.export.errors import ExportError
from claims.models import ModelVersion, Project
from claims.models.suggest import ModelKind


def chosen_version(project: Project, version: int | None) -> ModelVersion:
    """The version asked for, or the live one; ExportError (404) if the project has no such version with weights."""
    from claims.suggest.versions import live_version

    if version is None:
        return live_version(project=project)
    found = ModelVersion.objects.filter(project=project, id=version).first()
    if found is None:
        raise ExportError.not_found(f"project {project.slug} has no model version {version}")
    if found.kind != ModelKind.COLD_START and not found.weights_path:
        raise ExportError([Problem("version", f"model version {version} has no weights any more (it was retired)")])
    return found


def manifest_id(version: ModelVersion) -> str:
    return hashlib.sha256(json.dumps(version.trained_on, sort_keys=True).encode()).hexdigest()[:16]


def export_model(*, project: Project, out: Path, version: int | None = None,
                 progress: Callable[[int], None] | None = None) -> dict:
    """Write the model version (default: the live one) into the empty folder out; return what training.json holds."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ExportError([Problem("out", f"{out} exists and is not an empty folder")])
    chosen = chosen_version(project, version)
    report = progress or (lambda percent: None)
    out.mkdir(parents=True, exist_ok=True)
    try:
        return _write(chosen, out, report)
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)
        raise


def _write(version: ModelVersion, out: Path, progress: Callable[[int], None]) -> dict:
    import numpy as np
    from safetensors.numpy import save_file
    from transformers import AutoModel, AutoTokenizer

    from claims.suggest.versions import encoder_name, heads_for

    name = encoder_name(version)
    local = Path(name).is_dir()
    AutoTokenizer.from_pretrained(name, local_files_only=local).save_pretrained(out)
    AutoModel.from_pretrained(name, local_files_only=local).save_pretrained(out)
    progress(60)
    heads = heads_for(version)
    tensors = {"stance.description_embeddings": heads.description_embeddings.astype(np.float32)}
    for head, linear in heads.learnt.items():
        tensors |= {f"{head}.weight": linear.weight.astype(np.float32), f"{head}.bias": linear.bias.astype(np.float32),
                    f"{head}.prior_scale": np.array([linear.prior_scale], dtype=np.float32)}
    save_file(tensors, str(out / "heads.safetensors"))
    labels = heads.labels
    (out / "labels.json").write_text(json.dumps({
        "has_claim": ["no_claim", "claim"], "stance": list(labels.stance), "stance_descriptions":
        list(labels.descriptions), "certainty": list(labels.certainty)}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8")
    training = {"project": version.project.slug, "version": version.id, "kind": version.kind,
                "base_model": version.base_model, "created_at": version.created_at.isoformat(timespec="seconds"),
                "labelled_claims": version.labelled_claims, "train_size": version.train_size,
                "heldout_size": version.heldout_size, "manifest_id": manifest_id(version),
                "trained_on": version.trained_on, "metrics": version.metrics}
    (out / "training.json").write_text(json.dumps(training, ensure_ascii=False, indent=1, default=str) + "\n",
                                       encoding="utf-8")
    (out / "README.md").write_text(model_card(version, training), encoding="utf-8")
    progress(95)
    return training


def _figures(metrics: dict) -> list[list]:
    """Per head and label: held-out F1 of the version and of the majority baseline on the same items."""
    rows = []
    for head, report in (metrics.get("heads") or {}).items():
        baseline = (metrics.get("baseline") or {}).get(head) or {}
        rows.append([head, "(macro)", report.get("macro_f1"), baseline.get("macro_f1"), report.get("n")])
        for label, figures in (report.get("labels") or {}).items():
            rows.append([head, label, figures.get("f1"), ((baseline.get("labels") or {}).get(label) or {}).get("f1"),
                         figures.get("support")])
    return rows


def model_card(version: ModelVersion, training: dict) -> str:
    """README.md: what the model is, what it learnt from, how it did on held-out items against the baseline."""
    from claims.export.card import _escape, _table

    labels = version.trained_on.get("labels", {})
    figures = _figures(version.metrics or {})
    lines = [
        f"# Claim and stance suggestion model: {_escape(version.project.name)}, version {version.id}",
        "",
        f"Kind: {version.kind}. Base model: `{version.base_model}`. The encoder loads with "
        "`transformers.AutoModel.from_pretrained(this folder)` and `AutoTokenizer.from_pretrained(this folder)`; "
        "the heads (`heads.safetensors`, labels in `labels.json`) score sentences, subject/target pairs, stance and "
        "certainty from its embeddings: `logits = prior_scale · prior + features · weightᵀ + bias` "
        "(claims/suggest/heads.py).",
        "",
        "## Training data",
        "",
        f"{version.labelled_claims} labelled claims; {version.train_size} training and {version.heldout_size} "
        f"held-out sentences, split by source. Training manifest id `{training['manifest_id']}` "
        "(`training.json`: the held-out sources, example counts and penalties).",
        "",
        "## Held-out figures against the majority baseline",
        "",
        _table(["head", "label", "F1", "baseline F1", "support"],
               [[h, _escape(label), "" if f is None else f, "" if b is None else b, n]
                for h, label, f, b, n in figures]) if figures
        else "None: this version has not been measured (a cold start, before any labels).",
        "",
        "## Label scheme",
        "",
        _table(["head", "label", "description"],
               [["stance", _escape(value), _escape(description)]
                for value, description in zip(labels.get("stance", []), labels.get("descriptions", []), strict=False)]
               + [["certainty", _escape(value), ""] for value in labels.get("certainty", [])]),
        "",
    ]
    return "\n".join(lines)
