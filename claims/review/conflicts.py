"""Sources that contradict each other, and sources that agree, over accepted propositions.

A proposition is in conflict when claims of *different sources* in it take different positions of
one kind (CONFLICT_KINDS): one asserts and another denies; the same subject has different stances
toward the same target; or they give different facts of one sort (FACTS: years, dates, numbers).
Each conflict lists its sides, each with its claims and their source, outlet and date. An accepted
proposition with two sources or more and no conflict is *corroborated*.

Positions are read from the claims' labels (certainty, stance) and from their text: a denial cue
(NEGATION_CUES) makes a claim deny, whatever its certainty says, because annotators often mark
"X denied that..." as asserted by X.
"""

import re
from collections import defaultdict
from dataclasses import dataclass

from claims.models import Claim, ConflictResolution, Project, Proposition, Source, User, Verdict
from claims.models.annotation import Certainty, PropositionStatus
from claims.review.errors import ReviewRejected

# Words that deny what the claim states; the regex is built from the list, so they never drift apart.
NEGATION_CUES = ("not", "no", "never", "none", "neither", "nor", "deny", "denies", "denied", "denying", "reject",
                 "rejects", "rejected", "refuted", "dismissed", "false", "untrue", "n't")
_NEGATION = re.compile(r"(?:\b(?:" + "|".join(re.escape(c) for c in NEGATION_CUES if c != "n't") + r")\b|n't\b)",
                       re.IGNORECASE)

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "twenty",
                "thirty", "forty", "fifty", "hundred", "thousand", "million", "billion")

# Facts compared across sources: (sort, pattern, examples that must match, examples that must not).
FACTS = (
    ("year", r"\b(1[89]\d\d|20\d\d)\b", ("in 2014", "since 1996"), ("3,000 troops", "page 12")),
    ("date", r"\b((?:" + "|".join(MONTHS[:4] + MONTHS[5:]) + r")(?: \d{1,2})?|\d{1,2} (?:" + "|".join(MONTHS)
     + r"))\b", ("on 5 May", "in August", "March 3"), ("maybe", "Mayor Smith")),
    ("number", r"\b(\d+(?:[,.]\d+)*|" + "|".join(NUMBER_WORDS) + r")\b(?! (?:" + "|".join(MONTHS) + "))",
     ("3,000 troops", "twelve people", "7 km"), ("no troops", "in August")),
)
_FACT_PATTERNS = tuple((sort, re.compile(pattern, re.IGNORECASE)) for sort, pattern, _, _ in FACTS)


def facts(text: str) -> dict[str, frozenset[str]]:
    """The facts of each sort a claim's text states (years are not numbers)."""
    found = {}
    years = set()
    for sort, pattern in _FACT_PATTERNS:
        values = {m.group(1).lower().replace(",", "") for m in pattern.finditer(text)}
        if sort == "year":
            years = values
        elif sort == "number":
            values -= years
        if values:
            found[sort] = frozenset(values)
    return found


def denies(claim: Claim) -> bool:
    return claim.certainty == Certainty.DENIED or bool(_NEGATION.search(claim.text))


def _positions(claim: Claim) -> dict[str, str]:
    """kind → this claim's position on it (a kind it says nothing about is left out)."""
    positions = {"assert_deny": "denies" if denies(claim) else "asserts"}
    if claim.stance and claim.subject_id and claim.target_id:
        positions["stance"] = claim.stance
    for sort, values in facts(claim.text).items():
        positions[f"fact:{sort}"] = ", ".join(sorted(values))
    return positions


@dataclass(frozen=True)
class Conflict:
    """Sources that disagree on one kind of position about one proposition."""

    proposition: Proposition
    kind: str  # assert_deny, stance, fact:year, fact:date, fact:number
    sides: list[tuple[str, list[Claim]]]  # (position, claims), most claims first
    resolution: ConflictResolution | None


def _sources(claims: list[Claim]) -> set[int]:
    return {claim.sentence.source_id for claim in claims}


