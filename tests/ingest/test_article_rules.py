"""One test per example of every structure rule (claims/ingest/article/rules.py), generated from the tables.

An example is a small article. In a one-line example the line is under test; otherwise the segment
that starts at each ">> " marker is. A "match" example must have it decided by the rule (the
segment carries the rule's id); a "miss" must not.
"""

from __future__ import annotations

import re

import pytest

from claims.ingest.article import SEGMENT_KINDS, parse_article
from claims.ingest.article.layout import HEADLINE_STOPS, HeadlineStop
from claims.ingest.article.layout_rules import LAYOUT_RULES, LONE_RULES, LayoutRule, Line
from claims.ingest.article.model import ParsedArticle
from claims.ingest.article.rules import BY_ID, PART_IDS, RULES

MARK = ">> "


def rules_at(example: str) -> set[str]:
    """The rule ids of the segments that start at each '>> ' marker (or of the whole line in a one-line example)."""
    plain = example.replace(MARK, "")
    parsed = parse_article(plain)
    if MARK in example:
        starts = [m.start() - n * len(MARK) for n, m in enumerate(re.finditer(re.escape(MARK), example))]
    else:
        assert "\n" not in example.strip(), "a multi-line example needs a '>> ' marker"
        starts = [len(example) - len(example.lstrip())]
    # The segment at each marker: a rule may decide only the start of a line (a dateline) or its end.
    return {next(s.rule for s in parsed.segments if s.end > start) for start in starts}


CASES = [
    pytest.param(rule.id, example, match, id=f"{rule.id}-{'match' if match else 'miss'}{n}")
    for rule in RULES
    for match, examples in ((True, rule.matches), (False, rule.misses))
    for n, example in enumerate(examples)
]


@pytest.mark.parametrize(("rule_id", "example", "match"), CASES)
def test_rule_example(rule_id: str, example: str, match: bool) -> None:
    found = rules_at(example)
    if match:
        assert found == {rule_id}, f"{example!r} was decided by {found}"
    else:
        assert rule_id not in found, f"{example!r} was decided by {rule_id}"


def test_rule_ids_are_unique_and_kinds_known() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    assert all(rule.kind in SEGMENT_KINDS for rule in RULES)
    assert all(rule.id.split(".")[0] == rule.kind for rule in RULES)
    assert not PART_IDS & set(BY_ID)


def test_every_rule_has_an_example_that_must_match() -> None:
    # The given title is tested with the title= keyword (tests/ingest/test_article.py).
    assert [rule.id for rule in RULES if not rule.matches] == ["title.given"]


def test_every_segment_names_a_rule_of_the_tables() -> None:
    parsed = parse_article(
        "Editor in Chief: Jane Doe\nTalks resume\nBy Ana Ruiz\nShare on X\nThe talks resumed. More soon.\n"
        "11:58 p.m. Observers give verdict\nThey said so.\nDivers check the pier. Photo: Li Wei/AP\nBack to Top"
    )
    assert {s.rule for s in parsed.segments} <= set(BY_ID) | PART_IDS


def example_lines() -> list[str]:
    """Every line of every rule example, without its marker: lines of many shapes to try a rule on."""
    return sorted({line.replace(MARK, "").strip() for rule in RULES for example in (*rule.matches, *rule.misses)
                   for line in example.split("\n") if line.strip()})


@pytest.mark.parametrize("rule", [rule for rule in LAYOUT_RULES if rule.context], ids=lambda rule: rule.id)
def test_a_rule_that_needs_context_never_holds_on_a_record_of_one_line(rule: LayoutRule) -> None:
    # The parser does not try these rules on a record of one line (LONE_RULES): that must change nothing.
    for text in example_lines():
        for author, title in (("", ""), ("Jane Doe", text)):
            art = ParsedArticle(text=text, author=author)
            line = Line(text, 0, [(0, len(text))], text, [], art, title, in_header=True)
            assert not rule.pattern(line), f"{rule.id} holds on {text!r} alone"


def test_every_record_of_one_line_is_decided_before_the_end_of_the_lone_rules() -> None:
    # body.edge-or-speaker holds on any line alone: the rules after it in LAYOUT_RULES are never reached.
    assert LONE_RULES[-1].id == "body.edge-or-speaker"
    assert [rule.id for rule in LONE_RULES] == [
        rule.id for rule in LAYOUT_RULES[: LAYOUT_RULES.index(LONE_RULES[-1]) + 1] if not rule.context
    ]


@pytest.mark.parametrize(
    ("stop", "example", "match"),
    [
        pytest.param(stop, example, match, id=f"{stop.id}-{'match' if match else 'miss'}{n}")
        for stop in HEADLINE_STOPS
        for match, examples in ((True, stop.matches), (False, stop.misses))
        for n, example in enumerate(examples)
    ],
)
def test_headline_stop_example(stop: HeadlineStop, example: str, match: bool) -> None:
    # A headline that ends with a full stop under one of the conventions is the article's title; a sentence is not.
    assert bool(stop.holds(example)) is match
    parsed = parse_article(f"{example}\nBy Jane Doe\nThe talks went on for hours, the officials said. More.")
    assert (parsed.title == example) is match
