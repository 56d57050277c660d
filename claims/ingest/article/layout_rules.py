"""The layout rules: which kind a line of article text is, judged with the lines around it, as a table.

parse_article tries LAYOUT_RULES in order on every line that is not page furniture; the first
rule whose pattern holds decides the line's kind (and its `take`, if any, records what the line
names: author, outlet, date, editor). A rule's examples are small articles in which the line
under test starts with ">> " (tests/ingest/test_article_rules.py runs each one).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..segment import split_sentences
from .bylines import (
    IN_PLACE,
    NAME_SEPARATOR,
    PROVIDED_BY,
    ROLE_LINE,
    bare_name,
    continues_bio,
    is_bio,
    is_credit,
    is_outlet_line,
    looks_like_outlet,
    parse_byline,
    personal_names,
)
from .captions import credit_after_caption, is_caption, is_photo_credit, is_picture_credit, is_short_caption
from .dates import (
    DATE_RE,
    TIME_STAMP,
    WEEKDAY,
    find_colon_dateline,
    find_dateline,
    is_date_line,
    is_time_line,
    parse_date,
)
from .disclaimers import continues_disclaimer, is_disclaimer, site_of_disclaimer
from .layout import (
    ABOUT_HEADING,
    UPDATE_LABEL,
    is_deck,
    is_header_line,
    is_kicker,
    is_label,
    is_short_label,
    looks_like_heading,
    looks_like_title,
    without_trailing_bracket,
)
from .model import ParsedArticle, Rule
from .text import SPEAKER, ends_sentence, same_text, starts_like_sentence

_STOPS = frozenset('.!?…:;,"”')
HEADER_LINES = 6  # bylines are only looked for near the top
# Kinds of the lines of an article's header, as the rules see them (a caption counts as a heading).
HEADER_KINDS = frozenset({"title", "byline", "dateline", "heading"})


@dataclass(slots=True)
class Line:
    """A line of article text as a layout rule sees it: its text, position and the lines around it."""

    text: str
    i: int  # position among the lines that are not furniture
    spans: list[tuple[int, int]]  # those lines' (start, end) in source
    source: str
    kinds: list[str]  # the kinds of the lines above, as the rules see them
    art: ParsedArticle  # what is known so far (metadata)
    title: str  # the title given by the caller, if any
    previous: str = ""
    following: str = ""
    # Near the top, with only header lines (title, bylines, headings) above: set by the parser,
    # which knows it from the line above without looking at every kind again.
    in_header: bool = False

    def at(self, i: int) -> str:
        """Line i of the article ("" outside it)."""
        return self.source[self.spans[i][0] : self.spans[i][1]] if 0 <= i < len(self.spans) else ""

    @property
    def last_kind(self) -> str:
        return self.kinds[-1] if self.kinds else ""



# --- what the rules take into the metadata ----------------------------------------------


def _take_byline(art: ParsedArticle, byline, line: Line) -> None:  # noqa: ANN001 - bylines._Byline
    art.author = art.author or byline.author
    art.outlet = art.outlet or byline.outlet
    art.published = art.published or byline.published


def _take_author(art: ParsedArticle, name: str, line: Line) -> None:
    art.author = art.author or name


def _take_outlet(art: ParsedArticle, outlet: str, line: Line) -> None:
    art.outlet = art.outlet or outlet


def _take_title(art: ParsedArticle, found: object, line: Line) -> None:
    art.title = art.title or line.text


def _take_date(art: ParsedArticle, found: object, line: Line) -> None:
    if art.published is None and not line.text.lower().startswith(("updated", "last", "modified")):
        art.published = parse_date(line.text)


def _take_masthead(art: ParsedArticle, m: re.Match[str], line: Line) -> None:
    role = " ".join(m.group("role").lower().replace("-", " ").split())
    key = "editor" if "editor" in role else role.split()[-1]  # "publisher", "founder", "owner"
    art.meta.setdefault(key, personal_names(m.group("name")) or m.group("name"))
    if m.group("date") and art.published is None:
        art.published = parse_date(m.group("date"))


# --- the patterns ------------------------------------------------------------------------

# A masthead line naming a role and a person, maybe with the day's date:
# "Editor in Chief: Jane Doe Monday, March 3rd, 2025", "Publisher – John Roe".
_MASTHEAD_ROLE = re.compile(
    rf"""(?x)
    (?P<role>(?i:(?:(?:executive|managing|deputy|senior|chief|founding|consulting)\s+)?
        (?:editor(?:[\s-]+in[\s-]+chief)?|publisher|founder|owner)
        (?:\s*(?:&|and)\s*(?:publisher|editor|ceo|founder))?))
    \s*[:|–—-]\s*
    (?P<name>[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){{0,4}}?)
    (?:\s*[,|•·–—-]?\s*(?P<date>(?i:{WEEKDAY})?{DATE_RE}))?
    \s*"""
)


_MASTHEAD_STARTS = frozenset({"exe", "man", "dep", "sen", "chi", "fou", "con", "edi", "pub", "own"})


def _masthead(line: Line) -> re.Match[str] | None:
    text = line.text
    if line.i >= HEADER_LINES or len(text) > 120 or text[:3].lower() not in _MASTHEAD_STARTS:
        return None
    m = _MASTHEAD_ROLE.fullmatch(text)
    return m if m is not None and personal_names(m.group("name")) is not None else None


def _given_title(line: Line) -> bool:
    return line.i == 0 and bool(line.title) and same_text(line.text, line.title)


def _long(line: Line) -> bool:
    return len(line.text) > 300  # too long for anything but a paragraph or a disclaimer


def _long_disclaimer(line: Line) -> bool:
    return _long(line) and (is_disclaimer(line.text) or continues_disclaimer(line.previous, line.last_kind))


def _header_byline(line: Line):  # noqa: ANN202 - bylines._Byline | None
    return parse_byline(line.text) if line.i < HEADER_LINES else None


def _all_credits(text: str) -> bool:
    spans = split_sentences(text)
    return len(spans) >= 2 and all(is_credit(text[s:e]) for s, e in spans)


def _credits(line: Line) -> bool:
    text = line.text
    return ("contribut" in text or "reported from" in text or "eporting" in text) and _all_credits(text)


def _credit_line(line: Line) -> bool:
    return is_credit(line.text)


def _source_outlet(art: ParsedArticle, found: object, line: Line) -> None:
    if line.text[:6].lower() == "source":  # "Source: Al Jazeera and news agencies"
        _take_outlet(art, NAME_SEPARATOR.split(line.text.split(":", 1)[1].strip())[0], line)


def _stamped_entry(line: Line) -> bool:
    """A live blog's entry: the time and the entry's headline on one line, the entry under it."""
    text = line.text
    return (
        text[:1].isdigit()
        and (stamp := TIME_STAMP.match(text)) is not None
        and text[stamp.end() : stamp.end() + 1] == " "
        and looks_like_heading(text[stamp.end() :].lstrip())
        and starts_like_sentence(line.following)
    )


def _date_line(line: Line) -> bool:
    return is_date_line(line.text)


def _live_entry_heading(line: Line) -> bool:
    text = line.text
    return (
        line.last_kind == "byline"
        and text[-1] not in ".!,;:"
        and looks_like_heading(text)
        and starts_like_sentence(line.following)
        and is_time_line(line.previous)
    )


def _header_slot(line: Line) -> bool:
    return 0 < line.i < HEADER_LINES and len(line.text) <= 80


def _outlet_line(line: Line) -> str | None:
    """"BBC News, Kyiv" under a byline."""
    if _header_slot(line) and line.last_kind == "byline" and is_outlet_line(line.text):
        return line.text.split(",")[0].strip()
    return None


def _provided_outlet(line: Line) -> str | None:
    """The company under "NEWS PROVIDED BY"."""
    ok = _header_slot(line) and line.last_kind == "byline" and PROVIDED_BY.fullmatch(line.previous)
    return line.text if ok else None


def _role_line(line: Line) -> bool:
    return _header_slot(line) and line.last_kind == "byline" and ROLE_LINE.fullmatch(line.text) is not None


def _role_outlet(art: ParsedArticle, found: object, line: Line) -> None:
    tail = line.text.rsplit(",", 1)[1].strip() if "," in line.text else ""
    if tail and looks_like_outlet(tail):
        _take_outlet(art, tail, line)


def _provided_by(line: Line) -> bool:
    return _header_slot(line) and PROVIDED_BY.fullmatch(line.text) is not None


def _name_above_date(line: Line) -> str | None:
    """A bare name above a date, outlet or role line ("Jane Doe in Kyiv" / "May 3, 2024")."""
    if not _header_slot(line):
        return None
    following = line.following
    if is_date_line(following) or is_outlet_line(following) or ROLE_LINE.fullmatch(following):
        name = bare_name(IN_PLACE.sub("", line.text))
        # A bylined name has two words or more: one word above "Live TV" is a menu's label ("Audio").
        return name if name is not None and len(name.split()) >= 2 else None
    return None


def _name_under_title(line: Line) -> str | None:
    """A bare name of two to four words right under the headline: "Jane Doe"."""
    if not (line.in_header and line.kinds[-1:] == ["title"] and len(line.text) <= 40):
        return None
    name = bare_name(line.text)
    ok = name is not None and not is_outlet_line(line.text) and 2 <= len(name.split()) <= 4  # not "Breaking News"
    return name if ok else None


def _title_slot(line: Line) -> bool:
    return line.in_header and bool(line.following) and "title" not in line.kinds and looks_like_title(line.text)


def _kicker(line: Line) -> bool:
    """A short section label ("World", "The long read", "News | Climate") above the headline."""
    after = line.i + 2
    return _title_slot(line) and after < len(line.spans) and is_kicker(line.text, line.following, line.at(after))


def _is_caption_line(text: str) -> bool:
    """A picture's credit or caption in the article header."""
    return bool(text) and (
        is_photo_credit(text) or is_caption(text) or credit_after_caption(text, before_body=True) is not None
    )


