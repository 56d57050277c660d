"""The export service on the real database: rows, label modes, every format read back with its reader."""

import csv
import json
from pathlib import Path

import pytest

from claims.export.errors import ExportError
from claims.export.service import ExportOptions, export_dataset
from claims.export.writers import neutralise
from claims.ingest.readers import RawArticle
from claims.ingest.service import import_articles
from claims.models import Sentence
from tests.export.conftest import claim, label

pytestmark = pytest.mark.django_db
ONE_SPLIT = "all=1"


def export(project, tmp_path: Path, name="out", **options) -> tuple[Path, dict]:
    out = tmp_path / name
    head = export_dataset(project=project, options=ExportOptions.parse({"split": ONE_SPLIT} | options), out=out)
    return out, head


def jsonl_rows(out: Path) -> list[dict]:
    return [json.loads(line) for path in sorted(out.glob("*.jsonl")) for line in path.read_text().splitlines()]


def test_gold_rows_are_adjudicated_or_unanimous_with_a_row_for_a_sentence_without_claim(labelled, tmp_path):
    out, head = export(labelled.project, tmp_path, labels="gold")
    rows = {row["id"]: row for row in jsonl_rows(out)}
    s = labelled.sentences
    assert set(rows) == {f"s{s[0].pk}-1", f"s{s[1].pk}-1", f"s{s[2].pk}"}
    adjudicated = rows[f"s{s[1].pk}-1"]
    assert (adjudicated["label_source"], adjudicated["stance"], adjudicated["agreement"]) == (
        "adjudicated", "oppose", 0.5)
    assert (adjudicated["subject"], adjudicated["target"], adjudicated["claimant_is_outlet"]) == (
        "Kastran", "Veloria", True)
    assert adjudicated["subject_id"] == labelled.actors["Kastran"].pk
    assert adjudicated["span_text"] == s[1].text and adjudicated["claim_start"] == 0
    assert adjudicated["source_start"] == s[1].start and adjudicated["title"] == "Dam talks"
    assert adjudicated["outlet"] == "Northwind Wire" and adjudicated["source_id"] == s[1].source_id
    no_claim = rows[f"s{s[2].pk}"]
    assert (no_claim["has_claim"], no_claim["stance"], no_claim["label_source"]) == (False, None, "unanimous")
    assert no_claim["annotators"] == 3 and no_claim["text"] == s[2].text
    assert head["counts"]["all"]["rows"] == 3 and head["counts"]["all"]["sentences"] == 3


def test_majority_adds_the_majority_item_and_keeps_ties_only_when_asked(labelled, tmp_path):
    s = labelled.sentences
    rows = {row["id"]: row for row in jsonl_rows(export(labelled.project, tmp_path, labels="majority")[0])}
    assert rows[f"s{s[4].pk}-1"]["label_source"] == "majority"
    assert rows[f"s{s[4].pk}-1"]["agreement"] == pytest.approx(2 / 3)
    assert f"s{s[3].pk}" not in rows
    tied = jsonl_rows(export(labelled.project, tmp_path, "ties", labels="majority", keep_ties=True)[0])
    assert [row["tie"] for row in tied if row["sentence_id"] == s[3].pk] == [True]


def test_all_gives_one_row_per_annotation_with_its_provenance(labelled, tmp_path):
    rows = jsonl_rows(export(labelled.project, tmp_path, labels="all")[0])
    assert len(rows) == 3 + 3 + 3 + 2 + 2  # s0, s2, s4 by three; s1, s3 by two
    mine = [row for row in rows if row["annotator"] == "annotator"]
    assert len(mine) == 5 and all(row["seconds_spent"] == 5 and row["suggestion_outcome"] == "none" for row in mine)
    assert all(row["label_source"] == "annotator" and row["annotation_id"] for row in rows)
    assert {row["stance"] for row in rows if row["sentence_id"] == labelled.sentences[1].pk} == {"oppose", "support"}


def test_soft_rows_carry_each_stance_share(labelled, tmp_path):
    s = labelled.sentences
    rows = {row["sentence_id"]: row for row in jsonl_rows(export(labelled.project, tmp_path, labels="soft")[0])}
    assert rows[s[4].pk]["stance_p_oppose"] == pytest.approx(2 / 3)
    assert rows[s[4].pk]["stance_p_support"] == pytest.approx(1 / 3) and rows[s[4].pk]["p_no_claim"] == 0
    assert rows[s[3].pk]["tie"] is True and rows[s[3].pk]["p_no_claim"] == 0.5


def test_min_agreement_drops_items_but_never_an_adjudicated_one(labelled, tmp_path):
    rows = jsonl_rows(export(labelled.project, tmp_path, labels="majority", min_agreement=0.9)[0])
    assert {row["sentence_id"] for row in rows} == {labelled.sentences[n].pk for n in (0, 1, 2)}


def test_manifest_and_card_say_what_the_export_holds(labelled, tmp_path):
    out, head = export(labelled.project, tmp_path, labels="gold", split="train=0.5,dev=0.25,test=0.25", seed=3)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["options"]["seed"] == 3 and manifest["options"]["labels"] == "gold"
    assert manifest["code_version"] and manifest["created_at"] and manifest["project"]["slug"] == "border-talks"
    ids = manifest["row_ids"]
    assert sorted(i for split in ids.values() for i in split) == sorted(r["id"] for r in jsonl_rows(out))
    assert sum(c["rows"] for c in manifest["counts"].values()) == 3
    readme = (out / "README.md").read_text()
    assert "Gold: the editor's adjudication" in readme and "The subject backs, helps" in readme
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "dev.jsonl", "manifest.json", "test.jsonl",
                                                     "train.jsonl"]


