"""Page furniture (share bars, cookie notices, link lists, contact blocks): lines kept as furniture segments.

Nothing is cut out of the text: find_furniture says which lines (or which tail of a line) are
furniture and which rule said so. The rules are the tables below: LINE_RULES judge one line on
its own, CONTEXT_RULES judge a line by the furniture around it.
"""

from __future__ import annotations

import re

from ..segment import split_sentences
from .bylines import is_credit, parse_byline
from .dates import is_date_line
from .model import Rule
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
_CAPITAL = r"[A-Z0-9À-ÖØ-Þ]"
_CRUMB_REST = r"[\w.'’&()-]*(?:[ \t]+[\w'’&()-][\w.'’&()-]*){0,4}"
_CRUMB = _CAPITAL + _CRUMB_REST

# Words that are never the start of a report's sentence in the sense these rules give them;
# misses shared by many rules below.
_PROSE = (
    "Share prices fell 3% on Monday.",
    "Read more books, the minister urged pupils.",
    "Follow the money, the senator said.",
)

# --- rules that judge one line ---------------------------------------------------------
#
# Regex rules match the whole stripped line, case-insensitively, with an optional final "." or "!".
# They are tried as one alternation (one regex pass per line); LINE_PREDICATES after them.

LINE_RULES: tuple[Rule, ...] = (
    Rule(
        "furniture.comments-widget",
        "furniture",
        r"""(?:user\s+)?comments?(?:\s*\(\d+\))?(?:\s+post\s+a\s+comment)?
          | \d+\s+comments?
          | (?:post|leave|add|write)\s+a\s+(?:comment|reply)
          | (?:view|show|load|see|read)\s+(?:all\s+)?(?:\d+\s+)?comments?
          | you\s+must\s+be\s+(?:logged|signed)\s+in\s+to\s+(?:post\s+a\s+)?comment""",
        ("User Comments Post a Comment", "Post a Comment", "Comments (3)", "0 Comment", "View all 12 comments",
         "You must be logged in to post a comment."),
        ("The comments were deleted.", "Comments from the minister were not expected."),
    ),
    Rule(
        "furniture.back-to-top",
        "furniture",
        r"(?:back|return|go|scroll)\s+(?:back\s+)?to\s+top",
        ("Back to Top", "Scroll to top"),
        ("Back to top form, the striker scored twice.",),
    ),
    Rule(
        "furniture.share-row",
        "furniture",
        rf"""share(?:\s+(?:this|the|full)(?:\s+(?:article|story|post|page))?)?\s*\d*\s*:?
          | (?:share(?:\s+(?:this\s+\w+\s+)?(?:on|via))?\s*:?\s+(?:{_SOCIAL}|x)|{_SOCIAL})
            (?:(?:\s+|\s*[,/|•·]\s*)(?:{_SOCIAL}|x))*
          | (?:{_SOCIAL}|x(?:\s*\(formerly\s+twitter\))?)\s+count  # share counters
          | tweet""",
        ("Share this article", "Share on Facebook / Twitter", "Facebook Twitter WhatsApp Email", "Share this:",
         "share4", "Share full article", "Share: Facebook X Email", "Reddit Count", "X (formerly Twitter) Count",
         "Tweet"),
        _PROSE[:1] + ("Facebook said on Monday it would appeal.",),
    ),
    Rule(
        "furniture.contact",
        "furniture",
        rf"""have\s+a\s+(?:news\s+)?tip\??(?:\s+{_CONTACT})?|{_CONTACT}
          | [\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:twitter|x|instagram|threads|bluesky)\s*:\s*@\w+
          | (?:(?:media|press|investor|news)\s+)?(?:contacts?|inquiries|enquiries)\s*:  # heads a contact block""",
        ("Have a news tip? Contact the City Desk at desk@example.org.", "Email the reporter: jane@example.org",
         "jsmith@gazette.example.com", "Twitter: @jsmith", "Media contact: Jane Doe, jane@acme.example",
         "Contact reporter Ana Ruiz at aruiz@courier.example.com or 555-0100. Follow her on X @AnaRuizNews.",
         "Media contact:"),
        ("Send your views to the minister, the mayor urged.", "Contact with the rebels was lost on Monday."),
    ),
    Rule(
        "furniture.click-here",
        "furniture",
        r"click\s+here\s+to\s+.{1,80}",
        ("Click here to subscribe", "Click here to manage all Newsletters"),
        ("Click-through rates doubled.", '"Click here to claim your prize," the message read.'),
    ),
    Rule(
        "furniture.list-head",
        "furniture",
        r"""(?:related|more)\s+(?:articles?|stories|posts|content|news|coverage|reading|topics|publications|reports
             |research|videos|links|analysis)\s*:?
          | (?:you\s+(?:may|might)\s+also\s+like|recommended(?:\s+(?:for\s+you|stories|articles|reading|videos?))?
             |most\s+(?:read|popular|viewed)|trending(?:\s+now)?|don['’]t\s+miss)\s*:?
          | (?:read\s+(?:more|also|next)|also\s+read|see\s+also|related(?:\s+(?:article|story))?)
            (?:\s*[:|»›>–—-].{0,150})?
          | explore\s+further""",
        ("Related articles", "Recommended Stories", "Read more: Taliban bans women from universities", "READ MORE",
         "Most read", "You may also like", "Explore further"),
        _PROSE[1:2] + ("Related talks are planned for May.",),
    ),
    Rule(
        "furniture.advert",
        "furniture",
        r"(?:skip\s+)?advertisement|advertising|sponsored(?:\s+content)?|\[?ad\]?|supported\s+by",
        ("Advertisement", "ADVERTISEMENT", "SKIP ADVERTISEMENT", "Supported by", "Sponsored content"),
        ("Advertisement spending rose in 2023, the agency said.",),
    ),
    Rule(
        "furniture.screen-reader-label",
        "furniture",
        r"list\s+of\s+\d+\s+items?|list\s+\d+\s+of\s+\d+|end\s+of\s+list",
        ("list of 4 items", "list 2 of 4", "end of list"),
        ("The list of 40 items was published on Monday.",),
    ),
    Rule(
        "furniture.language-switch",
        "furniture",
        r"(?:leer|lire|leggi|ler|lesen)\s+(?:en|in|em|auf)\s+\w+|read\s+(?:this\s+)?in\s+english",
        ("Lire en français", "Read this in English"),
        ("Read in English, the poem loses its rhyme.",),
    ),
    Rule(
        "furniture.shop",
        "furniture",
        r"""order\s+reprints.{0,60}
          | (?:to\s+support\s+.{1,80}?,\s*)?order\s+(?:your|a)\s+copy\s+(?:at|from)\s+\S+?
            (?:\.\s+delivery\s+charges\s+may\s+apply)?  # book-shop promotion under reviews
          | purchase\s+licensing\s+rights(?:,?\s*opens\s+new\s+tab)?""",
        ("Order Reprints | Today's Paper | Subscribe",
         "To support the Courier, order your copy at courierbooks.example.com. Delivery charges may apply.",
         "Purchase Licensing Rights, opens new tab"),
        ("Order was restored by Monday, police said.",),
    ),
    Rule(
        "furniture.cookies",
        "furniture",
        r"""(?:this\s+(?:web)?site\s+uses|we\s+use)\s+cookies.{0,300}
          | by\s+(?:using|continuing\s+to\s+(?:use|browse))\s+(?:this|our)\s+(?:web)?site\b.{0,200}\bcookies\b.{0,100}
          | (?:accept|reject|manage)\s+(?:all\s+)?cookies.{0,100}|cookie\s+(?:policy|settings|preferences).{0,100}""",
        ("We use cookies to improve your experience. By continuing you accept our cookie policy.",
         "Accept all cookies"),
        ("Cookies and cakes were served at the rally.",),
    ),
    Rule(
        "furniture.follow",
        "furniture",
        r"""follow\s+(?:us|me)\s+(?:on|at)\s+.{1,100}
          | follow\s+\S+(?:\s+\S+){0,3}\s+on\s+(?:twitter|x|facebook|instagram|telegram|linkedin|threads|bluesky
             |mastodon|youtube|tiktok)\b.{0,60}
          | follow(?:\s+(?:us|me|this\s+(?:author|writer|topic|story)|author|topics?))?""",
        ("Follow us on Telegram", "Follow @Breakingviews on Twitter", "Follow", "Follow this topic"),
        _PROSE[2:] + ("Follow-up visits are free.",),
    ),
    Rule(
        "furniture.reading-aids",
        "furniture",
        r"""\d+\s*(?:-\s*)?min(?:ute)?s?\s+read
          | listen\s+to\s+(?:this\s+)?(?:article|story)(?:\s*[·•|(-]?\s*\d+\s*min(?:ute)?s?\)?)?
          | save(?:\s+(?:article|story))?|gift\s+(?:this\s+)?article
          | download(?:\s+(?:the\s+)?(?:pdf|full\s+report|report|app))?(?:\s*\([^()]{0,30}\))?""",
        ("5 min read", "Listen to this article", "Save", "Gift this article", "Download PDF", "Download (PDF, 1.2 MB)"),
        ("Download speeds doubled in 2023.", "Save for the harbour, the town is quiet."),
    ),
    Rule(
        "furniture.copyright",
        "furniture",
        r"©.{0,150}|(?:\(c\)|copyright)\s*©?\s*\d{4}.{0,150}",
        ("© 2024 Reuters", "Copyright 2024 The Daily Planet. All rights reserved."),
        ("Copyright law was changed in 2019.",),
    ),
    Rule(
        "furniture.sign-up",
        "furniture",
        _SIGN_UP,
        ("Sign up for our daily newsletter", "Subscribe to the Valley Courier for unlimited local news.",
         "Enter your email address", "Sign Me Up", "Get the latest headlines delivered straight to your inbox.",
         "Sign up to get the latest news in your inbox",
         "By signing up, you agree to our Privacy Policy and Terms of Service.", "Newsletter sign-up",
         "Get our free newsletter"),
        ("Sign up for the draft is now compulsory.", "By clicking the button, voters agree to nothing binding."),
    ),
    Rule(
        "furniture.site-controls",
        "furniture",
        rf"""skip\s+to\s+(?:main\s+)?content|(?:sign|log)\s+in|menu|search|home
          | home(?:\s*[>»›/|]\s*{_CRUMB}){{1,6}}
          # the account links of a page's top bar on one line: "Sign in / Sign up", "Log in or register"
          | (?:sign|log)\s*[ -]?\s*(?:in|on|out)(?:\s*(?:[/|•·]|or)\s*(?:sign\s*[ -]?\s*up|register|subscribe
            |create\s+(?:an\s+)?account|join(?:\s+now)?)){{1,2}}""",
        (
            "Skip to main content",
            "Sign in",
            "Menu",
            "Search",
            "Home > World > Asia",
            "Home › News › U.S. & Canada",
            "Sign in / Sign up",
            "Log in or register",
            "Sign In | Subscribe",
        ),
        (
            "Home is where the heart is, she said.",
            "Search teams found the boat on Monday.",
            "Sign in or sign up to vote in the primary, officials urged.",
        ),
    ),
    Rule(
        "furniture.tags",
        "furniture",
        r"""(?:tags|topics|filed\s+under)\s*(?::[^.!?]{0,200})?(?![.!?])  # a list of tags, not a sentence
          | (?:explore\s+)?more\s+on\s+(?:these\s+topics|this\s+(?:story|topic))|reuse\s+this\s+content
          | this\s+article\s+is\s+more\s+than\s+\w+\s+(?:years?|months?|weeks?|days?)\s+old
          | our\s+standards\s*:.{0,100}""",
        ("Tags: Russia, Afghanistan", "Explore more on these topics", "Reuse this content",
         "This article is more than 2 years old", "Our Standards: The Thomson Reuters Trust Principles."),
        ("Topics: the budget, the war and the dam.",),
    ),
    Rule(
        "furniture.comment-form",
        "furniture",
        r"""(?:cancel\s+|log\s+in\s+to\s+)?reply|reply\s+to\s+\S+(?:\s+\S+){0,3}|learn\s+more  # buttons and links
          | (?:post|submit)\s+comment|(?:name|e-?mail(?:\s+address)?|website|comment)\s*\*
          | save\s+my\s+name,?\s+e-?mail,?\s+and\s+website\b.{0,100}
          | notify\s+me\s+of\s+(?:follow-?up\s+comments|new\s+(?:posts|comments|replies))\b.{0,40}
          | your\s+e-?mail(?:\s+address)?\s+will\s+not\s+be\s+(?:published|shared|displayed)
            (?:\.\s*required\s+fields\s+are\s+marked\s*\*?)?
          | required\s+fields\s+are\s+marked\s*\*?""",
        ("Reply", "Log in to Reply", "Learn more", "Comment *", "Post Comment",
         "Save my name, email, and website in this browser for the next time I comment.",
         "Notify me of follow-up comments by email.",
         "Your email address will not be published. Required fields are marked *", "Required fields are marked *"),
        ("Reply rates to the survey fell to 12%.", "Learn more about the scheme at the town hall, the notice said."),
    ),
    Rule(
        "furniture.corrections-box",
        "furniture",
        r"""we\s+strive\s+for\s+accuracy\s+and\s+fairness\b.{0,250}
          | when\s+we\s+learn\s+of\s+a\s+mistake,?\s+we\s+acknowledge\s+it\b.{0,200}
          | if\s+you\s+(?:spot|see|find|notice)\s+an?\s+(?:error|mistake),?\s+please
            \s+(?:let\s+us\s+know|contact\s+us|tell\s+us).{0,60}""",
        ("We strive for accuracy and fairness. If you see something that doesn’t look right, contact us.",
         "When we learn of a mistake, we acknowledge it with a correction. If you find an error, please tell us.",
         "If you see an error, please let us know."),
        ("We strive for accuracy, the editor said, but we make mistakes.",
         "If you spot an error on your bill, call the utility."),
    ),
    Rule(
        "furniture.separator",
        "furniture",
        r"(?:[-_*=~#•·—–.]\s*){3,}",
        ("___", "* * *", "###"),
        ("...and then nothing.",),
    ),
)

