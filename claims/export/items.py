"""The labelled items of a project, streamed: each sentence with its annotations, claims and adjudication.

Three (four with suggestions) server-side cursors of plain tuples, each ordered by sentence id,
are merged in Python one sentence at a time: memory holds one sentence's labels and a fetched
chunk per cursor, however large the project. The cursors are psycopg's own named cursors (no ORM
objects or per-row conversions), planned for reading every row (cursor_tuple_fraction 1: hash
joins and one sort rather than a fast-start plan). They must run inside a transaction (the service
opens one); PostgreSQL closes them when it ends.
"""

import contextlib
import itertools
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connection

from claims.models import Adjudication, Annotation, Claim, ModelVersion, Project, Sentence, Source, Suggestion, User
from claims.models.suggest import ModelStatus

CHUNK = 2_000
_names = itertools.count()


class ClaimLabel(NamedTuple):
    """One marked claim, as the export reads it (offsets into the source text)."""

    id: int
    start: int
    end: int
    text: str
    proposition_id: int | None
    claimant_id: int | None
    claimant_is_outlet: bool
    claimant_name: str
    subject_id: int | None
    target_id: int | None
    stance: str
    certainty: str

    @property
    def key(self) -> tuple:
        """What two annotators must both have marked to agree on this claim (not the claim's id or text)."""
        return (self.start, self.end, self.subject_id, self.target_id, self.stance, self.certainty,
                self.claimant_id, self.claimant_name, self.claimant_is_outlet)


class SourceInfo(NamedTuple):
    """The source (article) a sentence comes from, as the export writes it."""

    source_id: int
    title: str
    outlet: str
    author: str
    published: str | None  # ISO 8601
    url: str


@dataclass(slots=True)
class Judgement:
    """An annotator's annotation or an editor's adjudication of one sentence, with its claims."""

    id: int
    who: str
    who_id: int | None
    claims: list[ClaimLabel] = field(default_factory=list)
    seconds_spent: int | None = None
    suggestion_outcome: str = ""
    suggestion_model_version: int | None = None
    resolution: str = ""

    @property
    def reading(self) -> tuple:
        """The whole judgement as one comparable value: annotators agree on an item when these are equal."""
        return tuple(sorted(claim.key for claim in self.claims))


@dataclass(slots=True)
class Item:
    """One labelled sentence, its source's metadata, and everything said about it."""

    sentence_id: int
    text: str
    start: int
    source: SourceInfo
    content_hash: str
    annotations: list[Judgement]
    adjudication: Judgement | None
    suggestion: tuple | None = None  # (has_claim probability, stance, model version)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


_CLAIM = 'c.id, c.start, c."end", c.text, c.proposition_id, c.claimant_id, c.claimant_is_outlet, ' \
         'c.claimant_name, c.subject_id, c.target_id, c.stance, c.certainty'


def _queries(with_suggestions: bool) -> dict[str, str]:
    """The cursors' SQL (parameter: the project id), each ordered by sentence id first."""
    sentence, source, annotation = _table(Sentence), _table(Source), _table(Annotation)
    adjudication, claim, user = _table(Adjudication), _table(Claim), _table(User)
    queries = {
        # Sentences that an annotator or an editor judged, with their source (the ids from two index scans).
        "sentences": f"""
            SELECT s.id, s.text, s.start, s.source_id, src.title, src.outlet, src.author, src.published, src.url,
                   src.content_hash
            FROM {sentence} s JOIN {source} src ON src.id = s.source_id
            WHERE s.id IN (SELECT sentence_id FROM {annotation} WHERE project_id = %(project)s
                           UNION SELECT sentence_id FROM {adjudication} WHERE project_id = %(project)s)
            ORDER BY s.id""",
        # One row per (annotation, claim); an annotation without claims comes once with NULL claim columns.
        "annotations": f"""
            SELECT a.sentence_id, a.id, u.username, a.annotator_id, a.seconds_spent, a.suggestion_outcome,
                   sg.model_version_id, {_CLAIM}
            FROM {annotation} a JOIN {user} u ON u.id = a.annotator_id
            LEFT JOIN {_table(Suggestion)} sg ON sg.id = a.suggestion_id
            LEFT JOIN {claim} c ON c.annotation_id = a.id
            WHERE a.project_id = %(project)s
            ORDER BY a.sentence_id, a.id, c.start, c.id""",
        "adjudications": f"""
            SELECT j.sentence_id, j.id, u.username, j.editor_id, j.resolution, {_CLAIM}
            FROM {adjudication} j LEFT JOIN {user} u ON u.id = j.editor_id
            LEFT JOIN {claim} c ON c.adjudication_id = j.id
            WHERE j.project_id = %(project)s
            ORDER BY j.sentence_id, c.start, c.id""",
    }
    if with_suggestions:
        queries["suggestions"] = f"""
            SELECT sg.sentence_id, sg.has_claim, sg.label, sg.model_version_id
            FROM {_table(Suggestion)} sg JOIN {_table(ModelVersion)} mv ON mv.id = sg.model_version_id
            WHERE mv.project_id = %(project)s AND mv.status = '{ModelStatus.LIVE}'
            ORDER BY sg.sentence_id"""
    return queries


