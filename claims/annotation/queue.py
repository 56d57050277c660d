"""The work queue: the next body sentence for an annotator, reserved for them; skips; queue order.

A sentence has k slots (project.overlap). Slots taken = annotations + live reservations, all kept
in the sentence's claims_queueitem row (see claims/models/queue.py), so one row lock settles every
race for it. Finding the next sentence walks a partial index of the sentences that still need
annotators, in queue order, with ``FOR UPDATE SKIP LOCKED``: two annotators asking at the same
moment take different rows, and the work per request does not grow with the corpus.

Locks are always taken in the same order — the project row (a save's key-share lock, see
claims.annotation.saving) first, then the annotator's cursor row, then queue items — so the queue's
statements cannot deadlock with one another.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from claims.annotation.errors import AnnotationRejected
from claims.db import prepared_cursor
from claims.jobs import Progress, enqueue_coalesced, run_job
from claims.models import Annotation, Project, QueueItem, QueueRerankJob, Sentence, Skip, User
from claims.models.corpus import SentenceKind


@dataclass(frozen=True)
class Assignment:
    """A sentence reserved for one annotator until ``reserved_until``."""

    sentence_id: int
    source_id: int
    index: int
    reserved_until: datetime | None  # None: only looked at (peek_next), not reserved


# Reservations of others that have not expired (an expired one no longer holds its slot).
_LIVE_OTHERS = (
    "(SELECT count(*) FROM unnest(q.holders, q.held_until) AS h(who, until) "
    "WHERE h.until > now() AND h.who <> %(me)s)"
)


def _kept(column: str) -> str:
    """The holders or held_until array without expired reservations and without this annotator's."""
    return (f"array(SELECT h.{column} FROM unnest(q.holders, q.held_until) AS h(who, until) "
            "WHERE h.until > now() AND h.who <> %(me)s)")


# A sentence this annotator may be given: open, not theirs already, and with a free slot.
_AVAILABLE = f"""
    NOT q.closed AND NOT (%(me)s = ANY(q.done_by)) AND NOT (%(me)s = ANY(q.skipped_by))
    AND cardinality(q.done_by) + {_LIVE_OTHERS} < %(k)s
"""

_MIN_POSITION = -(2**63)

# Give the annotator a sentence, in one statement (one round trip, its own transaction):
#   mine     lock the annotator's cursor row first (always first: see the module docstring);
#            the reservation commits without waiting for the disk when the caller allows it;
#   renewed  the sentence last given to them, if it is still theirs (unchanged while the
#            reservation is live) or free again after it expired;
#   pick     otherwise the first available sentence in queue order, from the position given;
#   held     ... reserved for them;
#   moved    the cursor records it and how far they got.
# Scalar subqueries on ``mine`` make PostgreSQL evaluate it (as an init plan) before it touches
# any queue item. Returns the sentence, its source and index, and the reservation's end.
_RESERVE = f"""
WITH mine AS (
    SELECT id, sentence_id, COALESCE(position, {_MIN_POSITION}) AS position,
           set_config('synchronous_commit',
                      CASE WHEN %(relaxed)s THEN 'off' ELSE current_setting('synchronous_commit') END, true)
    FROM claims_queuecursor WHERE project_id = %(project)s AND annotator_id = %(me)s
    FOR UPDATE
), renewed AS (
    UPDATE claims_queueitem q
    SET holders = {_kept("who")} || %(me)s::bigint,
        held_until = {_kept("until")} || COALESCE(
            (SELECT max(h.until) FROM unnest(q.holders, q.held_until) AS h(who, until)
             WHERE h.who = %(me)s AND h.until > now()),
            %(until)s::timestamptz)
    WHERE q.sentence_id = (SELECT sentence_id FROM mine) AND q.project_id = %(project)s AND {_AVAILABLE}
    RETURNING q.sentence_id, q.position, q.held_until[cardinality(q.held_until)] AS until
), pick AS (
    SELECT q.sentence_id FROM claims_queueitem q
    WHERE q.project_id = %(project)s AND q.position > {{start}} AND {_AVAILABLE}
      AND EXISTS (SELECT FROM mine) AND NOT EXISTS (SELECT FROM renewed)
    ORDER BY q.position LIMIT 1
    FOR UPDATE {{skip_locked}}
), held AS (
    UPDATE claims_queueitem q
    SET holders = {_kept("who")} || %(me)s::bigint, held_until = {_kept("until")} || %(until)s::timestamptz
    FROM pick WHERE q.sentence_id = pick.sentence_id
    RETURNING q.sentence_id, q.position, %(until)s::timestamptz AS until
), given AS (
    SELECT * FROM renewed UNION ALL SELECT * FROM held
), moved AS (
    UPDATE claims_queuecursor c SET sentence_id = given.sentence_id, position = GREATEST(c.position, given.position)
    FROM given WHERE c.id = (SELECT id FROM mine)
)
SELECT s.id, s.source_id, s.index, given.until
FROM given JOIN claims_sentence s ON s.id = given.sentence_id
"""
# First after the cursor, skipping rows that other annotators hold locked at this moment.
_RESERVE_AFTER_CURSOR = _RESERVE.format(start="(SELECT position FROM mine)", skip_locked="SKIP LOCKED")
# When nothing is free after the cursor: from the top, waiting for rows that others have locked
# rather than skipping them, so that a slot about to be left free is not missed (no false 204).
_RESERVE_FROM_TOP = _RESERVE.format(start=str(_MIN_POSITION), skip_locked="")