# Short furniture lines (tried only on lines of _SHORT_MAX characters or fewer).
_SHORT_MAX = 60
SHORT_LINE_RULES: tuple[Rule, ...] = (
    Rule(
        # A section's label over the headline, as some sites print it for screen readers and copies keep.
        "furniture.section-label",
        "furniture",
        rf"(?:from|more\s+from)\s+the\s+section\s+(?-i:{_CAPITAL}){_CRUMB_REST}",  # the section's name, capitalised
        ("From the section US & Canada", "From the section Business"),
        ("From the section on farming, the report turns to fisheries.", "From the section chief’s office"),
    ),
    Rule(
        "furniture.continues-below",
        "furniture",
        r"""(?:story|article)\s+continues\s+(?:below|after)(?:\s+(?:this\s+|the\s+)?(?:advertisement|ad|video))?""",
        ("Story continues below advertisement", "Article continues after this ad"),
        ("The story continues below the fold, the editor joked, and nobody laughed at all.",),
    ),
    Rule(
        "furniture.comments-closed",
        "furniture",
        r"comments?\s+(?:are|have\s+been)\s+closed(?:\s+(?:on|for)\s+this\s+(?:story|article|post|page))?",
        ("Comments are closed.", "Comments have been closed for this article"),
        ("Comments are closed to the public after a court ruling on the case, the clerk said.",),
    ),
    Rule(
        "furniture.live-controls",
        "furniture",
        r"""like\s+this\s*:|like\s+loading(?:\.\.\.|…)?  # a blog's like button
          | (?:show|load|see|view)\s+(?:the\s+)?(?:latest|more|new|newer|older|all|previous)\s+(?:updates|posts|entries)
          | auto-?\s?(?:update|refresh)(?:\s+(?:on|off))?|live  # live-blog controls and badge
          | link\s+copied|copy\s+(?:the\s+)?(?:link|url)
          | e-?mail\s+address
          | \d{1,3}\s+of\s+\d{1,3}  # a gallery counter, 1 of 3
        """,
        ("Like this:", "Show latest updates", "Auto-update on", "Live", "Link copied", "Email address", "1 of 3"),
        ("Live cattle prices fell.", "2 of 3 voters agreed."),
    ),
)
# Patterns that do not start with a fixed word are tried only when a cheap substring test says they could match.
_BLOG_FOOTER = re.compile(
    r"""(?ix)
      \d+\s+(?:thoughts?|responses?|comments?|replies)\s+(?:on|to)\s+["“].{1,200}["”]
    | (?:posted|filed)\s+in\s+[^|\n]{1,100}\|\s*tagged\s+.{1,200}|tagged\s*:\s*.{1,200}
    """
)
# A notice that the page may not be copied: "This document is subject to copyright. ... no part may be
# reproduced without the written permission.", "The material on this site may not be reproduced ...".
_REUSE_NOTICE = re.compile(
    r"""(?ix)(?:
      this\s+(?:document|article|story|material|content|page)\s+is\s+subject\s+to\s+copyright
    | (?:the\s+)?(?:material|content)\s+(?:on|of|from)\s+this\s+(?:web\s*)?(?:site|page)\s+may\s+not\s+be
      \s+(?:reproduced|published|copied|republished)
    | reproduction\s+of\s+(?:any\s+)?(?:material|content)\b.{0,80}?\bwithout\b.{0,40}?\bpermission
    )\b.{0,300}"""
)
_SOURCE_LINE = re.compile(r"SOURCE\s+[A-Z][^\n]{1,80}")  # the press-release wire's closing line
_RIGHTS_RESERVED = re.compile(r"(?i).{0,100}\ball\s+rights\s+reserved\b.{0,100}")
# "World > Europe > Ukraine"; with a guillemet or chevron two items are enough: "News › Local".
_CRUMBS = re.compile(rf"{_CRUMB}(?:\s*[>»›]\s*{_CRUMB}){{2,6}}|{_CRUMB}(?:\s*[»›]\s*{_CRUMB}){{1,6}}")
_SIGN_UP_CALL = re.compile(rf"(?ix)(?:{_SIGN_UP})\s*[.!]?")
_NEWSLETTER_BLURB = re.compile(r"(?i).{0,200}\b(?:newsletters?|inbox)\b.{0,200}")
# A row of navigation links: "World | Central Asia | Business | Opinion | Subscribe" (four items or more).
_NAV_ROW = re.compile(rf"{_CRUMB}(?:\s*[|•·]\s*{_CRUMB}){{3,12}}")
# A row of navigation words without separators: "Home About Archive Contact".
NAV_WORDS = frozenset(
    {"home", "about", "archive", "archives", "contact", "subscribe", "search", "menu", "news", "world", "business",
     "opinion", "sport", "sports", "politics", "culture", "lifestyle", "podcasts", "podcast", "video", "videos",
     "newsletters", "newsletter", "login", "register", "shop", "donate", "blog", "events", "jobs", "us"}
)  # fmt: skip
_NAV_STRONG = frozenset(
    {"home", "about", "archive", "archives", "contact", "subscribe", "search", "menu", "login", "register", "donate"}
)


