"""Recognise the structure of a plain-text news article (title, byline, dateline, headings, body, furniture).

Modules by concern: model (the data types), version (PARSER_VERSION), text (normalisation and
line shapes), furniture (the page-furniture rules), pages (whole pages judged block by block),
dates, bylines, captions, disclaimers and layout (line recognisers), layout_rules (the table of
layout rules), rules (every rule, for tests and editors) and parser (parse_article).
"""

from .model import SEGMENT_KINDS, ParsedArticle, Rule, Segment
from .parser import parse_article
from .text import normalise_line_endings, normalise_text
from .version import PARSER_VERSION

__all__ = [
    "PARSER_VERSION",
    "SEGMENT_KINDS",
    "ParsedArticle",
    "Rule",
    "Segment",
    "normalise_line_endings",
    "normalise_text",
    "parse_article",
]
