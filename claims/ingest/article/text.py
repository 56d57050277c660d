"""Whole-text normalisation and the line-shape tests (punctuation, capitals) shared by the recognisers."""

from __future__ import annotations

import re

# Every other character that Python's splitlines() (and so the sentence splitter) takes for a line
# break: a vertical tab (Word's manual line break), a form feed (a page break), the information
# separators, NEL and the Unicode line and paragraph separators. Each becomes a newline, so the stored
# text and its sentence split agree.
LINE_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def normalise_line_endings(raw: str) -> str:
    """The text as stored: line breaks unified to "\\n", BOMs dropped.

    NUL is not dropped here: the readers refuse a file that holds one (one rule for it, not two).
    """
    text = raw
    if "\ufeff" in text:
        text = text.replace("\ufeff", "")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for newline in LINE_BREAKS:
        if newline in text:
            text = text.replace(newline, "\n")
    return text


def normalise_text(raw: str) -> str:
    """Unify line breaks, drop BOMs, strip line ends, keep at most two blank lines in a row."""
    # str methods guarded by `in` tests: regex subs over whole articles cost
    # more than all of the sentence splitting.
    text = normalise_line_endings(raw)
    text = "\n".join([line.rstrip() for line in text.split("\n")])
    while "\n\n\n\n" in text:  # each pass shortens every run of blank lines
        text = text.replace("\n\n\n\n", "\n\n\n")
    return text.strip()


# Interview lines ("Q: ...", "A. ...", "GREAVES: ...") are spoken text, never headings.
SPEAKER = re.compile(r"(?:[QA]\s*[:.]|[A-Z][A-Z'’-]+(?:\s+[A-Z][A-Z'’-]+){0,2}\s*:)\s")
# Closing quotes and brackets that may follow the last word of a line.
CLOSING = "\"'”’»)]"
_TERMINAL = ".!?…:;,"


def ends_with_punctuation(line: str) -> bool:
    core = line.rstrip(CLOSING)
    return not core or core[-1] in _TERMINAL


def ends_sentence(line: str) -> bool:
    return line.rstrip(CLOSING)[-1:] in (".", "!", "?", "…")


# List bullets: markup, not text. A body sentence starts after its bullet.
BULLETS = "•▪◦‣●"


def starts_like_sentence(line: str) -> bool:
    c = line.lstrip("\"'“‘«([•▪◦‣● ")[:1]
    return c.isupper() or c.isdigit()


def same_text(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