def _is_blog_footer(line: str) -> bool:
    return (line[0].isdigit() or "agged" in line) and _BLOG_FOOTER.fullmatch(line) is not None


def _is_reuse_notice(line: str) -> bool:
    return ("opyright" in line or "eproduc" in line) and _REUSE_NOTICE.fullmatch(line) is not None


def _is_source_line(line: str) -> bool:
    return line.startswith("SOURCE ") and _SOURCE_LINE.fullmatch(line) is not None


def _is_rights_line(line: str) -> bool:
    return ("eserved" in line or "ESERVED" in line) and _RIGHTS_RESERVED.fullmatch(line) is not None


def _is_breadcrumb(line: str) -> bool:
    return ((">" in line or "»" in line or "›" in line) and not line.endswith(".")
            and _CRUMBS.fullmatch(line) is not None)  # fmt: skip


def _is_sign_up_promo(line: str) -> bool:
    """A paragraph of newsletter blurbs and calls to sign up: "The Daily Brief newsletter ... Sign up here."."""
    if not ("ign up" in line or "ubscribe" in line or "inbox" in line):
        return False
    sentences = [line[s:e] for s, e in split_sentences(line)]
    calls = [_SIGN_UP_CALL.fullmatch(sentence) is not None for sentence in sentences]
    return any(calls) and all(
        call or _NEWSLETTER_BLURB.fullmatch(sentence) is not None
        for call, sentence in zip(calls, sentences, strict=True)
    )