def _standfirst(line: Line) -> bool:
    """Between the headline and the byline or date lines, or a picture and its caption before them."""
    following = line.following
    return (
        line.in_header
        and bool(following)
        and "title" in line.kinds
        and line.last_kind in ("title", "heading")
        and (is_header_line(following) or (_is_caption_line(following) and is_header_line(line.at(line.i + 2))))
    )


def _deck(line: Line) -> bool:
    """A one-sentence deck under the byline."""
    return (
        line.in_header
        and bool(line.following)
        and "title" in line.kinds
        and line.last_kind == "byline"
        and is_deck(line.text, line.following)
    )


def _update_label(line: Line) -> bool:
    return line.text[-1] == ":" and UPDATE_LABEL.fullmatch(line.text) is not None


def _disclaimer_site(line: Line) -> str | None:
    return site_of_disclaimer(line.text)


def _disclaimer(line: Line) -> bool:
    return is_disclaimer(line.text)


def _disclaimer_continued(line: Line) -> bool:
    return continues_disclaimer(line.previous, line.last_kind)


def _bio(line: Line) -> bool:
    return bool(line.art.author) and is_bio(line.text, line.art.author)


def _is_name_card(text: str, author: str) -> bool:
    """A line that is only the name of an author of the piece ("JANE DOE" above her bio)."""
    name = personal_names(text) if text and text[-1] not in ".:" else None
    return name is not None and any(same_text(name, a) for a in NAME_SEPARATOR.split(author))


