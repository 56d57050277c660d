"""Line shapes that place a line in the layout: titles, kickers, standfirsts, headings and list labels."""

from __future__ import annotations

import re

from ..segment import split_sentences
from .bylines import IN_PLACE, PROVIDED_BY, parse_byline, personal_names
from .captions import ends_with_dash_credit
from .dates import is_date_line
from .text import CLOSING, ends_sentence, ends_with_punctuation, starts_like_sentence


def looks_like_title(line: str) -> bool:
    return (
        len(line) <= 200
        and len(line.split()) <= 30
        and line.rstrip(CLOSING)[-1:] not in ".,;:"
        and starts_like_sentence(line)
    )


def looks_like_heading(line: str) -> bool:
    if len(line) > 120 or not starts_like_sentence(line):
        return False
    words = len(line.split())
    return (
        words <= 14
        and (not ends_with_punctuation(line) or (line.endswith("?") and 2 <= words <= 8))
        and len(split_sentences(line)) == 1  # "Prices rose. Wages did not" is a paragraph
        and not ends_with_dash_credit(line)  # and so is "The talks resume in May. — AFP"
    )


# The label of a live update: "UPDATE, 4:40 p.m.:", "Update 11:20 a.m. ET:", "UPDATE:".
UPDATE_LABEL = re.compile(
    r"(?i:update[d]?)(?:\s*[,(–—-]?\s*(?:at\s+)?\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?\)?)?\s*:"
)
_DECK_WORDS = (6, 30)
# "About Acme Corp.": the boilerplate sections at the end of a press release.
ABOUT_HEADING = re.compile(r"About\s+(?:the\s+)?[A-Z][\w&.,'’-]*(?:\s+(?:[A-Z&][\w&.,'’-]*|of|and|for|the)){0,6}")
# Words that make a short line ending in ":" a sentence ("He said:", "The demands are:"),
# not a label over a list ("Transaction highlights:").
_NOT_LABEL = frozenset(
    "a an the he she they we i it you this that these those there here is are was were be been has have had will "
    "would can could said says told tells added adds wrote writes asked asks include includes including".split()
)


def is_kicker(line: str, following: str, after: str) -> bool:
    """A section label above the headline: "World", "LOCAL NEWS", "Football | Championship", "The long read"."""
    words = len(line.split())
    if words <= 2:
        return looks_like_title(following)
    if words > 4 or len(line) > 40 or ends_with_punctuation(line) or len(following.split()) < 6:
        return False
    # A label sits over the headline; the line over a byline ("By Jane Doe, Correspondent | May 3, 2024",
    # long enough to pass for a headline) is the headline itself.
    if not looks_like_title(following) or is_header_line(following):
        return False
    # A separator or capitals mark a label; otherwise a short headline ("Farmers
    # block roads") is told apart by its standfirst: the line under it is
    # followed by the byline, while under a kicker the headline is not.
    return "|" in line or line.isupper() or not is_header_line(after)


def is_header_line(line: str) -> bool:
    """Whether line is a byline, date or name line of the article header (for the standfirst above it)."""
    return bool(line) and (
        is_date_line(line)
        or PROVIDED_BY.fullmatch(line) is not None
        or parse_byline(line) is not None
        or (len(line) <= 80 and personal_names(IN_PLACE.sub("", line)) is not None)
    )


def is_label(line: str) -> bool:
    """A short label over a list: "Transaction highlights:", "Key facts:"."""
    if not line.endswith(":") or len(line) > 40:
        return False
    words = line[:-1].split()
    return 1 <= len(words) <= 3 and not any(w.lower() in _NOT_LABEL for w in words) and starts_like_sentence(line)


def without_trailing_bracket(line: str) -> str:
    """line without a closing "(...)": "Eastbridge Rovers 1 (Dawes 47 pen.)" -> "Eastbridge Rovers 1"."""
    if line.endswith(")") and "(" in line:
        head = line[: line.rindex("(")].rstrip()
        if head:
            return head
    return line


def is_deck(line: str, following: str) -> bool:
    """A one-sentence standfirst without a final stop under the byline, above a paragraph of the report."""
    return (
        _DECK_WORDS[0] <= len(line.split()) <= _DECK_WORDS[1]
        and starts_like_sentence(line)
        and not ends_with_punctuation(line)
        and starts_like_sentence(following)
        and ends_sentence(following)
        and len(split_sentences(line)) == 1
    )


def is_short_label(line: str) -> bool:
    """A label of one to three words before the first paragraph ("Key findings"); no numbers, so no claim."""
    return len(line.split()) <= 3 and looks_like_heading(line) and not any(c.isdigit() for c in line)
