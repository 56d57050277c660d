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
    """
)
# Photo credits, a line or the last sentence of a caption: "Photograph: Jane Doe/The Guardian",
# "(Photo: John Smith/The Gazette)", "(AP Photo/Jane Doe)", "REUTERS/Jane Doe", "Getty Images".
_CREDIT_LABEL = re.compile(
    r"\(?(?i:(?:photo|image|picture|video)\s+(?:credit|source)|photo(?:graph)?|image|picture|illustration|credit)"
    r"\s*[:,]\s*(?P<who>[^()]{2,80}?)\)?"
)
_CREDIT_AGENCY = re.compile(
    r"""(?x)
      \((?:[A-Z][\w.&-]*\s+){0,2}(?i:photo|photograph|image|illustration|pictures?)\s*/[^()]{2,80}\)
    | (?:REUTERS|AFP|AP|EPA(?:-EFE)?|BLOOMBERG|XINHUA|ANADOLU)\s*/\s*[\w .'’-]{2,60}
    | (?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s*/\s*)?
      (?:Getty\s+Images|Shutterstock|Alamy|AFP|EPA(?:-EFE)?|PA\s+(?:Media|Wire)|Reuters|AP|Bloomberg)
      (?:\s+via\s+Getty\s+Images)?
    """
)
_CREDIT_CONNECTORS = frozenset({"via", "for", "and", "of", "the", "de", "van", "von", "/"})


def is_photo_credit(line: str) -> bool:
    if len(line) > 100:
        return False
    m = _CREDIT_LABEL.fullmatch(line)
    if m is not None:
        who = m.group("who")
        # A credit names people or agencies; "Photo: Workers repair the tunnel." is a caption.
        return not who.endswith(".") and (
            "/" in who or all(w[0].isupper() or w in _CREDIT_CONNECTORS for w in who.split())
        )
    return _CREDIT_AGENCY.fullmatch(line) is not None


def is_caption(line: str) -> bool:
    # Substring tests first: the regex is costly on every short paragraph.
    maybe = "/" in line or ":" in line[:30] or "hoto" in line or "mage" in line or "icture" in line or "llustr" in line
    return maybe and _CAPTION.fullmatch(line) is not None


def is_short_caption(line: str) -> bool:
    return len(line) <= 200 and len(split_sentences(line)) == 1