def _after_body_byline(line: Line) -> bool:
    return line.last_kind == "byline" and bool(line.art.author) and "body" in line.kinds


def _bio_under_name_card(line: Line) -> bool:
    """"JANE DOE" / "Doe covers Africa for ..."."""
    author = line.art.author
    return (
        _after_body_byline(line) and is_bio(line.text, author, surname=True) and _is_name_card(line.previous, author)
    )


def _bio_continued(line: Line) -> bool:
    """"Jane Doe is ..." / "She is based in Kyiv."."""
    author, previous = line.art.author, line.previous
    return (
        _after_body_byline(line)
        and continues_bio(line.text)
        and (is_bio(previous, author) or is_bio(previous, author, surname=True))
    )


def _name_card(line: Line) -> bool:
    """The author's name card above the bio."""
    text, author, following = line.text, line.art.author, line.following
    return (
        len(text) <= 60
        and bool(author)
        and text[-1] not in ".:,;!?"
        and (is_bio(following, author, surname=True) or is_bio(following, author))
        and "body" in line.kinds
        and _is_name_card(text, author)
    )


def _photo_credit(line: Line) -> bool:
    return is_photo_credit(line.text)


def _caption(line: Line) -> bool:
    """A caption describes a picture: not a claim of the article."""
    return is_caption(line.text) or credit_after_caption(line.text, "body" not in line.kinds) is not None


