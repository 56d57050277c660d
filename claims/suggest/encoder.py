"""The sentence encoder: loaded once per worker process, and run over batches of sentences.

This is the only module that touches the transformer. It loads lazily (never at import, never in a
web request) and is cached per process and base model. One forward pass per sentence gives
everything the heads need: the sentence's mean-pooled embedding (as sentence-transformers
computes it) and mean-pooled token states of any character spans inside it (claim spans, actor
mentions), so a sentence with several claim candidates still costs one pass. Which base model, and
whether it is there, is claims.suggest.base_model's (no numpy there, for web requests).
"""

import functools
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings

from claims.suggest.base_model import check_base_model
from claims.suggest.errors import SuggestError

# Sentences longer than this many tokens are cut: news sentences average ~32 MiniLM tokens, and
# spans past the cut fall back to the whole (truncated) sentence.
MAX_TOKENS = 128


def default_device() -> str:
    import torch

    return settings.SUGGEST_DEVICE or ("cuda" if torch.cuda.is_available() else "cpu")


@dataclass
class TokenBatch:
    """Token ids of a batch of sentences, padded to the longest, with character offsets per token."""

    ids: np.ndarray  # (B, T) int64
    mask: np.ndarray  # (B, T) int64
    offsets: np.ndarray  # (B, T, 2) int32; (0, 0) for special and padding tokens


@dataclass
class Encoded:
    """What one forward pass gives: normalised sentence embeddings and the pooled spans asked for."""

    sentences: np.ndarray  # (B, H) float32, L2-normalised
    spans: np.ndarray  # (S, H) float32, L2-normalised, in the order the spans were given


class Encoder:
    """A tokenizer and transformer on one device; thread-safe for tokenising, one forward pass at a time."""

    def __init__(self, name: str, device: str):
        import torch
        from transformers import AutoModel, AutoTokenizer

        check_base_model(name)
        local = Path(name).expanduser().is_dir()
        try:
            tokenizer = AutoTokenizer.from_pretrained(name, local_files_only=local)
            model = AutoModel.from_pretrained(name, local_files_only=local)
        except (OSError, ValueError) as error:
            raise SuggestError(f"base model {name!r} could not be loaded: {error}") from None
        if not tokenizer.is_fast:
            raise SuggestError(f"base model {name!r} has no fast (Rust) tokenizer")
        self.name = name
        self.device = torch.device(device)
        self.dtype = _dtype_for(self.device)
        self.model = model.to(self.device, dtype=self.dtype).eval()
        self.dim = model.config.hidden_size
        self._tokenizer = tokenizer.backend_tokenizer
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=tokenizer.pad_token_id, pad_token=tokenizer.pad_token)
        self._lock = threading.Lock()

    def tokenize(self, texts: list[str]) -> TokenBatch:
        """Token ids and character offsets, padded to the batch's longest sentence (releases the GIL)."""
        encodings = self._tokenizer.encode_batch(texts, add_special_tokens=True)
        return TokenBatch(
            ids=np.array([e.ids for e in encodings], dtype=np.int64),
            mask=np.array([e.attention_mask for e in encodings], dtype=np.int64),
            offsets=np.array([e.offsets for e in encodings], dtype=np.int32).reshape(len(texts), -1, 2),
        )

    def encode(self, batch: TokenBatch, spans: list[tuple[int, int, int]]) -> Encoded:
        """One forward pass; spans are (sentence index in the batch, char start, char end) to pool."""
        import torch

        with self._lock, torch.inference_mode():
            sentences, pooled = forward(self.model, batch, spans, self.device)
            both = torch.cat([sentences, pooled]).cpu().numpy()
        return Encoded(sentences=both[: len(batch.ids)], spans=both[len(batch.ids):])

    def embed(self, texts: list[str], spans: list[tuple[int, int, int]] = ()) -> Encoded:
        """Tokenise and encode in one call (small inputs: label descriptions, tests)."""
        return self.encode(self.tokenize(texts), list(spans))


