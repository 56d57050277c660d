"""The parsed-article data types: segment kinds, Segment, ParsedArticle and the structure Rule."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

SEGMENT_KINDS = ("title", "byline", "dateline", "heading", "body", "caption", "disclaimer", "furniture")


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of ParsedArticle.text: text[start:end] is the segment, kind one of SEGMENT_KINDS.

    rule is the id of the structure rule that decided the kind (see Rule), shown to editors.
    """

    start: int
    end: int
    kind: str
    rule: str = ""


@dataclass
class ParsedArticle:
    """The text as imported (line endings unified, never changed afterwards), its metadata and its segments.

    Every character of the text that is not whitespace lies in a segment: page furniture is a
    segment of kind "furniture", never cut out. meta holds what has no field of its own ("editor").
    """

    text: str
    title: str = ""
    author: str = ""
    outlet: str = ""
    published: datetime.date | None = None
    segments: list[Segment] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)

    def without_furniture(self) -> str:
        """The text with its furniture segments taken out (what an importer that cuts furniture would keep)."""
        pieces, at = [], 0
        for segment in self.segments:
            if segment.kind == "furniture":
                pieces.append(self.text[at : segment.start])
                at = segment.end
        pieces.append(self.text[at:])
        return "".join(pieces)


@dataclass(frozen=True, slots=True)
class Rule:
    """One structure rule: an id, the kind it gives, how it recognises a line, and examples.

    pattern is a regular expression (case-insensitive, verbose) that must match the whole stripped
    line, or a predicate.
    matches and misses are examples that must and must not be decided by this rule: a one-line
    example is a whole article; in a longer one, the line under test starts with ">> " and the
    other lines are its context. tests/ingest/test_article_rules.py makes one test per example.
    """

    id: str
    kind: str
    pattern: str | Callable[..., object]
    matches: tuple[str, ...]
    misses: tuple[str, ...] = ()
