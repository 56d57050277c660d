"""Correction services on the real database: metadata, kinds, splits and merges, their records and refusals."""

import datetime

import pytest
from django.db import connection

from claims.curation import service
from claims.curation.errors import CorrectionConflict, CorrectionError
from claims.models import Adjudication, Claim, Source, SourceCorrection

pytestmark = pytest.mark.django_db


def state(source: Source) -> tuple:
    """Everything a correction may change: metadata, segments, mentions and the correction log."""
    source = Source.objects.get(pk=source.pk)
    sentences = [(s.id, s.index, s.start, s.end, s.kind, s.rule, s.text) for s in source.sentences.order_by("index")]
    mentions = sorted(source.sentences.values_list("mentions__sentence_id", "mentions__start", "mentions__end"),
                      key=str)
    metadata = tuple(getattr(source, name) for name in ("title", "outlet", "author", "published", "url"))
    return metadata, sentences, mentions, SourceCorrection.objects.filter(source=source).count()


def exact(source: Source) -> None:
    """Offsets exact and indexes 0..n-1: what every correction must leave."""
    rows = list(source.sentences.order_by("index"))
    assert [s.index for s in rows] == list(range(len(rows)))
    assert all(source.text[s.start : s.end] == s.text for s in rows)
    assert all(a.end <= b.start for a, b in zip(rows, rows[1:], strict=False))


def test_metadata_changes_are_stored_and_recorded_one_per_field(source, editor):
    service.correct_source(source=source, user=editor, changes={
        "title": "  Dam   talks ", "outlet": "Northwind Wire", "published": "2024-03-04", "url": "https://nw.example/a",
        "author": source.author,  # unchanged: not recorded
    })
    source.refresh_from_db()
    assert (source.title, source.outlet, source.published, source.url) == (
        "Dam talks", "Northwind Wire", datetime.date(2024, 3, 4), "https://nw.example/a")
    log = {c.field: (c.before, c.after, c.user, c.action) for c in SourceCorrection.objects.filter(source=source)}
    assert set(log) == {"title", "outlet", "published", "url"}
    assert log["published"] == ({"value": None}, {"value": "2024-03-04"}, editor, "metadata")
    assert log["title"][0] == {"value": "Dam talks resume in Dunmere"}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"url": "javascript:alert(1)"}, "url", "http:// or https://"),
        ({"url": "ftp://example.org/a"}, "url", "http:// or https://"),
        ({"url": "https://"}, "url", "http:// or https://"),
        ({"published": "2024-02-30"}, "published", "YYYY-MM-DD"),
        ({"published": "04/03/2024"}, "published", "YYYY-MM-DD"),
        ({"published": 20240304}, "published", "YYYY-MM-DD"),
        ({"title": "Dam\x00talks"}, "title", "NUL"),
        ({"author": ["a list"]}, "author", "must be text"),
        ({"outlet": "x" * 201}, "outlet", "longer than 200"),
        ({"text": "a new text"}, "text", "cannot be corrected"),
        ({}, "", "nothing to correct"),
    ],
)
def test_bad_metadata_is_refused_and_nothing_is_written(source, editor, changes, field, message):
    before = state(source)
    # A valid change alongside the bad one is not stored either.
    with pytest.raises(CorrectionError, match=message) as refused:
        service.correct_source(source=source, user=editor, changes={"title": "New", **changes} if changes else {})
    assert refused.value.field == field and refused.value.status == 400
    assert state(source) == before


def test_a_kind_change_is_recorded_with_the_rule_it_replaces(source, editor):
    byline = source.sentences.get(kind="byline")
    type(byline).objects.filter(pk=byline.pk).update(rule="byline.by_name")
    service.set_sentence_kind(sentence=byline, user=editor, kind="furniture")
    byline.refresh_from_db()
    assert (byline.kind, byline.rule) == ("furniture", "")
    correction = SourceCorrection.objects.get(source=source)
    assert (correction.action, correction.sentence, correction.user) == ("kind", byline, editor)
    assert correction.before == {"start": 29, "end": 44, "kind": "byline", "rule": "byline.by_name"}
    assert correction.after == {"start": 29, "end": 44, "kind": "furniture"}
    # The same kind again is no change and no record.
    service.set_sentence_kind(sentence=byline, user=editor, kind="furniture")
    assert SourceCorrection.objects.filter(source=source).count() == 1


def test_a_bad_kind_is_refused(source, editor):
    before = state(source)
    with pytest.raises(CorrectionError, match="kind must be one of"):
        service.set_sentence_kind(sentence=source.sentences.first(), user=editor, kind="\x00")
    assert state(source) == before


def test_the_source_title_follows_the_title_segment(source, editor):
    """A headline read as body, with a masthead taken for the title, is put right in two clicks."""
    title, body = source.sentences.get(index=0), source.sentences.get(index=2)
    service.set_sentence_kind(sentence=title, user=editor, kind="furniture")
    source.refresh_from_db()
    assert source.title == "Dam talks resume in Dunmere"  # no title segment left: kept as it was
    service.set_sentence_kind(sentence=body, user=editor, kind="title")
    source.refresh_from_db()
    assert source.title == body.text
    assert SourceCorrection.objects.filter(source=source, field="title", user=editor).count() == 1


