"""Preparing raw articles for storage: structure, sentences, dedupe key, actor mentions.

Pure Python with no Django and no database: the import service runs it in a thread, one batch
ahead of the thread that writes to PostgreSQL.
"""

import datetime
import hashlib
from dataclasses import dataclass

from claims.ingest.article import ParsedArticle, parse_article
from claims.ingest.errors import Problem
from claims.ingest.mentions import ActorMatcher
from claims.ingest.readers import RawArticle

ActorForms = list[tuple[int, list[str]]]


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

    @classmethod
    def of(cls, raw: RawArticle, parsed: ParsedArticle, digest: str, mentions: list) -> "PreparedArticle":
        return cls(
            title=parsed.title, outlet=parsed.outlet or raw.outlet, author=parsed.author or raw.author,
            url=raw.url, published=parsed.published or raw.published, meta={**parsed.meta, **raw.meta},
            origin=raw.origin, text=parsed.text, content_hash=digest,
            segments=[(s.start, s.end, s.kind, s.rule) for s in parsed.segments], mentions=mentions,
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

    def __init__(self, forms: ActorForms):
        self.matcher = ActorMatcher(forms)
        self.seen: set[str] = set()

    def __call__(self, raws: list[RawArticle]) -> PreparedBatch:
        batch = PreparedBatch([], 0, [])
        for raw in raws:
            parsed = parse_article(raw.text, title=raw.title, author=raw.author, outlet=raw.outlet,
                                   published=raw.published)
            if all(s.kind == "furniture" for s in parsed.segments):
                batch.problems.append(Problem(raw.origin, "no article text left: every line is page furniture"))
                continue
            digest = content_hash(parsed.text)
            if digest in self.seen:
                batch.repeats += 1
                continue
            self.seen.add(digest)
            mentions = self.matcher.find(parsed.text) if self.matcher else []
            batch.articles.append(PreparedArticle.of(raw, parsed, digest, mentions))
        return batch
