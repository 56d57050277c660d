"""Batch inference: every body sentence lacking a fresh suggestion from the live version gets one.

Sentences are read in chunks (by id, so each chunk costs an index range, not a scan of what is
done), scored in length-sorted batches (little padding) while threads read and tokenise the next
batches, and written with COPY into a staging table and one INSERT ... ON CONFLICT DO NOTHING.
Each chunk commits on its own: a worker killed mid-chunk loses only that chunk's work, and the
run that redoes it writes each missing row once, because the unique (sentence, version) key and
the ON CONFLICT make a second write of the same row a no-op.
"""

import json
import logging
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction

from claims.models import ModelVersion, Project
from claims.suggest.candidates import Mention
from claims.suggest.encoder import load_encoder
from claims.suggest.errors import SuggestError
from claims.suggest.freshness import inputs_sql, scheme_key
from claims.suggest.predict import Scored, Scorer, SentenceInput
from claims.suggest.versions import encoder_name, heads_for, live_version

logger = logging.getLogger(__name__)

Progress = Callable[[int], None]


@dataclass
class Timings:
    """Where a run's time went, summed over batches (threads overlap, so the parts exceed the wall time)."""

    read: float = 0.0
    prepare: float = 0.0
    model: float = 0.0
    heads: float = 0.0
    write: float = 0.0
    sentences: int = 0
    written: int = 0
    extra: dict = field(default_factory=dict)


def sizes(scorer: Scorer) -> tuple[int, int]:
    """Sentences per forward pass and per committed chunk: the settings, else what suits the device."""
    gpu = scorer.encoder.device.type == "cuda"
    return (settings.SUGGEST_BATCH_SIZE or (1024 if gpu else 64),
            settings.SUGGEST_CHUNK_SIZE or (50000 if gpu else 2048))


def scorer_for(version: ModelVersion, device: str = "") -> Scorer:
    """The encoder and heads of a version, loaded once per process."""
    return Scorer(load_encoder(encoder_name(version), device), heads_for(version))


# Body sentences without a fresh suggestion from the version: none yet, or only stale ones
# (claims.suggest.freshness). %(key)s is the scheme's part of the fingerprint.
_INPUTS = inputs_sql("s", "%(key)s")
_LACKING = f"""
FROM claims_sentence s WHERE s.project_id = %(project)s AND s.kind = 'body'
  AND NOT EXISTS (SELECT 1 FROM claims_suggestion g WHERE g.sentence_id = s.id AND g.model_version_id = %(version)s
                  AND g.inputs = {_INPUTS})
"""


def pending_sentences(*, project_id: int, version_id: int, key: str, after: int, limit: int) -> list[SentenceInput]:
    """Up to `limit` body sentences after id `after` lacking a fresh suggestion from the version, with mentions
    and the fingerprint of what they are scored from."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT s.id, s.text, s.start, {_INPUTS} {_LACKING} AND s.id > %(after)s "
                       "ORDER BY s.id LIMIT %(limit)s",
                       {"project": project_id, "version": version_id, "key": key, "after": after, "limit": limit})
        rows = cursor.fetchall()
        if not rows:
            return []
        # Read after the fingerprints: a mention changed in between gives a row whose fingerprint is
        # already out of date, so it is scored again; never a fresh-looking row from old mentions.
        cursor.execute('SELECT sentence_id, actor_id, start, "end" FROM claims_actormention '
                       "WHERE sentence_id = ANY(%s)", [[row[0] for row in rows]])
        mentions: dict[int, list] = {}
        for sentence_id, actor_id, start, end in cursor.fetchall():
            mentions.setdefault(sentence_id, []).append((actor_id, start, end))
    return [
        SentenceInput(sid, text, start, tuple(Mention(a, s - start, e - start) for a, s, e in mentions.get(sid, ())),
                      inputs)
        for sid, text, start, inputs in rows
    ]


def count_pending(*, project_id: int, version_id: int, key: str) -> int:
    """Body sentences lacking a fresh suggestion from the version."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) {_LACKING}", {"project": project_id, "version": version_id, "key": key})
        return cursor.fetchone()[0]


