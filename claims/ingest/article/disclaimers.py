"""Disclaimers: editor's notes, corrections, views-expressed notes and legal boilerplate."""

from __future__ import annotations

import re

from .text import ends_sentence

_DISCLAIMER_START = re.compile(
    r"""(?ix)
      (?:editor['’]?s?['’]?\s+note|disclaimer|disclosure|note\s+to\s+(?:readers|editors)|corrections?|clarification)
      (?:\s*,\s*[^:\n]{1,30})?\s*[:.—–-]  # "Correction, March 7:"
    | (?:this|the)\s+(?:article|story|piece|post|column|commentary|op-ed|essay|interview|conversation|transcript)
      \s+(?:was|is|has\s+been)\s+(?:originally\s+|first\s+|lightly\s+)?
      (?:published|posted|republished|reprinted|adapted|produced|written|translated|updated|amended|corrected|edited
        |condensed|changed)
    | (?:a|an\s+(?:earlier|previous|older))\s+version\s+of\s+this\s+(?:article|story|report|piece|post|column)
    | (?:originally|first)\s+(?:published|appeared)\s+(?:on|in|at|by)\b
    | (?:this|the)\s+(?:press\s+|news\s+)?release\s+(?:contains|includes|may\s+contain)\s+(?:certain\s+)?forward-looking
    | an?\s+(?:correction|clarification)\s+(?:was|has\s+been)\s+(?:made|appended|added|issued)\b  # "... on May 5:"
    | \(?views\s+(?:expressed\s+)?are\s+(?:personal|(?:the\s+)?(?:author|writer)['’]s\s+own)\b
    | check\s+back\s+(?:later\s+)?for\s+(?:updates|more)\b
    | this\s+is\s+an?\s+(?:developing|breaking)(?:\s+news)?\s+(?:story|report)
    | this\s+(?:story|report|article)\s+(?:is\s+developing|will\s+be\s+updated|is\s+being\s+updated)
    | (?:this|the)\s+(?:article|commentary|column|piece|essay|op-ed|post|analysis|report|opinion\s+piece)
      \s+(?:reflects|represents|expresses)\s+(?:only\s+)?(?:the\s+)?(?:personal\s+)?(?:views|opinions)\s+of
      \s+(?:the\s+|its\s+)?(?:authors?|writers?|contributors?)
    """
)
# A heading over legal boilerplate: the paragraphs under it are disclaimers.
_DISCLAIMER_HEADING = re.compile(
    r"(?i)(?:cautionary\s+(?:note|statement|language)\b.*|(?:safe\s+harbou?r|forward-looking)\s+statements?\b.*)"
)
_VIEWS_EXPRESSED = re.compile(
    r"(?i)\b(?:views|opinions)\b(?:\s+and\s+(?:views|opinions))?\s+expressed\b.{0,150}?"
    r"(?:\bare\s+(?:those\s+of\s+)?(?:the\s+)?(?:author|writer|contributor)|\b(?:do(?:es)?\s+not|don['’]t)\s+necessarily"
    r"|\bare\s+(?:personal|solely|theirs|(?:their|his|her)\s+own)\b)"
)
# The "views are the authors' own" note that names the site it speaks for:
# "... and don't reflect any official position of Example Times." The site is the outlet.
_VIEWS_OF_SITE = re.compile(
    r"""(?x)(?i:.{0,40}\b(?:views|opinions)\b.{0,150}?\bexpressed\b.{0,200}?
        \b(?:do(?:es)?\s+not|don['’]t|doesn['’]t|never)\s+(?:necessarily\s+)?(?:reflect|represent)\b.{0,80}?
        \b(?:of|at|by)\s+)
    (?P<site>(?:[Tt]he\s+)?[A-Z][\w.&'’-]*(?:\s+(?:[A-Z][\w.&'’-]*|of|for|and|&)){0,5})\s*[.!]?"""
)


def is_disclaimer(line: str) -> bool:
    if len(line) > 600:
        return False
    return _DISCLAIMER_START.match(line) is not None or (
        "expressed" in line and _VIEWS_EXPRESSED.search(line) is not None
    )


def site_of_disclaimer(line: str) -> str | None:
    """The site a "views are the authors' own" note names ("... any official position of SITE."), or None."""
    if len(line) > 600 or "expressed" not in line:
        return None
    m = _VIEWS_OF_SITE.fullmatch(line)
    site = m.group("site").rstrip(".") if m is not None else ""
    return site if site and not site.lower().startswith("the author") else None


def continues_disclaimer(previous: str, previous_kind: str) -> bool:
    """A paragraph under a disclaimer label ("Correction: May 5, 2024") or a boilerplate heading.

    previous is the paragraph before it and previous_kind its kind ("" at the top).
    """
    if previous_kind not in ("disclaimer", "heading"):
        return False
    if previous_kind == "disclaimer":
        return len(previous) <= 60 and not ends_sentence(previous)
    return len(previous) <= 80 and _DISCLAIMER_HEADING.fullmatch(previous) is not None
