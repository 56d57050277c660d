"""python manage.py annotations: a project's annotations as JSON lines, filtered, with their history."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from claims.annotation.saving import AnnotationChanges, AnnotationInput, ClaimInput, create_annotation, edit_annotation


def run(*args) -> list[dict]:
    out = io.StringIO()
    call_command("annotations", "--project", "border-talks", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.fixture
def saved(annotation_corpus, annotator, editor):
    corpus = annotation_corpus
    first, other = corpus.sentences[1], corpus.sentences[4]
    claim = ClaimInput(start=first.start, end=first.end, subject=corpus.actors["Kastran"].pk,
                       target=corpus.actors["Veloria"].pk, stance="oppose")
    mine = create_annotation(project=corpus.project, annotator=annotator, sentence_id=first.pk,
                             data=AnnotationInput(claims=(claim,)))
    edit_annotation(project=corpus.project, annotation_id=mine.pk, editor=editor,
                    changes=AnnotationChanges(comment="checked"))
    theirs = create_annotation(project=corpus.project, annotator=editor, sentence_id=other.pk, data=AnnotationInput())
    return {"mine": mine, "theirs": theirs, "first": first, "other": other}


def test_every_annotation_as_the_api_gives_it(saved):
    rows = run()
    assert [row["id"] for row in rows] == [saved["mine"].pk, saved["theirs"].pk]
    assert rows[0]["claims"][0]["stance"] == "oppose" and rows[0]["comment"] == "checked" and rows[0]["version"] == 2
    assert "history" not in rows[0]


def test_filters_and_history(saved):
    assert [r["id"] for r in run("--annotator", "EDITOR")] == [saved["theirs"].pk]
    assert [r["id"] for r in run("--source", str(saved["other"].source_id))] == [saved["theirs"].pk]
    (row,) = run("--sentence", str(saved["first"].pk), "--history")
    assert [(v["version"], v["changed_by_name"]) for v in row["history"]] == [(1, "annotator"), (2, "editor")]
    assert row["history"][1]["changes"]["fields"] == [{"name": "comment", "before": "", "after": "checked"}]


@pytest.mark.parametrize("args, message", [
    (("--source", "abc"), "--source: Enter a whole number."),
    (("--annotator", "ghost"), "no user 'ghost'"),
])
def test_bad_arguments_are_refused(saved, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_an_unknown_project_is_refused(db):
    with pytest.raises(CommandError, match="no project 'border-talks'"):
        run()
