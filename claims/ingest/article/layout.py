"""Line shapes that place a line in the layout: titles, kickers, standfirsts, headings and list labels."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from ..segment import split_sentences
from .bylines import IN_PLACE, PROVIDED_BY, parse_byline, personal_names
from .captions import ends_with_dash_credit
from .dates import is_date_line
from .text import CLOSING, ends_sentence, ends_with_punctuation, starts_like_sentence


def looks_like_title(line: str) -> bool:
    return (
        len(line) <= 200
        and len(line.split()) <= 30
        and (line.rstrip(CLOSING)[-1:] not in ".,;:" or (line.endswith(".") and headline_stop(line)))
        and starts_like_sentence(line)
    )


# A headline may still end with a full stop: the rows of HEADLINE_STOPS, tried in order
# (tests/ingest/test_article_rules.py checks each row's examples).
# The short words that title case leaves in lower case (AP and Chicago styles): every other word is capitalised.
_MINOR_WORDS = frozenset(
    {"a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "on", "at", "to", "by", "in", "of", "up", "as",
     "via", "per", "vs", "off", "out"}
)  # fmt: skip
_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def title_case(line: str) -> bool:
    """Whether the line is set in title case: four words or more besides the minor ones, all capitalised (a sentence
    has a verb or a common noun in lower case, even one full of names)."""
    major = [w for w in _WORDS.findall(line) if w.lower() not in _MINOR_WORDS]
    return len(major) >= 4 and all(w[0].isupper() for w in major)


class HeadlineStop(NamedTuple):
    """A convention under which a line that ends with a full stop may still be a page's headline."""

    id: str
    holds: Callable[[str], bool]
    matches: tuple[str, ...]
    misses: tuple[str, ...]


HEADLINE_STOPS: tuple[HeadlineStop, ...] = (
    # The stop closes an abbreviation ("U.S.", "Co."), as it would inside a sentence: it is not the end of one.
    # (Not "Jr.": a name ends with it, and a bare name is a byline.)
    HeadlineStop(
        "abbreviation",
        re.compile(r"(?:\b[A-Z]\.){2,}$|\b(?:Inc|Corp|Co|Ltd|Bros)\.$").search,
        ("Russia's Nuclear Help to Iran Stirs Questions About Its 'Improved' Relations With U.S.",
         "Apple Sues Samsung Electronics Co."),
        ("The talks resumed on Monday in Doha.", "He said the vote was fair, said A.", "By Tomás Reyes Jr."),
    ),
    # English-language news pages set headlines in title case, and some end them with a stop; prose, standfirsts
    # and captions are in sentence case.
    HeadlineStop(
        "title-case",
        title_case,
        ("Why the Senate Vote Matters More Than the House Vote.", "Voters Return to the Polls in Georgia Today."),
        ("The talks resumed on Monday after a long break in Doha.", "Read the full report from the United Nations.",
         "Ilse Varga met Tomas Rell in Soren Bay on Wednesday."),
    ),
)


def headline_stop(line: str) -> bool:
    """Whether a line that ends with a full stop may still be the headline (HEADLINE_STOPS)."""
    return any(stop.holds(line) for stop in HEADLINE_STOPS)


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