def is_nav_row(line: str) -> bool:
    """A row of navigation links: "World | Business | Opinion | Subscribe" or "Home About Archive Contact"."""
    if "|" in line or "•" in line or "·" in line:
        return _NAV_ROW.fullmatch(line) is not None
    words = line.lower().split()
    return (
        3 <= len(words) <= 12
        and all(w in NAV_WORDS for w in words)
        and any(w in _NAV_STRONG for w in words)
        and line[0].isupper()
    )


def _is_nav_line(line: str) -> bool:
    return (
        line[-1] not in '.!?:;,"”’)'
        and line[0].isupper()
        and len(line) <= 120
        and ("|" in line or "•" in line or "·" in line or line.split(None, 1)[0].lower() in NAV_WORDS)
        and is_nav_row(line)
    )


LINE_PREDICATES: tuple[Rule, ...] = (
    Rule(
        "furniture.blog-footer",
        "furniture",
        _is_blog_footer,
        ('14 thoughts on "Why the steppe matters"', "Posted in Energy | Tagged oil, tankers"),
        ("14 thoughts on the matter were shared at the meeting.",),
    ),
    Rule("furniture.wire-source", "furniture", _is_source_line, ("SOURCE Northwind Traders Ltd.",),
         ("Source: Al Jazeera and news agencies",)),
    Rule(
        "furniture.reuse-notice",
        "furniture",
        _is_reuse_notice,
        ("This document is subject to copyright. Apart from any fair dealing for the purpose of private study or "
         "research, no part may be reproduced without the written permission.",
         "The material on this site may not be reproduced, distributed, transmitted, cached or otherwise used, "
         "except with the prior written permission of Acme Media LLC.",
         "Reproduction of material from any Acme pages without written permission is strictly prohibited."),
        ("This document is subject to a court order, the judge said.",
         "The material may not be reproduced in court, the judge ruled."),
    ),
    Rule(
        "furniture.rights-reserved",
        "furniture",
        _is_rights_line,
        ("All rights reserved", "ALL RIGHTS RESERVED.", "™ & © 2013 Cable News Network. All rights reserved."),
        ("The company said all rights reserved under the 2019 contract would be enforced in court, whatever the "
         "cost to its shareholders, its staff and its many customers across the region.",),
    ),
    Rule(
        "furniture.breadcrumbs",
        "furniture",
        _is_breadcrumb,
        ("News » Europe » Ukraine", "World › U.S. & Canada", "Sport › Tennis"),
        ("If a > b and b > c, then a > c.", '"><img src=x onerror=alert(document.cookie)>'),
    ),
    Rule(
        "furniture.newsletter-promo",
        "furniture",
        _is_sign_up_promo,
        ("The Morning Brief newsletter lands in your inbox at 6am. Sign up here.",),
        ("She signed up for the newsletter in 2019, her lawyer said.",),
    ),
    Rule(
        "furniture.nav-row",
        "furniture",
        _is_nav_line,
        ("World | Central Asia | Business | Opinion | Subscribe", "Home About Archive Contact"),
        ("Home, about and contact pages were hacked.",),
    ),
)

