"""Recognise the structure of a plain-text news article (title, byline, dateline, headings, body, disclaimers)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from .segment import split_sentences

SEGMENT_KINDS = ("title", "byline", "dateline", "heading", "body", "disclaimer")


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of ParsedArticle.text: text[start:end] is the segment, kind one of SEGMENT_KINDS."""

    start: int
    end: int
    kind: str


@dataclass
class ParsedArticle:
    """The cleaned text that is stored (never changed afterwards), its metadata and its segments in order."""

    text: str
    title: str = ""
    author: str = ""
    outlet: str = ""
    published: datetime.date | None = None
    segments: list[Segment] = field(default_factory=list)


# --- normalisation ----------------------------------------------------------


def normalise_text(raw: str) -> str:
    """Unify line breaks, drop BOM/NUL, strip line ends, keep at most two blank lines in a row."""
    # str methods guarded by `in` tests: regex subs over whole articles cost
    # more than all of the sentence splitting.
    text = raw
    for junk in ("\ufeff", "\x00"):
        if junk in text:
            text = text.replace(junk, "")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for newline in ("\u2028", "\u2029", "\x85"):
        if newline in text:
            text = text.replace(newline, "\n")
    text = "\n".join([line.rstrip() for line in text.split("\n")])
    while "\n\n\n\n" in text:  # each pass shortens every run of blank lines
        text = text.replace("\n\n\n\n", "\n\n\n")
    return text.strip()


# --- page furniture: whole lines removed from the text ------------------------

