"""Bylines and credit lines: the names, outlets, roles and dates of the people behind a story."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from .dates import DATE, DATE_RE, parse_date

# "By Jane Doe", "Written by: Jane Doe", "Author: Jane Doe" (a label, as blog themes print it).
_BY = re.compile(
    r"(?:(?i:(?:analysis|opinion|commentary|column|story|text|words|written|posted|reported|interview)\s+)?"
    r"(?i:by)\s*:?|(?i:authors?)\s*:)\s+(?P<rest>\S.*)"
)
# "Posted on May 3, 2024 by Jane Doe", "May 3, 2024 by Jane Doe": blog themes put the date first.
_DATE_THEN_BY = re.compile(rf"(?i:(?:posted|published)\s+)?(?i:on\s+)?{DATE_RE}\s+(?i:by)\s+(?P<names>.+)")
# A name glued to the date after it, as a browser copies two inline elements: "By Jane DoeMay 3, 2024".
_GLUED_DATE = re.compile(r"(?<=[a-z])(?=[A-Z][a-z]{2,8}\.?\s+\d|\d{4}-\d{2}-\d{2}\b)")  # or "By Jane Doe2014-01-26"
# "Jane Doe | May 3, 2024", "Jane Doe Published May 3, 2024" (the second with two names or more).
_NAME_THEN_DATE = re.compile(
    rf"(?P<names>[^|•·—–]{{3,80}}?)(?:\s*[|•·—–]\s*|(?P<stamp>\s+)(?=(?i:published|posted|updated)\b))"
    rf"(?P<rest>.*\b{DATE_RE}.*)"
)
# Credit lines at the end of wire copy: "(Reporting by Jane Doe in Kyiv; Editing by John Roe)",
# "Associated Press writer Jane Doe contributed to this report.", "Additional input from APP",
# "Medically reviewed by Dr. Jane Doe, MD".
_CREDIT = re.compile(
    r"(?i)\(?(?:(?:additional\s+)?(?:reporting|writing|editing|edited|compiled|produced)\s+by"
    r"|(?:medically\s+)?reviewed\s+by|fact[- ]checked\s+by"
    r"|(?:with\s+)?additional\s+(?:input|reporting|information)\s+(?:from|by))\s+"
    r"(?P<names>[^;()]{1,120}?)[.)]*(?:;.{0,200})?"
)
_CREDIT_HEADS = frozenset({"addi", "repo", "writ", "edit", "comp", "prod", "medi", "revi", "fact", "with"})
_REPORTING_FROM = re.compile(r"(?:Reporting|Reported|Writing)\s+from\s+[A-Z][^.;]{0,80}")  # "Reporting from Kyiv"
# "Mukendi reported from Kinshasa, Congo.", "Doe and Roe reported from Kyiv."
_REPORTED_FROM = re.compile(
    r"(?P<names>[A-Z][^.;]{1,80}?)\s+(?:reported|wrote)\s+(?:this\s+report\s+)?from\s+[A-Z][^.;]{0,80}\.?"
)
IN_PLACE = re.compile(r"\s+(?:in|at)\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*")  # "Jane Doe at Wembley"
# "Jane Doe contributed reporting from Odesa." Periods only after capitals (initials, "U.S.").
_CONTRIBUTED = re.compile(
    r"(?i)(?:[^.;]|(?<=[A-Z])\.){3,200}?\s+contributed\s+(?:"
    r"(?:additional\s+)?(?:reporting|research)(?:\s+(?:from|in)\s+[^.;]{2,60}?)?"
    r"(?:\s+(?:to|for)\s+this\s+(?:report|story|article))?"
    r"|to\s+this\s+(?:report|story|article))\.?"
)
# "With inputs from agencies", "With agency inputs" (no names to check).
_AGENCY_INPUT = re.compile(
    r"(?i)\(?(?:with\s+)?(?:additional\s+)?inputs?\s+from\s+(?:news\s+)?agencies\)?\.?|\(?with\s+agency\s+inputs\)?\.?"
)
# Header lines that name a role or desk under a name: "Legal Affairs Correspondent",
# "Consumer affairs reporter, BBC News".
ROLE_LINE = re.compile(
    r"(?i)(?:[\w&'’-]+\s+){0,4}(?:correspondent|reporter|writer|editor|columnist|contributor|analyst|critic"
    r"|producer|journalist)(?:\s*,\s*[^,.;:!?]{2,40})?"
)
# Press-release header: "NEWS PROVIDED BY" above the company name.
PROVIDED_BY = re.compile(r"(?i)(?:news\s+)?(?:provided|distributed|issued)\s+by\s*:?")
# "Source: Al Jazeera and news agencies", "Sources: AP, Reuters"
_SOURCE_CREDIT = re.compile(r"(?i)sources?\s*:\s*(?P<source>[A-Z][^.!?;:\n]{1,60})")
# An author's bio under the article: "Jane Doe is a Times correspondent covering ..."
_BIO_VERB = re.compile(r"\s+(?:is|was|has\s+been|covers|reports|writes)\b")
_BYLINE_PARTS = re.compile(r"\s*[|•·]\s*|\s+[–—-]\s+")
_DESK = re.compile(
    r"(?:[Tt]he\s+)?(?P<desk>(?:[A-Z][\w&’'-]*\s+){0,3}(?i:desk|staff|team|bureau|newsroom|editors|editorial\s+board))"
)
_COMMENT_COUNT = re.compile(r"(?i)\s*[|•·,-]?\s*\d+\s+comments?\s*$")
# What joins a name to the date after it: "on", "published", a separator, the day of the week ("on Monday,").
_TRAILING_LINK = re.compile(
    r"(?i)(?:\s*(?:\bon\b|\bpublished\b|\bupdated\b|\bposted\b|[|•·,:–—-]"
    r"|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:mon|tue|wed|thu|fri|sat|sun)\.?(?=,)))+\s*$"
)
# ", ", " & ", " and ", and the serial comma before the last name (", and Tom Watkins").
NAME_SEPARATOR = re.compile(r"\s*(?:,\s*(?:and\b|&)?|&|\band\b)\s*")
# What a byline adds to a name and is no part of it: a nickname in quotes ('Amanda "Tania Mae" Tan') and the
# author's social-media handle, which a browser copies glued to the name ("Jon Porter@JonPorty").
_NAME_EXTRAS = re.compile(r"\s*@\w{1,30}|\s+[\"“][^\"”]{1,30}[\"”](?=\s)")
_NAME_WORD = re.compile(r"[^\W\d_][\w.'’-]*")
_PARTICLES = frozenset(
    {"de", "da", "del", "della", "der", "den", "van", "von", "al", "el", "bin", "bint", "ibn", "le", "la", "du", "di",
     "dos", "das", "y"}
)  # fmt: skip
# Pronouns and determiners: no personal name has one, a link's label in title case often does (bare_name).
_NOT_IN_NAMES = frozenset(
    {"this", "that", "these", "those", "the", "your", "our", "my", "here", "it", "us", "me", "you"}
)
# Bylines that name only an agency ("By Reuters") give an outlet, not an author.
_AGENCIES = frozenset(
    {"reuters", "ap", "afp", "bloomberg", "tass", "xinhua", "efe", "dpa", "ansa", "upi", "pti", "ani", "cnn", "bbc",
     "associated press", "the associated press", "agence france-presse", "ria novosti"}
)  # fmt: skip
_OUTLET_KEYWORD = re.compile(
    r"(?i).*\b(?:news|press|times|post|agency|service|network|journal|herald|tribune|daily|magazine|wire|media"
    r"|radio|tv|television|broadcasting|review|monitor|gazette|observer|dispatch|courier|telegraph|chronicle)\b.*"
)
_ROLES = r"(?:writer|reporter|correspondent|editor|columnist|contributor|analyst|critic|producer|journalist)"
_TRAILING_ROLE = re.compile(
    r"(?i:(?:[\s,]+(?:(?:senior|chief|staff|political|business|foreign|special|local|city|sports)\s+){0,2}"
    rf"|\s*,\s*(?:[\w&'’-]+\s+){{1,5}}){_ROLES})$"  # "Jane Doe, Health Reporter", "Jane Doe, CNN Senior Analyst"
    # A desk and a role in lower case after the name, no comma: "Richard Adams Education editor".
    rf"|\s+[A-Z][a-z]+(?:\s+[a-z]+)?\s+{_ROLES}$"
    # A rank, then a desk or a place, in title case: "Jane Doe Senior Washington Correspondent".
    rf"|\s+(?i:senior|chief|deputy|associate|assistant|managing|executive|contributing)\s+"
    rf"(?:[A-Z][\w&'’.-]*\s+){{1,2}}(?i:{_ROLES})$"
)
_ROLE_WORDS = re.compile(r"(?i)\b(?:correspondent|reporter|writer|editor|contributor|columnist|staff|bureau)\b")


def personal_names(part: str) -> str | None:
    """part if it reads as a list of personal names ("Jane Doe and John Roe"), else None."""
    part = _TRAILING_ROLE.sub("", _NAME_EXTRAS.sub("", part).strip(" ,;|-–—"))
    if not part or len(part) > 100:
        return None
    for name in NAME_SEPARATOR.split(part):
        words = name.split()
        if not 1 <= len(words) <= 5:
            return None
        for w in words:
            if not (w[0].isupper() or w.lower() in _PARTICLES) or _NAME_WORD.fullmatch(w) is None:
                return None
    # "JANE DOE AND JOHN ROE" -> "Jane Doe and John Roe"
    return " ".join((w.lower() if w == "AND" else w.title()) if w.isupper() else w for w in part.split())


def bare_name(line: str) -> str | None:
    """personal_names for a name on a line of its own, with no "By": not a link's label in title case ("Email This",
    "Your Account"), which has a pronoun or a determiner. ("By Our Staff Reporter" is a byline all the same.)"""
    if any(word.lower() in _NOT_IN_NAMES for word in line.split()):
        return None
    return personal_names(line)


def is_credit(line: str) -> bool:
    if len(line) > 300:
        return False
    if line.startswith(("Source", "source", "SOURCE")):
        m = _SOURCE_CREDIT.fullmatch(line)
        return m is not None and m.group("source")[:1].isupper()
    # _CREDIT and _REPORTING_FROM start with "(" or one of _CREDIT_HEADS: a cheap test before the regex.
    if line[:1] == "(" or line[:4].lower() in _CREDIT_HEADS:
        m = _CREDIT.fullmatch(line)
        if m is not None:
            return personal_names(IN_PLACE.sub("", m.group("names"))) is not None
        if _REPORTING_FROM.fullmatch(line):
            return True
    if "nput" in line and _AGENCY_INPUT.fullmatch(line):
        return True
    if ("reported" in line or "wrote" in line) and (m := _REPORTED_FROM.fullmatch(line)) is not None:
        return personal_names(m.group("names")) is not None
    return "contributed" in line and _CONTRIBUTED.fullmatch(line) is not None


def is_outlet_line(line: str) -> bool:
    """A short line naming a news organisation ("BBC News, Kyiv", "Reuters")."""
    if len(line) > 60 or line.endswith(".") or len(line.split()) > 6:
        return False
    first = line.split(",")[0].strip()
    return first.lower() in _AGENCIES or _OUTLET_KEYWORD.fullmatch(first) is not None


def looks_like_outlet(part: str) -> bool:
    part = part.strip()
    return bool(part) and (
        part.lower() in _AGENCIES
        or (len(part.split()) == 1 and part[0].isupper())
        or part.startswith("The ")
        or _OUTLET_KEYWORD.fullmatch(part) is not None
    )


@dataclass
class _Byline:
    author: str = ""
    outlet: str = ""
    published: datetime.date | None = None


# A byline may end in a period only after "Jr."/"Sr." or an initial.
_NAME_END_PERIOD = re.compile(r"(?:\b(?:Jr|Sr|Jnr|Snr)|(?<![\w.])[A-Z])\.$")
_NAME_END_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZr")  # the letters before that period ("Jr.", "J.")
_YEAR = re.compile(r"\d{4}")


def parse_byline(line: str) -> _Byline | None:
    # Nearly every sentence ends in a period: the letter before it is tested first. _NAME_END_PERIOD
    # matches at most the last four characters: it is tried on the last six (the fifth for its \b
    # and look-behind), not searched for along the whole line.
    if len(line) > 200 or (
        line.endswith(".") and (line[-2:-1] not in _NAME_END_LETTERS or _NAME_END_PERIOD.search(line[-6:]) is None)
    ):
        return None
    m = _BY.match(line)
    if m is None:
        # Every date of DATE_RE has a four-digit year: a line without one is no name and date.
        m = _NAME_THEN_DATE.fullmatch(line) if _YEAR.search(line) is not None else None
        if m is None:
            if _YEAR.search(line) is not None and (m := _DATE_THEN_BY.fullmatch(line)) is not None:
                author = personal_names(IN_PLACE.sub("", _TRAILING_ROLE.sub("", m.group("names"))))
                return _Byline(author=author, published=parse_date(line)) if author else None
            return _name_and_desk(line)
        author = personal_names(m.group("names"))
        if author is None or (m.group("stamp") is not None and len(author.split()) < 2):
            return None
        rest = m.group("rest")
        return _Byline(author=author, published=None if rest[:7].lower() == "updated" else parse_date(rest))
    rest = _COMMENT_COUNT.sub("", m.group("rest"))
    if _YEAR.search(rest) is not None:
        rest = _GLUED_DATE.sub(" ", rest)
    published = None
    date = DATE.search(rest)
    if date is not None:
        if "updated" not in rest[: date.start()].lower():  # an update time is not the publication date
            published = parse_date(rest)
        rest = rest[: date.start()]
    rest = _TRAILING_LINK.sub("", rest)
    names, *others = _BYLINE_PARTS.split(rest)
    outlet = ""
    if "," in names:
        head, tail = names.rsplit(",", 1)
        if _ROLE_WORDS.search(tail):
            names = head
        elif looks_like_outlet(tail) and personal_names(head):
            names, outlet = head, tail.strip()
    for other in others:
        if not outlet and looks_like_outlet(other) and not _ROLE_WORDS.search(other):
            outlet = other.strip()
    if names.strip().lower() in _AGENCIES:
        return _Byline(outlet=names.strip(), published=published)
    author = personal_names(IN_PLACE.sub("", names))  # "By Jane Doe in Kyiv"
    if author is None:
        desk = _DESK.fullmatch(names.strip())
        if desk is None:
            return None
        author = desk.group("desk")
    return _Byline(author=author, outlet=outlet, published=published)


def _name_and_desk(line: str) -> _Byline | None:
    """ "Jane Doe | Health Desk", "Jane Doe | Reuters", "Jane Doe - Senior Reporter": a name and its desk or outlet;
    "Jane Doe, Senior Reporter", "Jane Doe Education editor": a name and its role."""
    if "|" not in line and "•" not in line and "·" not in line and " - " not in line:
        name = _TRAILING_ROLE.sub("", line)
        author = personal_names(name) if name != line else None
        return _Byline(author=author) if author and 2 <= len(author.split()) <= 4 else None
    parts = _BYLINE_PARTS.split(line)
    if len(parts) != 2:
        return None
    author, other = personal_names(parts[0]), parts[1].strip()
    if author is None or not 2 <= len(author.split()) <= 4:  # "Sport | Cricket" is a kicker
        return None
    if other.lower() in _AGENCIES or _OUTLET_KEYWORD.fullmatch(other) is not None:
        return _Byline(author=author, outlet=other)
    if _DESK.fullmatch(other) is not None or ROLE_LINE.fullmatch(other) is not None:
        return _Byline(author=author)
    return None


def is_bio(line: str, author: str, surname: bool = False) -> bool:
    """'Jane Doe is a Times correspondent ...' where Jane Doe is an author of the piece.

    With surname, "Doe covers Africa for ..." counts too (under the author's name card).
    """
    for name in NAME_SEPARATOR.split(author):
        if " " not in name:
            continue
        if surname:
            name = name.rsplit(None, 1)[1]
        if line.startswith(name) and _BIO_VERB.match(line, len(name)):
            return True
    return False


# "He is based in Stockholm.", "She previously worked for ...": a bio's next sentence.
_BIO_MORE = re.compile(
    r"(?:He|She|They)\s+(?:is|was|has|have|lives|holds|covers|writes|previously|joined|can\s+be|tweets|teaches)\b"
)


def continues_bio(line: str) -> bool:
    return len(line) <= 250 and line[:1] in "HST" and _BIO_MORE.match(line) is not None
