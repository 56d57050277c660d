"""Whole web pages pasted as plain text: how much of what parse_article keeps as body is article text.

Run by hand from the repository root:

    python bench/pages.py [--show] [--blind]

Each page in bench/gold/pages/<split>/ is two files: <name>.page.txt, the whole page as a person
gets it by selecting everything in a browser and pasting it (menus, teaser lists, comments and
all), and <name>.article.txt, the article as trafilatura extracts it from the page's HTML, its
first line the headline. Printed per page and overall (token-weighted over all pages):

* body precision: the share of the tokens parse_article keeps as body that belong to the article;
* article recall: the share of the article's tokens that parse_article keeps (in any segment
  that is not furniture);
* title: whether the detected title is the headline (trafilatura takes it from the page's <title>,
  so a site name before or after it is allowed: "Headline | CNN Politics").

Tokens are matched in order (difflib over the two token sequences), so that a menu word that
also occurs in the article does not count as article text.

Splits: dev/ may be looked at and tuned on. blind/ was frozen before any rule was tuned on
whole pages and is read only with --blind; never change a rule because of what it shows.

    python bench/pages.py --build HTML_DIR SPLIT NAME...

(re)creates the gold of the named pages (HTML_DIR/<NAME>.html) in SPLIT with the rendering
below; the frozen sets came from the English news pages in the test data of the newspaper4k
0.9.6 source distribution (tests/data/html/), split by the first hex digit of sha1(NAME):
below 7 is dev. Needs lxml and trafilatura (both installed with the project).
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.ingest.article import parse_article  # noqa: E402

PAGES = ROOT / "bench" / "gold" / "pages"
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


def build(html_dir: Path, split: str, names: list[str]) -> None:
    """Write <name>.page.txt and <name>.article.txt for each named page."""
    import trafilatura

    folder = PAGES / split
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        html = (html_dir / f"{name}.html").read_text(encoding="utf-8", errors="replace")
        document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True)
        if document is None or not document.text:
            print(f"{name}: trafilatura found no article: skipped")
            continue
        title = " ".join((document.title or "").split())
        (folder / f"{name}.page.txt").write_text(render_page(html), encoding="utf-8")
        (folder / f"{name}.article.txt").write_text(f"{title}\n{document.text.strip()}\n", encoding="utf-8")
        print(f"{split}/{name}: written")


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


def report(split: str, show: bool) -> None:
    folder = PAGES / split
    totals = [0, 0, 0, 0, 0, 0]
    pages = sorted(folder.glob("*.page.txt"))
    for path in pages:
        name = path.name.removesuffix(".page.txt")
        article = (folder / f"{name}.article.txt").read_text(encoding="utf-8")
        print(f"{split}/{name}")
        counts = measure(path.read_text(encoding="utf-8"), article, show)
        body, in_article, ref, kept, _, right = counts
        print(
            f"    body precision {in_article / max(body, 1):.3f}   article recall {kept / max(ref, 1):.3f}"
            f"   title {'right' if right else 'wrong'}"
        )
        totals = [t + c for t, c in zip(totals, counts, strict=True)]
    body, in_article, ref, kept, _, right = totals
    print(
        f"\n{split}: {len(pages)} pages   body precision {in_article / max(body, 1):.3f}   "
        f"article recall {kept / max(ref, 1):.3f}   title right {right}/{len(pages)}"
    )


def main(argv: list[str]) -> None:
    if "--build" in argv:
        at = argv.index("--build")
        build(Path(argv[at + 1]), argv[at + 2], argv[at + 3 :])
        return
    show = "--show" in argv
    report("dev", show)
    if "--blind" in argv:  # the frozen blind set: read only to report, never to tune
        print()
        report("blind", show)


if __name__ == "__main__":
    main(sys.argv)