# "X" (Twitter) only counts next to another share target: a lone "X" line is kept.
_SOCIAL = (
    r"(?:facebook|twitter|whatsapp|linkedin|telegram|reddit|pinterest|e-?mail|messenger"
    r"|flipboard|copy\s+link|print(?:\s+this\s+(?:article|page|story))?)"
)
# "Contact us at x@y.com", "Media contact: Jane Doe, jane@acme.com"
_CONTACT = (
    r"(?:(?:media|press)\s+)?(?:contact|inquiries|enquiries|e-?mail|send|write\s+to)\b[^@\n]{0,120}"
    r"@[\w.-]+\.[a-z]{2,}.{0,100}"
)
# One item of a breadcrumb trail ("World", "U.S. & Canada"): a few words and no
# sentence punctuation, quotes or markup, starting with a capital and not ending
# with a period, so that a sentence quoting HTML ('"><img src=x>') or maths
# ("If a > b and b > c, ...") can never be read as a trail.
_CRUMB = r"[A-Z0-9À-ÖØ-Þ][\w.'’&()-]*(?:[ \t]+[\w'’&()-][\w.'’&()-]*){0,4}"
# Matched against a whole stripped line; each alternative is specific enough
# that it cannot be a sentence of the article itself.
_FURNITURE = re.compile(
    rf"""(?ix)
    (?:
      (?:user\s+)?comments?(?:\s*\(\d+\))?(?:\s+post\s+a\s+comment)?
    | \d+\s+comments?
    | (?:post|leave|add|write)\s+a\s+(?:comment|reply)
    | (?:view|show|load|see|read)\s+(?:all\s+)?(?:\d+\s+)?comments?
    | (?:back|return|go|scroll)\s+(?:back\s+)?to\s+top
    | share(?:\s+(?:this|the|full)(?:\s+(?:article|story|post|page))?)?\s*\d*\s*:?
    | you\s+must\s+be\s+(?:logged|signed)\s+in\s+to\s+(?:post\s+a\s+)?comment
    | have\s+a\s+(?:news\s+)?tip\??(?:\s+{_CONTACT})?|{_CONTACT}
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:twitter|x|instagram|threads|bluesky)\s*:\s*@\w+
    | (?:share\s+(?:this\s+\w+\s+)?(?:on|via)\s+(?:{_SOCIAL}|x)|{_SOCIAL})(?:(?:\s+|\s*[,/|•·]\s*)(?:{_SOCIAL}|x))*
    | tweet
    | click\s+here\s+to\s+.{{1,80}}
    | (?:related|more)\s+(?:articles?|stories|posts|content|news|coverage|reading|topics)\s*:?
    | (?:you\s+(?:may|might)\s+also\s+like|recommended(?:\s+(?:for\s+you|stories|articles|reading|videos?))?
       |most\s+(?:read|popular|viewed)
       |trending(?:\s+now)?|don['’]t\s+miss)\s*:?
    | (?:read\s+(?:more|also|next)|also\s+read|see\s+also|related(?:\s+(?:article|story))?)
      (?:\s*[:|»›>–—-].{{0,150}})?
    | (?:skip\s+)?advertisement|advertising|sponsored(?:\s+content)?|\[?ad\]?|supported\s+by
    | list\s+of\s+\d+\s+items?|list\s+\d+\s+of\s+\d+|end\s+of\s+list  # screen-reader labels of link lists
    | (?:leer|lire|leggi|ler|lesen)\s+(?:en|in|em|auf)\s+\w+|read\s+(?:this\s+)?in\s+english  # language switch
    | order\s+reprints.{{0,60}}
    | (?:to\s+support\s+.{{1,80}}?,\s*)?order\s+(?:your|a)\s+copy\s+(?:at|from)\s+\S+?
      (?:\.\s+delivery\s+charges\s+may\s+apply)?  # book-shop promotion under reviews
    | (?:(?:media|press|investor|news)\s+)?(?:contacts?|inquiries|enquiries)\s*:  # heads a contact block
    | (?:this\s+(?:web)?site\s+uses|we\s+use)\s+cookies.{{0,300}}
    | by\s+(?:using|continuing\s+to\s+(?:use|browse))\s+(?:this|our)\s+(?:web)?site\b.{{0,200}}\bcookies\b.{{0,100}}
    | (?:accept|reject|manage)\s+(?:all\s+)?cookies.{{0,100}}|cookie\s+(?:policy|settings|preferences).{{0,100}}
    | follow\s+(?:us|me)\s+(?:on|at)\s+.{{1,100}}
    | follow\s+\S+(?:\s+\S+){{0,3}}\s+on\s+(?:twitter|x|facebook|instagram|telegram|linkedin|threads|bluesky
       |mastodon|youtube|tiktok)\b.{{0,60}}
    | \d+\s*(?:-\s*)?min(?:ute)?s?\s+read
    | listen\s+to\s+(?:this\s+)?(?:article|story)(?:\s*[·•|(-]?\s*\d+\s*min(?:ute)?s?\)?)?
    | save(?:\s+(?:article|story))?|gift\s+(?:this\s+)?article
    | ©.{{0,150}}|(?:\(c\)|copyright)\s*©?\s*\d{{4}}.{{0,150}}
    | (?:subscribe|sign\s+up)(?:\s+(?:now|today|here))?
      (?:\s+(?:to|for)\s+(?:our|the|a|free)\b.{{0,60}}
         \b(?:newsletters?|updates|alerts|e-?mails?|digest|briefing|subscription|podcast)\b.{{0,40}})?
    | subscribe\s+(?:now\s+|today\s+)?(?:to|for)\s+.{{1,80}}  # an imperative that no report starts with
    | skip\s+to\s+(?:main\s+)?content|(?:sign|log)\s+in|menu|search|home
    | (?:tags|topics|filed\s+under)\s*(?::.{{0,200}})?
    | (?:explore\s+)?more\s+on\s+(?:these\s+topics|this\s+(?:story|topic))|reuse\s+this\s+content
    | this\s+article\s+is\s+more\s+than\s+\w+\s+(?:years?|months?|weeks?|days?)\s+old
    | home(?:\s*[>»›/|]\s*{_CRUMB}){{1,6}}
    | our\s+standards\s*:.{{0,100}}
    | (?:[-_*=~#•·—–.]\s*){{3,}}
    )\s*[.!]?
    """
)
# Patterns that do not start with a fixed word are only tried when a cheap
# substring test says they could match.
_RIGHTS_RESERVED = re.compile(r"(?i).{0,100}\ball\s+rights\s+reserved\b.{0,100}")
_CRUMBS = re.compile(rf"{_CRUMB}(?:\s*[>»›]\s*{_CRUMB}){{2,6}}")  # "World > Europe > Ukraine"
_FURNITURE_MAX = 320  # longer lines are always content
# Press-release wire convention: "SOURCE Acme Corp." closes the release.
_SOURCE_LINE = re.compile(r"SOURCE\s+[A-Z][^\n]{1,80}")
# Furniture at the end of a content line: "... the war. More about Jane Doe",
# "... Hope for More. Order Reprints | Today's Paper". Only after a sentence end.
_TRAILING_FURNITURE = re.compile(
    r"""(?x)(?<=[.!?"”’)])\s+(?:
      Order\s+Reprints\b.{0,60}
    | More\s+(?:about|from)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}
    | To\s+support\s+.{1,80}?\border\s+your\s+copy\s+at\s+\S+?\.(?:\s+Delivery\s+charges\s+may\s+apply\.)?
    )$"""
)
_CONTACT_BLOCK_LINE_MAX = 60  # names, companies, e-mail addresses and phone numbers under "Media contact:"
# Furniture lines that head a list of links or topics.
_LIST_HEAD = re.compile(
    r"""(?ix)(?:
      (?:related|more)\s+(?:articles?|stories|posts|content|news|coverage|reading|topics)
    | you\s+(?:may|might)\s+also\s+like|recommended(?:\s+(?:for\s+you|stories|articles|reading|videos?))?
    | most\s+(?:read|popular|viewed)|trending(?:\s+now)?|list\s+of\s+\d+\s+items?
    | read\s+(?:more|also|next)|also\s+read|see\s+also|related
    | tags|topics|filed\s+under|(?:explore\s+)?more\s+on\s+(?:these\s+topics|this\s+(?:story|topic))
    )\s*:?"""
)


