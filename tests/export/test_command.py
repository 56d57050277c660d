"""python manage.py export_dataset: the files, the options, and errors that write nothing."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("export_dataset", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_command_writes_one_file_per_split_a_manifest_and_a_card(labelled, tmp_path):
    said = run("--project", "border-talks", "--format", "jsonl", "--labels", "all", "--split",
               "train=0.5,dev=0.25,test=0.25", "--seed", "4", "--min-agreement", "0.5", "--out", str(tmp_path / "d"))
    files = sorted(p.name for p in (tmp_path / "d").iterdir())
    assert files == ["README.md", "dev.jsonl", "manifest.json", "test.jsonl", "train.jsonl"]
    manifest = json.loads((tmp_path / "d" / "manifest.json").read_text())
    assert manifest["options"] | {"split": None} == {
        "format": "jsonl", "labels": "all", "split": None, "seed": 4, "min_agreement": 0.5, "keep_ties": False,
        "with_suggestions": False}
    assert "rows written to" in said


@pytest.mark.parametrize(("args", "message"), [
    (["--project", "nope"], "no project 'nope'"),
    (["--project", "border-talks", "--split", "train=0.9"], "add up to 0.9"),
    (["--project", "border-talks", "--min-agreement", "x"], "min_agreement"),
])
def test_bad_arguments_write_nothing(labelled, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args, "--out", str(tmp_path / "d"))
    assert not (tmp_path / "d").exists()