# The annotator's reservation of the sentence ends (they annotate or skip it). Its cursor row is
# locked before the queue item, as in reserve_next: the statements below reference this CTE from
# their WHERE clause, so PostgreSQL runs it (once, as an init plan) before it locks the item.
_RELEASED = """released AS (
    UPDATE claims_queuecursor SET sentence_id = NULL
    WHERE {gated}project_id = %(project)s AND annotator_id = %(me)s AND sentence_id = %(sentence)s
    RETURNING 1
)"""
_RELEASE = "\nWITH " + _RELEASED.format(gated="") + "\n"
_RELEASED_FIRST = "(SELECT count(*) FROM released) >= 0"
# A condition on init plans alone is a "one-time filter": PostgreSQL checks it before it reads (and
# locks) any row of the statement it guards, so the gate runs before the cursor row is locked.
_GATE_PASSED = "(SELECT count(*) FROM gate) > 0"


def take_slot(*, gate: str) -> str:
    """The opening of a statement that takes a slot for an annotation, once ``gate`` has returned a row.

    ``gate`` is a query run before any queue row is locked (the saving service locks the project row
    in it, so that locks are always taken project first); it becomes the CTE ``gate``. The CTE
    ``slot`` then has a row when the slot was taken, none when the gate returned nothing, this
    annotator already has an annotation, or all k slots are taken by others' annotations and live
    reservations. Drops the annotator's own reservation. Parameters: project, me (the annotator),
    sentence, k, and the gate's own. The annotation's own inserts follow, each ``FROM slot``.
    """
    return f"""
WITH gate AS MATERIALIZED ({gate}), {_RELEASED.format(gated=_GATE_PASSED + " AND ")}, slot AS (
    UPDATE claims_queueitem q
    SET done_by = q.done_by || %(me)s::bigint, closed = cardinality(q.done_by) + 1 >= %(k)s,
        holders = {_kept("who")}, held_until = {_kept("until")}
    WHERE q.sentence_id = %(sentence)s AND {_GATE_PASSED} AND {_RELEASED_FIRST}
      AND NOT (%(me)s = ANY(q.done_by)) AND cardinality(q.done_by) + {_LIVE_OTHERS} < %(k)s
    RETURNING 1
)"""


_SKIP = f"""{_RELEASE}
UPDATE claims_queueitem q
SET skipped_by = CASE WHEN %(me)s = ANY(q.skipped_by) THEN q.skipped_by ELSE q.skipped_by || %(me)s::bigint END,
    holders = {_kept("who")}, held_until = {_kept("until")}
WHERE q.sentence_id = %(sentence)s AND {_RELEASED_FIRST}
"""


def reserve_next(*, project: Project, annotator: User) -> Assignment | None:
    """Reserve the next body sentence for this annotator (the same one until they submit or skip it,
    or it expires), or None when nothing is left for them; never more than k annotators per sentence."""
    until = timezone.now() + timedelta(minutes=project.reservation_minutes)
    params = {"project": project.pk, "me": annotator.pk, "k": project.overlap, "until": until,
              "relaxed": not connection.in_atomic_block}
    with prepared_cursor() as cursor:
        for attempt in (_RESERVE_AFTER_CURSOR, _RESERVE_FROM_TOP):
            cursor.execute(attempt, params)
            if row := cursor.fetchone():
                return Assignment(*row)
        # Nothing for them. A first request finds no cursor row: make it and ask again.
        cursor.execute("INSERT INTO claims_queuecursor (project_id, annotator_id) VALUES (%s, %s) "
                       "ON CONFLICT (project_id, annotator_id) DO NOTHING", [project.pk, annotator.pk])
        if cursor.rowcount:
            return reserve_next(project=project, annotator=annotator)
    return None


