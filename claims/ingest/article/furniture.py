"""Page furniture (share bars, cookie notices, link lists, contact blocks): lines removed from the text."""

from __future__ import annotations

import re

from ..segment import split_sentences
from .bylines import is_credit
from .dates import is_date_line
from .text import CLOSING, starts_like_sentence

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
# Calls to sign up for a newsletter or alerts: furniture as a line, and they
# make a short paragraph of newsletter blurbs furniture too.
_SIGN_UP = r"""
      (?:subscribe|sign\s+up)(?:\s+(?:now|today|here))?
      (?:\s+(?:to|for)\s+(?:our|the|a|free)\b.{0,60}
         \b(?:newsletters?|updates|alerts|e-?mails?|digest|briefing|subscription|podcast)\b.{0,40})?
    | subscribe\s+(?:now\s+|today\s+)?(?:to|for)\s+.{1,80}  # an imperative that no report starts with
    | get\s+(?:the\s+(?:latest|best|top)|our|breaking)\b.{0,100}?\b(?:to|in)\s+your\s+inbox\b.{0,40}
    | sign\s+up\s+(?:to|for)\b.{0,100}?\b(?:newsletters?|inbox|alerts)\b.{0,40}
    | get\s+(?:our|the)\b.{0,60}?\bnewsletters?\b.{0,40}|newsletter\s+sign[\s-]?up
    | by\s+(?:signing\s+up|subscribing|clicking|submitting|registering)\b.{0,60}?
      \byou\s+(?:agree|consent|accept)\b.{0,120}?\b(?:terms|privacy)\b.{0,120}  # the consent under a sign-up form
    | enter\s+your\s+e-?mail(?:\s+address)?(?:\s+here)?|sign\s+me\s+up
"""
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
    | (?:share(?:\s+(?:this\s+\w+\s+)?(?:on|via))?\s*:?\s+(?:{_SOCIAL}|x)|{_SOCIAL})
      (?:(?:\s+|\s*[,/|•·]\s*)(?:{_SOCIAL}|x))*
    | (?:{_SOCIAL}|x(?:\s*\(formerly\s+twitter\))?)\s+count  # share counters
    | tweet
    | click\s+here\s+to\s+.{{1,80}}
    | (?:related|more)\s+(?:articles?|stories|posts|content|news|coverage|reading|topics|publications|reports
       |research|videos|links|analysis)\s*:?
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
    | {_SIGN_UP}
    | skip\s+to\s+(?:main\s+)?content|(?:sign|log)\s+in|menu|search|home
    | (?:tags|topics|filed\s+under)\s*(?::.{{0,200}})?
    | (?:explore\s+)?more\s+on\s+(?:these\s+topics|this\s+(?:story|topic))|reuse\s+this\s+content
    | this\s+article\s+is\s+more\s+than\s+\w+\s+(?:years?|months?|weeks?|days?)\s+old
    | home(?:\s*[>»›/|]\s*{_CRUMB}){{1,6}}
    | our\s+standards\s*:.{{0,100}}
    | follow(?:\s+(?:us|me|this\s+(?:author|writer|topic|story)|author|topics?))?
    | download(?:\s+(?:the\s+)?(?:pdf|full\s+report|report|app))?(?:\s*\([^()]{{0,30}}\))?
    | (?:cancel\s+|log\s+in\s+to\s+)?reply|reply\s+to\s+\S+(?:\s+\S+){{0,3}}|learn\s+more  # buttons and links
    | (?:post|submit)\s+comment|(?:name|e-?mail(?:\s+address)?|website|comment)\s*\*  # the comment form
    | save\s+my\s+name,?\s+e-?mail,?\s+and\s+website\b.{{0,100}}
    | notify\s+me\s+of\s+(?:follow-?up\s+comments|new\s+(?:posts|comments|replies))\b.{{0,40}}
    | we\s+strive\s+for\s+accuracy\s+and\s+fairness\b.{{0,250}}  # the corrections box of local news sites
    | your\s+e-?mail(?:\s+address)?\s+will\s+not\s+be\s+(?:published|shared|displayed)
      (?:\.\s*required\s+fields\s+are\s+marked\s*\*?)?
    | required\s+fields\s+are\s+marked\s*\*?  # the comment form
    | when\s+we\s+learn\s+of\s+a\s+mistake,?\s+we\s+acknowledge\s+it\b.{{0,200}}  # a corrections policy
    | if\s+you\s+(?:spot|see|find|notice)\s+an?\s+(?:error|mistake),?\s+please
      \s+(?:let\s+us\s+know|contact\s+us|tell\s+us).{{0,60}}
    | purchase\s+licensing\s+rights(?:,?\s*opens\s+new\s+tab)?
    | (?:[-_*=~#•·—–.]\s*){{3,}}
    )\s*[.!]?
    """
)
# Short furniture lines (tried only on lines of _SHORT_MAX characters or fewer).
_SHORT_MAX = 60
_SHORT_FURNITURE = re.compile(
    r"""(?ix)
    (?:
      (?:story|article)\s+continues\s+(?:below|after)(?:\s+(?:this\s+|the\s+)?(?:advertisement|ad|video))?
    | comments?\s+(?:are|have\s+been)\s+closed(?:\s+(?:on|for)\s+this\s+(?:story|article|post|page))?
    | like\s+this\s*:|like\s+loading(?:\.\.\.|…)?  # a blog's like button
    | (?:show|load|see|view)\s+(?:the\s+)?(?:latest|more|new|newer|older|all|previous)\s+(?:updates|posts|entries)
    | auto-?\s?(?:update|refresh)(?:\s+(?:on|off))?|live  # live-blog controls and badge
    | link\s+copied|copy\s+(?:the\s+)?(?:link|url)
    | e-?mail\s+address
    | \d{1,3}\s+of\s+\d{1,3}  # a gallery counter: "1 of 3"
    )\s*[.!]?
    """
)
# A blog's comment head ('14 thoughts on "Title"') and category line ("Posted in Energy | Tagged oil, tankers").
_BLOG_FOOTER = re.compile(
    r"""(?ix)
      \d+\s+(?:thoughts?|responses?|comments?|replies)\s+(?:on|to)\s+["“].{1,200}["”]
    | (?:posted|filed)\s+in\s+[^|\n]{1,100}\|\s*tagged\s+.{1,200}|tagged\s*:\s*.{1,200}
    """
)
# A row of navigation links: "World | Central Asia | Business | Opinion | Subscribe" (four items or more).
_NAV_ROW = re.compile(rf"{_CRUMB}(?:\s*[|•·]\s*{_CRUMB}){{3,12}}")
# A row of navigation words without separators: "Home About Archive Contact".
_NAV_WORDS = frozenset(
    {"home", "about", "archive", "archives", "contact", "subscribe", "search", "menu", "news", "world", "business",
     "opinion", "sport", "sports", "politics", "culture", "lifestyle", "podcasts", "podcast", "video", "videos",
     "newsletters", "newsletter", "login", "register", "shop", "donate", "blog", "events", "jobs", "us"}
)  # fmt: skip
_NAV_STRONG = frozenset(
    {"home", "about", "archive", "archives", "contact", "subscribe", "search", "menu", "login", "register", "donate"}
)
# Controls that are furniture only next to other furniture: share-row items ("Copy", "X"),
# "On" under "Auto-update", "Closed" under a comment counter, and bare counts ("312").
_WIDGET_WORDS = frozenset({"x", "copy", "copied", "on", "off", "closed"})
_COUNT = re.compile(r"\d{1,3}(?:[,.]\d{3})*(?:[.,]\d)?[kKmM]?")
# Page furniture that navigates: a site's name above it is its masthead.
_NAV_FURNITURE = re.compile(
    r"(?i)skip\s+to\s+(?:main\s+)?content|menu|search|(?:sign|log)\s+in|subscribe|home|register|sign\s+up"
)
_MASTHEAD_WORDS = 5
_TAGLINE_WORDS = 10
# A list head that is furniture only when link lines follow it and the page furniture closes them: "More from World".
_SOFT_HEAD = re.compile(r"(?i)more\s+(?:from|in|on)\s+(?:the\s+)?[A-Z][\w&'’-]*(?:\s+[A-Z&][\w&'’-]*){0,3}")


# Every alternative of _FURNITURE that starts with a letter starts with one of
# these words (lower case, trailing punctuation stripped): a line starting
# with another word is not tried against it (the regex is the costliest test
# run on every paragraph). Lines starting with a digit or a symbol, and lines
# without a space (an e-mail address), are always tried.
_FURNITURE_FIRST_WORDS = """
    user comments comment post leave add write view show load see read back return go scroll share you have
    contact contacts media press investor news inquiries enquiries email e-mail send twitter x instagram threads
    bluesky facebook whatsapp linkedin telegram reddit pinterest messenger flipboard copy print tweet click related
    more recommended most trending don't don’t also skip advertisement advertising sponsored ad supported list end
    leer lire leggi ler lesen order to this we by accept reject manage cookie follow listen save gift copyright
    subscribe sign get enter log menu search home tags topics filed explore reuse our download cancel learn reply
    submit name website notify your required when if purchase newsletter
    """
_FURNITURE_FIRST = frozenset(_FURNITURE_FIRST_WORDS.split())
_WORD_END = ":.!,;|»›>–—-*"


def _may_be_furniture(line: str) -> bool:
    """Cheap test before _FURNITURE: whether the first word of line can start one of its alternatives."""
    if not line[0].isalpha():
        return True
    space = line.find(" ")
    if space < 0:
        return True
    return line[:space].lower().rstrip(_WORD_END) in _FURNITURE_FIRST


# Patterns that do not start with a fixed word are only tried when a cheap
# substring test says they could match.
_RIGHTS_RESERVED = re.compile(r"(?i).{0,100}\ball\s+rights\s+reserved\b.{0,100}")
# "World > Europe > Ukraine"; with a guillemet or chevron two items are enough: "News › Local".
_CRUMBS = re.compile(rf"{_CRUMB}(?:\s*[>»›]\s*{_CRUMB}){{2,6}}|{_CRUMB}(?:\s*[»›]\s*{_CRUMB}){{1,6}}")
_FURNITURE_MAX = 320  # longer lines are always content
_SIGN_UP_CALL = re.compile(rf"(?ix)(?:{_SIGN_UP})\s*[.!]?")
_NEWSLETTER_BLURB = re.compile(r"(?i).{0,200}\b(?:newsletters?|inbox)\b.{0,200}")
# Press-release wire convention: "SOURCE Acme Corp." closes the release.
_SOURCE_LINE = re.compile(r"SOURCE\s+[A-Z][^\n]{1,80}")
# Furniture at the end of a content line: "... the war. More about Jane Doe",
# "... Hope for More. Order Reprints | Today's Paper". Only after a sentence end.
# A picture agency's licensing link may follow its credit: "REUTERS/Jane Doe Purchase Licensing Rights".
_TRAILING_FURNITURE = re.compile(
    r"""(?x)(?:(?<=[.!?"”’)])\s+(?:
      Order\s+Reprints\b.{0,60}
    | More\s+(?:about|from)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}
    | To\s+support\s+.{1,80}?\border\s+your\s+copy\s+at\s+\S+?\.(?:\s+Delivery\s+charges\s+may\s+apply\.)?
    )|\s+Purchase\s+Licensing\s+Rights(?:,?\s*opens\s+new\s+tab)?)$"""
)
_CONTACT_BLOCK_LINE_MAX = 60  # names, companies, e-mail addresses and phone numbers under "Media contact:"
# Furniture lines that head a list of links or topics.
_LIST_HEAD = re.compile(
    r"""(?ix)(?:
      (?:related|more)\s+(?:articles?|stories|posts|content|news|coverage|reading|topics|publications|reports
        |research|videos|links|analysis)
    | you\s+(?:may|might)\s+also\s+like|recommended(?:\s+(?:for\s+you|stories|articles|reading|videos?))?
    | most\s+(?:read|popular|viewed)|trending(?:\s+now)?|list\s+of\s+\d+\s+items?
    | read\s+(?:more|also|next)|also\s+read|see\s+also|related
    | tags|topics|filed\s+under|(?:explore\s+)?more\s+on\s+(?:these\s+topics|this\s+(?:story|topic))
    )\s*:?"""
)


def drop_furniture(lines: list[str], trailing: bool = True) -> list[str]:
    """Lines without page furniture, link lists, contact blocks and (if trailing) furniture ending a content line."""
    lines = _strip_byline_counters(lines)
    drop = [_is_furniture(line) for line in lines]
    strip = _strip_trailing_furniture if trailing else _same
    if not any(drop):
        return [strip(line) for line in lines] if trailing else lines
    _drop_widgets(lines, drop)
    _drop_masthead(lines, drop)
    # A list head ("Related articles", "Recommended Stories", "Explore more on
    # these topics") is followed by short link lines. Drop those when the run
    # of link lines is closed by furniture or by the end of the page, or when
    # two or more of them are closed by a paragraph; a subheading followed by
    # its paragraph is never lost. A softer head ("More from World") is
    # dropped with its links only when furniture or the page end closes them.
    in_list = False
    head = -1  # a soft list head waiting for its links to be closed
    run: list[int] = []
    for i, line in enumerate(lines):
        line = line.strip()
        if not line:
            continue
        if drop[i]:
            if in_list:
                for j in run:
                    drop[j] = True
                if head >= 0 and run:
                    drop[head] = True
            run, head = [], -1
            in_list = in_list or _LIST_HEAD.fullmatch(line) is not None
        elif in_list and _is_link_label(line):
            run.append(i)
        elif line[:4] in ("More", "MORE") and _SOFT_HEAD.fullmatch(line) is not None:
            in_list, head, run = True, i, []
        else:
            if in_list and head < 0 and len(run) >= 2 and all(starts_like_sentence(lines[j].strip()) for j in run):
                for j in run:
                    drop[j] = True
            in_list, run, head = False, [], -1
    if in_list:
        for j in run:
            drop[j] = True
        if head >= 0 and run:
            drop[head] = True
    _drop_comment_threads(lines, drop)
    # "Media contact:" heads a block of short name/company/address lines that
    # ends at the next blank line.
    for i, line in enumerate(lines):
        if drop[i] and line.rstrip().endswith(":") and _CONTACT_HEAD.fullmatch(line.strip()):
            j = i + 1
            while j < len(lines) and _is_contact_line(lines[j].strip()):
                drop[j] = True
                j += 1
    return [strip(line) for line, gone in zip(lines, drop, strict=True) if not gone]


# Under a comment counter ("2 Comments"), a reader's comment is a short name
# line, a time stamp, the comment and a "Reply" button.
_COMMENTS_HEAD = re.compile(
    r"(?i)(?:\d+\s+)?(?:comments?|responses?)(?:\s*\(\d+\))?|\d+\s+(?:thoughts?|responses?|comments?|replies)\s+(?:on|to)\s+.+"
)
_REPLY = re.compile(r"(?i)reply\b.{0,40}")
_COMMENTER_MAX = 40
_COMMENT_LINES_MAX = 8  # lines of comment text before its "Reply" button


def _drop_widgets(lines: list[str], drop: list[bool]) -> None:
    """Mark share-row items, live-blog switches and bare counts that sit next to other furniture."""
    widgets = [i for i, line in enumerate(lines) if len(line) <= 16 and _is_widget(line.strip())]
    if not widgets:
        return
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    position = {i: n for n, i in enumerate(nonblank)}
    changed = True
    while changed:  # a row of widgets ("Copy", "Link copied", "X") is reached from either end
        changed = False
        for i in widgets:
            if drop[i]:
                continue
            n = position[i]
            if (n > 0 and drop[nonblank[n - 1]]) or (n + 1 < len(nonblank) and drop[nonblank[n + 1]]):
                drop[i] = changed = True


def _is_widget(line: str) -> bool:
    return 0 < len(line) <= 12 and (line.lower() in _WIDGET_WORDS or _COUNT.fullmatch(line) is not None)


def _drop_masthead(lines: list[str], drop: list[bool]) -> None:
    """Mark the site's name (and tagline) at the top of the page when navigation furniture follows it."""
    top = [i for i, line in enumerate(lines[:40]) if line.strip()][:6]
    kept = [i for i in top if not drop[i]]
    if not kept or len(kept) == len(top):
        return
    name = lines[kept[0]].strip()
    if not _is_masthead_line(name, _MASTHEAD_WORDS):
        return
    after = top.index(kept[0]) + 1
    for n in (after, after + 1):  # the name, or the name and a tagline, above the navigation
        if n >= len(top):
            return
        i = top[n]
        if drop[i]:
            if _NAV_FURNITURE.fullmatch(lines[i].strip()) is None and not _is_nav_row(lines[i].strip()):
                return
            for j in top[top.index(kept[0]) : n]:
                drop[j] = True
            return
        if n == after + 1 or not _is_masthead_line(lines[i].strip(), _TAGLINE_WORDS):
            return


def _is_masthead_line(line: str, words: int) -> bool:
    return len(line) <= 80 and len(line.split()) <= words and line[-1] not in ".!?:;,"


def _is_nav_row(line: str) -> bool:
    if "|" in line or "•" in line or "·" in line:
        return _NAV_ROW.fullmatch(line) is not None
    words = line.lower().split()
    return (
        3 <= len(words) <= 12
        and all(w in _NAV_WORDS for w in words)
        and any(w in _NAV_STRONG for w in words)
        and line[0].isupper()
    )


def _drop_comment_threads(lines: list[str], drop: list[bool]) -> None:
    """Mark the readers' comments under a comment counter: name, time stamp, text and "Reply" button."""
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    for n, i in enumerate(nonblank):
        if not (drop[i] and _COMMENTS_HEAD.fullmatch(lines[i].strip())):
            continue
        n += 1
        while n + 2 < len(nonblank):
            name, stamp = lines[nonblank[n]].strip(), lines[nonblank[n + 1]].strip()
            if drop[nonblank[n]] or len(name) > _COMMENTER_MAX or len(name.split()) > 4 or not is_date_line(stamp):
                break
            end = next(
                (
                    k
                    for k in range(n + 2, min(n + 3 + _COMMENT_LINES_MAX, len(nonblank)))
                    if drop[nonblank[k]] and _REPLY.fullmatch(lines[nonblank[k]].strip())
                ),
                None,
            )
            if end is None or end == n + 2:  # no button, or no comment text before it
                break
            for k in range(n, end):
                drop[nonblank[k]] = True
            n = end + 1


_CONTACT_HEAD = re.compile(r"(?i)(?:(?:media|press|investor|news)\s+)?(?:contacts?|inquiries|enquiries)\s*:")


def _is_contact_line(line: str) -> bool:
    return bool(line) and len(line) <= _CONTACT_BLOCK_LINE_MAX and len(line.split()) <= 8 and line[-1] not in "?!"


def _same(line: str) -> str:
    return line


def has_trailing_furniture(text: str) -> bool:
    """Cheap test on the whole text before _strip_trailing_furniture is run on every line."""
    return "Reprints" in text or "More " in text or "order your copy" in text or "Licensing" in text


# A comment counter after a byline's date: "by Jane Doe on March 3, 2025 14 Comments".
_BYLINE_COUNTER = re.compile(
    r"(?i)(?:by|posted|published)\b.{3,150}?\d(?P<counter>\s*[|•·,–—-]?\s+\d{1,5}\s+(?:comments?|responses?|replies))"
)


def _strip_trailing_furniture(line: str) -> str:
    # Substring tests first: this runs on every line.
    if "Reprints" in line or "More " in line or "order your copy" in line or "Licensing" in line:
        m = _TRAILING_FURNITURE.search(line)
        if m is not None:
            return line[: m.start()]
    return line


_COUNTER_LINES = 12  # bylines are near the top


def _strip_byline_counters(lines: list[str]) -> list[str]:
    """Cut a comment counter off a byline near the top: "by Jane Doe on March 3, 2025 14 Comments".

    The list is copied only when a counter is cut, so that the caller can tell that the text changed.
    """
    for i, line in enumerate(lines[:_COUNTER_LINES]):
        if line[:1] in "BbPp" and ("omment" in line or "OMMENT" in line) and len(line) <= 200:
            m = _BYLINE_COUNTER.fullmatch(line.rstrip())
            if m is not None:
                lines = lines.copy()
                lines[i] = line[: m.start("counter")]
    return lines


def _is_link_label(line: str) -> bool:
    return (
        len(line) <= 120
        and len(line.split()) <= 14
        and line.rstrip(CLOSING)[-1:] not in (".", "!", "…")
        and not is_credit(line)
    )


def _is_furniture(line: str) -> bool:
    line = line.strip()
    if not line or len(line) > _FURNITURE_MAX:
        return False
    return (
        (_may_be_furniture(line) and _FURNITURE.fullmatch(line) is not None)
        or (len(line) <= _SHORT_MAX and _SHORT_FURNITURE.fullmatch(line) is not None)
        or ((line[0].isdigit() or "agged" in line) and _BLOG_FOOTER.fullmatch(line) is not None)
        or (line.startswith("SOURCE ") and _SOURCE_LINE.fullmatch(line) is not None)
        or (("eserved" in line or "ESERVED" in line) and _RIGHTS_RESERVED.fullmatch(line) is not None)
        or (
            (">" in line or "»" in line or "›" in line)
            and not line.endswith(".")
            and _CRUMBS.fullmatch(line) is not None
        )
        or (("ign up" in line or "ubscribe" in line or "inbox" in line) and _is_sign_up_promo(line))
        or (
            line[-1] not in '.!?:;,"”’)'
            and line[0].isupper()
            and len(line) <= 120
            and ("|" in line or "•" in line or "·" in line or line.split(None, 1)[0].lower() in _NAV_WORDS)
            and _is_nav_row(line)
        )
    )


def _is_sign_up_promo(line: str) -> bool:
    """A paragraph of newsletter blurbs and calls to sign up: "The Daily Brief newsletter ... Sign up here."."""
    sentences = [line[s:e] for s, e in split_sentences(line)]
    calls = [_SIGN_UP_CALL.fullmatch(sentence) is not None for sentence in sentences]
    return any(calls) and all(
        call or _NEWSLETTER_BLURB.fullmatch(sentence) is not None
        for call, sentence in zip(calls, sentences, strict=True)
    )