def _drop_furniture(lines: list[str], trailing: bool = True) -> list[str]:
    """Lines without page furniture, link lists, contact blocks and (if trailing) furniture ending a content line."""
    drop = [_is_furniture(line) for line in lines]
    strip = _strip_trailing_furniture if trailing else _same
    if not any(drop):
        return [strip(line) for line in lines] if trailing else lines
    # A list head ("Related articles", "Recommended Stories", "Explore more on
    # these topics") is followed by short link lines. Drop those only when the
    # run of link lines is closed by furniture or by the end of the page, so a
    # subheading followed by its paragraph is never lost.
    in_list = False
    run: list[int] = []
    for i, line in enumerate(lines):
        line = line.strip()
        if not line:
            continue
        if drop[i]:
            if in_list:
                for j in run:
                    drop[j] = True
            run = []
            in_list = in_list or _LIST_HEAD.fullmatch(line) is not None
        elif in_list and _is_link_label(line):
            run.append(i)
        else:
            in_list, run = False, []
    if in_list:
        for j in run:
            drop[j] = True
    # "Media contact:" heads a block of short name/company/address lines that
    # ends at the next blank line.
    for i, line in enumerate(lines):
        if drop[i] and line.rstrip().endswith(":") and _CONTACT_HEAD.fullmatch(line.strip()):
            j = i + 1
            while j < len(lines) and _is_contact_line(lines[j].strip()):
                drop[j] = True
                j += 1
    return [strip(line) for line, gone in zip(lines, drop) if not gone]


_CONTACT_HEAD = re.compile(r"(?i)(?:(?:media|press|investor|news)\s+)?(?:contacts?|inquiries|enquiries)\s*:")


def _is_contact_line(line: str) -> bool:
    return bool(line) and len(line) <= _CONTACT_BLOCK_LINE_MAX and len(line.split()) <= 8 and line[-1] not in "?!"


def _same(line: str) -> str:
    return line


def _has_trailing_furniture(text: str) -> bool:
    """Cheap test on the whole text before _strip_trailing_furniture is run on every line."""
    return "Reprints" in text or "More " in text or "order your copy" in text


def _strip_trailing_furniture(line: str) -> str:
    # Substring tests first: this runs on every line.
    if "Reprints" in line or "More " in line or "order your copy" in line:
        m = _TRAILING_FURNITURE.search(line)
        if m is not None:
            return line[: m.start()]
    return line


def _is_link_label(line: str) -> bool:
    return (
        len(line) <= 120
        and len(line.split()) <= 14
        and line.rstrip(_CLOSING)[-1:] not in (".", "!", "…")
        and not _is_credit(line)
    )


def _is_furniture(line: str) -> bool:
    line = line.strip()
    if not line or len(line) > _FURNITURE_MAX:
        return False
    return (
        _FURNITURE.fullmatch(line) is not None
        or (line.startswith("SOURCE ") and _SOURCE_LINE.fullmatch(line) is not None)
        or (("eserved" in line or "ESERVED" in line) and _RIGHTS_RESERVED.fullmatch(line) is not None)
        or (
            (">" in line or "»" in line or "›" in line)
            and not line.endswith(".")
            and _CRUMBS.fullmatch(line) is not None
        )
    )


# --- dates ------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        ["jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july", "aug august",
         "sep sept september", "oct october", "nov november", "dec december"],
        start=1,
    )
    for name in names.split()
}  # fmt: skip
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_RE = (
    rf"(?i:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH})\.?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    rf"|(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}}))"
)
_DATE = re.compile(rf"\b{_DATE_RE}\b")
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?\s+"
_TIME = r"(?:\s*(?:,|at|-|\|)?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:[A-Z]{2,5}|GMT|UTC)(?:[+-]\d{1,2})?)?)?"
_DATE_LINE = re.compile(rf"(?i)(?:{_WEEKDAY})?{_DATE_RE}{_TIME}")
# The rest must look like a time ("3 hours ago", a number) so that a heading
# such as "Updated figures" is not taken for a timestamp.
_STAMP_LINE = re.compile(
    r"(?i)(?:published|updated|posted|last\s+updated|first\s+published|(?:last\s+)?modified)"
    r"(?:\s+on)?\s*:?\s+(?=.*(?:\d|\bago\b|\btoday\b|\byesterday\b|\bjust\s+now\b))\S.{0,70}"
)


_RELEASE = re.compile(r"(?i)for\s+immediate\s+release\b.{0,60}")  # press releases
# "3 hours ago", "an hour ago", "Just now": the time stamp of web pages and live blogs.
_AGO_LINE = re.compile(
    r"(?i)(?:(?:\d+|an?|one|two|three|four|five|six|ten)\s+(?:sec(?:ond)?|min(?:ute)?|h(?:ou)?r|day|week|month|year)s?"
    r"\s+ago|just\s+now)"
)


def _is_date_line(line: str) -> bool:
    return (
        len(line) <= 90
        and not line.endswith(".")
        and (
            _DATE_LINE.fullmatch(line) is not None
            or _STAMP_LINE.fullmatch(line) is not None
            or _RELEASE.fullmatch(line) is not None
            or (("ago" in line or "now" in line) and _AGO_LINE.fullmatch(line) is not None)
        )
    )