def forward(model, batch: TokenBatch, spans: list[tuple[int, int, int]], device):
    """The model over a batch: L2-normalised sentence embeddings (B, H) and pooled spans (S, H), as float32
    tensors; differentiable, so fine-tuning (claims.suggest.finetune) trains on exactly what inference reads."""
    import torch

    tokens, owners, weights = _span_tokens(batch, spans)
    ids = torch.from_numpy(batch.ids).to(device, non_blocking=True)
    mask = torch.from_numpy(batch.mask).to(device, non_blocking=True)
    states = model(input_ids=ids, attention_mask=mask).last_hidden_state.float()
    # Sentences average all their tokens, [CLS] and [SEP] included: the sentence-transformers
    # recipe the model was trained with.
    sentences = (states * mask.unsqueeze(-1)).sum(dim=1) / mask.sum(dim=1, keepdim=True)
    pooled = torch.zeros((len(spans), states.shape[-1]), device=device)
    if len(spans):
        flat = states.reshape(-1, states.shape[-1])[torch.from_numpy(tokens).to(device)]
        weight = torch.from_numpy(weights).to(device).unsqueeze(-1)
        pooled = pooled.index_add(0, torch.from_numpy(owners).to(device), flat * weight)
    normalize = torch.nn.functional.normalize
    return normalize(sentences, dim=-1), normalize(pooled, dim=-1)


def _span_tokens(batch: TokenBatch, spans: list[tuple[int, int, int]]) -> tuple[np.ndarray, ...]:
    """For each span, the flat indices of the tokens overlapping its characters, with averaging weights.

    A span that truncation cut off averages its whole (truncated) sentence instead.
    """
    length = batch.mask.shape[1]
    starts, ends = batch.offsets[..., 0], batch.offsets[..., 1]
    tokens, owners, weights = [], [], []
    for number, (row, start, end) in enumerate(spans):
        found = np.flatnonzero((ends[row] > start) & (starts[row] < end) & (ends[row] > starts[row]))
        if not len(found):
            found = np.flatnonzero(batch.mask[row])
        tokens.append(row * length + found)
        owners.append(np.full(len(found), number))
        weights.append(np.full(len(found), 1.0 / len(found), dtype=np.float32))
    if not spans:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32)
    return np.concatenate(tokens), np.concatenate(owners), np.concatenate(weights)


def _dtype_for(device):
    """Half precision where the hardware does it fast: CUDA, and CPUs with bfloat16 instructions.

    On this project's CPU, bf16 weights ran the encoder ~2x faster than fp32 and gave the same
    labels on the bench's sentences (bench/suggest.py measures both); SUGGEST_DTYPE overrides.
    """
    import torch

    wanted = os.environ.get("SUGGEST_DTYPE", "")
    if wanted:
        try:
            return {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}[wanted]
        except KeyError:
            raise SuggestError(f"SUGGEST_DTYPE must be float32, bfloat16 or float16, not {wanted!r}") from None
    if device.type == "cuda":
        return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    if device.type == "cpu" and torch.ops.mkldnn._is_mkldnn_bf16_supported():
        return torch.bfloat16
    return torch.float32


def load_encoder(name: str, device: str = "") -> Encoder:
    """The encoder for a base model, loaded on first use and kept for the life of the process."""
    return _load(name, device or default_device())


@functools.lru_cache(maxsize=2)
def _load(name: str, device: str) -> Encoder:
    import torch
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # workers log lines, not progress bars
    if settings.SUGGEST_TORCH_THREADS:
        # Several workers on few cores: torch's spinning thread pools then cost more than they give
        # (on this project's busy 2-core machine, 1 thread encoded 10x faster than 2).
        torch.set_num_threads(settings.SUGGEST_TORCH_THREADS)
    return Encoder(name, device)
