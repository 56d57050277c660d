"""Re-ranking the queue after its order changes: from the command line and in the Celery worker."""

import time

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from claims.annotation.queue import request_rerank
from claims.models import QueueItem, QueueRerankJob


def order_of(project) -> list[int]:
    return list(QueueItem.objects.filter(project=project).order_by("position").values_list("sentence_id", flat=True))


@pytest.mark.django_db
def test_the_command_reranks_the_queue(annotation_corpus, capsys):
    project = annotation_corpus.project
    document = order_of(project)
    # A seeded shuffle of a few sentences may happen to keep document order: some seed among ten must not.
    orders = {}
    for seed in range(10):
        project.queue_order, project.queue_seed = "random", seed
        project.save()
        call_command("reorder_queue", "--project", project.slug)
        assert "queue in random (seeded) order" in capsys.readouterr().out
        orders[seed] = order_of(project)
        assert sorted(orders[seed]) == sorted(document)
    assert any(order != document for order in orders.values())
    project.queue_seed = 3
    project.save()
    call_command("reorder_queue", "--project", project.slug)
    assert order_of(project) == orders[3]  # the same seed gives the same order
    with pytest.raises(CommandError, match="no project 'nope'"):
        call_command("reorder_queue", "--project", "nope")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_reranks_the_queue(annotation_corpus, celery_worker):
    project = annotation_corpus.project
    document = order_of(project)
    project.queue_order = "random"
    project.save()
    with transaction.atomic():
        job = request_rerank(project=project)
        assert request_rerank(project=project) == job  # a second request joins the queued one
    deadline = time.monotonic() + 30
    while not QueueRerankJob.objects.get(id=job.id).is_finished and time.monotonic() < deadline:
        time.sleep(0.2)
    job.refresh_from_db()
    assert job.status == "succeeded" and job.counts["moved"] > 0, (job.status, job.errors)
    assert order_of(project) != document