# Every regex rule in LINE_RULES that starts with a letter starts with one of these words (lower
# case, trailing punctuation stripped): a line starting with another word is not tried against
# them (the alternation is the costliest test run on every paragraph). Lines starting with a
# digit or a symbol, and lines without a space, are always tried. Each rule's examples are run
# through parse_article by the tests, so a word missing here fails its rule's test.
_FIRST_WORDS = frozenset(
    """
    user comments comment post leave add write view show load see read back return go scroll share you have
    contact contacts media press investor news inquiries enquiries email e-mail send twitter x instagram threads
    bluesky facebook whatsapp linkedin telegram reddit pinterest messenger flipboard copy print tweet click related
    more recommended most trending don't don’t also skip advertisement advertising sponsored ad supported list end
    leer lire leggi ler lesen order to this we by accept reject manage cookie follow listen save gift copyright
    subscribe sign get enter log menu search home tags topics filed explore reuse our download cancel learn reply
    submit name website notify your required when if purchase newsletter
    """.split()
)
_WORD_END = ":.!,;|»›>–—-*"


def _alternation(rules: tuple[Rule, ...]) -> re.Pattern[str]:
    branches = "\n|".join(f"(?P<r{n}>{rule.pattern}\n)" for n, rule in enumerate(rules))
    return re.compile(f"(?:{branches}\n)\\s*[.!]?", re.IGNORECASE | re.VERBOSE)


