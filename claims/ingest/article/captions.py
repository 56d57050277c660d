"""Photo captions and the photo credits that close them."""

from __future__ import annotations

import re

from ..segment import split_sentences

# Photo captions: "Photo: ...", "... (AP Photo/Jane Doe)", "... REUTERS/Jane Doe".
_CAPTION = re.compile(
    r"""(?x)
      (?i:photo|image|picture|file\s+photo|photograph|illustration|video)(?i:\s+credit)?\s*:.{1,300}
    | (?i:photo|image|picture|video)\s+(?i:source|caption|credit)\s*[,:].{1,300}
    | .{1,300}\((?:[A-Z][\w.&-]*\s+){0,2}(?i:photo|photograph|image|illustration|pictures?)\b[^()]{0,80}\)
    | .{1,300}\b(?:REUTERS|AFP|AP|EPA|Getty\s+Images|BLOOMBERG|XINHUA|ANADOLU)\s*/\s*[\w .'’-]{2,60}
    | \[\d{1,2}\s*/\s*\d{1,2}\].{1,300}  # a picture of a gallery: "[1/3]Containers are stacked ..."
    """
)
# Photo credits, a line or the last sentence of a caption: "Photograph: Jane Doe/The Guardian",
# "(Photo: John Smith/The Gazette)", "(AP Photo/Jane Doe)", "REUTERS/Jane Doe", "Getty Images",
# "Credit...Jane Doe for The Times", "(Getty Images)".
_CREDIT_LABEL = re.compile(
    r"\(?(?i:(?:photo|image|picture|video)\s+(?:credit|source)|photo(?:graph)?|image|picture|illustration|credit)"
    r"(?:\s*[:,]\s*|\.{2,3}\s*|…\s*|\s+by\s+)(?P<who>[^()]{2,80}?)\)?"
)
_CREDIT_AGENCY = re.compile(
    r"""(?x)
      \((?:[A-Z][\w.&-]*\s+){0,2}(?i:photo|photograph|image|illustration|pictures?)\s*/[^()]{2,80}\)
    | (?:[A-Z][\w.&-]*\s+){1,2}(?i:photo|photograph)\s*/\s*[\w .'’-]{2,60}  # "AP Photo/Jane Doe"
    | (?:REUTERS|AFP|AP|EPA(?:-EFE)?|BLOOMBERG|XINHUA|ANADOLU)\s*/\s*[\w .'’-]{2,60}
    | (?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s*/\s*){0,2}  # "Jane Doe/AFP/Getty Images"
      (?:Getty\s+Images|Shutterstock|Alamy|AFP|EPA(?:-EFE)?|PA\s+(?:Media|Wire)|Reuters|AP|Bloomberg)
      (?:\s+via\s+Getty\s+Images)?
    """
)
_CREDIT_CONNECTORS = frozenset({"via", "for", "and", "of", "the", "de", "van", "von", "/"})
# Agencies that also send text: a line or sentence naming only one of them is
# a picture credit only where no article text has started yet.
_TEXT_AGENCIES = frozenset({"reuters", "ap", "afp", "epa", "bloomberg", "xinhua", "anadolu", "app", "pti", "ani"})
# A credit after a dash closing a caption: "... on Sunday. — APP", "— AFP/File", "— Photo by Jane Doe".
_DASH_CREDIT = re.compile(
    r"""(?x)(?<=[.!?"”’)])\s+(?P<credit>[—–]\s*(?:
      [A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,2}(?:/File)?  # "— APP", "— White Star", "— Reuters/File"
    | (?i:photo(?:graph)?|file\s+photo)\s+(?:by|courtesy(?:\s+of)?|provided\s+by)
      \s+[A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,3}
    ))$"""
)
_CAPTION_MAX = 300  # caption text before its credit
_CAPTION_SENTENCES = 3
_CREDIT_MARK = re.compile(r"[/(]|Credit|Photo|Image|Getty|Shutterstock|Alamy")
_NOT_CREDIT_END = frozenset(".!?…:;,\"”’'")  # credits end in a name or a bracket


def is_photo_credit(line: str) -> bool:
    if len(line) > 100:
        return False
    if line.startswith("(") and line.endswith(")") and _CREDIT_AGENCY.fullmatch(line[1:-1]) is not None:
        return True  # "(Getty Images)"
    m = _CREDIT_LABEL.fullmatch(line)
    if m is not None:
        who = m.group("who")
        # A credit names people or agencies; "Photo: Workers repair the tunnel." is a caption.
        return not who.endswith(".") and (
            "/" in who or all(w[0].isupper() or w in _CREDIT_CONNECTORS for w in who.split())
        )
    # Every branch of _CREDIT_AGENCY has a "/" but the last, which ends in an agency's name: a cheap
    # test first, since most lines are sentences that end in a stop.
    return ("/" in line or line[-1:].isalpha()) and _CREDIT_AGENCY.fullmatch(line) is not None


def is_caption(line: str) -> bool:
    # Substring tests first: the regex is costly on every short paragraph.
    maybe = "/" in line or ":" in line[:30] or "hoto" in line or "mage" in line or "icture" in line or "llustr" in line
    return maybe and _CAPTION.fullmatch(line) is not None


def is_short_caption(line: str, sentences: int = 1) -> bool:
    return len(line) <= 200 and 1 <= len(split_sentences(line)) <= sentences


def is_picture_credit(line: str, before_body: bool) -> bool:
    """A photo credit; one naming only a news agency ("Reuters") counts only before the article text."""
    return is_photo_credit(line) and (before_body or line.strip("()").lower() not in _TEXT_AGENCIES)


def ends_with_dash_credit(line: str) -> bool:
    """Whether a credit after a dash closes the line: "... on Sunday. — APP"."""
    return ("—" in line or "–" in line) and _DASH_CREDIT.search(line) is not None


def credit_after_caption(line: str, before_body: bool) -> int | None:
    """Where the photo credit closing a caption line starts, or None when the line is not such a caption.

    "Fishers mend nets at dawn. Photo: Jane Doe/AP", "... on Monday. Credit...Jane Doe for The Times",
    "... on Sunday. (Getty Images)", and before the article text "... on Sunday. — APP".
    """
    if len(line) > _CAPTION_MAX + 100 or line[-1] in _NOT_CREDIT_END:
        return None  # nearly every paragraph of the text ends in a stop: one test rules it out
    dash = _DASH_CREDIT.search(line) if ("—" in line or "–" in line) else None
    if dash is not None:
        # After the article text has started, "— Reuters" may close a paragraph of the report.
        photo = dash.group("credit").lstrip("—– ")[:5].lower() in ("photo", "file ", "getty")
        return dash.start("credit") if (before_body or photo) and dash.start() <= _CAPTION_MAX else None
    if _CREDIT_MARK.search(line, max(0, len(line) - 100)) is None:
        return None
    spans = split_sentences(line)
    if not 2 <= len(spans) <= _CAPTION_SENTENCES + 1 or spans[-1][0] > _CAPTION_MAX:
        return None
    start = spans[-1][0]
    return start if is_picture_credit(line[start:], before_body) else None