# The sentence reserve_next would give, read without reserving it (no lock, no write): the one the
# annotator holds, else the first free one after their cursor, else the first free one. Each branch
# walks the partial index in queue order, as _RESERVE does.
_PEEK = f"""
WITH mine AS (
    SELECT sentence_id, COALESCE(position, {_MIN_POSITION}) AS position FROM claims_queuecursor
    WHERE project_id = %(project)s AND annotator_id = %(me)s
), found AS (
    (SELECT 1 AS rank, q.sentence_id FROM claims_queueitem q
     WHERE q.sentence_id = (SELECT sentence_id FROM mine) AND q.project_id = %(project)s AND {_AVAILABLE})
    UNION ALL
    (SELECT 2, q.sentence_id FROM claims_queueitem q
     WHERE q.project_id = %(project)s AND q.position > COALESCE((SELECT position FROM mine), {_MIN_POSITION})
       AND {_AVAILABLE} ORDER BY q.position LIMIT 1)
    UNION ALL
    (SELECT 3, q.sentence_id FROM claims_queueitem q
     WHERE q.project_id = %(project)s AND {_AVAILABLE} ORDER BY q.position LIMIT 1)
)
SELECT s.id, s.source_id, s.index FROM found JOIN claims_sentence s ON s.id = found.sentence_id
ORDER BY found.rank LIMIT 1
"""


def peek_next(*, project: Project, annotator: User) -> Assignment | None:
    """The sentence reserve_next would give this annotator now, without reserving it (reserved_until None): a
    manager or editor who opens the form only to look takes no slot until they start labelling."""
    with prepared_cursor() as cursor:
        cursor.execute(_PEEK, {"project": project.pk, "me": annotator.pk, "k": project.overlap})
        row = cursor.fetchone()
    return None if row is None else Assignment(*row, reserved_until=None)


_BODY_SENTENCE = 'SELECT start, "end", text, kind FROM claims_sentence WHERE id = %s AND project_id = %s'


def body_sentence(*, project: Project, sentence_id: object, field: str = "sentence") -> Sentence:
    """The project's body sentence with this id, or AnnotationRejected saying why it cannot be annotated."""
    if isinstance(sentence_id, bool) or not isinstance(sentence_id, int):
        raise AnnotationRejected.invalid("give the id of a sentence (an integer)", field=field)
    with prepared_cursor() as cursor:
        cursor.execute(_BODY_SENTENCE, [sentence_id, project.pk])
        row = cursor.fetchone()
    if row is None:
        raise AnnotationRejected.invalid(f"sentence {sentence_id} is not in this project", field=field)
    sentence = Sentence(id=sentence_id, project_id=project.pk, start=row[0], end=row[1], text=row[2], kind=row[3])
    if sentence.kind != SentenceKind.BODY:
        raise AnnotationRejected.invalid(
            f"sentence {sentence_id} is a {sentence.get_kind_display().lower()}, not a body sentence; "
            "only body sentences are annotated", field=field)
    return sentence


def slot_refused(*, project: Project, annotator: User, sentence: Sentence) -> AnnotationRejected:
    """Why take_slot found no slot: the annotator already annotated the sentence, or others hold every slot."""
    if Annotation.objects.filter(sentence=sentence, annotator=annotator).exists():
        return AnnotationRejected.conflict(
            f"you have already annotated sentence {sentence.pk}; change that annotation instead (PATCH)")
    return AnnotationRejected.conflict(
        f"sentence {sentence.pk} already has its {project.overlap} annotators (annotations or live reservations)")


def skip_sentence(*, project: Project, annotator: User, sentence_id: object) -> Skip:
    """Record that the annotator passes on this body sentence: it leaves their queue and frees their slot."""
    sentence = body_sentence(project=project, sentence_id=sentence_id)
    params = {"project": project.pk, "me": annotator.pk, "sentence": sentence.pk}
    with transaction.atomic():
        with prepared_cursor() as cursor:
            cursor.execute(_SKIP, params)
        if Annotation.objects.filter(sentence=sentence, annotator=annotator).exists():
            raise AnnotationRejected.conflict(f"you have already annotated sentence {sentence.pk}; nothing to skip")
        skip, _ = Skip.objects.get_or_create(project=project, sentence=sentence, annotator=annotator)
    return skip


def request_rerank(*, project: Project, user: User | None = None) -> QueueRerankJob:
    """Make sure the project's queue is re-ranked for its order and seed once this transaction commits.

    Re-ranking touches every queued sentence, so a worker does it, as a job row clients can poll; a
    queued re-rank reads the order when it starts, so it covers this change too.
    """
    return enqueue_coalesced(QueueRerankJob, project=project, user=user)


def run_rerank_job(*, job_id: int) -> QueueRerankJob | None:
    """Run a queued re-rank once through the job runner (None if it was not queued)."""
    return run_job(model=QueueRerankJob, job_id=job_id, work=_rerank_work)


def rerank_now(*, project: Project, user: User | None = None) -> QueueRerankJob:
    """Re-rank in this process (the command) through the job runner, as a worker would."""
    job = QueueRerankJob.objects.create(project=project, created_by=user)
    return run_rerank_job(job_id=job.id) or QueueRerankJob.objects.get(id=job.id)


def _rerank_work(job: QueueRerankJob, progress: Progress) -> dict:
    # The re-rank itself is the queue's QuerySet's, which the suggestion worker calls within its own job.
    return {"moved": QueueItem.objects.rerank(project=Project.objects.get(id=job.project_id))}
