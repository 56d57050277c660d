"""The import service's batching and memory handling, and item-level datasets (one short text a line)."""

import gc
import json

import pytest

from claims.actors.service import save_actor
from claims.ingest import service
from claims.ingest.errors import IngestError
from claims.ingest.jobs import run_import_now
from claims.ingest.readers import RawArticle
from claims.ingest.service import InputFile, batches_of, cyclic_gc_paused
from claims.models import ActorMention, ImportJob, Sentence, Source


def raw(text: str) -> RawArticle:
    return RawArticle(text=text, origin="t")


def test_batches_close_at_a_count_or_a_size_whichever_comes_first(monkeypatch):
    monkeypatch.setattr(service, "BATCH_ARTICLES", 3)
    monkeypatch.setattr(service, "BATCH_CHARACTERS", 100)
    items = [raw("x" * 10) for _ in range(7)]
    assert [len(batch) for batch in batches_of(items)] == [3, 3, 1]
    articles = [raw("x" * 60) for _ in range(5)]
    assert [len(batch) for batch in batches_of(articles)] == [2, 2, 1]
    assert batches_of([]) == []
    assert [a for batch in batches_of(items) for a in batch] == items


def test_cycle_collector_is_paused_then_restored():
    assert gc.isenabled()
    with cyclic_gc_paused():
        assert not gc.isenabled()
        with cyclic_gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause leaves the outer one in force
    assert gc.isenabled()
    with pytest.raises(ValueError), cyclic_gc_paused():
        raise ValueError
    assert gc.isenabled()


@pytest.mark.django_db
def test_item_level_jsonl_across_many_batches(project, tmp_path, monkeypatch):
    monkeypatch.setattr(service, "BATCH_ARTICLES", 7)
    save_actor(project=project, name="Veloria", aliases=["Dunmere"])
    lines = [{"text": f"Dunmere said item {number} was fine.", "id": number} for number in range(50)]
    path = tmp_path / "items.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    _, summary = run_import_now(project=project, files=[InputFile("items.jsonl", path)])
    assert (summary.sources, summary.sentences, summary.mentions) == (50, 50, 50)
    sources = Source.objects.filter(project=project).order_by("id")
    assert [s.text for s in sources] == [line["text"] for line in lines]
    assert [s.meta["id"] for s in sources] == list(range(50))
    for sentence in Sentence.objects.filter(project=project).select_related("source"):
        assert sentence.source.text[sentence.start : sentence.end] == sentence.text and sentence.kind == "body"
    assert ActorMention.objects.filter(sentence__project=project).count() == 50


@pytest.mark.django_db
def test_an_import_in_this_process_runs_through_the_job_runner(project, tmp_path):
    path = tmp_path / "items.jsonl"
    path.write_text('{"text": "Dunmere said it was fine."}\n', encoding="utf-8")
    job, summary = run_import_now(project=project, files=[InputFile("items.jsonl", path)])
    job.refresh_from_db()
    # Claimed once, with signs of life, and finished by the runner, as a worker's job is.
    assert (job.status, job.attempts, job.progress) == ("succeeded", 1, 100)
    assert job.started_at and job.heartbeat_at and job.finished_at
    assert job.counts["sources"] == summary.sources == 1
    assert Source.objects.get(project=project).import_job == job


@pytest.mark.django_db
def test_a_failed_import_in_this_process_leaves_not_even_its_job(project, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "Fine."}\n{"text": \n', encoding="utf-8")
    with pytest.raises(IngestError) as error:
        run_import_now(project=project, files=[InputFile("bad.jsonl", path)])
    assert [(p.file, p.line) for p in error.value.problems] == [("bad.jsonl", 2)]
    assert not ImportJob.objects.filter(project=project).exists()
    assert not Source.objects.filter(project=project).exists()