def _caption_under_credit(line: Line) -> bool:
    """The caption under its credit line ("Getty Images" / "Fishers mend nets.")."""
    return line.last_kind == "byline" and is_short_caption(line.text) and is_photo_credit(line.previous)


def _caption_above_credit(line: Line) -> bool:
    """The caption above its credit line, unless the line under the credit is one too."""
    following = line.following
    return (
        len(following) <= 100
        and following[-1:] not in _STOPS  # a credit ends in a name or a bracket
        and is_picture_credit(following, "body" not in line.kinds)
        and is_short_caption(line.text, 2)
        and not line.text.endswith(":")
        and not is_short_caption(line.at(line.i + 2))
    )


def _edge_or_speaker(line: Line) -> bool:
    return not 0 < line.i < len(line.spans) - 1 or SPEAKER.match(line.text) is not None


def _subheading(line: Line) -> bool:
    """Between a finished body paragraph (not one ending in ":", which introduces a list) and a sentence."""
    text = line.text
    return (
        line.last_kind == "body"
        and (looks_like_heading(text) or is_label(text) or ABOUT_HEADING.fullmatch(text) is not None)
        and ends_sentence(line.previous)
        and starts_like_sentence(line.following)
    )


def _heading_before_body(line: Line) -> bool:
    """A short heading between the header and the first paragraph: "What we know so far"."""
    following = line.following
    return (
        line.last_kind in ("byline", "heading")
        and "title" in line.kinds
        and "body" not in line.kinds
        and looks_like_heading(line.text)
        and starts_like_sentence(following)
        and ends_sentence(following)
        and len(following) > 2 * len(line.text)
        and not is_deck(line.text, following)
    )


def _label_before_body(line: Line) -> bool:
    """Short unpunctuated lines of capitalised words and numbers between byline and first paragraph.

    Scores, fact boxes or labels: "Harlow Town 3 (Okonkwo 23, 89)", "Att: 18,442". Anything with a
    lower-case word ("Turnout hit 64%") may be a claim: body.
    """
    if "title" not in line.kinds or "body" in line.kinds:
        return False
    label = without_trailing_bracket(line.text)
    return looks_like_heading(label) and (all(not w[0].islower() for w in label.split()) or is_short_label(label))


@dataclass(frozen=True, slots=True)
class LayoutRule(Rule):
    """A Rule whose pattern is a predicate over a Line; take(art, found, line) records what the line names.

    header: the rule only holds for the first HEADER_LINES lines (it is not tried further down).
    context: the rule only holds with other lines around it (it reads the line above or below, or
    the kinds above), so it is not tried on a record of a single line, such as a dataset item.
    """

    take: Callable[[ParsedArticle, object, Line], None] | None = None
    header: bool = False
    context: bool = False


_L = LayoutRule
# An article's start, for examples of rules about lines further down.
_HEAD = "Talks resume in Doha\nBy Jane Doe\nThe talks resumed on Monday. Both sides said so.\n"