def _parse_date(line: str) -> datetime.date | None:
    m = _DATE.search(line)
    if m is None:
        return None
    g = m.groupdict()
    try:
        if g["y3"]:
            return datetime.date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
        day, month, year = (g["d1"], g["m1"], g["y1"]) if g["y1"] else (g["d2"], g["m2"], g["y2"])
        return datetime.date(int(year), _MONTHS[month.lower()], int(day))
    except ValueError:
        return None


# --- bylines ----------------------------------------------------------------

_BY = re.compile(
    r"(?i:(?:analysis|opinion|commentary|column|story|text|words|written|posted|reported|interview)\s+)?(?i:by)\s+"
    r"(?P<rest>\S.*)"
)
_NAME_THEN_DATE = re.compile(rf"(?P<names>[^|•·—–]{{3,80}}?)\s*[|•·—–]\s*(?P<rest>.*\b{_DATE_RE}.*)")
# Credit lines at the end of wire copy: "(Reporting by Jane Doe in Kyiv; Editing by John Roe)",
# "Associated Press writer Jane Doe contributed to this report."
_CREDIT = re.compile(
    r"(?i)\(?(?:additional\s+)?(?:reporting|writing|editing|compiled|produced)\s+by\s+"
    r"(?P<names>[^;()]{1,120}?)[.)]*(?:;.{0,200})?"
)
_REPORTING_FROM = re.compile(r"(?:Reporting|Reported|Writing)\s+from\s+[A-Z][^.;]{0,80}")  # "Reporting from Kyiv"
_IN_PLACE = re.compile(r"\s+in\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*")
# "Jane Doe contributed reporting from Odesa." Periods only after capitals (initials, "U.S.").
_CONTRIBUTED = re.compile(
    r"(?i)(?:[^.;]|(?<=[A-Z])\.){3,200}?\s+contributed\s+(?:"
    r"(?:additional\s+)?(?:reporting|research)(?:\s+(?:from|in)\s+[^.;]{2,60}?)?"
    r"(?:\s+(?:to|for)\s+this\s+(?:report|story|article))?"
    r"|to\s+this\s+(?:report|story|article))\.?"
)
# Header lines that name a role or desk under a name: "Legal Affairs Correspondent",
# "Consumer affairs reporter, BBC News".
_ROLE_LINE = re.compile(
    r"(?i)(?:[\w&'’-]+\s+){0,4}(?:correspondent|reporter|writer|editor|columnist|contributor|analyst|critic"
    r"|producer|journalist)(?:\s*,\s*[^,.;:!?]{2,40})?"
)
# Press-release header: "NEWS PROVIDED BY" above the company name.
_PROVIDED_BY = re.compile(r"(?i)(?:news\s+)?(?:provided|distributed|issued)\s+by\s*:?")
# "Source: Al Jazeera and news agencies", "Sources: AP, Reuters"
_SOURCE_CREDIT = re.compile(r"(?i)sources?\s*:\s*(?P<source>[A-Z][^.!?;:\n]{1,60})")
# An author's bio under the article: "Jane Doe is a Times correspondent covering ..."
_BIO_VERB = re.compile(r"\s+(?:is|was|has\s+been|covers|reports|writes)\b")
_BYLINE_PARTS = re.compile(r"\s*[|•·]\s*|\s+[–—-]\s+")
_DESK = re.compile(
    r"(?:[Tt]he\s+)?(?P<desk>(?:[A-Z][\w&’'-]*\s+){0,3}(?i:desk|staff|team|bureau|newsroom|editors|editorial\s+board))"
)
_COMMENT_COUNT = re.compile(r"(?i)\s*[|•·,-]?\s*\d+\s+comments?\s*$")
_TRAILING_LINK = re.compile(r"(?i)(?:\s*(?:\bon\b|\bpublished\b|\bupdated\b|\bposted\b|[|•·,:–—-]))+\s*$")
_NAME_SEPARATOR = re.compile(r"\s*(?:,|&|\band\b)\s*")
_NAME_WORD = re.compile(r"[^\W\d_][\w.'’-]*")
_PARTICLES = frozenset(
    {"de", "da", "del", "della", "der", "den", "van", "von", "al", "el", "bin", "bint", "ibn", "le", "la", "du", "di",
     "dos", "das", "y"}
)  # fmt: skip
# Bylines that name only an agency ("By Reuters") give an outlet, not an author.
_AGENCIES = frozenset(
    {"reuters", "ap", "afp", "bloomberg", "tass", "xinhua", "efe", "dpa", "ansa", "upi", "pti", "ani", "cnn", "bbc",
     "associated press", "the associated press", "agence france-presse", "ria novosti"}
)  # fmt: skip
_OUTLET_KEYWORD = re.compile(
    r"(?i).*\b(?:news|press|times|post|agency|service|network|journal|herald|tribune|daily|magazine|wire|media"
    r"|radio|tv|television|broadcasting|review|monitor|gazette|observer|dispatch|courier|telegraph|chronicle)\b.*"
)
_TRAILING_ROLE = re.compile(
    r"(?i)[\s,]+(?:(?:senior|chief|staff|political|business|foreign|special|local|city|sports)\s+){0,2}"
    r"(?:writer|reporter|correspondent|editor|columnist|contributor)$"
)
_ROLE_WORDS = re.compile(r"(?i)\b(?:correspondent|reporter|writer|editor|contributor|columnist|staff|bureau)\b")


