"""Segment arithmetic: splitting at an offset, merging, and replaying corrections on new segments."""

import pytest

from claims.curation.errors import CorrectionError
from claims.curation.segments import Span, check_kind, replay, split_span

TEXT = "First part here. Second part there.\nThird line."
WHOLE = Span(0, 35, "body", "body.default")


def test_split_leaves_the_whitespace_at_the_cut_out_of_both_halves():
    first, second = split_span(TEXT, WHOLE, 16)  # at the space after "here."
    assert TEXT[first.start : first.end] == "First part here."
    assert TEXT[second.start : second.end] == "Second part there."
    assert first.kind == second.kind == "body" and first.rule == second.rule == "body.default"
    assert split_span(TEXT, WHOLE, 17) == (first, second)  # at the "S": the same cut


@pytest.mark.parametrize("at", [0, 35, -3, 99, 1.5, "17", True, None])
def test_split_outside_the_sentence_or_not_an_integer_is_refused(at):
    with pytest.raises(CorrectionError) as refused:
        split_span(TEXT, WHOLE, at)
    assert refused.value.field == "at" and refused.value.status == 400


def test_split_that_leaves_one_side_blank_is_refused():
    with pytest.raises(CorrectionError, match="both sides"):
        split_span("A.  ", Span(0, 4, "body"), 2)


def test_kinds_are_the_eight_segment_kinds():
    assert check_kind("furniture") == "furniture"
    kinds = "title, byline, dateline, heading, body, caption, disclaimer, furniture"
    for bad in ("Body", "", "\x00", None, 3):
        with pytest.raises(CorrectionError, match=f"kind must be one of {kinds}$"):
            check_kind(bad)


def test_replay_applies_kind_split_and_merge_in_order():
    parsed = [Span(0, 16, "body", "r1"), Span(17, 35, "body", "r1"), Span(36, 47, "heading", "r2")]
    corrections = [
        ("merge", {"start": 0, "end": 35}),
        ("kind", {"start": 0, "end": 35, "kind": "title"}),
        ("split", {"at": 42, "spans": [[36, 41], [42, 47]]}),
        ("metadata", {"value": "ignored"}),
    ]
    result = replay(TEXT, parsed, corrections)
    assert result.spans == [Span(0, 35, "title", ""), Span(36, 41, "heading", "r2"), Span(42, 47, "heading", "r2")]
    assert (result.applied, result.unapplied) == (3, 0)


def test_replay_counts_corrections_that_no_longer_fit():
    parsed = [Span(0, 20, "body"), Span(21, 47, "body")]  # the parser now cuts elsewhere
    corrections = [("kind", {"start": 0, "end": 16, "kind": "title"}), ("merge", {"start": 0, "end": 35})]
    result = replay(TEXT, parsed, corrections)
    assert result.spans == parsed
    assert (result.applied, result.unapplied) == (0, 2)


def test_replayed_split_where_the_parser_already_cuts_changes_nothing():
    parsed = [Span(0, 16, "body"), Span(17, 35, "body")]
    result = replay(TEXT, parsed, [("split", {"at": 17})])
    assert result.spans == parsed and result.applied == 1