def score_sentences(scorer: Scorer, sentences: list[SentenceInput], *, batch_size: int,
                    timings: Timings | None = None, threads: int = 0) -> Iterator[Scored]:
    """Score sentences in length-sorted batches, preparing the next batches in threads while the model runs."""
    timings = timings or Timings()
    threads = threads or settings.SUGGEST_PREPARE_THREADS
    ordered = sorted(sentences, key=lambda s: len(s.text))
    batches = [ordered[i:i + batch_size] for i in range(0, len(ordered), batch_size)]

    def prepare(batch):
        started = time.perf_counter()
        prepared = scorer.prepare(batch)
        timings.prepare += time.perf_counter() - started
        return prepared

    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="suggest-prepare") as pool:
        ahead = deque(pool.submit(prepare, batch) for batch in batches[: threads + 1])
        queued = len(ahead)
        while ahead:
            prepared = ahead.popleft().result()
            if queued < len(batches):
                ahead.append(pool.submit(prepare, batches[queued]))
                queued += 1
            started = time.perf_counter()
            encoded = scorer.encode(prepared)
            middle = time.perf_counter()
            scored = scorer.suggest(prepared, encoded)
            timings.model += middle - started
            timings.heads += time.perf_counter() - middle
            timings.sentences += len(scored)
            yield from scored


def write_suggestions(*, version_id: int, rows: list[Scored]) -> int:
    """Store rows with COPY and one upsert that skips rows already there; returns how many were new."""
    if not rows:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS suggestion_batch (sentence_id bigint, has_claim float8, claims jsonb, "
            "label text, uncertainty float8, embedding bytea, inputs text) ON COMMIT DELETE ROWS"
        )
        with cursor.cursor.copy("COPY suggestion_batch FROM STDIN") as copy:
            for row in rows:
                copy.write_row((row.sentence_id, row.has_claim, json.dumps(row.claims, separators=(",", ":")),
                                row.label, row.uncertainty, row.embedding, row.inputs))
        cursor.execute(
            "INSERT INTO claims_suggestion (sentence_id, model_version_id, has_claim, claims, label, uncertainty, "
            "embedding, inputs, created_at) SELECT sentence_id, %s, has_claim, claims, label, uncertainty, embedding, "
            "inputs, now() FROM suggestion_batch ON CONFLICT (sentence_id, model_version_id, inputs) DO NOTHING",
            [version_id],
        )
        written = cursor.rowcount
        cursor.execute("TRUNCATE suggestion_batch")
    return written


class ChunkTimeLimitExceeded(SuggestError):
    """A chunk ran past SUGGEST_CHUNK_TIME_LIMIT."""


@contextmanager
def chunk_time_limit(seconds: int, size: int):
    """Stop a chunk that runs past `seconds` (on the main thread, where a worker process runs its task)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise ChunkTimeLimitExceeded(f"a chunk of {size} sentences took longer than {seconds} s and was stopped "
                                     "(SUGGEST_CHUNK_TIME_LIMIT); the chunks before it are stored")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def suggest_pending(*, project: Project, progress: Progress | None = None, device: str = "",
                    timings: Timings | None = None) -> dict:
    """Give every body sentence lacking a fresh suggestion from the live version one; returns counts.

    Chunks commit one by one. If a new version goes live meanwhile, the run moves on to it.
    """
    report = progress or (lambda percent: None)
    timings = timings or Timings()
    key = scheme_key(project.scheme)
    version, scorer, total, done, after = None, None, 1, 0, 0
    while True:
        # Checked after every chunk and once more at the end: a version promoted while this run
        # worked is picked up here, since asking for suggestions then joins this run.
        current = live_version(project=project)
        if version is None or current.id != version.id:
            if version is not None:
                logger.info("project %s: v%s went live during the run; continuing with it", project.id, current.id)
            version, scorer, done, after = current, scorer_for(current, device), 0, 0
            total = max(count_pending(project_id=project.id, version_id=version.id, key=key), 1)
        batch_size, chunk_size = sizes(scorer)
        started = time.perf_counter()
        chunk = pending_sentences(project_id=project.id, version_id=version.id, key=key, after=after,
                                  limit=chunk_size)
        timings.read += time.perf_counter() - started
        if not chunk:
            if live_version(project=project).id == version.id:
                break
            continue
        after = chunk[-1].id
        with chunk_time_limit(settings.SUGGEST_CHUNK_TIME_LIMIT, len(chunk)):
            rows = list(score_sentences(scorer, chunk, batch_size=batch_size, timings=timings))
            started = time.perf_counter()
            with transaction.atomic():
                timings.written += write_suggestions(version_id=version.id, rows=rows)
            timings.write += time.perf_counter() - started
        done += len(chunk)
        report(min(99, 100 * done // total))
    return {"model_version": version.id, "sentences": timings.sentences, "written": timings.written}
