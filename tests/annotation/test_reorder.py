"""Re-ranking the queue after its order changes: from the command line and in the Celery worker."""

import time

import pytest
from django.core.management import CommandError, call_command

from claims import tasks
from claims.models import QueueItem


def order_of(project) -> list[int]:
    return list(QueueItem.objects.filter(project=project).order_by("position").values_list("sentence_id", flat=True))


@pytest.mark.django_db
def test_the_command_reranks_the_queue(annotation_corpus, capsys):
    project = annotation_corpus.project
    document = order_of(project)
    project.queue_order, project.queue_seed = "random", 3
    project.save()
    call_command("reorder_queue", "--project", project.slug)
    assert "queue in random (seeded) order" in capsys.readouterr().out
    assert sorted(order_of(project)) == sorted(document) and order_of(project) != document
    with pytest.raises(CommandError, match="no project 'nope'"):
        call_command("reorder_queue", "--project", "nope")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_reranks_the_queue(annotation_corpus, celery_worker):
    project = annotation_corpus.project
    document = order_of(project)
    project.queue_order = "random"
    project.save()
    tasks.reorder_queue.delay(project.pk)
    deadline = time.monotonic() + 30
    while order_of(project) == document and time.monotonic() < deadline:
        time.sleep(0.2)
    assert order_of(project) != document
