"""The scoring heads of a model version: cold-start priors, refined by linear heads learnt from labels.

Four heads, each `logits = a · prior + W · features + b`:

- has_claim (per sentence): prior from the wording and the number of actors named;
- pair (per candidate): how likely this subject/target pair is the claim, prior from its kind;
- stance (per candidate with a target): prior = cosine of the claim span's embedding to each
  label's description (scaled by a temperature), features = span, subject and target embeddings,
  so the stance is read for this pair, not for the sentence;
- certainty (per candidate): prior from the wording rules (claims.suggest.wording).

A cold-start version has no learnt part (W = 0, b = 0, a = 1). Training fits W, b and a with an L2
penalty that pulls toward exactly that, so a few labels nudge the prior instead of replacing it.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from claims.suggest.errors import SuggestError
from claims.suggest.label_set import LabelSet

HEADS = ("has_claim", "pair", "stance", "certainty")
# Cosine similarities of a span to the label descriptions differ by a few hundredths; this
# temperature turns them into probabilities. Chosen as the value that minimised the negative
# log-likelihood of the cold start on the labelled fixture (bench/suggest.py --curve prints it).
STANCE_TEMPERATURE = 0.05


@dataclass
class LinearHead:
    """logits = prior_scale · prior + features · weightᵀ + bias."""

    weight: np.ndarray  # (K, D)
    bias: np.ndarray  # (K,)
    prior_scale: float = 1.0

    def logits(self, prior: np.ndarray, features: np.ndarray) -> np.ndarray:
        return self.prior_scale * prior + features @ self.weight.T + self.bias


@dataclass
class Heads:
    """The four heads of one model version; without learnt heads, the cold start."""

    labels: LabelSet
    description_embeddings: np.ndarray  # (L, H)
    learnt: dict[str, LinearHead] = field(default_factory=dict)

    def stance_prior(self, spans: np.ndarray) -> np.ndarray:
        """Cosine of each span to each label description, over the temperature: (N, L) logits."""
        return spans @ self.description_embeddings.T / STANCE_TEMPERATURE

    def apply(self, head: str, prior: np.ndarray, features: np.ndarray) -> np.ndarray:
        """Probabilities from one head: sigmoid for the binary heads (N,), softmax otherwise (N, K)."""
        learnt = self.learnt.get(head)
        logits = learnt.logits(prior, features) if learnt else prior
        if head in ("has_claim", "pair"):
            return 1.0 / (1.0 + np.exp(-logits.reshape(-1)))
        logits = logits - logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        """Write the learnt heads as safetensors (labels and descriptions live on the ModelVersion)."""
        from safetensors.numpy import save_file

        tensors = {}
        for name, head in self.learnt.items():
            tensors[f"{name}.weight"] = head.weight.astype(np.float32)
            tensors[f"{name}.bias"] = head.bias.astype(np.float32)
            tensors[f"{name}.prior_scale"] = np.array([head.prior_scale], dtype=np.float32)
        path.parent.mkdir(parents=True, exist_ok=True)
        save_file(tensors, str(path))

    @staticmethod
    def load_learnt(path: Path) -> dict[str, LinearHead]:
        from safetensors.numpy import load_file

        if not path.is_file():
            raise SuggestError(f"the weights of this model version are missing ({path.name})")
        tensors = load_file(str(path))
        return {
            name: LinearHead(tensors[f"{name}.weight"], tensors[f"{name}.bias"],
                             float(tensors[f"{name}.prior_scale"][0]))
            for name in HEADS if f"{name}.weight" in tensors
        }


@contextmanager
def one_thread():
    """Heads are small problems: thread start-up and spinning cost more than they save (20x here)."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def fit_head(prior: np.ndarray, features: np.ndarray, answers: np.ndarray, classes: int,
             penalty: float) -> LinearHead:
    """Fit W, b and the prior's scale by L-BFGS on cross-entropy plus penalty·(|W|² + |b|² + (a−1)²)."""
    import torch

    binary = classes == 2 and prior.shape[1] == 1
    x = torch.from_numpy(np.asarray(features, dtype=np.float32))
    p = torch.from_numpy(np.asarray(prior, dtype=np.float32))
    y = torch.from_numpy(np.asarray(answers))
    outputs = 1 if binary else classes
    weight = torch.zeros((outputs, x.shape[1]), requires_grad=True)
    bias = torch.zeros(outputs, requires_grad=True)
    scale = torch.ones(1, requires_grad=True)
    optimiser = torch.optim.LBFGS([weight, bias, scale], max_iter=60, line_search_fn="strong_wolfe")

    def loss_fn():
        optimiser.zero_grad()
        logits = scale * p + x @ weight.T + bias
        if binary:
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logits[:, 0], y.float())
        else:
            loss = torch.nn.functional.cross_entropy(logits, y.long())
        loss = loss + penalty * (weight.square().sum() + bias.square().sum() + (scale - 1).square().sum())
        loss.backward()
        return loss

    optimiser.step(loss_fn)
    return LinearHead(weight.detach().numpy(), bias.detach().numpy(), float(scale.detach()[0]))