_LINE_REGEX = _alternation(LINE_RULES)
_SHORT_REGEX = _alternation(SHORT_LINE_RULES)
_FURNITURE_MAX = 320  # longer lines are always content


def _decided(regex: re.Pattern[str], rules: tuple[Rule, ...], line: str) -> str | None:
    m = regex.fullmatch(line)
    return None if m is None else rules[int(m.lastgroup[1:])].id


def line_furniture(line: str) -> str | None:
    """The id of the rule that finds this stripped line to be page furniture on its own, or None."""
    if not line or len(line) > _FURNITURE_MAX:
        return None
    space = line.find(" ")
    if not line[0].isalpha() or space < 0 or line[:space].lower().rstrip(_WORD_END) in _FIRST_WORDS:
        found = _decided(_LINE_REGEX, LINE_RULES, line)
        if found:
            return found
    if len(line) <= _SHORT_MAX and (found := _decided(_SHORT_REGEX, SHORT_LINE_RULES, line)):
        return found
    for rule in LINE_PREDICATES:
        if rule.pattern(line):
            return rule.id
    return None


# --- rules that judge a line by the furniture around it (CONTEXT_RULES, at the end) ---------

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
# Furniture lines that head a list of links or topics.
_LIST_HEAD = re.compile(
    r"""(?ix)(?:
      (?:related|more)\s+(?:articles?|stories|posts|content|news|coverage|reading|topics|publications|reports
        |research|videos|links|analysis)
    | you\s+(?:may|might)\s+also\s+like|recommended(?:\s+(?:for\s+you|stories|articles|reading|videos?))?
    | most\s+(?:read|popular|viewed)|trending(?:\s+now)?|list\s+of\s+\d+\s+items?
    | read\s+(?:more|also|next)|also\s+read|see\s+also|related
    | tags|topics|filed\s+under|(?:explore\s+)?more\s+on\s+(?:these\s+topics|this\s+(?:story|topic))
    | explore\s+further
    )\s*:?"""
)
# Under a comment counter ("2 Comments"), a reader's comment is a short name
# line, a time stamp, the comment and a "Reply" button.
_COMMENTS_HEAD = re.compile(
    r"(?i)(?:\d+\s+)?(?:comments?|responses?)(?:\s*\(\d+\))?|\d+\s+(?:thoughts?|responses?|comments?|replies)\s+(?:on|to)\s+.+"
)
_REPLY = re.compile(r"(?i)reply\b.{0,40}")
_COMMENTER_MAX = 40
_COMMENT_LINES_MAX = 8  # lines of comment text before its "Reply" button
_CONTACT_HEAD = re.compile(r"(?i)(?:(?:media|press|investor|news)\s+)?(?:contacts?|inquiries|enquiries)\s*:")
_CONTACT_BLOCK_LINE_MAX = 60  # names, companies, e-mail addresses and phone numbers under "Media contact:"

_WIDGET, _MASTHEAD, _LINK_LIST, _COMMENT_THREAD, _CONTACT_BLOCK, _TRAILING, _COUNTER = (
    "furniture.widget", "furniture.masthead", "furniture.link-list", "furniture.comment-thread",
    "furniture.contact-block", "furniture.trailing-link", "furniture.byline-counter",
)
# (cut, rule id): the line is furniture from character cut on (0: the whole line), per that rule.
Furniture = tuple[int, str]


