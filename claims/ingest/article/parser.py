"""parse_article: clean the text, classify each line by kind and split body, headings and disclaimers into sentences."""

from __future__ import annotations

import datetime
import re

from ..segment import split_sentences
from .bylines import (
    IN_PLACE,
    NAME_SEPARATOR,
    PROVIDED_BY,
    ROLE_LINE,
    continues_bio,
    is_bio,
    is_credit,
    is_outlet_line,
    looks_like_outlet,
    parse_byline,
    personal_names,
)
from .captions import credit_after_caption, is_caption, is_photo_credit, is_picture_credit, is_short_caption
from .dates import TIME_STAMP, find_colon_dateline, find_dateline, is_date_line, is_time_line, parse_date
from .disclaimers import continues_disclaimer, is_disclaimer
from .furniture import drop_furniture, has_trailing_furniture
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
from .model import ParsedArticle, Segment
from .text import BULLETS, SPEAKER, ends_sentence, normalise_text, same_text, starts_like_sentence

_LINE = re.compile(r"\S[^\n]*")
_STOPS = frozenset('.!?…:;,"”')
_HEADER_LINES = 6  # bylines are only looked for near the top
_HEADER_KINDS = frozenset({"title", "byline", "dateline", "heading"})
# Kinds whose lines are split into sentences like body text; "bio" is an
# author's note under the article and "credits" a paragraph of credit
# sentences ("Doe reported from Kyiv. Roe contributed to this report."),
# both stored as bylines.
_SPLIT_KINDS = frozenset({"heading", "disclaimer", "bio", "credits"})
_AS_BYLINE = frozenset({"bio", "credits"})


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
    kept = drop_furniture(lines, has_trailing_furniture(text))
    if kept != lines:  # identical line objects compare by identity: cheap
        text = normalise_text("\n".join(kept))
    art = ParsedArticle(text=text, title=title, author=author, outlet=outlet, published=published)
    paras = [(m.start(), m.end()) for m in _LINE.finditer(text)]
    kinds: list[str] = []
    segments = art.segments
    body_from = -1  # start of the run of body paragraphs not yet split
    first_body = True

    bullets = False  # whether a body paragraph starts with a list bullet

    def split_body(to: int) -> None:
        # A newline always ends a sentence, so a run of paragraphs is split in one call.
        if not bullets:
            segments.extend(Segment(s, e, "body") for s, e in split_sentences(text, body_from, to))
            return
        for s, e in split_sentences(text, body_from, to):
            if text[s] in BULLETS and s + 1 < e and text[s + 1].isspace():  # "• Item": the bullet is markup
                s += 1
                while text[s].isspace():
                    s += 1
            segments.append(Segment(s, e, "body"))

    for i, (start, end) in enumerate(paras):
        line = text[start:end]
        kind = _classify(art, line, i, paras, kinds, text, title)
        kinds.append("byline" if kind in _AS_BYLINE else kind)
        if kind != "body":
            if body_from >= 0:
                split_body(paras[i - 1][1])
                body_from = -1
            if kind == "stamped":  # "11:58 p.m. Observers to give verdict": the entry's time and headline
                kinds[-1] = "heading"
                cut = TIME_STAMP.match(line).end()
                segments.append(Segment(start, start + cut, "byline"))
                segments.append(Segment(start + len(line) - len(line[cut:].lstrip()), end, "heading"))
                continue
            if kind in _SPLIT_KINDS:
                # Headings, captions and disclaimers are split into sentences
                # like body text; a photo credit closing a caption is a byline.
                cut = credit_after_caption(line, first_body) if kind == "heading" else None
                for s, e in split_sentences(text, start, end if cut is None else start + cut):
                    piece = kinds[-1]
                    if piece == "heading" and is_photo_credit(text[s:e]):
                        piece = "byline"
                    segments.append(Segment(s, e, piece))
                if cut is not None:
                    segments.append(Segment(start + cut, end, "byline"))
            else:
                segments.append(Segment(start, end, kind))
            continue
        if first_body:
            first_body = False
            following = _line(text, paras, i + 1)
            dateline = find_dateline(line, following)
            if dateline is None and "byline" in kinds and not SPEAKER.match(following):
                dateline = find_colon_dateline(line)  # "Muscat: Oman on Sunday ..." under the byline
            if dateline is not None:
                if dateline.groupdict().get("outlet") and not art.outlet:
                    art.outlet = dateline.group("outlet").strip()
                segments.append(Segment(start, start + len(dateline.group().rstrip()), "dateline"))
                start += dateline.end()
        if body_from < 0:
            body_from = start
        if text[start] in BULLETS:
            bullets = True
    if body_from >= 0:
        split_body(paras[-1][1])
    return art


