"""The labels a project's heads predict, read from its label scheme, and how many labelled claims training needs.

No numpy at import: web requests check a project's scheme with it (claims.suggest.runs).
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from claims.suggest.errors import SuggestError
from claims.suggest.wording import CERTAINTY_PRIOR

if TYPE_CHECKING:
    import numpy as np

# Fewer labelled claims than this and training refuses to start (asked for) or to run (in the worker).
MIN_LABELLED_CLAIMS = 20

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
    def of_scheme(cls, scheme: dict) -> "LabelSet":
        """Read the project's label scheme; SuggestError if it cannot be classified."""
        # Retired labels stay on old claims but are no longer given: the model does not suggest them.
        stance = [entry for entry in scheme.get("stance", []) if entry.get("value") and not entry.get("retired")]
        certainty = [entry["value"] for entry in scheme.get("certainty", [])
                     if entry.get("value") and not entry.get("retired")]
        if len(stance) < 2:
            names = ", ".join(repr(entry["value"]) for entry in stance) or "none"
            raise SuggestError(f"the label scheme has {len(stance)} stance label ({names}): "
                               "a classifier needs at least two")
        descriptions = [
            STANCE_DESCRIPTIONS.get(entry["value"]) or entry.get("description")
            or f"One side's stance toward the other: {entry.get('label') or entry['value']}."
            for entry in stance
        ]
        certainty = certainty or list(CERTAINTY_PRIOR["asserted"])
        return cls(tuple(e["value"] for e in stance), tuple(descriptions), tuple(certainty))

    def as_dict(self) -> dict:
        return {"stance": list(self.stance), "descriptions": list(self.descriptions), "certainty": list(self.certainty)}

    @classmethod
    def from_dict(cls, data: dict) -> "LabelSet":
        return cls(tuple(data["stance"]), tuple(data["descriptions"]), tuple(data["certainty"]))

    def certainty_prior(self, cue: str) -> "np.ndarray":
        """Log prior of each certainty value given the cue-implied one (uniform for unknown values)."""
        # Imported here, not at the top: web requests read label sets and must not load numpy.
        import numpy as np

        table = CERTAINTY_PRIOR[cue]
        rest = 1.0 / max(len(self.certainty), 1)
        p = np.array([table.get(value, rest) for value in self.certainty], dtype=np.float32)
        return np.log(p / p.sum())
