"""Preparing raw articles for storage: structure, sentences, dedupe key, actor mentions.

No database: the import service runs it in a thread, one batch ahead of the thread that writes to
PostgreSQL. It is also the last check before the bulk insert, which bypasses the Source model: every
value is held to the model's rules here, whoever built the raw article.
"""

import datetime
import hashlib
import logging
from dataclasses import dataclass

from claims.actors.matching import ActorMatcher
from claims.ingest.article import ParsedArticle, parse_article
from claims.ingest.article.coverage import mostly_furniture
from claims.ingest.errors import Problem
from claims.ingest.readers import RawArticle
from claims.storable import field_problems, json_problem, string_problem

logger = logging.getLogger(__name__)


@dataclass
class PreparedArticle:
    """An article ready to store: metadata, the text as imported, its segments, hash and mentions.

    Plain values only, no object per segment: a large import holds hundreds of thousands.
    """

    title: str
    outlet: str
    author: str
    url: str
    published: datetime.date | None
    meta: dict
    origin: str
    text: str
    content_hash: str
    # (start, end, kind, rule) offsets into text, in order; rule is the id of the structure rule that decided the kind
    segments: list[tuple[int, int, str, str]]
    # (actor_id, start, end) offsets into text, in order
    mentions: list[tuple[int, int, int]]
    # the share of its prose kept as body when under coverage.FLAG_BELOW: the import summary says to check it
    body_share: float | None = None
    # The record's labels (claims.ingest.labels), offsets into text; None: it came without labels.
    labels: list | None = None

    @classmethod
    def of(cls, raw: RawArticle, parsed: ParsedArticle, digest: str, mentions: list) -> "PreparedArticle":
        return cls(
            title=parsed.title, outlet=parsed.outlet or raw.outlet, author=parsed.author or raw.author,
            url=raw.url, published=parsed.published or raw.published, meta={**parsed.meta, **raw.meta},
            origin=raw.origin, text=parsed.text, content_hash=digest,
            segments=[(s.start, s.end, s.kind, s.rule) for s in parsed.segments], mentions=mentions,
            body_share=mostly_furniture(parsed.text, ((s.start, s.end, s.kind) for s in parsed.segments)),
            labels=raw.labels,
        )


@dataclass
class PreparedBatch:
    """One batch's outcome: the articles to store, repeats of earlier articles, and problems."""

    articles: list[PreparedArticle]
    repeats: int
    problems: list[Problem]


def content_hash(text: str) -> str:
    """SHA-256 of the text with whitespace collapsed and case folded: the dedupe key."""
    return hashlib.sha256(" ".join(text.split()).casefold().encode()).hexdigest()


class Preparer:
    """Prepares the batches of one import in order, dropping repeats across the whole import."""

    def __init__(self, matcher: ActorMatcher):
        self.matcher = matcher
        self.seen: set[str] = set()

    def __call__(self, raws: list[RawArticle]) -> PreparedBatch:
        batch = PreparedBatch([], 0, [])
        for raw in raws:
            if problem := string_problem(raw.text) or json_problem(raw.meta):
                batch.problems.append(Problem(raw.origin, problem))
                continue
            try:
                parsed = parse_article(raw.text, title=raw.title, author=raw.author, outlet=raw.outlet,
                                       published=raw.published)
            except Exception as error:  # noqa: BLE001 - one article's surprise is reported, not a stack trace
                logger.warning("%s could not be prepared", raw.origin, exc_info=True)
                batch.problems.append(Problem(raw.origin, f"could not be read ({type(error).__name__}: {error})"))
                continue
            if not parsed.segments or all(s.kind == "furniture" for s in parsed.segments):
                batch.problems.append(Problem(raw.origin, "no article text left: every line is page furniture"))
                continue
            if raw.labels is not None and parsed.text != raw.text:
                batch.problems.append(Problem(raw.origin, "its labels cannot be placed: the text was changed on "
                                                          "import (line ends or spaces)", None, "labels"))
                continue
            article = PreparedArticle.of(raw, parsed, content_hash(parsed.text), [])
            values = {"title": article.title, "url": article.url, "outlet": article.outlet, "author": article.author}
            if found := field_problems(values):
                batch.problems.extend(Problem(raw.origin, problem, None, key) for key, problem in found)
                continue
            if article.content_hash in self.seen:
                batch.repeats += 1
                continue
            self.seen.add(article.content_hash)
            batch.articles.append(article)
        if self.matcher:
            found = self.matcher.find_each([article.text for article in batch.articles])
            for article, mentions in zip(batch.articles, found, strict=True):
                article.mentions = mentions
        return batch
