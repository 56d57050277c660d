"""How much of a text's prose was kept as body: the check behind "most of this page was taken as furniture".

An annotator never sees furniture in the queue, so an article the parser took for furniture loses
its claims without anyone noticing. The parser cannot tell that it went wrong, but it can count:
furniture is menus, share rows and teaser titles, short lines with few function words, so a page
whose furniture holds more prose than its body has most likely lost its article (or kept only a
teaser of it). Such a page is flagged on the import summary and on the source page for an editor
to check; nothing is changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from .pages import STOPWORDS

# A piece of furniture counts as prose when it is a sentence-sized run of words a third of which are
# function words, as in running text ("the", "of", "was"): menus, bylines and teaser titles have few.
PROSE_MIN_WORDS = 12
PROSE_MIN_FUNCTION_SHARE = 0.3
# Flag a text whose body holds under this share of its prose words. On the dev pages a page read well
# keeps 0.6 or more as body (readers' comments and teaser summaries are the prose it sets aside);
# a page whose article went to furniture keeps well under half.
FLAG_BELOW = 0.5
WARNING = "most of this page was taken as furniture: check it"

_EDGES = "\"'“”‘’()[].,;:!?—–-*•"


def is_prose(text: str) -> bool:
    """Whether a piece of text reads as running text: long enough, and with a prose share of function words."""
    words = text.split()
    if len(words) < PROSE_MIN_WORDS:
        return False
    function = sum(word.strip(_EDGES).casefold() in STOPWORDS for word in words)
    return function >= PROSE_MIN_FUNCTION_SHARE * len(words)


def body_share(text: str, spans: Iterable[tuple[int, int, str]]) -> float:
    """Of the prose words of the (start, end, kind) spans of text, the share kept as body: body words over body
    words plus the words of the furniture spans that read as prose; 1.0 when no furniture does."""
    spans = list(spans)
    furniture = 0
    for start, end, kind in spans:
        if kind == "furniture" and is_prose(piece := text[start:end]):
            furniture += len(piece.split())
    if not furniture:  # the usual case: a few short lines of furniture, and the body need not be counted
        return 1.0
    body = sum(len(text[start:end].split()) for start, end, kind in spans if kind == "body")
    return body / (body + furniture)


def mostly_furniture(text: str, spans: Iterable[tuple[int, int, str]]) -> float | None:
    """The share of prose kept as body when it is under FLAG_BELOW (the text should be checked), else None."""
    share = body_share(text, spans)
    return share if share < FLAG_BELOW else None
