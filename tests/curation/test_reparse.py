"""Re-parsing stored sources: new kinds and segments from the current parser, corrections kept, annotated left alone.

A parser-version change is simulated on the data: the stored segments are made to look like an
older parser's (other kinds, other cuts, an older version), and the current parser then re-reads them.
"""

import io

import pytest
from django.core.management import CommandError, call_command

from claims.curation import service
from claims.curation.reparse import reparse_source
from claims.ingest.article.version import PARSER_VERSION
from claims.models import Sentence, Source, SourceCorrection

pytestmark = pytest.mark.django_db


def as_if_older_parser(source: Source, **kinds: str) -> None:
    """Mark the source as read by an older parser that gave these segments (by index) other kinds."""
    Source.objects.filter(pk=source.pk).update(parser_version="0")
    for index, kind in kinds.items():
        Sentence.objects.filter(source=source, index=int(index.lstrip("s"))).update(kind=kind, rule="old.rule")


def segments(source: Source) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in source.sentences.order_by("index")]


def test_reparse_updates_kinds_and_keeps_the_editors_corrections(source, editor):
    fresh = segments(source)
    service.set_sentence_kind(sentence=source.sentences.get(index=5), user=editor, kind="disclaimer")
    as_if_older_parser(source, s1="body", s2="heading")
    kept = source.sentences.get(index=3)
    report = reparse_source(source_id=source.id)
    assert (report.outcome, report.kinds_changed, report.added, report.removed) == ("reparsed", 2, 0, 0)
    assert (report.corrections_replayed, report.corrections_unapplied) == (1, 0)
    expected = fresh[:5] + [("disclaimer", fresh[5][1])]
    assert segments(source) == expected
    assert source.sentences.get(index=3).id == kept.id  # an unmoved segment keeps its row (and mentions)
    assert source.sentences.get(index=5).rule == ""  # an editor's kind, not a rule's
    source.refresh_from_db()
    assert source.parser_version == PARSER_VERSION
    log = SourceCorrection.objects.filter(source=source, action="reparse").get()
    assert log.before == {"parser_version": "0", "segments": 6}
    assert log.after["kinds_changed"] == 2 and log.user is None


def test_reparse_recuts_segments_and_replays_splits_and_merges(source, editor):
    service.merge_sentence(sentence=source.sentences.get(index=4), user=editor)  # the last two sentences
    body = source.sentences.get(index=2)
    service.split_sentence(sentence=body, user=editor, at=body.start + body.text.index("that"))
    corrected = segments(source)
    # An older parser that took the whole first paragraph as one segment.
    first, second = source.sentences.get(index=2), source.sentences.get(index=4)
    Sentence.objects.filter(pk__in=[first.pk, second.pk, source.sentences.get(index=3).pk]).delete()
    Sentence.objects.create(project=source.project, source=source, index=2, start=first.start, end=second.end,
                            text=source.text[first.start : second.end], kind="body")
    Source.objects.filter(pk=source.pk).update(parser_version="0")
    report = reparse_source(source_id=source.id)
    assert (report.added, report.removed, report.corrections_replayed) == (3, 1, 2)
    assert segments(source) == corrected
    assert {s.text: s.mentions.count() for s in source.sentences.all()}["that it would join talks with Kastran."] == 1


def test_an_annotated_source_is_left_exactly_as_it_is(source, annotate):
    as_if_older_parser(source, s2="heading")
    annotate(source.sentences.get(index=3))
    before = list(source.sentences.order_by("index").values_list("id", "start", "end", "kind", "rule"))
    report = reparse_source(source_id=source.id)
    assert (report.outcome, report.reason) == ("skipped", "annotations rest on 1 of its segments")
    assert list(source.sentences.order_by("index").values_list("id", "start", "end", "kind", "rule")) == before
    source.refresh_from_db()
    assert source.parser_version == "0"
    assert not SourceCorrection.objects.filter(source=source).exists()


def test_metadata_nobody_gave_is_filled_and_what_somebody_gave_is_kept(source, editor):
    Source.objects.filter(pk=source.pk).update(author="", title="Masthead line")
    report = reparse_source(source_id=source.id)
    source.refresh_from_db()
    assert (source.author, source.title) == ("Mara Ostrova", "Masthead line")
    assert report.filled == {"author": "Mara Ostrova"}
    assert report.differs == {"title": "Dam talks resume in Dunmere"}
    # An editor who cleared the author on purpose is not overruled.
    service.correct_source(source=source, user=editor, changes={"author": ""})
    assert reparse_source(source_id=source.id).filled == {}
    source.refresh_from_db()
    assert source.author == ""


def test_the_command_reads_stale_sources_and_reports(project, source, annotate):
    other = Source.objects.create(project=project, text="Second story\n\nKastran spoke.", content_hash="x",
                                  parser_version=PARSER_VERSION)
    Sentence.objects.create(project=project, source=other, index=0, start=0, end=12, text="Second story", kind="body")
    as_if_older_parser(source, s0="body")
    out = io.StringIO()
    call_command("reparse_sources", "--project", project.slug, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f"source {source.id}: reparsed; 1 kinds changed, 0 segments added, 0 removed")
    assert lines[-1].endswith("1 sources changed, 0 unchanged, 0 skipped")
    assert other.sentences.get().kind == "body"  # already of the current version: not read again

    out = io.StringIO()
    call_command("reparse_sources", "--project", project.slug, "--source", str(other.id), "--force", stdout=out)
    assert f"source {other.id}: reparsed; 1 kinds changed, 1 segments added" in out.getvalue()
    assert [s.kind for s in other.sentences.order_by("index")] == ["title", "body"]

    annotate(source.sentences.get(index=2))
    out = io.StringIO()
    call_command("reparse_sources", "--project", project.slug, "--force", stdout=out)
    assert f"source {source.id}: skipped, annotations rest on 1 of its segments" in out.getvalue()


def test_the_command_refuses_unknown_projects_sources_and_users(project, source):
    with pytest.raises(CommandError, match="no project 'nope'"):
        call_command("reparse_sources", "--project", "nope")
    with pytest.raises(CommandError, match="has no source 999999"):
        call_command("reparse_sources", "--project", project.slug, "--source", "999999")
    with pytest.raises(CommandError, match="no user 'ghost'"):
        call_command("reparse_sources", "--project", project.slug, "--user", "ghost")
