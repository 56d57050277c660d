"""Importing articles into a project: read → structure → dedupe → store, in one transaction.

The same service runs behind the management command, the Celery import job (web upload and
REST API) and the demo loader. Sentences and actor mentions are written with COPY: the ORM's
bulk_create would spend most of the import building model instances.
"""

import contextlib
import gc
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection, transaction

from claims.actors.mentions import matcher_for, write_mentions
from claims.ingest.article import PARSER_VERSION
from claims.ingest.article.coverage import WARNING as MOSTLY_FURNITURE
from claims.ingest.errors import IngestError, Problem
from claims.ingest.labels import store_labels
from claims.ingest.prepare import PreparedArticle, Preparer
from claims.ingest.readers import Limits, RawArticle, overlong, oversize, read_file
from claims.models import ImportJob, Project, User
from claims.suggest.runs import suggest_after_import

Progress = Callable[[int], None]


@dataclass(frozen=True)
class InputFile:
    """A file to import: the name the user knows it by, and where its bytes are."""

    name: str
    path: Path


@dataclass
class ImportSummary:
    """What an import stored and skipped."""

    sources: int = 0
    sentences: int = 0
    duplicates: int = 0
    mentions: int = 0
    annotations: int = 0  # from labelled doccano or Label Studio records
    notes: list[str] = field(default_factory=list)

    def as_counts(self) -> dict[str, int]:
        return {"sources": self.sources, "sentences": self.sentences, "duplicates": self.duplicates,
                "mentions": self.mentions, "annotations": self.annotations}

    def __str__(self) -> str:
        labelled = f"; {self.annotations} annotations from the records' labels" if self.annotations else ""
        return (f"{self.sources} sources, {self.sentences} sentences imported; "
                f"{self.duplicates} duplicates skipped; {self.mentions} actor mentions{labelled}")


def current_limits() -> Limits:
    return Limits(settings.IMPORT_MAX_FILE_BYTES, settings.IMPORT_MAX_UNPACKED_BYTES, settings.IMPORT_MAX_ARTICLE_CHARS)


def read_inputs(files: Iterable[InputFile], limits: Limits) -> tuple[list[RawArticle], list[str]]:
    """Read every file, collecting the problems of all of them before giving up."""
    articles, notes, problems = [], [], []
    for file in files:
        try:
            if problem := oversize(file.name, file.path.stat().st_size, limits.max_file_bytes):
                raise IngestError([problem])
            found, found_notes = read_file(file.name, file.path.read_bytes(), limits)
            # Refused before any parsing or storing: the import's time and memory grow with an article.
            if too_long := [problem for article in found if (problem := overlong(article, limits.max_article_chars))]:
                raise IngestError(too_long)
        except IngestError as error:
            problems.extend(error.problems)
        except OSError as error:
            problems.append(Problem(file.name, f"cannot be read ({error.strerror})"))
        else:
            articles.extend(found)
            notes.extend(found_notes)
    if problems:
        raise IngestError(problems)
    return articles, notes


# A batch closes at this many articles or characters, whichever comes first. Each batch costs a
# few round trips and statements whatever its size: a dataset of one-sentence items in batches of
# 100 spent more time on that than on its rows. Counting characters keeps batches of full
# articles (about 3,000 characters each) near 100, so preparing and storing still overlap.
BATCH_ARTICLES = 5_000
BATCH_CHARACTERS = 300_000


def batches_of(articles: list[RawArticle]) -> list[list[RawArticle]]:
    """The articles cut into batches of at most BATCH_ARTICLES articles or about BATCH_CHARACTERS characters."""
    batches, batch, size = [], [], 0
    for article in articles:
        batch.append(article)
        size += len(article.text)
        if len(batch) >= BATCH_ARTICLES or size >= BATCH_CHARACTERS:
            batches.append(batch)
            batch, size = [], 0
    if batch:
        batches.append(batch)
    return batches


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector for the duration (reference counting still frees memory).

    An import allocates a few objects per article and keeps them all until it commits; the
    collector's full passes walk every one of them again and again, and took a fifth of the CPU
    time of a 20,000-item import. The import makes no reference cycles worth collecting.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_articles(
    *, project: Project, articles: list[RawArticle], job: ImportJob | None = None, progress: Progress | None = None,
    labeller: User | None = None,
) -> ImportSummary:
    """Store new articles with their sentences and actor mentions, and labelled records' labels as annotations by
    labeller (the job's user when not given); all or nothing."""
    with cyclic_gc_paused():
        return _import_articles(project, articles, job, progress, labeller or (job.created_by if job else None))


