"""The work queue: the next body sentence for an annotator, reserved for them; skips; queue order.

A sentence has k slots (project.overlap). Slots taken = annotations + live reservations, all kept
in the sentence's claims_queueitem row (see claims/models/queue.py), so one row lock settles every
race for it. Finding the next sentence walks a partial index of the sentences that still need
annotators, in queue order, with ``FOR UPDATE SKIP LOCKED``: two annotators asking at the same
moment take different rows, and the work per request does not grow with the corpus.

Locks are always taken in the same order — the annotator's cursor row first, then queue items —
so the queue's statements cannot deadlock with one another.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from claims.annotation.errors import AnnotationRejected
from claims.models import Annotation, Project, Sentence, Skip, User
from claims.models.corpus import SentenceKind
from claims.models.project import QueueOrder


@dataclass(frozen=True)
class Assignment:
    """A sentence reserved for one annotator until ``reserved_until``."""

    sentence_id: int
    source_id: int
    index: int
    reserved_until: datetime


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

# Reserve the first available sentence in queue order (after the annotator's cursor, when given)
# and move the cursor to it, in one statement.
_PICK = f"""
WITH pick AS (
    SELECT q.sentence_id FROM claims_queueitem q
    WHERE q.project_id = %(project)s {{after}} AND {_AVAILABLE}
    ORDER BY q.position LIMIT 1
    FOR UPDATE {{skip_locked}}
), held AS (
    UPDATE claims_queueitem q
    SET holders = {_kept("who")} || %(me)s::bigint, held_until = {_kept("until")} || %(until)s::timestamptz
    FROM pick WHERE q.sentence_id = pick.sentence_id
    RETURNING q.sentence_id, q.position
)
UPDATE claims_queuecursor c
SET sentence_id = held.sentence_id, position = GREATEST(c.position, held.position)
FROM held JOIN claims_sentence s ON s.id = held.sentence_id
WHERE c.id = %(cursor)s
RETURNING s.id, s.source_id, s.index
"""
_PICK_AFTER_CURSOR = _PICK.format(after="AND q.position > %(after)s", skip_locked="SKIP LOCKED")
# When nothing is free after the cursor: from the top, waiting for rows that others have locked
# rather than skipping them, so that a slot about to be left free is not missed (no false 204).
_PICK_FROM_TOP = _PICK.format(after="", skip_locked="")

# Renew this annotator's hold on the sentence last handed to them: unchanged while it is live,
# taken again when it has expired but the slot is still free.
_RETAKE = f"""
UPDATE claims_queueitem q
SET holders = {_kept("who")} || %(me)s::bigint,
    held_until = {_kept("until")} || COALESCE(
        (SELECT max(h.until) FROM unnest(q.holders, q.held_until) AS h(who, until)
         WHERE h.who = %(me)s AND h.until > now()),
        %(until)s::timestamptz)
FROM claims_sentence s
WHERE q.sentence_id = %(sentence)s AND q.project_id = %(project)s AND s.id = q.sentence_id AND {_AVAILABLE}
RETURNING s.id, s.source_id, s.index, q.held_until[cardinality(q.held_until)]
"""

# Take a slot for an annotation: refused (no row) when this annotator already has one or all k
# slots are taken by others' annotations and live reservations. Drops the annotator's own hold.
_TAKE_SLOT = f"""
UPDATE claims_queueitem q
SET done_by = q.done_by || %(me)s::bigint, closed = cardinality(q.done_by) + 1 >= %(k)s,
    holders = {_kept("who")}, held_until = {_kept("until")}
WHERE q.sentence_id = %(sentence)s AND NOT (%(me)s = ANY(q.done_by))
  AND cardinality(q.done_by) + {_LIVE_OTHERS} < %(k)s
RETURNING 1
"""

_SKIP = f"""
UPDATE claims_queueitem q
SET skipped_by = CASE WHEN %(me)s = ANY(q.skipped_by) THEN q.skipped_by ELSE q.skipped_by || %(me)s::bigint END,
    holders = {_kept("who")}, held_until = {_kept("until")}
WHERE q.sentence_id = %(sentence)s
"""

# The annotator's reservation of this sentence ends (they annotated or skipped it). Taken before
# any queue item lock, to keep the lock order.
_RELEASE = """
UPDATE claims_queuecursor SET sentence_id = NULL
WHERE project_id = %(project)s AND annotator_id = %(me)s AND sentence_id = %(sentence)s
"""


def _cursor(project: Project, annotator: User) -> tuple[int, int | None, int | None]:
    """Lock (creating it the first time) the annotator's cursor row: (id, sentence id, position)."""
    select = ("SELECT id, sentence_id, position FROM claims_queuecursor "
              "WHERE project_id = %s AND annotator_id = %s FOR UPDATE")
    with connection.cursor() as cursor:
        cursor.execute(select, [project.pk, annotator.pk])
        row = cursor.fetchone()
        if row is None:
            cursor.execute("INSERT INTO claims_queuecursor (project_id, annotator_id) VALUES (%s, %s) "
                           "ON CONFLICT (project_id, annotator_id) DO NOTHING", [project.pk, annotator.pk])
            cursor.execute(select, [project.pk, annotator.pk])
            row = cursor.fetchone()
    return row


