"""parse_article: find the page furniture, give every other line a kind by the layout rules, split into sentences.

The text is kept whole: furniture becomes segments of kind "furniture", and each segment
records the id of the rule that decided its kind.
"""

from __future__ import annotations

import datetime
import re

from ..segment import split_sentences
from .captions import credit_after_caption, is_photo_credit
from .dates import TIME_STAMP
from .furniture import find_furniture, has_trailing_furniture
from .layout_rules import (
    BODY_RULES,
    CAPTION_CREDIT,
    DATELINE_RULES,
    ENTRY_TIME,
    HEADER_KINDS,
    HEADER_LINES,
    LAYOUT_RULES,
    LONE_RULES,
    LayoutRule,
    Line,
)
from .model import ParsedArticle, Segment
from .pages import judge_page
from .text import BULLETS, SPEAKER, normalise_line_endings

_LINE = re.compile(r"\S(?:[^\n]*\S)?")  # a line without the whitespace around it
# Kinds whose lines are split into sentences like body text (a caption's credit becomes a byline).
_SPLIT_KINDS = frozenset({"heading", "caption", "disclaimer"})
# Byline rules whose lines are paragraphs of sentences: credits and an author's bio.
_SPLIT_BYLINES = frozenset({"byline.credits", "byline.bio", "byline.bio-under-name-card", "byline.bio-continued"})
# How the layout rules see a kind in the lines above: a caption sits where a heading would.
_CONTEXT_KIND = {"caption": "heading"}
_BODY = next(rule.id for rule in LAYOUT_RULES if rule.id == "body.paragraph")
_WIRE_DATELINE, _COLON_DATELINE = DATELINE_RULES


def parse_article(
    raw: str,
    *,
    title: str = "",
    author: str = "",
    outlet: str = "",
    published: datetime.date | None = None,
) -> ParsedArticle:
    """Split raw article text into kinded segments, furniture included; explicit arguments win over detected values.

    The text stored is raw with its line endings unified: every non-space character of it lies in a segment.
    """
    text = normalise_line_endings(raw)
    art = ParsedArticle(text=text, title=title, author=author, outlet=outlet, published=published)
    blocks: list[tuple[int, int, bool]] = []  # every line, stripped, and whether it is furniture
    furniture: list[Segment] = []
    lines = text.split("\n")
    found = find_furniture(lines, has_trailing_furniture(text))
    line_start = 0
    for line, judged in zip(lines, found, strict=True):
        m = _LINE.search(line)
        if m is not None:
            start, end = line_start + m.start(), line_start + m.end()
            if judged is None:
                blocks.append((start, end, False))
            else:
                cut, rule = judged
                cut = line_start + cut
                if cut > start:  # furniture after the content of the line
                    head = _LINE.search(text, start, cut)
                    blocks.append((start, head.end(), False))
                    start = _LINE.search(text, cut, end + 1).start()
                blocks.append((start, end, True))
                furniture.append(Segment(start, end, "furniture", rule))
        line_start += len(line) + 1
    spans = [(start, end) for start, end, is_furniture in blocks if not is_furniture]
    judged = judge_page(text, blocks)
    if judged:
        furniture.extend(Segment(start, end, "furniture", rule) for start, end, rule in judged)
        gone = {(start, end) for start, end, _ in judged}
        spans = [span for span in spans if span not in gone]
    if len(spans) == 1:
        _segment_line(art, *spans[0], title)
    else:
        _segment(art, spans, title)
    if furniture:
        art.segments.extend(furniture)
        art.segments.sort(key=lambda s: s.start)
    return art


def _segment(art: ParsedArticle, spans: list[tuple[int, int]], title: str) -> None:
    """Give each line of spans a kind by the layout rules and append its segments to art (in text order)."""
    text = art.text
    kinds: list[str] = []
    segments = art.segments
    body_from = -1  # start of the run of body paragraphs not yet split
    first_body = True
    bullets = False  # whether a body paragraph starts with a list bullet
    previous_end = -1
    run_rules: list[tuple[int, str]] = []  # (end, rule id) of the body lines of the run
    mixed = False  # whether a rule other than body.paragraph decided a line of the run

    lines = [text[start:end] for start, end in spans]
    lines.append("")  # the line after the last
    header = True  # only header lines (title, bylines, headings) so far
    for i, (start, end) in enumerate(spans):
        header = header and i < HEADER_LINES
        line = Line(lines[i], i, spans, text, kinds, art, title, lines[i - 1] if i else "", lines[i + 1], header)
        rule = _decide(line)
        kind = rule.kind
        kinds.append(_CONTEXT_KIND.get(kind, kind))
        header = header and kinds[-1] in HEADER_KINDS
        # A run of body paragraphs ends at a line of another kind, or where furniture was cut out between lines.
        if body_from >= 0 and (kind != "body" or not _adjacent(text, previous_end, start)):
            _split_body(segments, text, body_from, spans[i - 1][1], run_rules, plain=not bullets and not mixed)
            body_from = -1
            run_rules.clear()
            mixed = False
        previous_end = end
        if kind != "body":
            _emit(segments, text, line, rule, first_body)
            continue
        if first_body:
            first_body = False
            start = _dateline(segments, line, start)
        if body_from < 0:
            body_from = start
        run_rules.append((end, rule.id))
        mixed = mixed or rule.id != _BODY
        if text[start] in BULLETS:
            bullets = True
    if body_from >= 0:
        _split_body(segments, text, body_from, spans[-1][1], run_rules, plain=not bullets and not mixed)