def find_furniture(lines: list[str], trailing: bool = True) -> list[Furniture | None]:
    """For each line, where page furniture starts in it and which rule found it; None for a content line.

    trailing: whether to look for furniture after the last sentence of a content line.
    """
    found: list[Furniture | None] = [None] * len(lines)
    lines = _cut_byline_counters(lines, found)
    rules = [line_furniture(line.strip()) for line in lines]
    if rules.count(None) < len(rules):  # some line is furniture on its own: look around it
        drop = [rule is not None for rule in rules]
        _mark_widgets(lines, drop, rules)
        _mark_masthead(lines, drop, rules)
        _mark_link_lists(lines, drop, rules)
        _mark_comment_threads(lines, drop, rules)
        _mark_contact_blocks(lines, drop, rules)
        for i, rule in enumerate(rules):
            if rule is not None:
                found[i] = (0, rule)
    if trailing:
        for i, line in enumerate(lines):
            if found[i] is None and (cut := _trailing_furniture(line)) is not None:
                found[i] = (cut, _TRAILING)
    return found


def _mark(drop: list[bool], rules: list[str | None], i: int, rule: str) -> None:
    drop[i] = True
    rules[i] = rule


def _mark_link_lists(lines: list[str], drop: list[bool], rules: list[str | None]) -> None:
    """Mark the short link lines under a list head ("Related articles", "Explore more on these topics").

    They are furniture when the run of link lines is closed by furniture or by the end of the page,
    (a byline closes it too, and takes the line above it, its headline, out of the list),
    or when two or more of them are closed by a paragraph: a subheading followed by its paragraph
    is never lost. A softer head ("More from World") goes with its links only when furniture or
    the page end closes them.
    """
    in_list = False
    head = -1  # a soft list head waiting for its links to be closed
    run: list[int] = []

    def close() -> None:
        for j in run:
            _mark(drop, rules, j, _LINK_LIST)
        if head >= 0 and run:
            _mark(drop, rules, head, _LINK_LIST)

    for i, line in enumerate(lines):
        line = line.strip()
        if not line:
            continue
        if drop[i]:
            if in_list:
                close()
            run, head = [], -1
            in_list = in_list or _LIST_HEAD.fullmatch(line) is not None
        elif in_list and run and parse_byline(line) is not None:
            # A byline ends the list: the line above it is the article's headline, not a link ("Filed Under:"
            # above a headline copies as one list with it).
            run.pop()
            if head < 0 and len(run) >= 2 and all(starts_like_sentence(lines[j].strip()) for j in run):
                close()
            in_list, run, head = False, [], -1
        elif in_list and _is_link_label(line):
            run.append(i)
        elif line[:4] in ("More", "MORE") and _SOFT_HEAD.fullmatch(line) is not None:
            in_list, head, run = True, i, []
        else:
            if in_list and head < 0 and len(run) >= 2 and all(starts_like_sentence(lines[j].strip()) for j in run):
                close()
            in_list, run, head = False, [], -1
    if in_list:
        close()


def _mark_widgets(lines: list[str], drop: list[bool], rules: list[str | None]) -> None:
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
                _mark(drop, rules, i, _WIDGET)
                changed = True


def _is_widget(line: str) -> bool:
    return 0 < len(line) <= 12 and (line.lower() in _WIDGET_WORDS or _COUNT.fullmatch(line) is not None)


def _mark_masthead(lines: list[str], drop: list[bool], rules: list[str | None]) -> None:
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
            if _NAV_FURNITURE.fullmatch(lines[i].strip()) is None and not is_nav_row(lines[i].strip()):
                return
            for j in top[top.index(kept[0]) : n]:
                _mark(drop, rules, j, _MASTHEAD)
            return
        if n == after + 1 or not _is_masthead_line(lines[i].strip(), _TAGLINE_WORDS):
            return


def _is_masthead_line(line: str, words: int) -> bool:
    return len(line) <= 80 and len(line.split()) <= words and line[-1] not in ".!?:;,"


def _mark_comment_threads(lines: list[str], drop: list[bool], rules: list[str | None]) -> None:
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
                _mark(drop, rules, nonblank[k], _COMMENT_THREAD)
            n = end + 1


def _mark_contact_blocks(lines: list[str], drop: list[bool], rules: list[str | None]) -> None:
    """Mark the short name/company/address lines under "Media contact:", up to the next blank line."""
    for i, line in enumerate(lines):
        if drop[i] and line.rstrip().endswith(":") and _CONTACT_HEAD.fullmatch(line.strip()):
            j = i + 1
            while j < len(lines) and _is_contact_line(lines[j].strip()):
                _mark(drop, rules, j, _CONTACT_BLOCK)
                j += 1


def _is_contact_line(line: str) -> bool:
    return bool(line) and len(line) <= _CONTACT_BLOCK_LINE_MAX and len(line.split()) <= 8 and line[-1] not in "?!"


