"""A save racing a label rename: two threads, each on its own PostgreSQL connection.

A manager renames the stance "oppose" to "against" (update_settings rewrites the claims that have
it, under the project row's FOR UPDATE lock) while an annotator, whose page still shows the old
scheme, saves a claim with "oppose". Whichever commits first, no claim may end with the old label.
"""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from claims.annotation.errors import AnnotationRejected
from claims.annotation.queue import reserve_next
from claims.annotation.saving import AnnotationChanges, AnnotationInput, ClaimInput, create_annotation, edit_annotation
from claims.models import Claim, Project, QueueCursor, QueueItem
from claims.projects import update_settings

pytestmark = pytest.mark.django_db(transaction=True)
WAIT = 20  # seconds any step may take before the test gives up


def renamed_scheme(project: Project) -> dict:
    scheme = Project.objects.get(pk=project.pk).label_scheme
    for label in scheme["stance"]:
        if label["value"] == "oppose":
            label.update(value="against", renamed_from="oppose")
    return scheme


def whole_sentence_claim(corpus, sentence, stance: str = "oppose") -> ClaimInput:
    return ClaimInput(start=sentence.start, end=sentence.end, subject=corpus.actors["Kastran"].pk,
                      target=corpus.actors["Veloria"].pk, stance=stance)


class Side(threading.Thread):
    """A thread with its own database connection; it records its backend's pid, its result or its error."""

    def __init__(self, work):
        super().__init__(daemon=True)
        self.work, self.result, self.error = work, None, None
        self.pid_known = threading.Event()

    def run(self):
        try:
            connection.ensure_connection()
            self.pid = connection.connection.info.backend_pid
            self.pid_known.set()
            self.result = self.work()
        except Exception as error:  # noqa: BLE001 - the test reads it
            self.error = error
        finally:
            connections.close_all()

    def finish(self):
        self.join(WAIT)
        assert not self.is_alive()


def wait_until_blocked(side: Side) -> None:
    """Until the thread's connection waits for a lock (the race is set up), from the test's own connection."""
    assert side.pid_known.wait(WAIT)
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [side.pid])
            if cursor.fetchone() == ("Lock",):
                return
        time.sleep(0.02)
    raise AssertionError("the other connection never waited for a lock")


def wait_until_holding_project_row(side: Side) -> None:
    """Until the thread's transaction has locked the project row (FOR UPDATE or KEY SHARE: a RowShareLock)."""
    assert side.pid_known.wait(WAIT)
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline and side.is_alive():
        with connection.cursor() as cursor:
            cursor.execute("SELECT EXISTS (SELECT FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                           "WHERE l.pid = %s AND c.relname = 'claims_project' AND l.mode = 'RowShareLock')",
                           [side.pid])
            if cursor.fetchone()[0]:
                return
        time.sleep(0.02)
    raise AssertionError(f"the other connection never locked the project row ({side.error!r})")


def hold_rename(project, go_on: threading.Event):
    """The manager's side: rename inside a transaction that stays open until go_on is set."""

    def work():
        with transaction.atomic():
            update_settings(project=Project.objects.get(pk=project.pk), changed_by=None,
                            label_scheme=renamed_scheme(project))
            assert go_on.wait(WAIT)

    return work


def stored_stances() -> set[str]:
    return set(Claim.objects.values_list("stance", flat=True))


@pytest.fixture
def corpus(annotation_corpus):
    return annotation_corpus


def test_a_save_that_waits_for_a_rename_checks_its_claims_against_the_new_scheme(corpus, annotator):
    project = corpus.project  # loaded before the rename: its scheme still has "oppose"
    assignment = reserve_next(project=project, annotator=annotator)
    sentence = next(s for s in corpus.sentences if s.pk == assignment.sentence_id)
    commit_rename = threading.Event()
    manager = Side(hold_rename(project, commit_rename))
    manager.start()
    wait_until_holding_project_row(manager)
    annotator_side = Side(lambda: create_annotation(
        project=project, annotator=annotator, sentence_id=sentence.pk,
        data=AnnotationInput(claims=(whole_sentence_claim(corpus, sentence),))))
    annotator_side.start()
    wait_until_blocked(annotator_side)
    # The save waits on the project row before it locked anything of the queue: both are free.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM claims_queuecursor WHERE annotator_id = %s FOR UPDATE NOWAIT", [annotator.pk])
        cursor.execute("SELECT 1 FROM claims_queueitem WHERE sentence_id = %s FOR UPDATE NOWAIT", [sentence.pk])
    commit_rename.set()
    manager.finish()
    annotator_side.finish()

    assert manager.error is None
    refused = annotator_side.error
    assert isinstance(refused, AnnotationRejected) and refused.status == 400
    assert "'oppose' is not a stance of this project (against, neutral, support)" in str(refused)
    assert "oppose" not in stored_stances() and not Claim.objects.exists()
    # Nothing was written, the reservation included: the sentence is still the annotator's.
    assert QueueCursor.objects.get(annotator=annotator).sentence_id == sentence.pk
    assert QueueItem.objects.get(sentence=sentence).done_by == []


def test_a_rename_that_waits_for_a_save_rewrites_its_claims(corpus, annotator):
    project = corpus.project
    sentence = corpus.sentences[1]
    commit_save = threading.Event()

    def save_and_hold():
        with transaction.atomic():
            annotation = create_annotation(project=Project.objects.get(pk=project.pk), annotator=annotator,
                                           sentence_id=sentence.pk,
                                           data=AnnotationInput(claims=(whole_sentence_claim(corpus, sentence),)))
            assert commit_save.wait(WAIT)
        return annotation

    annotator_side = Side(save_and_hold)
    annotator_side.start()
    wait_until_holding_project_row(annotator_side)  # its save is written, not committed
    manager = Side(lambda: update_settings(project=Project.objects.get(pk=project.pk), changed_by=None,
                                           label_scheme=renamed_scheme(project)))
    manager.start()
    wait_until_blocked(manager)  # the rename waits for the save to commit
    commit_save.set()
    annotator_side.finish()
    manager.finish()

    assert annotator_side.error is None and manager.error is None
    assert list(Claim.objects.values_list("annotation_id", "stance")) == [(annotator_side.result.pk, "against")]
    assert manager.result.label_scheme["stance"][1]["value"] == "against"


def test_an_edit_that_waits_for_a_rename_checks_its_claims_against_the_new_scheme(corpus, annotator):
    project = corpus.project
    sentence = corpus.sentences[1]
    annotation = create_annotation(project=project, annotator=annotator, sentence_id=sentence.pk,
                                   data=AnnotationInput())
    commit_rename = threading.Event()
    manager = Side(hold_rename(project, commit_rename))
    manager.start()
    wait_until_holding_project_row(manager)
    editor_side = Side(lambda: edit_annotation(
        project=project, annotation_id=annotation.pk, editor=annotator,
        changes=AnnotationChanges(claims=(whole_sentence_claim(corpus, sentence),))))
    editor_side.start()
    wait_until_blocked(editor_side)
    commit_rename.set()
    manager.finish()
    editor_side.finish()

    assert manager.error is None
    assert isinstance(editor_side.error, AnnotationRejected) and editor_side.error.status == 400
    assert "'oppose' is not a stance of this project" in str(editor_side.error)
    assert not Claim.objects.exists()
