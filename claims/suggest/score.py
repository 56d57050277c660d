"""The live model's stance and certainty for one claim an annotator marked, computed in the web process.

Imported only inside the score view (claims.api.suggestions), never at the top of a request-side
module: the first request of a web process loads numpy, torch and the encoder here (about 1-2 s, and
the process's resident memory grows by about 300 MiB with MiniLM; bench/score.py measures both), and
later requests reuse them (claims.suggest.encoder and .versions cache them per process). A marked
claim costs one forward pass of one sentence, on the CPU, about 5-15 ms: answering in the request is
faster than a round trip through the broker to a worker that may be busy with a whole run, and the
form asks for it as the annotator marks a span.

The claim is featurised exactly as training featurises a labelled claim (claims.suggest.training):
the span, the subject's and target's mentions in it (else their first, else the span itself), and
the sentence's wording cues; the heads then give the same probabilities a run would for that pair.
"""

import numpy as np

from claims.models import Project
from claims.suggest.candidates import Mention
from claims.suggest.inference import scorer_for
from claims.suggest.marked import MarkedClaim
from claims.suggest.predict import SpanIndex, certainty_features, stance_features
from claims.suggest.training import mention_of
from claims.suggest.versions import live_version
from claims.suggest.wording import read_wording

# A web process has no business on a GPU the suggest worker may be using.
DEVICE = "cpu"


def score_marked(*, project: Project, claim: MarkedClaim) -> dict:
    """{"stance": {label: p} ({} without a target), "certainty": {value: p}, "model_version"} for the claim."""
    version = live_version(project=project)
    scorer = scorer_for(version, DEVICE)
    heads, labels = scorer.heads, scorer.heads.labels
    mentions = tuple(Mention(*m) for m in claim.mentions)
    index = SpanIndex()
    span = index.add(0, claim.start, claim.end)
    subject, target = (mention_of(mentions, actor, claim) for actor in (claim.subject, claim.target))
    subject = index.add(0, *subject) if subject else span
    target = index.add(0, *target) if target else span
    encoded = scorer.encoder.encode(scorer.encoder.tokenize([claim.text]), index.spans)
    spans = encoded.spans
    wording = read_wording(claim.text)
    certainty = heads.apply("certainty", labels.certainty_prior(wording.certainty)[None],
                            certainty_features(spans[[span]], [wording.features()]))[0]
    stance = {}
    if claim.target is not None:
        probabilities = heads.apply("stance", heads.stance_prior(spans[[span]]),
                                    stance_features(spans[[span]], spans[[subject]], spans[[target]]))[0]
        stance = _rounded(labels.stance, probabilities)
    return {"stance": stance, "certainty": _rounded(labels.certainty, certainty), "model_version": version.id}


def _rounded(names, probabilities: np.ndarray) -> dict[str, float]:
    return {name: round(float(p), 4) for name, p in zip(names, probabilities, strict=True)}
