"""Whole web pages pasted as plain text: how much of what parse_article keeps as body is article text.

Run by hand from the repository root:

    python bench/pages.py [--show] [--blind]

Each page in bench/gold/<set>/<split>/ is two files: <name>.page.txt, the whole page as a person
gets it by selecting everything in a browser and pasting it (menus, teaser lists, comments and
all), and <name>.article.txt, the article as trafilatura extracts it from the page's HTML, its
first line the headline. Printed per page and overall (token-weighted over all pages):

* body precision: the share of the tokens parse_article keeps as body that belong to the article;
* article recall: the share of the article's tokens that parse_article keeps (in any segment
  that is not furniture);
* title: whether the detected title is the headline (a site name before or after it is allowed:
  "Headline | CNN Politics").

Tokens are matched in order (difflib over the two token sequences), so that a menu word that
also occurs in the article does not count as article text.

Sets (each README.md says where the pages came from and their figures):

* pages/ (12 pages, newspaper4k's test data): dev/ and blind/, both looked at and tuned on; now dev.
* pages2/ (23 pages, trafilatura's and htmldate's test caches): dev/ may be looked at and tuned on;
  blind/ was frozen before any rule was tuned on it and is read only with --blind, to report;
  never change a rule because of what it shows.

Without --blind the dev splits are printed (pages/dev, pages/blind, pages2/dev) and their total.

    python bench/pages.py --build HTML_DIR SET SPLIT NAME...

(re)creates the gold of the named pages (HTML_DIR/<NAME>.html) in SET/SPLIT with the rendering
below, split by the first hex digit of sha1(NAME): below 7 is dev. For pages/ the article is
trafilatura's default extraction and the headline its title (from <title>); for pages2/ the
article is trafilatura's extraction with favor_precision and the headline the page's own (see
`headline`). Needs lxml and trafilatura (both installed with the project).
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.ingest.article import parse_article  # noqa: E402

GOLD = ROOT / "bench" / "gold"
DEV_SPLITS = (("pages", "dev"), ("pages", "blind"), ("pages2", "dev"))
BLIND_SPLIT = ("pages2", "blind")  # frozen: read only to report, never to tune
_TOKEN = re.compile(r"\w+", re.UNICODE)

# --- building the gold from saved HTML --------------------------------------------

# Elements whose text a browser never shows (or shows as a widget, not as text).
_INVISIBLE = ("script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "head", "select")
# Block elements: a browser's innerText (what select-all and copy gives) puts a line break around them;
# paragraphs get a blank line.
_BLOCKS = frozenset(
    "address article aside blockquote dd details dialog div dl dt fieldset figcaption figure footer form h1 h2 h3 "
    "h4 h5 h6 header hr li main nav ol p pre section summary table tbody thead tfoot tr ul caption legend "
    "menu".split()
)


def render_page(html: str) -> str:
    """The page's visible text laid out as a browser's innerText: one block per line, blank lines around <p>."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    for element in root.xpath("//*[@hidden] | //*[contains(translate(@style, ' ', ''), 'display:none')]"):
        element.drop_tree()
    for tag in _INVISIBLE:
        for element in root.iter(tag):
            element.drop_tree()
    out: list[str] = []

    def walk(element) -> None:  # noqa: ANN001 - an lxml element
        tag = element.tag if isinstance(element.tag, str) else ""
        block = tag in _BLOCKS
        if block:
            out.append("\n\n" if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6") else "\n")
        if tag == "br":
            out.append("\n")
        elif tag in ("td", "th"):
            out.append("\t")
        if element.text and tag:
            out.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                out.append(child.tail)
        if block:
            out.append("\n\n" if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6") else "\n")

    body = root.find("body")
    walk(body if body is not None else root)
    lines = [" ".join(line.split()) for line in "".join(out).split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def headline(root, fallback: str) -> str:  # noqa: ANN001 - an lxml document
    """The page's visible headline: the first <h1> that shares most of its words with og:title (or, without
    one, with the <title> as trafilatura reads it); else og:title; else that <title>."""
    og = " ".join(" ".join(root.xpath("//meta[@property='og:title']/@content")[:1]).split())
    known = og or fallback
    words = set(tokens(known))
    for element in root.iter("h1"):
        text = " ".join(element.text_content().split())
        ours = tokens(text)
        if len(ours) >= 2 and sum(t in words for t in ours) * 2 > len(ours):
            return text
    return known


def build(html_dir: Path, gold_set: str, split: str, names: list[str]) -> None:
    """Write <name>.page.txt and <name>.article.txt for each named page."""
    import lxml.html
    import trafilatura

    precise = gold_set != "pages"  # pages/ was built before the headline rule and favor_precision
    folder = GOLD / gold_set / split
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        html = (html_dir / f"{name}.html").read_text(encoding="utf-8", errors="replace")
        document = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=True, favor_precision=precise
        )
        if document is None or not document.text:
            print(f"{name}: trafilatura found no article: skipped")
            continue
        title = " ".join((document.title or "").split())
        if precise:
            title = headline(lxml.html.document_fromstring(html), title)
        (folder / f"{name}.page.txt").write_text(render_page(html), encoding="utf-8")
        (folder / f"{name}.article.txt").write_text(f"{title}\n{document.text.strip()}\n", encoding="utf-8")
        print(f"{gold_set}/{split}/{name}: written")


# --- measuring ---------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    return [t.casefold() for t in _TOKEN.findall(text)]


def matched(ours: list[str], reference: list[str]) -> int:
    """How many tokens of ours match the reference, in order."""
    matcher = difflib.SequenceMatcher(None, ours, reference, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


def same_title(found: str, headline: str) -> bool:
    """The headline, or the headline with the site's name before or after it (as in an HTML <title>)."""
    ours, theirs = tokens(found), tokens(headline)
    if not ours:
        return False
    if ours == theirs:
        return True
    # "Headline | Site", "Site: Headline", "Headline -- Site": ours is the headline part.
    return 2 * len(ours) >= len(theirs) and (theirs[: len(ours)] == ours or theirs[-len(ours) :] == ours)


def measure(page: str, article: str, show: bool = False) -> tuple[int, int, int, int, int, bool]:
    """(body tokens, of them article, article tokens, of them kept, title found, title right)."""
    headline, _, article_text = article.partition("\n")
    parsed = parse_article(page)
    body = " ".join(parsed.text[s.start : s.end] for s in parsed.segments if s.kind == "body")
    kept = " ".join(parsed.text[s.start : s.end] for s in parsed.segments if s.kind != "furniture")
    ours, ref, kept_tokens = tokens(body), tokens(article_text), tokens(kept)
    in_article = matched(ours, ref)
    kept_of_article = matched(ref, kept_tokens)
    right = same_title(parsed.title, headline)
    if show:
        for s in parsed.segments:
            piece = parsed.text[s.start : s.end]
            mark = "  " if s.kind == "furniture" else "* "
            print(f"      {mark}{s.kind:<10} {getattr(s, 'rule', ''):<28} {piece[:90]!r}")
        print(f"    title: {parsed.title!r} (headline {headline!r})")
    return len(ours), in_article, len(ref), kept_of_article, bool(parsed.title), right


def report(gold_set: str, split: str, show: bool) -> list[int]:
    """Print the figures of each page of one split and the split's; return its counts and its number of pages."""
    folder = GOLD / gold_set / split
    totals = [0, 0, 0, 0, 0, 0]
    pages = sorted(folder.glob("*.page.txt"))
    for path in pages:
        name = path.name.removesuffix(".page.txt")
        article = (folder / f"{name}.article.txt").read_text(encoding="utf-8")
        print(f"{gold_set}/{split}/{name}")
        counts = measure(path.read_text(encoding="utf-8"), article, show)
        body, in_article, ref, kept, _, right = counts
        print(
            f"    body precision {in_article / max(body, 1):.3f}   article recall {kept / max(ref, 1):.3f}"
            f"   title {'right' if right else 'wrong'}"
        )
        totals = [t + c for t, c in zip(totals, counts, strict=True)]
    summary(f"{gold_set}/{split}", totals, len(pages))
    return [*totals, len(pages)]


def summary(label: str, totals: list[int], pages: int) -> None:
    body, in_article, ref, kept, _, right = totals
    print(
        f"\n{label}: {pages} pages   body precision {in_article / max(body, 1):.3f}   "
        f"article recall {kept / max(ref, 1):.3f}   title right {right}/{pages}\n"
    )


def main(argv: list[str]) -> None:
    if "--build" in argv:
        at = argv.index("--build")
        build(Path(argv[at + 1]), argv[at + 2], argv[at + 3], argv[at + 4 :])
        return
    show = "--show" in argv
    if "--blind" in argv:  # the frozen blind set: read only to report, never to tune
        report(*BLIND_SPLIT, show)
        return
    totals = [0] * 7
    for gold_set, split in DEV_SPLITS:
        totals = [t + c for t, c in zip(totals, report(gold_set, split, show), strict=True)]
    summary("all dev", totals[:6], totals[6])


if __name__ == "__main__":
    main(sys.argv)
