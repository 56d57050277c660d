"""Recognise the structure of a plain-text news article (title, byline, dateline, headings, body, disclaimers).

Modules by concern: model (the data types), text (normalisation and line shapes),
furniture (page furniture removed from the text), dates (date lines and datelines),
bylines (bylines and credit lines), captions (photo captions and credits),
disclaimers, layout (titles, kickers, headings, labels) and parser (parse_article).
"""

from .model import SEGMENT_KINDS, ParsedArticle, Segment
from .parser import parse_article
from .text import normalise_text

__all__ = ["SEGMENT_KINDS", "ParsedArticle", "Segment", "normalise_text", "parse_article"]
