"""Model versions: the live one (a cold start until labels beat it), their heads, their weights on disk."""

import functools
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

from claims.models import ModelVersion, Project
from claims.models.suggest import ModelKind, ModelStatus
from claims.suggest.encoder import check_base_model, load_encoder, resolve_base_model
from claims.suggest.errors import SuggestError
from claims.suggest.heads import Heads, LabelSet


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
def _heads(version_id: int, base_model: str, weights_path: str, labels: tuple) -> Heads:
    label_set = LabelSet(*labels)
    descriptions = load_encoder(base_model).embed(list(label_set.descriptions)).sentences
    learnt = Heads.load_learnt(Path(settings.MEDIA_ROOT) / weights_path) if weights_path else {}
    return Heads(label_set, descriptions, learnt)


def heads_for(version: ModelVersion) -> Heads:
    """The version's heads, loaded once per process (versions never change once stored)."""
    labels = LabelSet.from_dict(version.trained_on["labels"])
    if version.kind == ModelKind.HEADS and not version.weights_path:
        raise SuggestError(f"model version {version.id} has no weights (it is not live)")
    return _heads(version.id, version.base_model, version.weights_path,
                  (labels.stance, labels.descriptions, labels.certainty))


def weights_file(version: ModelVersion) -> Path:
    return Path(settings.MEDIA_ROOT) / "models" / str(version.project_id) / f"v{version.id}.safetensors"


def retire_weights(version: ModelVersion) -> None:
    """Forget a superseded version's weights; the file goes once the retirement commits."""
    if not version.weights_path:
        return
    path = Path(settings.MEDIA_ROOT) / version.weights_path
    ModelVersion.objects.filter(id=version.id).update(weights_path="")
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
