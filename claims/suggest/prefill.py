"""What the annotation form pre-fills from a suggestion: the one copy of the rule.

The server decides it and sends it (``next`` and the form's page carry it as the suggestion's
``prefill``); static/js/annotate/ shows what it is given and never recomputes it. A save judges its
accepted / edited / rejected outcome against the very same copy (``proposed_claims``), so what the
annotator saw and what their answer is compared with cannot drift apart.

The rule, first row that holds (t: the project's threshold):

    has_claim >= t, candidates scoring >= t    those candidates, labelled as below
    has_claim >= t, no candidate >= t          nothing
    1 - has_claim >= t                         "no claim in this sentence" (accepting submits none)
    otherwise                                  nothing; the best candidate is shown as the model's guess

A candidate is labelled with its likeliest stance and certainty among the labels an annotator may
give now (``Scheme.likeliest``: a retired label, or one the scheme no longer has, is passed over;
saving it would be refused); with no target it has no stance; with no certainty left, the scheme's
default (what a save stores for an empty certainty).

Examples (threshold 0.6), each a test in tests/suggest/test_prefill.py:
has_claim 0.9, candidates 0.8 and 0.3: the 0.8 one; has_claim 0.9, candidate 0.5: nothing, guess;
has_claim 0.1: no claim (confidence 0.9); has_claim 0.5: nothing, guess; stance {neutral 0.7,
support 0.2} with neutral retired: support.
"""

from dataclasses import dataclass

from claims.scheme import Scheme


@dataclass(frozen=True)
class Prefill:
    """What the form puts in front of the annotator from one suggestion (the payload carries the suggestion's id)."""

    no_claim: bool  # the model is sure enough that the sentence holds no claim
    confidence: float  # has_claim, or 1 - has_claim for "no claim"
    claims: tuple[dict, ...]  # as an annotation's claims read, each with its candidate's score

    def as_dict(self) -> dict:
        return {"no_claim": self.no_claim, "confidence": self.confidence, "claims": list(self.claims)}


def is_prefilled(suggestion, claim: dict, threshold: float) -> bool:
    """Whether one candidate of the suggestion is pre-filled: the sentence and the candidate both at or above."""
    return getattr(suggestion, "has_claim", 1.0) >= threshold and claim.get("score", 1.0) >= threshold


def as_labels(claim: dict, scheme: Scheme) -> dict:
    """A candidate as an annotation's claim reads: actors as they are, its likeliest labels the annotator may give."""
    stance = claim.get("stance")
    certainty = claim.get("certainty")
    return {"start": claim.get("start"), "end": claim.get("end"), "subject": claim.get("subject"),
            "target": claim.get("target"), "claimant": claim.get("claimant"),
            "claimant_is_outlet": claim.get("claimant_is_outlet", False),
            "stance": _likeliest(scheme, "stance", stance) if claim.get("target") is not None else "",
            "certainty": _likeliest(scheme, "certainty", certainty) or scheme.default_certainty}


def _likeliest(scheme: Scheme, group: str, value: object) -> str:
    # A candidate stores a probability per label; one written by hand (a test, an import) may give the value.
    if isinstance(value, dict):
        return scheme.likeliest(group, value)
    return value if isinstance(value, str) and value in scheme.values(group) else ""


def prefill_for(suggestion, *, threshold: float, scheme: Scheme) -> Prefill | None:
    """What the form pre-fills from this suggestion (see the table above), or None for nothing."""
    has_claim = float(getattr(suggestion, "has_claim", 1.0))
    if has_claim >= threshold:
        claims = tuple(as_labels(claim, scheme) | {"score": claim.get("score", 1.0)}
                       for claim in suggestion.claims if is_prefilled(suggestion, claim, threshold))
        if not claims:
            return None
        return Prefill(no_claim=False, confidence=has_claim, claims=claims)
    if 1 - has_claim >= threshold:
        return Prefill(no_claim=True, confidence=1 - has_claim, claims=())
    return None


def proposed_claims(suggestion, *, threshold: float, scheme: Scheme) -> list[dict]:
    """The claims the form pre-fills (none when it pre-fills nothing, or "no claim"): what an annotation's claims
    are compared with to call the suggestion accepted, edited or rejected."""
    prefill = prefill_for(suggestion, threshold=threshold, scheme=scheme)
    return [{k: v for k, v in claim.items() if k != "score"} for claim in prefill.claims] if prefill else []


def guess(suggestion, *, scheme: Scheme) -> dict | None:
    """The model's best candidate, labelled as the pre-fill would label it: what the form shows, never pre-fills,
    when nothing is pre-filled."""
    if not suggestion.claims:
        return None
    best = suggestion.claims[0]
    return as_labels(best, scheme) | {"score": best.get("score", 1.0)}
