"""Whole web pages pasted as text: judge each line as boilerplate removers judge the blocks of an HTML page.

A page copied from a browser brings its menus, teaser lists, comment threads and galleries along,
one link per line. Adding a phrase per site does not scale; instead, as jusText (Pomikálek, 2011)
does for HTML, each line is a block classed by its own features — length, the share of function
words (prose has many: "the", "of", "was"), the share of navigation words, sentence punctuation,
and whether it is a short link-like line — and then the uncertain ones (short lines, and lines
with a little prose) take the class of the nearest certain blocks around them. Lines that end up
bad are page furniture (rule "furniture.page-block").

This runs only on a text that looks like a whole page: a long run of short link-like lines, or
mostly such lines. An article pasted on its own never reaches it, so that its short header and
credit lines are judged by the layout rules as before.
"""

from __future__ import annotations

import re

from .bylines import is_credit, parse_byline
from .dates import is_date_line
from .disclaimers import is_disclaimer
from .model import Rule
from .text import CLOSING, starts_like_sentence

PAGE_BLOCK = "furniture.page-block"

# Function words: prose is about a third of them; menus, names and link lists have few.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being below between
    both but by can could did do does doing down during each even few for from further had has have having he her
    here hers herself him himself his how i if in into is it its itself just many may me might more most much must
    my myself no nor not now of off on once only or other our ours ourselves out over own said same says she should
    since so some such than that the their theirs them themselves then there these they this those through to too
    under until up upon us very was we were what when where which while who whom whose why will with would you your
    yours yourself yourselves would told according its it's there's that's he's she's they're we're don't didn't
    isn't wasn't won't can't also however although though
    """.split()
)
# Words of site navigation and page chrome (section names, account and legal links).
NAV_WORDS = frozenset(
    """
    home news world business opinion sport sports politics culture lifestyle podcast podcasts video videos
    newsletter newsletters login logout register subscribe subscription search menu contact about archive archives
    shop donate blog events jobs careers advertise advertising privacy policy terms cookies cookie sitemap
    accessibility help faq feedback weather traffic entertainment health science tech technology travel style food
    local national international watch live listen tv radio apps app account sign settings more latest trending
    popular photos gallery galleries share follow facebook twitter instagram youtube linkedin tiktok whatsapp
    email rss print comments reply close open top back next previous page
    """.split()
)
# The head of a comment section: "Reader Comments", "12 Comments", "Join the conversation".
_COMMENTS_HEAD = re.compile(
    r"(?i)(?:\d+\s+)?(?:reader|user|readers['’])?\s*(?:comments?|responses?|replies)(?:\s*\(\d+\))?\s*:?"
    r"|(?:join|start)\s+the\s+(?:conversation|discussion)|(?:leave|post|add)\s+a\s+(?:comment|reply)|discussion"
)
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
LENGTH_LOW = 70  # shorter lines are uncertain: their neighbours decide
LENGTH_HIGH = 200
STOPWORDS_LOW = 0.15  # prose below this is rare (1 in 100 sentences of the development articles)
STOPWORDS_HIGH = 0.30
NAV_HIGH = 0.5
HEADING_DISTANCE = 200  # characters of short lines between a heading and the good text it heads
# When the text is a page: a run of this many link-like lines, or this many in all. (An article
# pasted on its own has a few: a headline, a byline, subheadings.)
_PAGE_RUN = 8
_PAGE_LINES = 20
# The main text is the run of good blocks with the most text, gaps of up to this many other blocks included.
_GAP = 6
# The article's header: a headline with a byline or date line at most this many lines under it.
_HEADER_REACH = 3
_SENTENCE_END = ".!?…"


def _link_like(line: str) -> bool:
    """A short line that reads like a link or a label: no sentence punctuation at its end, a few words."""
    return len(line) < LENGTH_LOW and line.rstrip(CLOSING)[-1:] not in _SENTENCE_END + ":" and len(line.split()) <= 8


def is_page(lines: list[str]) -> bool:
    """Whether the lines (furniture already left out) look like a whole page: many short link-like lines."""
    run = longest = count = 0
    for line in lines:
        if _link_like(line):
            run += 1
            count += 1
            longest = max(longest, run)
        else:
            run = 0
    return longest >= _PAGE_RUN or count >= _PAGE_LINES


_LIST_LINES = 4  # a block of this many lines or more, nearly all link-like, is a list of links
_LIST_SHARE = 0.75


def classify(lines: list[str]) -> str:
    """A block's class on its own: "good" (prose), "neargood", "short" (its neighbours decide) or "bad".

    lines: the block's lines (a paragraph: lines with no blank line between them).
    """
    block = " ".join(lines)
    words = [w.lower() for w in _WORD.findall(block)]
    if not words:
        return "bad"
    stop = sum(w in STOPWORDS for w in words) / len(words)
    nav = sum(w in NAV_WORDS for w in words) / len(words)
    if nav >= NAV_HIGH and stop < STOPWORDS_LOW:
        return "bad"
    links = sum(map(_link_like, lines))
    if links >= _LIST_LINES and links >= _LIST_SHARE * len(lines) and stop < STOPWORDS_LOW:
        return "bad"  # a menu or a list of teaser links
    if all(is_credit(line) or is_disclaimer(line) for line in lines):
        return "neargood"  # the article's own end notes: kept unless the page furniture surrounds them
    if len(block) < LENGTH_LOW:
        return "short"
    if stop >= STOPWORDS_HIGH:
        return "good" if len(block) >= LENGTH_HIGH or block.rstrip(CLOSING)[-1:] in _SENTENCE_END else "neargood"
    return "neargood" if stop >= STOPWORDS_LOW else "bad"


def _looks_like_heading(line: str) -> bool:
    words = line.split()
    return 3 <= len(words) <= 30 and starts_like_sentence(line) and line.rstrip(CLOSING)[-1:] not in ".,;:"


def judge_page(text: str, lines: list[tuple[int, int, bool]]) -> list[tuple[int, int, str]]:
    """(start, end, rule id) of the content lines of a whole page that are boilerplate; [] for an article.

    lines: (start, end, is furniture) of every non-blank line of text, in order. The blocks judged
    are paragraphs: runs of lines with no blank line between them.
    """
    if len(lines) < _PAGE_RUN:  # too few lines to be a page, whatever they are (a dataset item is one)
        return []
    content = [text[s:e] for s, e, furniture in lines if not furniture]
    if len(content) < _PAGE_RUN or not is_page(content):
        return []
    # Paragraphs are the blocks; a text without blank lines has only lines to go by.
    paragraphs = _BLANK_LINE.search(text, lines[0][0], lines[-1][1]) is not None
    blocks: list[list[int]] = []  # indexes into lines
    for i, (start, _, _) in enumerate(lines):
        if not blocks or not paragraphs or text.count("\n", lines[i - 1][1], start) > 1:
            blocks.append([])
        blocks[-1].append(i)
    pieces = []
    classes = []
    for block in blocks:
        kept = [text[lines[i][0] : lines[i][1]] for i in block if not lines[i][2]]
        pieces.append(" ".join(kept))
        classes.append(classify(kept) if kept else "bad")
    sizes = [sum(lines[i][1] - lines[i][0] for i in block) for block in blocks]
    first, _ = main_text(classes, sizes)
    if first < 0:
        return []
    _find_header(text, lines, blocks, classes, first)
    _good_headings(pieces, classes)
    final = ["good" if c == "header" else c for c in _revise(classes)]
    # Readers' comments come after the article: from the comment section's head on, nothing is article text.
    for b in range(first + 1, len(blocks)):
        if _COMMENTS_HEAD.fullmatch(pieces[b]) is not None:
            final[b:] = ["bad"] * (len(final) - b)
            break
    return [
        (lines[i][0], lines[i][1], PAGE_BLOCK)
        for block, c in zip(blocks, final, strict=True)
        if c == "bad"
        for i in block
        if not lines[i][2]
    ]


def _good_headings(pieces: list[str], classes: list[str]) -> None:
    """A heading-like short block with good text close under it is near-good (jusText's heading rule)."""
    for i, piece in enumerate(pieces):
        if classes[i] != "short" or not _looks_like_heading(piece):
            continue
        distance = 0
        for j in range(i + 1, len(pieces)):
            if classes[j] == "good":
                classes[i] = "neargood"
                break
            distance += len(pieces[j])
            if distance > HEADING_DISTANCE:
                break


def main_text(classes: list[str], sizes: list[int]) -> tuple[int, int]:
    """The first and last block of the main text: the run of good blocks with the most text (short gaps allowed).

    (-1, -1) when there is no good block.
    """
    best, found = 0, (-1, -1)
    start = -1
    total = gap = 0
    for i, c in enumerate(classes):
        if c != "good":
            gap += 1
            if gap > _GAP:
                start, total = -1, 0
            continue
        if start < 0:
            start = i
        gap = 0
        total += sizes[i]
        if total > best:
            best, found = total, (start, i)
    return found


def _find_header(
    text: str, lines: list[tuple[int, int, bool]], blocks: list[list[int]], classes: list[str], main: int
) -> None:
    """Mark the article's header above the main text, and class what lies above the header as bad.

    The header is the last headline-like line above the main text with a byline or a date line
    under it; failing that, the headline-like line nearest above the main text (a few lines up at
    most). Its blocks are classed "header" (good, but no neighbour of anything). Without one,
    nothing changes.
    """
    if main <= 0:
        return
    block_of = {i: b for b, block in enumerate(blocks) for i in block}
    content = [i for i in range(blocks[main][0]) if not lines[i][2]]
    header = -1
    for n, i in enumerate(content):
        piece = text[lines[i][0] : lines[i][1]]
        if (
            _looks_like_heading(piece)
            and not _byline_or_date(piece)
            and any(_byline_or_date(text[lines[j][0] : lines[j][1]]) for j in content[n + 1 : n + 1 + _HEADER_REACH])
        ):
            header = n
    if header < 0:  # no byline or date: the headline sits right above the text
        near = range(len(content) - 1, max(-1, len(content) - 1 - 2 * _HEADER_REACH), -1)
        header = next((n for n in near if _looks_like_heading(text[lines[content[n]][0] : lines[content[n]][1]])), -1)
    if header < 0:
        return
    first = block_of[content[header]]
    for b in range(first):
        if classes[b] != "good":
            classes[b] = "bad"
    last = header  # the header goes on while a byline or date line comes within reach
    for n in range(header + 1, len(content)):
        if n - last > _HEADER_REACH:
            break
        if _byline_or_date(text[lines[content[n]][0] : lines[content[n]][1]]):
            last = n
    for b in range(first, block_of[content[last]] + 1):
        if classes[b] != "good":
            classes[b] = "header"


def _byline_or_date(line: str) -> bool:
    """A byline or a date line: what sits under a headline."""
    return len(line) <= 120 and (is_date_line(line) or parse_byline(line) is not None)


def _neighbour(classes: list[str], i: int, step: int, ignore_neargood: bool) -> str:
    """The class of the nearest certain block from i in direction step; the page's edges count as bad."""
    i += step
    while 0 <= i < len(classes):
        c = classes[i]
        if c in ("good", "bad") or (c == "neargood" and not ignore_neargood):
            return c
        i += step
    return "bad"


def _revise(classes: list[str]) -> list[str]:
    """Short blocks take the class of the certain blocks around them, then near-good ones (as jusText does)."""
    revised = classes.copy()
    for i, c in enumerate(classes):
        if c != "short":
            continue
        before, after = _neighbour(classes, i, -1, True), _neighbour(classes, i, 1, True)
        if before == after:
            revised[i] = before
        elif (before == "bad" and _neighbour(classes, i, -1, False) == "neargood") or (
            after == "bad" and _neighbour(classes, i, 1, False) == "neargood"
        ):
            revised[i] = "good"
        else:
            revised[i] = "bad"
    for i, c in enumerate(classes):
        if c == "neargood":
            pair = (_neighbour(classes, i, -1, True), _neighbour(classes, i, 1, True))
            revised[i] = "bad" if pair == ("bad", "bad") else "good"
    return revised


# A line of a whole page classed bad by its features and its neighbours.
PAGE_RULES: tuple[Rule, ...] = (
    Rule(
        PAGE_BLOCK,
        "furniture",
        judge_page,
        ("Home\nLocal News\nNational News\nHealth\nPolitics\nSports\nWeather\nTraffic\nCommunity\n>> Recipes\n"
         "Contests\nTalks resume in Doha after a long break\nBy Jane Doe\nThe talks between the two sides resumed "
         "in Doha on Monday after a break of three months, officials from both delegations said.\nThey are "
         "expected to last for a week, and a statement will be issued at the end of them, the hosts said.\n"
         "Privacy Policy\nTerms of Use\nSitemap\nCareers\nAdvertise with Us\nContact Us\nSocial\nFacebook",),
        ("Home\nLocal News\nNational News\nHealth\nPolitics\nSports\nWeather\nTraffic\nCommunity\nRecipes\n"
         "Contests\n>> Talks resume in Doha after a long break\nBy Jane Doe\nThe talks between the two sides "
         "resumed in Doha on Monday after a break of three months, officials from both delegations said.\nThey "
         "are expected to last for a week, and a statement will be issued at the end of them, the hosts said.\n"
         "Privacy Policy\nTerms of Use\nSitemap\nCareers\nAdvertise with Us\nContact Us\nSocial\nFacebook",),
    ),
)