def _import_articles(
    project: Project, articles: list[RawArticle], job: ImportJob | None, progress: Progress | None,
    labeller: User | None,
) -> ImportSummary:
    report = progress or (lambda percent: None)
    batches = batches_of(articles)
    summary = ImportSummary()
    problems: list[Problem] = []
    # Two stages: a thread prepares the next batches while this one waits for PostgreSQL to store
    # and check the current one, so that the database and Python work at the same time. (A helper
    # process measured no faster: PostgreSQL's own work sets the pace.)
    with transaction.atomic(), ThreadPoolExecutor(max_workers=1) as executor:
        with connection.cursor() as cursor:
            # Check foreign keys as each batch is written rather than all at commit, where
            # nothing else could overlap with them.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # Imports and re-matches of the project take turns (matcher_for takes the lock): a re-match
        # queued by an actor change during this import waits for it, then matches its sentences too.
        prepare = Preparer(matcher_for(project))
        pending = [executor.submit(prepare, batch) for batch in batches[:2]]
        for number in range(len(batches)):
            prepared = pending.pop(0).result()
            if number + 2 < len(batches):
                pending.append(executor.submit(prepare, batches[number + 2]))
            summary.duplicates += prepared.repeats
            problems.extend(prepared.problems)
            if problems:
                continue  # nothing will be stored; go on preparing to report every problem
            stored = _insert_sources(project, prepared.articles, job)
            summary.duplicates += len(prepared.articles) - len(stored)
            summary.sources += len(stored)
            summary.notes.extend(
                f"{article.origin} (source {source_id}): {MOSTLY_FURNITURE}"
                f" (only {article.body_share:.0%} of its prose is body)"
                for source_id, article in stored
                if article.body_share is not None
            )
            sentences, mentions = _insert_sentences(project, stored)
            summary.sentences += sentences
            summary.mentions += mentions
            annotations, found = store_labels(project=project, stored=stored, labeller=labeller)
            summary.annotations += annotations
            problems.extend(found)
            report(20 + 80 * (number + 1) // len(batches))
        if problems:
            raise IngestError(problems)
        if summary.sentences:
            suggest_after_import(project=project)
    return summary


def import_files(
    *, project: Project, files: list[InputFile], job: ImportJob | None = None, progress: Progress | None = None
) -> ImportSummary:
    """Read files and import their articles: one transaction, nothing stored on any error."""
    with cyclic_gc_paused():
        articles, notes = read_inputs(files, current_limits())
        if progress:
            progress(20)
        summary = import_articles(project=project, articles=articles, job=job, progress=progress)
    summary.notes = notes + summary.notes  # the readers' notes first, then the flagged sources
    return summary


_INSERT_SOURCES = """
INSERT INTO claims_source
    (project_id, title, outlet, author, url, published, language, text, content_hash, meta, original_name,
     import_job_id, parser_version, created_at)
SELECT %s, title, outlet, author, url, published, 'en', text, content_hash, meta, original_name, %s, %s, now()
FROM ROWS FROM (
    unnest(%b::text[]), unnest(%b::text[]), unnest(%b::text[]), unnest(%b::text[]), unnest(%b::date[]),
    unnest(%b::text[]), unnest(%b::text[]), jsonb_array_elements(%b::jsonb), unnest(%b::text[])
) AS s (title, outlet, author, url, published, text, content_hash, meta, original_name)
ON CONFLICT (project_id, content_hash) DO NOTHING
RETURNING id, content_hash
"""


def _insert_sources(
    project: Project, batch: list[PreparedArticle], job: ImportJob | None
) -> list[tuple[int, PreparedArticle]]:
    """Insert sources; a hash already in the project (even from a concurrent import) is skipped."""
    from psycopg.types.json import Jsonb

    columns = (
        [p.title[:500] for p in batch],
        [p.outlet[:200] for p in batch],
        [p.author[:300] for p in batch],
        [p.url[:2000] for p in batch],
        [p.published for p in batch],
        [p.text for p in batch],
        [p.content_hash for p in batch],
        # One JSON array of every source's metadata: dumped in one call, not one per source.
        Jsonb([p.meta for p in batch]),
        [p.origin[:500] for p in batch],
    )
    connection.ensure_connection()
    # A server-side-binding cursor with binary parameters: Django's client-side cursor would
    # escape every article's text into an array literal in Python, which took longer than
    # PostgreSQL's whole insert.
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(_INSERT_SOURCES, [project.id, job.id if job else None, PARSER_VERSION, *columns])
        ids = {digest: source_id for source_id, digest in cursor.fetchall()}
    return [(ids[p.content_hash], p) for p in batch if p.content_hash in ids]


def _insert_sentences(project: Project, stored: list[tuple[int, PreparedArticle]]) -> tuple[int, int]:
    total = sum(len(p.segments) for _, p in stored)
    if not total:
        return 0, 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('claims_sentence', 'id')) FROM generate_series(1, %s)",
                       [total])
        sentence_ids = iter([row[0] for row in cursor.fetchall()])
        mentions: list[tuple[int, int, int, int]] = []
        raw_cursor = cursor.cursor
        with raw_cursor.copy(
            'COPY claims_sentence (id, project_id, source_id, index, start, "end", text, kind, rule) FROM STDIN'
        ) as copy:
            for source_id, p in stored:
                text = p.text
                found = iter(p.mentions)
                mention = next(found, None)
                for index, (start, end, kind, rule) in enumerate(p.segments):
                    sentence_id = next(sentence_ids)
                    copy.write_row((sentence_id, project.id, source_id, index, start, end, text[start:end], kind, rule))
                    # Mentions and segments are both in text order: walk them together.
                    while mention is not None and mention[1] < end:
                        if mention[1] >= start and mention[2] <= end:
                            mentions.append((sentence_id, *mention))
                        mention = next(found, None)
    return total, write_mentions(mentions=mentions)
