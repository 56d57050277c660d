"""Model versions: the live one (a cold start until labels beat it), their encoder and heads, their weights on disk.

A heads version's weights are one safetensors file; a fine-tuned version's are a folder holding its
encoder (save_pretrained) and its heads (heads.safetensors).
"""

import functools
import shutil
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

from claims.models import ModelVersion, Project
from claims.models.suggest import ModelKind, ModelStatus
from claims.suggest.base_model import check_base_model, resolve_base_model
from claims.suggest.encoder import load_encoder
from claims.suggest.errors import SuggestError
from claims.suggest.heads import Heads
from claims.suggest.label_set import LabelSet

HEADS_FILE = "heads.safetensors"  # a fine-tuned version's heads, beside its encoder in its folder


def live_version(*, project: Project) -> ModelVersion:
    """The project's live version; a cold-start version is made live if it has none yet."""
    live = ModelVersion.objects.for_project(project).live().first()
    if live is not None:
        return live
    labels = LabelSet.of_scheme(project.label_scheme)
    base_model = resolve_base_model(project.base_model)
    check_base_model(base_model)
    try:
        with transaction.atomic():
            return ModelVersion.objects.create(
                project=project, kind=ModelKind.COLD_START, status=ModelStatus.LIVE, base_model=base_model,
                trained_on={"labels": labels.as_dict()}, note="cold start: no labels used",
            )
    except IntegrityError:
        # Another worker made one first (one live version per project).
        return ModelVersion.objects.for_project(project).live().get()


@functools.lru_cache(maxsize=8)
def _heads(version_id: int, encoder: str, heads_file: str, labels: tuple) -> Heads:
    label_set = LabelSet(*labels)
    descriptions = load_encoder(encoder).embed(list(label_set.descriptions)).sentences
    learnt = Heads.load_learnt(Path(heads_file)) if heads_file else {}
    return Heads(label_set, descriptions, learnt)


def encoder_name(version: ModelVersion) -> str:
    """The encoder a version scores with: its own folder if fine-tuned, else its base model."""
    if version.kind == ModelKind.FINETUNED:
        return str(Path(settings.MEDIA_ROOT) / version.weights_path)
    return version.base_model


def heads_for(version: ModelVersion) -> Heads:
    """The version's heads, loaded once per process (versions never change once stored)."""
    labels = LabelSet.from_dict(version.trained_on["labels"])
    if version.kind != ModelKind.COLD_START and not version.weights_path:
        raise SuggestError(f"model version {version.id} has no weights (it is not live)")
    heads_file = ""
    if version.weights_path:
        heads_file = str(Path(settings.MEDIA_ROOT) / version.weights_path)
        if version.kind == ModelKind.FINETUNED:
            heads_file = str(Path(heads_file) / HEADS_FILE)
    return _heads(version.id, encoder_name(version), heads_file,
                  (labels.stance, labels.descriptions, labels.certainty))


def models_folder(project_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "models" / str(project_id)


def weights_file(version: ModelVersion) -> Path:
    return models_folder(version.project_id) / f"v{version.id}.safetensors"


def weights_folder(version: ModelVersion) -> Path:
    """Where a fine-tuned version's encoder and heads go."""
    return models_folder(version.project_id) / f"v{version.id}"


def remove_weights(path: Path) -> None:
    """Delete a weights file or folder, if it is there."""
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def retire_weights(version: ModelVersion) -> None:
    """Forget a superseded version's weights; the file (or folder) goes once the retirement commits."""
    if not version.weights_path:
        return
    path = Path(settings.MEDIA_ROOT) / version.weights_path
    ModelVersion.objects.filter(id=version.id).update(weights_path="")
    transaction.on_commit(lambda: remove_weights(path))