def _is_caption_line(line: str) -> bool:
    """A picture's credit or caption in the article header."""
    return bool(line) and (
        is_photo_credit(line) or is_caption(line) or credit_after_caption(line, before_body=True) is not None
    )


def _all_credits(line: str) -> bool:
    spans = split_sentences(line)
    return len(spans) >= 2 and all(is_credit(line[s:e]) for s, e in spans)


def _is_name_card(line: str, author: str) -> bool:
    """A line that is only the name of an author of the piece ("JANE DOE" above her bio)."""
    name = personal_names(line) if line and line[-1] not in ".:" else None
    return name is not None and any(same_text(name, a) for a in NAME_SEPARATOR.split(author))


def _line(text: str, paras: list[tuple[int, int]], i: int) -> str:
    """Paragraph i of text, or "" outside the article."""
    return text[paras[i][0] : paras[i][1]] if 0 <= i < len(paras) else ""


def _classify(
    art: ParsedArticle, line: str, i: int, paras: list[tuple[int, int]], kinds: list[str], text: str, title: str
) -> str:
    if i == 0 and title and same_text(line, title):
        return "title"
    if len(line) > 300:  # too long for anything but a paragraph or a disclaimer
        return (
            "disclaimer"
            if is_disclaimer(line) or continues_disclaimer(_line(text, paras, i - 1), kinds[-1] if kinds else "")
            else "body"
        )
    if i < _HEADER_LINES and (byline := parse_byline(line)) is not None:
        art.author = art.author or byline.author
        art.outlet = art.outlet or byline.outlet
        art.published = art.published or byline.published
        return "byline"
    if ("contribut" in line or "reported from" in line or "eporting" in line) and _all_credits(line):
        return "credits"  # "Doe reported from Kyiv. Roe contributed to this report."
    if is_credit(line):
        if line[:6].lower() == "source" and not art.outlet:  # "Source: Al Jazeera and news agencies"
            art.outlet = NAME_SEPARATOR.split(line.split(":", 1)[1].strip())[0]
        return "byline"
    following = _line(text, paras, i + 1)
    # A live blog's entry: the time and the entry's headline on one line, the entry under it.
    if (
        line[:1].isdigit()
        and (stamp := TIME_STAMP.match(line)) is not None
        and line[stamp.end() : stamp.end() + 1] == " "
        and looks_like_heading(line[stamp.end() :].lstrip())
        and starts_like_sentence(following)
    ):
        return "stamped"
    if is_date_line(line):  # publication and update times are part of the byline
        if art.published is None and not line.lower().startswith(("updated", "last", "modified")):
            art.published = parse_date(line)
        return "byline"
    if (
        kinds
        and kinds[-1] == "byline"
        and line[-1] not in ".!,;:"
        and looks_like_heading(line)
        and starts_like_sentence(following)
        and is_time_line(_line(text, paras, i - 1))
    ):
        return "heading"  # a live blog entry's headline under its time
    if 0 < i < _HEADER_LINES and len(line) <= 80:
        previous = _line(text, paras, i - 1)
        if kinds[-1] == "byline":
            if is_outlet_line(line):  # "Jane Doe" / "BBC News, Kyiv"
                art.outlet = art.outlet or line.split(",")[0].strip()
                return "byline"
            if PROVIDED_BY.fullmatch(previous):  # "NEWS PROVIDED BY" / "Acme Corp."
                art.outlet = art.outlet or line
                return "byline"
            if ROLE_LINE.fullmatch(line):  # "Jane Doe" / "Consumer affairs reporter, BBC News"
                tail = line.rsplit(",", 1)[1].strip() if "," in line else ""
                if tail and looks_like_outlet(tail):
                    art.outlet = art.outlet or tail
                return "byline"
        if PROVIDED_BY.fullmatch(line):
            return "byline"
        # A bare name above a date, outlet or role line ("Jane Doe in Kyiv" / "May 3, 2024") is a byline.
        if (is_date_line(following) or is_outlet_line(following) or ROLE_LINE.fullmatch(following)) and (
            name := personal_names(IN_PLACE.sub("", line))
        ) is not None:
            art.author = art.author or name
            return "byline"
    in_header = i < _HEADER_LINES and all(kind in _HEADER_KINDS for kind in kinds)
    if (
        in_header
        and kinds[-1:] == ["title"]
        and len(line) <= 40
        and (name := personal_names(line)) is not None
        and not is_outlet_line(line)  # "Breaking News"
    ):
        if 2 <= len(name.split()) <= 4:  # a bare name right under the headline: "Jane Doe"
            art.author = art.author or name
            return "byline"
    if in_header and following:
        # The title is the first line, or the first one after a leading byline/dateline.
        if "title" not in kinds and looks_like_title(line):
            # A short section label ("World", "The long read", "News | Climate") above the headline is a kicker.
            if i + 2 < len(paras) and is_kicker(line, following, _line(text, paras, i + 2)):
                return "heading"
            art.title = art.title or line
            return "title"
        # A standfirst sits between the headline and the byline or date lines,
        # or a picture and its caption before them.
        if (
            "title" in kinds
            and kinds[-1] in ("title", "heading")
            and (
                is_header_line(following) or (_is_caption_line(following) and is_header_line(_line(text, paras, i + 2)))
            )
        ):
            return "heading"
        # A one-sentence deck may also follow the byline.
        if "title" in kinds and kinds[-1] == "byline" and is_deck(line, following):
            return "heading"
    if line[-1] == ":" and UPDATE_LABEL.fullmatch(line):
        return "heading"  # "UPDATE, 4:40 p.m.:" over a live update
    if is_disclaimer(line) or continues_disclaimer(_line(text, paras, i - 1), kinds[-1] if kinds else ""):
        return "disclaimer"
    if art.author and is_bio(line, art.author):
        return "bio"
    if kinds and kinds[-1] == "byline" and art.author and "body" in kinds:
        previous = _line(text, paras, i - 1)
        if is_bio(line, art.author, surname=True) and _is_name_card(previous, art.author):
            return "bio"  # "JANE DOE" / "Doe covers Africa for ..."
        if continues_bio(line) and (is_bio(previous, art.author) or is_bio(previous, art.author, surname=True)):
            return "bio"  # "Jane Doe is ..." / "She is based in Kyiv."
    if (
        len(line) <= 60
        and art.author
        and line[-1] not in ".:,;!?"
        and (is_bio(following, art.author, surname=True) or is_bio(following, art.author))
        and "body" in kinds
        and _is_name_card(line, art.author)
    ):
        return "byline"  # the author's name card above the bio
    if is_photo_credit(line):
        return "byline"
    before_body = "body" not in kinds
    if is_caption(line) or credit_after_caption(line, before_body) is not None:
        return "heading"  # a caption describes a picture: not a claim of the article
    if kinds and kinds[-1] == "byline" and is_short_caption(line) and is_photo_credit(_line(text, paras, i - 1)):
        return "heading"  # the caption under its credit line ("Getty Images" / "Fishers mend nets.")
    if (
        len(following) <= 100
        and following[-1:] not in _STOPS  # a credit ends in a name or a bracket
        and is_picture_credit(following, before_body)
        and is_short_caption(line, 2)
        and not line.endswith(":")
        and not is_short_caption(_line(text, paras, i + 2))
    ):
        return "heading"  # the caption above its credit line, unless the line under the credit is one
    if not 0 < i < len(paras) - 1 or SPEAKER.match(line):
        return "body"
    # A subheading sits between a finished body paragraph (not one ending in
    # ":", which introduces a list) and a paragraph that starts like a sentence.
    if (
        kinds[-1] == "body"
        and (looks_like_heading(line) or is_label(line) or ABOUT_HEADING.fullmatch(line) is not None)
        and ends_sentence(_line(text, paras, i - 1))
        and starts_like_sentence(following)
    ):
        return "heading"
    # A short heading between the header and the first paragraph: "What we know so far".
    if (
        kinds
        and kinds[-1] in ("byline", "heading")
        and "title" in kinds
        and "body" not in kinds
        and looks_like_heading(line)
        and starts_like_sentence(following)
        and ends_sentence(following)
        and len(following) > 2 * len(line)
        and not is_deck(line, following)
    ):
        return "heading"
    # Between the byline and the first paragraph, short unpunctuated lines of
    # capitalised words and numbers are scores, fact boxes or labels:
    # "Harlow Town 3 (Okonkwo 23, 89)", "Att: 18,442". Anything with a
    # lower-case word ("Turnout hit 64%") may be a claim: body.
    if "title" in kinds and "body" not in kinds:
        label = without_trailing_bracket(line)
        if looks_like_heading(label) and (all(not w[0].islower() for w in label.split()) or is_short_label(label)):
            return "heading"
    return "body"
