"""The packaged encoder: found without a download, loaded once, pooling spans; bad base models named clearly."""

import numpy as np
import pytest

from claims.suggest.base_model import check_base_model, packaged_model_path, resolve_base_model
from claims.suggest.encoder import load_encoder
from claims.suggest.errors import SuggestError


def test_the_packaged_model_is_the_default_and_loads_once_per_process(settings):
    settings.SUGGEST_BASE_MODEL = ""
    name = resolve_base_model("")
    assert name == str(packaged_model_path()) and (packaged_model_path() / "model.safetensors").is_file()
    assert load_encoder(name) is load_encoder(name)
    assert resolve_base_model(" /models/big ") == "/models/big"  # a project's own choice wins


def test_sentences_and_spans_are_pooled_from_one_pass():
    encoder = load_encoder(resolve_base_model())
    text = "Norvala accused Ostrane of diverting water."
    encoded = encoder.embed([text, "Short."], [(0, 0, 7), (0, 16, 23), (1, 0, 6), (0, 500, 510)])
    assert encoded.sentences.shape == (2, 384) and encoded.spans.shape == (4, 384)
    assert np.allclose(np.linalg.norm(encoded.sentences, axis=1), 1, atol=1e-3)
    norvala, ostrane, short, beyond = encoded.spans
    assert float(norvala @ ostrane) < 0.95  # two different mentions, two different vectors
    assert np.allclose(beyond, encoded.sentences[0], atol=1e-3)  # a span past the text: the whole sentence


def test_bad_base_models_are_named(tmp_path):
    with pytest.raises(SuggestError, match="no such folder"):
        check_base_model(str(tmp_path / "missing"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(SuggestError, match="no config.json"):
        check_base_model(str(tmp_path / "empty"))
    with pytest.raises(SuggestError, match="HF_HUB_OFFLINE is set"):
        check_base_model("acme/never-downloaded")
    check_base_model(str(packaged_model_path()))  # no error
