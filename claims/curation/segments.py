"""Segment arithmetic on offsets into a source text: split, merge, and replaying recorded corrections.

Pure Python with no database: the correction services and the re-parse share it, so a split made
by an editor and the same split replayed after a re-parse cut the text at the same characters.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace

from claims.curation.errors import CorrectionError
from claims.models.corpus import SentenceKind
from claims.models.curation import CorrectionAction


@dataclass(frozen=True)
class Span:
    """A segment to store: text[start:end], its kind, and the rule that decided it ("" when an editor did)."""

    start: int
    end: int
    kind: str
    rule: str = ""


def check_kind(kind: object) -> str:
    """The kind if it is one of the segment kinds, else a CorrectionError listing them."""
    if not isinstance(kind, str) or kind not in SentenceKind.values:
        raise CorrectionError(f"kind must be one of {', '.join(SentenceKind.values)}", field="kind")
    return kind


def split_span(text: str, span: Span, at: int) -> tuple[Span, Span]:
    """The two segments that cutting span at offset at gives, whitespace at the cut left out of both."""
    if isinstance(at, bool) or not isinstance(at, int):
        raise CorrectionError("at must be a character offset into the source text (an integer)", field="at")
    if not span.start < at < span.end:
        raise CorrectionError(
            f"offset {at} is not inside the sentence (it runs from {span.start} to {span.end}); "
            "split at an offset strictly between them",
            field="at",
        )
    first_end = span.start + len(text[span.start : at].rstrip())
    second_start = span.end - len(text[at : span.end].lstrip())
    if first_end == span.start or second_start == span.end:
        raise CorrectionError("a split must leave text on both sides", field="at")
    # Both halves keep the kind; the rule that decided it still holds for each.
    return replace(span, end=first_end), replace(span, start=second_start)


def merge_spans(first: Span, second: Span) -> Span:
    """One segment covering first, second and what lies between them, with first's kind and rule."""
    return replace(first, end=second.end)


@dataclass
class Replay:
    """Segments after replaying corrections, and how many corrections applied or no longer fit."""

    spans: list[Span]
    applied: int = 0
    unapplied: int = 0


def replay(text: str, spans: list[Span], corrections: Iterable[tuple[str, dict]]) -> Replay:
    """Re-apply (action, after) segment corrections in order, by offsets, to freshly parsed spans."""
    result = Replay(list(spans))
    for action, after in corrections:
        if action == CorrectionAction.KIND:
            done = _replay_kind(result.spans, after)
        elif action == CorrectionAction.SPLIT:
            done = _replay_split(text, result.spans, after)
        elif action == CorrectionAction.MERGE:
            done = _replay_merge(result.spans, after)
        else:
            continue
        if done:
            result.applied += 1
        else:
            result.unapplied += 1
    return result


def _replay_kind(spans: list[Span], after: dict) -> bool:
    # Every segment inside the corrected span takes the kind: if the parser now cuts the span
    # in two, both halves were what the editor meant.
    inside = [i for i, s in enumerate(spans) if s.start >= after["start"] and s.end <= after["end"]]
    for i in inside:
        spans[i] = replace(spans[i], kind=after["kind"], rule="")
    return bool(inside)


def _replay_split(text: str, spans: list[Span], after: dict) -> bool:
    at = after["at"]
    for i, span in enumerate(spans):
        if span.start < at < span.end:
            try:
                spans[i : i + 1] = split_span(text, span, at)
            except CorrectionError:
                return False
            return True
    return True  # the parser already cuts there


def _replay_merge(spans: list[Span], after: dict) -> bool:
    inside = [i for i, s in enumerate(spans) if s.start >= after["start"] and s.end <= after["end"]]
    if not inside or spans[inside[0]].start != after["start"] or spans[inside[-1]].end != after["end"]:
        return False  # the parser's segments no longer line up with the merged span
    if len(inside) > 1:
        spans[inside[0] : inside[-1] + 1] = [merge_spans(spans[inside[0]], spans[inside[-1]])]
    return True