def test_split_cuts_at_the_offset_shifts_the_following_indexes_and_recomputes_mentions(source, editor):
    sentence = source.sentences.get(index=2)  # "Veloria said on Monday that it would join talks with Kastran."
    following = list(source.sentences.filter(index__gt=2).values_list("id", "index"))
    at = sentence.start + sentence.text.index("that")
    first, second = service.split_sentence(sentence=sentence, user=editor, at=at)
    assert (first.text, second.text) == ("Veloria said on Monday", "that it would join talks with Kastran.")
    assert (first.index, second.index) == (2, 3)
    assert [(pk, index + 1) for pk, index in following] == list(
        source.sentences.filter(index__gt=3).values_list("id", "index"))
    exact(source)
    names = {s.text: sorted(m.actor.name for m in s.mentions.all()) for s in (first, second)}
    assert names == {"Veloria said on Monday": ["Veloria"], "that it would join talks with Kastran.": ["Kastran"]}
    correction = SourceCorrection.objects.get(source=source)
    assert (correction.action, correction.sentence_id) == ("split", first.id)
    assert correction.after == {"at": at, "spans": [[first.start, first.end], [second.start, second.end]]}


def test_merge_joins_with_the_next_sentence_and_recomputes_mentions(source, editor):
    sentence = source.sentences.get(index=4)  # "Officials in Bravik declined to comment."
    following = source.sentences.get(index=5)
    merged = service.merge_sentence(sentence=sentence, user=editor)
    assert merged.text == "Officials in Bravik declined to comment. The bloc called for calm."
    assert (merged.start, merged.end, merged.index) == (sentence.start, following.end, 4)
    assert [m.actor.name for m in merged.mentions.all()] == ["Kastran"]
    exact(source)
    assert source.sentences.count() == 5
    correction = SourceCorrection.objects.get(source=source)
    assert correction.before == {"spans": [[sentence.start, sentence.end], [following.start, following.end]]}


def test_merging_the_last_sentence_is_refused(source, editor):
    before = state(source)
    with pytest.raises(CorrectionError, match="last segment") as refused:
        service.merge_sentence(sentence=source.sentences.order_by("index").last(), user=editor)
    assert refused.value.status == 400
    assert state(source) == before


@pytest.mark.parametrize("work", ["annotation", "claim", "adjudication"])
def test_split_and_merge_are_refused_while_work_rests_on_the_sentence(source, editor, annotate, work):
    sentence = source.sentences.get(index=3)  # "Kastran welcomed the offer."
    if work == "adjudication":
        Adjudication.objects.create(project=source.project, sentence=sentence, editor=editor, resolution="adjudicated")
    else:
        annotation = annotate(sentence)
        if work == "claim":
            Claim.objects.create(sentence=sentence, annotation=annotation, start=sentence.start, end=sentence.end,
                                 text=sentence.text)
    before = state(source)
    with pytest.raises(CorrectionConflict, match="annotations rest on segment 4") as refused:
        service.split_sentence(sentence=sentence, user=editor, at=sentence.start + 8)
    assert refused.value.status == 409
    # Merging it into the sentence before it, or it with the next, is refused the same way.
    for target in (source.sentences.get(index=2), sentence):
        with pytest.raises(CorrectionConflict):
            service.merge_sentence(sentence=target, user=editor)
    assert state(source) == before


def test_a_sentence_replaced_meanwhile_is_a_conflict(source, editor):
    sentence = source.sentences.get(index=4)
    stale = source.sentences.get(index=5)
    service.merge_sentence(sentence=sentence, user=editor)  # stale's row is gone
    with pytest.raises(CorrectionConflict, match="reload"):
        service.set_sentence_kind(sentence=stale, user=editor, kind="furniture")


def test_offsets_stay_exact_through_many_corrections(source, editor):
    for _ in range(3):
        longest = max(source.sentences.all(), key=lambda s: len(s.text))
        service.split_sentence(sentence=longest, user=editor, at=longest.start + longest.text.index(" ") + 1)
        exact(source)
    while source.sentences.count() > 1:
        service.merge_sentence(sentence=source.sentences.get(index=0), user=editor)
        exact(source)
    only = source.sentences.get()
    assert (only.start, only.end) == (0, len(source.text))
    with connection.cursor() as cursor:  # the mentions' own trigger agrees: every mention inside its sentence
        cursor.execute("SELECT count(*) FROM claims_actormention m JOIN claims_sentence s ON s.id = m.sentence_id "
                       "WHERE m.start < s.start OR m.end > s.end")
        assert cursor.fetchone() == (0,)
    assert only.mentions.count() == 5  # Dunmere, Veloria, Kastran, Kastran, Bravik


@pytest.mark.django_db(transaction=True)
def test_two_editors_merging_the_same_sentence_at_once_get_one_merge_and_one_conflict(source, editor, manager):
    import threading

    from django.db import connections

    sentence = source.sentences.get(index=4)
    start = threading.Barrier(2)
    outcomes = []

    def merge(user):
        try:
            start.wait()
            service.merge_sentence(sentence=sentence, user=user)
            outcomes.append("merged")
        except CorrectionConflict as conflict:
            outcomes.append(str(conflict))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=merge, args=(user,)) for user in (editor, manager)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["merged", "this sentence was merged or re-parsed meanwhile; reload the source"]
    assert source.sentences.count() == 5
    assert SourceCorrection.objects.filter(source=source, action="merge").count() == 1
    exact(source)
