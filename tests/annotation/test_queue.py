"""The work queue on PostgreSQL: k slots, reservations that expire, skips, order, and the rows the triggers keep."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from claims.annotation.errors import AnnotationRejected
from claims.annotation.queue import reorder_queue, reserve_next, skip_sentence
from claims.annotation.saving import AnnotationInput, create_annotation
from claims.models import Annotation, QueueCursor, QueueItem, Role, Sentence, Skip
from claims.projects import add_member
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(annotation_corpus):
    """Three annotators of the project."""
    users = [make_user(f"a{n}") for n in range(1, 4)]
    for user in users:
        add_member(project=annotation_corpus.project, user=user, role=Role.ANNOTATOR)
    return users


def annotate(project, user, sentence_id):
    return create_annotation(project=project, annotator=user, sentence_id=sentence_id, data=AnnotationInput())


def expire_reservations(sentence_id):
    past = timezone.now() - timedelta(minutes=1)
    QueueItem.objects.filter(sentence_id=sentence_id).update(
        held_until=[past for _ in QueueItem.objects.get(sentence_id=sentence_id).held_until])


def test_every_body_sentence_and_only_those_get_a_queue_row(annotation_corpus):
    queued = set(QueueItem.objects.filter(project=annotation_corpus.project).values_list("sentence_id", flat=True))
    assert queued == {s.pk for s in annotation_corpus.sentences}
    assert Sentence.objects.filter(project=annotation_corpus.project).exclude(pk__in=queued).count() == 2  # titles


def test_next_follows_document_order_and_gives_each_sentence_to_k_annotators(annotation_corpus, team):
    project, first, second = annotation_corpus.project, *annotation_corpus.sentences[:2]
    a1, a2, a3 = team
    assert reserve_next(project=project, annotator=a1).sentence_id == first.pk
    assert reserve_next(project=project, annotator=a2).sentence_id == first.pk
    # Two live reservations fill overlap 2: the third annotator gets the next sentence.
    assert reserve_next(project=project, annotator=a3).sentence_id == second.pk


def test_asking_again_returns_the_same_reservation_until_submitted(annotation_corpus, team):
    project, a1 = annotation_corpus.project, team[0]
    given = reserve_next(project=project, annotator=a1)
    again = reserve_next(project=project, annotator=a1)
    assert (again.sentence_id, again.reserved_until) == (given.sentence_id, given.reserved_until)
    assert given.reserved_until > timezone.now() + timedelta(minutes=project.reservation_minutes - 1)
    annotate(project, a1, given.sentence_id)
    assert reserve_next(project=project, annotator=a1).sentence_id == annotation_corpus.sentences[1].pk


def test_an_expired_reservation_returns_its_slot(annotation_corpus, team):
    project, first = annotation_corpus.project, annotation_corpus.sentences[0]
    a1, a2, a3 = team
    reserve_next(project=project, annotator=a1)
    reserve_next(project=project, annotator=a2)
    assert reserve_next(project=project, annotator=a3).sentence_id != first.pk
    expire_reservations(first.pk)
    annotate(project, a3, annotation_corpus.sentences[1].pk)
    # a3's cursor is past the first sentence: it comes back when nothing is left after it.
    for sentence in annotation_corpus.sentences[2:]:
        annotate(project, a3, sentence.pk)
    assert reserve_next(project=project, annotator=a3).sentence_id == first.pk


def test_an_expired_reservation_is_given_back_to_its_holder_while_the_slot_is_free(annotation_corpus, team):
    project, a1 = annotation_corpus.project, team[0]
    first = reserve_next(project=project, annotator=a1)
    expire_reservations(first.sentence_id)
    again = reserve_next(project=project, annotator=a1)
    assert again.sentence_id == first.sentence_id and again.reserved_until > timezone.now()


def test_a_slot_held_by_an_expired_reservation_can_be_annotated_by_someone_else(annotation_corpus, team):
    project, first = annotation_corpus.project, annotation_corpus.sentences[0]
    a1, a2, a3 = team
    reserve_next(project=project, annotator=a1)
    reserve_next(project=project, annotator=a2)
    with pytest.raises(AnnotationRejected) as refused:
        annotate(project, a3, first.pk)
    assert refused.value.status == 409 and "already has its 2 annotators" in str(refused.value)
    expire_reservations(first.pk)
    annotate(project, a3, first.pk)
    annotate(project, a2, first.pk)  # a2's slot: expired but nobody took it
    assert QueueItem.objects.get(sentence_id=first.pk).closed


def test_nothing_left_answers_none(annotation_corpus, team):
    project, a1, a2 = annotation_corpus.project, *team[:2]
    for sentence in annotation_corpus.sentences:
        annotate(project, a1, sentence.pk)
    assert reserve_next(project=project, annotator=a1) is None
    assert reserve_next(project=project, annotator=a2) is not None


def test_skip_leaves_my_queue_frees_my_slot_and_is_recorded_once(annotation_corpus, team):
    project, first = annotation_corpus.project, annotation_corpus.sentences[0]
    a1, a2, a3 = team
    reserve_next(project=project, annotator=a1)
    reserve_next(project=project, annotator=a2)
    skip = skip_sentence(project=project, annotator=a1, sentence_id=first.pk)
    assert skip_sentence(project=project, annotator=a1, sentence_id=first.pk) == skip
    assert Skip.objects.filter(project=project, annotator=a1).count() == 1
    assert reserve_next(project=project, annotator=a1).sentence_id != first.pk
    assert reserve_next(project=project, annotator=a3).sentence_id == first.pk  # a1's slot is free again


def test_skipping_an_annotated_sentence_is_refused(annotation_corpus, team):
    project, first, a1 = annotation_corpus.project, annotation_corpus.sentences[0], team[0]
    annotate(project, a1, first.pk)
    with pytest.raises(AnnotationRejected) as refused:
        skip_sentence(project=project, annotator=a1, sentence_id=first.pk)
    assert refused.value.status == 409 and "already annotated" in str(refused.value)
    assert not Skip.objects.exists()
    assert QueueItem.objects.get(sentence_id=first.pk).skipped_by == []


def test_random_order_is_fixed_by_the_seed(annotation_corpus, team):
    project = annotation_corpus.project
    project.queue_order, project.queue_seed = "random", 7
    project.save()
    reorder_queue(project=project)
    order = list(QueueItem.objects.filter(project=project).order_by("position").values_list("sentence_id", flat=True))
    assert sorted(order) == sorted(s.pk for s in annotation_corpus.sentences)
    assert order != [s.pk for s in annotation_corpus.sentences]  # 6! orders: 1 in 720 to be the same
    assert reserve_next(project=project, annotator=team[0]).sentence_id == order[0]
    project.queue_seed = 8
    project.save()
    reorder_queue(project=project)
    assert list(QueueItem.objects.filter(project=project).order_by("position")
                .values_list("sentence_id", flat=True)) != order
    project.queue_order = "document"
    project.save()
    assert reorder_queue(project=project) == len(order)
    assert list(QueueItem.objects.filter(project=project).order_by("position")
                .values_list("sentence_id", flat=True)) == [s.pk for s in annotation_corpus.sentences]


def test_the_queue_queryset_reranks_and_sends_every_cursor_back_to_the_top(annotation_corpus, team):
    project = annotation_corpus.project
    reserve_next(project=project, annotator=team[0])
    assert QueueCursor.objects.get(project=project, annotator=team[0]).position is not None
    project.queue_order, project.queue_seed = "random", 7
    project.save()
    assert QueueItem.objects.rerank(project=project) > 0
    # A position in the old order means nothing in the new one: the next search starts from the top.
    assert QueueCursor.objects.get(project=project, annotator=team[0]).position is None
    assert QueueItem.objects.rerank(project=project) == 0  # already in this order: nothing moves


def test_changing_the_overlap_opens_and_closes_sentences(annotation_corpus, team):
    project, first = annotation_corpus.project, annotation_corpus.sentences[0]
    annotate(project, team[0], first.pk)
    annotate(project, team[1], first.pk)
    assert QueueItem.objects.get(sentence_id=first.pk).closed
    project.overlap = 3
    project.save()
    assert not QueueItem.objects.get(sentence_id=first.pk).closed
    assert reserve_next(project=project, annotator=team[2]).sentence_id == first.pk
    project.overlap = 1
    project.save()
    assert QueueItem.objects.get(sentence_id=first.pk).closed


def test_a_sentence_that_stops_being_body_leaves_the_queue_and_comes_back_with_its_annotations(
    annotation_corpus, team
):
    project, first = annotation_corpus.project, annotation_corpus.sentences[0]
    annotate(project, team[0], first.pk)
    Sentence.objects.filter(pk=first.pk).update(kind="heading")
    assert not QueueItem.objects.filter(sentence_id=first.pk).exists()
    assert reserve_next(project=project, annotator=team[1]).sentence_id != first.pk
    Sentence.objects.filter(pk=first.pk).update(kind="body")
    assert QueueItem.objects.get(sentence_id=first.pk).done_by == [team[0].pk]


def test_a_deleted_annotation_gives_its_slot_back(annotation_corpus, team):
    project, first = annotation_corpus.project, annotation_corpus.sentences[0]
    for user in team[:2]:
        annotate(project, user, first.pk)
    Annotation.objects.filter(sentence=first, annotator=team[0]).delete()
    item = QueueItem.objects.get(sentence_id=first.pk)
    assert (item.done_by, item.closed) == ([team[1].pk], False)


def test_next_reads_a_bounded_number_of_index_rows(annotation_corpus, team):
    """The plan walks the partial index in queue order and stops at the first free row."""
    project = annotation_corpus.project
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a six-row table would otherwise be scanned whole
        cursor.execute("EXPLAIN SELECT sentence_id FROM claims_queueitem WHERE project_id = %s AND NOT closed "
                       "ORDER BY position LIMIT 1", [project.pk])
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "queue_open_in_order" in plan and "Sort" not in plan


def test_a_sentence_moved_in_its_source_moves_in_the_queue(annotation_corpus, team):
    project, first, second = annotation_corpus.project, *annotation_corpus.sentences[:2]
    Sentence.objects.filter(pk=first.pk).update(index=50)  # as an editor's split of a neighbour would
    order = list(QueueItem.objects.filter(project=project).order_by("position").values_list("sentence_id", flat=True))
    assert order.index(first.pk) > order.index(annotation_corpus.sentences[3].pk)
    assert reserve_next(project=project, annotator=team[0]).sentence_id == second.pk
