"""Whole web pages pasted as text: judge each line as boilerplate removers judge the blocks of an HTML page.

A page copied from a browser brings its menus, teaser lists, comment threads and galleries along.
Adding a phrase per site does not scale; instead, as jusText (Pomikálek, 2011) does for HTML, each
paragraph (lines with no blank line between them) is a block classed by its own features — length,
the share of function words (prose has many: "the", "of", "was"), the share of navigation words,
sentence punctuation, whether its lines read like links or headlines — and then the uncertain ones
(short blocks, and blocks with a little prose) take the class of the nearest certain blocks around
them. Lines that end up bad are page furniture (rule "furniture.page-block").

Page conventions then place the article on the page:

* the main text is the longest run of good blocks (or an earlier one with half its text under a
  sure headline); the header above it is the line with the most signs of a headline (a byline or a
  date under it, a date above it, repeated elsewhere on the page, a headline's length), and
  nothing above a sure headline is article text;
* teaser lists (records of a title, maybe a summary, and an author or a date) and runs of teaser
  titles are furniture ("furniture.page-teasers", "furniture.page-list");
* the article ends at the readers' comments ("furniture.page-comments") or at a long stretch of
  furniture that no substantial text follows ("furniture.page-end").

This runs only on a text that looks like a whole page: a long run of short link-like lines, or
mostly such lines. An article pasted on its own never reaches it, so that its short header and
credit lines are judged by the layout rules as before.
"""

from __future__ import annotations

import re

from .bylines import bare_name, is_credit, parse_byline
from .captions import credit_after_caption, is_caption, is_photo_credit
from .dates import DATE, DATE_RE, is_date_line
from .disclaimers import is_disclaimer
from .layout import headline_stop, title_case
from .model import Rule
from .text import CLOSING, starts_like_sentence

