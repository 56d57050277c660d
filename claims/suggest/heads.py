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

from claims.scheme import Scheme
from claims.suggest.errors import SuggestError
from claims.suggest.wording import CERTAINTY_PRIOR

HEADS = ("has_claim", "pair", "stance", "certainty")
# Cosine similarities of a span to the label descriptions differ by a few hundredths; this
# temperature turns them into probabilities. Chosen as the value that minimised the negative
# log-likelihood of the cold start on the labelled fixture (bench/suggest.py --curve prints it).
STANCE_TEMPERATURE = 0.05
# What the stance prior compares claim spans with, for the default scheme's labels: one sentence
# describing the relation, written for the encoder. On the labelled fixture they gave macro-F1 0.75,
# against 0.53 with the scheme's own descriptions (written for annotators: "The subject backs,
# helps...") and 0.56 with the bare label. Other labels use the scheme's description.
STANCE_DESCRIPTIONS = {
    "support": "One side supports, backs, praises, welcomes, helps or cooperates with the other.",
    "oppose": "One side opposes, criticises, accuses, attacks, condemns, sanctions or threatens the other.",
    "neutral": "One side meets, talks with, mediates between or stays neutral toward the other.",
}


@dataclass(frozen=True)
class LabelSet:
    """The labels a project's heads predict, with the descriptions that seed the stance prior."""

    stance: tuple[str, ...]
    descriptions: tuple[str, ...]
    certainty: tuple[str, ...]

    @classmethod
    def of_scheme(cls, scheme: Scheme) -> "LabelSet":
        """Read the project's label scheme; SuggestError if it cannot be classified."""
        # Retired labels stay on old claims but are no longer given: the model does not suggest them.
        stance = scheme.active("stance")
        certainty = scheme.values("certainty")
        if len(stance) < 2:
            names = ", ".join(repr(label.value) for label in stance) or "none"
            raise SuggestError(f"the label scheme has {len(stance)} stance label ({names}): "
                               "a classifier needs at least two")
        descriptions = [
            STANCE_DESCRIPTIONS.get(label.value) or label.description
            or f"One side's stance toward the other: {label.label}."
            for label in stance
        ]
        certainty = certainty or list(CERTAINTY_PRIOR["asserted"])
        return cls(tuple(label.value for label in stance), tuple(descriptions), tuple(certainty))

    def as_dict(self) -> dict:
        return {"stance": list(self.stance), "descriptions": list(self.descriptions), "certainty": list(self.certainty)}

    @classmethod
    def from_dict(cls, data: dict) -> "LabelSet":
        return cls(tuple(data["stance"]), tuple(data["descriptions"]), tuple(data["certainty"]))

    def certainty_prior(self, cue: str) -> np.ndarray:
        """Log prior of each certainty value given the cue-implied one (uniform for unknown values)."""
        table = CERTAINTY_PRIOR[cue]
        rest = 1.0 / max(len(self.certainty), 1)
        p = np.array([table.get(value, rest) for value in self.certainty], dtype=np.float32)
        return np.log(p / p.sum())


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