def reserve_next(*, project: Project, annotator: User) -> Assignment | None:
    """Reserve the next body sentence for this annotator (the same one until they submit or skip it,
    or it expires), or None when nothing is left for them; never more than k annotators per sentence."""
    until = timezone.now() + timedelta(minutes=project.reservation_minutes)
    params = {"project": project.pk, "me": annotator.pk, "k": project.overlap, "until": until}
    with transaction.atomic(), connection.cursor() as cursor:
        params["cursor"], reserved, params["after"] = _cursor(project, annotator)
        if reserved is not None:
            cursor.execute(_RETAKE, {**params, "sentence": reserved})
            if row := cursor.fetchone():
                return Assignment(*row)
        if params["after"] is not None:
            cursor.execute(_PICK_AFTER_CURSOR, params)
            if row := cursor.fetchone():
                return Assignment(*row, until)
        cursor.execute(_PICK_FROM_TOP, params)
        if row := cursor.fetchone():
            return Assignment(*row, until)
        if reserved is not None:
            cursor.execute("UPDATE claims_queuecursor SET sentence_id = NULL WHERE id = %s", [params["cursor"]])
    return None


def body_sentence(*, project: Project, sentence_id: object, field: str = "sentence") -> Sentence:
    """The project's body sentence with this id, or AnnotationRejected saying why it cannot be annotated."""
    if isinstance(sentence_id, bool) or not isinstance(sentence_id, int):
        raise AnnotationRejected.invalid("give the id of a sentence (an integer)", field=field)
    sentence = Sentence.objects.filter(project=project, pk=sentence_id).only("start", "end", "text", "kind").first()
    if sentence is None:
        raise AnnotationRejected.invalid(f"sentence {sentence_id} is not in this project", field=field)
    if sentence.kind != SentenceKind.BODY:
        raise AnnotationRejected.invalid(
            f"sentence {sentence_id} is a {sentence.get_kind_display().lower()}, not a body sentence; "
            "only body sentences are annotated", field=field)
    return sentence


def take_slot(*, project: Project, annotator: User, sentence: Sentence) -> None:
    """Count the annotator's annotation against the sentence's k slots, in the caller's transaction.

    Raises AnnotationRejected (409) when they already annotated it or others hold every slot.
    """
    params = {"project": project.pk, "me": annotator.pk, "k": project.overlap, "sentence": sentence.pk}
    with connection.cursor() as cursor:
        cursor.execute(_RELEASE, params)
        cursor.execute(_TAKE_SLOT, params)
        if cursor.fetchone():
            return
    if Annotation.objects.filter(sentence=sentence, annotator=annotator).exists():
        raise AnnotationRejected.conflict(
            f"you have already annotated sentence {sentence.pk}; change that annotation instead (PATCH)")
    raise AnnotationRejected.conflict(
        f"sentence {sentence.pk} already has its {project.overlap} annotators (annotations or live reservations)")


def skip_sentence(*, project: Project, annotator: User, sentence_id: object) -> Skip:
    """Record that the annotator passes on this body sentence: it leaves their queue and frees their slot."""
    sentence = body_sentence(project=project, sentence_id=sentence_id)
    params = {"project": project.pk, "me": annotator.pk, "sentence": sentence.pk}
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(_RELEASE, params)
            cursor.execute(_SKIP, params)
        if Annotation.objects.filter(sentence=sentence, annotator=annotator).exists():
            raise AnnotationRejected.conflict(f"you have already annotated sentence {sentence.pk}; nothing to skip")
        skip, _ = Skip.objects.get_or_create(project=project, sentence=sentence, annotator=annotator)
    return skip


# How each queue order ranks a sentence: an SQL expression over s (claims_sentence) and p
# (claims_project); smaller comes first. New sentences get the document or random position from
# the insert trigger (claims_queue_position); a change of order, seed or suggestions re-ranks the
# queue with reorder_queue(). Least-confident-first ranks like document order until suggestions
# carry a confidence; its expression goes here, using positions below the document ones
# (negative numbers) so that scored sentences come before unscored ones.
POSITION_SQL: dict[str, str] = {
    QueueOrder.DOCUMENT: "claims_queue_position('document', p.queue_seed, s.id, s.source_id, s.index)",
    QueueOrder.RANDOM: "claims_queue_position('random', p.queue_seed, s.id, s.source_id, s.index)",
    QueueOrder.UNCERTAIN: "claims_queue_position('document', p.queue_seed, s.id, s.source_id, s.index)",
}


@transaction.atomic
def reorder_queue(*, project: Project) -> int:
    """Re-rank the project's queue for its current order and seed; every cursor starts again from the top."""
    position = POSITION_SQL[project.queue_order]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE claims_queueitem q SET position = {position} "  # the expression is ours, from POSITION_SQL
            "FROM claims_sentence s, claims_project p "
            f"WHERE q.project_id = %s AND s.id = q.sentence_id AND p.id = q.project_id AND q.position <> {position}",
            [project.pk],
        )
        changed = cursor.rowcount
        cursor.execute("UPDATE claims_queuecursor SET position = NULL WHERE project_id = %s", [project.pk])
    return changed