PAGE_BLOCK = "furniture.page-block"
PAGE_COMMENTS = "furniture.page-comments"  # from the head of the readers' comments on
PAGE_TEASERS = "furniture.page-teasers"  # records of a teaser list: title, summary, author or date
PAGE_LIST = "furniture.page-list"  # a run of one-line paragraphs of link labels: teaser titles
PAGE_END = "furniture.page-end"  # after the article: past a long stretch of furniture with no article text after it

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
# Words of a menu's labels that no personal name has ("Log In", "My Account", "See All"); first names that are
# also words ("Will", "May") are not among them.
_NOT_NAMES = NAV_WORDS | frozenset(
    "my your our their the a an in out up to of for and or all view see read log sign account us you we this that "
    "new top get join".split()
)
# The head of a comment section: "Reader Comments", "12 Comments", "Join the conversation",
# "6 Comments on <headline>", "14 thoughts on “<headline>”", "Comments are closed.".
_COMMENTS_HEAD = re.compile(
    r"""(?ix)(?:\d+\s+)?(?:reader|user|readers['’])?\s*(?:comments?|responses?|replies)(?:\s*\(\d+\))?\s*:?
      | \d+\s+(?:comments?|thoughts?|responses?|replies)\s+(?:on|to)\s+.{1,300}
      | (?:join|start)\s+the\s+(?:conversation|discussion)|(?:leave|post|add|write)\s+a\s+(?:comment|reply)
      | (?:view|read|see|show)\s*(?:/\s*post\s+)?(?:all\s+)?(?:\d+\s+)?comments|discussion
      | comments?\s+(?:are|have\s+been)\s+closed\.?"""
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
# The main text is a run of good blocks, gaps of up to this many lines of other blocks included.
_GAP = 6
_MAIN_SHARE = 0.5
# The article's header: a headline with a byline or date line at most this many lines under it.
_HEADER_REACH = 3
# A headline with this many points (_headline_score), a date, a byline or a repeat among them, is sure: nothing
# above it is article text.
_SURE_HEADLINE = 3
_HEADLINE_WORDS = 5
_STANDFIRST_WORDS = 10  # a standfirst under the headline is a sentence of this many words or more
_PROSE_FADE = 4  # lines of prose between a headline and its text that cost it a point
_LINES_FADE = 200  # lines of any kind between them that do
_BY = re.compile(r"(?i)by:?\s")  # a byline, even one parse_byline does not read: never the headline
# A caption's credit anywhere in the line ("... California.David McNew—Getty Images", "...2023.Photograph: Jane
# Doe"): caption text that credit_after_caption does not cut (no space after the stop).
_PICTURE_WORDS = re.compile(
    r"(?i)(?:\b(?:photo(?:graph)?|image|picture|illustration|credit)s?\s*(?:by\b|:)"
    r"|(?:getty\s+images|shutterstock|ap\s+photo|afp|reuters|epa|alamy|istock(?:photo)?)\)?\s*$)"
)
_AROUND_HEADLINE = 40  # characters around a headline repeated on the page: "» ", "6 Comments on ", " | Site"
_SENTENCE_END = ".!?…"
# After the article: a stretch of this many lines with no good block in it (menus, link lists, teasers) ends
# the article unless at least _SUBSTANTIAL characters of good text follow it (a widget inside the article).
_BREAK_LINES = 8
_SUBSTANTIAL = 400
_PER_GAP_LINE = 25
# A teaser list: records (a title, maybe a summary, an author's name or a date) of a few lines each; this
# many author or date lines in a row, at most _RECORD_GAP lines apart, with no paragraph between them.
_RECORDS = 3
_RECORD_GAP = 4
_CREDIT_LABEL = re.compile(r"(?i)(?:image|photo|picture|photograph|credit)s?\s*:")
_TITLE_MAX = 150  # a headline is shorter; a paragraph without a final stop is rarely longer than this
_TITLE_RUN = 5  # one-line paragraphs of links' labels in a row: a list of teasers
_DATE_ANYWHERE = re.compile(DATE_RE)
_KICKER_WORDS = 3  # words of a section's name before a date on one line
_KICKER_DATE_MAX = 70
_DATED_MAX = 120  # a date with the post's categories or an update time after it
_SUMMARY_MAX = 350  # a teaser's summary is a sentence or two; an article's paragraph may be longer
# A date in figures on its own line, maybe with a time: "02.12.19", "12/02/2019 14:05".
_NUMERIC_DATE = re.compile(r"(?i)\d{1,2}([./-])\d{1,2}\1(?:\d{4}|\d{2})(?:,?\s+\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?)?")
# "First Posted: 08-13-10 05:18 PM | Updated: ...": a date in figures after the label of a date line.
_LABELLED_NUMERIC_DATE = re.compile(r"(?i)(?:first\s+)?(?:posted|published|updated)(?:\s+on)?\s*:?\s*(?=\d)")


def _link_like(line: str) -> bool:
    """A short line that reads like a link or a label: no sentence punctuation at its end, a few words."""
    return len(line) < LENGTH_LOW and line.rstrip(CLOSING)[-1:] not in _SENTENCE_END + ":" and len(line.split()) <= 8


def _title_like(line: str) -> bool:
    """A line that reads like a headline or a label: no sentence punctuation at its end, not a paragraph."""
    return len(line) <= _TITLE_MAX and line.rstrip(CLOSING)[-1:] not in _SENTENCE_END and not line.endswith(":")


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


def classify(lines: list[str], introduced: bool = False) -> str:
    """A block's class on its own: "good" (prose), "neargood", "short" (its neighbours decide) or "bad".

    lines: the block's lines (a paragraph: lines with no blank line between them); introduced: whether
    the block above ends with ":", introducing a list.
    """
    block = " ".join(lines)
    words = [w.lower() for w in _WORD.findall(block)]
    if not words:
        return "bad"
    stop = sum(w in STOPWORDS for w in words) / len(words)
    nav = sum(w in NAV_WORDS for w in words) / len(words)
    if nav >= NAV_HIGH and stop < STOPWORDS_LOW:
        return "bad"
    if 2 * sum("\t" in line for line in lines) >= len(lines):
        return "short"  # a table's rows (a browser copies cells with tabs between them): its neighbours decide
    links = sum(map(_link_like, lines))
    if links >= _LIST_LINES and links >= _LIST_SHARE * len(lines) and stop < STOPWORDS_LOW:
        return "bad"  # a menu or a list of teaser links
    titles = sum(map(_title_like, lines))
    if not introduced and titles >= _LIST_LINES and titles >= _LIST_SHARE * len(lines):
        return "bad"  # a list of headlines (a teaser list, a playlist), which has the function words of prose
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
    starts = {
        i
        for i, (start, _, _) in enumerate(lines)
        if not i or not paragraphs or text.count("\n", lines[i - 1][1], start) > 1
    }
    blocks, pieces, classes, sizes = _blocks(text, lines, starts)
    runs = main_runs(classes, sizes, [len(block) for block in blocks])
    if not runs:
        return []
    (first, last, main_size), (header, header_end, sure) = _article(text, lines, blocks, runs)
    main_line = _prose_start(text, lines, blocks[first])
    teasers = _teaser_lists(text, lines, main_line)
    # The header and each teaser list are blocks of their own, even where menus or a gallery touch them.
    bounds = {end + 1 for _, end in teasers} | {start for start, _ in teasers}
    if header >= 0:
        bounds |= {header, header_end + 1}
    if bounds - starts:
        blocks, pieces, classes, sizes = _blocks(text, lines, starts | bounds)
        first = next(b for b, block in enumerate(blocks) if main_line in block)
    why = [PAGE_BLOCK] * len(blocks)
    for b, block in enumerate(blocks):
        if any(start <= block[0] <= end for start, end in teasers):
            classes[b] = "bad"
            why[b] = PAGE_TEASERS
    if header >= 0:
        head = next(b for b, block in enumerate(blocks) if block[0] == header)
        for b in range(head):
            if classes[b] != "good" or sure:
                classes[b] = "bad"
        for b in range(head, first):
            if blocks[b][0] <= header_end and classes[b] != "good":
                classes[b] = "header"
    else:
        head = -1
    _good_headings(pieces, classes)
    _mark_title_lists(pieces, blocks, lines, classes, why, head + 1 if head >= 0 else first)
    final = ["good" if c == "header" else c for c in _revise(classes)]
    _cut_end(text, lines, blocks, classes, final, why, first, main_size)
    return [
        (lines[i][0], lines[i][1], rule)
        for block, c, rule in zip(blocks, final, why, strict=True)
        if c == "bad"
        for i in block
        if not lines[i][2]
    ]


def _blocks(
    text: str, lines: list[tuple[int, int, bool]], starts: set[int]
) -> tuple[list[list[int]], list[str], list[str], list[int]]:
    """The blocks (indexes into lines) that begin at the given lines, their text, class and size in characters."""
    blocks: list[list[int]] = []
    for i in range(len(lines)):
        if i in starts or not blocks:
            blocks.append([])
        blocks[-1].append(i)
    pieces, classes = [], []
    introduced = False  # the block above ends with ":" (introduces a list)
    for block in blocks:
        kept = [text[lines[i][0] : lines[i][1]] for i in block if not lines[i][2]]
        pieces.append(" ".join(kept))
        classes.append(classify(kept, introduced) if kept else "bad")
        introduced = bool(kept) and kept[-1].endswith(":")
    sizes = [sum(lines[i][1] - lines[i][0] for i in block) for block in blocks]
    return blocks, pieces, classes, sizes


def _dated(line: str) -> bool:
    """A date line, a short line that starts with a date ("April 26, 2014 -- Updated 1358 GMT (2158 HKT)") or has
    one after a section's name, or a date in figures on its own ("02.12.19", "12/02/2019 14:05", "08-13-10") or
    after a date line's label ("First Posted: 08-13-10 05:18 PM | Updated: 08-14-10 12:41 AM")."""
    if is_date_line(line) or (line[:1].isdigit() and _NUMERIC_DATE.fullmatch(line) is not None):
        return True
    label = _LABELLED_NUMERIC_DATE.match(line)
    if label is not None and len(line) <= _DATED_MAX and _NUMERIC_DATE.match(line, label.end()) is not None:
        return True
    if len(line) > _DATED_MAX or line[-1] in _SENTENCE_END:
        return False
    if DATE.match(line) is not None:  # "January 13, 2020 at 08:45 AM | categories: Python | View Comments"
        return True
    if len(line) > _KICKER_DATE_MAX:
        return False
    # A section's name before the date, even glued to it: "North Korea 09:31 August 20, 2019", "BUSINESSNOV 7, 2023".
    found = _DATE_ANYWHERE.search(line)
    return found is not None and len(line[: found.start()].split()) <= _KICKER_WORDS


def _is_marker(line: str) -> bool:
    """An author's name or a date: what closes (or opens) each record of a teaser list."""
    return _dated(line) or _is_name(line)


def _teaser_lists(text: str, lines: list[tuple[int, int, bool]], begin: int) -> list[tuple[int, int]]:
    """(first line, last line) of each teaser list from line begin on (the main text's start).

    A teaser list is a run of records of a few short lines each (a title, maybe a one- or two-sentence
    summary, a section) with an author's name or a date in every record: _RECORDS or more such
    markers, each at most _RECORD_GAP lines from the next, with no line longer than a summary between.
    The list takes the lines from its first marker's record to its last one's (the record's length
    is the distance between markers).
    """
    span = [text[s:e] for s, e, _ in lines]
    markers = [i for i in range(begin, len(lines)) if _is_marker(span[i])]
    chains: list[list[int]] = []
    for i in markers:
        if (
            chains
            and i - chains[-1][-1] <= _RECORD_GAP + 1
            and all(len(span[k]) <= _SUMMARY_MAX for k in range(chains[-1][-1] + 1, i))
        ):
            chains[-1].append(i)
        else:
            chains.append([i])
    found = []
    for chain in chains:
        if len(chain) < _RECORDS:
            continue
        record = max(1, min(b - a for a, b in zip(chain, chain[1:], strict=False)))
        low = chain[0]
        # Back to the first record's title: over a summary only when a title is above it.
        while low > begin and chain[0] - low < record - 1 and (
            _title_like(span[low - 1])
            or (len(span[low - 1]) <= _SUMMARY_MAX and low - 1 > begin and _title_like(span[low - 2]))
        ):
            low -= 1
        high = chain[-1]
        while high + 1 < len(lines) and high - chain[-1] < record - 1 and len(span[high + 1]) <= _SUMMARY_MAX:
            high += 1
        found.append((low, high))
    return found


def _mark_title_lists(
    pieces: list[str],
    blocks: list[list[int]],
    lines: list[tuple[int, int, bool]],
    classes: list[str],
    why: list[str],
    start: int,
) -> None:
    """Class a run of _TITLE_RUN or more one-line paragraphs that read like links' labels (no sentence end, no
    colon) as bad, unless the line above introduces a list (ends with ":"): teaser titles under "You might
    also like", which their neighbours' prose would otherwise carry into the body."""
    run: list[int] = []
    for b in range(start, len(blocks) + 1):
        if b < len(blocks) and _is_title_block(pieces[b], blocks[b], lines) and classes[b] != "header":
            run.append(b)
            continue
        if len(run) >= _TITLE_RUN and not (run[0] > 0 and pieces[run[0] - 1].rstrip().endswith(":")):
            for r in run:
                classes[r] = "bad"
                why[r] = PAGE_LIST
        run = []


def _is_title_block(piece: str, block: list[int], lines: list[tuple[int, int, bool]]) -> bool:
    return (
        len(block) == 1
        and not lines[block[0]][2]
        and 0 < len(piece) <= 120
        and ":" not in piece
        and piece.rstrip(CLOSING)[-1:] not in _SENTENCE_END
        and not piece[0].islower()
    )


def _cut_end(
    text: str,
    lines: list[tuple[int, int, bool]],
    blocks: list[list[int]],
    classes: list[str],
    final: list[str],
    why: list[str],
    first: int,
    main_size: int,
) -> None:
    """Class everything after the article as bad: from the readers' comments' head on, or from a long
    stretch with no good block (menus, link lists, teasers) that no substantial good text follows.

    A comments head counts only once at least half of the main text (main_size characters of good
    blocks) lies above it: a comment counter in a share bar under the first paragraph is no end.
    """
    run_from, run_lines = -1, 0
    above = 0  # characters of good text from the main text's start
    for b in range(first, len(blocks)):
        head = text[lines[blocks[b][0]][0] : lines[blocks[b][0]][1]]
        if (
            b > first
            and 2 * above >= main_size
            and len(head) <= 320
            and _COMMENTS_HEAD.fullmatch(head) is not None
        ):
            final[b:] = ["bad"] * (len(final) - b)
            why[b:] = [PAGE_COMMENTS] * (len(why) - b)
            return
        if classes[b] in ("good", "neargood", "header"):
            if classes[b] == "good":
                above += sum(lines[i][1] - lines[i][0] for i in blocks[b] if not lines[i][2])
            if run_lines >= _BREAK_LINES and not _substantial(blocks, classes, b, lines, run_lines):
                final[run_from:] = ["bad"] * (len(final) - run_from)
                why[run_from:] = [PAGE_END if w == PAGE_BLOCK else w for w in why[run_from:]]
                return
            run_from, run_lines = -1, 0
            continue
        if run_from < 0:
            run_from = b
        run_lines += len(blocks[b])


def _substantial(
    blocks: list[list[int]], classes: list[str], b: int, lines: list[tuple[int, int, bool]], gap: int
) -> bool:
    """Whether the good text from block b on (up to three blocks in a row that are not good) is long enough to be
    the article going on after gap lines of furniture: _SUBSTANTIAL characters, and more after a longer gap (a
    widget inside an article is a dozen lines; a site's blurb comes after the whole footer)."""
    needed = max(_SUBSTANTIAL, _PER_GAP_LINE * gap)
    total = misses = 0
    for c, block in zip(classes[b:], blocks[b:], strict=False):
        if c in ("good", "neargood"):
            total += sum(lines[i][1] - lines[i][0] for i in block if not lines[i][2])
            misses = 0
            if total >= needed:
                return True
        else:
            misses += 1
            if misses >= 3:
                break
    return False


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


def main_runs(classes: list[str], sizes: list[int], heights: list[int]) -> list[tuple[int, int, int]]:
    """The runs of good blocks (gaps of up to _GAP lines of other blocks allowed): (first block, last block,
    characters). heights: each block's number of lines (a menu copied from a browser is one block of many)."""
    runs: list[tuple[int, int, int]] = []
    start = -1
    total = gap = 0
    for i, c in enumerate(classes):
        if c != "good":
            gap += heights[i]
            if gap > _GAP:
                start, total = -1, 0
            continue
        if start < 0:
            start = i
            runs.append((i, i, 0))
        gap = 0
        total += sizes[i]
        runs[-1] = (start, i, total)
    return runs


def _article(
    text: str, lines: list[tuple[int, int, bool]], blocks: list[list[int]], runs: list[tuple[int, int, int]]
) -> tuple[tuple[int, int, int], tuple[int, int, bool]]:
    """The main text (a run of good blocks) and its header (see _find_header).

    The main text is the longest run, unless a run with at least _MAIN_SHARE of its text has a sure
    headline right above it (below the run before it): then the first such (a site's blurb in the
    footer, or promotions in a menu, may outweigh a short article, but have no headline).
    """
    longest = max(runs, key=lambda run: run[2])
    above = -1  # the last line of the run before
    for run in runs:
        if run[2] >= _MAIN_SHARE * longest[2]:
            header = _find_header(text, lines, _prose_start(text, lines, blocks[run[0]]))
            if header[2] and header[0] > above:
                return run, header
        above = blocks[run[1]][-1]
    return longest, _find_header(text, lines, _prose_start(text, lines, blocks[longest[0]]))


def _prose_start(text: str, lines: list[tuple[int, int, bool]], block: list[int]) -> int:
    """The block's first line of prose (its header may share the block: a date, the headline, then a standfirst)."""
    for i in block:
        line = text[lines[i][0] : lines[i][1]]
        if not lines[i][2] and (len(line) > LENGTH_HIGH or line.rstrip(CLOSING)[-1:] in _SENTENCE_END):
            return i
    return block[0]


def _find_header(text: str, lines: list[tuple[int, int, bool]], main: int) -> tuple[int, int, bool]:
    """The article's header above line main: (its headline's line, its last line, whether the headline is sure).

    The headline is the headline-like line above the main text with the most of the signs of one
    (see _headline_score), less a point for every _PROSE_FADE lines of prose and _LINES_FADE lines
    of any kind between it and the text; among equals, the nearest to the text. Without any sign, the
    headline-like line nearest above the main text (a few lines up at most). The header goes on
    while a byline, a date or an author's name comes within _HEADER_REACH lines. (-1, -1, False)
    when there is none.
    """
    content = [i for i in range(main) if not lines[i][2]]
    texts = [text[lines[i][0] : lines[i][1]] for i in content]
    best, header, sure = 0.0, -1, False
    prose = 0  # lines of prose between line n and the text, counted from the text up
    for n in range(len(texts) - 1, -1, -1):
        piece = texts[n]
        if len(piece) > LENGTH_HIGH or piece.rstrip(CLOSING)[-1:] in _SENTENCE_END:
            prose += 1
        if not _could_be_headline(piece) or _over_credit(texts, n):
            continue
        # Far above the text, a line has to show more signs: menus and teasers come first on a page. Only
        # prose and the number of lines count as far: a video playlist may sit between headline and text.
        signs, strong = _headline_score(text, texts, n)
        score = signs - prose / _PROSE_FADE - (len(texts) - n) / _LINES_FADE
        if score > 1 and score > best:
            best, header, sure = score, n, strong and signs >= _SURE_HEADLINE
    if header < 0:  # no sign of a headline: the headline sits right above the text
        near = range(len(content) - 1, max(-1, len(content) - 1 - 2 * _HEADER_REACH), -1)
        header = next((n for n in near if (_could_be_headline(texts[n]) and not _over_credit(texts, n))
                       or _dated_short_title(texts, n)), -1)
    if header < 0:
        return -1, -1, False
    header = _over_standfirst(texts, header)
    last = header  # the header goes on while a byline or date line comes within reach
    gap = 0  # lines since the last, not counting a picture's or a share box's (as _headline_score does not)
    for n in range(header + 1, len(content)):
        if n - last > 2 * _HEADER_REACH or gap >= _HEADER_REACH:
            break
        if _bylineish(texts[n]) or _is_name(texts[n]):
            last, gap = n, 0
        elif not _aside(texts, n):
            gap += 1
    return content[header], content[last], sure


def _aside(texts: list[str], n: int) -> bool:
    """A line that may come between a headline and its byline: a picture's caption or credit, or a share box's
    count or label ("1.1k", "Shares")."""
    return _is_picture_text(texts[n]) or _over_credit(texts, n) or len(texts[n].split()) <= 2


def _over_standfirst(texts: list[str], n: int) -> int:
    """The headline of a header whose line n may be its standfirst: the line above n when it reads as a headline
    and line n as a standfirst, longer than it, else n.

    News pages set a standfirst (a deck: a sentence that sums the story up, often with no final stop)
    between the headline and the byline; it is longer than the headline, which sits right above it.
    A kicker, a section's label or a list of categories above a headline is shorter than the headline,
    and a headline is rarely a sentence of _STANDFIRST_WORDS words: those stay where they are.
    """
    if n == 0:
        return n
    above, below = texts[n - 1].split(), texts[n].split()
    if (
        len(above) >= _HEADLINE_WORDS
        and len(below) >= max(_STANDFIRST_WORDS, len(above) + 1)
        and _could_be_headline(texts[n - 1])
        and not title_case(texts[n])  # a standfirst is set in sentence case, a headline often in title case
    ):
        return n - 1
    return n


def _over_credit(texts: list[str], n: int) -> bool:
    """Whether line n is over a picture's labelled credit ("Image: Jane Doe"): then it is the picture's caption."""
    return n + 1 < len(texts) and _CREDIT_LABEL.match(texts[n + 1]) is not None


def _dated_short_title(texts: list[str], n: int) -> bool:
    """A post's title of two words under its date ("September 15, 2014" / "Voice interfaces"), as blog themes set it
    right above the text; a line of two words is otherwise too short to be taken for a headline."""
    line = texts[n]
    return (
        n > 0
        and len(line.split()) == 2
        and starts_like_sentence(line)
        and line.rstrip(CLOSING)[-1:] not in ".,;:!?"
        and _dated(texts[n - 1])
        and not _bylineish(line)
    )


def _could_be_headline(line: str) -> bool:
    stopped = line.endswith(".") and _looks_like_heading(line[:-1]) and headline_stop(line)  # "... With U.S."
    heading = _looks_like_heading(line) or stopped
    return heading and not _bylineish(line) and not _is_picture_text(line)


def _headline_score(text: str, texts: list[str], n: int) -> tuple[int, bool]:
    """How much line n of texts (the content lines above the main text) looks like the article's headline.

    Signs: a byline or a date line under it, with no other headline-like line between (3 points; the
    usual header), or an author's bare name right under it (2); a date line just above it ("March 29,
    2019" / "Community" / the headline: 2); the headline repeated elsewhere on the page, on its own or
    with a little around it (a breadcrumb "» Headline", "6 Comments on Headline", a share box: 2);
    and the length of a headline (five words or more: 1). Against: a line amid a list of links (-2).
    Returns the points and whether a date, a byline or a repeat is among the signs (a bare name under
    a line is weaker: a menu's labels may read as names).
    """
    piece = texts[n]
    long = len(piece.split()) >= _HEADLINE_WORDS
    score = 0
    # A picture (its caption and credit) and a share box's counts and labels ("1.1k", "Shares") may come between
    # the headline and its byline.
    below = [
        texts[j]
        for j in range(n + 1, min(len(texts), n + 1 + 2 * _HEADER_REACH))
        if _bylineish(texts[j]) or not _aside(texts, j)
    ][:_HEADER_REACH]
    strong = False
    for line in below:  # the nearest headline-like line above a byline takes it
        if _bylineish(line):
            score += 3
            strong = True
            break
        if len(line.split()) >= _HEADLINE_WORDS and _looks_like_heading(line) and not _is_picture_text(line):
            break
    else:
        if below and _is_name(below[0]):
            score += 2
    if any(_dated(line) for line in texts[max(0, n - 2) : n]):
        score += 2
        strong = True
    if long:
        score += 1
        if _repeated(text, piece):
            score += 2
            strong = True
    elif len(piece.split()) < _HEADLINE_WORDS - 1:
        score -= 1  # "See More Videos": a link's label more often than a headline
    if 0 < n < len(texts) - 1 and all(
        _link_like(line) and not _bylineish(line) and not _is_name(line) for line in (texts[n - 1], texts[n + 1])
    ):
        score -= 2
    return score, strong


def _repeated(text: str, piece: str) -> bool:
    """Whether piece occurs on another line of text, alone or with at most a few words around it (but not in
    many: a gallery's caption repeated on every slide is no headline)."""
    if len(piece.split()) < 3:
        return False
    found = 0
    at = text.find(piece)
    while at >= 0:
        line_start = text.rfind("\n", 0, at) + 1
        line_end = text.find("\n", at + len(piece))
        line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
        if len(line) <= len(piece) + _AROUND_HEADLINE:
            found += 1
        at = text.find(piece, at + len(piece))
    return 2 <= found <= 4


def _is_name(line: str) -> bool:
    """A bare author's name under a headline: "Jessica Rudder" (not "Log In" or "My Account")."""
    words = line.split()
    return (
        len(line) <= 40
        and line[-1] not in ".:;,!?"
        and 2 <= len(words) <= 4
        and not any(w.lower() in _NOT_NAMES for w in words)
        and bare_name(line) is not None
    )


def _is_picture_text(line: str) -> bool:
    """A picture's caption or credit: never the headline."""
    return (
        is_photo_credit(line)
        or is_caption(line)
        or credit_after_caption(line, before_body=True) is not None
        or _PICTURE_WORDS.search(line) is not None
    )


def _bylineish(line: str) -> bool:
    """A byline or date line, or a line that starts like a byline ("By Jane Doe , John Roe, CNN"; longer with a date
    and the post's tags glued on: "By JANE DOE, Editor | June 7, 2013 @ 6:43pm EDTTags: ...")."""
    return _byline_or_date(line) or (
        (len(line) <= 120 or _DATE_ANYWHERE.search(line) is not None) and _BY.match(line) is not None
    )


def _byline_or_date(line: str) -> bool:
    """A byline or a date line: what sits under a headline."""
    return len(line) <= 120 and (_dated(line) or parse_byline(line) is not None)


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


# Pages for the examples: a menu, an article, and what follows it.
_MENU = "Home\nLocal News\nNational News\nHealth\nPolitics\nSports\nWeather\nTraffic\nCommunity\nRecipes\nContests\n"
_ARTICLE = (
    "Talks resume in Doha after a long break\nBy Jane Doe\nThe talks between the two sides resumed in Doha on Monday "
    "after a break of three months, officials from both delegations said.\nThey are expected to last for a week, and "
    "a statement will be issued at the end of them, the hosts said.\n"
)
# The headline with a standfirst under it, above the byline.
_WITH_STANDFIRST = _ARTICLE.replace(
    "\nBy Jane Doe",
    "\nThe two sides return to the table with a new mediator and a deadline set by their hosts\nBy Jane Doe",
)
_FOOTER = "Privacy Policy\nTerms of Use\nSitemap\nCareers\nAdvertise with Us\nContact Us\nSocial\nFacebook"
_LONG_PARAGRAPH = (
    "The delegations met again on Tuesday morning in a hotel near the airport, where the hosts had set aside a "
    "whole floor for them, and they worked late into the night on the text of a statement that both capitals "
    "would have to approve before it could be published, according to two officials who were in the room and "
    "who asked not to be named because the talks were private.\n"
)

# Lines of a whole page classed bad by their features and their neighbours, and the article's end.
PAGE_RULES: tuple[Rule, ...] = (
    Rule(
        PAGE_BLOCK,
        "furniture",
        judge_page,
        (_MENU.replace("Recipes", ">> Recipes") + _ARTICLE + _FOOTER,),
        (
            _MENU + _ARTICLE.replace("Talks resume", ">> Talks resume") + _FOOTER,
            _MENU + _WITH_STANDFIRST.replace("Talks resume", ">> Talks resume") + _FOOTER,
        ),
    ),
    Rule(
        PAGE_COMMENTS,
        "furniture",
        judge_page,
        (_MENU + _ARTICLE + "3 Comments\n>> What a good piece, I agree with every word of it and so does my family.\n"
         "Sam Roe\nThe talks will fail again, as they did last time and the time before that.\n" + _FOOTER,),
        (_MENU + _ARTICLE.replace("They are", "3 Comments\n>> They are") + _LONG_PARAGRAPH + _FOOTER,),
    ),
    Rule(
        PAGE_TEASERS,
        "furniture",
        judge_page,
        (_MENU + _ARTICLE + "Dam talks collapse again\nThe talks ended without a deal, both sides said.\nJohn Roe\n"
         "Grain prices hit a record\nPrices rose for a third week, traders said.\nAna Ruiz\nPort strike ends\n"
         ">> Dockers went back to work on Monday after a week.\nTom Li\n" + _FOOTER,),
        (_MENU + _ARTICLE + "What comes next\n>> The council meets in May to decide, the mayor said on Monday.\n"
         "Who pays\nThe bill falls to the city, the council said.\n" + _FOOTER,),
    ),
    Rule(
        PAGE_LIST,
        "furniture",
        judge_page,
        (_MENU + _ARTICLE + ">> Dam talks collapse again\nGrain prices hit a record high\nPort strike ends after a "
         "week\nMayor opens new bridge\nFloods close the coastal road\n" + _LONG_PARAGRAPH + _FOOTER,),
        (_MENU + _ARTICLE + "The new rules cover:\n>> Health insurance for children\nGun storage\nDrone flights\n"
         "Minimum wage\nSchool meals\n" + _LONG_PARAGRAPH + _FOOTER,),
    ),
    Rule(
        PAGE_END,
        "furniture",
        judge_page,
        (_MENU + _ARTICLE + _FOOTER + "\n>> Acme Media has published local news in the valley since 1901, it says.\n"
         "Careers\nContact Us",),
        (_MENU + _ARTICLE + _FOOTER + "\n>> " + _LONG_PARAGRAPH * 2 + "Careers\nContact Us",),
    ),
)