def _segment_line(art: ParsedArticle, start: int, end: int, title: str) -> None:
    """_segment for a record of one line, such as a dataset item: the same steps, without runs of lines."""
    text = art.text
    line = Line(text[start:end], 0, [(start, end)], text, [], art, title, in_header=True)
    rule = _decide(line)
    if rule.kind != "body":
        _emit(art.segments, text, line, rule, True)
        return
    start = _dateline(art.segments, line, start)
    plain = rule.id == _BODY and text[start] not in BULLETS
    _split_body(art.segments, text, start, end, [(end, rule.id)], plain=plain)


def _split_body(
    segments: list[Segment], text: str, start: int, end: int, run_rules: list[tuple[int, str]], *, plain: bool
) -> None:
    """Append the sentences of a run of body lines, text[start:end], with the rule of the line each lies in.

    run_rules: (end, rule id) of the run's lines. plain: every line was decided by body.paragraph and
    no body line of the article so far starts with a list bullet.
    """
    # A newline always ends a sentence, so a run of paragraphs is split in one call.
    if plain:
        segments.extend(Segment(s, e, "body", _BODY) for s, e in split_sentences(text, start, end))
        return
    ends = iter(run_rules)
    line_end, rule = next(ends, (end, _BODY))
    for s, e in split_sentences(text, start, end):
        while s >= line_end:
            line_end, rule = next(ends, (end, _BODY))
        if text[s] in BULLETS and s + 1 < e and text[s + 1].isspace():  # "• Item": the bullet is markup
            s += 1
            while text[s].isspace():
                s += 1
        segments.append(Segment(s, e, "body", rule))


def _adjacent(text: str, previous_end: int, start: int) -> bool:
    """Whether only line breaks and spaces lie between two lines (no furniture between them)."""
    return previous_end < 0 or not text[previous_end:start].strip()


def _decide(line: Line) -> LayoutRule:
    # A record of one line (a dataset item) is not tried on the rules that need lines around it.
    rules = LONE_RULES if len(line.spans) == 1 else LAYOUT_RULES if line.i < HEADER_LINES else BODY_RULES
    for rule in rules:
        found = rule.pattern(line)
        if found:
            if rule.take is not None:
                rule.take(line.art, found, line)
            return rule
    raise AssertionError("the last layout rule always holds")


def _emit(segments: list[Segment], text: str, line: Line, rule: LayoutRule, first_body: bool) -> None:
    """Append the segments of a line that is not body: one, or its sentences for headings, captions and notes."""
    start, end = line.spans[line.i]
    if rule.id == "heading.stamped-entry":  # "11:58 p.m. Observers to give verdict": the entry's time and headline
        cut = TIME_STAMP.match(line.text).end()
        segments.append(Segment(start, start + cut, "byline", ENTRY_TIME))
        segments.append(Segment(start + len(line.text) - len(line.text[cut:].lstrip()), end, "heading", rule.id))
        return
    if rule.kind in _SPLIT_KINDS or rule.id in _SPLIT_BYLINES:
        # Headings, captions and disclaimers are split into sentences like body
        # text; a photo credit closing a caption or heading is a byline.
        cut = credit_after_caption(line.text, first_body) if rule.kind in ("heading", "caption") else None
        for s, e in split_sentences(text, start, end if cut is None else start + cut):
            if rule.kind in ("heading", "caption") and is_photo_credit(text[s:e]):
                segments.append(Segment(s, e, "byline", CAPTION_CREDIT))
            else:
                segments.append(Segment(s, e, rule.kind, rule.id))
        if cut is not None:
            segments.append(Segment(start + cut, end, "byline", CAPTION_CREDIT))
        return
    segments.append(Segment(start, end, rule.kind, rule.id))


def _dateline(segments: list[Segment], line: Line, start: int) -> int:
    """Append the dateline opening the first body paragraph, if any; returns where the body starts."""
    following = line.following
    rule = _WIRE_DATELINE
    dateline = rule.pattern(line.text, following)
    if dateline is None and "byline" in line.kinds and not SPEAKER.match(following):
        rule = _COLON_DATELINE
        dateline = rule.pattern(line.text)  # "Muscat: Oman on Sunday ..." under the byline
    if dateline is None:
        return start
    if dateline.groupdict().get("outlet") and not line.art.outlet:
        line.art.outlet = dateline.group("outlet").strip()
    segments.append(Segment(start, start + len(dateline.group().rstrip()), "dateline", rule.id))
    return start + dateline.end()