def proposition_conflicts(proposition: Proposition, resolutions: dict | None = None) -> list[Conflict]:
    """The proposition's conflicts, from its (prefetched) claims."""
    claims = list(proposition.claims.all())
    by_kind: dict[str, dict[str, list[Claim]]] = defaultdict(lambda: defaultdict(list))
    for claim in claims:
        for kind, position in _positions(claim).items():
            by_kind[kind][position].append(claim)
    found = []
    for kind, sides in by_kind.items():
        if kind == "stance":  # the same subject and target only
            pairs = {(c.subject_id, c.target_id) for side in sides.values() for c in side}
            if len(pairs) > 1:
                continue
        # Different positions count only when different sources hold them.
        if len(sides) < 2 or len(_sources([c for side in sides.values() for c in side])) < 2:
            continue
        ordered = sorted(sides.items(), key=lambda side: (-len(side[1]), side[0]))
        found.append(Conflict(proposition, kind, ordered, (resolutions or {}).get((proposition.pk, kind))))
    return sorted(found, key=lambda c: c.kind)


def _accepted(project: Project):
    from claims.review.propositions import propositions

    return propositions(project=project, status=PropositionStatus.ACCEPTED)


def latest_resolutions(project: Project) -> dict[tuple[int, str], ConflictResolution]:
    latest = {}
    for resolution in (ConflictResolution.objects.filter(proposition__project=project)
                       .select_related("editor", "source").order_by("decided_at", "id")):
        latest[(resolution.proposition_id, resolution.kind)] = resolution
    return latest


def conflicts(*, project: Project) -> list[Conflict]:
    """Every conflict of the project's accepted propositions, with its latest resolution."""
    resolutions = latest_resolutions(project)
    return [c for p in _accepted(project) for c in proposition_conflicts(p, resolutions)]


def corroborated(*, project: Project) -> list[Proposition]:
    """Accepted propositions that two sources or more state without conflict."""
    return [p for p in _accepted(project)
            if len(_sources(list(p.claims.all()))) >= 2 and not proposition_conflicts(p)]


def resolve_conflict(*, project: Project, editor: User, proposition_id: int, kind: str, verdict: str,
                     source_id: int | None = None, note: str = "") -> ConflictResolution:
    """Record the editor's verdict on a conflict (the newest stands; earlier ones are kept as its history)."""
    proposition = Proposition.objects.filter(project=project, pk=proposition_id).first()
    if proposition is None:
        raise ReviewRejected.not_found(f"no proposition {proposition_id} in this project", field="proposition")
    if verdict not in Verdict.values:
        raise ReviewRejected.invalid(f"verdict must be one of {', '.join(Verdict.values)}", field="verdict")
    accepted = _accepted(project).filter(pk=proposition.pk).first()
    current = proposition_conflicts(accepted) if accepted is not None else []
    conflict = next((c for c in current if c.kind == kind), None)
    if conflict is None:
        raise ReviewRejected.invalid(f"proposition {proposition_id} has no {kind!r} conflict", field="kind")
    source = None
    if verdict == Verdict.SOURCE_RIGHT:
        on_sides = {c.sentence.source_id for _, side in conflict.sides for c in side}
        if source_id not in on_sides:
            raise ReviewRejected.invalid(f"name the source that is right: one of {sorted(on_sides)}", field="source")
        source = Source.objects.get(pk=source_id)
    elif source_id is not None:
        raise ReviewRejected.invalid("a source is named only with the verdict source_right", field="source")
    return ConflictResolution.objects.create(proposition=proposition, kind=kind, verdict=verdict, source=source,
                                             note=note, editor=editor)


def outlet_record(*, project: Project) -> list[dict]:
    """Per outlet: its claims in accepted propositions, those in conflicts, and how the conflicts were resolved."""
    record: dict[str, dict] = defaultdict(lambda: {"claims_in_propositions": 0, "claims_in_conflicts": 0,
                                                    "right": 0, "wrong": 0, "both_right": 0, "unresolved": 0,
                                                    "open": 0})
    for proposition in _accepted(project):
        for claim in proposition.claims.all():
            record[claim.sentence.source.outlet]["claims_in_propositions"] += 1
    for conflict in conflicts(project=project):
        for _, side in conflict.sides:
            for outlet in {c.sentence.source.outlet for c in side}:
                row = record[outlet]
                row["claims_in_conflicts"] += sum(c.sentence.source.outlet == outlet for c in side)
                resolution = conflict.resolution
                if resolution is None:
                    row["open"] += 1
                elif resolution.verdict == Verdict.SOURCE_RIGHT:
                    right = any(c.sentence.source_id == resolution.source_id for c in side)
                    row["right" if right else "wrong"] += 1
                else:
                    row[resolution.verdict] += 1
    return [{"outlet": outlet, **counts} for outlet, counts in sorted(record.items())]
