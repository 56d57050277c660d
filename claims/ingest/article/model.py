"""The parsed-article data types: segment kinds, Segment and ParsedArticle."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

SEGMENT_KINDS = ("title", "byline", "dateline", "heading", "body", "caption", "disclaimer", "furniture")


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of ParsedArticle.text: text[start:end] is the segment, kind one of SEGMENT_KINDS."""

    start: int
    end: int
    kind: str


@dataclass
class ParsedArticle:
    """The cleaned text that is stored (never changed afterwards), its metadata and its segments in order."""

    text: str
    title: str = ""
    author: str = ""
    outlet: str = ""
    published: datetime.date | None = None
    segments: list[Segment] = field(default_factory=list)