def test_no_source_is_in_two_splits_and_the_split_is_reproducible(labelled, tmp_path):
    spec = {"labels": "all", "split": "train=0.5,dev=0.25,test=0.25", "seed": 11}
    first = jsonl_rows(export(labelled.project, tmp_path, "a", **spec)[0])
    splits_of_source = {}
    for row in first:
        splits_of_source.setdefault(row["source_id"], set()).add(row["split"])
    assert all(len(splits) == 1 for splits in splits_of_source.values())
    assert first == jsonl_rows(export(labelled.project, tmp_path, "b", **spec)[0])


@pytest.mark.parametrize("options", [{"format": "xml"}, {"labels": "best"}, {"min_agreement": 2},
                                     {"seed": "one"}, {"split": "train=1.2"}, {"colour": "red"},
                                     {"keep_ties": "perhaps"}, {"format": ["jsonl"]}])
def test_bad_options_are_refused_naming_the_field(options):
    with pytest.raises(ExportError) as refused:
        ExportOptions.parse(options)
    assert refused.value.status == 400 and refused.value.problems[0].field in {*options, "split"}


def test_nothing_to_export_is_an_error_and_leaves_no_folder(annotation_corpus, tmp_path):
    with pytest.raises(ExportError, match="nothing to export"):
        export(annotation_corpus.project, tmp_path)
    assert not (tmp_path / "out").exists()


def test_a_folder_with_files_in_it_is_refused(labelled, tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    with pytest.raises(ExportError, match="not an empty folder"):
        export(labelled.project, tmp_path)
    assert (tmp_path / "out" / "keep.txt").read_text() == "mine"


HOSTILE = ('Tricky text\n\n=HYPERLINK("http://evil.example","click") said Veloria on Monday. '
           '"Quoted," she said — with a newline\tand emoji 🙂🇺🇦 in Dunmere. +Kastran denied it.')


@pytest.fixture
def hostile(annotation_corpus, annotator):
    corpus = annotation_corpus
    import_articles(project=corpus.project, articles=[RawArticle(text=HOSTILE, origin="x.txt", title="@title")])
    sentences = list(Sentence.objects.filter(project=corpus.project, kind="body", source__title="@title")
                     .order_by("index"))
    for sentence in sentences:
        label(corpus, annotator, sentence, claim(sentence, corpus, "Veloria"))
    return corpus, sentences


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "hf"])
def test_every_format_reads_back_with_its_reader_byte_for_byte(hostile, tmp_path, fmt):
    corpus, sentences = hostile
    out, head = export(corpus.project, tmp_path, format=fmt, labels="all", split="train=0.5,test=0.5")
    rows = {row["id"]: row for row in read_back(out, fmt, head)}
    assert len(rows) == len(sentences) == head["counts"]["train"]["rows"] + head["counts"]["test"]["rows"]
    by_sentence = {row["sentence_id"]: row for row in rows.values()}
    for sentence in sentences:
        row = by_sentence[sentence.pk]
        expected = neutralise(sentence.text) if fmt == "csv" else sentence.text
        assert row["text"] == expected and row["span_text"] == expected
        assert row["subject"] == "Veloria" and row["has_claim"] in (True, "True")
    assert any("🙂🇺🇦" in row["text"] for row in rows.values())
    assert any(sentence.text.startswith(("=", "+")) for sentence in sentences)


def read_back(out: Path, fmt: str, head: dict) -> list[dict]:
    splits = list(head["counts"])
    if fmt == "jsonl":
        return jsonl_rows(out)
    if fmt == "csv":
        rows = []
        for split in splits:
            with (out / f"{split}.csv").open(newline="", encoding="utf-8") as file:
                rows += list(csv.DictReader(file))
        for row in rows:
            row["sentence_id"] = int(row["sentence_id"])
        return rows
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        tables = [pq.read_table(out / f"{split}.parquet") for split in splits]
        assert tables[0].schema.field("sentence_id").type == pa.int64()
        assert tables[0].schema.field("has_claim").type == pa.bool_()
        assert tables[0].schema.field("agreement").type == pa.float64()
        return [row for table in tables for row in table.to_pylist()]
    import datasets

    loaded = datasets.load_from_disk(str(out / "dataset"))
    assert set(loaded) == set(splits)
    stance = loaded["train"].features["stance"]
    assert isinstance(stance, datasets.ClassLabel) and stance.names == ["", "support", "oppose", "neutral"]
    assert isinstance(loaded["train"].features["certainty"], datasets.ClassLabel)
    rows = [row for split in splits for row in loaded[split].to_list()]  # iterating an empty split fails
    assert {stance.int2str(row["stance"]) for row in rows} == {""}
    return rows


def test_csv_neutralises_every_formula_start():
    assert [neutralise(v) for v in ("=1+1", "+1", "-2", "@SUM(A1)", "\tx", "ok", 5, None)] == [
        "'=1+1", "'+1", "'-2", "'@SUM(A1)", "'\tx", "ok", 5, None]


def test_closing_the_stream_stops_its_cursor_threads(labelled, monkeypatch):
    import threading

    from django.db import transaction

    from claims.export import items as module
    from claims.export.items import stream_items

    monkeypatch.setattr(module, "CHUNK", 1)  # a row a fetch: the threads are still fetching when it is closed
    with transaction.atomic():
        items = stream_items(labelled.project)
        assert next(items).sentence_id == labelled.sentences[0].pk
        assert any(thread.name.startswith("export_") for thread in threading.enumerate())
        items.close()
        assert not any(thread.name.startswith("export_") for thread in threading.enumerate())