LAYOUT_RULES: tuple[LayoutRule, ...] = (
    _L("title.given", "title", _given_title, (), ()),  # the title the file gave (tested with keyword arguments)
    _L(
        "byline.masthead-role",
        "byline",
        _masthead,
        (">> Editor in Chief: Jane Doe Monday, March 3rd, 2025\nTalks resume in Doha\nThe talks resumed. More.",
         ">> Publisher – John Roe\nTalks resume in Doha\nThe talks resumed. More."),
        (">> Editor: This is a column.\nThe talks resumed. More.", _HEAD * 3 + ">> Editor in Chief: Jane Doe"),
        take=_take_masthead,
        header=True,
    ),
    _L(
        "disclaimer.long",
        "disclaimer",
        _long_disclaimer,
        (_HEAD + ">> The views expressed in this article are the author's own and do not necessarily reflect those "
         "of the publisher, its editors, its owners or any of the organisations it works with, which take no "
         "responsibility for the accuracy of the statements made here or for any loss arising from them, "
         "whether direct or indirect, and readers should seek their own advice.",),
        (),
    ),
    _L("body.long", "body", _long, (_HEAD + ">> " + "The talks went on. " * 20,), ()),
    _L(
        "byline.header",
        "byline",
        _header_byline,
        (
            "A headline\n>> By Jane Doe\nThe body. More.",
            "A headline\n>> Jane Doe | May 3, 2024\nThe body. More.",
            "A headline\n>> Written by: Jane Doe\nThe body. More.",  # a blog theme's label
            "A headline\n>> Posted on May 3, 2024 by Jane Doe\nThe body. More.",  # the date first
            "A headline\n>> By Jane DoeMay 3, 2024\nThe body. More.",  # a name and a date copied as one line
            "A headline\n>> By Jane Doe2024-05-03 21:32:46 UTC\nThe body. More.",  # the same, the date in figures
            "A headline\n>> Jane Doe, Senior Reporter\nThe body. More.",  # a name and a role
            "A headline\n>> Jane Doe Chief White House Correspondent\nThe body. More.",  # a rank, a desk, a role
            "A headline\n>> By Our Staff Reporter\nThe body. More.",  # no name, a pronoun: a byline all the same
        ),
        (_HEAD * 3 + ">> By Jane Doe",),
        take=_take_byline,
        header=True,
    ),
    _L(
        "byline.credits",
        "byline",
        _credits,
        (_HEAD + ">> Doe reported from Kyiv. Roe contributed to this report.",),
        (_HEAD + ">> Doe reported from Kyiv. The talks went on.",),
    ),
    _L(
        "byline.credit-line",
        "byline",
        _credit_line,
        (_HEAD + ">> Reporting by Jane Doe; Editing by John Roe", _HEAD + ">> Source: Al Jazeera and news agencies"),
        (_HEAD + ">> Reporting by the BBC was criticised.",),
        take=_source_outlet,
    ),
    _L(
        "heading.stamped-entry",
        "heading",
        _stamped_entry,
        ("Live: talks in Doha\n11:58 p.m. >> Observers to give verdict\nThe observers said. More.",),
        ("Live: talks in Doha\n>> 11:58 p.m. was the time it ended. More.",),
        context=True,
    ),
    _L(
        "byline.date-line",
        "byline",
        _date_line,
        ("A headline\n>> Published: 12 March 2024\nThe body. More.", "A headline\n>> Updated 3 hours ago\nThe body."),
        ("A headline\n>> Updated figures\nThe body. More.",),
        take=_take_date,
    ),
    _L(
        "heading.live-entry",
        "heading",
        _live_entry_heading,
        ("Live: talks in Doha\nThe talks began.\n11:58 p.m.\n>> Observers give verdict\nThe observers said.",),
        ("Live: talks in Doha\nThe talks began.\n11:58 p.m.\n>> The observers said so.\nMore.",),
        context=True,
    ),
    _L(
        "byline.outlet-line",
        "byline",
        _outlet_line,
        ("A headline\nJane Doe\n>> BBC News, Kyiv\nThe body. More.",),
        ("A headline\nBy Jane Doe\n>> The news agency said so.\nThe body.",),
        take=_take_outlet,
        header=True,
        context=True,
    ),
    _L(
        "byline.provided-by-outlet",
        "byline",
        _provided_outlet,
        ("Acme opens plant\nNEWS PROVIDED BY\n>> Acme Corp.\nAcme opened a plant. More.",),
        (),
        take=_take_outlet,
        header=True,
        context=True,
    ),
    _L(
        "byline.role-line",
        "byline",
        _role_line,
        ("Water bills to rise\nAna Ruiz\n>> Health reporter, Courier News\nBills rise. Nobody is happy.",),
        (),
        take=_role_outlet,
        header=True,
        context=True,
    ),
    _L(
        "byline.provided-by",
        "byline",
        _provided_by,
        ("Acme opens plant\n>> NEWS PROVIDED BY\nAcme Corp.\nAcme opened a plant. More.",),
        (),
        header=True,
        context=True,
    ),
    _L(
        "byline.name-above-date",
        "byline",
        _name_above_date,
        (
            "A headline\n>> Jane Doe in Kyiv\nMay 3, 2024\nThe body. More.",
            "A headline\n>> JANE DOE\nMAY 3, 2024 9:00AM (UTC)\nThe body. More.",  # the time zone in parentheses
        ),
        (
            "A headline\n>> The talks\nMay 3, 2024\nThe body. More.",
            "Watch\n>> Audio\nLive TV\nA headline\nThe body. More.",  # one word: a menu's label
            "A headline\n>> Email This\nMay 3, 2024\nThe body. More.",  # a pronoun: a share link's label
        ),
        take=_take_author,
        header=True,
        context=True,
    ),
    _L(
        "byline.name-under-title",
        "byline",
        _name_under_title,
        ("Taliban reopen Salang tunnel\n>> Amina Rahimi\nThe tunnel reopened. More.",),
        ("Markets rally\n>> Breaking News\nStocks rose. Bonds fell.",),
        take=_take_author,
        header=True,
        context=True,
    ),
    _L(
        "heading.kicker",
        "heading",
        _kicker,
        (">> World\nTaliban reopen Salang tunnel after closure\nThe tunnel reopened. More.",),
        (
            ">> Taliban reopen Salang tunnel after closure\nThe tunnel reopened. More.",
            ">> Talks resume in Doha\nBy Jane Doe, Chief Correspondent | May 3, 2024\nThe talks resumed. More.",
        ),
        header=True,
        context=True,
    ),
    _L(
        "title.first-line",
        "title",
        _title_slot,
        (">> Taliban reopen Salang tunnel after closure\nThe tunnel reopened. More.",
         "By Jane Doe\n>> Taliban reopen Salang tunnel\nThe tunnel reopened. More."),
        (">> The tunnel reopened on Monday.\nMore.",),
        take=_take_title,
        header=True,
        context=True,
    ),
    _L(
        "heading.standfirst",
        "heading",
        _standfirst,
        ("Gas storage is full\n>> Europe enters winter with full tanks. Will it last?\nBy Jane Doe\nThe body. More.",),
        (),
        header=True,
        context=True,
    ),
    _L(
        "heading.deck",
        "heading",
        _deck,
        ("Gas storage is full\nBy Jane Doe\n>> Europe enters winter with full tanks but high prices\n"
         "The body starts here. It goes on.",),
        (),
        header=True,
        context=True,
    ),
    _L(
        "heading.update-label",
        "heading",
        _update_label,
        (_HEAD + ">> UPDATE, 4:40 p.m.:\nThe talks resumed.",),
        (_HEAD + ">> The update said:\nThe talks resumed.",),
    ),
    _L(
        "disclaimer.views-of-site",
        "disclaimer",
        _disclaimer_site,
        (_HEAD + ">> The opinions and views expressed by the authors are theirs alone and don't reflect any "
         "official position of The Northfield Ledger.",
         _HEAD + ">> Views expressed are personal and do not necessarily reflect the views of Acme News."),
        (_HEAD + ">> The views expressed in this article are the author's own and do not necessarily reflect those "
         "of the publisher.",),
        take=_take_outlet,
    ),
    _L(
        "disclaimer.notice",
        "disclaimer",
        _disclaimer,
        (_HEAD + ">> Editor's note: This story has been updated.",
         _HEAD + ">> This article was originally published on The Conversation.",
         _HEAD + ">> The views expressed in this article are the author's own."),
        (_HEAD + ">> The views of voters are mixed, the poll found.",),
    ),
    _L(
        "disclaimer.continued",
        "disclaimer",
        _disclaimer_continued,
        (_HEAD + "Correction: May 5, 2024\n>> An earlier version misstated the date.",),
        (_HEAD + "Correction: the figure was wrong.\n>> The port reopened on Tuesday.",),
        context=True,
    ),
    _L(
        "byline.bio",
        "byline",
        _bio,
        ("A headline\nBy Jane Doe\nThe body. More.\n>> Jane Doe is a correspondent in Lagos.",),
        ("A headline\nBy Jane Doe\nThe body. More.\n>> John Roe is a correspondent in Lagos.",),
    ),
    _L(
        "byline.bio-under-name-card",
        "byline",
        _bio_under_name_card,
        ("A headline\nBy Jane Doe\nThe body. More.\nJANE DOE\n>> Doe covers Africa for the paper.",),
        (),
        context=True,
    ),
    _L(
        "byline.bio-continued",
        "byline",
        _bio_continued,
        ("A headline\nBy Jane Doe\nThe body. More.\nJane Doe is a reporter.\n>> She is based in Kyiv.",),
        (),
        context=True,
    ),
    _L(
        "byline.name-card",
        "byline",
        _name_card,
        ("A headline\nBy Jane Doe\nThe body. More.\n>> JANE DOE\nDoe covers Africa for the paper.",),
        (),
        context=True,
    ),
    _L(
        "byline.photo-credit",
        "byline",
        _photo_credit,
        (_HEAD + ">> Getty Images\nFishers mend their nets at dawn.\nThe talks went on.",),
        (_HEAD + ">> The images were sent to the court.\nMore.",),
    ),
    _L(
        "caption.photo",
        "caption",
        _caption,
        (_HEAD + ">> Photo: Workers repair the Salang tunnel.\nMore.",
         _HEAD + ">> Rescuers search the rubble in Herat. (AP Photo/Omar Sobhani)\nMore."),
        (_HEAD + ">> The photo was taken in 2019, the court heard.\nMore.",),
    ),
    _L(
        "caption.under-credit",
        "caption",
        _caption_under_credit,
        (_HEAD + "Getty Images\n>> Fishers mend their nets at dawn.\nThe talks went on.",),
        (),
        context=True,
    ),
    _L(
        "caption.above-credit",
        "caption",
        _caption_above_credit,
        (_HEAD + ">> Fishers mend their nets at dawn.\nGetty Images\nThe talks went on. More.",),
        (),
        context=True,
    ),
    _L(
        "body.edge-or-speaker",
        "body",
        _edge_or_speaker,
        (">> The talks went on.", _HEAD + ">> Q: Why now?\nA: Because."),
        (),
    ),
    _L(
        "heading.subheading",
        "heading",
        _subheading,
        (_HEAD + ">> What comes next\nThe council meets in May.",),
        (_HEAD + ">> What comes next\nthe council meets in May.",),
        context=True,
    ),
    _L(
        "heading.before-first-paragraph",
        "heading",
        _heading_before_body,
        ("Talks resume in Doha\nBy Jane Doe\n>> What we know so far\n"
         "The talks resumed in Doha on Monday after a long break.",),
        (),
        context=True,
    ),
    _L(
        "heading.label-before-body",
        "heading",
        _label_before_body,
        ("Harlow win at home\nBy Jane Doe\n>> Harlow Town 3 (Okonkwo 23, 89)\nAtt: 18,442\nHarlow won. More.",),
        ("Vote count ends\nBy Jane Doe\n>> Turnout hit 64%\nThe count ended. More.",),
        context=True,
    ),
    _L("body.paragraph", "body", lambda line: True, (_HEAD + ">> The talks went on.\nMore.",), ()),
)

