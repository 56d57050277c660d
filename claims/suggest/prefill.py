"""What the annotation form pre-fills from a suggestion, and what it only shows: the one copy of the rule.

The server decides it and sends it (``next`` and the form's page carry it as the suggestion's
``prefill`` and ``guess``); static/js/annotate/ shows what it is given and never recomputes it. A save
judges its outcome against the very same copy (``proposed_claims``, ``shown``), so what the annotator
saw and what their answer is compared with cannot drift apart.

The rule, first row that holds (t: the project's threshold; "informed": the sentence names at least
one of the project's actors, which a project with no actors yet never does):

    has_claim >= t, candidates scoring >= t    pre-filled: those candidates, labelled as below
    has_claim >= t, no candidate >= t          nothing pre-filled; the best candidate is the guess
    1 - has_claim >= t, informed               nothing pre-filled; "no claim" is the guess
    1 - has_claim >= t, not informed           nothing at all: the model cannot know (the form says why)
    otherwise                                  nothing pre-filled; the best candidate is the guess

"No claim" is never pre-filled, however sure the model is: accepting it would be one key, and a
missed claim is the error nobody reviews (seen in a new project where every sentence read "no claim
(88%)", plain claims included). A guess is shown, never pre-filled: the annotator gives every value.

A candidate is labelled with its likeliest stance and certainty among the labels an annotator may
give now (``Scheme.likeliest``: a retired label, or one the scheme no longer has, is passed over;
saving it would be refused); with no subject or no target it has no stance (a save refuses one),
and a target that is its own subject is dropped; with no certainty left, the scheme's default (what
a save stores for an empty certainty).

Examples (threshold 0.6), each a test in tests/suggest/test_prefill.py:
has_claim 0.9, candidates 0.8 and 0.3: the 0.8 one; has_claim 0.9, candidate 0.5: nothing, guess;
has_claim 0.1, a mention: nothing, guess "no claim" (0.9); has_claim 0.1, no mention: nothing, no
guess; has_claim 0.5: nothing, guess; stance {neutral 0.7, support 0.2} with neutral retired: support.
"""

from dataclasses import dataclass

from claims.scheme import Scheme


@dataclass(frozen=True)
class Prefill:
    """What the form puts in front of the annotator from one suggestion (the payload carries the suggestion's id)."""

    confidence: float  # has_claim
    claims: tuple[dict, ...]  # as an annotation's claims read, each with its candidate's score

    def as_dict(self) -> dict:
        return {"confidence": self.confidence, "claims": list(self.claims)}


def is_prefilled(suggestion, claim: dict, threshold: float) -> bool:
    """Whether one candidate of the suggestion is pre-filled: the sentence and the candidate both at or above."""
    return getattr(suggestion, "has_claim", 1.0) >= threshold and claim.get("score", 1.0) >= threshold


def as_labels(claim: dict, scheme: Scheme) -> dict:
    """A candidate as an annotation's claim reads: actors as they are, its likeliest labels the annotator may give."""
    stance = claim.get("stance")
    certainty = claim.get("certainty")
    subject = claim.get("subject")
    target = claim.get("target") if claim.get("target") != subject else None
    return {"start": claim.get("start"), "end": claim.get("end"), "subject": subject,
            "target": target, "claimant": claim.get("claimant"),
            "claimant_is_outlet": claim.get("claimant_is_outlet", False),
            "stance": _likeliest(scheme, "stance", stance) if None not in (subject, target) else "",
            "certainty": _likeliest(scheme, "certainty", certainty) or scheme.default_certainty}


def _likeliest(scheme: Scheme, group: str, value: object) -> str:
    # A candidate stores a probability per label; one written by hand (a test, an import) may give the value.
    if isinstance(value, dict):
        return scheme.likeliest(group, value)
    return value if isinstance(value, str) and value in scheme.values(group) else ""


def prefill_for(suggestion, *, threshold: float, scheme: Scheme) -> Prefill | None:
    """What the form pre-fills from this suggestion (see the table above), or None for nothing."""
    has_claim = float(getattr(suggestion, "has_claim", 1.0))
    if has_claim < threshold:
        return None  # "no claim", or unsure: at most a guess
    claims = tuple(as_labels(claim, scheme) | {"score": claim.get("score", 1.0)}
                   for claim in suggestion.claims if is_prefilled(suggestion, claim, threshold))
    return Prefill(confidence=has_claim, claims=claims) if claims else None


def proposed_claims(suggestion, *, threshold: float, scheme: Scheme) -> list[dict]:
    """The claims the form pre-fills (none when it pre-fills nothing): what an annotation's claims are compared
    with to call the suggestion accepted, edited or rejected."""
    prefill = prefill_for(suggestion, threshold=threshold, scheme=scheme)
    return [{k: v for k, v in claim.items() if k != "score"} for claim in prefill.claims] if prefill else []


def guess(suggestion, *, threshold: float, scheme: Scheme, informed: bool) -> dict | None:
    """What the form shows, never pre-fills, when nothing is pre-filled (see the table above): the best candidate
    labelled as the pre-fill would label it, ``{"no_claim": True, "score": ...}``, or None."""
    if prefill_for(suggestion, threshold=threshold, scheme=scheme) is not None:
        return None
    has_claim = float(getattr(suggestion, "has_claim", 1.0))
    if has_claim < threshold and 1 - has_claim >= threshold:
        return {"no_claim": True, "score": 1 - has_claim} if informed else None
    if not suggestion.claims:
        return None
    best = suggestion.claims[0]
    return as_labels(best, scheme) | {"score": best.get("score", 1.0)}


def why_weak(*, project_has_actors: bool, informed: bool) -> str:
    """Why suggestions for this sentence cannot be good, in the form's words, or "" (the model's inputs are there)."""
    if not project_has_actors:
        return "No actors yet: add them on the Actors page (or propose one from a subject or target picker). " \
               "Until then suggestions are weak: they cannot name anyone."
    if not informed:
        return "This sentence names none of the project's actors: the model cannot tell whether it holds a claim."
    return ""