def has_trailing_furniture(text: str) -> bool:
    """Cheap test on the whole text before _trailing_furniture is run on every line."""
    return "Reprints" in text or "More " in text or "order your copy" in text or "Licensing" in text


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


def _trailing_furniture(line: str) -> int | None:
    """Where furniture after the last sentence of a content line starts, or None."""
    # Substring tests first: this runs on every line.
    if "Reprints" in line or "More " in line or "order your copy" in line or "Licensing" in line:
        m = _TRAILING_FURNITURE.search(line.rstrip())
        if m is not None and line[: m.start()].strip():
            return m.start()
    return None


# A comment counter after a byline's date: "by Jane Doe on March 3, 2025 14 Comments".
_BYLINE_COUNTER = re.compile(
    r"(?i)(?:by|posted|published)\b.{3,150}?\d(?P<counter>\s*[|•·,–—-]?\s+\d{1,5}\s+(?:comments?|responses?|replies))"
)
_COUNTER_LINES = 12  # bylines are near the top


def _cut_byline_counters(lines: list[str], found: list[Furniture | None]) -> list[str]:
    """Mark a comment counter after a byline near the top ("by Jane Doe on March 3, 2025 14 Comments").

    Returns the lines with the counters cut off (a copy only when one is cut).
    """
    for i, line in enumerate(lines[:_COUNTER_LINES]):
        if line[:1] in "BbPp" and ("omment" in line or "OMMENT" in line) and len(line) <= 200:
            m = _BYLINE_COUNTER.fullmatch(line.rstrip())
            if m is not None:
                found[i] = (m.start("counter"), _COUNTER)
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


# Rules that judge a line by the furniture around it; their examples are pages.
CONTEXT_RULES: tuple[Rule, ...] = (
    Rule(
        _WIDGET,
        "furniture",
        _mark_widgets,
        ("A headline\nShare\n>> X\n>> Copy\nThe body.", "A headline\nAuto-update\n>> On\nThe body.",
         "A headline\nFacebook\n>> 312\nThe body."),
        (">> X", "A headline\nThe body.\n>> 312\nMore body."),
    ),
    Rule(
        _MASTHEAD,
        "furniture",
        _mark_masthead,
        (">> The Valley Courier\nMenu\nA headline\nThe body.",
         ">> The Valley Courier\n>> News for the whole valley\nSearch\nA headline\nThe body."),
        (">> The Valley Courier\nA headline\nThe body.",),
    ),
    Rule(
        _LINK_LIST,
        "furniture",
        _mark_link_lists,
        ("A headline\nThe body.\nRecommended Stories\n>> Dam talks collapse again\nGrain prices hit a record\n"
         "Advertisement",
         "A headline\nThe body.\nRelated articles\n>> Taliban reopen Salang tunnel\n>> Dam talks collapse again",
         "A headline\nThe body.\n>> More from World\n>> Dam talks collapse again\nAdvertisement"),
        ("A headline\nThe body.\nRelated stories\n>> What comes next\nThe council meets in May.",
         "A headline\nThe body.\nRelated articles\n>> Reporting by Jane Doe; Editing by John Roe",
         "Filed Under:\nWorld\n>> Talks resume in Doha\nBy: Jane Doe May 3, 2024 3:21 PM\nShare\nThe body. More."),
    ),
    Rule(
        _COMMENT_THREAD,
        "furniture",
        _mark_comment_threads,
        ("A headline\nThe body.\n2 Comments\n>> Jane Roe\nMarch 3, 2024\nGreat piece.\nReply",),
        ("A headline\nThe body.\n2 Comments\n>> Jane Roe said the dam would hold.\nMarch 3, 2024",),
    ),
    Rule(
        _CONTACT_BLOCK,
        "furniture",
        _mark_contact_blocks,
        ("A headline\nThe body.\n\nMedia contact:\n>> Ana Ruiz\n>> press@northwind.example\n\nThe deal closes.",),
        ("A headline\nThe body.\n\nMedia contact:\n\n>> The deal closes in May.",),
    ),
    Rule(
        _TRAILING,
        "furniture",
        _trailing_furniture,
        ("A headline\nThe body.\nTom Li is a correspondent in Lagos. >> More about Tom Li",
         "A headline\nThe body.\nIt appeared in print on May 4, 2024. >> Order Reprints | Today's Paper",
         "A headline\nThe body.\nAna Ruiz/REUTERS >> Purchase Licensing Rights"),
        ("A headline\nThe body.\n>> More about Tom Li's plans is expected on Monday.",),
    ),
    Rule(
        _COUNTER,
        "furniture",
        _cut_byline_counters,
        ("A headline\nby Jane Doe on March 3, 2025 >> 14 Comments\nThe body.",),
        ("A headline\nThe body.\n>> 14 Comments were removed by the moderators on Monday.",),
    ),
)