# A live-blog entry line ("11:58 p.m. Observers to give verdict") is cut into its time (a byline) and headline.
ENTRY_TIME = "byline.entry-time"
# The credit closing a caption or heading ("... at dawn. Photo: Jane Doe/AP") is a byline.
CAPTION_CREDIT = "byline.caption-credit"

# Rules tried on the first body paragraph only: the dateline that opens it.
DATELINE_RULES: tuple[Rule, ...] = (
    Rule(
        "dateline.wire",
        "dateline",
        find_dateline,
        (_HEAD.split("\n")[0] + "\n>> MOSCOW (Reuters) — Russia offered talks on Tuesday.",
         "A headline\n>> KABUL, Oct 19 (AP) - The tunnel reopened on Saturday.",
         "A headline\n>> ISLAMABAD: Pakistan and Afghanistan agreed on Monday to reopen the border."),
        ("A headline\n>> The Reuters report said talks would resume.",),
    ),
    Rule(
        "dateline.colon-under-byline",
        "dateline",
        find_colon_dateline,
        ("Oman hosts talks\nBy Jane Doe\n>> Muscat: Oman on Sunday hosted talks between the two sides, "
         "officials said.",),
        ("Oman hosts talks\n>> Muscat: Oman on Sunday hosted talks between the two sides, officials said.",),
    ),
)
# The rules tried below the header: those that only hold near the top are left out.
BODY_RULES: tuple[LayoutRule, ...] = tuple(rule for rule in LAYOUT_RULES if not rule.header)
# The rules tried on a record of a single line (a dataset of one sentence per item): those that need
# lines around it are left out, and "body.edge-or-speaker" always holds there, so none after it is reached.
_EDGE = next(n for n, rule in enumerate(LAYOUT_RULES) if rule.id == "body.edge-or-speaker")
LONE_RULES: tuple[LayoutRule, ...] = tuple(rule for rule in LAYOUT_RULES[: _EDGE + 1] if not rule.context)