def _names(part: str) -> str | None:
    """part if it reads as a list of personal names ("Jane Doe and John Roe"), else None."""
    part = _TRAILING_ROLE.sub("", part.strip(" ,;|-–—"))
    if not part or len(part) > 100:
        return None
    for name in _NAME_SEPARATOR.split(part):
        words = name.split()
        if not 1 <= len(words) <= 5:
            return None
        for w in words:
            if not (w[0].isupper() or w.lower() in _PARTICLES) or _NAME_WORD.fullmatch(w) is None:
                return None
    return " ".join(w.title() if w.isupper() else w for w in part.split())  # "JANE DOE" -> "Jane Doe"


def _is_credit(line: str) -> bool:
    if len(line) > 300:
        return False
    if line.startswith(("Source", "source", "SOURCE")):
        m = _SOURCE_CREDIT.fullmatch(line)
        return m is not None and m.group("source")[:1].isupper()
    m = _CREDIT.fullmatch(line)
    if m is not None:
        return _names(_IN_PLACE.sub("", m.group("names"))) is not None
    if _REPORTING_FROM.fullmatch(line):
        return True
    return "contributed" in line and _CONTRIBUTED.fullmatch(line) is not None


def _is_outlet_line(line: str) -> bool:
    """A short line naming a news organisation ("BBC News, Kyiv", "Reuters")."""
    if len(line) > 60 or line.endswith(".") or len(line.split()) > 6:
        return False
    first = line.split(",")[0].strip()
    return first.lower() in _AGENCIES or _OUTLET_KEYWORD.fullmatch(first) is not None


def _looks_like_outlet(part: str) -> bool:
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


def _parse_byline(line: str) -> _Byline | None:
    if len(line) > 200 or (line.endswith(".") and _NAME_END_PERIOD.search(line) is None):
        return None
    m = _BY.match(line)
    if m is None:
        m = _NAME_THEN_DATE.fullmatch(line)
        if m is None or _names(m.group("names")) is None:
            return None
        return _Byline(author=_names(m.group("names")) or "", published=_parse_date(m.group("rest")))
    rest = _COMMENT_COUNT.sub("", m.group("rest"))
    published = None
    date = _DATE.search(rest)
    if date is not None:
        if "updated" not in rest[: date.start()].lower():  # an update time is not the publication date
            published = _parse_date(rest)
        rest = rest[: date.start()]
    rest = _TRAILING_LINK.sub("", rest)
    names, *others = _BYLINE_PARTS.split(rest)
    outlet = ""
    if "," in names:
        head, tail = names.rsplit(",", 1)
        if _ROLE_WORDS.search(tail):
            names = head
        elif _looks_like_outlet(tail) and _names(head):
            names, outlet = head, tail.strip()
    for other in others:
        if not outlet and _looks_like_outlet(other) and not _ROLE_WORDS.search(other):
            outlet = other.strip()
    if names.strip().lower() in _AGENCIES:
        return _Byline(outlet=names.strip(), published=published)
    author = _names(names)
    if author is None:
        desk = _DESK.fullmatch(names.strip())
        if desk is None:
            return None
        author = desk.group("desk")
    return _Byline(author=author, outlet=outlet, published=published)


# --- datelines, disclaimers, headings ------------------------------------------

