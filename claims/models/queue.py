"""The work queue's state: one row per body sentence (its slots), one per annotator (their place), and skips.

The queue answers "the next sentence for this annotator" with a bounded amount of SQL whatever
the corpus size: a partial index holds only the sentences that still need annotators, in queue
order, and everything that decides whether a sentence has a free slot is in its own row, so a
single row lock (``SELECT … FOR UPDATE SKIP LOCKED``) settles every race for it. The rows are kept
by database triggers (migration 0012_annotation_queue): a body sentence gets its row when it is inserted (COPY
included), loses it when an editor makes it a heading or furniture, and a change of a project's
overlap reopens or closes its rows.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import connection, models, transaction
from django.db.models import Q

from claims.models.corpus import Sentence
from claims.models.project import Project, QueueOrder, User

# How each queue order ranks a sentence: an SQL expression over s (claims_sentence) and p
# (claims_project); smaller comes first. New sentences get the document or random position from
# the insert trigger (claims_queue_position); a change of order, seed or suggestions re-ranks the
# queue with QueueItem.objects.rerank(). Least-confident-first ranks sentences with a live suggestion by its
# uncertainty, at positions below the document ones (negative numbers), so that scored sentences
# come before unscored ones, which keep document order.
POSITION_SQL: dict[str, str] = {
    QueueOrder.DOCUMENT: "claims_queue_position('document', p.queue_seed, s.id, s.source_id, s.index)",
    QueueOrder.RANDOM: "claims_queue_position('random', p.queue_seed, s.id, s.source_id, s.index)",
    # The live suggestion's uncertainty, most uncertain first (claims.suggest re-ranks after each run);
    # ties by sentence id, since positions must be distinct: uncertainty in millionths above 2^36.
    QueueOrder.UNCERTAIN: "COALESCE((SELECT -(round(g.uncertainty * 1000000)::bigint + 1) * 68719476736 + s.id "
                          "FROM claims_suggestion g "
                          "JOIN claims_modelversion v ON v.id = g.model_version_id AND v.status = 'live' "
                          "WHERE g.sentence_id = s.id LIMIT 1), "
                          "claims_queue_position('document', p.queue_seed, s.id, s.source_id, s.index))",
}


class QueueItemQuerySet(models.QuerySet):
    """Queue items; re-ranking a project's queue."""

    def rerank(self, *, project: Project) -> int:
        """Re-rank the project's queue for its current order and seed; every cursor starts again from the top.

        Returns how many sentences moved. One statement over the project's rows, in one transaction
        with the cursors' reset: a cursor's position means nothing in the old order.
        """
        position = POSITION_SQL[project.queue_order]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE claims_queueitem q SET position = {position} "  # the expression is ours, from POSITION_SQL
                "FROM claims_sentence s, claims_project p "
                f"WHERE q.project_id = %s AND s.id = q.sentence_id AND p.id = q.project_id "
                f"AND q.position <> {position}",
                [project.pk],
            )
            changed = cursor.rowcount
            cursor.execute("UPDATE claims_queuecursor SET position = NULL WHERE project_id = %s", [project.pk])
        return changed


class QueueItem(models.Model):
    """A body sentence's place in its project's queue and who holds its k slots.

    Slots taken = annotators who annotated it (``done_by``) + live reservations (``holders`` whose
    ``held_until`` has not passed). An expired reservation simply stops counting: no sweeper job.
    """

    # Made by a trigger from the sentence row itself, so no foreign-key checks (which PostgreSQL
    # runs row by row and would slow a bulk import); deletes cascade through the ORM.
    sentence = models.OneToOneField(
        Sentence, primary_key=True, on_delete=models.CASCADE, related_name="queue_item", db_constraint=False
    )
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    # Where it comes in the queue: smaller first. Computed by POSITION_SQL above (and the insert trigger).
    position = models.BigIntegerField()
    # True once it has k (project.overlap) annotations: it leaves the partial index.
    closed = models.BooleanField(default=False, db_default=False)
    done_by = ArrayField(models.BigIntegerField(), default=list, db_default=[])
    skipped_by = ArrayField(models.BigIntegerField(), default=list, db_default=[])
    # Reservations, as two parallel arrays: holders[i] holds a slot until held_until[i].
    holders = ArrayField(models.BigIntegerField(), default=list, db_default=[])
    held_until = ArrayField(models.DateTimeField(), default=list, db_default=[])

    objects = QueueItemQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["project", "position"], condition=Q(closed=False), name="queue_open_in_order"),
        ]


class QueueCursor(models.Model):
    """One annotator's place in a project's queue: the sentence last handed to them, and how far they got.

    Whether that sentence is still reserved for them is in its queue item (holders, held_until).

    Its row lock serialises one annotator's own requests (two browser tabs), and ``position`` lets
    the next search start after the last sentence they were given instead of from the beginning.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    annotator = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    # No index: nothing looks cursors up by sentence, and without one every move of the cursor is
    # a HOT update (no index touched).
    sentence = models.ForeignKey(
        Sentence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False,
        db_index=False,
    )
    position = models.BigIntegerField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "annotator"], name="queue_cursor_one_per_annotator")]


class Skip(models.Model):
    """An annotator passed on a sentence: it leaves their queue (not others'); counted on the dashboard."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="skips")
    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="skips", db_index=False)
    annotator = models.ForeignKey(User, on_delete=models.CASCADE, related_name="skips")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sentence", "annotator"], name="skip_once_per_annotator")]