def _rows(sql: str, project_id: int) -> Iterator[tuple]:
    """A named (server-side) cursor's rows as plain tuples, fetched CHUNK at a time by a thread one chunk ahead.

    PostgreSQL makes the next chunk while Python turns this one into rows (psycopg lets go of the GIL
    while it waits, and serialises the threads' use of the one connection). Close the generator to
    stop the thread; it is stopped and joined before the generator returns.
    """
    raw, name = connection.connection, f"export_{next(_names)}"
    chunks: queue.Queue = queue.Queue(maxsize=1)
    stop = threading.Event()

    def fetch() -> None:
        try:
            with raw.cursor(name=name) as cursor:
                cursor.execute(sql, {"project": project_id})
                rows = True
                while rows and not stop.is_set():
                    rows = cursor.fetchmany(CHUNK)
                    chunks.put(rows)
        except BaseException as error:  # handed to the reader, raised there
            chunks.put(error)

    thread = threading.Thread(target=fetch, name=name, daemon=True)
    thread.start()
    try:
        while rows := chunks.get():
            if isinstance(rows, BaseException):
                raise rows
            yield from rows
    finally:
        stop.set()
        while thread.is_alive():  # let a fetch blocked on the full queue finish
            with contextlib.suppress(queue.Empty):
                chunks.get_nowait()
            thread.join(0.01)


class _Stream:
    """A cursor's rows grouped by sentence id (first column), read one sentence's rows at a time."""

    def __init__(self, rows: Iterator[tuple]):
        self._groups = itertools.groupby(rows, key=lambda row: row[0])
        self._key, self._rows = next(self._groups, (None, None))

    def take(self, sentence_id: int) -> list[tuple]:
        while self._key is not None and self._key < sentence_id:
            self._key, self._rows = next(self._groups, (None, None))
        if self._key != sentence_id:
            return []
        taken = list(self._rows)
        self._key, self._rows = next(self._groups, (None, None))
        return taken


def _judgements(rows: list[tuple], head: int, make) -> list[Judgement]:
    """Rows of (sentence id, judgement columns…, claim columns…) as judgements; head: where the claim begins."""
    judgements: list[Judgement] = []
    current = None
    for row in rows:
        if current is None or current.id != row[1]:
            current = make(row)
            judgements.append(current)
        if row[head] is not None:
            current.claims.append(ClaimLabel._make(row[head:]))
    return judgements


def _annotation(row: tuple) -> Judgement:
    _, a_id, username, user_id, seconds, outcome, version = row[:7]
    return Judgement(a_id, username, user_id, [], seconds, outcome, version)


def _adjudication(row: tuple) -> Judgement:
    _, j_id, editor, editor_id, resolution = row[:5]
    return Judgement(j_id, editor or "", editor_id, [], resolution=resolution)


def prepare_reading() -> None:
    """Plan this transaction's queries for reading every row (not for the first few), with room to sort."""
    if not connection.in_atomic_block:
        raise RuntimeError("stream_items must run inside a transaction")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL cursor_tuple_fraction = 1.0")
        cursor.execute("SET LOCAL work_mem = '64MB'")
        # No parallel workers: on a few shared cores they take CPU from the Python that reads the rows.
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")


def stream_items(project: Project, *, with_suggestions: bool = False) -> Iterator[Item]:
    """Every judged sentence of the project, in sentence order, with its labels (call inside a transaction)."""
    prepare_reading()
    cursors = {name: _rows(sql, project.pk) for name, sql in _queries(with_suggestions).items()}
    try:
        yield from _merged(cursors)
    finally:
        for rows in cursors.values():
            rows.close()


def _merged(cursors: dict[str, Iterator[tuple]]) -> Iterator[Item]:
    sentences = cursors["sentences"]
    annotations, adjudications = _Stream(cursors["annotations"]), _Stream(cursors["adjudications"])
    suggestions = _Stream(cursors["suggestions"]) if "suggestions" in cursors else None
    source = SourceInfo(None, "", "", "", None, "")
    for sentence_id, text, start, source_id, title, outlet, author, published, url, content_hash in sentences:
        if source_id != source.source_id:  # a source's sentences mostly come together: one tuple for them all
            source = SourceInfo(source_id, title, outlet, author, published.isoformat() if published else None, url)
        adjudication = _judgements(adjudications.take(sentence_id), 5, _adjudication)
        suggestion = suggestions.take(sentence_id) if suggestions else None
        yield Item(sentence_id, text, start, source, content_hash,
                   _judgements(annotations.take(sentence_id), 7, _annotation),
                   adjudication[0] if adjudication else None,
                   suggestion[0][1:] if suggestion else None)