# "MOSCOW (Reuters) —", "KABUL, Oct 19 (AP) -", "Washington (CNN) —", "(Reuters) -"
_DATELINE_WITH_OUTLET = re.compile(
    r"(?:(?!(?:The|A|An|In|On|At)\b)[A-Z][\w.'’-]{0,30}(?:\s+[A-Z][\w.'’-]{0,30}){0,3}(?:,[^,()\n]{1,30}){0,2}\s*)?"
    r"\((?P<outlet>[A-Z][^()\n]{1,40})\)\s*(?:—|–|--?|:)\s+"
)
# "MOSCOW —", "NEW YORK, May 3 –": the place must be in capitals without an outlet.
_DATELINE_CAPS = re.compile(
    r"[A-Z][A-Z.'’-]{1,30}(?:\s+[A-Z][A-Z.'’-]{1,30}){0,3}(?:,[^,()\n—–]{1,30}){0,3}\s+(?:—|–|--?)\s+"
)  # the third comma group takes a press-release date and wire: "SAN JOSE, Calif., May 3, 2024 /PRNewswire/ --"
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
    """
)
# A heading over legal boilerplate: the paragraphs under it are disclaimers.
_DISCLAIMER_HEADING = re.compile(
    r"(?i)(?:cautionary\s+(?:note|statement|language)\b.*|(?:safe\s+harbou?r|forward-looking)\s+statements?\b.*)"
)
_VIEWS_EXPRESSED = re.compile(
    r"(?i)\b(?:views|opinions)\b(?:\s+and\s+opinions)?\s+expressed\b.{0,150}?"
    r"(?:\bare\s+(?:those\s+of\s+)?(?:the\s+)?(?:author|writer|contributor)|\b(?:do(?:es)?\s+not|don['’]t)\s+necessarily"
    r"|\bare\s+(?:personal|solely))"
)
# Photo captions: "Photo: ...", "... (AP Photo/Jane Doe)", "... REUTERS/Jane Doe".
_CAPTION = re.compile(
    r"""(?x)
      (?i:photo|image|picture|file\s+photo|photograph|illustration|video)(?i:\s+credit)?\s*:.{1,300}
    | (?i:photo|image|picture|video)\s+(?i:source|caption|credit)\s*[,:].{1,300}
    | .{1,300}\((?:[A-Z][\w.&-]*\s+){0,2}(?i:photo|photograph|image|illustration|pictures?)\b[^()]{0,80}\)
    | .{1,300}\b(?:REUTERS|AFP|AP|EPA|Getty\s+Images|BLOOMBERG|XINHUA|ANADOLU)\s*/\s*[\w .'’-]{2,60}
    """
)
_CLOSING = "\"'”’»)]"
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


def _is_photo_credit(line: str) -> bool:
    if len(line) > 100:
        return False
    m = _CREDIT_LABEL.fullmatch(line)
    if m is not None:
        who = m.group("who")
        # A credit names people or agencies; "Photo: Workers repair the tunnel." is a caption.
        return not who.endswith(".") and ("/" in who or all(
            w[0].isupper() or w in _CREDIT_CONNECTORS for w in who.split()
        ))
    return _CREDIT_AGENCY.fullmatch(line) is not None


def _is_caption(line: str) -> bool:
    # Substring tests first: the regex is costly on every short paragraph.
    maybe = "/" in line or ":" in line[:30] or "hoto" in line or "mage" in line or "icture" in line or "llustr" in line
    return maybe and _CAPTION.fullmatch(line) is not None


_TERMINAL = ".!?…:;,"


def _is_disclaimer(line: str) -> bool:
    if len(line) > 600:
        return False
    return _DISCLAIMER_START.match(line) is not None or (
        "expressed" in line and _VIEWS_EXPRESSED.search(line) is not None
    )


def _ends_with_punctuation(line: str) -> bool:
    core = line.rstrip(_CLOSING)
    return not core or core[-1] in _TERMINAL


def _ends_sentence(line: str) -> bool:
    return line.rstrip(_CLOSING)[-1:] in (".", "!", "?", "…")


def _starts_like_sentence(line: str) -> bool:
    c = line.lstrip("\"'“‘«([")[:1]
    return c.isupper() or c.isdigit()


def _looks_like_title(line: str) -> bool:
    return (
        len(line) <= 200
        and len(line.split()) <= 30
        and line.rstrip(_CLOSING)[-1:] not in ".,;:"
        and _starts_like_sentence(line)
    )


def _looks_like_heading(line: str) -> bool:
    if len(line) > 120 or not _starts_like_sentence(line):
        return False
    words = len(line.split())
    return words <= 14 and (not _ends_with_punctuation(line) or (line.endswith("?") and 2 <= words <= 8))


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


# --- the parser ---------------------------------------------------------------

_LINE = re.compile(r"\S[^\n]*")
_HEADER_LINES = 6  # bylines are only looked for near the top
_HEADER_KINDS = frozenset({"title", "byline", "dateline", "heading"})
# Kinds whose lines are split into sentences like body text; "bio" is an
# author's note under the article, stored as a byline.
_SPLIT_KINDS = frozenset({"heading", "disclaimer", "bio"})
# Interview lines ("Q: ...", "A. ...", "GREAVES: ...") are spoken text, never headings.
_SPEAKER = re.compile(r"(?:[QA]\s*[:.]|[A-Z][A-Z'’-]+(?:\s+[A-Z][A-Z'’-]+){0,2}\s*:)\s")
# "About Acme Corp.": the boilerplate sections at the end of a press release.
_ABOUT_HEADING = re.compile(r"About\s+(?:the\s+)?[A-Z][\w&.,'’-]*(?:\s+(?:[A-Z&][\w&.,'’-]*|of|and|for|the)){0,6}")
# Words that make a short line ending in ":" a sentence ("He said:", "The demands are:"),
# not a label over a list ("Transaction highlights:").
_NOT_LABEL = frozenset(
    "a an the he she they we i it you this that these those there here is are was were be been has have had will "
    "would can could said says told tells added adds wrote writes asked asks include includes including".split()
)


def parse_article(
    raw: str,
    *,
    title: str = "",
    author: str = "",
    outlet: str = "",
    published: datetime.date | None = None,
) -> ParsedArticle:
    """Clean raw article text and split it into kinded segments; explicit arguments win over detected values."""
    text = normalise_text(raw)
    lines = text.split("\n")
    kept = _drop_furniture(lines, _has_trailing_furniture(text))
    if kept != lines:  # identical line objects compare by identity: cheap
        text = normalise_text("\n".join(kept))
    art = ParsedArticle(text=text, title=title, author=author, outlet=outlet, published=published)
    paras = [(m.start(), m.end()) for m in _LINE.finditer(text)]
    kinds: list[str] = []
    segments = art.segments
    body_from = -1  # start of the run of body paragraphs not yet split
    first_body = True

    def split_body(to: int) -> None:
        # A newline always ends a sentence, so a run of paragraphs is split in one call.
        segments.extend(Segment(s, e, "body") for s, e in split_sentences(text, body_from, to))

    for i, (start, end) in enumerate(paras):
        line = text[start:end]
        kind = _classify(art, line, i, paras, kinds, text, title)
        kinds.append("byline" if kind == "bio" else kind)
        if kind != "body":
            if body_from >= 0:
                split_body(paras[i - 1][1])
                body_from = -1
            if kind in _SPLIT_KINDS:
                # Headings, captions and disclaimers are split into sentences
                # like body text; a photo credit closing a caption is a byline.
                for s, e in split_sentences(text, start, end):
                    piece = kinds[-1]
                    if piece == "heading" and _is_photo_credit(text[s:e]):
                        piece = "byline"
                    segments.append(Segment(s, e, piece))
            else:
                segments.append(Segment(start, end, kind))
            continue
        if first_body:
            first_body = False
            dateline = _DATELINE_WITH_OUTLET.match(line) or _DATELINE_CAPS.match(line)
            if dateline is not None and dateline.end() < len(line):
                if dateline.groupdict().get("outlet") and not art.outlet:
                    art.outlet = dateline.group("outlet").strip()
                segments.append(Segment(start, start + len(dateline.group().rstrip()), "dateline"))
                start += dateline.end()
        if body_from < 0:
            body_from = start
    if body_from >= 0:
        split_body(paras[-1][1])
    return art


def _line(text: str, paras: list[tuple[int, int]], i: int) -> str:
    """Paragraph i of text, or "" outside the article."""
    return text[paras[i][0] : paras[i][1]] if 0 <= i < len(paras) else ""


def _classify(
    art: ParsedArticle, line: str, i: int, paras: list[tuple[int, int]], kinds: list[str], text: str, title: str
) -> str:
    if i == 0 and title and _same_text(line, title):
        return "title"
    if len(line) > 300:  # too long for anything but a paragraph or a disclaimer
        return "disclaimer" if _is_disclaimer(line) or _continues_disclaimer(text, paras, i, kinds) else "body"
    if i < _HEADER_LINES and (byline := _parse_byline(line)) is not None:
        art.author = art.author or byline.author
        art.outlet = art.outlet or byline.outlet
        art.published = art.published or byline.published
        return "byline"
    if _is_credit(line):
        if line[:6].lower() == "source" and not art.outlet:  # "Source: Al Jazeera and news agencies"
            art.outlet = _NAME_SEPARATOR.split(line.split(":", 1)[1].strip())[0]
        return "byline"
    if _is_date_line(line):  # publication and update times are part of the byline
        if art.published is None and not line.lower().startswith(("updated", "last", "modified")):
            art.published = _parse_date(line)
        return "byline"
    following = _line(text, paras, i + 1)
    if 0 < i < _HEADER_LINES and len(line) <= 80:
        previous = _line(text, paras, i - 1)
        if kinds[-1] == "byline":
            if _is_outlet_line(line):  # "Jane Doe" / "BBC News, Kyiv"
                art.outlet = art.outlet or line.split(",")[0].strip()
                return "byline"
            if _PROVIDED_BY.fullmatch(previous):  # "NEWS PROVIDED BY" / "Acme Corp."
                art.outlet = art.outlet or line
                return "byline"
            if _ROLE_LINE.fullmatch(line):  # "Jane Doe" / "Consumer affairs reporter, BBC News"
                tail = line.rsplit(",", 1)[1].strip() if "," in line else ""
                if tail and _looks_like_outlet(tail):
                    art.outlet = art.outlet or tail
                return "byline"
        if _PROVIDED_BY.fullmatch(line):
            return "byline"
        # A bare name above a date, outlet or role line ("Jane Doe in Kyiv" / "May 3, 2024") is a byline.
        if (_is_date_line(following) or _is_outlet_line(following) or _ROLE_LINE.fullmatch(following)) and (
            name := _names(_IN_PLACE.sub("", line))
        ) is not None:
            art.author = art.author or name
            return "byline"
    in_header = i < _HEADER_LINES and all(kind in _HEADER_KINDS for kind in kinds)
    if (
        in_header
        and kinds[-1:] == ["title"]
        and len(line) <= 40
        and (name := _names(line)) is not None
        and not _is_outlet_line(line)  # "Breaking News"
    ):
        if 2 <= len(name.split()) <= 4:  # a bare name right under the headline: "Jane Doe"
            art.author = art.author or name
            return "byline"
    if in_header and following:
        # The title is the first line, or the first one after a leading byline/dateline.
        if "title" not in kinds and _looks_like_title(line):
            # A short section label ("World", "The long read", "News | Climate") above the headline is a kicker.
            if i + 2 < len(paras) and _is_kicker(line, following, _line(text, paras, i + 2)):
                return "heading"
            art.title = art.title or line
            return "title"
        # A standfirst sits between the headline and the byline or date lines.
        if "title" in kinds and kinds[-1] in ("title", "heading") and _is_header_line(following):
            return "heading"
    if _is_disclaimer(line) or _continues_disclaimer(text, paras, i, kinds):
        return "disclaimer"
    if art.author and _is_bio(line, art.author):
        return "bio"
    if _is_photo_credit(line):
        return "byline"
    if _is_caption(line):
        return "heading"  # a caption describes a picture: not a claim of the article
    if kinds and kinds[-1] == "byline" and _is_short_caption(line) and _is_photo_credit(_line(text, paras, i - 1)):
        return "heading"  # the caption under its credit line ("Getty Images" / "Fishers mend nets.")
    if not 0 < i < len(paras) - 1 or _SPEAKER.match(line):
        return "body"
    # A subheading sits between a finished body paragraph (not one ending in
    # ":", which introduces a list) and a paragraph that starts like a sentence.
    if (
        kinds[-1] == "body"
        and (_looks_like_heading(line) or _is_label(line) or _ABOUT_HEADING.fullmatch(line) is not None)
        and _ends_sentence(_line(text, paras, i - 1))
        and _starts_like_sentence(following)
    ):
        return "heading"
    # Between the byline and the first paragraph, short unpunctuated lines of
    # capitalised words and numbers are scores, fact boxes or labels:
    # "Harlow Town 3 (Okonkwo 23, 89)", "Att: 18,442". Anything with a
    # lower-case word ("Turnout hit 64%") may be a claim: body.
    if "title" in kinds and "body" not in kinds:
        label = _without_trailing_bracket(line)
        if _looks_like_heading(label) and all(not w[0].islower() for w in label.split()):
            return "heading"
    return "body"


def _is_kicker(line: str, following: str, after: str) -> bool:
    """A section label above the headline: "World", "LOCAL NEWS", "Football | Championship", "The long read"."""
    words = len(line.split())
    if words <= 2:
        return _looks_like_title(following)
    if words > 4 or len(line) > 40 or _ends_with_punctuation(line) or len(following.split()) < 6:
        return False
    if not _looks_like_title(following):
        return False
    # A separator or capitals mark a label; otherwise a short headline ("Farmers
    # block roads") is told apart by its standfirst: the line under it is
    # followed by the byline, while under a kicker the headline is not.
    return "|" in line or line.isupper() or not _is_header_line(after)


def _is_header_line(line: str) -> bool:
    """Whether line is a byline, date or name line of the article header (for the standfirst above it)."""
    return bool(line) and (
        _is_date_line(line)
        or _PROVIDED_BY.fullmatch(line) is not None
        or _parse_byline(line) is not None
        or (len(line) <= 80 and _names(_IN_PLACE.sub("", line)) is not None)
    )


def _continues_disclaimer(text: str, paras: list[tuple[int, int]], i: int, kinds: list[str]) -> bool:
    """A paragraph under a disclaimer label ("Correction: May 5, 2024") or a boilerplate heading."""
    if not kinds or kinds[-1] not in ("disclaimer", "heading"):
        return False
    previous = _line(text, paras, i - 1)
    if kinds[-1] == "disclaimer":
        return len(previous) <= 60 and not _ends_sentence(previous)
    return len(previous) <= 80 and _DISCLAIMER_HEADING.fullmatch(previous) is not None


def _is_bio(line: str, author: str) -> bool:
    """'Jane Doe is a Times correspondent ...' where Jane Doe is an author of the piece."""
    for name in _NAME_SEPARATOR.split(author):
        if " " in name and line.startswith(name) and _BIO_VERB.match(line, len(name)):
            return True
    return False


def _is_short_caption(line: str) -> bool:
    return len(line) <= 200 and len(split_sentences(line)) == 1


def _is_label(line: str) -> bool:
    """A short label over a list: "Transaction highlights:", "Key facts:"."""
    if not line.endswith(":") or len(line) > 40:
        return False
    words = line[:-1].split()
    return 1 <= len(words) <= 3 and not any(w.lower() in _NOT_LABEL for w in words) and _starts_like_sentence(line)


def _without_trailing_bracket(line: str) -> str:
    """line without a closing "(...)": "Eastbridge Rovers 1 (Dawes 47 pen.)" -> "Eastbridge Rovers 1"."""
    if line.endswith(")") and "(" in line:
        head = line[: line.rindex("(")].rstrip()
        if head:
            return head
    return line
